package api

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func TestAgreementLifecycleThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		holder := f.token("budgethouder@pgbportaal.demo", "")
		provider := f.token("zorgverlener@pgbportaal.demo", "")
		parentAsProvider := f.token("ouder@pgbportaal.demo", domain.RoleProvider)
		gemeente := f.token("medewerker@utrecht.demo", "")
		zorgkantoor := f.token("medewerker@zorgkantoor.demo", "")

		me := f.do("GET", "/api/v1/me", holder, "")
		grants := f.do("GET", "/api/v1/budget-holders/"+strconv.Itoa(int(me.num("role", "budget_holder_id")))+"/grants", holder, "")
		grantID := int(grants.body["items"].([]any)[0].(map[string]any)["id"].(float64))
		provMe := f.do("GET", "/api/v1/me", provider, "")
		provID := int(provMe.num("role", "provider_id"))

		body := `{"grant_id":` + strconv.Itoa(grantID) + `,"provider_id":` + strconv.Itoa(provID) + `,"kind":"zorginstelling","kvk":"34567890","agb":"01234567","start":"2026-11-01",
			"lines":[{"care_type":"begeleiding","unit":"uur","rate_cents":6250,"max_units_hundredths":600,"per":"week"}]}`
		// Bad input is refused at the field.
		r := f.do("POST", "/api/v1/agreements", holder, `{"grant_id":`+strconv.Itoa(grantID)+`,"provider_id":`+strconv.Itoa(provID)+`,"kind":"zorginstelling","kvk":"34567890","agb":"01234567","start":"2025-11-01",
			"lines":[{"care_type":"massage","unit":"uur","rate_cents":6250,"max_units_hundredths":610,"per":"week"}]}`)
		mustProblem(t, r, 422, "validation")
		fields := map[string]bool{}
		for _, e := range r.body["errors"].([]any) {
			fields[e.(map[string]any)["field"].(string)] = true
		}
		for _, want := range []string{"start", "lines[0].care_type", "lines[0].max_units"} {
			if !fields[want] {
				t.Errorf("no error at %s: %s", want, r.raw)
			}
		}
		r = f.do("POST", "/api/v1/agreements", holder, body)
		if r.status != 201 || r.body["state"] != "concept" {
			t.Fatalf("create: %d %s", r.status, r.raw)
		}
		id := strconv.Itoa(int(r.num("id")))
		path := "/api/v1/agreements/" + id
		// Other parties do not see it.
		mustProblem(t, f.do("GET", path, parentAsProvider, ""), 404, "not_found")
		mustProblem(t, f.do("GET", path, zorgkantoor, ""), 404, "not_found")
		if r := f.do("GET", path, provider, ""); r.status != 200 || r.body["your_party"] != "zorgverlener" {
			t.Fatalf("provider reads: %d %s", r.status, r.raw)
		}
		// Two edits from the same read: the second is told.
		edit := body[:len(body)-1] + `,"row_version":1}`
		if r := f.do("PUT", path, provider, edit); r.status != 200 {
			t.Fatalf("edit: %d %s", r.status, r.raw)
		}
		mustProblem(t, f.do("PUT", path, holder, edit), 409, "agreement_changed")

		step := func(tok, action, payload string, status int) response {
			t.Helper()
			r := f.do("POST", path+"/"+action, tok, payload)
			if r.status != status {
				t.Fatalf("%s: %d %s", action, r.status, r.raw)
			}
			return r
		}
		step(provider, "send-for-signing", "", 200)
		mustProblem(t, f.do("POST", path+"/sign", holder, `{"secret":"wrong"}`), 422, "validation")
		step(holder, "sign", `{"secret":"demo-eigen-regie"}`, 200)
		mustProblem(t, f.do("POST", path+"/submit", holder, ""), 409, "agreement_transition")
		r = step(provider, "sign", `{"secret":"demo-thuiszorg-midden"}`, 200)
		if r.body["state"] != "ondertekend" || len(r.body["versions"].([]any)[0].(map[string]any)["signatures"].([]any)) != 2 {
			t.Fatalf("signed by both: %s", r.raw)
		}
		mustProblem(t, f.do("POST", path+"/submit", provider, ""), 409, "agreement_not_your_turn")
		step(holder, "submit", "", 200)
		mustProblem(t, f.do("POST", path+"/approve", holder, ""), 409, "agreement_not_your_turn")
		mustProblem(t, f.do("POST", path+"/approve", zorgkantoor, ""), 404, "not_found")
		r = step(gemeente, "approve", "", 200)
		if r.body["state"] != "goedgekeurd" || r.num("in_force_version") != 1 {
			t.Fatalf("approved: %s", r.raw)
		}
		// An action the agreement does not have is not a missing agreement.
		mustProblem(t, f.do("POST", path+"/bogus", holder, ""), 404, "unknown_action")
		if field, code, _ := f.do("POST", path+"/bogus", holder, "").firstError(); field != "action" || code != "unknown_action" {
			t.Errorf("unknown action names %q %q, want action unknown_action", field, code)
		}
		mustProblem(t, f.do("POST", "/api/v1/agreements/999999/bogus", holder, ""), 404, "unknown_action")
		// Each action your_actions offers is a path's action, as it is named there.
		mine := f.do("GET", path, provider, "")
		offered, _ := mine.body["your_actions"].([]any)
		if len(offered) == 0 {
			t.Fatalf("an approved agreement offers the provider nothing: %s", mine.raw)
		}
		for _, act := range offered {
			if a, ok := domain.ParseAgreementAction(act.(string)); !ok || (a == domain.ActEdit) {
				t.Errorf("your_actions offers %v, which no path takes", act)
			}
		}
		// Ending: proposed by a party (the action as your_actions names it),
		// processed by the verstrekker.
		step(provider, "propose_end", `{"date":"2026-12-31"}`, 200)
		r = step(gemeente, "end", "", 200)
		if r.body["ended"] != true {
			t.Errorf("ended: %s", r.raw)
		}
		mustProblem(t, f.do("POST", path+"/change", holder, `{"date":"2027-01-01"}`), 409, "agreement_transition")
		// The thread and the inbox.
		if r := f.do("POST", path+"/messages", provider, `{"body":"Tot ziens"}`); r.status != 201 {
			t.Errorf("message: %d %s", r.status, r.raw)
		}
		mustProblem(t, f.do("POST", path+"/messages", zorgkantoor, `{"body":"x"}`), 404, "not_found")
		inbox := f.do("GET", "/api/v1/inbox", holder, "", "Accept-Language", "en")
		items, _ := inbox.body["items"].([]any)
		if inbox.status != 200 || len(items) == 0 || !strings.Contains(items[0].(map[string]any)["text"].(string), "New message") {
			t.Errorf("inbox: %s", inbox.raw)
		}
		// The tariff table is readable.
		if r := f.do("GET", "/api/v1/tariffs?law=wlz", gemeente, ""); r.status != 200 || len(r.body["items"].([]any)) == 0 {
			t.Errorf("tariffs: %d", r.status)
		}
	})
}
