package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, domain.Amsterdam)

type world struct {
	svc                  *service.Service
	gemeenteA, gemeenteB service.Actor // staff of two municipalities
	zorgkantoor          service.Actor
	holderA, holderB     domain.BudgetHolder
	grantA               domain.Grant
}

func staff(t *testing.T, svc *service.Service, org domain.Organisation, email string) service.Actor {
	t.Helper()
	ctx := context.Background()
	acc, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: email, Name: email, Password: "lang genoeg wachtwoord"})
	if err != nil {
		t.Fatal(err)
	}
	role := domain.RoleVerstrekker
	if org.Kind == domain.SVB {
		role = domain.RoleSVB
	}
	r, err := svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: role, OrganisationID: org.ID})
	if err != nil {
		t.Fatal(err)
	}
	return service.Actor{AccountID: acc.ID, Name: acc.Name, Role: r, MFA: true}
}

// testPayer is the account the tests pay from (a test IBAN).
var testPayer = service.Payer{Name: "SVB pgb test", IBAN: "NL97INGB0000002445", BIC: "INGBNL2A"}

func setup(t *testing.T, db *store.DB) *world {
	t.Helper()
	ctx := context.Background()
	svc := service.New(db, service.Options{Now: func() time.Time { return now }, Payer: testPayer})
	w := &world{svc: svc}
	mk := func(kind domain.OrgKind, name, code string) domain.Organisation {
		o, err := svc.CreateOrganisation(ctx, service.System, domain.Organisation{Kind: kind, Name: name, Code: code})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	a, b, zk := mk(domain.Gemeente, "Gemeente A", "GM1"), mk(domain.Gemeente, "Gemeente B", "GM2"), mk(domain.Zorgkantoor, "Zorgkantoor", "ZK1")
	w.gemeenteA, w.gemeenteB, w.zorgkantoor = staff(t, svc, a, "a@gm1.nl"), staff(t, svc, b, "b@gm2.nl"), staff(t, svc, zk, "z@zk.nl")
	var err error
	w.holderA, err = svc.CreateBudgetHolder(ctx, w.gemeenteA, service.BudgetHolderInput{BSN: "111222333", Initials: "A.", FamilyName: "Aalders", BirthDate: "1960-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	w.holderB, err = svc.CreateBudgetHolder(ctx, w.gemeenteB, service.BudgetHolderInput{BSN: "123456782", Initials: "B.", FamilyName: "Bos", BirthDate: "1970-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	w.grantA, err = svc.CreateGrant(ctx, w.gemeenteA, service.GrantInput{BudgetHolderID: w.holderA.ID, Law: "wmo", Reference: "A-1",
		Start: "2026-01-01", End: "2026-12-31", DecidedOn: "2025-12-20", OwnContribution: "21,40", FreeAmount: true,
		Lines: []service.LineInput{{CareFunction: "begeleiding", Yearly: "10.000"}, {CareFunction: "huishoudelijke hulp", Yearly: "2.000"}}})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func holderActor(t *testing.T, svc *service.Service, bh domain.BudgetHolder, email string) service.Actor {
	t.Helper()
	ctx := context.Background()
	acc, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: email, Name: bh.Name(), Password: "lang genoeg wachtwoord"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleBudgetHolder, BudgetHolderID: bh.ID})
	if err != nil {
		t.Fatal(err)
	}
	return service.Actor{AccountID: acc.ID, Role: r}
}

func TestGrantsAndVisibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		if w.grantA.Total() != 1200000 {
			t.Errorf("total %d", w.grantA.Total())
		}
		a := holderActor(t, w.svc, w.holderA, "a@example.nl")
		b := holderActor(t, w.svc, w.holderB, "b@example.nl")

		v, err := w.svc.Grant(ctx, a, w.grantA.ID)
		if err != nil || v.Balance != (ledger.Balance{Granted: 1200000}) || len(v.Months) != 12 {
			t.Fatalf("own grant: %+v %v", v.Balance, err)
		}
		feb := domain.Period{Start: domain.MustDate("2026-02-01"), End: domain.MustDate("2026-02-28")}
		if v.Months[1].Budget != domain.ProRata(1000000, feb)+domain.ProRata(200000, feb) { // lines pro rata, then added
			t.Errorf("february's budget %d", v.Months[1].Budget)
		}
		for name, actor := range map[string]service.Actor{"other budget holder": b, "other gemeente": w.gemeenteB, "zorgkantoor": w.zorgkantoor} {
			if _, err := w.svc.Grant(ctx, actor, w.grantA.ID); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("%s reads the grant: %v", name, err)
			}
			if _, err := w.svc.BudgetHolder(ctx, actor, w.holderA.ID); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("%s reads the budget holder: %v", name, err)
			}
		}
		// Staff without their second factor see nothing.
		noMFA := w.gemeenteA
		noMFA.MFA = false
		if _, err := w.svc.Grant(ctx, noMFA, w.grantA.ID); err == nil {
			t.Error("staff without MFA read a grant")
		}
		// Gemeente B registering the same BSN links the same person; it
		// then still does not see gemeente A's grant.
		same, err := w.svc.CreateBudgetHolder(ctx, w.gemeenteB, service.BudgetHolderInput{BSN: "111222333", Initials: "A.", FamilyName: "Aalders", BirthDate: "1960-01-01"})
		if err != nil || same.ID != w.holderA.ID {
			t.Fatalf("link by BSN: %v %v", same.ID, err)
		}
		if gs, _ := w.svc.GrantsOf(ctx, w.gemeenteB, w.holderA.ID); len(gs) != 0 {
			t.Errorf("gemeente B sees %d grants of gemeente A", len(gs))
		}
		if _, err := w.svc.CreateBudgetHolder(ctx, w.gemeenteB, service.BudgetHolderInput{BSN: "111222333", Initials: "A.", FamilyName: "Aalders", BirthDate: "1960-01-01"}); fieldCode(err, "bsn") != "bsn_already_client" {
			t.Errorf("second registration: %v", err)
		}
	})
}

