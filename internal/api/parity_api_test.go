package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// pdfBytes is a small file that sniffs as a PDF.
const pdfBytes = "%PDF-1.4\n% a time sheet\n%%EOF\n"

// TestDeclarationFilesAndMessagesThroughAPI: the budget holder who approves
// through the API sees the invoice the checks require: the declaration's
// JSON lists its files with their SHA-256, and each downloads as stored,
// as an attachment with a safe type and name, to the declaration's parties
// only. They talk about it in its thread, and the notice it makes is read
// through the API.
func TestDeclarationFilesAndMessagesThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, zzp, holder, agID, _ := zzpAndHolder(t, db)
		other := f.token("zorgverlener@pgbportaal.demo", "")
		r := f.do("POST", "/api/v1/declarations", zzp, `{"agreement_id":`+agID+`,"month":"2026-10","invoice_number":"RS-10","invoice_total_cents":10500,
			"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200}]}`)
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.raw)
		}
		path := r.header.Get("Location")
		if items, _ := r.body["attachments"].([]any); items == nil || len(items) != 0 {
			t.Errorf("a new declaration lists its (no) files as []: %s", r.raw)
		}
		att := f.do("POST", path+"/attachments", zzp, pdfBytes, "X-Filename", `../"evil".pdf`)
		if att.status != 201 {
			t.Fatalf("attach: %d %s", att.status, att.raw)
		}
		sum := sha256.Sum256([]byte(pdfBytes))
		want := hex.EncodeToString(sum[:])
		if att.body["sha256"] != want || att.body["href"] != path+"/attachments/"+strconv.Itoa(int(att.num("id"))) {
			t.Errorf("attach answers %s", att.raw)
		}
		f.do("POST", path+"/send", zzp, "")

		// The budget holder reads the declaration with its file, and the list.
		got := f.do("GET", path, holder, "")
		files, _ := got.body["attachments"].([]any)
		if len(files) != 1 || files[0].(map[string]any)["sha256"] != want || files[0].(map[string]any)["content_type"] != "application/pdf" ||
			files[0].(map[string]any)["size_bytes"] != float64(len(pdfBytes)) {
			t.Fatalf("the declaration's files: %s", got.raw)
		}
		list := f.do("GET", path+"/attachments", holder, "")
		if items, _ := list.body["items"].([]any); list.status != 200 || len(items) != 1 {
			t.Errorf("list: %d %s", list.status, list.raw)
		}
		href := files[0].(map[string]any)["href"].(string)
		dl := f.do("GET", href, holder, "")
		if dl.status != 200 || dl.raw != pdfBytes || dl.header.Get("Content-Type") != "application/pdf" || dl.header.Get("X-Content-Type-Options") != "nosniff" ||
			dl.header.Get("Content-Disposition") != `attachment; filename="bijlage-`+strconv.Itoa(int(att.num("id")))+`.pdf"` {
			t.Errorf("download: %d %v %q", dl.status, dl.header, dl.raw)
		}
		// Not a party: as if it did not exist; nor another declaration's file.
		mustProblem(t, f.do("GET", href, other, ""), 404, "not_found")
		mustProblem(t, f.do("GET", path+"/attachments", other, ""), 404, "not_found")
		mustProblem(t, f.do("GET", path+"/attachments/999999", holder, ""), 404, "not_found")
		mustProblem(t, f.do("GET", path+"/attachments/x", holder, ""), 404, "not_found")

		// The declaration's thread: the holder asks, the provider reads it.
		mustProblem(t, f.do("POST", path+"/messages", holder, `{"body":""}`), 422, "validation")
		mustProblem(t, f.do("POST", path+"/messages", other, `{"body":"hallo"}`), 404, "not_found")
		if m := f.do("POST", path+"/messages", holder, `{"body":"Klopt 5 oktober?"}`); m.status != 201 || m.body["body"] != "Klopt 5 oktober?" {
			t.Fatalf("post: %d %s", m.status, m.raw)
		}
		thread := f.do("GET", path+"/messages", zzp, "")
		if items, _ := thread.body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["author_party"] != "budgethouder" {
			t.Errorf("thread: %s", thread.raw)
		}
		mustProblem(t, f.do("GET", path+"/messages", other, ""), 404, "not_found")

		// The provider's inbox has the notice; reading it names the declaration.
		inbox := f.do("GET", "/api/v1/inbox", zzp, "")
		items, _ := inbox.body["items"].([]any)
		if len(items) == 0 || inbox.num("unread") == 0 {
			t.Fatalf("inbox: %s", inbox.raw)
		}
		unread := inbox.num("unread")
		first := strconv.Itoa(int(items[0].(map[string]any)["id"].(float64)))
		mustProblem(t, f.do("POST", "/api/v1/inbox/"+first+"/read", holder, ""), 404, "not_found")
		read := f.do("POST", "/api/v1/inbox/"+first+"/read", zzp, "")
		if read.status != 200 || read.body["read"] != true || read.body["href"] != path {
			t.Errorf("read one: %d %s", read.status, read.raw)
		}
		if n := f.do("GET", "/api/v1/inbox", zzp, "").num("unread"); n != unread-1 {
			t.Errorf("after reading one: %v unread, want %v", n, unread-1)
		}
		if r := f.do("POST", "/api/v1/inbox/read", zzp, ""); r.status != 204 {
			t.Errorf("read all: %d %s", r.status, r.raw)
		}
		if n := f.do("GET", "/api/v1/inbox", zzp, "").num("unread"); n != 0 {
			t.Errorf("after reading all: %v unread", n)
		}

		// The holder's work list names the declaration to approve, with its
		// API address.
		work := f.do("GET", "/api/v1/worklist", holder, "", "Accept-Language", "en")
		var found bool
		for _, it := range work.body["items"].([]any) {
			m := it.(map[string]any)
			found = found || (m["text_key"] == "work.declaration_to_approve" && m["href"] == path && m["text"] != "")
		}
		if !found {
			t.Errorf("work list: %s", work.raw)
		}
	})
}

