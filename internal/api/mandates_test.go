package api

import (
	"context"
	"strconv"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// items returns a list answer's items.
func (r response) items() []map[string]any {
	var out []map[string]any
	list, _ := r.body["items"].([]any)
	for _, it := range list {
		out = append(out, it.(map[string]any))
	}
	return out
}

// mustField: a refusal names field with code.
func mustField(t *testing.T, r response, status int, code, field string) {
	t.Helper()
	mustProblem(t, r, status, code)
	if got, _, _ := r.firstError(); got != field {
		t.Errorf("want the problem at %q, got %q: %s", field, got, r.raw)
	}
}

func TestMandatesThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		holder := f.token("budgethouder@pgbportaal.demo", "")
		gemeente := f.token("medewerker@utrecht.demo", "")
		count := func() int {
			t.Helper()
			r := f.do("GET", "/api/v1/mandates", holder, "")
			if r.status != 200 {
				t.Fatalf("list: %d %s", r.status, r.raw)
			}
			return len(r.items())
		}
		before := count()

		// Bad input changes nothing and names the field.
		mustField(t, f.do("POST", "/api/v1/mandates", holder, `{"email":5}`), 400, "wrong_type", "email")
		mustField(t, f.do("POST", "/api/v1/mandates", holder, `{"email":"zzp@pgbportaal.demo","until":"2027-01-01"}`), 400, "unknown_field", "until")
		mustField(t, f.do("POST", "/api/v1/mandates", holder, `{}`), 422, "validation", "email")
		mustField(t, f.do("POST", "/api/v1/mandates", holder, `{"email":"zzp@pgbportaal.demo","valid_to":"morgen"}`), 422, "validation", "valid_to")
		mustField(t, f.do("POST", "/api/v1/mandates", holder, `{"email":"niemand@pgbportaal.demo"}`), 422, "validation", "email")
		if n := count(); n != before {
			t.Fatalf("refused requests changed the mandates: %d, was %d", n, before)
		}
		// Staff give no mandates, and have no mandates of their own to list.
		mustProblem(t, f.do("POST", "/api/v1/mandates", gemeente, `{"email":"zzp@pgbportaal.demo"}`), 403, "holder_only")
		mustProblem(t, f.do("GET", "/api/v1/mandates", gemeente, ""), 403, "not_allowed")

		r := f.do("POST", "/api/v1/mandates", holder, `{"email":"zzp@pgbportaal.demo","valid_to":"2027-06-30"}`)
		if r.status != 201 || r.body["kind"] != "gemachtigde" || r.body["valid_to"] != "2027-06-30" || r.body["active"] != true {
			t.Fatalf("grant: %d %s", r.status, r.raw)
		}
		if acts, _ := r.body["your_actions"].([]any); len(acts) != 1 || acts[0] != "revoke" {
			t.Errorf("the holder may revoke what they gave: %s", r.raw)
		}
		id := strconv.Itoa(int(r.num("id")))
		if n := count(); n != before+1 {
			t.Errorf("after granting: %d mandates, want %d", n, before+1)
		}
		// The one it was given to acts for the holder now (a role of their own).
		acc, roles, _ := f.svc.AccountByEmail(context.Background(), service.System, "zzp@pgbportaal.demo")
		found := false
		for _, ro := range roles {
			found = found || (ro.Role == "vertegenwoordiger" && strconv.FormatInt(ro.RepresentationID, 10) == id)
		}
		if !found {
			t.Errorf("account %d got no representative role for mandate %s", acc.ID, id)
		}

		// A foreign representation (the parent's of another budget holder) is not found.
		parent := f.token("ouder@pgbportaal.demo", "vertegenwoordiger")
		child := int64(f.do("GET", "/api/v1/me", parent, "").num("role", "budget_holder_id"))
		reps, err := f.svc.Representatives(context.Background(), service.System, child)
		if err != nil || len(reps) == 0 {
			t.Fatalf("the child's representatives: %v", err)
		}
		foreign := strconv.FormatInt(reps[0].ID, 10)
		mustProblem(t, f.do("POST", "/api/v1/mandates/"+foreign+"/revoke", holder, ""), 404, "not_found")
		mustProblem(t, f.do("POST", "/api/v1/mandates/"+id+"/revoke", gemeente, ""), 403, "holder_only")
		mustProblem(t, f.do("POST", "/api/v1/mandates/abc/revoke", holder, ""), 404, "not_found")
		// Legal representation is the verstrekker's, not the parent's to revoke.
		mustProblem(t, f.do("POST", "/api/v1/mandates/"+foreign+"/revoke", parent, ""), 403, "holder_only")

		r = f.do("POST", "/api/v1/mandates/"+id+"/revoke", holder, "")
		if r.status != 200 || r.body["valid_to"] == "2027-06-30" {
			t.Fatalf("revoke: %d %s", r.status, r.raw)
		}
		if acts, _ := r.body["your_actions"].([]any); len(acts) != 0 {
			t.Errorf("a revoked mandate offers %v", acts)
		}
		mustProblem(t, f.do("POST", "/api/v1/mandates/"+id+"/revoke", holder, ""), 409, "mandate_ended")
	})
}
