package service_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestMonthTableByMonthOfCare: October's care, paid in a run executed in
// November, moves from reserved to paid in October; no month is negative,
// and every month's figures follow from the ledger's postings.
func TestMonthTableByMonthOfCare(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		run, _, err := w.svc.StartPayRun(ctx, w.svb, "2026-10-31", "2026-11-24")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.WritePayRunFile(ctx, w.svb, run.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.ExecutePayRun(ctx, w.svb, run.ID, nil); err != nil {
			t.Fatal(err)
		}
		g, err := w.svc.Grant(ctx, w.holder, w.grantA.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sumReserved, sumPaid domain.Cents
		for _, m := range g.Months {
			if m.Reserved < 0 || m.Paid < 0 {
				t.Errorf("%s: reserved %d, paid %d", m.Month, m.Reserved, m.Paid)
			}
			sumReserved += m.Reserved
			sumPaid += m.Paid
			want := domain.Cents(0)
			if m.Month == domain.MustDate("2026-10-01") {
				want = 52500 // both providers' October, paid on 24 November
			}
			if m.Paid != want || m.Reserved != 0 {
				t.Errorf("%s: paid %d reserved %d, want paid %d and nothing reserved", m.Month, m.Paid, m.Reserved, want)
			}
		}
		// The table adds up to the ledger's balance.
		if sumReserved != g.Balance.Reserved || sumPaid != g.Balance.Paid {
			t.Errorf("months add up to reserved %d paid %d; the balance says %d and %d", sumReserved, sumPaid, g.Balance.Reserved, g.Balance.Paid)
		}
		// And the payment itself is booked on the day it was made.
		var paidOn []domain.Date
		db.View(ctx, func(tx *store.Tx) error {
			ps, err := tx.Postings(ctx, w.grantA.ID)
			for _, p := range ps {
				if p.Kind == ledger.Paid {
					paidOn = append(paidOn, p.Booking)
				}
			}
			return err
		})
		if len(paidOn) != 2 || paidOn[0] != domain.MustDate("2026-11-24") {
			t.Errorf("payments booked on %v", paidOn)
		}
	})
}
