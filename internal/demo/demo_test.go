package demo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
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
			t.Errorf("second load: %v, want ErrNotEmpty", err)
		}

		roles := map[domain.Role]bool{}
		staff := map[string]service.Actor{} // e-mail → actor after the second factor
		for _, a := range demo.Accounts() {
			// The passwords the start page lists keep the rule new
			// passwords must keep (CreateAccount refuses others too).
			if code := auth.ValidatePassword(a.Password, a.Email, a.Label); code != "" {
				t.Errorf("%s: password %q: %s", a.Email, a.Password, code)
			}
			res, err := svc.Login(ctx, a.Email, a.Password, "192.0.2.1")
			if err != nil {
				t.Fatalf("%s cannot log in: %v", a.Email, err)
			}
			if res.NeedsTOTP != (a.TOTPSecret != "") || res.MustEnroll {
				t.Errorf("%s: needs TOTP %v, must enroll %v", a.Email, res.NeedsTOTP, res.MustEnroll)
			}
			if a.TOTPSecret != "" {
				// The code the start page shows completes the login.
				tok, err := svc.VerifyTOTP(ctx, auth.HashToken(res.Token), auth.TOTPCode(a.TOTPSecret, now))
				if err != nil {
					t.Errorf("%s: TOTP with the demo secret: %v", a.Email, err)
				}
				res.Token = tok // a new session id with the second factor
			}
			s, err := svc.SessionFor(ctx, res.Token)
			if err != nil {
				t.Fatal(err)
			}
			if s.NeedsTOTP || !s.Actor.MFA && a.TOTPSecret != "" {
				t.Errorf("%s: session still waits for the second factor", a.Email)
			}
			if string(s.Actor.Role.Role) != a.Role {
				t.Errorf("%s acts as %s first, listed as %s", a.Email, s.Actor.Role.Role, a.Role)
			}
			for _, r := range s.Roles {
				roles[r.Role] = true
			}
			act := s.Actor
			switch act.Role.Role {
			case domain.RoleBudgetHolder, domain.RoleRepresentative:
				grants, err := svc.GrantsOf(ctx, act, act.Role.BudgetHolderID)
				if err != nil || len(grants) == 0 {
					t.Fatalf("%s sees no grants: %v", a.Email, err)
				}
				b := grants[0].Balance
				if !b.Holds() || b.Paid <= 0 || b.Reserved <= 0 {
					t.Errorf("%s: balance %+v should hold and show paid and reserved money", a.Email, b)
				}
				if act.Role.Role == domain.RoleRepresentative {
					if grants[0].Law != domain.Law("jeugdwet") {
						t.Errorf("representative sees a %s grant, want the child's jeugdwet grant", grants[0].Law)
					}
					has := map[domain.Role]bool{}
					for _, r := range s.Roles {
						has[r.Role] = true
					}
					if !has[domain.RoleProvider] {
						t.Errorf("%s: the parent should also be zorgverlener, has %v", a.Email, s.Roles)
					}
				}
			case domain.RoleVerstrekker:
				staff[a.Email] = act
			}
		}
		for _, r := range []domain.Role{domain.RoleBudgetHolder, domain.RoleRepresentative, domain.RoleProvider, domain.RoleVerstrekker, domain.RoleSVB, domain.RoleAdmin} {
			if !roles[r] {
				t.Errorf("no demo account has role %s", r)
			}
		}

		// Each verstrekker sees its own budget holders only: the gemeente
		// three (Wmo, Jeugdwet), the zorgkantoor two (Wlz); every grant
		// balance holds, and one Wmo grant was raised with a reason.
		want := map[string]int{"medewerker@utrecht.demo": 3, "medewerker@zorgkantoor.demo": 2}
		revised, lastYear := false, false
		for email, act := range staff {
			bhs, err := svc.SearchBudgetHolders(ctx, act, "", 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(bhs) != want[email] {
				t.Errorf("%s sees %d budget holders, want %d", email, len(bhs), want[email])
			}
			for _, bh := range bhs {
				grants, err := svc.GrantsOf(ctx, act, bh.ID)
				if err != nil || len(grants) == 0 {
					t.Fatalf("%s: no grants for budget holder %d: %v", email, bh.ID, err)
				}
				for _, g := range grants {
					if !g.Balance.Holds() {
						t.Errorf("grant %s: balance %+v does not hold", g.Reference, g.Balance)
					}
					if g.Period.Start.Year == 2025 {
						lastYear = true
					}
					if n := len(g.Revisions); n > 1 && g.Revisions[n-1].Reason != "" && g.Revisions[n-1].EffectiveFrom == domain.NewDate(2026, 7, 1) {
						revised = true
					}
				}
			}
		}
		if len(staff) != 2 || !revised || !lastYear {
			t.Errorf("staff %d, revised grant %v, last year's grant %v", len(staff), revised, lastYear)
		}

		if n, probs, err := svc.VerifyAudit(ctx); err != nil || len(probs) != 0 || n < 50 {
			t.Errorf("audit after demo: %d records, %v %v", n, probs, err)
		}
	})
}

// The dataset follows the clock: it loads on any day of the year, also when
// no month of this year has passed yet or the raise lies in the future.
func TestLoadAnyDay(t *testing.T) {
	for _, day := range []string{"2026-01-02", "2026-03-10", "2026-07-01", "2026-12-31", "2028-02-29"} {
		t.Run(day, func(t *testing.T) {
			d := domain.MustDate(day)
			now := time.Date(d.Year, d.Month, d.Day, 9, 0, 0, 0, domain.Amsterdam)
			svc := service.New(storetest.OpenSQLite(t), service.Options{Now: func() time.Time { return now }})
			if err := demo.Load(context.Background(), svc); err != nil {
				t.Fatal(err)
			}
			if _, probs, err := svc.VerifyAudit(context.Background()); err != nil || len(probs) != 0 {
				t.Errorf("audit: %v %v", probs, err)
			}
		})
	}
}
