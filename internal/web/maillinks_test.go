package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/web"
)

// TestOutboxPageMasksLinks: outside the demo, the beheerder's "Uitgaande
// e-mail" shows a reset mail with its link masked. On both databases.
func TestOutboxPageMasksLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clock := now
		svc := service.New(db, service.Options{Now: func() time.Time { return clock }, FileDir: t.TempDir()})
		if err := demo.Load(context.Background(), svc); err != nil {
			t.Fatal(err)
		}
		s, err := web.New(web.Config{Service: svc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}) // production: no demo
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s.Handler())
		t.Cleanup(srv.Close)
		p := &portal{srv: srv, svc: svc, db: db}
		bh := demoAccount(t, "budgethouder")
		p.client(t).post("/wachtwoord-vergeten", map[string][]string{"email": {bh.Email}})
		admin := p.client(t)
		admin.login(demoAccount(t, "beheerder"))
		_, page := admin.get("/beheer/uitgaande-mail")
		if !strings.Contains(page, bh.Email) || !strings.Contains(page, "/wachtwoord-herstellen/"+service.LinkMask) {
			t.Fatalf("no masked reset mail on the page:\n%s", page)
		}
		if l := regexp.MustCompile(`/(wachtwoord-herstellen|uitnodiging|uitnodiging-budgethouder)/[A-Za-z0-9_-]{20,}`).FindString(page); l != "" {
			t.Errorf("a live link on the beheerder's page: %s", l)
		}
	})
}