func fieldCode(err error, field string) string {
	e, ok := domain.AsError(err)
	if !ok {
		return ""
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return f.Code
		}
	}
	return ""
}

func TestGrantValidation(t *testing.T) {
	w := setup(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		in    service.GrantInput
		field string
		code  string
	}{
		{"wlz from a gemeente", service.GrantInput{Law: "wlz", Reference: "X", Start: "2026-01-01", End: "2026-12-31", Lines: []service.LineInput{{"vv", "100"}}}, "law", "law_not_for_verstrekker"},
		{"end before start", service.GrantInput{Law: "wmo", Reference: "X", Start: "2026-02-01", End: "2026-01-01", Lines: []service.LineInput{{"vv", "100"}}}, "end", "end_before_start"},
		{"own contribution outside Wmo", service.GrantInput{Law: "jeugdwet", Reference: "X", Start: "2026-01-01", End: "2026-12-31", OwnContribution: "10", Lines: []service.LineInput{{"vv", "100"}}}, "own_contribution", "own_contribution_wmo_only"},
		{"no lines", service.GrantInput{Law: "wmo", Reference: "X", Start: "2026-01-01", End: "2026-12-31"}, "lines", "lines_required"},
		{"bad date", service.GrantInput{Law: "wmo", Reference: "X", Start: "31-02-2026", End: "2026-12-31", Lines: []service.LineInput{{"vv", "100"}}}, "start", "date_invalid"},
		{"reference twice", service.GrantInput{Law: "wmo", Reference: "A-1", Start: "2026-01-01", End: "2026-12-31", Lines: []service.LineInput{{"vv", "100"}}}, "reference", "reference_taken"},
		{"decided in the future", service.GrantInput{Law: "wmo", Reference: "X", Start: "2026-01-01", End: "2026-12-31", DecidedOn: "2027-01-01", Lines: []service.LineInput{{"vv", "100"}}}, "decided_on", "date_in_future"},
	} {
		c.in.BudgetHolderID = w.holderA.ID
		_, err := w.svc.CreateGrant(ctx, w.gemeenteA, c.in)
		if got := fieldCode(err, c.field); got != c.code {
			t.Errorf("%s: %s = %q (%v), want %q", c.name, c.field, got, err, c.code)
		}
	}
	// Someone else's budget holder: not found, not a validation error.
	_, err := w.svc.CreateGrant(ctx, w.gemeenteA, service.GrantInput{BudgetHolderID: w.holderB.ID, Law: "wmo", Reference: "Y", Start: "2026-01-01", End: "2026-12-31", Lines: []service.LineInput{{"vv", "100"}}})
	if domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("grant for gemeente B's budget holder: %v", err)
	}
}

