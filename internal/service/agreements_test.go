package service_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

type agreementWorld struct {
	*world
	holder, provider, otherProvider service.Actor
	prov, prov2                     domain.Provider
}

func setupAgreements(t *testing.T, db *store.DB) *agreementWorld {
	t.Helper()
	ctx := context.Background()
	w := setup(t, db)
	aw := &agreementWorld{world: w, holder: holderActor(t, w.svc, w.holderA, "a@example.nl")}
	var err error
	aw.prov, err = w.svc.CreateProvider(ctx, service.System, service.ProviderInput{Kind: "zzp", Name: "Zorg met Aandacht", KvK: "12345678", IBAN: "NL91ABNA0417164300"})
	if err != nil {
		t.Fatal(err)
	}
	aw.prov2, err = w.svc.CreateProvider(ctx, service.System, service.ProviderInput{Kind: "zzp", Name: "Ander", KvK: "87654321", IBAN: "NL02ABNA0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(email string, p domain.Provider) service.Actor {
		acc, err := w.svc.CreateAccount(ctx, service.System, service.NewAccount{Email: email, Name: p.Name, Password: "lang genoeg wachtwoord"})
		if err != nil {
			t.Fatal(err)
		}
		r, err := w.svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleProvider, ProviderID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		return service.Actor{AccountID: acc.ID, Role: r}
	}
	aw.provider, aw.otherProvider = mk("zorg@example.nl", aw.prov), mk("ander@example.nl", aw.prov2)
	return aw
}

func agreementInput(grantID, providerID int64) service.AgreementInput {
	return service.AgreementInput{GrantID: grantID, ProviderID: providerID, Kind: "zzp", KvK: "12345678", Start: "2026-10-01",
		Lines: []service.CareLineInput{{CareType: "begeleiding", Unit: "uur", Rate: "52,50", MaxUnits: "8", Per: "week"}}}
}

func TestAgreementLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		v, err := w.svc.CreateAgreement(ctx, w.holder, agreementInput(w.grantA.ID, w.prov.ID))
		if err != nil {
			t.Fatal(err)
		}
		id := v.ID
		if v.Working().State != domain.StateConcept || v.Party != domain.PartyHolder {
			t.Fatalf("new agreement: %+v", v.Working())
		}
		// The provider sees it; another provider and another gemeente do not.
		if _, err := w.svc.Agreement(ctx, w.provider, id); err != nil {
			t.Errorf("provider: %v", err)
		}
		for name, other := range map[string]service.Actor{"other provider": w.otherProvider, "gemeente B": w.gemeenteB} {
			if _, err := w.svc.Agreement(ctx, other, id); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("%s reads the agreement: %v", name, err)
			}
		}
		// One running agreement per provider per budget holder.
		if _, err := w.svc.CreateAgreement(ctx, w.holder, agreementInput(w.grantA.ID, w.prov.ID)); fieldCode(err, "provider_id") != "agreement_exists" {
			t.Errorf("second agreement with the same provider: %v", err)
		}
		// Two people edit the same draft: the second save is told.
		rv := v.Working().RowVersion
		in := agreementInput(w.grantA.ID, w.prov.ID)
		in.Lines[0].MaxUnits = "10"
		if _, err := w.svc.UpdateAgreement(ctx, w.provider, id, rv, in); err != nil {
			t.Fatal(err)
		}
		in.Lines[0].MaxUnits = "12"
		if _, err := w.svc.UpdateAgreement(ctx, w.holder, id, rv, in); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("stale save: %v", err)
		}
		act := func(a service.Actor, in service.ActInput) (service.AgreementView, error) {
			return w.svc.Act(ctx, a, id, in)
		}
		if _, err := act(w.holder, service.ActInput{Action: domain.ActSendToSign}); err != nil {
			t.Fatal(err)
		}
		// Signing needs the password again.
		if _, err := act(w.holder, service.ActInput{Action: domain.ActSign, Secret: "verkeerd"}); fieldCode(err, "secret") != "signature_reauth" {
			t.Errorf("sign with a wrong password: %v", err)
		}
		v, err = act(w.holder, service.ActInput{Action: domain.ActSign, Secret: "lang genoeg wachtwoord"})
		if err != nil || v.Working().State != domain.StateSigning || !v.Working().SignedBy(domain.PartyHolder) {
			t.Fatalf("first signature: %v %+v", err, v.Working())
		}
		// Submitting before both signed is refused with a reason.
		if _, err := act(w.holder, service.ActInput{Action: domain.ActSubmit}); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("submit half-signed: %v", err)
		}
		v, err = act(w.provider, service.ActInput{Action: domain.ActSign, Secret: "lang genoeg wachtwoord"})
		if err != nil || v.Working().State != domain.StateSigned {
			t.Fatalf("second signature: %v %s", err, v.Working().State)
		}
		if _, err := act(w.provider, service.ActInput{Action: domain.ActSubmit}); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("the provider submitted: %v", err)
		}
		if _, err := act(w.holder, service.ActInput{Action: domain.ActSubmit}); err != nil {
			t.Fatal(err)
		}
		if _, err := act(w.holder, service.ActInput{Action: domain.ActApprove}); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("the budget holder approved: %v", err)
		}
		if _, err := act(w.gemeenteA, service.ActInput{Action: domain.ActReject}); fieldCode(err, "reason") != "required" {
			t.Errorf("reject without reason: %v", err)
		}
		v, err = act(w.gemeenteA, service.ActInput{Action: domain.ActApprove})
		if err != nil || v.InForce != 1 || v.Working().State != domain.StateApproved {
			t.Fatalf("approve: %v %+v", err, v.Agreement)
		}

		// A change of rates: a new version goes the same way; the old one stays in force.
		if _, err := act(w.provider, service.ActInput{Action: domain.ActChange, Date: "2026-12-15"}); fieldCode(err, "effective_from") != "change_first_of_month" {
			t.Errorf("change mid-month: %v", err)
		}
		v, err = act(w.provider, service.ActInput{Action: domain.ActChange, Date: "2026-12-01"})
		if err != nil || len(v.Versions) != 2 || v.InForce != 1 {
			t.Fatalf("change: %v", err)
		}
		in.Lines[0].Rate = "55,00"
		if v, err = w.svc.UpdateAgreement(ctx, w.provider, id, v.Working().RowVersion, in); err != nil {
			t.Fatal(err)
		}
		act(w.provider, service.ActInput{Action: domain.ActSendToSign})
		act(w.provider, service.ActInput{Action: domain.ActSign, Secret: "lang genoeg wachtwoord"})
		act(w.holder, service.ActInput{Action: domain.ActSign, Secret: "lang genoeg wachtwoord"})
		v, err = act(w.holder, service.ActInput{Action: domain.ActSubmit})
		if err != nil || v.InForce != 1 || v.Working().State != domain.StateSubmitted {
			t.Fatalf("a changed rate waits for approval: %v in force %d, %s", err, v.InForce, v.Working().State)
		}
		v, _ = act(w.gemeenteA, service.ActInput{Action: domain.ActReject, Reason: "Tarief te hoog voor deze zorg"})
		if v.InForce != 1 || v.Working().RejectionReason == "" {
			t.Errorf("after rejection version 1 stays in force: %+v", v.Agreement)
		}

		// Ending: a party proposes a date, the verstrekker processes it.
		if _, err := act(w.gemeenteA, service.ActInput{Action: domain.ActEnd}); err == nil {
			t.Error("ended without a proposal")
		}
		if _, probs, err := w.svc.VerifyAudit(ctx); err != nil || len(probs) != 0 {
			t.Errorf("audit: %v %v", probs, err)
		}
	})
}

