package api

import (
	"strconv"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestCareNeedsThroughAPI: a budget holder starts a questionnaire, saves
// its pages, reads the answers back and deletes it; a wrong answer is
// named at its question and changes nothing; another person's
// questionnaire is not found, and staff start none.
func TestCareNeedsThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		holder := f.token("budgethouder@pgbportaal.demo", "")
		zzp := f.token("zzp@pgbportaal.demo", "")
		admin := f.token("beheer@pgbportaal.demo", domain.RoleAdmin)

		before := f.do("GET", "/api/v1/care-needs", holder, "")
		if before.status != 200 || len(items(before)) != 1 { // the demo's
			t.Fatalf("list: %d %s", before.status, before.raw)
		}
		started := f.do("POST", "/api/v1/care-needs", holder, "")
		if started.status != 201 || len(list(started.body["pages"])) != len(domain.NeedSections) || len(started.body["levels"].(map[string]any)) != 0 {
			t.Fatalf("start: %d %s", started.status, started.raw)
		}
		path := started.header.Get("Location")
		if path != "/api/v1/care-needs/"+strconv.Itoa(int(started.num("id"))) {
			t.Fatalf("Location %q", path)
		}
		saved := f.do("PUT", path+"/pages/1", holder, `{"levels":{"wassen":"soms","medicijnen":"vaak"},"note":"Douchen met iemand in de buurt."}`)
		if saved.status != 200 || saved.body["levels"].(map[string]any)["wassen"] != "soms" || saved.body["notes"].(map[string]any)["zelfzorg"] != "Douchen met iemand in de buurt." {
			t.Fatalf("save page 1: %d %s", saved.status, saved.raw)
		}
		// Bad input: a level that is none, a question of another page.
		atField(t, f.do("PUT", path+"/pages/1", holder, `{"levels":{"wassen":"nooit"}}`), 422, "wassen")
		atField(t, f.do("PUT", path+"/pages/1", holder, `{"levels":{"koken":"soms"}}`), 422, "koken")
		mustProblem(t, f.do("PUT", path+"/pages/99", holder, `{"levels":{}}`), 404, "not_found")
		report := f.do("GET", path, holder, "")
		levels := report.body["levels"].(map[string]any)
		if report.status != 200 || levels["wassen"] != "soms" || levels["medicijnen"] != "vaak" || len(levels) != 2 {
			t.Errorf("refused saves changed the answers, or the report lost them: %s", report.raw)
		}
		// Its author's alone.
		mustProblem(t, f.do("GET", path, zzp, ""), 404, "not_found")
		mustProblem(t, f.do("PUT", path+"/pages/1", zzp, `{"levels":{"wassen":"altijd"}}`), 404, "not_found")
		mustProblem(t, f.do("DELETE", path, zzp, ""), 404, "not_found")
		if n := len(items(f.do("GET", "/api/v1/care-needs", zzp, ""))); n != 0 {
			t.Errorf("the provider lists %d questionnaires of others", n)
		}
		mustProblem(t, f.do("POST", "/api/v1/care-needs", admin, ""), 404, "not_found")

		if r := f.do("DELETE", path, holder, ""); r.status != 204 {
			t.Fatalf("delete: %d %s", r.status, r.raw)
		}
		mustProblem(t, f.do("GET", path, holder, ""), 404, "not_found")
		if n := len(items(f.do("GET", "/api/v1/care-needs", holder, ""))); n != 1 {
			t.Errorf("after deleting: %d questionnaires", n)
		}
	})
}
