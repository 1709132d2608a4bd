package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestEveryDemoRoleHasWork: the demo tells the story, so every login on the
// start page finds something waiting on its overview, named in words, with
// a link to where it is done.
func TestEveryDemoRoleHasWork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, domain.Amsterdam)
		svc := service.New(db, service.Options{Now: func() time.Time { return now }})
		if err := demo.Load(ctx, svc); err != nil {
			t.Fatal(err)
		}
		for _, acc := range demo.Accounts() {
			a, roles, err := svc.AccountByEmail(ctx, service.System, acc.Email)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range roles {
				actor := service.Actor{AccountID: a.ID, Name: a.Name, Role: r, MFA: true}
				items, err := svc.WorkList(ctx, actor)
				if err != nil {
					t.Fatalf("%s as %s: %v", acc.Email, r.Role, err)
				}
				for _, it := range items {
					text := i18n.T("nl", it.Key, it.Args...)
					t.Logf("%s as %s: %s → %s", acc.Email, r.Role, text, it.Link)
					if text == it.Key || strings.Contains(text, "%!") || !strings.HasPrefix(it.Link, "/") {
						t.Errorf("%s as %s: item %q → %q", acc.Email, r.Role, text, it.Link)
					}
				}
				if len(items) == 0 && string(r.Role) == acc.Role {
					t.Errorf("%s (%s) has nothing on the work list", acc.Email, acc.Role)
				}
			}
		}
	})
}
