package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pgbportaal/pgbportaal/internal/browsertest"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestBrowserFindCareOnPhone: on a phone (390×844), without typing any
// script, a budget holder posts a care request, a provider who fits finds
// and answers it without seeing who asks, and the holder makes a care
// agreement from the answer with the provider, care type and hours filled
// in. Each page fits the phone.
func TestBrowserFindCareOnPhone(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	bh, zv := demoAccount(t, "budgethouder"), demoAccount(t, "zorgverlener")
	holder, cancel := browsertest.NewContext(t, 390, 844)
	defer cancel()
	browserLogin(t, holder, p, bh)
	check := func(ctxName string, problems string, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if problems != "" {
			t.Errorf("%s on a phone: %s", ctxName, problems)
		}
	}
	// The holder opens find care from the menu and posts a request.
	if err := chromedp.Do(holder,
		chromedp.Click(chromedp.ID("nav-toggle")),
		chromedp.Click(chromedp.ID("nav-findcare")),
		chromedp.WaitVisible(chromedp.ID("request-new")),
		chromedp.Click(chromedp.ID("request-new")),
		chromedp.WaitVisible(chromedp.ID("request-post")),
	); err != nil {
		t.Fatal(err)
	}
	pr, err := chromedp.Run(holder, chromedp.Evaluate[string](phonePageCheck))
	check("the request form", pr, err)
	browsertest.Screenshot(t, holder, "findcare-request-form")
	if err := chromedp.Do(holder,
		chromedp.SetValue(chromedp.ID("f-care_type"), "persoonlijke_verzorging"),
		chromedp.SendKeys(chromedp.ID("f-gemeente"), "Amersfoort"),
		chromedp.Click(chromedp.ID("t-ma-ochtend")),
		chromedp.Click(chromedp.ID("t-do-ochtend")),
		chromedp.SendKeys(chromedp.ID("f-hours_per_week"), "5"),
		chromedp.SendKeys(chromedp.ID("f-text"), "Hulp bij het douchen in de ochtend."),
		chromedp.Click(chromedp.ID("request-post")),
		chromedp.WaitVisible(chromedp.CSS(".alert--success")),
	); err != nil {
		t.Fatal(err)
	}
	reqPath, err := chromedp.Run(holder, chromedp.Location())
	if err != nil || !regexp.MustCompile(`/zorgvragen/\d+$`).MatchString(reqPath) {
		t.Fatalf("after posting: %q %v", reqPath, err)
	}
	reqPath = reqPath[strings.Index(reqPath, "/zorgvragen/"):]

	// The provider finds it among the requests that fit its profile and answers.
	provider, cancel2 := browsertest.NewContext(t, 390, 844)
	defer cancel2()
	browserLogin(t, provider, p, zv)
	if err := chromedp.Do(provider,
		chromedp.Navigate(p.srv.URL+"/zorg-vinden"),
		chromedp.WaitVisible(chromedp.ID("matching")),
		chromedp.Click(chromedp.CSS(`a[href="`+reqPath+`"]`)),
		chromedp.WaitVisible(chromedp.ID("answer-send")),
	); err != nil {
		t.Fatal(err)
	}
	pr, err = chromedp.Run(provider, chromedp.Evaluate[string](phonePageCheck))
	check("the request as the provider sees it", pr, err)
	text, _ := chromedp.Run(provider, chromedp.Text(chromedp.CSS("main")))
	if strings.Contains(text, "Vries") || strings.Contains(text, "Oudegracht") || !strings.Contains(text, "Hulp bij het douchen") {
		t.Errorf("the provider's view of the request:\n%s", text)
	}
	browsertest.Screenshot(t, provider, "findcare-provider-answers")
	if err := chromedp.Do(provider,
		chromedp.SendKeys(chromedp.ID("f-body"), "Wij komen graag op maandagochtend."),
		chromedp.Click(chromedp.ID("answer-send")),
		chromedp.WaitVisible(chromedp.CSS(".alert--success")),
	); err != nil {
		t.Fatal(err)
	}

	// The holder reads the answer and makes an agreement from it.
	if err := chromedp.Do(holder,
		chromedp.Navigate(p.srv.URL+reqPath),
		chromedp.WaitVisible(chromedp.ID("answers")),
	); err != nil {
		t.Fatal(err)
	}
	text, _ = chromedp.Run(holder, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(text, "Thuiszorg Midden B.V.") || !strings.Contains(text, "Wij komen graag op maandagochtend.") {
		t.Fatalf("the holder does not see the answer:\n%s", text)
	}
	pr, err = chromedp.Run(holder, chromedp.Evaluate[string](phonePageCheck))
	check("the answers", pr, err)
	browsertest.Screenshot(t, holder, "findcare-holder-answers")
	if err := chromedp.Do(holder,
		chromedp.Click(chromedp.CSS(`a[id^="start-agreement-"]`)),
		chromedp.WaitVisible(chromedp.ID("f-kind")),
	); err != nil {
		t.Fatal(err)
	}
	prefilled, err := chromedp.Run(holder, chromedp.Evaluate[string](`[document.getElementById("f-provider_id").selectedOptions[0].textContent,
	  document.getElementById("f-lines-0-care_type").value, document.getElementById("f-lines-0-max_units").value].join("|")`))
	if err != nil || !strings.HasPrefix(prefilled, "Thuiszorg Midden B.V.") || !strings.HasSuffix(prefilled, "|persoonlijke_verzorging|5") {
		t.Fatalf("the agreement form from the answer: %q %v", prefilled, err)
	}
	pr, err = chromedp.Run(holder, chromedp.Evaluate[string](phonePageCheck))
	check("the agreement form", pr, err)
	if err := chromedp.Do(holder,
		chromedp.SetValue(chromedp.ID("f-kind"), "zorginstelling"),
		chromedp.SendKeys(chromedp.ID("f-kvk"), "34567890"),
		chromedp.SendKeys(chromedp.ID("f-agb"), "01234567"),
		chromedp.SetValue(chromedp.ID("f-start"), "2026-12-01"),
		chromedp.SendKeys(chromedp.ID("f-lines-0-rate"), "58,00"),
		chromedp.Click(chromedp.CSS(`form[action="/overeenkomsten/nieuw"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".alert--success")),
	); err != nil {
		text, _ := chromedp.Run(holder, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("save the agreement: %v\n%s", err, text)
	}
	loc, _ := chromedp.Run(holder, chromedp.Location())
	text, _ = chromedp.Run(holder, chromedp.Text(chromedp.CSS("main")))
	if !regexp.MustCompile(`/overeenkomsten/\d+$`).MatchString(loc) || !strings.Contains(text, "Thuiszorg Midden B.V.") || !strings.Contains(text, "58,00") {
		t.Errorf("the agreement made from the answer (%s):\n%s", loc, text)
	}
	browsertest.Screenshot(t, holder, "findcare-agreement")
}
