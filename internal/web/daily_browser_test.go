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

// Each role's main task, started from the work list on its overview, in a
// real browser: no URL typed, only what the page offers.

// workItem returns the text of the first work-list link matching css and
// clicks it.
func workItem(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	sel := chromedp.CSS(`[data-worklist] ` + css)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`[data-worklist]`))); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		list, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-worklist]`)))
		t.Fatalf("no work item %s on the overview: %v\n%s", css, err, list)
	}
	if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
		t.Fatal(err)
	}
	return text
}

// TestBrowserProviderDeclaresMonthFromWorkList: the zzp'er finds "oktober
// 2026 declareren voor J. de Vries" with its deadline on the overview,
// chooses the month from those that may still be declared, sees the week's
// total and what is left of the budget change while typing, and sends it.
func TestBrowserProviderDeclaresMonthFromWorkList(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	invoice := filepath.Join(t.TempDir(), "RS-2026-10.pdf")
	if err := os.WriteFile(invoice, []byte("%PDF-1.4\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := browsertest.NewContext(t, 390, 844)
	defer cancel()
	browserLogin(t, ctx, p, zzpAccount(t))
	item := workItem(t, ctx, `a[href^="/declaraties/nieuw?overeenkomst="]`)
	for _, want := range []string{"oktober 2026", "J. de Vries", "12 december 2026"} {
		if !strings.Contains(item, want) {
			t.Errorf("work item %q lacks %q", item, want)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("month-choice")),
		chromedp.Click(chromedp.CSS(`#month-choice a[data-month="2026-10"]`)),
		chromedp.WaitVisible(chromedp.ID("u-2026-10-06-begeleiding-uur")),
	); err != nil {
		t.Fatal(err)
	}
	before, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("left-after")))
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("u-2026-10-06-begeleiding-uur"), "2"),
		chromedp.SendKeys(chromedp.ID("u-2026-10-08-begeleiding-uur"), "1,5"),
	); err != nil {
		t.Fatal(err)
	}
	week, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("week-41")))
	total, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("grid-total")))
	after, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("left-after")))
	norm := func(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), "\u00a0", " ") }
	if norm(week) != "€ 183,75" || norm(total) != "€ 183,75" || after == before {
		t.Errorf("while typing: week 41 %q, total %q, left after %q (was %q)", week, total, after, before)
	}
	browsertest.Screenshot(t, ctx, "grid")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-invoice_number"), "RS-2026-10"),
		chromedp.SendKeys(chromedp.ID("f-invoice_total"), "183,75"),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{invoice}),
		chromedp.Click(chromedp.ID("submit-declaration")),
		chromedp.WaitVisible(chromedp.ID("decl-state")),
	); err != nil {
		t.Fatal(err)
	}
	state, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("decl-state")))
	if state != "Wacht op budgethouder" {
		t.Errorf("state after submit %q", state)
	}
	// October is declared: the overview no longer asks for it.
	if err := chromedp.Do(ctx, chromedp.Navigate(p.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-worklist]`))); err != nil {
		t.Fatal(err)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-worklist] a[href*="maand=2026-10"]').length`)); n != 0 {
		t.Error("October is still on the work list after it was sent")
	}
}

// TestBrowserHolderApprovesFromWorkList: J. de Vries finds M. Bakker's
// declaration on the overview and approves it: accepted, shown as success.
func TestBrowserHolderApprovesFromWorkList(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx, cancel := browsertest.NewContext(t, 390, 844)
	defer cancel()
	browserLogin(t, ctx, p, demoAccount(t, "budgethouder"))
	item := workItem(t, ctx, `a[href^="/declaraties/"]`)
	if !strings.Contains(item, "M. Bakker") || !strings.Contains(item, "oktober 2026") {
		t.Errorf("work item %q", item)
	}
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("decl-approve")),
		chromedp.Click(chromedp.ID("decl-approve")),
		chromedp.WaitVisible(chromedp.CSS(`.alert--success`)),
	); err != nil {
		t.Fatal(err)
	}
	msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.alert--success`)))
	state, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("decl-state")))
	if !strings.Contains(msg, "geaccepteerd") || state != "Geaccepteerd" {
		t.Errorf("after approving: %q, state %q", msg, state)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.alert--error, .alert--warning').length`)); n != 0 {
		t.Error("an accepted declaration shows an error or warning")
	}
}

// TestBrowserStaffApproveAgreementFromWorkList: the gemeente's employee
// finds A. El Amrani's agreement with T. de Vries on the overview and
// approves it.
func TestBrowserStaffApproveAgreementFromWorkList(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx, cancel := browsertest.NewContext(t, 1280, 900)
	defer cancel()
	browserLogin(t, ctx, p, demoAccount(t, "verstrekker"))
	item := workItem(t, ctx, `a[href^="/overeenkomsten/"]`)
	if !strings.Contains(item, "A. El Amrani") || !strings.Contains(item, "T. de Vries") {
		t.Errorf("work item %q", item)
	}
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("act-approve")),
		chromedp.Click(chromedp.ID("act-approve")),
		chromedp.WaitVisible(chromedp.CSS(`.alert--success`)),
	); err != nil {
		t.Fatal(err)
	}
	msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.alert--success`)))
	if !strings.Contains(msg, "goedgekeurd") {
		t.Errorf("after approving: %q", msg)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(p.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-worklist]`))); err != nil {
		t.Fatal(err)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-worklist] a[href^="/overeenkomsten/"]').length`)); n != 0 {
		t.Error("the approved agreement is still on the work list")
	}
}

// TestBrowserSVBRunsPaymentFromWorkList: the SVB's employee finds the
// accepted declarations waiting on the overview, starts the run for last
// month (a job that writes its file), opens the run from the job's page
// and records it executed; nothing waits after.
func TestBrowserSVBRunsPaymentFromWorkList(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx, cancel := browsertest.NewContext(t, 1280, 900)
	defer cancel()
	browserLogin(t, ctx, p, demoAccount(t, "svb"))
	item := workItem(t, ctx, `a[href="/betaalruns"]`)
	if !strings.Contains(item, "wachten") {
		t.Errorf("work item %q", item)
	}
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("payrun-start")),
		chromedp.SetValue(chromedp.ID("f-cutoff"), "2026-10-31"),
		chromedp.Click(chromedp.ID("payrun-start")),
		chromedp.WaitVisible(chromedp.ID("job-payrun")), // the job selects and writes the file
		chromedp.Click(chromedp.ID("job-payrun")),
		chromedp.WaitVisible(chromedp.ID("payrun-execute")),
		chromedp.Click(chromedp.ID("payrun-execute")),
		chromedp.WaitNotPresent(chromedp.ID("payrun-execute")),
	); err != nil {
		t.Fatal(err)
	}
	state, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("payrun-state")))
	if state != "Uitgevoerd" {
		t.Errorf("run state %q", state)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(p.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-worklist]`))); err != nil {
		t.Fatal(err)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-worklist] a[href^="/betaalruns"]').length`)); n != 0 {
		t.Error("after the run, payments still wait on the work list")
	}
}
