package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pgbportaal/pgbportaal/internal/browsertest"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestBrowserProviderUploadsLargeCSV: in the browser a provider chooses a
// file of 400 rows and reads it in; it is entered by a job: the browser is
// on the job's progress page, which refreshes itself (no script) until the
// job is done and then leads to the outcome per declaration, with the wrong
// row named. On a phone: both the job's page and the outcome fit it and
// have no serious WCAG 2.1 AA violation.
func TestBrowserProviderUploadsLargeCSV(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	_, agID := zzpClient(t, p)
	file := filepath.Join(t.TempDir(), "oktober.csv")
	if err := os.WriteFile(file, largeCSV(agID, 400, 9), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := browsertest.NewContext(t, 390, 844)
	defer cancel()
	browserLogin(t, ctx, p, zzpAccount(t))
	if err := chromedp.Do(ctx,
		chromedp.Navigate(p.srv.URL+"/declaraties/bulk"),
		chromedp.WaitVisible(chromedp.ID("bulk-upload")),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file}),
		chromedp.Click(chromedp.CSS(`input[name="send"]`)), // concepts: a zzp'er sends with the invoice
		chromedp.Click(chromedp.ID("bulk-upload")),
		chromedp.WaitVisible(chromedp.ID("job-state")),
	); err != nil {
		t.Fatal(err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/taken/") {
		t.Fatalf("the upload went to %s, not the job's progress page", loc)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("job-batch-result"))); err != nil {
		t.Fatal(err)
	}
	onPhone(t, ctx, "the job's page")
	created, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("job-created")))
	failed, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("job-failed")))
	if strings.TrimSpace(created) != "399" || strings.TrimSpace(failed) != "1" {
		t.Fatalf("the job made %q, refused %q", created, failed)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("job-batch-result")), chromedp.WaitVisible(chromedp.ID("bulk-summary"))); err != nil {
		t.Fatal(err)
	}
	onPhone(t, ctx, "the outcome")
	summary, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("bulk-summary")))
	page, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(summary, "399 declaraties opgeslagen, 1 niet") || !strings.Contains(page, "Regel 9: Uren gaan per kwartier") {
		t.Fatalf("the outcome: %q\n%.1000s", summary, page)
	}
}

// onPhone checks the page the browser is on fits a phone and has no
// serious or critical WCAG 2.1 AA violation (as the phone crawl does).
func onPhone(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[string](phonePageCheck))
	if err != nil {
		t.Fatal(err)
	}
	if problems != "" {
		t.Errorf("%s on a phone: %s", what, problems)
	}
	violations, err := browsertest.Axe(ctx)
	if err != nil {
		t.Fatalf("axe on %s: %v", what, err)
	}
	for _, v := range violations {
		t.Errorf("%s: WCAG 2.1 AA: %s", what, v)
	}
}
