package service_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestSelfDealing replays the security audit's M1: one account is both the
// provider and the budget holder's representative. It cannot sign both
// sides of the agreement nor approve its own declaration; the verstrekker
// sees the fact on the agreement, and each declaration is held for it.
func TestSelfDealing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		// The holder authorises the provider's account to act for them.
		if _, err := w.svc.GrantMandate(ctx, w.holder, "zorg@example.nl", ""); err != nil {
			t.Fatal(err)
		}
		_, roles, err := w.svc.AccountByEmail(ctx, service.System, "zorg@example.nl")
		if err != nil {
			t.Fatal(err)
		}
		var rep service.Actor
		for _, r := range roles {
			if r.Role == domain.RoleRepresentative {
				rep = service.Actor{AccountID: r.AccountID, Role: r}
			}
		}
		if rep.AccountID != w.provider.AccountID {
			t.Fatalf("the provider's account has no representative role: %+v", roles)
		}

		in := agreementInput(w.grantA.ID, w.prov.ID)
		v, err := w.svc.CreateAgreement(ctx, rep, in)
		if err != nil {
			t.Fatal(err)
		}
		if !v.ProviderRepresentsHolder {
			t.Error("the agreement does not show that the provider represents the holder")
		}
		act := func(who service.Actor, action domain.AgreementAction) error {
			_, err := w.svc.Act(ctx, who, v.ID, service.ActInput{Action: action, Secret: "lang genoeg wachtwoord"})
			return err
		}
		if err := act(rep, domain.ActSendToSign); err != nil {
			t.Fatal(err)
		}
		if err := act(w.provider, domain.ActSign); err != nil {
			t.Fatal(err)
		}
		if err := act(rep, domain.ActSign); domain.CodeOf(err) != "sign_both_sides" {
			t.Fatalf("one account signed both sides: %v", err)
		}
		// The holder themself signs; the verstrekker approves, seeing the fact.
		for _, step := range []struct {
			who service.Actor
			a   domain.AgreementAction
		}{{w.holder, domain.ActSign}, {w.holder, domain.ActSubmit}} {
			if err := act(step.who, step.a); err != nil {
				t.Fatalf("%s: %v", step.a, err)
			}
		}
		staffView, err := w.svc.Agreement(ctx, w.gemeenteA, v.ID)
		if err != nil || !staffView.ProviderRepresentsHolder {
			t.Fatalf("the verstrekker does not see the fact: %v", err)
		}
		if err := act(w.gemeenteA, domain.ActApprove); err != nil {
			t.Fatal(err)
		}

		// The provider declares; approving it as the representative is refused.
		dIn := october(v.ID, "4")
		dIn.InvoiceTotal = "840,00"
		d, err := w.svc.CreateDeclaration(ctx, w.provider, dIn)
		if err != nil {
			t.Fatal(err)
		}
		attachInvoice(t, w.svc, w.provider, d.ID)
		if _, err := w.svc.SendDeclaration(ctx, w.provider, d.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.ApproveDeclaration(ctx, rep, d.ID); domain.CodeOf(err) != "approve_own_declaration" {
			t.Fatalf("the provider approved its own declaration as representative: %v", err)
		}
		// The holder's approval is held for the verstrekker by the signal.
		d, err = w.svc.ApproveDeclaration(ctx, w.holder, d.ID)
		if err != nil || d.State != domain.DeclHeld || !hasFinding(d.Findings, "signal_provider_represents_holder") {
			t.Fatalf("holder's approval: %v %s %v", err, d.State, d.Findings)
		}
	})
}