func TestReviseGrant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		// Raise from 1 July: first half at 12,000/yr, second half at 18,000/yr.
		g, err := w.svc.ReviseGrant(ctx, w.gemeenteA, w.grantA.ID, service.RevisionInput{EffectiveFrom: "2026-07-01", Reason: "meer begeleiding",
			Lines: []service.LineInput{{CareFunction: "begeleiding", Yearly: "16000"}, {CareFunction: "huishoudelijke hulp", Yearly: "2000"}}})
		if err != nil {
			t.Fatal(err)
		}
		h1 := domain.Period{Start: domain.MustDate("2026-01-01"), End: domain.MustDate("2026-06-30")}
		h2 := domain.Period{Start: domain.MustDate("2026-07-01"), End: domain.MustDate("2026-12-31")}
		want := domain.ProRata(1000000, h1) + domain.ProRata(200000, h1) + domain.ProRata(1600000, h2) + domain.ProRata(200000, h2)
		v, _ := w.svc.Grant(ctx, w.gemeenteA, g.ID)
		if v.Balance.Granted != want || len(v.History) != 2 {
			t.Errorf("after raise: granted %d want %d, history %d", v.Balance.Granted, want, len(v.History))
		}
		// Reserve most of it, then a lowering below what is used is refused.
		if err := w.svc.PostForDemo(ctx, g.ID, ledger.Reserved, want-100000, domain.MustDate("2026-03-01")); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.ReviseGrant(ctx, w.gemeenteA, g.ID, service.RevisionInput{EffectiveFrom: "2026-10-01", Reason: "lager",
			Lines: []service.LineInput{{CareFunction: "begeleiding", Yearly: "1000"}}})
		if fieldCode(err, "lines") != "grant_below_used" {
			t.Errorf("lowering below used: %v", err)
		}
		// A revision must come after the last one, inside the period.
		for _, from := range []string{"2026-06-01", "2027-01-01"} {
			_, err = w.svc.ReviseGrant(ctx, w.gemeenteA, g.ID, service.RevisionInput{EffectiveFrom: from, Reason: "x", Lines: []service.LineInput{{CareFunction: "b", Yearly: "20000"}}})
			if fieldCode(err, "effective_from") == "" {
				t.Errorf("revision from %s accepted: %v", from, err)
			}
		}
		// Nothing of the refused revisions was kept.
		v, _ = w.svc.Grant(ctx, w.gemeenteA, g.ID)
		if v.Balance.Granted != want || len(v.History) != 2 {
			t.Errorf("refused revision left traces: %+v, %d revisions", v.Balance, len(v.History))
		}
		if _, probs, err := w.svc.VerifyAudit(ctx); err != nil || len(probs) != 0 {
			t.Errorf("audit: %v %v", probs, err)
		}
	})
}

