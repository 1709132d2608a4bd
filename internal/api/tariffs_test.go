package api

import (
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func TestTariffEditsThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	admin := f.token("beheer@pgbportaal.demo", "")
	gemeente := f.token("medewerker@utrecht.demo", "")
	zorgkantoor := f.token("medewerker@zorgkantoor.demo", "")
	holder := f.token("budgethouder@pgbportaal.demo", "")
	provider := f.token("zorgverlener@pgbportaal.demo", "")
	rate := func(tok, law string, year float64) float64 {
		t.Helper()
		for _, tr := range f.do("GET", "/api/v1/tariffs?law="+law, tok, "").items() {
			if tr["year"] == year && tr["care_type"] == "begeleiding" && tr["provider_kind"] == "zzp" {
				return tr["max_rate_cents"].(float64)
			}
		}
		return 0
	}
	before := rate(gemeente, "wmo", 2027)

	// Bad input: refused at the field, nothing set.
	mustField(t, f.do("POST", "/api/v1/tariffs", admin, `{"year":"2027","law":"wmo"}`), 400, "wrong_type", "year")
	mustField(t, f.do("POST", "/api/v1/tariffs", admin, `{"year":2027,"law":"wmo","rate":1}`), 400, "unknown_field", "rate")
	mustField(t, f.do("POST", "/api/v1/tariffs", admin, `{"year":2027,"law":"wmo","care_type":"begeleiding","provider_kind":"zzp"}`), 422, "validation", "max_rate_cents")
	mustField(t, f.do("POST", "/api/v1/tariffs", admin, `{"year":2027,"law":"wmo","care_type":"begeleiding","provider_kind":"zzp","max_rate_cents":-5}`), 422, "validation", "max_rate_cents")
	// Who may not: budget holders and providers; a zorgkantoor sets no Wmo rate.
	wmo := `{"year":2027,"law":"wmo","care_type":"begeleiding","provider_kind":"zzp","max_rate_cents":6400,"source":"Verordening 2027"}`
	mustProblem(t, f.do("POST", "/api/v1/tariffs", holder, wmo), 403, "not_allowed")
	mustProblem(t, f.do("POST", "/api/v1/tariffs", provider, wmo), 403, "not_allowed")
	mustField(t, f.do("POST", "/api/v1/tariffs", zorgkantoor, wmo), 422, "validation", "law")
	if got := rate(gemeente, "wmo", 2027); got != before {
		t.Fatalf("refused edits changed the rate: %v, was %v", got, before)
	}

	// The beheerder sets the national rate; the gemeente its own, which it sees.
	r := f.do("POST", "/api/v1/tariffs", admin, `{"year":2027,"law":"wlz","care_type":"begeleiding","provider_kind":"zzp","max_rate_cents":7000}`)
	if r.status != 200 || r.num("max_rate_cents") != 7000 || r.num("organisation_id") != 0 {
		t.Fatalf("national: %d %s", r.status, r.raw)
	}
	if got := rate(zorgkantoor, "wlz", 2027); got != 7000 {
		t.Errorf("the zorgkantoor reads the national rate %v", got)
	}
	r = f.do("POST", "/api/v1/tariffs", gemeente, wmo)
	if r.status != 200 || r.num("max_rate_cents") != 6400 || r.num("organisation_id") == 0 {
		t.Fatalf("gemeente's own: %d %s", r.status, r.raw)
	}
	if got := rate(gemeente, "wmo", 2027); got != 6400 {
		t.Errorf("the gemeente reads its own rate %v", got)
	}
	// A second edit replaces the first.
	f.do("POST", "/api/v1/tariffs", gemeente, `{"year":2027,"law":"wmo","care_type":"begeleiding","provider_kind":"zzp","max_rate_cents":6500}`)
	if got := rate(gemeente, "wmo", 2027); got != 6500 {
		t.Errorf("after the second edit %v", got)
	}
	mustField(t, f.do("POST", "/api/v1/tariffs", gemeente, `{"year":2027,"law":"wlz","care_type":"begeleiding","provider_kind":"zzp","max_rate_cents":6500}`), 422, "validation", "law")
}
