package service_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store/postgres"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// TestCredentialCheckCost (issue 18): the credential check that starts
// every API request and every page view costs PostgreSQL one round trip
// and no write, counted on the wire: the surge makes two API requests per
// declaration, and a read-write transaction of its own (BEGIN, the reads,
// an UPDATE of the last use, COMMIT) was three round trips and a commit of
// each.
func TestCredentialCheckCost(t *testing.T) {
	ctx := context.Background()
	u, wire := testpg.Counting(t, testpg.URL(t))
	db, err := postgres.Open(ctx, u, storetest.Key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := setup(t, db)
	holder := holderActor(t, w.svc, w.holderA, "cost@example.nl")
	token, err := w.svc.CreateAPIToken(ctx, holder, 0, 0, "script")
	if err != nil {
		t.Fatal(err)
	}
	login, err := w.svc.Login(ctx, "cost@example.nl", pw, "192.0.2.30")
	if err != nil {
		t.Fatal(err)
	}
	// A representative's role: the check reads the representation too.
	if _, err := w.svc.CreateAccount(ctx, service.System, service.NewAccount{Email: "vertegenwoordiger@example.nl", Name: "Ouder", Password: pw}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.AddRepresentative(ctx, w.gemeenteA, w.holderA.ID, service.RepresentativeInput{Email: "vertegenwoordiger@example.nl", Kind: "bewindvoerder", ValidFrom: "2026-01-01", Proof: proofScan}); err != nil {
		t.Fatal(err)
	}
	rep, roles, _ := w.svc.AccountByEmail(ctx, service.System, "vertegenwoordiger@example.nl")
	repToken, err := w.svc.CreateAPIToken(ctx, service.System, rep.ID, roles[0].ID, "script")
	if err != nil {
		t.Fatal(err)
	}

	const n = 20
	for _, c := range []struct {
		name  string
		trips int // a check's round trips
		do    func() error
	}{
		{"api token", 1, func() error { _, err := w.svc.ActorForToken(ctx, token); return err }},
		{"api token of a representative", 1, func() error { _, err := w.svc.ActorForToken(ctx, repToken); return err }},
		{"session", 1, func() error { _, err := w.svc.SessionFor(ctx, login.Token); return err }},
		// A page's: the check, then its roles' subjects and unread notices.
		{"page session", 2, func() error {
			_, labels, _, err := w.svc.PageSession(ctx, login.Token)
			if err == nil && (len(labels) != 1 || labels[0].Subject != w.holderA.Name()) {
				t.Fatalf("page session's labels: %+v, want the budget holder %q", labels, w.holderA.Name())
			}
			return err
		}},
	} {
		if err := c.do(); err != nil { // statements prepared on the connection, first use recorded
			t.Fatalf("%s: %v", c.name, err)
		}
		wire.Take()
		for range n {
			if err := c.do(); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
		got := wire.Take()
		changes, commits := got.Writes()
		t.Logf("%s: %d checks, %d round trips, %d statements, %d writes, %d commits", c.name, n, got.RoundTrips, len(got.Statements), changes, commits)
		if got.RoundTrips > c.trips*n || changes > 0 || commits > 0 {
			t.Errorf("%s: %d checks cost %d round trips, %d writes and %d commits; want at most %d, 0 and 0; one check: %q",
				c.name, n, got.RoundTrips, changes, commits, c.trips*n, got.Statements[:len(got.Statements)/n])
		}
	}

	// As in the surge: many tokens, each used once (a provider's to send
	// a declaration, a budget holder's to approve it). Their first uses
	// are written together, by one statement in one transaction.
	var fresh []string
	for range n {
		tok, err := w.svc.CreateAPIToken(ctx, holder, 0, 0, "surge")
		if err != nil {
			t.Fatal(err)
		}
		fresh = append(fresh, tok)
	}
	wire.Take()
	for _, tok := range fresh {
		if _, err := w.svc.ActorForToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	got := wire.Take()
	changes, commits := got.Writes()
	t.Logf("first uses: %d checks, %d round trips, %d writes, %d commits", n, got.RoundTrips, changes, commits)
	if got.RoundTrips > n || changes > 0 || commits > 0 {
		t.Errorf("the first uses of %d tokens cost %d round trips, %d writes and %d commits; want at most %d, 0 and 0", n, got.RoundTrips, changes, commits, n)
	}
	if err := w.svc.FlushTouches(ctx); err != nil {
		t.Fatal(err)
	}
	got = wire.Take()
	changes, commits = got.Writes()
	t.Logf("their flush: %d round trips, %d writes, %d commits", got.RoundTrips, changes, commits)
	if changes != 1 || commits != 1 {
		t.Errorf("the first uses of %d tokens were written with %d statements and %d commits; want 1 and 1: %q", n, changes, commits, got.Statements)
	}
	toks, err := w.svc.APITokens(ctx, holder)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range toks {
		if !k.LastUsedAt.Equal(now) {
			t.Errorf("token %d: last used %v, want %v", k.ID, k.LastUsedAt, now)
		}
	}
}
