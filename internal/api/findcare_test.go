package api

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func items(r response) []map[string]any {
	var out []map[string]any
	list, _ := r.body["items"].([]any)
	for _, it := range list {
		out = append(out, it.(map[string]any))
	}
	return out
}

func atField(t *testing.T, r response, status int, field string) {
	t.Helper()
	if got, _, _ := r.firstError(); r.status != status || got != field {
		t.Errorf("want %d at field %q, got %d %s", status, field, r.status, r.raw)
	}
}

// TestFindCareProfilesThroughAPI: a budget holder searches the published
// profiles of a gemeente a page at a time and reads one; a provider keeps
// its own profile, and a wrong gemeente is named at its field while the
// profile stays as it was; others may not search or save.
func TestFindCareProfilesThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		holder := f.token("budgethouder@pgbportaal.demo", "")
		zzp := f.token("zzp@pgbportaal.demo", "")
		gm := f.token("medewerker@utrecht.demo", "")

		first := f.do("GET", "/api/v1/care-profiles?gemeente=Utrecht&care_type=begeleiding&pageSize=2", holder, "")
		found := items(first)
		if first.status != 200 || len(found) != 2 || first.num("total") < 3 || first.body["_links"].(map[string]any)["next"] == nil {
			t.Fatalf("search: %d %s", first.status, first.raw)
		}
		for _, p := range found {
			if !list(p["care_types"]).has("begeleiding") || !list(p["gemeenten"]).has("GM0344") {
				t.Errorf("a profile that does not fit: %v", p)
			}
		}
		next := f.do("GET", first.body["_links"].(map[string]any)["next"].(map[string]any)["href"].(string), holder, "")
		if next.status != 200 || len(items(next)) == 0 || items(next)[0]["id"] == found[0]["id"] {
			t.Errorf("page 2: %d %s", next.status, next.raw)
		}
		if strings.Contains(first.raw, "iban") || strings.Contains(first.raw, "NL20INGB") {
			t.Errorf("a profile carries an IBAN: %s", first.raw)
		}
		// Bad input: named at the parameter.
		atField(t, f.do("GET", "/api/v1/care-profiles?care_type=begeleiding", holder, ""), 422, "gemeente")
		atField(t, f.do("GET", "/api/v1/care-profiles?gemeente=Utrech", holder, ""), 422, "gemeente")
		atField(t, f.do("GET", "/api/v1/care-profiles?gemeente=Utrecht&pageSize=0", holder, ""), 400, "pageSize")
		// Only budget holders and representatives search.
		mustProblem(t, f.do("GET", "/api/v1/care-profiles?gemeente=Utrecht", zzp, ""), 404, "not_found")
		mustProblem(t, f.do("GET", "/api/v1/care-profiles?gemeente=Utrecht", gm, ""), 404, "not_found")

		id := strconv.Itoa(int(found[0]["id"].(float64)))
		if one := f.do("GET", "/api/v1/care-profiles/"+id, holder, ""); one.status != 200 || one.body["id"] != found[0]["id"] || one.body["own"] != false {
			t.Errorf("one profile: %d %s", one.status, one.raw)
		}
		mustProblem(t, f.do("GET", "/api/v1/care-profiles/"+id, gm, ""), 404, "not_found")

		// The provider's own profile.
		mine := f.do("GET", "/api/v1/me/care-profile", zzp, "")
		if mine.status != 200 || mine.body["own"] != true || mine.body["published"] != true || mine.body["provider_name"] != "Zorg met Aandacht – R. Smit" {
			t.Fatalf("own profile: %d %s", mine.status, mine.raw)
		}
		mustProblem(t, f.do("GET", "/api/v1/me/care-profile", holder, ""), 404, "not_found")
		body := `{"care_types":["begeleiding"],"laws":["wmo"],"gemeenten":["Utrecht","Zeist"],"availability":["ma-ochtend","di-middag"],"languages":["nl"],
			"rate_min_cents":5000,"rate_max_cents":6000,"text":"Begeleiding thuis in Utrecht en Zeist.","published":true}`
		bad := strings.Replace(body, `"Zeist"`, `"Zeistt"`, 1)
		atField(t, f.do("PUT", "/api/v1/me/care-profile", zzp, bad), 422, "gemeenten")
		if again := f.do("GET", "/api/v1/me/care-profile", zzp, ""); again.body["text"] != mine.body["text"] {
			t.Errorf("a refused save changed the profile: %s", again.raw)
		}
		atField(t, f.do("PUT", "/api/v1/me/care-profile", zzp, strings.Replace(body, `"text"`, `"txt"`, 1)), 400, "txt")
		mustProblem(t, f.do("PUT", "/api/v1/me/care-profile", holder, body), 403, "provider_only")
		saved := f.do("PUT", "/api/v1/me/care-profile", zzp, body)
		if saved.status != 200 || saved.body["text"] != "Begeleiding thuis in Utrecht en Zeist." || saved.num("rate_min_cents") != 5000 ||
			!list(saved.body["availability"]).has("di-middag") || len(saved.body["gemeenten"].([]any)) != 2 {
			t.Errorf("save: %d %s", saved.status, saved.raw)
		}
	})
}

