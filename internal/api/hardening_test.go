package api

import (
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestAPIAnswersAreNotCached: every API answer (JSON, a problem, the
// OpenAPI document) says Cache-Control: no-store; the payment file is in
// TestPayRunThroughAPI.
func TestAPIAnswersAreNotCached(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	tok := f.token("budgethouder@pgbportaal.demo", "")
	for _, r := range []response{
		f.do("GET", "/api/v1/me", tok, ""),
		f.do("GET", "/api/v1/me", "", ""),
		f.do("GET", "/api/v1/nothing-here", tok, ""),
		f.do("GET", "/api/v1/openapi.json", "", ""),
	} {
		if cc := r.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%d %s: Cache-Control %q", r.status, r.raw[:min(len(r.raw), 60)], cc)
		}
	}
}
