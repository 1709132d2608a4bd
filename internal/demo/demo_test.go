package demo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, domain.Amsterdam)
		svc := service.New(db, service.Options{Now: func() time.Time { return now }})
		if err := demo.Load(ctx, svc); err != nil {
			t.Fatal(err)
		}
		if err := demo.Load(ctx, svc); !errors.Is(err, demo.ErrNotEmpty) {
			t.Errorf("second load: %v", err)
		}
		roles := map[domain.Role]bool{}
		for _, a := range demo.Accounts() {
			res, err := svc.Login(ctx, a.Email, a.Password, "test")
			if err != nil {
				t.Fatalf("%s cannot log in: %v", a.Email, err)
			}
			if res.NeedsTOTP != (a.TOTPSecret != "") {
				t.Errorf("%s: needs TOTP %v", a.Email, res.NeedsTOTP)
			}
			s, err := svc.SessionFor(ctx, res.Token)
			if err != nil {
				t.Fatal(err)
			}
			if string(s.Actor.Role.Role) != a.Role {
				t.Errorf("%s acts as %s first, listed as %s", a.Email, s.Actor.Role.Role, a.Role)
			}
			for _, r := range s.Roles {
				roles[r.Role] = true
			}
			a := s.Actor
			a.MFA = true
			switch a.Role.Role {
			case domain.RoleBudgetHolder, domain.RoleRepresentative:
				grants, err := svc.GrantsOf(ctx, a, a.Role.BudgetHolderID)
				if err != nil || len(grants) == 0 {
					t.Fatalf("%s sees no grants: %v", a.Email, err)
				}
				b := grants[0].Balance
				if !b.Holds() || b.Paid == 0 || b.Reserved == 0 {
					t.Errorf("%s: balance %+v should show paid and reserved money", a.Email, b)
				}
			}
		}
		for _, r := range []domain.Role{domain.RoleBudgetHolder, domain.RoleRepresentative, domain.RoleProvider, domain.RoleVerstrekker, domain.RoleSVB, domain.RoleAdmin} {
			if !roles[r] {
				t.Errorf("no demo account has role %s", r)
			}
		}
		if n, probs, err := svc.VerifyAudit(ctx); err != nil || len(probs) != 0 || n < 50 {
			t.Errorf("audit after demo: %d records, %v %v", n, probs, err)
		}
	})
}
