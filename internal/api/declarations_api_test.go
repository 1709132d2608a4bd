package api

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
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
	// The same days again: refused when sent, at the fields, with the codes
	// and messages in the asked language; it stays a concept.
	r = f.do("POST", "/api/v1/declarations", zzp, body)
	path2 := "/api/v1/declarations/" + strconv.Itoa(int(r.num("id")))
	f.do("POST", path2+"/attachments", zzp, "%PDF-1.4\n%%EOF\n")
	r = f.do("POST", path2+"/send", zzp, "", "Accept-Language", "en")
	mustProblem(t, r, 422, "validation")
	if !strings.Contains(r.raw, `"field":"lines[0].date","code":"duplicate_line"`) || !strings.Contains(r.raw, "has already been declared") {
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
	// Not sent: a batch carries no files, and a zzp'er's declaration goes to
	// the budget holder only with its invoice (attached afterwards).
	body := `{"declarations":[` + good + `,` + bad + `,` + notOurs + `]}`

	// A malformed request stores nothing under its key.
	mustProblem(t, f.do("POST", "/api/v1/declarations/batch", zzp, `{"declarations":[`, "Idempotency-Key", "k1"), 400, "malformed_json")
	r := f.do("POST", "/api/v1/declarations/batch", zzp, body, "Idempotency-Key", "k1")
	if r.status != 200 || r.num("created") != 1 || r.num("failed") != 2 {
		t.Fatalf("batch: %d %s", r.status, r.raw)
	}
	results := r.body["results"].([]any)
	first, second, third := results[0].(map[string]any), results[1].(map[string]any), results[2].(map[string]any)
	if first["status"].(float64) != 201 || first["state"] != "concept" || !strings.HasPrefix(first["location"].(string), "/api/v1/declarations/") {
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
	// The demo leaves accepted declarations waiting for the SVB's next run
	// (the SVB's work list): the command line pays them first, so that what
	// follows pays the one declaration made here.
	if _, _, err := f.svc.RunPayments(context.Background(), service.System, "2026-10-31", "2026-11-23", true); err != nil {
		t.Fatal(err)
	}
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
	// The run is a job: 202 with the job to poll at Location; once done it
	// links the run and its file.
	r = f.do("POST", "/api/v1/payruns", svb, `{"cutoff":"2026-10-31"}`)
	jobPath := r.header.Get("Location")
	if r.status != 202 || r.body["resumed"] != false || !strings.HasPrefix(jobPath, "/api/v1/jobs/") {
		t.Fatalf("start: %d %q %s", r.status, jobPath, r.raw)
	}
	f.svc.WaitJobs()
	job := f.do("GET", jobPath, svb, "")
	links, _ := job.body["_links"].(map[string]any)
	if job.status != 200 || job.body["state"] != "done" || links["file"] == nil || links["payrun"] == nil || job.header.Get("Retry-After") != "" {
		t.Fatalf("the job: %d %s", job.status, job.raw)
	}
	mustProblem(t, f.do("GET", jobPath, zzp, ""), 404, "not_found")
	mustProblem(t, f.do("GET", "/api/v1/jobs/999999", svb, ""), 404, "not_found")
	runPath := links["payrun"].(string)
	run := f.do("GET", runPath, svb, "").body
	if run["total_cents"].(float64) != 10500 || run["transfers"].(float64) != 1 || run["state"] != "bestand" {
		t.Errorf("run: %v", run)
	}
	// Started again while the run is open: a job that finds the same run.
	if r := f.do("POST", "/api/v1/payruns", svb, `{"cutoff":"2026-10-31"}`); r.status != 202 {
		t.Errorf("second start: %d %s", r.status, r.raw)
	}
	f.svc.WaitJobs()
	if r := f.do("GET", "/api/v1/payruns", svb, ""); len(r.body["items"].([]any)) == 0 || r.body["items"].([]any)[0].(map[string]any)["id"] != run["id"] {
		t.Errorf("a second run was made: %s", r.raw)
	}
	if r := f.do("POST", runPath+"/file", svb, ""); r.status != 200 || r.body["state"] != "bestand" || r.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("write the file again: %d %s", r.status, r.raw)
	}
	file := f.do("GET", runPath+"/file", svb, "")
	if file.header.Get("Cache-Control") != "no-store" {
		t.Errorf("the payment file may be cached: %q", file.header.Get("Cache-Control"))
	}
	sum := sha256.Sum256([]byte(file.raw))
	if file.status != 200 || file.header.Get("X-Content-SHA256") != hex.EncodeToString(sum[:]) || !strings.Contains(file.raw, "<CtrlSum>105.00</CtrlSum>") {
		t.Fatalf("file: %d %s", file.status, file.header.Get("X-Content-SHA256"))
	}
	// A broken status report is read as a job, which fails, and changes nothing.
	r = f.do("POST", runPath+"/status-report", svb, "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\"><kapot", "Content-Type", "application/xml")
	if loc := r.header.Get("Location"); r.status != 202 || !strings.HasPrefix(loc, "/api/v1/jobs/") {
		t.Fatalf("status report: %d %s", r.status, r.raw)
	}
	f.svc.WaitJobs()
	if job := f.do("GET", r.header.Get("Location"), svb, ""); job.body["state"] != "failed" || job.body["error"] == nil {
		t.Errorf("a broken report's job: %s", job.raw)
	}
	if r := f.do("GET", runPath, svb, ""); r.body["state"] != "bestand" {
		t.Errorf("a broken report changed the run: %s", r.raw)
	}
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

// zzpAndHolder is the demo's zzp'er and budget holder on the API, the
// zzp'er's first agreement, and a count of the zzp'er's declarations.
func zzpAndHolder(t *testing.T, db *store.DB) (f *fixture, zzp, holder, agID string, count func() int) {
	t.Helper()
	f = newFixture(t, db)
	zzp = f.token("zzp@pgbportaal.demo", "")
	holder = f.token("budgethouder@pgbportaal.demo", "")
	list := f.do("GET", "/api/v1/agreements", zzp, "")
	agID = strconv.Itoa(int(list.body["items"].([]any)[0].(map[string]any)["id"].(float64)))
	count = func() int {
		t.Helper()
		r := f.do("GET", "/api/v1/declarations", zzp, "")
		if r.status != 200 {
			t.Fatalf("list: %d %s", r.status, r.raw)
		}
		return len(r.body["items"].([]any))
	}
	return
}

// TestDeclarationSentOnCreate: "send": true enters the declaration and sends
// it to the budget holder in one request; when the declaration is refused
// nothing is stored, and a batch item has no "send" of its own.
func TestDeclarationSentOnCreate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, zzp, holder, agID, count := zzpAndHolder(t, db)
		before := count()

		// A wrong cell with send: refused at its field, and nothing stored (no concept left behind).
		bad := `{"send":true,"agreement_id":` + agID + `,"month":"2026-09","lines":[{"date":"2026-09-07","care_type":"begeleiding","unit":"uur","units_hundredths":110}]}`
		r := f.do("POST", "/api/v1/declarations", zzp, bad)
		mustProblem(t, r, 422, "validation")
		if field, code, _ := r.firstError(); field != "lines[0].units" || code != "units_step" {
			t.Errorf("wrong cell: %s", r.raw)
		}
		if n := count(); n != before {
			t.Errorf("a refused declaration with send stored something: %d declarations, was %d", n, before)
		}
		mustProblem(t, f.do("POST", "/api/v1/declarations", zzp, `{"send":"yes","agreement_id":`+agID+`,"month":"2026-10"}`), 400, "wrong_type")
		if n := count(); n != before {
			t.Errorf("a malformed send stored something: %d declarations, was %d", n, before)
		}

		// With send: at the budget holder at once.
		good := `{"agreement_id":` + agID + `,"month":"2026-10","invoice_number":"RS-10","invoice_total_cents":10500,"files":[{"filename":"RS-10.pdf","content_base64":"JVBERi0xLjQKJSVFT0YK"}],
			"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200}]}`
		r = f.do("POST", "/api/v1/declarations", zzp, `{"send":true,`+good[1:])
		if r.status != 201 || r.body["state"] != string(domain.DeclAtHolder) || r.num("total_cents") != 10500 {
			t.Fatalf("create with send: %d %s", r.status, r.raw)
		}
		loc := r.header.Get("Location")
		if loc != "/api/v1/declarations/"+strconv.Itoa(int(r.num("id"))) {
			t.Errorf("Location: %q", loc)
		}
		if got := f.do("GET", loc, holder, ""); got.status != 200 || got.body["state"] != string(domain.DeclAtHolder) {
			t.Errorf("the budget holder reads it: %d %s", got.status, got.raw)
		}
		mustProblem(t, f.do("POST", loc+"/send", zzp, ""), 409, "declaration_transition")
		if n := count(); n != before+1 {
			t.Errorf("%d declarations after one create with send, was %d", n, before)
		}

		// Without send, or send: false, a concept as before.
		for _, body := range []string{good, `{"send":false,` + good[1:]} {
			if r := f.do("POST", "/api/v1/declarations", zzp, body); r.status != 201 || r.body["state"] != string(domain.DeclConcept) {
				t.Errorf("create without send: %d %s", r.status, r.raw)
			}
		}

		// "send" belongs to the request, not to a batch item.
		r = f.do("POST", "/api/v1/declarations/batch", zzp, `{"declarations":[{"send":true,`+good[1:]+`]}`)
		mustProblem(t, r, 400, "unknown_field")
	})
}

