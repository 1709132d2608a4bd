package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pgbportaal/pgbportaal/internal/browsertest"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestBrowserAgreementSignedOnPhoneAndApproved: a provider drafts an
// agreement and signs it, the budget holder reads and signs it on a
// phone-sized screen and sends it on, and the gemeente's employee approves
// it: in a real browser, or through the real pages.
func TestBrowserAgreementSignedOnPhoneAndApproved(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	bh, zv, gm := demoAccount(t, "budgethouder"), demoAccount(t, "zorgverlener"), demoAccount(t, "verstrekker")

	// The provider drafts it through the form, naming the budget holder by
	// BSN and birth date; a wrong birth date reveals nothing.
	provider := p.client(t)
	provider.login(zv)
	draft := url.Values{"bsn": {"173291004"}, "birth_date": {"1958-04-03"}, "law": {"wmo"}, "kind": {"zorginstelling"},
		"kvk": {"34567890"}, "agb": {"01234567"}, "start": {"2026-11-01"},
		"lines[0].care_type": {"begeleiding"}, "lines[0].unit": {"uur"}, "lines[0].rate": {"62,50"}, "lines[0].max_units": {"6"}, "lines[0].per": {"week"},
		"lines[1].care_type": {""}, "lines[1].unit": {"uur"}, "lines[1].rate": {""}, "lines[1].max_units": {""}, "lines[1].per": {"week"}}
	code, _, body := provider.post("/overeenkomsten/nieuw", draft)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "horen niet bij een budgethouder") || !strings.Contains(body, `value="62,50"`) {
		t.Fatalf("wrong birth date: %d", code)
	}
	draft.Set("birth_date", "1958-04-02")
	code, loc, body := provider.post("/overeenkomsten/nieuw", draft)
	if code != http.StatusSeeOther {
		t.Fatalf("draft: %d\n%s", code, body)
	}
	path := loc

	// The provider offers it for signing and signs with its password.
	_, page := provider.get(path)
	rv := regexp.MustCompile(`name="row_version" value="(\d+)"`).FindStringSubmatch(page)
	provider.post(path+"/actie", url.Values{"action": {"send_for_signing"}, "row_version": {rv[1]}})
	_, page = provider.get(path)
	rv = regexp.MustCompile(`name="row_version" value="(\d+)"`).FindStringSubmatch(page)
	if code, _, body := provider.post(path+"/actie", url.Values{"action": {"sign"}, "row_version": {rv[1]}, "secret": {zv.Password}}); code != http.StatusSeeOther {
		t.Fatalf("provider signs: %d\n%s", code, body)
	}

	// The budget holder, on a phone, reads and signs.
	ctx, cancel := browsertest.NewContext(t, 390, 844)
	defer cancel()
	browserLogin(t, ctx, p, bh)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(p.srv.URL+path),
		chromedp.WaitVisible(chromedp.ID("f-secret")),
	); err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	for _, want := range []string{"Begeleiding", "€ 62,50", "Ter ondertekening", "Zorgverlener ·"} {
		if !strings.Contains(text, want) {
			t.Errorf("agreement page lacks %q", want)
		}
	}
	browsertest.Screenshot(t, ctx, "before-sign")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-secret"), bh.Password),
		chromedp.Click(chromedp.ID("sign")),
		chromedp.WaitVisible(chromedp.ID("act-submit")), // only there once both signed
		chromedp.Click(chromedp.ID("act-submit")),
		chromedp.WaitNotPresent(chromedp.ID("act-submit")), // the next page has no such button
		chromedp.WaitVisible(chromedp.CSS(`.alert--success`)),
	); err != nil {
		t.Fatal(err)
	}
	text, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(text, "Bij de verstrekker") {
		t.Errorf("after sending, the state is not 'Bij de verstrekker':\n%s", text)
	}
	overflow, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if overflow {
		t.Error("the agreement page is wider than the phone")
	}
	browsertest.Screenshot(t, ctx, "sent")

	// The gemeente's employee approves it (with the second factor).
	ctx2, cancel2 := browsertest.NewContext(t, 1280, 900)
	defer cancel2()
	browserLogin(t, ctx2, p, gm)
	if err := chromedp.Do(ctx2,
		chromedp.Navigate(p.srv.URL+path),
		chromedp.WaitVisible(chromedp.ID("act-approve")),
		chromedp.Click(chromedp.ID("act-approve")),
		chromedp.WaitNotPresent(chromedp.ID("act-approve")),
		chromedp.WaitVisible(chromedp.CSS(`.alert--success`)),
	); err != nil {
		t.Fatal(err)
	}
	text, _ = chromedp.Run(ctx2, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(text, "Goedgekeurd") || !strings.Contains(text, "versie 1 is van kracht") {
		t.Errorf("not approved:\n%s", text)
	}
	browsertest.Screenshot(t, ctx2, "approved")
}
