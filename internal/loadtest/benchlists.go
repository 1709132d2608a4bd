package loadtest

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/app"
	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/web"
)

// BenchLists is pgb bench-lists: it times the list pages at the server, as the people with the
// longest lists see them: the institution with the most budget holders and
// the verstrekker with the most clients (on a dataset of pgb gen). It adds
// an account for each (with a session that has given its second factor),
// then requests each page n times through the portal's own handler and
// reports p50 and p99.
func BenchLists(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pgb bench-lists", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cp := config.Register(fs, getenv)
	n := fs.Int("n", 200, "requests per page")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := *cp
	discard := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := app.Open(ctx, c, discard)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := service.New(db, service.Options{Logger: discard})
	var providerID, orgID int64
	var clients, holders int64
	one := func(q string, a, b *int64) error {
		return db.RawQuery(ctx, q, nil, func(rows *sql.Rows) error { return rows.Scan(a, b) })
	}
	if err := one(`SELECT provider_id, COUNT(DISTINCT budget_holder_id) FROM agreements GROUP BY provider_id ORDER BY 2 DESC LIMIT 1`, &providerID, &clients); err != nil {
		return fmt.Errorf("the largest provider: %w", err)
	}
	if err := one(`SELECT verstrekker_id, COUNT(*) FROM clients GROUP BY verstrekker_id ORDER BY 2 DESC LIMIT 1`, &orgID, &holders); err != nil {
		return fmt.Errorf("the largest verstrekker: %w", err)
	}
	srv, err := web.New(web.Config{Service: svc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	h := srv.Handler()
	stamp := time.Now().UnixNano()
	session := func(role domain.AccountRole, name string) (string, error) {
		return staffSession(ctx, svc, db, role, fmt.Sprintf("%d-%s", stamp, name))
	}
	provider, err := session(domain.AccountRole{Role: domain.RoleProvider, ProviderID: providerID}, "provider")
	if err != nil {
		return err
	}
	staff, err := session(domain.AccountRole{Role: domain.RoleVerstrekker, OrganisationID: orgID}, "staff")
	if err != nil {
		return err
	}
	// A budget holder with an account (pgb gen makes them for some), as the
	// surge's browsers: most of its page views are theirs.
	var holderAcc, holderRole int64
	if err := one(`SELECT account_id, id FROM account_roles WHERE role = 'budgethouder' ORDER BY id DESC LIMIT 1`, &holderAcc, &holderRole); err != nil {
		return fmt.Errorf("a budget holder with an account: %w", err)
	}
	holder, err := openSession(ctx, db, holderAcc, holderRole, true)
	if err != nil {
		return err
	}
	// The SVB's page of the largest payment run, when one was made (pgb payrun).
	var runID, transfers, svbOrg int64
	_ = one(`SELECT id, nb_txs FROM payment_runs ORDER BY nb_txs DESC LIMIT 1`, &runID, &transfers)
	_ = one(`SELECT id, id FROM organisations WHERE kind = 'svb' ORDER BY id LIMIT 1`, &svbOrg, &svbOrg)
	svb := ""
	if runID != 0 && svbOrg == 0 { // pgb gen makes no SVB
		o, err := svc.CreateOrganisation(ctx, service.System, domain.Organisation{Kind: domain.SVB, Name: "SVB", Code: fmt.Sprintf("SVB-%d", stamp)})
		if err != nil {
			return err
		}
		svbOrg = o.ID
	}
	if runID != 0 {
		if svb, err = session(domain.AccountRole{Role: domain.RoleSVB, OrganisationID: svbOrg}, "svb"); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "list pages at the server (%s, %d requests each):\n", kindOf(c), *n)
	fmt.Fprintf(stdout, "  provider %d has agreements with %d budget holders; verstrekker %d has %d clients\n", providerID, clients, orgID, holders)
	pages := []struct{ who, token, path string }{
		{"provider", provider, "/"},
		{"provider", provider, "/overeenkomsten"},
		{"provider", provider, "/overeenkomsten?pagina=40"},
		{"provider", provider, "/declaraties"},
		{"provider", provider, "/declaraties?status=geaccepteerd"},
		{"provider", provider, "/declaraties?q=de"},
		{"provider", provider, "/declaraties?pagina=100"},
		{"verstrekker", staff, "/"},
		{"verstrekker", staff, "/budgethouders?pagina=200"},
		{"verstrekker", staff, "/overeenkomsten"},
		{"verstrekker", staff, "/overeenkomsten?status=bij_verstrekker"},
		{"verstrekker", staff, "/declaraties"},
		{"verstrekker", staff, "/declaraties?status=aangehouden"},
		{"verstrekker", staff, "/declaraties?status=aangehouden&wet=wmo"},
		{"verstrekker", staff, "/declaraties?q=jans"},
		{"verstrekker", staff, "/budgethouders"},
		{"budgethouder", holder, "/"},
		{"budgethouder", holder, "/declaraties"},
		{"budgethouder", holder, "/overeenkomsten"},
		{"budgethouder", holder, "/berichten"},
	}
	if svb != "" {
		fmt.Fprintf(stdout, "  payment run %d has %d transfers\n", runID, transfers)
		for _, path := range []string{fmt.Sprintf("/betaalruns/%d", runID), fmt.Sprintf("/betaalruns/%d?pagina=5000", runID), "/declaraties"} {
			pages = append(pages, struct{ who, token, path string }{"svb", svb, path})
		}
	}
	for _, p := range pages {
		lat := make([]time.Duration, 0, *n)
		var status int
		for range *n {
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, p.path, nil)
			req.AddCookie(&http.Cookie{Name: "pgb_session", Value: p.token})
			rec := httptest.NewRecorder()
			t := time.Now()
			h.ServeHTTP(rec, req)
			lat = append(lat, time.Since(t))
			status = rec.Code
		}
		slices.Sort(lat)
		fmt.Fprintf(stdout, "  %-12s %-42s %d  p50 %6.1f ms  p99 %6.1f ms\n", p.who, p.path, status,
			ms(lat[len(lat)/2]), ms(lat[min(len(lat)-1, len(lat)*99/100)]))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// staffSession adds an account with role (name makes its e-mail address
// unique) and opens a session for it, as after its login: staff with their
// second factor given (enrolled and confirmed as on the page). It returns
// the session's cookie value.
func staffSession(ctx context.Context, svc *service.Service, db *store.DB, role domain.AccountRole, name string) (string, error) {
	acc, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: "bench-" + name + "@bench.invalid", Name: name, Password: "bench-" + name + "-wachtwoord"})
	if err != nil {
		return "", err
	}
	role.AccountID = acc.ID
	r, err := svc.AddRole(ctx, service.System, role)
	if err != nil {
		return "", err
	}
	token, err := openSession(ctx, db, acc.ID, r.ID, !role.Role.IsStaff())
	if err != nil || !role.Role.IsStaff() {
		return token, err
	}
	secret, _, err := svc.StartTOTP(ctx, acc.ID)
	if err != nil {
		return "", err
	}
	return svc.ConfirmTOTP(ctx, auth.HashToken(token), acc.ID, auth.TOTPCode(secret, time.Now())) // a new session id with the second factor
}

// openSession stores a session of an hour for an account acting in a role
// and returns its cookie value.
func openSession(ctx context.Context, db *store.DB, accountID, roleID int64, mfaOK bool) (string, error) {
	token, hash := auth.NewToken("")
	now := time.Now()
	err := db.Update(ctx, func(tx *store.Tx) error {
		return tx.CreateSession(ctx, store.Session{TokenHash: hash, AccountID: accountID, RoleID: roleID, MFAOK: mfaOK, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)})
	})
	return token, err
}