// TestDeclarationWithInvoiceOnCreate: a formal provider sends a month with
// its invoice in one request, and the budget holder's approval finds the
// invoice there; a wrong file or too many refuse the whole declaration.
func TestDeclarationWithInvoiceOnCreate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, zzp, holder, agID, count := zzpAndHolder(t, db)
		before := count()
		pdf := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))
		text := base64.StdEncoding.EncodeToString([]byte("dit is geen factuur"))
		body := func(files ...string) string {
			return `{"send":true,"agreement_id":` + agID + `,"month":"2026-10","invoice_number":"RS-10","invoice_total_cents":10500,
				"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200}],
				"files":[` + strings.Join(files, ",") + `]}`
		}
		file := func(name, content string) string {
			return `{"filename":"` + name + `","content_base64":"` + content + `"}`
		}

		for _, c := range []struct {
			files []string
			code  string
		}{
			{[]string{file("factuur.pdf", text)}, "file_type"},
			{[]string{file("a.pdf", pdf), file("b.pdf", pdf), file("c.pdf", pdf), file("d.pdf", pdf)}, "too_many_files"},
		} {
			r := f.do("POST", "/api/v1/declarations", zzp, body(c.files...))
			mustProblem(t, r, 422, "validation")
			if field, code, _ := r.firstError(); field != "file" || code != c.code {
				t.Errorf("want %s at file: %s", c.code, r.raw)
			}
		}
		mustProblem(t, f.do("POST", "/api/v1/declarations", zzp, body(`{"filename":"x.pdf","content_base64":"niet base64!"}`)), 400, "bad_base64")
		if n := count(); n != before {
			t.Fatalf("refused declarations stored something: %d declarations, was %d", n, before)
		}

		r := f.do("POST", "/api/v1/declarations", zzp, body(file("factuur.pdf", pdf)))
		if r.status != 201 || r.body["state"] != string(domain.DeclAtHolder) {
			t.Fatalf("create with its invoice: %d %s", r.status, r.raw)
		}
		loc := r.header.Get("Location")
		got := f.do("POST", loc+"/approve", holder, "")
		if got.status != 200 || got.body["state"] != string(domain.DeclAccepted) {
			t.Errorf("approved with its invoice attached: %d %s", got.status, got.raw)
		}
	})
}