func TestAgreementRefusesRateAboveTariff(t *testing.T) {
	ctx := context.Background()
	w := setupAgreements(t, storetest.OpenSQLite(t))
	// A gemeente's own Wmo tariff applies to its grants.
	if err := w.svc.DB().Update(ctx, func(tx *store.Tx) error {
		return tx.PutTariff(ctx, domain.Tariff{Year: 2026, Law: domain.Wmo, CareType: "begeleiding", ProviderKind: domain.ProviderZZP, MaxRate: 5000, OrganisationID: w.gemeenteA.Role.OrganisationID}, 0, now)
	}); err != nil {
		t.Fatal(err)
	}
	in := agreementInput(w.grantA.ID, w.prov.ID)
	_, err := w.svc.CreateAgreement(ctx, w.holder, in)
	if fieldCode(err, "lines[0].rate") != "rate_above_tariff" {
		t.Fatalf("rate 52,50 above 50,00: %v", err)
	}
	in.Lines[0].Rate = "50,00"
	in.KvK = "11111111"
	if _, err := w.svc.CreateAgreement(ctx, w.holder, in); fieldCode(err, "kvk") != "kvk_mismatch" {
		t.Errorf("foreign KvK: %v", err)
	}
	in.KvK = "12345678"
	in.Start = "2025-12-01"
	if _, err := w.svc.CreateAgreement(ctx, w.holder, in); fieldCode(err, "start") != "date_outside_grant" {
		t.Errorf("start before the grant: %v", err)
	}
	in.Start = "2026-01-01"
	v, err := w.svc.CreateAgreement(ctx, w.holder, in)
	if err != nil {
		t.Fatal(err)
	}
	// Submitted in November, a January start is more than 8 weeks back.
	w.svc.Act(ctx, w.holder, v.ID, service.ActInput{Action: domain.ActSendToSign})
	w.svc.Act(ctx, w.holder, v.ID, service.ActInput{Action: domain.ActSign, Secret: "lang genoeg wachtwoord"})
	w.svc.Act(ctx, w.provider, v.ID, service.ActInput{Action: domain.ActSign, Secret: "lang genoeg wachtwoord"})
	if _, err := w.svc.Act(ctx, w.holder, v.ID, service.ActInput{Action: domain.ActSubmit}); fieldCode(err, "start") != "start_too_far_back" {
		t.Errorf("8-week rule: %v", err)
	}
}

