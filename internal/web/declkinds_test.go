package web_test

import (
	"context"
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

// zzpAccount is the demo's zzp'er, who has an approved agreement.
func zzpAccount(t *testing.T) demo.Account {
	t.Helper()
	for _, a := range demo.Accounts() {
		if a.Email == "zzp@pgbportaal.demo" {
			return a
		}
	}
	t.Fatal("no zzp demo account")
	return demo.Account{}
}

// zzpClient logs the zzp'er in and returns its agreement's id.
func zzpClient(t *testing.T, p *portal) (*client, string) {
	t.Helper()
	c := p.client(t)
	c.login(zzpAccount(t))
	_, list := c.get("/overeenkomsten")
	return c, regexp.MustCompile(`href="/overeenkomsten/(\d+)"`).FindStringSubmatch(list)[1]
}

// TestProviderUploadsDeclarationsCSV: an institution-style upload where
// each declaration gets its own outcome, a wrong row is named, and sending
// the same form twice stores nothing twice.
func TestProviderUploadsDeclarationsCSV(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c, agID := zzpClient(t, p)
	_, form := c.get("/declaraties/bulk")
	key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(form)
	if key == nil {
		t.Fatalf("no idempotency key in the form:\n%s", form)
	}
	csv := "overeenkomst;maand;datum;zorgsoort;eenheid;aantal;factuurnummer;factuurtotaal\n" +
		agID + ";2026-10;2026-10-05;begeleiding;uur;2;F-10;105,00\n" +
		agID + ";2026-09;2026-09-07;begeleiding;uur;1,1;F-09;57,75\n"
	// Sent at once, a zzp'er's declaration without its invoice is refused at
	// its row, as the checks would refuse it at approval; nothing is stored.
	code, _, body := c.postFile("/declaraties/bulk", map[string]string{"key": key[1] + "-send", "send": "1"}, "file", "oktober.csv", []byte(csv))
	if code != http.StatusOK || !strings.Contains(body, "0 declaraties opgeslagen, 2 niet") || !strings.Contains(body, "Regel 2: Voeg de factuur") {
		t.Fatalf("upload sent at once: %d\n%s", code, body)
	}
	fields := map[string]string{"key": key[1]}
	code, _, body = c.postFile("/declaraties/bulk", fields, "file", "oktober.csv", []byte(csv))
	if code != http.StatusOK || !strings.Contains(body, "1 declaratie opgeslagen, 1 niet") || !strings.Contains(body, "Regel 3: Uren gaan per kwartier") {
		t.Fatalf("upload: %d\n%s", code, body)
	}
	if !strings.Contains(body, ">Concept<") {
		t.Errorf("the stored declaration is not a concept")
	}
	// The same form again (a double click, a reload): the first outcome, nothing new.
	code, _, body = c.postFile("/declaraties/bulk", fields, "file", "oktober.csv", []byte(csv))
	if code != http.StatusOK || !strings.Contains(body, "al ingelezen") {
		t.Errorf("second upload: %d", code)
	}
	_, list := c.get("/declaraties")
	if n := strings.Count(list, `href="/declaraties/`) - strings.Count(list, `href="/declaraties/bulk"`); n != 1 {
		t.Errorf("%d declarations listed after two uploads", n)
	}
	// A file that is not the layout: refused with its row, nothing stored.
	code, _, body = c.postFile("/declaraties/bulk", map[string]string{"key": "other"}, "file", "x.csv", []byte("overeenkomst;maand;kleur\n1;2026-10;rood\n"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `Regel 1: onbekende kolom &#34;kleur&#34;`) {
		t.Errorf("unknown column: %d\n%s", code, body)
	}
	code, _, _ = c.postFile("/declaraties/bulk", map[string]string{"key": "empty"}, "file", "", nil)
	if code != http.StatusUnprocessableEntity {
		t.Errorf("no file: %d", code)
	}
}

// TestSVBRegistersPaperDeclaration: a declaration that came by post is
// entered on the month grid with its scan and checked at once.
func TestSVBRegistersPaperDeclaration(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	_, agID := zzpClient(t, p)
	svb := p.client(t)
	svb.login(demoAccount(t, "svb"))
	if _, page := svb.get("/declaraties/papier"); !strings.Contains(page, "Nummer zorgovereenkomst") {
		t.Fatalf("paper start page:\n%s", page)
	}
	_, grid := svb.get("/declaraties/nieuw?overeenkomst=" + agID + "&maand=2026-10")
	if !strings.Contains(grid, `action="/declaraties/papier"`) || !strings.Contains(grid, `name="received"`) {
		t.Fatalf("paper grid:\n%s", grid)
	}
	fields := map[string]string{"agreement_id": agID, "month": "2026-10", "kind": "zorg", "received": "2026-11-20",
		"u/2026-10-05/begeleiding/uur": "2", "u/2026-10-12/begeleiding/uur": "2", "invoice_number": "P-10", "invoice_total": "210,00"}
	code, _, body := svb.postMultipart("/declaraties/papier", fields, "scan.pdf", []byte("GIF89a"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Alleen pdf, png of jpeg") || !strings.Contains(body, `value="210,00"`) {
		t.Fatalf("a GIF as scan: %d", code)
	}
	code, loc, body := svb.postMultipart("/declaraties/papier", fields, "scan.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	if code != http.StatusSeeOther {
		t.Fatalf("register: %d\n%s", code, body)
	}
	_, page := svb.get(loc)
	if !strings.Contains(page, "Papier (per post)") || !strings.Contains(page, "Geaccepteerd") || !strings.Contains(page, "scan.pdf") {
		t.Errorf("paper declaration page:\n%s", page)
	}
	// The budget holder sees it among their own.
	bh := p.client(t)
	bh.login(demoAccount(t, "budgethouder"))
	if _, list := bh.get("/declaraties"); !strings.Contains(list, loc) {
		t.Errorf("the budget holder does not see the paper declaration")
	}
}

// TestMonthGridErrorsAtTheirCells: a wrong cell is refused beside itself,
// and everything typed stays.
func TestMonthGridErrorsAtTheirCells(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c, agID := zzpClient(t, p)
	form := map[string][]string{"agreement_id": {agID}, "month": {"2026-10"}, "kind": {"zorg"},
		"u/2026-10-05/begeleiding/uur": {"2"}, "u/2026-10-12/begeleiding/uur": {"1,1"}, "invoice_total": {"999,00"}}
	code, _, body := c.post("/declaraties/nieuw", form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("a wrong cell: %d", code)
	}
	for _, want := range []string{`id="u-2026-10-12-begeleiding-uur-error"`, `href="#u-2026-10-12-begeleiding-uur"`, `value="1,1"`, `value="2"`, `value="999,00"`, "Uren gaan per kwartier"} {
		if !strings.Contains(body, want) {
			t.Errorf("missing %s", want)
		}
	}
	if strings.Contains(body, `id="u-2026-10-05-begeleiding-uur-error"`) {
		t.Error("the good cell is marked wrong")
	}
}

// TestDashboardForecast: the budget holder reads at what pace the budget
// goes and until when it lasts.
func TestDashboardForecast(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	c.login(demoAccount(t, "budgethouder"))
	_, page := c.get("/")
	if !strings.Contains(page, `data-figure="forecast"`) || !strings.Contains(page, "per maand. In dit tempo") {
		t.Errorf("no forecast on the dashboard:\n%s", page)
	}
}

// TestBudgetHolderClaimsFreeAmount: the demo budget holder's Wmo grant has
// a free amount (1.5 % of € 18,000 = € 270); a claim above what is left is
// refused at the field with the input kept; a good claim is reserved.
func TestBudgetHolderClaimsFreeAmount(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	c.login(demoAccount(t, "budgethouder"))
	_, dash := c.get("/")
	grant := regexp.MustCompile(`href="(/toekenningen/\d+)"`).FindStringSubmatch(dash)
	if grant == nil {
		t.Fatal("no grant on the dashboard")
	}
	_, page := c.get(grant[1])
	if !strings.Contains(page, "Vrij besteedbaar bedrag") || !strings.Contains(page, "€ 270,00") {
		t.Fatalf("grant page without the free amount:\n%s", page)
	}
	code, _, body := c.post(grant[1]+"/vrij-besteedbaar", map[string][]string{"amount": {"300,00"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "U kunt nog € 270,00 opvragen") || !strings.Contains(body, `value="300,00"`) {
		t.Errorf("claiming too much: %d", code)
	}
	if code, _, _ := c.post(grant[1]+"/vrij-besteedbaar", map[string][]string{"amount": {"70,00"}}); code != http.StatusSeeOther {
		t.Fatalf("claim: %d", code)
	}
	if _, page = c.get(grant[1]); !strings.Contains(page, "nog € 200,00 op te vragen") {
		t.Errorf("after the claim:\n%s", page)
	}
}

// TestSettlementMadeAgreedAndApproved: the zorgkantoor makes last year's
// settlements, downloads them as CSV, and approves one the budget holder
// agreed to; the statement is a page and a PDF.
func TestSettlementMadeAgreedAndApproved(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	zk := p.client(t)
	var zkAccount demo.Account
	for _, a := range demo.Accounts() {
		if a.Email == "medewerker@zorgkantoor.demo" {
			zkAccount = a
		}
	}
	zk.login(zkAccount)
	code, loc, body := zk.post("/eindafrekeningen", map[string][]string{"until": {"2026-11-23"}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/taken/") {
		t.Fatalf("make: %d\n%s", code, body)
	}
	p.svc.WaitJobs() // the settlements are made by a job
	_, list := zk.get("/eindafrekeningen")
	link := regexp.MustCompile(`href="(/eindafrekeningen/(\d+))"`).FindStringSubmatch(list)
	if link == nil {
		t.Fatalf("no settlement listed:\n%s", list)
	}
	code, csvBody := zk.get("/eindafrekeningen.csv")
	if code != 200 || !strings.HasPrefix(csvBody, "\uFEFFeindafrekening;toekenning;budgethouder;toegekend") || strings.Count(csvBody, "\n") < 2 {
		t.Errorf("csv: %d\n%s", code, csvBody)
	}
	code, pdfBody := zk.get(link[1] + "/pdf")
	if code != 200 || !strings.HasPrefix(pdfBody, "%PDF-") {
		t.Errorf("pdf: %d", code)
	}
	// The budget holder agrees (through the service: this one has no demo login).
	id, _ := strconv.ParseInt(link[2], 10, 64)
	holder := settlementHolder(t, p, id)
	if _, err := p.svc.AnswerSettlement(context.Background(), holder, id, true, ""); err != nil {
		t.Fatal(err)
	}
	_, page := zk.get(link[1])
	if !strings.Contains(page, `id="settlement-approve"`) {
		t.Fatalf("no approve button:\n%s", page)
	}
	zk.post(link[1]+"/actie", map[string][]string{"action": {"approve"}})
	if _, page = zk.get(link[1]); !strings.Contains(page, "Vastgesteld") || strings.Contains(page, `id="settlement-approve"`) {
		t.Errorf("after approval:\n%s", page)
	}
	if code, _, _ := zk.post(link[1]+"/actie", map[string][]string{"action": {"approve"}}); code == http.StatusSeeOther {
		t.Error("approved twice")
	}
}

// settlementHolder logs in an account for the settlement's budget holder.
func settlementHolder(t *testing.T, p *portal, id int64) service.Actor {
	t.Helper()
	ctx := context.Background()
	var bhID int64
	p.db.View(ctx, func(tx *store.Tx) error {
		s, err := tx.Settlement(ctx, id, false)
		bhID = s.BudgetHolderID
		return err
	})
	acc, err := p.svc.CreateAccount(ctx, service.System, service.NewAccount{Email: "jansen@example.nl", Name: "Jansen", Password: "lang genoeg wachtwoord"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleBudgetHolder, BudgetHolderID: bhID})
	if err != nil {
		t.Fatal(err)
	}
	return service.Actor{AccountID: acc.ID, Role: r}
}

// TestDeclarationAttachmentRefusals: a fake PDF (another type named .pdf)
// and a file over 10 MB are refused at the field; a real PDF is kept.
func TestDeclarationAttachmentRefusals(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c, agID := zzpClient(t, p)
	code, loc, body := c.post("/declaraties/nieuw", map[string][]string{"agreement_id": {agID}, "month": {"2026-10"}, "kind": {"zorg"},
		"u/2026-10-05/begeleiding/uur": {"2"}})
	if code != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", code, body)
	}
	code, _, body = c.postFile(loc+"/bijlage", nil, "file", "factuur.pdf", []byte("MZ\x90\x00 an executable"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Alleen pdf, png of jpeg") {
		t.Errorf("a fake PDF: %d", code)
	}
	code, _, body = c.postFile(loc+"/bijlage", nil, "file", "groot.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 11<<20)...))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "groter dan 10 MB") {
		t.Errorf("an 11 MB file: %d", code)
	}
	if _, page := c.get(loc); strings.Contains(page, "groot.pdf") || strings.Contains(page, "/bijlage/") {
		t.Error("a refused file was kept")
	}
	if code, _, _ = c.postFile(loc+"/bijlage", nil, "file", "factuur.pdf", []byte("%PDF-1.4\n%%EOF\n")); code != http.StatusSeeOther {
		t.Errorf("a real PDF: %d", code)
	}
}

// TestSessionsAndOwnData: a person sees where they are logged in and ends
// another session; their own data is readable (BSN masked) and downloadable
// (BSN in full, for its owner only).
func TestSessionsAndOwnData(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	phone, laptop := p.client(t), p.client(t)
	phone.login(demoAccount(t, "budgethouder"))
	laptop.login(demoAccount(t, "budgethouder"))
	_, page := laptop.get("/account")
	refs := regexp.MustCompile(`action="/account/sessies/([0-9a-f]{16})/beeindigen"`).FindAllStringSubmatch(page, -1)
	if len(refs) != 1 || !strings.Contains(page, "deze sessie") {
		t.Fatalf("sessions on the account page: %d\n%s", len(refs), page)
	}
	if code, _, _ := laptop.post("/account/sessies/"+refs[0][1]+"/beeindigen", nil); code != http.StatusSeeOther {
		t.Fatalf("end: %d", code)
	}
	if code, _ := phone.get("/account"); code != http.StatusSeeOther {
		t.Errorf("the ended session still works: %d", code)
	}
	if code, _ := laptop.get("/account"); code != 200 {
		t.Errorf("the own session was ended: %d", code)
	}
	_, own := laptop.get("/account/mijn-gegevens")
	code, js := laptop.get("/account/mijn-gegevens.json")
	full := regexp.MustCompile(`"bsn": "(\d{9})"`).FindStringSubmatch(js)
	if code != 200 || full == nil || !strings.Contains(js, `"actions"`) || !strings.Contains(js, `"grants"`) {
		t.Fatalf("download: %d\n%.500s", code, js)
	}
	if strings.Contains(own, full[1]) || !strings.Contains(own, "Wat u deed") {
		t.Errorf("the page shows the full BSN or lacks the actions")
	}
}
