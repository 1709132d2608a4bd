package web_test

import (
	"bytes"
	"context"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// pdfText reads a PDF's text back with poppler's pdftotext (installed by
// .ci/run, which fails under CI=true when it cannot); without it the test skips.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestSettlementPDFReadsBackInEveryName: the budget holder objects to the
// settlement in a text with names outside Latin-1 and long enough to wrap;
// the zorgkantoor's PDF of the statement reads back with those names as
// written, the amounts as on the page, the period's dates, and the sender,
// the date made, the contact and page numbers.
func TestSettlementPDFReadsBackInEveryName(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	zk := p.client(t)
	for _, a := range demo.Accounts() {
		if a.Email == "medewerker@zorgkantoor.demo" {
			zk.login(a)
		}
	}
	if code, _, body := zk.post("/eindafrekeningen", map[string][]string{"until": {"2026-11-23"}}); code != http.StatusSeeOther {
		t.Fatalf("make: %d\n%s", code, body)
	}
	p.svc.WaitJobs() // the settlements are made by a job
	_, list := zk.get("/eindafrekeningen")
	link := regexp.MustCompile(`href="(/eindafrekeningen/(\d+))"`).FindStringSubmatch(list)
	if link == nil {
		t.Fatalf("no settlement listed:\n%s", list)
	}
	id, _ := strconv.ParseInt(link[2], 10, 64)
	reason := "Şükrü Yılmaz-Ærø en Nguyễn Văn An gaven de zorg in december; " + strings.Repeat("de uren staan in het zorgrooster van die maand. ", 6)
	holder := settlementHolder(t, p, id)
	if _, err := p.svc.AnswerSettlement(context.Background(), holder, id, false, reason); err != nil {
		t.Fatal(err)
	}
	v, err := p.svc.Settlement(context.Background(), holder, id)
	if err != nil {
		t.Fatal(err)
	}
	code, body := zk.get(link[1] + "/pdf")
	if code != 200 || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("pdf: %d", code)
	}
	text := pdfText(t, []byte(body))
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{
		"Şükrü Yılmaz-Ærø en Nguyễn Văn An", v.Holder.Name(),
		"Toegekend: " + v.S.Granted.Format("nl"), "Terug naar de verstrekker: " + v.S.ToReturn.Format("nl"),
		v.Grant.Period.Start.Format("nl"), v.Grant.Period.End.Format("nl"),
		"Sociale Verzekeringsbank (SVB)", "Gemaakt op 23-11-2026", "Stuur ons een bericht", "pagina 1 van 1",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
	if strings.Count(flat, "zorgrooster") != 6 {
		t.Errorf("the objection does not wrap whole:\n%s", text)
	}
	for _, l := range strings.Split(text, "\n") {
		if n := len([]rune(l)); n > 130 {
			t.Errorf("line of %d characters runs off the page: %q", n, l)
		}
	}
}

func demoLogin(t *testing.T, p *portal, email string) *client {
	t.Helper()
	c := p.client(t)
	for _, a := range demo.Accounts() {
		if a.Email == email {
			c.login(a)
			return c
		}
	}
	t.Fatalf("no demo account %s", email)
	return nil
}

// TestDeclarationPDFReadsBack: the zzp'er's declaration with its lines, the
// holder's refusal in names outside Latin-1, as a PDF that reads back with
// the names, the lines' dates and amounts and the total; another provider
// gets "not found".
func TestDeclarationPDFReadsBack(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c, agID := zzpClient(t, p)
	code, loc, body := c.post("/declaraties/nieuw", map[string][]string{"agreement_id": {agID}, "month": {"2026-10"}, "kind": {"zorg"},
		"u/2026-10-05/begeleiding/uur": {"2"}, "u/2026-10-12/begeleiding/uur": {"1,5"}, "invoice_number": {"RS-10"}, "invoice_total": {"183,75"}})
	if code != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", code, body)
	}
	// A zzp'er sends with the invoice: the checks at entry ask for it.
	if code, _, body := c.postFile(loc+"/bijlage", nil, "file", "RS-10.pdf", []byte("%PDF-1.4\n%%EOF\n")); code != http.StatusSeeOther {
		t.Fatalf("attach: %d\n%s", code, body)
	}
	if code, _, body := c.post(loc+"/actie", map[string][]string{"action": {"send"}}); code != http.StatusSeeOther {
		t.Fatalf("send: %d\n%s", code, body)
	}
	bh := demoLogin(t, p, "budgethouder@pgbportaal.demo")
	if code, _, body := bh.post(loc+"/actie", map[string][]string{"action": {"reject"}, "reason": {"Op 12 oktober kwam Şükrü Yılmaz-Ærø, niet Nguyễn Văn An."}}); code != http.StatusSeeOther {
		t.Fatalf("reject: %d\n%s", code, body)
	}
	_, page := c.get(loc)
	if !strings.Contains(page, `href="`+loc+`/pdf"`) {
		t.Error("no PDF link on the declaration's page")
	}
	total := regexp.MustCompile(`id="decl-total">([^<]+)<`).FindStringSubmatch(page)
	if total == nil {
		t.Fatalf("no total on the page:\n%s", page)
	}
	code, pdfBody := c.get(loc + "/pdf")
	if code != 200 {
		t.Fatalf("pdf: %d", code)
	}
	flat := strings.Join(strings.Fields(pdfText(t, []byte(pdfBody))), " ")
	for _, want := range []string{"Şükrü Yılmaz-Ærø, niet Nguyễn Văn An", "J. de Vries", "Zorg met Aandacht – R. Smit",
		"05-10-2026", "12-10-2026", "01-10-2026 – 31-10-2026", "Totaal: " + strings.ReplaceAll(total[1], "&nbsp;", " "), "Gemaakt op 23-11-2026", "pagina 1 van 1"} {
		if !strings.Contains(flat, want) {
			t.Errorf("missing %q in:\n%s", want, flat)
		}
	}
	if code, _ := bh.get(loc + "/pdf"); code != 200 {
		t.Errorf("the budget holder's PDF: %d", code)
	}
	other := demoLogin(t, p, "zorgverlener@pgbportaal.demo")
	if code, _ := other.get(loc + "/pdf"); code != http.StatusNotFound {
		t.Errorf("another provider's PDF: %d, want 404", code)
	}
}

