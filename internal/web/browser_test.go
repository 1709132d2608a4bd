package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/browsertest"
	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestBrowserBudgetHolderReadsBalanceOnPhone logs in as the demo budget
// holder in headless Chromium on a phone-sized screen, as a person would
// (reading the demo login off the start page), and reads the balance.
func TestBrowserBudgetHolderReadsBalanceOnPhone(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx, cancel := browsertest.NewContext(t, 390, 844)
	defer cancel()
	bh := demoAccount(t, "budgethouder")

	if err := chromedp.Do(ctx,
		chromedp.Navigate(p.srv.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
	); err != nil {
		t.Fatal(err)
	}
	start, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(start, bh.Email) || !strings.Contains(start, bh.Password) {
		t.Fatalf("start page does not list the demo budget holder login:\n%s", start)
	}
	browsertest.Screenshot(t, ctx, "start")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-email"), bh.Email),
		chromedp.SendKeys(chromedp.ID("f-password"), bh.Password),
		chromedp.Click(chromedp.CSS(`form[action="/inloggen"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-figure="left"]`)),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "dashboard")

	left, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-figure="left"]`)))
	if err != nil {
		t.Fatal(err)
	}
	granted, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-figure="granted"]`)))
	if err != nil {
		t.Fatal(err)
	}
	a := mustActor(t, p, bh)
	grants, err := p.svc.GrantsOf(context.Background(), a, a.Role.BudgetHolderID)
	if err != nil || len(grants) == 0 {
		t.Fatal(err)
	}
	if want := grants[0].Balance.Left().Format("nl"); strings.TrimSpace(left) != want {
		t.Errorf("left on screen %q, ledger says %q", left, want)
	}
	if want := grants[0].Balance.Granted.Format("nl"); strings.TrimSpace(granted) != want {
		t.Errorf("granted on screen %q, ledger says %q", granted, want)
	}
	// Nothing sticks out sideways on the phone.
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow {
		t.Error("the dashboard is wider than the phone's screen")
	}
	// The chart is there, drawn by the server.
	bars, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.chart rect").length`))
	if err != nil {
		t.Fatal(err)
	}
	if bars == 0 {
		t.Error("no bars in the spending chart")
	}
}

// browserLogin logs in through the login form as a person would, giving
// the TOTP code when the account has one, and waits for the next page.
func browserLogin(t *testing.T, ctx context.Context, p *portal, a demo.Account) {
	t.Helper()
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(p.srv.URL + "/inloggen"),
		chromedp.SendKeys(chromedp.ID("f-email"), a.Email),
		chromedp.SendKeys(chromedp.ID("f-password"), a.Password),
		chromedp.Click(chromedp.CSS(`form[action="/inloggen"] button[type="submit"]`)),
	}
	if a.TOTPSecret != "" {
		actions = append(actions,
			chromedp.WaitVisible(chromedp.ID("f-code")),
			chromedp.SendKeys(chromedp.ID("f-code"), auth.TOTPCode(a.TOTPSecret, now)),
			chromedp.Click(chromedp.CSS(`form[action="/inloggen/code"] button[type="submit"]`)),
		)
	}
	actions = append(actions, chromedp.WaitVisible(chromedp.CSS(".site-nav")))
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("log in as %s: %v", a.Email, err)
	}
}
