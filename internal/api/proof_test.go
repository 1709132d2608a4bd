package api

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestRepresentationProofThroughAPI: the verstrekker's staff see that the
// parent's legal representation has a proof and download its scan; the
// parent, another verstrekker's staff and a wrong budget holder get 404.
func TestRepresentationProofThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	gemeente := f.token("medewerker@utrecht.demo", "")
	zorgkantoor := f.token("medewerker@zorgkantoor.demo", "")
	parent := f.token("ouder@pgbportaal.demo", "vertegenwoordiger")
	holder := f.token("budgethouder@pgbportaal.demo", "")
	child := strconv.Itoa(int(f.do("GET", "/api/v1/me", parent, "").num("role", "budget_holder_id")))
	own := strconv.Itoa(int(f.do("GET", "/api/v1/me", holder, "").num("role", "budget_holder_id")))

	reps := f.do("GET", "/api/v1/budget-holders/"+child+"/representatives", gemeente, "").items()
	if len(reps) != 1 || reps[0]["proof"] == nil || reps[0]["proof"].(map[string]any)["filename"] != "uittreksel-gezag.pdf" {
		t.Fatalf("staff see the proof: %v", reps)
	}
	rid := strconv.Itoa(int(reps[0]["id"].(float64)))
	if mine := f.do("GET", "/api/v1/budget-holders/"+child+"/representatives", parent, "").items(); len(mine) != 1 || mine[0]["proof"] != nil {
		t.Errorf("the parent is shown the proof: %v", mine)
	}
	path := "/api/v1/budget-holders/" + child + "/representatives/" + rid + "/proof"
	r := f.do("GET", path, gemeente, "")
	if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.raw, "%PDF-") {
		t.Fatalf("download: %d %s %q", r.status, r.header.Get("Content-Type"), r.raw)
	}
	mustProblem(t, f.do("GET", path, parent, ""), 404, "not_found")
	mustProblem(t, f.do("GET", path, zorgkantoor, ""), 404, "not_found")
	mustProblem(t, f.do("GET", path, holder, ""), 404, "not_found")
	// The representation under another budget holder (one the staff do see).
	mustProblem(t, f.do("GET", "/api/v1/budget-holders/"+own+"/representatives/"+rid+"/proof", gemeente, ""), 404, "not_found")
	mustProblem(t, f.do("GET", "/api/v1/budget-holders/"+child+"/representatives/abc/proof", gemeente, ""), 404, "not_found")
	// A representation without a proof (a mandate) has none to download.
	m := f.do("POST", "/api/v1/mandates", holder, `{"email":"zzp@pgbportaal.demo"}`)
	if m.status != 201 {
		t.Fatalf("mandate: %d %s", m.status, m.raw)
	}
	mustProblem(t, f.do("GET", "/api/v1/budget-holders/"+own+"/representatives/"+strconv.Itoa(int(m.num("id")))+"/proof", gemeente, ""), 404, "not_found")
}
