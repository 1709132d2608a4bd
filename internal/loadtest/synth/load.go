package synth

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// idTables are the tables whose ids the loader hands out itself.
var idTables = []string{"organisations", "budget_holders", "providers", "accounts", "representations", "account_roles", "grants",
	"grant_revisions", "grant_lines", "postings", "agreements", "agreement_versions", "declarations", "declaration_lines"}

// Summary tells what Load wrote and how long it took.
type Summary struct {
	Rows     map[string]int64 // rows written per table
	Elapsed  time.Duration
	Generate time.Duration // of Elapsed: building the plan in memory
}

// Total is the number of rows written.
func (s Summary) Total() int64 {
	var n int64
	for _, v := range s.Rows {
		n += v
	}
	return n
}

// Load generates the dataset of cfg and writes it into db next to what is
// there: existing verstrekkers are reused by code (the demo's gemeente and
// zorgkantoor among them), missing ones and the gemeenten's own tariffs are
// created, ids continue after the highest in each table, and BSNs and
// IBANs stay unique. It writes no audit records.
func Load(ctx context.Context, db *store.DB, cfg Config) (*Plan, Summary, error) {
	start := time.Now()
	sum := Summary{Rows: map[string]int64{}}
	cfg, err := cfg.Normalize()
	if err != nil {
		return nil, sum, err
	}
	now := cfg.Clock().Add(-24 * time.Hour * 40)
	if err := ensureOrgs(ctx, db, now); err != nil {
		return nil, sum, err
	}
	base, err := readBase(ctx, db)
	if err != nil {
		return nil, sum, err
	}
	if err := ensureTariffs(ctx, db, base.Orgs, cfg.Year(), now); err != nil {
		return nil, sum, err
	}
	base.Tariffs = dbTariffs(ctx, db, cfg.Year())
	cfg.logf("synth: planning %d budget holders, %d agreements, %d declarations a month from %s for %d months (seed %d)",
		cfg.BudgetHolders, cfg.Agreements, cfg.DeclarationsPerMonth, cfg.FirstMonth.String()[:7], cfg.Months, cfg.Seed)
	p, err := NewPlan(cfg, base)
	if err != nil {
		return nil, sum, err
	}
	sum.Generate = time.Since(start)
	hash, err := auth.HashPassword(cfg.Password)
	if err != nil {
		return nil, sum, fmt.Errorf("synth: password: %w", err)
	}
	w := &writer{ctx: ctx, db: db, batch: cfg.Batch, sum: &sum, cfg: cfg}
	steps := []struct {
		name string
		fn   func(*writer, *Plan, string) error
	}{
		{"parties", writeParties}, {"grants", writeGrants}, {"agreements", writeAgreements}, {"declarations", writeDeclarations},
	}
	for _, s := range steps {
		t := time.Now()
		if err := s.fn(w, p, hash); err != nil {
			return p, sum, fmt.Errorf("synth: %s: %w", s.name, err)
		}
		cfg.logf("synth: %-12s written in %s", s.name, time.Since(t).Round(time.Millisecond))
	}
	if err := db.ResetIdentities(ctx, idTables...); err != nil {
		return p, sum, err
	}
	if cfg.Analyze {
		t := time.Now()
		if err := db.Analyze(ctx); err != nil {
			return p, sum, err
		}
		cfg.logf("synth: statistics refreshed in %s", time.Since(t).Round(time.Millisecond))
	}
	sum.Elapsed = time.Since(start)
	cfg.logf("synth: %d rows in %s", sum.Total(), sum.Elapsed.Round(time.Millisecond))
	return p, sum, nil
}

