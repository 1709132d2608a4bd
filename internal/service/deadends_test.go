package service_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestPayRunCutoffNotInTheFuture: a cut-off after today is refused at its
// field (nothing accepted later can be paid now); today is fine.
func TestPayRunCutoffNotInTheFuture(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		for _, cut := range []string{"2026-11-24", "2027-01-31"} {
			if _, _, err := w.svc.StartPayRun(ctx, w.svb, cut, ""); fieldCode(err, "cutoff") != "date_in_future" {
				t.Errorf("cut-off %s: %v", cut, err)
			}
		}
		if _, _, err := w.svc.StartPayRun(ctx, w.svb, "2026-11-23", ""); err != nil {
			t.Errorf("cut-off today: %v", err)
		}
	})
}

// TestAgreementWithoutGrantIsAFieldError: a holder's agreement without a
// grant is refused at the grant's field, with the other fields' errors,
// not as "not found".
func TestAgreementWithoutGrantIsAFieldError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		in := agreementInput(0, w.prov.ID)
		in.Start = "abc"
		_, err := w.svc.CreateAgreement(ctx, w.holder, in)
		if domain.KindOf(err) != domain.KindInvalid || fieldCode(err, "grant_id") != "required" || fieldCode(err, "start") == "" {
			t.Errorf("no grant: %v", err)
		}
	})
}
