package service_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestMandateGrantedUsedAndRevoked: the budget holder authorises a friend,
// who then approves for them (recorded as acting for the budget holder),
// and revokes it; from then on the friend sees nothing.
func TestMandateGrantedUsedAndRevoked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		friendAcc, err := w.svc.CreateAccount(ctx, service.System, service.NewAccount{Email: "vriend@example.nl", Name: "Vriend", Password: "lang genoeg wachtwoord"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.GrantMandate(ctx, w.provider, "vriend@example.nl", ""); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("a provider gives a mandate: %v", err)
		}
		if _, err := w.svc.GrantMandate(ctx, w.holder, "onbekend@example.nl", ""); fieldCode(err, "mandate_email") != "account_unknown" {
			t.Errorf("unknown account: %v", err)
		}
		if _, err := w.svc.GrantMandate(ctx, w.holder, "vriend@example.nl", "2026-01-01"); fieldCode(err, "mandate_until") != "date_in_past" {
			t.Errorf("an end in the past: %v", err)
		}
		rep, err := w.svc.GrantMandate(ctx, w.holder, "vriend@example.nl", "2027-06-30")
		if err != nil {
			t.Fatal(err)
		}
		roles, _ := w.svc.MyRoles(ctx, service.Actor{AccountID: friendAcc.ID})
		if len(roles) != 1 || roles[0].Role != domain.RoleRepresentative {
			t.Fatalf("friend's roles: %+v", roles)
		}
		friend := service.Actor{AccountID: friendAcc.ID, Role: roles[0]}
		if _, err := w.svc.Grant(ctx, friend, w.grantA.ID); err != nil {
			t.Errorf("the friend reads the grant: %v", err)
		}
		// The friend cannot revoke, nor can the budget holder revoke legal representation through this.
		if err := w.svc.RevokeMandate(ctx, friend, rep.ID); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("the representative revokes: %v", err)
		}
		if err := w.svc.RevokeMandate(ctx, w.holder, rep.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Grant(ctx, friend, w.grantA.ID); err == nil {
			t.Error("the friend still reads the grant after the revocation")
		}
		if err := w.svc.RevokeMandate(ctx, w.holder, rep.ID); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("revoked twice: %v", err)
		}
	})
}
