package api

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestLargeDeclarationBatchIsAJob: a batch over the 1000 entered in the
// request is answered 202 with the job to poll at Location; once done the
// job links to its results, the outcome per declaration as a small batch's
// 200 answer gives it (a refused one with its problem). A retry with the
// key gets the same job and makes nothing; Prefer: respond-async makes a
// job of a small batch; another provider gets 404 for the job and its
// results.
func TestLargeDeclarationBatchIsAJob(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	zzp := f.token("zzp@pgbportaal.demo", "")
	other := f.token("zorgverlener@pgbportaal.demo", "")
	list := f.do("GET", "/api/v1/agreements", zzp, "")
	agID := strconv.Itoa(int(list.body["items"].([]any)[0].(map[string]any)["id"].(float64)))
	var items []string
	for i := 0; i < 1001; i++ {
		units := 200
		if i == 3 {
			units = 110 // not whole quarters: refused
		}
		items = append(items, fmt.Sprintf(`{"agreement_id":%s,"month":"2026-10","invoice_number":"G-%d","lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":%d}]}`, agID, i, units))
	}
	body := `{"declarations":[` + strings.Join(items, ",") + `]}`
	r := f.do("POST", "/api/v1/declarations/batch", zzp, body, "Idempotency-Key", "groot-1")
	loc := accepted(t, r, "declarations")
	job := f.finished(loc, zzp)
	links, _ := job.body["_links"].(map[string]any)
	if job.body["state"] != "done" || job.num("result", "created") != 1000 || job.num("result", "failed") != 1 || links["results"] != loc+"/results" ||
		job.num("done") != 1001 || job.num("total") != 1001 {
		t.Fatalf("the done job: %s", job.raw)
	}
	res := f.do("GET", loc+"/results", zzp, "")
	if res.status != 200 || res.num("created") != 1000 || res.num("failed") != 1 {
		t.Fatalf("results: %d %.300s", res.status, res.raw)
	}
	results := res.body["results"].([]any)
	bad, good := results[3].(map[string]any), results[4].(map[string]any)
	if len(results) != 1001 || bad["status"].(float64) != 422 || bad["index"].(float64) != 3 ||
		!strings.Contains(res.raw, `"field":"lines[0].units","code":"units_step"`) {
		t.Errorf("the refused one: %v", bad)
	}
	if good["status"].(float64) != 201 || good["state"] != "concept" || !strings.HasPrefix(good["location"].(string), "/api/v1/declarations/") {
		t.Errorf("a made one: %v", good)
	}
	if d := f.do("GET", good["location"].(string), zzp, ""); d.status != 200 {
		t.Errorf("a made declaration: %d", d.status)
	}
	// The retry: the same job, nothing new.
	again := f.do("POST", "/api/v1/declarations/batch", zzp, body, "Idempotency-Key", "groot-1")
	if accepted(t, again, "declarations") != loc || again.header.Get("Idempotency-Replayed") != "true" {
		t.Errorf("retry: %s %q", again.header.Get("Location"), again.header.Get("Idempotency-Replayed"))
	}
	f.svc.WaitJobs()
	if r := f.do("GET", loc+"/results", zzp, ""); r.num("created") != 1000 {
		t.Errorf("after the retry: %.200s", r.raw)
	}
	mustProblem(t, f.do("POST", "/api/v1/declarations/batch", zzp, `{"declarations":[`+items[0]+`]}`, "Idempotency-Key", "groot-1"), 409, "idempotency_key_reused")
	// Asked for: a small batch as a job.
	small := f.do("POST", "/api/v1/declarations/batch", zzp, `{"declarations":[`+items[3]+`]}`, "Prefer", "respond-async")
	sloc := accepted(t, small, "declarations")
	if j := f.finished(sloc, zzp); j.num("result", "failed") != 1 {
		t.Errorf("the small job: %s", j.raw)
	}
	// Another provider's.
	mustProblem(t, f.do("GET", loc, other, ""), 404, "not_found")
	mustProblem(t, f.do("GET", loc+"/results", other, ""), 404, "not_found")
	mustProblem(t, f.do("GET", "/api/v1/jobs/999999/results", zzp, ""), 404, "not_found")
}
