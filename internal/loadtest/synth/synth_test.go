package synth_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/loadtest/synth"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func small() synth.Config {
	return synth.Config{BudgetHolders: 200, Agreements: 500, DeclarationsPerMonth: 500, Months: 3, Seed: 7, Today: domain.MustDate("2026-11-23")}
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cfg         synth.Config
		first, last string // FirstMonth and BenchMonth
		wantErr     bool
	}{
		{"late in the year", synth.Config{BudgetHolders: 1, Months: 4, Today: domain.MustDate("2026-11-23")}, "2026-06-01", "2026-10-01", false},
		{"early in the year: last year", synth.Config{BudgetHolders: 1, Months: 4, Today: domain.MustDate("2026-02-10")}, "2025-08-01", "2025-12-01", false},
		{"no history", synth.Config{BudgetHolders: 1, Months: 0, Today: domain.MustDate("2026-01-05")}, "2025-12-01", "2025-12-01", false},
		{"a given month", synth.Config{BudgetHolders: 1, Months: 2, FirstMonth: domain.MustDate("2026-03-15")}, "2026-03-01", "2026-05-01", false},
		{"across a year", synth.Config{BudgetHolders: 1, Months: 3, FirstMonth: domain.MustDate("2026-11-01")}, "", "", true},
		{"too many months", synth.Config{BudgetHolders: 1, Months: 12}, "", "", true},
		{"no budget holders", synth.Config{Months: 1}, "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tc.cfg.Normalize()
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if c.FirstMonth.String() != tc.first || c.BenchMonth().String() != tc.last {
				t.Errorf("months %s..%s, want %s..%s", c.FirstMonth, c.BenchMonth(), tc.first, tc.last)
			}
			if !domain.Today(c.Clock()).After(c.BenchMonth().AddMonths(1).AddDays(-1)) {
				t.Errorf("clock %s: the bench month has not passed", c.Clock())
			}
		})
	}
}

