package api

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// pdfBase64 is a file that sniffs as a PDF ("%PDF-1.4\n%%EOF\n").
const pdfBase64 = "JVBERi0xLjQKJSVFT0YK"

// paperEmployment registers, as SVB staff through the API, an employment
// agreement of the demo budget holder with the informal carer T. de Vries,
// on paper, and has it submitted and approved; it returns its id.
func paperEmployment(t *testing.T, f *fixture) string {
	t.Helper()
	holder := f.token("budgethouder@pgbportaal.demo", "")
	svb := f.token("medewerker@svb.demo", "")
	gemeente := f.token("medewerker@utrecht.demo", "")
	bh := strconv.Itoa(int(f.do("GET", "/api/v1/me", holder, "").num("role", "budget_holder_id")))
	grants := f.do("GET", "/api/v1/budget-holders/"+bh+"/grants", holder, "").items()
	var prov map[string]any
	for _, p := range f.do("GET", "/api/v1/providers", svb, "").items() {
		if p["name"] == "T. de Vries" {
			prov = p
		}
	}
	if len(grants) == 0 || prov == nil {
		t.Fatalf("demo: %d grants, provider T. de Vries %v", len(grants), prov)
	}
	body := `{"grant_id":` + strconv.Itoa(int(grants[0]["id"].(float64))) + `,"provider_id":` + strconv.Itoa(int(prov["id"].(float64))) +
		`,"kind":"arbeidsovereenkomst","days_per_week":2,"hours_per_week_hundredths":800,"start":"2026-11-01",
		"lines":[{"care_type":"begeleiding","unit":"uur","rate_cents":2000,"max_units_hundredths":800,"per":"week"}],
		"scan":{"filename":"arbeidsovereenkomst.pdf","content_base64":"` + pdfBase64 + `"}}`
	r := f.do("POST", "/api/v1/paper-agreements", svb, body)
	if r.status != 201 || r.body["source"] != "papier" || r.body["state"] != "ondertekend" {
		t.Fatalf("paper agreement: %d %s", r.status, r.raw)
	}
	id := strconv.Itoa(int(r.num("id")))
	for _, step := range []struct{ tok, action string }{{holder, "submit"}, {gemeente, "approve"}} {
		if r := f.do("POST", "/api/v1/agreements/"+id+"/"+step.action, step.tok, ""); r.status != 200 {
			t.Fatalf("%s: %d %s", step.action, r.status, r.raw)
		}
	}
	return id
}

func TestPaperAgreementThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	svb := f.token("medewerker@svb.demo", "")
	holder := f.token("budgethouder@pgbportaal.demo", "")
	provider := f.token("zorgverlener@pgbportaal.demo", "")
	zorgkantoor := f.token("medewerker@zorgkantoor.demo", "")
	countAll := func() int { return len(f.do("GET", "/api/v1/agreements", svb, "").items()) }
	before := countAll()

	// Bad input: nothing is registered, and the field is named.
	mustField(t, f.do("POST", "/api/v1/paper-agreements", svb, `{"grant_id":"7"}`), 400, "wrong_type", "grant_id")
	mustField(t, f.do("POST", "/api/v1/paper-agreements", svb, `{"grant_id":7,"scan_base64":"x"}`), 400, "unknown_field", "scan_base64")
	mustProblem(t, f.do("POST", "/api/v1/paper-agreements", svb, `{"grant_id":7,"scan":{"content_base64":"niet base64!"}}`), 400, "bad_base64")
	// The budget holder's grant, but no scan and no provider: named at the fields.
	bh := strconv.Itoa(int(f.do("GET", "/api/v1/me", holder, "").num("role", "budget_holder_id")))
	grant := strconv.Itoa(int(f.do("GET", "/api/v1/budget-holders/"+bh+"/grants", holder, "").items()[0]["id"].(float64)))
	r := f.do("POST", "/api/v1/paper-agreements", svb, `{"grant_id":`+grant+`,"kind":"zzp","start":"2026-11-01","lines":[{"care_type":"begeleiding","unit":"uur","rate_cents":2000,"max_units_hundredths":800,"per":"week"}]}`)
	mustProblem(t, r, 422, "validation")
	if !strings.Contains(r.raw, `"field":"provider_id"`) {
		t.Errorf("no provider not named: %s", r.raw)
	}
	r = f.do("POST", "/api/v1/paper-agreements", svb, `{"grant_id":`+grant+`,"provider_id":1,"kind":"zzp","kvk":"12345678","start":"2026-11-01","lines":[{"care_type":"begeleiding","unit":"uur","rate_cents":2000,"max_units_hundredths":800,"per":"week"}],"scan":{"filename":"x.txt","content_base64":"aGFsbG8="}}`)
	mustProblem(t, r, 422, "validation")
	if !strings.Contains(r.raw, `"field":"scan"`) {
		t.Errorf("a scan that is no PDF or image is not named: %s", r.raw)
	}
	// Only SVB and verstrekker staff register paper; a holder or provider may not.
	scanned := `{"grant_id":` + grant + `,"provider_id":1,"kind":"zzp","kvk":"12345678","start":"2026-11-01","lines":[{"care_type":"begeleiding","unit":"uur","rate_cents":2000,"max_units_hundredths":800,"per":"week"}],"scan":{"content_base64":"` + pdfBase64 + `"}}`
	mustProblem(t, f.do("POST", "/api/v1/paper-agreements", holder, scanned), 403, "staff_only")
	mustProblem(t, f.do("POST", "/api/v1/paper-agreements", provider, scanned), 403, "staff_only")
	// The zorgkantoor does not see the gemeente's budget holder's grant.
	mustProblem(t, f.do("POST", "/api/v1/paper-agreements", zorgkantoor, scanned), 404, "not_found")
	if n := countAll(); n != before {
		t.Fatalf("refused requests registered agreements: %d, was %d", n, before)
	}

	id := paperEmployment(t, f)
	ag := f.do("GET", "/api/v1/agreements/"+id, holder, "")
	scans, _ := ag.body["scans"].([]any)
	if ag.status != 200 || len(scans) != 1 {
		t.Fatalf("the holder sees the scan: %s", ag.raw)
	}
	sid := strconv.Itoa(int(scans[0].(map[string]any)["id"].(float64)))
	path := "/api/v1/agreements/" + id + "/scans/" + sid
	got := f.do("GET", path, holder, "")
	if got.status != 200 || got.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(got.raw, "%PDF-") || !strings.Contains(got.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %d %s %q", got.status, got.header.Get("Content-Type"), got.raw)
	}
	// Not a party: as if it did not exist; nor a scan of another agreement.
	mustProblem(t, f.do("GET", path, provider, ""), 404, "not_found")
	mustProblem(t, f.do("GET", path, zorgkantoor, ""), 404, "not_found")
	other := ""
	for _, ag := range f.do("GET", "/api/v1/agreements", holder, "").items() {
		if s := strconv.Itoa(int(ag["id"].(float64))); s != id {
			other = s
		}
	}
	if other == "" {
		t.Fatal("the holder has no other agreement")
	}
	mustProblem(t, f.do("GET", "/api/v1/agreements/"+other+"/scans/"+sid, holder, ""), 404, "not_found")
	mustProblem(t, f.do("GET", "/api/v1/agreements/"+id+"/scans/x", holder, ""), 404, "not_found")
}

func TestSickReportsThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		holder := f.token("budgethouder@pgbportaal.demo", "")
		gemeente := f.token("medewerker@utrecht.demo", "")
		provider := f.token("zorgverlener@pgbportaal.demo", "")
		id := paperEmployment(t, f)
		path := "/api/v1/agreements/" + id + "/sick-reports"
		if r := f.do("GET", path, holder, ""); r.status != 200 || len(r.items()) != 0 {
			t.Fatalf("no reports yet: %d %s", r.status, r.raw)
		}
		// Bad input changes nothing.
		mustField(t, f.do("POST", path, holder, `{"sick_from":20261116}`), 400, "wrong_type", "sick_from")
		mustField(t, f.do("POST", path, holder, `{"sick_from":"2026-11-16","reason":"griep"}`), 400, "unknown_field", "reason")
		mustField(t, f.do("POST", path, holder, `{}`), 422, "validation", "sick_from")
		mustField(t, f.do("POST", path, holder, `{"sick_from":"2026-12-24"}`), 422, "validation", "sick_from")
		// Staff are no party to the employment; another provider does not see it.
		mustProblem(t, f.do("POST", path, gemeente, `{"sick_from":"2026-11-16"}`), 403, "not_allowed")
		mustProblem(t, f.do("POST", path, provider, `{"sick_from":"2026-11-16"}`), 404, "not_found")
		mustProblem(t, f.do("GET", path, provider, ""), 404, "not_found")
		// Sickness is the employer's and the employee's: staff who see the agreement do not see it.
		mustProblem(t, f.do("GET", path, gemeente, ""), 403, "not_allowed")
		if r := f.do("GET", path, holder, ""); len(r.items()) != 0 {
			t.Fatalf("refused requests made reports: %s", r.raw)
		}
		// Sickness is for employees only: not on the holder's zzp agreement.
		checked := false
		for _, ag := range f.do("GET", "/api/v1/agreements", holder, "").items() {
			if strconv.Itoa(int(ag["id"].(float64))) != id && ag["state"] == "goedgekeurd" && !checked {
				mustProblem(t, f.do("POST", "/api/v1/agreements/"+strconv.Itoa(int(ag["id"].(float64)))+"/sick-reports", holder, `{"sick_from":"2026-11-16"}`), 409, "sick_employment_only")
				checked = true
			}
		}
		if !checked {
			t.Error("the demo holder has no other approved agreement to try")
		}

		r := f.do("POST", path, holder, `{"sick_from":"2026-11-16","note":"griep"}`)
		if r.status != 201 || r.body["sick_from"] != "2026-11-16" || r.body["note"] != "griep" || r.body["recovered_on"] != nil {
			t.Fatalf("report: %d %s", r.status, r.raw)
		}
		rid := strconv.Itoa(int(r.num("id")))
		rec := path + "/" + rid + "/recovery"
		mustField(t, f.do("POST", rec, holder, `{"recovered_on":"2026-11-10"}`), 422, "validation", "recovered_on")
		mustField(t, f.do("POST", rec, holder, `{"recovered":"2026-11-20"}`), 400, "unknown_field", "recovered")
		mustProblem(t, f.do("POST", rec, provider, `{"recovered_on":"2026-11-20"}`), 404, "not_found")
		mustProblem(t, f.do("POST", path+"/999999/recovery", holder, `{"recovered_on":"2026-11-20"}`), 404, "not_found")
		r = f.do("POST", rec, holder, `{"recovered_on":"2026-11-20"}`)
		if r.status != 200 || r.body["recovered_on"] != "2026-11-20" {
			t.Fatalf("recovered: %d %s", r.status, r.raw)
		}
		list := f.do("GET", path, holder, "").items()
		if len(list) != 1 || list[0]["recovered_on"] != "2026-11-20" {
			t.Errorf("list: %v", list)
		}
	})
}
