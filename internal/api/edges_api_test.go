package api

import (
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestLateDeclarationAllowedThroughAPI: September sent on 23 November is
// refused as late, its message read back whole; the verstrekker allows it
// with a reason (allow_late), the checks accept it, and GET shows its
// history with who acted on whose behalf.
func TestLateDeclarationAllowedThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, zzp, holder, agID, _ := zzpAndHolder(t, db)
		gm := f.token("medewerker@utrecht.demo", "")
		body := `{"send":true,"agreement_id":` + agID + `,"month":"2026-09","invoice_number":"RS-09","invoice_total_cents":21000,
			"lines":[{"date":"2026-09-07","care_type":"begeleiding","unit":"uur","units_hundredths":200},{"date":"2026-09-14","care_type":"begeleiding","unit":"uur","units_hundredths":200}],
			"files":[{"filename":"f.pdf","content_base64":"JVBERi0xLjQKJSVFT0YK"}]}`
		r := f.do("POST", "/api/v1/declarations", zzp, body)
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.raw)
		}
		path := r.header.Get("Location")
		r = f.do("POST", path+"/approve", holder, "")
		if r.body["state"] != "geweigerd" || !strings.Contains(r.raw, "late_to_holder") {
			t.Fatalf("late: %s", r.raw)
		}
		if got := f.do("GET", path, zzp, "", "Accept-Language", "en"); !strings.Contains(got.raw, "within 6 weeks") || strings.Contains(got.raw, "%!") {
			t.Errorf("stored message: %s", got.raw)
		}
		mustProblem(t, f.do("POST", path+"/allow_late", zzp, `{"reason":"x"}`), 403, "not_allowed")
		mustProblem(t, f.do("POST", path+"/allow_late", gm, `{}`), 422, "validation")
		r = f.do("POST", path+"/allow_late", gm, `{"reason":"Ziekenhuisopname"}`)
		if r.status != 200 || r.body["state"] != "geaccepteerd" || r.body["late_allowed"] != true {
			t.Fatalf("allow_late: %d %s", r.status, r.raw)
		}
		got := f.do("GET", path, holder, "", "Accept-Language", "en")
		hist, _ := got.body["history"].([]any)
		var found bool
		for _, h := range hist {
			e := h.(map[string]any)
			if e["action"] == "declaration.late_allowed" && e["reason"] == "Ziekenhuisopname" && e["on_behalf_of"] != "" && e["description"] == "allowed the late declaration" && e["actor"] != "" {
				found = true
			}
		}
		if len(hist) < 4 || !found {
			t.Errorf("history: %s", got.raw)
		}
	})
}
