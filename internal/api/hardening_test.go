package api

import (
	"encoding/base64"
	"strconv"
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

// TestLegalRepresentativeNeedsProofThroughAPI: the API keeps the rule the
// pages keep: a curator without a scan of the proof is refused at field
// proof; with the scan (base64) the representative is added.
func TestLegalRepresentativeNeedsProofThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	staff := f.token("medewerker@utrecht.demo", "")
	list := f.do("GET", "/api/v1/budget-holders", staff, "")
	items, _ := list.body["items"].([]any)
	if len(items) == 0 {
		t.Fatalf("no budget holders: %s", list.raw)
	}
	path := "/api/v1/budget-holders/" + strconv.Itoa(int(items[0].(map[string]any)["id"].(float64))) + "/representatives"
	r := f.do("POST", path, staff, `{"email":"zzp@pgbportaal.demo","kind":"curator","valid_from":"2026-01-01"}`)
	mustProblem(t, r, 422, "validation")
	if field, code, _ := r.firstError(); field != "proof" || code != "proof_required" {
		t.Errorf("a curator without proof: %s", r.raw)
	}
	r = f.do("POST", path, staff, `{"email":"zzp@pgbportaal.demo","kind":"curator","valid_from":"2026-01-01","proof":{"filename":"html.pdf","content_base64":"`+
		base64.StdEncoding.EncodeToString([]byte("<html><script>x</script></html>"))+`"}}`)
	if field, _, _ := r.firstError(); r.status != 422 || field != "proof" {
		t.Errorf("an HTML page as proof: %d %s", r.status, r.raw)
	}
	r = f.do("POST", path, staff, `{"email":"zzp@pgbportaal.demo","kind":"curator","valid_from":"2026-01-01","proof":{"filename":"beschikking.pdf","content_base64":"`+
		base64.StdEncoding.EncodeToString([]byte("%PDF-1.4\n%%EOF\n"))+`"}}`)
	if r.status != 201 {
		t.Errorf("a curator with proof: %d %s", r.status, r.raw)
	}
}
