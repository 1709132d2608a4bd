package api

import (
	"context"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/postgres"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// TestDatabaseOutageIs503: while the database cannot be reached (its
// connections reset, new ones refused), a request is answered 503 with
// Retry-After and the problem code unavailable in the caller's language,
// as the document says (the contract checks each answer); once it can be
// reached again the same requests succeed, without a restart.
func TestDatabaseOutageIs503(t *testing.T) {
	u, link := testpg.Cuttable(t, testpg.URL(t))
	db, err := postgres.Open(context.Background(), u, storetest.Key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := newFixture(t, db)
	holder := f.token("budgethouder@pgbportaal.demo", "")
	for _, path := range []string{"/api/v1/me", "/api/v1/declarations"} {
		if r := f.do("GET", path, holder, ""); r.status != 200 {
			t.Fatalf("%s before the outage: %d %s", path, r.status, r.raw)
		}
	}

	link.Cut()
	for lang, detail := range map[string]string{"nl": "Probeer het over een paar seconden opnieuw.", "en": "Please try again in a few seconds."} {
		for _, req := range [][2]string{{"GET", "/api/v1/me"}, {"GET", "/api/v1/declarations"}, {"POST", "/api/v1/declarations/1/approve"}} {
			r := f.do(req[0], req[1], holder, "", "Accept-Language", lang)
			mustProblem(t, r, 503, "unavailable")
			if r.header.Get("Retry-After") != "5" || r.header.Get("Content-Language") != lang || r.body["detail"] == nil || !strings.Contains(r.body["detail"].(string), detail) {
				t.Errorf("%s %s in %s: Retry-After %q, Content-Language %q: %s", req[0], req[1], lang, r.header.Get("Retry-After"), r.header.Get("Content-Language"), r.raw)
			}
		}
	}

	link.Mend()
	for _, path := range []string{"/api/v1/me", "/api/v1/declarations"} {
		if r := f.do("GET", path, holder, ""); r.status != 200 || r.header.Get("Retry-After") != "" {
			t.Errorf("%s after the outage: %d %s", path, r.status, r.raw)
		}
	}
}
