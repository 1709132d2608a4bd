package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/pgbportaal/pgbportaal/internal/browsertest"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestDeclarationPageSpeaksPlainly: the declaration's pages show the month
// as words ("oktober 2026"), no internal codes, hashes or content types, and
// an approval that is accepted says so.
func TestDeclarationPageSpeaksPlainly(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c, agID := zzpClient(t, p)
	v := url.Values{"agreement_id": {agID}, "month": {"2026-10"}, "kind": {"zorg"}, "invoice_number": {"RS-2026-10"}, "invoice_total": {"105,00"},
		"action": {"submit"}, "u/2026-10-05/begeleiding/uur": {"2"}}
	code, loc, body := c.postFiles("/declaraties/nieuw", v, "file", upFile{"RS-2026-10.pdf", []byte("%PDF-1.4\n%%EOF\n")})
	if code != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", code, body)
	}
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	code, _, _ = holder.post(loc+"/actie", url.Values{"action": {"approve"}})
	if code != http.StatusSeeOther {
		t.Fatalf("approve: %d", code)
	}
	_, page := holder.get(loc)
	if !strings.Contains(page, "de declaratie is geaccepteerd") || !strings.Contains(page, "Declaratie oktober 2026") {
		t.Errorf("the accepted declaration's page:\n%s", page)
	}
	for _, bad := range []string{"SHA-256", "application/pdf", "2026-10<", "<code>"} {
		if strings.Contains(page, bad) {
			t.Errorf("the declaration page shows %q", bad)
		}
	}
	if _, list := c.get("/declaraties"); !strings.Contains(list, ">oktober 2026</a>") {
		t.Errorf("the list does not name the month in words")
	}
}

// TestBrowserZZPSubmitWithoutInvoice: a zzp'er who sends a month without
// the invoice sees the error at the file field, with the grid as typed.
func TestBrowserZZPSubmitWithoutInvoice(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	_, agID := zzpClient(t, p)
	ctx, cancel := browsertest.NewContext(t, 390, 844)
	defer cancel()
	browserLogin(t, ctx, p, zzpAccount(t))
	if err := chromedp.Do(ctx,
		chromedp.Navigate(p.srv.URL+"/declaraties/nieuw?overeenkomst="+agID+"&maand=2026-10"),
		chromedp.WaitVisible(chromedp.ID("submit-declaration")),
		chromedp.SendKeys(chromedp.ID("u-2026-10-05-begeleiding-uur"), "2"),
		chromedp.SendKeys(chromedp.ID("f-invoice_number"), "RS-2026-10"),
		chromedp.SendKeys(chromedp.ID("f-invoice_total"), "105,00"),
		chromedp.Click(chromedp.ID("submit-declaration")),
		chromedp.WaitVisible(chromedp.ID("f-file-error")),
	); err != nil {
		t.Fatal(err)
	}
	fileErr, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("f-file-error")))
	monday, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("u-2026-10-05-begeleiding-uur")))
	total, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("f-invoice_total")))
	if !strings.Contains(fileErr, "Voeg de factuur") || monday != "2" || total != "105,00" {
		t.Errorf("file error %q, Monday %q, total %q", fileErr, monday, total)
	}
}
