package api

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func TestDeclarationThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	zzp := f.token("zzp@pgbportaal.demo", "")
	holder := f.token("budgethouder@pgbportaal.demo", "")
	other := f.token("zorgverlener@pgbportaal.demo", "")
	list := f.do("GET", "/api/v1/agreements", zzp, "")
	agID := int(list.body["items"].([]any)[0].(map[string]any)["id"].(float64))
	body := `{"agreement_id":` + strconv.Itoa(agID) + `,"month":"2026-10","invoice_number":"RS-10","invoice_total_cents":21000,
		"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200},{"date":"2026-10-12","care_type":"begeleiding","unit":"uur","units_hundredths":200}]}`
	r := f.do("POST", "/api/v1/declarations", zzp, body)
	if r.status != 201 || r.num("total_cents") != 21000 || r.body["state"] != "concept" {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	path := "/api/v1/declarations/" + strconv.Itoa(int(r.num("id")))
	mustProblem(t, f.do("GET", path, other, ""), 404, "not_found")
	// The invoice: a file by its bytes, not its name.
	r = f.do("POST", path+"/attachments", zzp, "GIF89a not a pdf", "X-Filename", "factuur.pdf")
	mustProblem(t, r, 422, "validation")
	if field, code, _ := r.firstError(); field != "file" || code != "file_type" {
		t.Errorf("a GIF named .pdf: %s", r.raw)
	}
	mustProblem(t, f.do("POST", path+"/attachments", other, "%PDF-1.4\n%%EOF\n"), 404, "not_found")
	if r := f.do("POST", path+"/attachments", zzp, "%PDF-1.4\n%%EOF\n", "X-Filename", "factuur.pdf"); r.status != 201 || r.body["content_type"] != "application/pdf" || len(r.body["sha256"].(string)) != 64 {
		t.Fatalf("attach: %d %s", r.status, r.raw)
	}
	if r := f.do("POST", path+"/send", zzp, ""); r.status != 200 || r.body["state"] != "bij_budgethouder" {
		t.Fatalf("send: %s", r.raw)
	}
	mustProblem(t, f.do("POST", path+"/approve", zzp, ""), 409, "declaration_transition")
	r = f.do("POST", path+"/approve", holder, "")
	if r.status != 200 || r.body["state"] != "geaccepteerd" {
		t.Fatalf("approve: %s", r.raw)
	}
	// The same days again: refused with the codes and messages in the asked language.
	r = f.do("POST", "/api/v1/declarations", zzp, body)
	path2 := "/api/v1/declarations/" + strconv.Itoa(int(r.num("id")))
	f.do("POST", path2+"/attachments", zzp, "%PDF-1.4\n%%EOF\n")
	f.do("POST", path2+"/send", zzp, "")
	r = f.do("POST", path2+"/approve", holder, "", "Accept-Language", "en")
	if r.body["state"] != "geweigerd" || !strings.Contains(r.raw, `"code":"duplicate_line"`) || !strings.Contains(r.raw, "has already been declared") {
		t.Errorf("duplicate: %s", r.raw)
	}
}

func TestDeclarationBatchIdempotent(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	zzp := f.token("zzp@pgbportaal.demo", "")
	list := f.do("GET", "/api/v1/agreements", zzp, "")
	agID := strconv.Itoa(int(list.body["items"].([]any)[0].(map[string]any)["id"].(float64)))
	good := `{"agreement_id":` + agID + `,"month":"2026-10","invoice_number":"RS-10","invoice_total_cents":10500,
		"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200}]}`
	bad := `{"agreement_id":` + agID + `,"month":"2026-09","lines":[{"date":"2026-09-07","care_type":"begeleiding","unit":"uur","units_hundredths":110}]}`
	notOurs := `{"agreement_id":99999,"month":"2026-10","lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":100}]}`
	body := `{"send":true,"declarations":[` + good + `,` + bad + `,` + notOurs + `]}`

	// A malformed request stores nothing under its key.
	mustProblem(t, f.do("POST", "/api/v1/declarations/batch", zzp, `{"declarations":[`, "Idempotency-Key", "k1"), 400, "malformed_json")
	r := f.do("POST", "/api/v1/declarations/batch", zzp, body, "Idempotency-Key", "k1")
	if r.status != 200 || r.num("created") != 1 || r.num("failed") != 2 {
		t.Fatalf("batch: %d %s", r.status, r.raw)
	}
	results := r.body["results"].([]any)
	first, second, third := results[0].(map[string]any), results[1].(map[string]any), results[2].(map[string]any)
	if first["status"].(float64) != 201 || first["state"] != "bij_budgethouder" || !strings.HasPrefix(first["location"].(string), "/api/v1/declarations/") {
		t.Errorf("good item: %v", first)
	}
	if second["status"].(float64) != 422 || !strings.Contains(r.raw, `"field":"lines[0].units","code":"units_step"`) {
		t.Errorf("bad item: %v", second)
	}
	if third["status"].(float64) != 404 {
		t.Errorf("another's agreement: %v", third)
	}
	// The retry gets the same answer and creates nothing.
	again := f.do("POST", "/api/v1/declarations/batch", zzp, body, "Idempotency-Key", "k1")
	if again.status != 200 || again.raw != r.raw || again.header.Get("Idempotency-Replayed") != "true" {
		t.Errorf("retry: %d %q %s", again.status, again.header.Get("Idempotency-Replayed"), again.raw)
	}
	if n := len(f.do("GET", "/api/v1/declarations", zzp, "").body["items"].([]any)); n != 1 {
		t.Errorf("%d declarations after the retry", n)
	}
	// The same key for another request is a conflict.
	mustProblem(t, f.do("POST", "/api/v1/declarations/batch", zzp, `{"declarations":[`+bad+`]}`, "Idempotency-Key", "k1"), 409, "idempotency_key_reused")
	// Without a key, a second send does create again (and the checks will find the duplicate).
	if r := f.do("POST", "/api/v1/declarations/batch", zzp, `{"declarations":[`+good+`]}`); r.num("created") != 1 || r.header.Get("Idempotency-Replayed") != "" {
		t.Errorf("without key: %s", r.raw)
	}
	mustProblem(t, f.do("POST", "/api/v1/declarations/batch", zzp, `{"declarations":[]}`), 422, "validation")
}

func TestPayRunThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	zzp := f.token("zzp@pgbportaal.demo", "")
	holder := f.token("budgethouder@pgbportaal.demo", "")
	svb := f.token("medewerker@svb.demo", "")
	list := f.do("GET", "/api/v1/agreements", zzp, "")
	agID := strconv.Itoa(int(list.body["items"].([]any)[0].(map[string]any)["id"].(float64)))
	r := f.do("POST", "/api/v1/declarations", zzp, `{"agreement_id":`+agID+`,"month":"2026-10","invoice_total_cents":10500,
		"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200}]}`)
	path := "/api/v1/declarations/" + strconv.Itoa(int(r.num("id")))
	f.do("POST", path+"/attachments", zzp, "%PDF-1.4\n%%EOF\n")
	f.do("POST", path+"/send", zzp, "")
	if r := f.do("POST", path+"/approve", holder, ""); r.body["state"] != "geaccepteerd" {
		t.Fatalf("approve: %s", r.raw)
	}
	mustProblem(t, f.do("POST", "/api/v1/payruns", zzp, `{"cutoff":"2026-10-31"}`), 403, "svb_only")
	r = f.do("POST", "/api/v1/payruns", svb, `{"cutoff":"2026-09-30"}`)
	mustProblem(t, r, 422, "validation")
	if field, code, _ := r.firstError(); field != "cutoff" || code != "payrun_nothing_to_pay" {
		t.Errorf("nothing to pay: %s", r.raw)
	}
	r = f.do("POST", "/api/v1/payruns", svb, `{"cutoff":"2026-10-31"}`)
	if r.status != 201 || r.body["resumed"] != false {
		t.Fatalf("start: %d %s", r.status, r.raw)
	}
	run := r.body["run"].(map[string]any)
	runPath := "/api/v1/payruns/" + strconv.Itoa(int(run["id"].(float64)))
	if run["total_cents"].(float64) != 10500 || run["transfers"].(float64) != 1 {
		t.Errorf("run: %v", run)
	}
	if r := f.do("POST", "/api/v1/payruns", svb, `{"cutoff":"2026-10-31"}`); r.status != 200 || r.body["resumed"] != true {
		t.Errorf("second start: %d %s", r.status, r.raw)
	}
	mustProblem(t, f.do("POST", runPath+"/execute", svb, ""), 409, "payrun_no_file")
	file := f.do("GET", runPath+"/file", svb, "")
	sum := sha256.Sum256([]byte(file.raw))
	if file.status != 200 || file.header.Get("X-Content-SHA256") != hex.EncodeToString(sum[:]) || !strings.Contains(file.raw, "<CtrlSum>105.00</CtrlSum>") {
		t.Fatalf("file: %d %s", file.status, file.header.Get("X-Content-SHA256"))
	}
	// A status report for another run changes nothing.
	mustProblem(t, f.do("POST", runPath+"/status-report", svb, "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\"><kapot"), 422, "validation")
	if r := f.do("POST", runPath+"/execute", svb, ""); r.status != 200 || r.body["state"] != "uitgevoerd" || r.num("executed") != 1 {
		t.Fatalf("execute: %s", r.raw)
	}
	if r := f.do("GET", path, holder, ""); r.body["state"] != "betaald" {
		t.Errorf("declaration after payment: %s", r.raw)
	}
	if r := f.do("GET", "/api/v1/payments", zzp, ""); len(r.body["items"].([]any)) != 1 || !strings.Contains(r.raw, `"declaration_ids":[`) {
		t.Errorf("payments: %s", r.raw)
	}
}
