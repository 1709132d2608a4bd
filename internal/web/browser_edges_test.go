package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pgbportaal/pgbportaal/internal/browsertest"
	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestBrowserVerstrekkerAllowsLateDeclaration: September sent on 23
// November is past the six weeks and refused as late; the gemeente's
// employee finds it on the declarations work list, allows it with a reason
// in a browser, and the provider then sees it accepted, with the history
// saying who allowed it.
func TestBrowserVerstrekkerAllowsLateDeclaration(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	var zzp, gm demo.Account
	for _, a := range demo.Accounts() {
		switch a.Email {
		case "zzp@pgbportaal.demo":
			zzp = a
		case "medewerker@utrecht.demo":
			gm = a
		}
	}
	provider := p.client(t)
	provider.login(zzp)
	_, list := provider.get("/overeenkomsten")
	agID := regexp.MustCompile(`href="/overeenkomsten/(\d+)"`).FindStringSubmatch(list)[1]
	sept := url.Values{"agreement_id": {agID}, "month": {"2026-09"}, "invoice_number": {"RS-2026-09"}, "invoice_total": {"210,00"}}
	for _, d := range []string{"2026-09-07", "2026-09-14"} {
		sept.Set("u/"+d+"/begeleiding/uur", "2")
	}
	code, loc, body := provider.post("/declaraties/nieuw", sept)
	if code != http.StatusSeeOther {
		t.Fatalf("september: %d\n%s", code, body)
	}
	if code, _, body := provider.postFile(loc+"/bijlage", nil, "file", "RS-2026-09.pdf", []byte("%PDF-1.4\n%%EOF\n")); code != http.StatusSeeOther {
		t.Fatalf("attach: %d\n%s", code, body)
	}
	provider.post(loc+"/actie", url.Values{"action": {"send"}})
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	holder.post(loc+"/actie", url.Values{"action": {"approve"}})
	if _, page := provider.get(loc); !strings.Contains(page, "binnen 6 weken") {
		t.Fatalf("refused as late, with its message read back from storage:\n%s", page)
	}

	ctx, cancel := browsertest.NewContext(t, 1280, 900)
	defer cancel()
	browserLogin(t, ctx, p, gm)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(p.srv.URL+"/declaraties"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="`+loc+`"]`)),
		chromedp.Click(chromedp.CSS(`a[href="`+loc+`"]`)),
		chromedp.WaitVisible(chromedp.ID("decl-allow-late")),
		chromedp.SendKeys(chromedp.ID("f-reason"), "De zorgverlener lag in het ziekenhuis"),
		chromedp.Click(chromedp.ID("decl-allow-late")),
		chromedp.WaitNotPresent(chromedp.ID("decl-allow-late")),
		chromedp.WaitVisible(chromedp.ID("decl-history")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "allowed")
	_, page := provider.get(loc)
	if !strings.Contains(page, "Geaccepteerd") || !strings.Contains(page, "stond de te late declaratie toe") || !strings.Contains(page, "De zorgverlener lag in het ziekenhuis") {
		t.Fatalf("the provider sees it accepted, and who allowed it:\n%s", page)
	}
}