// TestAgreementPDFReadsBack: the zzp'er's agreement with J. de Vries as a
// PDF: every version with its terms, the text's fingerprint and who signed
// it when, as on the page; another provider gets "not found".
func TestAgreementPDFReadsBack(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c, agID := zzpClient(t, p)
	loc := "/overeenkomsten/" + agID
	_, page := c.get(loc)
	if !strings.Contains(page, `href="`+loc+`/pdf"`) {
		t.Error("no PDF link on the agreement's page")
	}
	hash := regexp.MustCompile(`<code>([0-9a-f]{64})</code>`).FindStringSubmatch(page)
	signed := regexp.MustCompile(`<li>Budgethouder · (\d\d-\d\d-\d{4} \d\d:\d\d)</li>`).FindStringSubmatch(page)
	if hash == nil || signed == nil {
		t.Fatalf("no fingerprint or signature on the page:\n%s", page)
	}
	code, body := c.get(loc + "/pdf")
	if code != 200 {
		t.Fatalf("pdf: %d", code)
	}
	flat := strings.Join(strings.Fields(pdfText(t, []byte(body))), " ")
	for _, want := range []string{"Zorgovereenkomst", "J. de Vries", "Zorg met Aandacht – R. Smit", "Versie 1",
		"Ondertekend door J. de Vries (Budgethouder) op " + signed[1], hash[1], "Gemaakt op 23-11-2026"} {
		if !strings.Contains(flat, want) {
			t.Errorf("missing %q in:\n%s", want, flat)
		}
	}
	other := demoLogin(t, p, "zorgverlener@pgbportaal.demo")
	if code, _ := other.get(loc + "/pdf"); code != http.StatusNotFound {
		t.Errorf("another provider's PDF: %d, want 404", code)
	}
}