func TestEmploymentContractPayroll(t *testing.T) {
	ctx := context.Background()
	w := setupAgreements(t, storetest.OpenSQLite(t))
	in := agreementInput(w.grantA.ID, w.prov.ID)
	in.Kind, in.KvK, in.DaysPerWeek, in.HoursPerWeek = "arbeidsovereenkomst", "", "4", "24"
	v, err := w.svc.CreateAgreement(ctx, w.holder, in)
	if err != nil {
		t.Fatal(err)
	}
	if terms := v.Working().Terms; !terms.Payroll || terms.DaysPerWeek != 4 || terms.HoursPerWeek != 2400 {
		t.Errorf("4 days a week must go through payroll: %+v", terms)
	}
	in.DaysPerWeek, in.Payroll = "3", false
	v, err = w.svc.UpdateAgreement(ctx, w.holder, v.ID, v.Working().RowVersion, in)
	if err != nil || v.Working().Terms.Payroll {
		t.Errorf("3 days without opting in: %v %+v", err, v.Working().Terms)
	}
	in.Payroll = true
	v, err = w.svc.UpdateAgreement(ctx, w.holder, v.ID, v.Working().RowVersion, in)
	if err != nil || !v.Working().Terms.Payroll {
		t.Errorf("3 days, opted in: %v", err)
	}
	in.DaysPerWeek = "0"
	if _, err := w.svc.UpdateAgreement(ctx, w.holder, v.ID, v.Working().RowVersion, in); fieldCode(err, "days_per_week") != "days_per_week_range" {
		t.Errorf("no days: %v", err)
	}
}

// TestOneRunningAgreementUnderConcurrency starts the same agreement from
// several goroutines at once: exactly one is made, the others are told.
func TestOneRunningAgreementUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		var wg sync.WaitGroup
		var made, refused atomic.Int32
		for i := 0; i < 6; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := w.svc.CreateAgreement(ctx, w.holder, agreementInput(w.grantA.ID, w.prov.ID))
				switch {
				case err == nil:
					made.Add(1)
				case fieldCode(err, "provider_id") == "agreement_exists":
					refused.Add(1)
				default:
					t.Errorf("unexpected: %v", err)
				}
			}()
		}
		wg.Wait()
		if made.Load() != 1 || refused.Load() != 5 {
			t.Errorf("made %d, refused %d", made.Load(), refused.Load())
		}
	})
}