// TestRepeatLastMonthThroughAPI: "herhalen" gives October's pattern on
// November's same weekdays, as a body that POST /declarations takes.
func TestRepeatLastMonthThroughAPI(t *testing.T) {
	f, zzp, _, agID, _ := zzpAndHolder(t, storetest.OpenSQLite(t))
	other := f.token("zorgverlener@pgbportaal.demo", "")
	r := f.do("POST", "/api/v1/declarations", zzp, `{"agreement_id":`+agID+`,"month":"2026-10","invoice_number":"RS-10","invoice_total_cents":21000,
		"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200},{"date":"2026-10-12","care_type":"begeleiding","unit":"uur","units_hundredths":200}]}`)
	if r.status != 201 {
		t.Fatalf("october: %d %s", r.status, r.raw)
	}
	base := "/api/v1/agreements/" + agID + "/declaration-proposal"
	p := f.do("GET", base+"?month=2026-11", zzp, "")
	if p.status != 200 || p.body["month"] != "2026-11" {
		t.Fatalf("proposal: %d %s", p.status, p.raw)
	}
	var mondays []string
	for _, l := range p.body["lines"].([]any) {
		m := l.(map[string]any)
		if m["units_hundredths"] != float64(200) || m["care_type"] != "begeleiding" {
			t.Errorf("line %v", m)
		}
		mondays = append(mondays, m["date"].(string))
	}
	if !slices.Equal(mondays, []string{"2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"}) {
		t.Errorf("October's Mondays on November's: %v", mondays)
	}
	// The proposal is a declaration's body as it is.
	var body map[string]any
	_ = json.Unmarshal([]byte(p.raw), &body)
	delete(body, "deadline")
	delete(body, "late")
	body["invoice_number"], body["invoice_total_cents"] = "RS-11", 52500
	b, _ := json.Marshal(body)
	if c := f.do("POST", "/api/v1/declarations", zzp, string(b)); c.status != 201 || c.num("total_cents") != 52500 {
		t.Errorf("the proposal posted: %d %s", c.status, c.raw)
	}
	mustProblem(t, f.do("GET", base+"?month=november", zzp, ""), 400, "bad_month")
	mustProblem(t, f.do("GET", base+"?month=2026-11", other, ""), 404, "not_found")
}

