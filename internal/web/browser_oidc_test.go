package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pgbportaal/pgbportaal/internal/browsertest"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestBrowserLogInWithDigiD: on a phone, a budget holder clicks "Inloggen
// met DigiD", picks themself on the (simulated, real OIDC) provider's page
// and sees their balance on the portal.
func TestBrowserLogInWithDigiD(t *testing.T) {
	op := newOIDCPortal(t, storetest.OpenSQLite(t))
	ctx, cancel := browsertest.NewContext(t, 390, 844)
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(op.srv.URL+"/inloggen"),
		chromedp.WaitVisible(chromedp.ID("idp-digid")),
	); err != nil {
		t.Fatal(err)
	}
	label, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("idp-digid")))
	if err != nil || !strings.Contains(label, "Inloggen met DigiD") {
		t.Fatalf("button %q: %v", label, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("idp-digid")),
		chromedp.WaitVisible(chromedp.ID("person-digid-vries")),
	); err != nil {
		t.Fatal(err)
	}
	sim, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if !strings.Contains(sim, "SIMULATOR") {
		t.Fatalf("the provider's page does not say it is a simulator:\n%s", sim)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("person-digid-vries")),
		chromedp.WaitVisible(chromedp.CSS(".site-nav")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, ctx, "oidc-digid-dashboard")
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(text, "Nog te besteden") {
		t.Fatalf("no balance on the dashboard:\n%s", text)
	}
	// The figure is the holder's own balance, from the ledger.
	act := mustActor(t, op.portal, demoAccount(t, "budgethouder"))
	grants, err := op.svc.GrantsOf(t.Context(), act, act.Role.BudgetHolderID)
	if err != nil || len(grants) == 0 {
		t.Fatal(err)
	}
	if left := grants[0].Balance.Left().Format("nl"); !strings.Contains(text, left) {
		t.Fatalf("dashboard lacks the balance %s:\n%s", left, text)
	}
}
