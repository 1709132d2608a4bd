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
// employee finds it on the work list of the overview, allows it with a reason
// in a browser, and the provider then sees it accepted in a browser of its
// own, with the history saying who allowed it.
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
		chromedp.Navigate(p.srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-worklist] a[href="`+loc+`"]`)),
	); err != nil {
		t.Fatal(err)
	}
	item, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-worklist] a[href="`+loc+`"]`)))
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-worklist] a[href="`+loc+`"]`)),
		chromedp.WaitVisible(chromedp.ID("decl-allow-late")),
		chromedp.SendKeys(chromedp.ID("f-reason"), "De zorgverlener lag in het ziekenhuis"),
		chromedp.Click(chromedp.ID("decl-allow-late")),
		chromedp.WaitNotPresent(chromedp.ID("decl-allow-late")),
		chromedp.WaitVisible(chromedp.ID("decl-history")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "allowed")
	if !strings.Contains(item, "Te late declaratie") || !strings.Contains(item, "september 2026") {
		t.Errorf("the work list item: %q", item)
	}
	// Off the work list once allowed.
	if err := chromedp.Do(ctx, chromedp.Navigate(p.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-worklist]`))); err != nil {
		t.Fatal(err)
	}
	work, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-worklist]`)))
	if strings.Contains(work, "Te late declaratie") {
		t.Errorf("still on the work list after it was allowed: %q", work)
	}
	// The provider, in a browser of its own, sees it accepted and who allowed it.
	pctx, pcancel := browsertest.NewContext(t, 390, 844)
	defer pcancel()
	browserLogin(t, pctx, p, zzp)
	if err := chromedp.Do(pctx, chromedp.Navigate(p.srv.URL+loc), chromedp.WaitVisible(chromedp.ID("decl-history"))); err != nil {
		t.Fatal(err)
	}
	state, _ := chromedp.Run(pctx, chromedp.Text(chromedp.ID("decl-state")))
	history, _ := chromedp.Run(pctx, chromedp.Text(chromedp.ID("decl-history")))
	browsertest.Screenshot(t, pctx, "provider-sees-accepted")
	if state != "Geaccepteerd" || !strings.Contains(history, "stond de te late declaratie toe") || !strings.Contains(history, "De zorgverlener lag in het ziekenhuis") {
		t.Fatalf("the provider sees it accepted (%q), and who allowed it: %q", state, history)
	}
}