type anyList []any

func list(v any) anyList { l, _ := v.([]any); return l }

func (l anyList) has(s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// TestFindCareRequestsThroughAPI: a holder posts and lists requests; a
// provider whose profile fits finds it without learning who posted it,
// answers, and learns the holder's name only when the holder replies to
// it, while another provider in the same request still does not; the
// holder closes it. Bad input is named at its field and posts nothing.
func TestFindCareRequestsThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		holder := f.token("budgethouder@pgbportaal.demo", "")
		zzp := f.token("zzp@pgbportaal.demo", "")
		zv := f.token("zorgverlener@pgbportaal.demo", "")
		gm := f.token("medewerker@utrecht.demo", "")

		own := f.do("GET", "/api/v1/care-requests", holder, "")
		if own.status != 200 || len(items(own)) != 1 || items(own)[0]["relation"] != "mine" || items(own)[0]["mine"] != true {
			t.Fatalf("own requests: %d %s", own.status, own.raw)
		}
		mustProblem(t, f.do("GET", "/api/v1/care-requests", gm, ""), 404, "not_found")

		// Bad input: named, nothing posted; a provider may not post.
		atField(t, f.do("POST", "/api/v1/care-requests", holder, `{"care_type":"begeleiding","gemeente":"Utrech","hours_per_week":4,"text":"Hulp bij de week."}`), 422, "gemeente")
		atField(t, f.do("POST", "/api/v1/care-requests", holder, `{"care_type":"begeleiding","gemeente":"Utrecht","hours_per_week":"vier"}`), 400, "hours_per_week")
		mustProblem(t, f.do("POST", "/api/v1/care-requests", zzp, `{"care_type":"begeleiding","gemeente":"Utrecht","hours_per_week":4,"text":"Hulp."}`), 403, "holder_only")
		if n := len(items(f.do("GET", "/api/v1/care-requests", holder, ""))); n != 1 {
			t.Errorf("refused posts made requests: %d", n)
		}
		posted := f.do("POST", "/api/v1/care-requests", holder, `{"care_type":"begeleiding","gemeente":"Utrecht","availability":["di-middag"],"hours_per_week":3,"text":"Begeleiding op dinsdagmiddag."}`)
		if posted.status != 201 || posted.body["mine"] != true || posted.body["gemeente"] != "GM0344" || posted.header.Get("Location") != "/api/v1/care-requests/"+strconv.Itoa(int(posted.num("id"))) {
			t.Fatalf("post: %d %s", posted.status, posted.raw)
		}
		path := posted.header.Get("Location")
		if n := len(items(f.do("GET", "/api/v1/care-requests", holder, ""))); n != 2 {
			t.Errorf("after posting: %d requests", n)
		}

		// R. Smit's profile fits (Utrecht, begeleiding, weekday afternoons):
		// the request is in its list, without the holder.
		provList := f.do("GET", "/api/v1/care-requests", zzp, "")
		var listed bool
		for _, it := range items(provList) {
			listed = listed || (it["id"] == posted.body["id"] && it["relation"] == "matching")
		}
		if provList.status != 200 || !listed {
			t.Fatalf("the provider's list: %d %s", provList.status, provList.raw)
		}
		noHolder := func(what string, r response) {
			t.Helper()
			if r.body["holder"] != nil || strings.Contains(r.raw, "Vries") || strings.Contains(r.raw, "Oudegracht") {
				t.Errorf("%s names the holder before the holder answered: %s", what, r.raw)
			}
		}
		noHolder("the provider's list", provList)
		seen := f.do("GET", path, zzp, "")
		if seen.status != 200 || seen.body["can_answer"] != true || seen.body["mine"] != false {
			t.Fatalf("the provider reads: %d %s", seen.status, seen.raw)
		}
		noHolder("the request", seen)
		mustProblem(t, f.do("GET", path, gm, ""), 404, "not_found")

		// Answers: empty is refused; a provider answers; still anonymous.
		atField(t, f.do("POST", path+"/messages", zzp, `{"body":""}`), 422, "body")
		ans := f.do("POST", path+"/messages", zzp, `{"body":"Ik kan op dinsdagmiddag."}`)
		if ans.status != 201 || len(list(ans.body["threads"])) != 1 {
			t.Fatalf("answer: %d %s", ans.status, ans.raw)
		}
		noHolder("the answered request", ans)
		mustProblem(t, f.do("POST", path+"/messages", gm, `{"body":"Hallo"}`), 404, "not_found")

		// The holder sees the answer, and replies to R. Smit.
		mineNow := f.do("GET", path, holder, "")
		threads := list(mineNow.body["threads"])
		if mineNow.status != 200 || len(threads) != 1 || mineNow.body["holder"].(map[string]any)["name"] != "J. de Vries" {
			t.Fatalf("the holder reads: %d %s", mineNow.status, mineNow.raw)
		}
		smit := strconv.Itoa(int(threads[0].(map[string]any)["provider_id"].(float64)))
		if r := f.do("POST", path+"/messages", holder, `{"body":"Graag, kom kennismaken.","provider_id":`+smit+`}`); r.status != 201 {
			t.Fatalf("reply: %d %s", r.status, r.raw)
		}
		after := f.do("GET", path, zzp, "")
		if h, _ := after.body["holder"].(map[string]any); h == nil || h["name"] != "J. de Vries" || list(after.body["threads"])[0].(map[string]any)["revealed"] != true {
			t.Errorf("after the holder replied, the provider sees who: %s", after.raw)
		}
		// Thuiszorg Midden answered the demo's request, not this one.
		other := f.do("GET", "/api/v1/care-requests/"+strconv.Itoa(int(items(own)[0]["id"].(float64))), zv, "")
		if other.status != 200 {
			t.Fatalf("the other provider: %d %s", other.status, other.raw)
		}
		noHolder("another provider's thread", other)

		// Closing: the holder only.
		mustProblem(t, f.do("POST", path+"/close", zzp, ""), 404, "not_found")
		closed := f.do("POST", path+"/close", holder, "")
		if closed.status != 200 || closed.body["open"] != false {
			t.Errorf("close: %d %s", closed.status, closed.raw)
		}
		mustProblem(t, f.do("POST", path+"/messages", zzp, `{"body":"Nog iets?"}`), 409, "findcare_request_closed")
	})
}