// TestOwnThingsThroughAPI: a person downloads what the portal holds about
// them and sets their e-mail notices; the budget holder reads the year's
// overview and the provider their payments' statement; the beheerder the
// outbox. Each is refused to the roles the pages refuse it to.
func TestOwnThingsThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	holder := f.token("budgethouder@pgbportaal.demo", "")
	zzp := f.token("zzp@pgbportaal.demo", "")
	admin := f.token("beheer@pgbportaal.demo", "")
	own := f.do("GET", "/api/v1/me/data", holder, "")
	if own.status != 200 || own.body["account"].(map[string]any)["email"] != "budgethouder@pgbportaal.demo" || !strings.Contains(own.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("own data: %d %s", own.status, own.raw)
	}
	if toks, _ := own.body["api_tokens"].([]any); len(toks) == 0 {
		t.Errorf("own data names no token, while this request used one: %s", own.raw)
	}
	if r := f.do("PUT", "/api/v1/me/mail-notices", holder, `{"kinds":["payments"]}`); r.status != 200 {
		t.Fatalf("set notices: %d %s", r.status, r.raw)
	}
	if r := f.do("GET", "/api/v1/me/mail-notices", holder, ""); !strings.Contains(r.raw, `"kinds":["payments"]`) {
		t.Errorf("notices read back: %s", r.raw)
	}
	mustProblem(t, f.do("PUT", "/api/v1/me/mail-notices", holder, `{"kinds":["spam"]}`), 422, "validation")
	mustProblem(t, f.do("PUT", "/api/v1/me/mail-notices", holder, `{}`), 422, "validation")
	if r := f.do("GET", "/api/v1/me/mail-notices", holder, ""); !strings.Contains(r.raw, `"kinds":["payments"]`) {
		t.Errorf("a refused change changed the notices: %s", r.raw)
	}

	if r := f.do("GET", "/api/v1/year-overviews/2026", holder, ""); r.status != 200 || r.num("year") != 2026 {
		t.Errorf("year overview: %d %s", r.status, r.raw)
	}
	mustProblem(t, f.do("GET", "/api/v1/year-overviews/2026", zzp, ""), 404, "not_found")
	mustProblem(t, f.do("GET", "/api/v1/year-overviews/twintig", holder, ""), 400, "bad_parameter")
	if r := f.do("GET", "/api/v1/payments/year-statements/2026", zzp, ""); r.status != 200 || r.num("year") != 2026 {
		t.Errorf("year statement: %d %s", r.status, r.raw)
	}
	mustProblem(t, f.do("GET", "/api/v1/payments/year-statements/2026", holder, ""), 404, "not_found")
	if r := f.do("GET", "/api/v1/outbox", admin, ""); r.status != 200 {
		t.Errorf("outbox: %d %s", r.status, r.raw)
	}
	if r := f.do("GET", "/api/v1/outbox", holder, ""); r.status < 400 {
		t.Errorf("a budget holder reads the outbox: %d", r.status)
	}
}

// TestPaperDeclarationThroughAPI: the SVB registers a declaration that came
// by post with its scan; it is checked at once and carries the scan; no
// one else may.
func TestPaperDeclarationThroughAPI(t *testing.T) {
	f, zzp, holder, agID, _ := zzpAndHolder(t, storetest.OpenSQLite(t))
	svb := f.token("medewerker@svb.demo", "")
	body := `{"agreement_id":` + agID + `,"month":"2026-10","invoice_number":"P-10","invoice_total_cents":10500,"received":"2026-11-03",
		"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200}],"scan":{"filename":"scan.pdf","content_base64":"JVBERi0xLjQKJSVFT0YK"}}`
	mustProblem(t, f.do("POST", "/api/v1/paper-declarations", zzp, body), 403, "staff_only")
	r := f.do("POST", "/api/v1/paper-declarations", svb, body)
	if r.status != 201 || r.body["source"] != "papier" || r.body["received_on"] != "2026-11-03" {
		t.Fatalf("paper: %d %s", r.status, r.raw)
	}
	files, _ := r.body["attachments"].([]any)
	if len(files) != 1 {
		t.Fatalf("the scan: %s", r.raw)
	}
	dl := f.do("GET", files[0].(map[string]any)["href"].(string), holder, "")
	if dl.status != 200 || !bytes.HasPrefix([]byte(dl.raw), []byte("%PDF")) {
		t.Errorf("the holder downloads the scan: %d", dl.status)
	}
	bad := strings.Replace(body, `"received":"2026-11-03"`, `"received":"2099-01-01"`, 1)
	r = f.do("POST", "/api/v1/paper-declarations", svb, bad)
	mustProblem(t, r, 422, "validation")
	if field, _, _ := r.firstError(); field != "received" {
		t.Errorf("a date received in the future: %s", r.raw)
	}
}