// TestOpenAPIDeclarationInputsMatchTheCode: the documented bodies of
// POST /api/v1/declarations (NewDeclaration, with send) and of a batch item
// (DeclarationInput, without) have exactly the fields the code reads.
func TestOpenAPIDeclarationInputsMatchTheCode(t *testing.T) {
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				AdditionalProperties *bool                      `json:"additionalProperties"`
				Properties           map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	for schema, typ := range map[string]reflect.Type{"DeclarationInput": reflect.TypeOf(declInputJSON{}), "NewDeclaration": reflect.TypeOf(newDeclarationJSON{})} {
		s, ok := doc.Components.Schemas[schema]
		if !ok {
			t.Errorf("no schema %s", schema)
			continue
		}
		if s.AdditionalProperties == nil || *s.AdditionalProperties {
			t.Errorf("%s allows additional properties; the API refuses unknown fields", schema)
		}
		var documented []string
		for k := range s.Properties {
			documented = append(documented, k)
		}
		read := fieldsOf(typ)
		sort.Strings(documented)
		sort.Strings(read)
		if got, want := strings.Join(documented, ","), strings.Join(read, ","); got != want {
			t.Errorf("%s documents %s, the code reads %s", schema, got, want)
		}
	}
	var post struct {
		RequestBody struct {
			Content map[string]struct {
				Schema map[string]any `json:"schema"`
			} `json:"content"`
		} `json:"requestBody"`
	}
	if err := json.Unmarshal(doc.Paths["/declarations"]["post"], &post); err != nil { // paths are under the server /api/v1
		t.Fatal(err)
	}
	if ref := post.RequestBody.Content["application/json"].Schema["$ref"]; ref != "#/components/schemas/NewDeclaration" {
		t.Errorf("POST /api/v1/declarations takes %v, want NewDeclaration", ref)
	}
}

// fieldsOf is the JSON names of a struct's fields, embedded ones promoted.
func fieldsOf(typ reflect.Type) []string {
	var out []string
	for i := 0; i < typ.NumField(); i++ {
		sf := typ.Field(i)
		if sf.Anonymous {
			out = append(out, fieldsOf(sf.Type)...)
			continue
		}
		out = append(out, strings.Split(sf.Tag.Get("json"), ",")[0])
	}
	return out
}
