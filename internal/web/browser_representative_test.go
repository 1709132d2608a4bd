package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pgbportaal/pgbportaal/internal/browsertest"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestBrowserRepresentativeSignsForChild: the parent of an 11-year-old
// budget holder (who is also a provider) switches to acting for the child
// on a phone, signs the agreement the provider drew up for the child, and
// the audit log records that it was done for the child.
func TestBrowserRepresentativeSignsForChild(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	parent := demoAccount(t, "vertegenwoordiger")
	ctx, cancel := browsertest.NewContext(t, 390, 844)
	defer cancel()
	browserLogin(t, ctx, p, parent)

	// Act for the child: pick the representative role if another is active.
	options, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#rol option")).map(o => o.value + "|" + o.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	childRole := ""
	for _, o := range options {
		if strings.Contains(o, "Vertegenwoordiger") {
			childRole = strings.SplitN(o, "|", 2)[0]
		}
	}
	if childRole == "" {
		t.Fatalf("no representative role to choose: %v", options)
	}
	// Mark the page, switch, and wait until the marked page is gone: the
	// switch's own navigation must end before the next one starts.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("rol"), childRole),
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "1"`),
		chromedp.Click(chromedp.CSS(`form.role-switch button`)),
		chromedp.WaitNotPresent(chromedp.CSS(`body[data-before]`)),
		chromedp.WaitVisible(chromedp.CSS(".site-nav")),
		chromedp.Navigate(p.srv.URL+"/overeenkomsten"),
		chromedp.WaitVisible(chromedp.CSS(`main a[href^="/overeenkomsten/"]:not([href$="nieuw"])`)),
		chromedp.Click(chromedp.CSS(`main a[href^="/overeenkomsten/"]:not([href$="nieuw"])`)),
		chromedp.WaitVisible(chromedp.ID("f-secret")),
	); err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(text, "Bakker") {
		t.Fatalf("not the child's agreement:\n%s", text)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-secret"), parent.Password),
		chromedp.Click(chromedp.ID("sign")),
		chromedp.WaitVisible(chromedp.CSS(`.alert--success`)),
	); err != nil {
		t.Fatal(err)
	}
	// The page itself says who signed, for whom.
	_, _ = chromedp.Run(ctx, chromedp.Text(chromedp.ID("trail-title"))) // waits for the trail
	if trail, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("ol.trail"))); !strings.Contains(trail, "namens S. Bakker") {
		t.Errorf("the trail does not show who acted for whom:\n%s", trail)
	}
	overflow, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if overflow {
		t.Error("the page scrolls sideways on a phone")
	}
	// The audit log: signed by the parent's account, for the child.
	var signed []string
	p.db.View(context.Background(), func(tx *store.Tx) error {
		bh, err := tx.BudgetHolderByBSN(context.Background(), childBSN(t, p))
		if err != nil {
			return err
		}
		recs, err := tx.AuditRecords(context.Background(), 0, 10000)
		for _, r := range recs {
			if r.Action == "agreement.sign" && r.ActingFor == bh.ID && r.ActorRole == string(domain.RoleRepresentative) {
				signed = append(signed, r.Action)
			}
		}
		return err
	})
	if len(signed) != 1 {
		t.Errorf("signatures recorded as for the child: %d", len(signed))
	}
}

// childBSN is the demo's minor budget holder, S. Bakker.
func childBSN(t *testing.T, p *portal) domain.BSN { return domain.BSN("258371006") }
