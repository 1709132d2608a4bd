package demo_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestDemoStory: the demo's mails link to the configured address (also
// those of the history, made with the clock of then); one mail, the
// invitation to A. El Amrani's mistyped address, was refused and given up;
// no invitation goes to an account that exists; and every holder with a
// login sees declarations behind its figures.
func TestDemoStory(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, domain.Amsterdam)
	svc := service.New(db, service.Options{Now: func() time.Time { return now }, PublicURL: "https://pgb.voorbeeld.nl", FileDir: t.TempDir()})
	if err := demo.Load(ctx, svc); err != nil {
		t.Fatal(err)
	}
	var mails []store.Mail
	if err := db.View(ctx, func(tx *store.Tx) error {
		var err error
		mails, err = tx.Outbox(ctx, 1000)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	links, failed := 0, 0
	for _, m := range mails {
		for _, l := range regexp.MustCompile(`https?://[^\s/]+`).FindAllString(m.Body, -1) {
			links++
			if l != "https://pgb.voorbeeld.nl" {
				t.Errorf("mail %q to %s links to %s", m.Subject, m.To, l)
			}
		}
		if !m.FailedAt.IsZero() || m.LastError != "" {
			failed++
			if m.To != "a.elamrani@hotmial.demo" || m.FailedAt.IsZero() || !strings.Contains(m.LastError, "550") {
				t.Errorf("failed mail to %s: %q, given up %v", m.To, m.LastError, !m.FailedAt.IsZero())
			}
		}
		if strings.Contains(m.Body, "/uitnodiging-budgethouder/") && m.To == "budgethouder@pgbportaal.demo" {
			t.Error("an invitation went to J. de Vries, who has an account")
		}
	}
	if links == 0 || failed != 1 {
		t.Errorf("%d links in %d mails, %d failed (want 1)", links, len(mails), failed)
	}
	for _, role := range []string{"budgethouder", "vertegenwoordiger"} {
		for _, a := range demo.Accounts() {
			if a.Role != role {
				continue
			}
			acc, roles, err := svc.AccountByEmail(ctx, service.System, a.Email)
			if err != nil {
				t.Fatal(err)
			}
			act := service.Actor{AccountID: acc.ID, Name: acc.Name, Role: roles[0]}
			ds, err := svc.Declarations(ctx, act)
			if err != nil || len(ds) < 3 {
				t.Errorf("%s sees %d declarations: %v", a.Email, len(ds), err)
			}
			paid := map[domain.DeclarationState]int{}
			for _, d := range ds {
				paid[d.State]++
			}
			if paid[domain.DeclPaid] == 0 || paid[domain.DeclAccepted] == 0 {
				t.Errorf("%s: declarations by state %v, want paid and accepted ones", a.Email, paid)
			}
		}
	}
}