// TestFindCareReportsThroughAPI: whoever may see a profile or request
// reports it with a reason; the beheerder (with the second factor) sees
// the reports and hides it, after which budget holders no longer find
// it; no one else may hide or read the reports.
func TestFindCareReportsThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	holder := f.token("budgethouder@pgbportaal.demo", "")
	zzp := f.token("zzp@pgbportaal.demo", "")
	admin := f.token("beheer@pgbportaal.demo", domain.RoleAdmin)

	found := items(f.do("GET", "/api/v1/care-profiles?gemeente=Utrecht", holder, ""))
	if len(found) == 0 {
		t.Fatal("no profiles")
	}
	id := strconv.Itoa(int(found[0]["id"].(float64)))
	path := "/api/v1/care-profiles/" + id
	atField(t, f.do("POST", path+"/reports", holder, `{"reason":"  "}`), 422, "reason")
	if r := f.do("GET", "/api/v1/care-reports", admin, ""); len(items(r)) != 0 {
		t.Fatalf("a refused report was kept: %s", r.raw)
	}
	if r := f.do("POST", path+"/reports", holder, `{"reason":"Vraagt om betaling vooraf."}`); r.status != 204 {
		t.Fatalf("report: %d %s", r.status, r.raw)
	}
	mustProblem(t, f.do("POST", "/api/v1/care-profiles/999999/reports", holder, `{"reason":"x"}`), 404, "not_found")
	reports := f.do("GET", "/api/v1/care-reports", admin, "")
	if rs := items(reports); reports.status != 200 || len(rs) != 1 || rs[0]["href"] != path || rs[0]["reason"] != "Vraagt om betaling vooraf." {
		t.Fatalf("reports: %d %s", reports.status, reports.raw)
	}
	mustProblem(t, f.do("GET", "/api/v1/care-reports", holder, ""), 404, "not_found")

	// Hiding: not the holder or a provider; the beheerder with a reason.
	mustProblem(t, f.do("POST", path+"/hide", holder, `{"reason":"misbruik"}`), 404, "not_found")
	mustProblem(t, f.do("POST", path+"/hide", zzp, `{"reason":"misbruik"}`), 404, "not_found")
	atField(t, f.do("POST", path+"/hide", admin, `{"reason":""}`), 422, "reason")
	if r := f.do("GET", path, holder, ""); r.status != 200 {
		t.Fatalf("a refused hide hid it: %d %s", r.status, r.raw)
	}
	if r := f.do("POST", path+"/hide", admin, `{"reason":"Vraagt om betaling vooraf."}`); r.status != 204 {
		t.Fatalf("hide: %d %s", r.status, r.raw)
	}
	mustProblem(t, f.do("GET", path, holder, ""), 404, "not_found")
	if r := f.do("GET", path, admin, ""); r.status != 200 || r.body["hidden_reason"] != "Vraagt om betaling vooraf." {
		t.Errorf("the beheerder reads the hidden profile: %d %s", r.status, r.raw)
	}
	if r := f.do("GET", "/api/v1/care-reports", admin, ""); len(items(r)) != 0 {
		t.Errorf("hiding handles the reports: %s", r.raw)
	}

	// A request: the provider it fits reports it, the beheerder hides it.
	req := items(f.do("GET", "/api/v1/care-requests", holder, ""))[0]
	rpath := "/api/v1/care-requests/" + strconv.Itoa(int(req["id"].(float64)))
	if r := f.do("POST", rpath+"/reports", zzp, `{"reason":"Geen zorgvraag."}`); r.status != 204 {
		t.Fatalf("report request: %d %s", r.status, r.raw)
	}
	if r := f.do("POST", rpath+"/hide", admin, `{"reason":"Geen zorgvraag."}`); r.status != 204 {
		t.Fatalf("hide request: %d %s", r.status, r.raw)
	}
	if r := f.do("GET", rpath, admin, ""); r.status != 200 || r.body["holder"] != nil || strings.Contains(r.raw, "Vries") {
		t.Errorf("the beheerder reads a request without the holder: %d %s", r.status, r.raw)
	}
}
