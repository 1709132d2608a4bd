package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// The names of issue 21: outside Latin-1 (Ş, ı, ễ, ă), with Æ and ø beside them.
const (
	holderName   = "Şükrü Yılmaz-Ærø"
	providerName = "Nguyễn Văn An"
	settledName  = "Nguyễn Thị Lan"
)

// pageMoney is an amount as a page shows it, as pdftotext reads it back.
func pageMoney(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(html.UnescapeString(s), "\u00a0", " ")), " ")
}

// flatPDF fetches a PDF and reads its text back as one line.
func flatPDF(t *testing.T, c *client, path string) string {
	t.Helper()
	code, body := c.get(path)
	if code != http.StatusOK || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("%s: %d, not a PDF", path, code)
	}
	return strings.Join(strings.Fields(pdfText(t, []byte(body))), " ")
}

// wantAll reports every wanted text missing from a document.
func wantAll(t *testing.T, doc, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s: missing %q in:\n%s", doc, w, text)
		}
	}
}

// TestEveryDocumentInEveryName renders each document the portal gives out
// (settlement, agreement, declaration, the budget holder's yearly overview,
// the provider's jaaropgave, both message threads) for a budget holder
// named Şükrü Yılmaz-Ærø and a provider named Nguyễn Văn An, and reads each
// back with pdftotext: the names as written, the amounts as on the pages,
// the dates, and on every page the sender, the date made, the contact and
// the page number. Someone who may not see a document gets "not found".
func TestEveryDocumentInEveryName(t *testing.T) {
	ctx := context.Background()
	p := newPortal(t, storetest.OpenSQLite(t))
	// The demo's J. de Vries and R. Smit (and their accounts) get the names.
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE budget_holders SET initials = ?, prefix = '', family_name = ? WHERE family_name = 'Vries' AND initials = 'J.'`, []any{"Şükrü", "Yılmaz-Ærø"}},
		{`UPDATE accounts SET name = ? WHERE email = 'budgethouder@pgbportaal.demo'`, []any{holderName}},
		{`UPDATE providers SET name = ? WHERE name = 'Zorg met Aandacht – R. Smit'`, []any{providerName}},
		{`UPDATE accounts SET name = ? WHERE email = 'zzp@pgbportaal.demo'`, []any{providerName}},
	} {
		if err := p.db.RawExec(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	c, agID := zzpClient(t, p)
	bh := demoLogin(t, p, "budgethouder@pgbportaal.demo")
	other := demoLogin(t, p, "zorgverlener@pgbportaal.demo")
	footer := []string{"Sociale Verzekeringsbank (SVB) · PGB Portaal", "Gemaakt op 23-11-2026", "Stuur ons een bericht", "pagina 1 van"}

	// The declaration of October, approved, with messages on it and on the agreement.
	code, loc, body := c.post("/declaraties/nieuw", map[string][]string{"agreement_id": {agID}, "month": {"2026-10"}, "kind": {"zorg"},
		"u/2026-10-05/begeleiding/uur": {"2"}, "u/2026-10-12/begeleiding/uur": {"1,5"}, "invoice_number": {"NVA-10"}, "invoice_total": {"183,75"}})
	if code != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", code, body)
	}
	declID := strings.TrimPrefix(loc, "/declaraties/")
	if code, _, body := c.postFile(loc+"/bijlage", nil, "file", "NVA-10.pdf", []byte("%PDF-1.4\n%%EOF\n")); code != http.StatusSeeOther {
		t.Fatalf("invoice: %d\n%s", code, body)
	}
	if code, _, body := c.post(loc+"/actie", map[string][]string{"action": {"send"}}); code != http.StatusSeeOther {
		t.Fatalf("send: %d\n%s", code, body)
	}
	for _, m := range []struct {
		who  *client
		path string
		body string
	}{
		{c, loc + "/berichten", "Beste Şükrü, op 12 oktober kwam ik anderhalf uur; dat staat in de declaratie."},
		{bh, loc + "/berichten", "Dank u, Nguyễn Văn An. Ik keur hem goed."},
		{bh, "/overeenkomsten/" + agID + "/berichten", "Vanaf januari graag op dinsdag — groet, Şükrü Yılmaz-Ærø."},
	} {
		if code, _, body := m.who.post(m.path, map[string][]string{"body": {m.body}}); code != http.StatusSeeOther {
			t.Fatalf("message: %d\n%s", code, body)
		}
	}
	if code, _, body := bh.post(loc+"/actie", map[string][]string{"action": {"approve"}}); code != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", code, body)
	}
	run, _, err := p.svc.RunPayments(ctx, service.System, "2026-10-31", "2026-11-24", true)
	if err != nil || run.State != domain.RunExecuted {
		t.Fatalf("pay run: %v %+v", err, run)
	}
	_, page := c.get(loc)
	m := regexp.MustCompile(`id="decl-total">([^<]+)<`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no total on the declaration's page:\n%s", page)
	}
	total := pageMoney(m[1])

	t.Run("declaration", func(t *testing.T) {
		text := flatPDF(t, c, loc+"/pdf")
		wantAll(t, "declaration", text, append(footer, holderName+" · "+providerName, "05-10-2026", "12-10-2026",
			"01-10-2026 – 31-10-2026", "Totaal: "+total)...)
	})
	t.Run("agreement", func(t *testing.T) {
		_, page := c.get("/overeenkomsten/" + agID)
		signed := regexp.MustCompile(`<li>Budgethouder · (\d\d-\d\d-\d{4} \d\d:\d\d)</li>`).FindStringSubmatch(page)
		if signed == nil {
			t.Fatalf("no signature on the page:\n%s", page)
		}
		text := flatPDF(t, c, "/overeenkomsten/"+agID+"/pdf")
		wantAll(t, "agreement", text, append(footer, holderName, providerName, "Ondertekend door "+holderName+" (Budgethouder) op "+signed[1])...)
	})
	t.Run("declaration thread", func(t *testing.T) {
		_, page := bh.get(loc + "/berichten")
		stamps := regexp.MustCompile(`\(Budgethouder\) · (\d\d-\d\d-\d{4} \d\d:\d\d)`).FindStringSubmatch(page)
		if !strings.Contains(page, "Dank u, Nguyễn Văn An.") || stamps == nil {
			t.Fatalf("thread page:\n%s", page)
		}
		text := flatPDF(t, bh, loc+"/berichten/pdf")
		wantAll(t, "declaration thread", text, append(footer, "Over declaratie "+declID+" (oktober 2026) tussen "+holderName+" en "+providerName,
			providerName+" (Zorgverlener)", "Beste Şükrü, op 12 oktober kwam ik anderhalf uur; dat staat in de declaratie.",
			holderName+" (Budgethouder) · "+stamps[1], "Dank u, Nguyễn Văn An. Ik keur hem goed.", "Aantal berichten: 2")...)
		if strings.Contains(text, "Vanaf januari") {
			t.Error("the agreement's message is in the declaration's thread")
		}
	})
	t.Run("agreement thread", func(t *testing.T) {
		_, page := c.get("/overeenkomsten/" + agID)
		if !strings.Contains(page, `href="/overeenkomsten/`+agID+`/berichten"`) {
			t.Error("no link to the thread from the agreement's page")
		}
		text := flatPDF(t, c, "/overeenkomsten/"+agID+"/berichten/pdf")
		wantAll(t, "agreement thread", text, append(footer, "Over de zorgovereenkomst tussen "+holderName+" en "+providerName,
			"Vanaf januari graag op dinsdag — groet, Şükrü Yılmaz-Ærø.")...)
	})
	t.Run("jaaropgave", func(t *testing.T) {
		text := flatPDF(t, c, "/betalingen/jaaropgave/2026/pdf")
		wantAll(t, "jaaropgave", text, append(footer, "Jaaropgave 2026", providerName,
			holderName+" · Maand van de zorg 2026-10 · Betaald op 24-11-2026 · NL08ABNA0452398716 · "+total)...)
	})
	t.Run("yearly overview", func(t *testing.T) {
		_, dash := bh.get("/")
		if !strings.Contains(dash, `href="/jaaroverzicht/2026"`) {
			t.Error("no link to the yearly overview on the budget holder's start page")
		}
		code, page := bh.get("/jaaroverzicht/2026")
		if code != http.StatusOK {
			t.Fatalf("overview page: %d", code)
		}
		// The page's figures: the year's total granted and paid, and the
		// declaration's payment among the postings that explain them.
		tot := regexp.MustCompile(`(?s)<tr data-figure="total">.*?</tr>`).FindString(page)
		cells := regexp.MustCompile(`<td class="num"[^>]*>([^<]+)</td>`).FindAllStringSubmatch(tot, -1)
		if len(cells) != 5 {
			t.Fatalf("no totals row:\n%s", page)
		}
		granted, paid := pageMoney(cells[0][1]), pageMoney(cells[3][1])
		if !strings.Contains(page, "Declaratie "+declID+" · "+providerName) {
			t.Errorf("the declaration's postings are not listed:\n%s", page)
		}
		// The postings add up to the balance the grant's page shows.
		gid := regexp.MustCompile(`data-grant="(\d+)"`).FindStringSubmatch(page)
		left := regexp.MustCompile(`data-figure="left">([^<]+)<`).FindStringSubmatch(page)
		_, grantPage := bh.get("/toekenningen/" + gid[1])
		grantLeft := regexp.MustCompile(`data-figure="left">([^<]+)<`).FindStringSubmatch(grantPage)
		if left == nil || grantLeft == nil || pageMoney(left[1]) != pageMoney(grantLeft[1]) {
			t.Errorf("left to spend: overview %q, grant %q", left, grantLeft)
		}
		if !strings.Contains(grantPage, `href="/jaaroverzicht/2026"`) {
			t.Error("no link to the yearly overview on the grant's page")
		}
		text := flatPDF(t, bh, "/jaaroverzicht/2026/pdf")
		wantAll(t, "yearly overview", text, append(footer, "Jaaroverzicht budget 2026", holderName,
			"24-11-2026 · Betaald · Telt in oktober 2026 · Declaratie "+declID+" · "+providerName+" · "+total,
			"Heel 2026: Toegekend "+granted, "Betaald "+paid, "betaald na wat terugkwam): "+pageMoney(left[1]))...)
		if code, _ := bh.get("/jaaroverzicht/2019/pdf"); code != http.StatusOK {
			t.Errorf("a year without budget: %d", code)
		} else if text := flatPDF(t, bh, "/jaaroverzicht/2019/pdf"); !strings.Contains(text, "In 2019 had u geen budget") {
			t.Errorf("a year without budget does not say so:\n%s", text)
		}
	})
	t.Run("settlement", func(t *testing.T) {
		zk := demoLogin(t, p, "medewerker@zorgkantoor.demo")
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
		holder := settlementHolder(t, p, id)
		if err := p.db.RawExec(ctx, `UPDATE budget_holders SET initials = ?, prefix = '', family_name = ? WHERE id = ?`, "Nguyễn Thị", "Lan", holder.Role.BudgetHolderID); err != nil {
			t.Fatal(err)
		}
		v, err := p.svc.Settlement(ctx, holder, id)
		if err != nil {
			t.Fatal(err)
		}
		text := flatPDF(t, zk, link[1]+"/pdf")
		wantAll(t, "settlement", text, append(footer, settledName, "Toegekend: "+v.S.Granted.Format("nl"),
			"Terug naar de verstrekker: "+v.S.ToReturn.Format("nl"), v.Grant.Period.Start.Format("nl"), v.Grant.Period.End.Format("nl"))...)
		if code, _ := bh.get(link[1] + "/pdf"); code != http.StatusNotFound {
			t.Errorf("another budget holder opens the settlement: %d, want 404", code)
		}
	})
	// Who may not see a document gets "not found".
	for _, u := range []struct {
		who  *client
		path string
	}{
		{other, loc + "/berichten"}, {other, loc + "/berichten/pdf"},
		{other, "/overeenkomsten/" + agID + "/berichten"}, {other, "/overeenkomsten/" + agID + "/berichten/pdf"},
		{other, loc + "/pdf"}, {other, "/overeenkomsten/" + agID + "/pdf"},
		{c, "/jaaroverzicht/2026"}, {c, "/jaaroverzicht/2026/pdf"}, {other, "/jaaroverzicht/2026/pdf"},
		{bh, "/betalingen/jaaropgave/2026/pdf"}, {bh, "/jaaroverzicht/abc"},
	} {
		if code, _ := u.who.get(u.path); code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", u.path, code)
		}
	}
}