// TestActionPathsComeFromTheDomain: the document's action enums are the
// domain's lists (snake_case as your_actions, and the kebab-case form),
// and each path's action is parsed back to the same action.
func TestActionPathsComeFromTheDomain(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string `json:"name"`
				Schema struct {
					Enum []string `json:"enum"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	enum := func(path string) []string {
		for _, p := range doc.Paths[path]["post"].Parameters {
			if p.Name == "action" {
				return p.Schema.Enum
			}
		}
		t.Fatalf("%s has no action", path)
		return nil
	}
	check := func(path string, names []string, parse func(string) (string, bool)) {
		got := enum(path)
		for _, n := range names {
			for _, form := range []string{n, strings.ReplaceAll(n, "_", "-")} {
				if !slices.Contains(got, form) {
					t.Errorf("%s: the document's actions lack %q", path, form)
				}
			}
		}
		for _, e := range got {
			if a, ok := parse(e); !ok || !slices.Contains(names, a) {
				t.Errorf("%s: the document offers %q, which the domain does not take", path, e)
			}
		}
	}
	var decl, ag []string
	for _, a := range domain.DeclarationActionOrder {
		if a != domain.DeclActAttach { // its path is .../attachments, with the file as body
			decl = append(decl, string(a))
		}
	}
	for _, a := range domain.AgreementActionOrder {
		if a != domain.ActEdit { // PUT /agreements/{id}
			ag = append(ag, string(a))
		}
	}
	check("/declarations/{id}/{action}", decl, func(s string) (string, bool) { a, ok := domain.ParseDeclarationAction(s); return string(a), ok })
	check("/agreements/{id}/{action}", ag, func(s string) (string, bool) { a, ok := domain.ParseAgreementAction(s); return string(a), ok })
}

// TestSettlementsThroughAPI: the gemeente makes 2026's settlements through
// the API, lists them (JSON, and the page's CSV), and both parties download
// the statement's PDF, as on the pages; a budget holder makes none.
func TestSettlementsThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	holder := f.token("budgethouder@pgbportaal.demo", "")
	zzp := f.token("zzp@pgbportaal.demo", "")
	gm := f.token("medewerker@utrecht.demo", "")
	jan5 := f.at(time.Date(2027, 1, 5, 10, 0, 0, 0, domain.Amsterdam))
	mustProblem(t, jan5.do("POST", "/api/v1/settlements", holder, `{"until":"2026-12-31"}`), 403, "verstrekker_only")
	mustProblem(t, jan5.do("POST", "/api/v1/settlements", gm, `{"until":"later"}`), 422, "validation")
	made := jan5.do("POST", "/api/v1/settlements", gm, `{"until":"2026-12-31"}`)
	if made.status != 202 || made.header.Get("Location") == "" {
		t.Fatalf("make: %d %s", made.status, made.raw)
	}
	jan5.svc.WaitJobs()
	job := jan5.do("GET", made.header.Get("Location"), gm, "")
	if job.body["state"] != "done" || job.num("result", "settlements") < 1 {
		t.Fatalf("the settlements job: %s", job.raw)
	}
	list := jan5.do("GET", "/api/v1/settlements", gm, "")
	items, _ := list.body["items"].([]any)
	if len(items) != int(job.num("result", "settlements")) {
		t.Fatalf("list: %s", list.raw)
	}
	me := jan5.do("GET", "/api/v1/me", holder, "").num("role", "budget_holder_id")
	var first map[string]any
	for _, it := range items {
		if m := it.(map[string]any); m["budget_holder_id"] == me {
			first = m
		}
	}
	if first == nil {
		t.Fatalf("no settlement of the demo budget holder: %s", list.raw)
	}
	csv := jan5.do("GET", "/api/v1/settlements", gm, "", "Accept", "text/csv")
	if csv.status != 200 || !strings.HasPrefix(csv.raw, "\uFEFFeindafrekening;toekenning;") || strings.Count(csv.raw, "\n") != len(items)+1 ||
		!strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") {
		t.Errorf("csv: %d %q", csv.status, csv.raw)
	}
	mustProblem(t, jan5.do("GET", "/api/v1/settlements", holder, ""), 403, "verstrekker_only")
	pdf := "/api/v1/settlements/" + strconv.Itoa(int(first["id"].(float64))) + "/pdf"
	for _, who := range []string{gm, holder} {
		r := jan5.do("GET", pdf, who, "")
		if r.status != 200 || !strings.HasPrefix(r.raw, "%PDF") || r.header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(r.header.Get("Content-Disposition"), `attachment; filename="eindafrekening-`) {
			t.Errorf("pdf: %d %v", r.status, r.header)
		}
	}
	mustProblem(t, jan5.do("GET", pdf, zzp, ""), 404, "not_found")
}