// ensureOrgs creates the verstrekkers the plan uses that are missing.
func ensureOrgs(ctx context.Context, db *store.DB, at time.Time) error {
	return db.Update(ctx, func(tx *store.Tx) error {
		orgs, err := tx.Organisations(ctx)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, o := range orgs {
			have[o.Code] = true
		}
		add := func(kind domain.OrgKind, name, code string) error {
			if have[code] {
				return nil
			}
			have[code] = true
			_, err := tx.CreateOrganisation(ctx, domain.Organisation{Kind: kind, Name: name, Code: code}, at)
			return err
		}
		for _, pl := range places {
			if err := add(domain.Gemeente, pl.gemeente, pl.code); err != nil {
				return err
			}
			if err := add(domain.Zorgkantoor, pl.zk, pl.zkCode); err != nil {
				return err
			}
		}
		for _, in := range insurers {
			if err := add(domain.Zorgverzekeraar, in.name, in.code); err != nil {
				return err
			}
		}
		return nil
	})
}

// ensureTariffs gives each gemeente of the plan its own Wmo and Jeugdwet
// tariffs for the year where it has none.
func ensureTariffs(ctx context.Context, db *store.DB, orgs []domain.Organisation, year int, at time.Time) error {
	return db.Update(ctx, func(tx *store.Tx) error {
		for i, pl := range places {
			var org domain.Organisation
			for _, o := range orgs {
				if o.Code == pl.code {
					org = o
				}
			}
			for _, law := range []domain.Law{domain.Wmo, domain.Jeugdwet} {
				have, err := tx.Tariffs(ctx, law, org.ID)
				if err != nil {
					return err
				}
				exists := map[string]bool{}
				for _, t := range have {
					if t.OrganisationID == org.ID && t.Year == year {
						exists[t.CareType+"/"+string(t.ProviderKind)] = true
					}
				}
				for _, gt := range gemeenteTariffs {
					if exists[gt.careType+"/"+string(gt.kind)] {
						continue
					}
					tf := domain.Tariff{Year: year, Law: law, CareType: gt.careType, ProviderKind: gt.kind, MaxRate: gemeenteRate(gt.rate, i),
						OrganisationID: org.ID, Source: org.Name + " " + fmt.Sprint(year) + " (synthetisch)"}
					if err := tx.PutTariff(ctx, tf, 0, at); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// readBase reads what the plan must not collide with.
func readBase(ctx context.Context, db *store.DB) (Base, error) {
	b := Base{BSNs: map[string]bool{}, IBANs: map[string]bool{}, IDs: map[string]int64{}}
	err := db.View(ctx, func(tx *store.Tx) error {
		var err error
		b.Orgs, err = tx.Organisations(ctx)
		return err
	})
	if err != nil {
		return b, err
	}
	collect := func(q string, into map[string]bool) error {
		return db.RawQuery(ctx, q, nil, func(rows *sql.Rows) error {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			into[s] = true
			return nil
		})
	}
	err = db.RawQuery(ctx, `SELECT bsn FROM budget_holders`, nil, func(rows *sql.Rows) error {
		var sealed string
		if err := rows.Scan(&sealed); err != nil {
			return err
		}
		bsn, err := db.OpenBSN(sealed)
		b.BSNs[bsn.Full()] = true
		return err
	})
	if err != nil {
		return b, err
	}
	if err := collect(`SELECT iban FROM providers`, b.IBANs); err != nil {
		return b, err
	}
	for _, t := range idTables {
		if b.IDs[t], err = db.MaxID(ctx, t); err != nil {
			return b, err
		}
	}
	return b, nil
}

// dbTariffs looks maximum rates up in the database's tariff table, once
// per combination.
func dbTariffs(ctx context.Context, db *store.DB, year int) TariffFunc {
	type key struct {
		law      domain.Law
		careType string
		kind     domain.ProviderKind
		org      int64
	}
	type val struct {
		rate domain.Cents
		ok   bool
	}
	cache := map[key]val{}
	return func(law domain.Law, careType string, kind domain.ProviderKind, orgID int64) (domain.Cents, bool) {
		k := key{law, careType, kind, orgID}
		if v, ok := cache[k]; ok {
			return v.rate, v.ok
		}
		var v val
		err := db.View(ctx, func(tx *store.Tx) error {
			var err error
			v.rate, v.ok, err = tx.MaxRate(ctx, year, law, careType, kind, orgID)
			return err
		})
		if err != nil {
			v = val{} // no maximum known: the plan falls back to a modest rate
		}
		cache[k] = v
		return v.rate, v.ok
	}
}

// writer buffers rows per table and writes them in batches.
type writer struct {
	ctx   context.Context
	db    *store.DB
	batch int
	sum   *Summary
	cfg   Config
	bufs  map[string]*buffer
	order []string // flush order (parents first)
}

type buffer struct {
	cols []string
	rows [][]any
}

// table declares a table's columns; tables flush in declaration order.
func (w *writer) table(name string, cols ...string) {
	if w.bufs == nil {
		w.bufs = map[string]*buffer{}
	}
	if _, ok := w.bufs[name]; !ok {
		w.bufs[name] = &buffer{cols: cols}
		w.order = append(w.order, name)
	}
}

// add buffers a row; a full buffer flushes every table (parents first).
func (w *writer) add(name string, vals ...any) error {
	b := w.bufs[name]
	b.rows = append(b.rows, vals)
	if len(b.rows) >= w.batch {
		return w.flush()
	}
	return nil
}

// flush writes every buffered row, tables in order.
func (w *writer) flush() error {
	for _, name := range w.order {
		b := w.bufs[name]
		if len(b.rows) == 0 {
			continue
		}
		n, err := w.db.BulkInsert(w.ctx, name, b.cols, b.rows)
		w.sum.Rows[name] += n
		if err != nil {
			return err
		}
		b.rows = make([][]any, 0, w.batch)
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func writeParties(w *writer, p *Plan, hash string) error {
	created := p.Config.Clock().AddDate(-1, 0, 0).UTC()
	w.table("budget_holders", "id", "bsn", "bsn_hash", "initials", "prefix", "family_name", "birth_date", "street", "house_number", "postcode", "city", "email", "phone", "created_at")
	w.table("clients", "verstrekker_id", "budget_holder_id", "created_at")
	w.table("providers", "id", "kind", "name", "agb", "kvk", "iban", "email", "phone", "city", "created_at")
	w.table("accounts", "id", "email", "name", "password_hash", "totp_secret", "totp_enabled", "lang", "disabled", "created_at", "password_changed_at")
	w.table("representations", "id", "budget_holder_id", "account_id", "kind", "valid_from", "valid_to", "created_at")
	w.table("account_roles", "id", "account_id", "role", "organisation_id", "budget_holder_id", "provider_id", "representation_id", "created_at")
	for i := range p.Holders {
		h := &p.Holders[i]
		mail := email(h.Initials, h.FamilyName, h.ID)
		name := h.Name()
		bsn, bsnHash := w.db.SealBSN(h.BSN)
		if err := w.add("budget_holders", h.ID, bsn, bsnHash, h.Initials, h.Prefix, h.FamilyName, h.BirthDate, h.Street, h.HouseNumber, h.Postcode, h.City,
			mail, "", created); err != nil {
			return err
		}
		if err := w.add("clients", p.Orgs[h.Org].ID, h.ID, created); err != nil {
			return err
		}
		if h.RepID != 0 {
			mail, name = "ouder."+mail, "Ouder van "+name
		}
		if err := w.add("accounts", h.AccountID, mail, name, hash, "", false, "nl", false, created, created); err != nil {
			return err
		}
		if h.RepID != 0 {
			if err := w.add("representations", h.RepID, h.ID, h.AccountID, string(domain.OuderVoogd), h.BirthDate,
				h.BirthDate.AddMonths(18*12).AddDays(-1), created); err != nil {
				return err
			}
		}
		if err := w.add("account_roles", h.RoleID, h.AccountID, string(h.Role), nil, h.ID, nil, nullID(h.RepID), created); err != nil {
			return err
		}
	}
	for i := range p.Providers {
		pr := &p.Providers[i]
		mail := email("", strings.Fields(pr.Name)[len(strings.Fields(pr.Name))-1], pr.ID)
		if err := w.add("providers", pr.ID, string(pr.Kind), pr.Name, string(pr.AGB), string(pr.KvK), string(pr.IBAN), mail, "", pr.City, created); err != nil {
			return err
		}
		if err := w.add("accounts", pr.AccountID, mail, pr.Name, hash, "", false, "nl", false, created, created); err != nil {
			return err
		}
		if err := w.add("account_roles", pr.RoleID, pr.AccountID, string(domain.RoleProvider), nil, nil, pr.ID, nil, created); err != nil {
			return err
		}
	}
	return w.flush()
}

func writeGrants(w *writer, p *Plan, _ string) error {
	w.table("grants", "id", "budget_holder_id", "verstrekker_id", "law", "reference", "period_start", "period_end", "decided_on", "own_contribution_cents", "created_by", "created_at")
	w.table("grant_revisions", "id", "grant_id", "effective_from", "reason", "total_cents", "created_by", "created_at")
	w.table("grant_lines", "id", "revision_id", "care_function", "yearly_cents")
	w.table("postings", "id", "grant_id", "kind", "from_account", "to_account", "amount_cents", "booking_date", "ref_type", "ref_id", "created_at")
	for i := range p.Holders {
		h := &p.Holders[i]
		g := p.Grant(h)
		at := time.Date(g.DecidedOn.Year, g.DecidedOn.Month, g.DecidedOn.Day, 11, 0, 0, 0, domain.Amsterdam).UTC()
		total := g.Total()
		if err := w.add("grants", g.ID, h.ID, g.VerstrekkerID, string(g.Law), g.Reference, g.Period.Start, g.Period.End, g.DecidedOn, int64(g.OwnContribution), int64(0), at); err != nil {
			return err
		}
		if err := w.add("grant_revisions", h.RevisionID, g.ID, g.Period.Start, "", int64(total), int64(0), at); err != nil {
			return err
		}
		for _, l := range h.GrantLines {
			if err := w.add("grant_lines", p.nextID("grant_lines"), h.RevisionID, l.CareFunction, int64(l.Yearly)); err != nil {
				return err
			}
		}
		post, err := ledger.New(ledger.Granted, total)
		if err != nil {
			return err
		}
		if err := w.add("postings", p.nextID("postings"), g.ID, string(post.Kind), string(post.From), string(post.To), int64(post.Amount), g.Period.Start, "grant", g.ID, at); err != nil {
			return err
		}
	}
	return w.flush()
}

func writeAgreements(w *writer, p *Plan, _ string) error {
	w.table("agreements", "id", "budget_holder_id", "provider_id", "grant_id", "verstrekker_id", "in_force_version", "ended", "end_proposed_on", "source", "created_by", "created_at")
	w.table("agreement_versions", "id", "agreement_id", "number", "state", "terms_json", "terms_hash", "effective_from", "rejection_reason", "row_version", "updated_by", "updated_at")
	w.table("agreement_signatures", "version_id", "party", "account_id", "terms_hash", "signed_at")
	for i := range p.Agreements {
		a := &p.Agreements[i]
		h, pr := &p.Holders[a.Holder], &p.Providers[a.Provider]
		made := time.Date(a.Terms.Start.Year, a.Terms.Start.Month, 1, 9, 0, 0, 0, domain.Amsterdam).AddDate(0, 0, -20).UTC()
		terms, err := json.Marshal(a.Terms)
		if err != nil {
			return err
		}
		hash := domain.HashTerms(a.Terms)
		if err := w.add("agreements", a.ID, h.ID, pr.ID, h.GrantID, p.Orgs[h.Org].ID, int64(1), false, nil, "online", pr.AccountID, made); err != nil {
			return err
		}
		if err := w.add("agreement_versions", a.VersionID, a.ID, int64(1), string(domain.StateApproved), string(terms), hash, nil, "", int64(5), int64(0),
			made.Add(10*24*time.Hour)); err != nil {
			return err
		}
		if err := w.add("agreement_signatures", a.VersionID, string(domain.PartyProvider), pr.AccountID, hash, made.Add(time.Hour)); err != nil {
			return err
		}
		if err := w.add("agreement_signatures", a.VersionID, string(domain.PartyHolder), h.AccountID, hash, made.Add(26*time.Hour)); err != nil {
			return err
		}
	}
	return w.flush()
}

// writeDeclarations writes the months of declarations with their lines,
// the accepted ones' reservations, and then every grant's balance.
func writeDeclarations(w *writer, p *Plan, _ string) error {
	w.table("declarations", "id", "agreement_id", "budget_holder_id", "provider_id", "grant_id", "kind", "period_start", "period_end", "state",
		"invoice_number", "invoice_total_cents", "total_cents", "has_attachment", "sent_to_holder", "submitted_by_holder", "late_allowed",
		"findings_json", "reason", "row_version", "entered_by", "created_at", "updated_at", "verstrekker_id")
	w.table("declaration_lines", "id", "declaration_id", "provider_id", "budget_holder_id", "day", "care_type", "unit", "units", "rate_cents", "amount_cents", "counts")
	w.table("postings", "id", "grant_id", "kind", "from_account", "to_account", "amount_cents", "booking_date", "ref_type", "ref_id", "created_at")
	reserved := make([]domain.Cents, len(p.Holders))
	for mi := 0; mi < p.Config.Months; mi++ {
		t := time.Now()
		n := 0
		for ai := range p.Agreements {
			dc, ok := p.Declaration(ai, mi)
			if !ok {
				continue
			}
			n++
			a := &p.Agreements[ai]
			h, pr := &p.Holders[a.Holder], &p.Providers[a.Provider]
			id := p.nextID("declarations")
			findings := "[]"
			if len(dc.Findings) > 0 {
				b, err := json.Marshal(dc.Findings)
				if err != nil {
					return err
				}
				findings = string(b)
			}
			total := dc.D.Total()
			if err := w.add("declarations", id, a.ID, h.ID, pr.ID, h.GrantID, string(dc.D.Kind), dc.D.Period.Start, dc.D.Period.End, string(dc.State),
				dc.D.InvoiceNumber, int64(dc.D.InvoiceTotal), int64(total), dc.D.HasAttachment, dc.D.SentToHolder, dc.D.SubmittedByHolder, false,
				findings, "", int64(dc.RowVersion), dc.EnteredBy, dc.Created.UTC(), dc.Updated.UTC(), p.Orgs[h.Org].ID); err != nil {
				return err
			}
			counts := dc.State.Counts()
			for _, l := range dc.D.Lines {
				if err := w.add("declaration_lines", p.nextID("declaration_lines"), id, pr.ID, h.ID, l.Date, l.CareType, string(l.Unit), l.Units,
					int64(l.Rate), int64(l.Amount()), counts); err != nil {
					return err
				}
			}
			if dc.State == domain.DeclAccepted {
				post, err := ledger.New(ledger.Reserved, total)
				if err != nil {
					return err
				}
				reserved[a.Holder] += total
				if err := w.add("postings", p.nextID("postings"), h.GrantID, string(post.Kind), string(post.From), string(post.To), int64(post.Amount),
					dc.D.Period.Start, "declaration", id, dc.Updated.UTC()); err != nil {
					return err
				}
			}
		}
		if err := w.flush(); err != nil {
			return err
		}
		w.cfg.logf("synth:   %s: %d declarations in %s", p.Config.month(mi).String()[:7], n, time.Since(t).Round(time.Millisecond))
	}
	w.table("grant_balances", "grant_id", "granted_cents", "reserved_cents", "paid_cents")
	for i := range p.Holders {
		h := &p.Holders[i]
		if err := w.add("grant_balances", h.GrantID, int64(p.Grant(h).Total()), int64(reserved[i]), int64(0)); err != nil {
			return err
		}
	}
	return w.flush()
}