func TestRepresentativeActsForBudgetHolder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		acc, err := w.svc.CreateAccount(ctx, service.System, service.NewAccount{Email: "ouder@example.nl", Name: "Ouder", Password: "lang genoeg wachtwoord"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AddRepresentative(ctx, w.gemeenteA, w.holderA.ID, service.RepresentativeInput{Email: "ouder@example.nl", Kind: "bewindvoerder", ValidFrom: "2026-01-01", Proof: proofScan}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AddRepresentative(ctx, w.gemeenteA, w.holderA.ID, service.RepresentativeInput{Email: "ouder@example.nl", Kind: "curator", ValidFrom: "2027-01-01", Proof: proofScan}); err != nil {
			t.Fatal(err)
		}
		_, roles, _ := w.svc.AccountByEmail(ctx, service.System, "ouder@example.nl")
		if len(roles) != 2 {
			t.Fatalf("roles: %+v", roles)
		}
		rep := service.Actor{AccountID: acc.ID, Role: roles[0]}
		if _, err := w.svc.Grant(ctx, rep, w.grantA.ID); err != nil {
			t.Errorf("representative cannot read: %v", err)
		}
		// Acting for the budget holder is recorded as such.
		if err := w.svc.UpdateContact(ctx, rep, w.holderA.ID, "nieuw@example.nl", "06-12345678", ""); err != nil {
			t.Fatal(err)
		}
		var rec struct{ actor, actingFor int64 }
		_ = db.View(ctx, func(tx *store.Tx) error {
			rs, _ := tx.AuditOf(ctx, "budget_holder", w.holderA.ID, 1)
			rec.actor, rec.actingFor = rs[0].ActorID, rs[0].ActingFor
			return nil
		})
		if rec.actor != acc.ID || rec.actingFor != w.holderA.ID {
			t.Errorf("audit says actor %d for %d", rec.actor, rec.actingFor)
		}
		// The representation that starts next year gives no access yet.
		future := service.Actor{AccountID: acc.ID, Role: roles[1]}
		if _, err := w.svc.Grant(ctx, future, w.grantA.ID); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("future representation reads: %v", err)
		}
	})
}

func TestLoginSessionAndThrottle(t *testing.T) {
	w := setup(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	holderActor(t, w.svc, w.holderA, "a@example.nl")
	res, err := w.svc.Login(ctx, "A@Example.nl ", "lang genoeg wachtwoord", "10.0.0.1")
	if err != nil || res.NeedsTOTP || res.MustEnroll {
		t.Fatalf("login: %+v %v", res, err)
	}
	s, err := w.svc.SessionFor(ctx, res.Token)
	if err != nil || s.Actor.Role.Role != domain.RoleBudgetHolder {
		t.Fatalf("session: %+v %v", s, err)
	}
	// Staff without TOTP must enroll first.
	res, err = w.svc.Login(ctx, "a@gm1.nl", "lang genoeg wachtwoord", "10.0.0.1")
	if err != nil || !res.MustEnroll {
		t.Errorf("staff login: %+v %v", res, err)
	}
	// Unknown account and wrong password look the same.
	_, e1 := w.svc.Login(ctx, "nobody@example.nl", "x", "10.0.0.2")
	_, e2 := w.svc.Login(ctx, "a@example.nl", "x", "10.0.0.2")
	if domain.KindOf(e1) != domain.KindUnauthenticated || e1.Error() != e2.Error() {
		t.Errorf("login errors differ: %v / %v", e1, e2)
	}
	for i := 0; i < 4; i++ {
		w.svc.Login(ctx, "a@example.nl", "x", "10.0.0.2")
	}
	if _, err := w.svc.Login(ctx, "a@example.nl", "lang genoeg wachtwoord", "10.0.0.3"); domain.KindOf(err) != domain.KindTooMany {
		t.Errorf("after 5 failures: %v", err)
	}
	// An expired session is refused.
	later := service.New(w.svc.DB(), service.Options{Now: func() time.Time { return now.Add(time.Hour) }})
	if _, err := later.SessionFor(ctx, res.Token); domain.KindOf(err) != domain.KindUnauthenticated {
		t.Errorf("idle session still valid: %v", err)
	}
}

// proofScan stands for the scan of a court decision.
var proofScan = service.Upload{Name: "beschikking.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}