// TestJaaropgaveReadsBack: the zzp'er's October declaration for J. de Vries
// is paid in a run executed on 24 November; the yearly statement for 2026
// (page and PDF) names the budget holder, the month of care, the date paid,
// the IBAN and the amount; 2025 says there were no payments; a budget
// holder gets "not found".
func TestJaaropgaveReadsBack(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c, agID := zzpClient(t, p)
	code, loc, body := c.post("/declaraties/nieuw", map[string][]string{"agreement_id": {agID}, "month": {"2026-10"}, "kind": {"zorg"},
		"u/2026-10-05/begeleiding/uur": {"2"}, "invoice_number": {"F-10"}, "invoice_total": {"105,00"}})
	if code != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", code, body)
	}
	if code, _, body := c.postFile(loc+"/bijlage", nil, "file", "factuur.pdf", []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")); code != http.StatusSeeOther {
		t.Fatalf("invoice: %d\n%s", code, body)
	}
	c.post(loc+"/actie", map[string][]string{"action": {"send"}})
	bh := demoLogin(t, p, "budgethouder@pgbportaal.demo")
	if code, _, body := bh.post(loc+"/actie", map[string][]string{"action": {"approve"}}); code != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", code, body)
	}
	run, _, err := p.svc.RunPayments(context.Background(), service.System, "2026-10-31", "2026-11-24", true)
	if err != nil || run.State != domain.RunExecuted {
		t.Fatalf("pay run: %v %+v", err, run)
	}
	_, page := c.get(loc)
	total := regexp.MustCompile(`id="decl-total">([^<]+)<`).FindStringSubmatch(page)
	_, pays := c.get("/betalingen")
	if !strings.Contains(pays, `href="/betalingen/jaaropgave/2026"`) {
		t.Error("no link to this year's statement on the payments page")
	}
	code, page = c.get("/betalingen/jaaropgave/2026")
	if code != 200 || !strings.Contains(page, "J. de Vries") || !strings.Contains(page, "2026-10") || !strings.Contains(page, "24-11-2026") || !strings.Contains(page, total[1]) {
		t.Errorf("statement page: %d\n%s", code, page)
	}
	code, pdfBody := c.get("/betalingen/jaaropgave/2026/pdf")
	if code != 200 {
		t.Fatalf("pdf: %d", code)
	}
	flat := strings.Join(strings.Fields(pdfText(t, []byte(pdfBody))), " ")
	amount := strings.Join(strings.Fields(strings.ReplaceAll(total[1], "&nbsp;", " ")), " ")
	for _, want := range []string{"Jaaropgave 2026", "Zorg met Aandacht – R. Smit", "J. de Vries · Maand van de zorg 2026-10 · Betaald op 24-11-2026 · NL08ABNA0452398716 · " + amount,
		"Totaal: " + amount, "Gemaakt op 23-11-2026", "pagina 1 van 1"} {
		if !strings.Contains(flat, want) {
			t.Errorf("missing %q in:\n%s", want, flat)
		}
	}
	code, pdfBody = c.get("/betalingen/jaaropgave/2025/pdf")
	if flat := strings.Join(strings.Fields(pdfText(t, []byte(pdfBody))), " "); code != 200 || !strings.Contains(flat, "In 2025 heeft de SVB u niets betaald.") {
		t.Errorf("a year without payments: %d\n%s", code, flat)
	}
	for _, u := range []string{"/betalingen/jaaropgave/2026", "/betalingen/jaaropgave/2026/pdf"} {
		if code, _ := bh.get(u); code != http.StatusNotFound {
			t.Errorf("a budget holder opens %s: %d, want 404", u, code)
		}
	}
	if code, _ := c.get("/betalingen/jaaropgave/abc"); code != http.StatusNotFound {
		t.Errorf("a year that is no year: %d", code)
	}
}