func TestPlanDeterministicAndValid(t *testing.T) {
	a, err := synth.NewPlan(small(), synth.Base{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := synth.NewPlan(small(), synth.Base{})
	if len(a.Agreements) != len(b.Agreements) || len(a.Providers) != len(b.Providers) {
		t.Fatalf("two plans of one seed differ in size")
	}
	for i := range a.Holders {
		if a.Holders[i].BSN != b.Holders[i].BSN || a.Holders[i].FamilyName != b.Holders[i].FamilyName {
			t.Fatalf("holder %d differs between two plans of one seed", i)
		}
	}
	if len(a.Agreements) != 500 {
		t.Errorf("%d agreements, want 500", len(a.Agreements))
	}
	seen := map[string]bool{}
	for _, h := range a.Holders {
		if _, err := domain.ParseBSN(h.BSN.Full()); err != nil || seen[h.BSN.Full()] {
			t.Fatalf("BSN %s invalid or twice: %v", h.BSN.Full(), err)
		}
		seen[h.BSN.Full()] = true
		if _, err := domain.ParsePostcode(h.Postcode); err != nil {
			t.Errorf("postcode %q: %v", h.Postcode, err)
		}
	}
	for _, p := range a.Providers {
		if _, err := domain.ParseIBAN(string(p.IBAN)); err != nil || seen[string(p.IBAN)] {
			t.Fatalf("IBAN %s invalid or twice: %v", p.IBAN, err)
		}
		seen[string(p.IBAN)] = true
		if p.KvK != "" {
			if _, err := domain.ParseKvK(string(p.KvK)); err != nil {
				t.Errorf("KvK %s: %v", p.KvK, err)
			}
		}
		if p.AGB != "" {
			if _, err := domain.ParseAGB(string(p.AGB)); err != nil {
				t.Errorf("AGB %s: %v", p.AGB, err)
			}
		}
	}
	laws := map[domain.Law]int{}
	for _, h := range a.Holders {
		laws[h.Law]++
	}
	if len(laws) != 4 {
		t.Errorf("laws %v, want all four", laws)
	}
	// The checks alone pass on the bench month's declarations.
	cases := a.CheckCases(200)
	if len(cases) < 150 {
		t.Fatalf("%d check cases", len(cases))
	}
	for i, c := range cases {
		if refusals, _ := domain.Check(c.D, c.In); len(refusals) > 0 {
			t.Errorf("case %d: %v", i, refusals)
		}
	}
}

// TestLoad loads a small dataset into each database and checks it against
// the domain's own rules, the ledger, and the service's flow for the next
// month.
func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cfg := small()
		p, sum, err := synth.Load(ctx, db, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rows["budget_holders"] != 200 || sum.Rows["agreements"] != int64(len(p.Agreements)) || sum.Rows["declarations"] < 1400 {
			t.Fatalf("rows %v", sum.Rows)
		}
		cfg = p.Config
		states := map[domain.DeclarationState]int{}
		err = db.View(ctx, func(tx *store.Tx) error {
			for ai := range p.Agreements {
				a := &p.Agreements[ai]
				g, err := tx.Grant(ctx, p.Holders[a.Holder].GrantID)
				if err != nil {
					return err
				}
				maxRate := func(careType string, kind domain.ProviderKind) (domain.Cents, bool) {
					r, ok, _ := tx.MaxRate(ctx, cfg.Year(), g.Law, careType, kind, g.VerstrekkerID)
					return r, ok
				}
				vers, err := tx.AgreementVersions(ctx, a.ID)
				if err != nil {
					return err
				}
				var v domain.Validation
				domain.ValidateTerms(&v, vers[0].Terms, g.Period, g.Law, maxRate)
				if err := v.Err(); err != nil {
					t.Errorf("agreement %d: %v", a.ID, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		err = db.RawQuery(ctx, `SELECT id FROM declarations ORDER BY id`, nil, func(rows *sql.Rows) error {
			ids = append(ids, 0)
			return rows.Scan(&ids[len(ids)-1])
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error { // (the check context locks the grants; nothing is written)
			reserved := map[int64]domain.Cents{}
			for _, id := range ids {
				r, err := tx.DeclarationByID(ctx, id, false)
				if err != nil {
					return err
				}
				states[r.State]++
				refusals, err := recheck(ctx, tx, r, domain.Today(cfg.Clock()))
				if err != nil {
					return err
				}
				switch {
				case r.State == domain.DeclRefused && len(refusals) == 0:
					t.Errorf("refused declaration %d passes the checks", id)
				case r.State != domain.DeclRefused && len(refusals) > 0:
					t.Errorf("declaration %d (%s) fails the checks: %v", id, r.State, refusals)
				}
				if r.State == domain.DeclAccepted {
					reserved[r.GrantID] += r.D.Total()
				}
			}
			for _, h := range p.Holders {
				b, err := tx.Balance(ctx, h.GrantID)
				if err != nil {
					return err
				}
				g, _ := tx.Grant(ctx, h.GrantID)
				var posted domain.Cents
				ps, err := tx.Postings(ctx, h.GrantID)
				if err != nil {
					return err
				}
				for _, x := range ps {
					if x.Kind == "reserved" {
						posted += x.Amount
					}
				}
				if b.Granted != g.Total() || b.Reserved != reserved[h.GrantID] || posted != b.Reserved || b.Left() < 0 {
					t.Errorf("grant %d: balance %+v, granted %d, declared %d, postings %d", h.GrantID, b, g.Total(), reserved[h.GrantID], posted)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if states[domain.DeclAccepted] < len(ids)*8/10 || states[domain.DeclRefused] == 0 || states[domain.DeclAtHolder] == 0 {
			t.Errorf("states %v: want mostly accepted, some refused, some at the budget holder", states)
		}

		// The service takes the next month on generated agreements.
		svc := service.New(db, service.Options{Now: func() time.Time { return cfg.Clock() }})
		work, err := synth.FindWork(ctx, db, cfg.BenchMonth(), domain.ProviderInformal, 3, 0)
		if err != nil || len(work) != 3 {
			t.Fatalf("work: %d, %v", len(work), err)
		}
		for _, w := range work {
			v, err := svc.CreateDeclaration(ctx, w.Provider, w.Input())
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			if _, err := svc.SendDeclaration(ctx, w.Provider, v.ID); err != nil {
				t.Fatalf("send: %v", err)
			}
			v, err = svc.ApproveDeclaration(ctx, w.Holder, v.ID)
			if err != nil {
				t.Fatalf("approve: %v", err)
			}
			if v.State != domain.DeclAccepted {
				t.Errorf("agreement %d: %s %v", w.AgreementID, v.State, v.Findings)
			}
		}
		if n, probs, err := svc.VerifyAudit(ctx); err != nil || len(probs) > 0 {
			t.Errorf("audit: %d records, %v, %v", n, probs, err)
		}
	})
}

// recheck runs the checks on a stored declaration as the service does,
// with the budget as it was before its own reservation.
func recheck(ctx context.Context, tx *store.Tx, r store.DeclarationRow, today domain.Date) ([]domain.Finding, error) {
	var in domain.CheckInput
	cc, err := tx.LoadCheckContext(ctx, r, &in)
	if err != nil {
		return nil, err
	}
	g, p, terms := cc.Grant, cc.Provider, cc.Versions[0].Terms
	in.Today, in.Law, in.GrantPeriod, in.ProviderKind, in.Left, in.IBAN = today, g.Law, g.Period, p.Kind, cc.Balance.Left(), p.IBAN
	in.Agreement = []domain.AgreementPeriod{{Period: domain.Period{Start: terms.Start, End: terms.End}, Terms: terms}}
	if r.State == domain.DeclAccepted {
		in.Left += r.D.Total()
	}
	in.MaxRate = func(careType string, kind domain.ProviderKind) (domain.Cents, bool) {
		rate, ok := cc.MaxRates[kind][careType]
		return rate, ok
	}
	refusals, _ := domain.Check(r.D, in)
	return refusals, nil
}
