package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pgbportaal/pgbportaal/internal/browsertest"
	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestBrowserDeclarationRepeatedAndApprovedOnPhone: the provider declares
// September through the month grid, then enters October with "herhalen"
// in a browser; the budget holder approves it on a phone-sized screen and
// the balance shows the reservation.
func TestBrowserDeclarationRepeatedAndApprovedOnPhone(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	var zzp demo.Account
	for _, a := range demo.Accounts() {
		if a.Email == "zzp@pgbportaal.demo" {
			zzp = a
		}
	}
	bh := demoAccount(t, "budgethouder")
	provider := p.client(t)
	provider.login(zzp)
	_, list := provider.get("/overeenkomsten")
	agID := regexp.MustCompile(`href="/overeenkomsten/(\d+)"`).FindStringSubmatch(list)[1]

	// September, through the grid: Mondays 2 hours, Thursdays 1.5 hours.
	sept := url.Values{"agreement_id": {agID}, "month": {"2026-09"}, "invoice_number": {"RS-2026-09"}, "invoice_total": {"577,50"}}
	for _, d := range []string{"2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"} {
		sept.Set("u/"+d+"/begeleiding/uur", "2")
	}
	for _, d := range []string{"2026-09-03", "2026-09-10", "2026-09-17"} {
		sept.Set("u/"+d+"/begeleiding/uur", "1,5")
	}
	code, loc, body := provider.post("/declaraties/nieuw", sept) // 12,5 h × 52,50 = 656,25: the invoice says otherwise
	if code != http.StatusSeeOther {
		t.Fatalf("september: %d\n%s", code, body)
	}
	_, page := provider.get(loc)
	if !strings.Contains(page, "€ 656,25") {
		t.Fatalf("september total:\n%s", page)
	}
	pdf := []byte("%PDF-1.4\n%%EOF\n")
	if code, _, body := provider.postFile(loc+"/bijlage", nil, "file", "RS-2026-09.pdf", pdf); code != http.StatusSeeOther {
		t.Fatalf("attach the invoice: %d\n%s", code, body)
	}
	// Sent with a wrong invoice total: refused at once, in words, before the
	// budget holder sees it.
	if code, _, page := provider.post(loc+"/actie", url.Values{"action": {"send"}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(page, "Het totaal van de factuur moet gelijk zijn aan dat van de declaratie: € 656,25") || strings.Contains(page, "invoice_total_mismatch") {
		t.Fatalf("a wrong invoice total is refused when sent: %d\n%s", code, page)
	}
	holder := p.client(t)
	holder.login(bh)
	if _, page = holder.get(loc); strings.Contains(page, `id="decl-approve"`) {
		t.Fatalf("the budget holder can approve a declaration the checks refuse")
	}

	// October in the browser with "herhalen".
	ctx, cancel := browsertest.NewContext(t, 1280, 900)
	defer cancel()
	browserLogin(t, ctx, p, zzp)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(p.srv.URL+"/declaraties/nieuw?overeenkomst="+agID+"&maand=2026-10"),
		chromedp.Click(chromedp.ID("repeat")),
	); err != nil {
		t.Fatal(err)
	}
	waitForURL(t, ctx, "herhaal=1")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("save-declaration"))); err != nil {
		t.Fatal(err)
	}
	monday, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("u-2026-10-05-begeleiding-uur")))
	thursday, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("u-2026-10-01-begeleiding-uur")))
	if monday != "2,00" || thursday != "1,50" {
		t.Fatalf("herhalen filled Monday %q and Thursday %q", monday, thursday)
	}
	// October: 4 Mondays × 2 h + 5 Thursdays × 1,5 h = 15,5 h × 52,50 = 813,75.
	// Saved as a concept: the invoice is attached to a concept, then it is sent.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-invoice_number"), "RS-2026-10"),
		chromedp.SendKeys(chromedp.ID("f-invoice_total"), "813,75"),
		chromedp.Click(chromedp.ID("save-declaration")),
		chromedp.WaitVisible(chromedp.ID("decl-send")),
	); err != nil {
		t.Fatal(err)
	}
	octPath, _ := chromedp.Run(ctx, chromedp.Location())
	u, _ := url.Parse(octPath)
	// The invoice is attached (a file chooser is the browser's own dialog), then sent.
	if code, _, body := provider.postFile(u.Path+"/bijlage", nil, "file", "RS-2026-10.pdf", pdf); code != http.StatusSeeOther {
		t.Fatalf("attach: %d\n%s", code, body)
	}
	_, octPage := provider.get(u.Path)
	file := regexp.MustCompile(`href="(/declaraties/\d+/bijlage/\d+)"`).FindStringSubmatch(octPage)
	if file == nil {
		t.Fatal("no attachment link")
	}
	if code, body := holder.get(file[1]); code != 200 || body != string(pdf) {
		t.Errorf("the budget holder downloads the invoice: %d", code)
	}
	outsider := p.client(t)
	outsider.login(demoAccount(t, "vertegenwoordiger"))
	if code, _ := outsider.get(file[1]); code != http.StatusNotFound {
		t.Errorf("an outsider downloads the invoice: %d", code)
	}
	if err := chromedp.Do(ctx,
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.ID("decl-send")),
		chromedp.Click(chromedp.ID("decl-send")),
		chromedp.WaitNotPresent(chromedp.ID("decl-send")),
	); err != nil {
		t.Fatal(err)
	}

	// The budget holder approves on a phone.
	a := mustActor(t, p, bh)
	before, _ := p.svc.GrantsOf(context.Background(), a, a.Role.BudgetHolderID)
	phone, cancel2 := browsertest.NewContext(t, 390, 844)
	defer cancel2()
	browserLogin(t, phone, p, bh)
	if err := chromedp.Do(phone,
		chromedp.Navigate(p.srv.URL+u.Path),
		chromedp.WaitVisible(chromedp.ID("decl-approve")),
		chromedp.Click(chromedp.ID("decl-approve")),
		chromedp.WaitNotPresent(chromedp.ID("decl-approve")),
	); err != nil {
		t.Fatal(err)
	}
	state, _ := chromedp.Run(phone, chromedp.Text(chromedp.ID("decl-state")))
	if state != "Geaccepteerd" {
		t.Fatalf("state %q", state)
	}
	browsertest.Screenshot(t, phone, "approved")
	if err := chromedp.Do(phone, chromedp.Navigate(p.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-figure="reserved"]`))); err != nil {
		t.Fatal(err)
	}
	reserved, _ := chromedp.Run(phone, chromedp.Text(chromedp.CSS(`[data-figure="reserved"]`)))
	if want := (before[0].Balance.Reserved + domain.Cents(81375)).Format("nl"); strings.TrimSpace(reserved) != want {
		t.Errorf("reserved on screen %q, want %q", reserved, want)
	}
}

// TestBrowserDeclarationSubmittedAtOnce: the provider fills in the month
// grid in a browser, chooses the invoice and presses "Indienen bij
// budgethouder": the declaration is at the budget holder with its invoice
// without a separate send, and the budget holder's approval accepts it.
func TestBrowserDeclarationSubmittedAtOnce(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	_, agID := zzpClient(t, p)
	invoice := filepath.Join(t.TempDir(), "RS-2026-10.pdf")
	if err := os.WriteFile(invoice, []byte("%PDF-1.4\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := browsertest.NewContext(t, 390, 844)
	defer cancel()
	browserLogin(t, ctx, p, zzpAccount(t))
	if err := chromedp.Do(ctx,
		chromedp.Navigate(p.srv.URL+"/declaraties/nieuw?overeenkomst="+agID+"&maand=2026-10"),
		chromedp.WaitVisible(chromedp.ID("submit-declaration")),
		chromedp.SendKeys(chromedp.ID("u-2026-10-05-begeleiding-uur"), "2"),
		chromedp.SendKeys(chromedp.ID("f-invoice_number"), "RS-2026-10"),
		chromedp.SendKeys(chromedp.ID("f-invoice_total"), "105,00"),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{invoice}),
		chromedp.Click(chromedp.ID("submit-declaration")),
		chromedp.WaitVisible(chromedp.ID("decl-state")),
	); err != nil {
		t.Fatal(err)
	}
	state, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("decl-state")))
	if state != "Wacht op budgethouder" {
		t.Fatalf("state after submit %q", state)
	}
	sendButtons, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#decl-send").length`))
	if sendButtons != 0 {
		t.Error("a submitted declaration still offers to be sent")
	}
	browsertest.Screenshot(t, ctx, "submitted")
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	u, _ := url.Parse(loc)
	attached, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('a[href*="/bijlage/"]'), a => a.textContent).join(",")`))
	if attached != "RS-2026-10.pdf" {
		t.Errorf("attachments after submit: %q, want the invoice", attached)
	}
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	if _, page := holder.get(u.Path); !strings.Contains(page, `id="decl-approve"`) {
		t.Fatalf("the budget holder cannot approve %s", u.Path)
	}
	holder.post(u.Path+"/actie", url.Values{"action": {"approve"}})
	if _, page := holder.get(u.Path); !strings.Contains(page, `id="decl-state">Geaccepteerd<`) || strings.Contains(page, "invoice_missing") {
		t.Errorf("approved with the invoice attached in the form, yet not accepted:\n%s", page)
	}
}

// waitForURL waits until the page's address contains part (a click's
// navigation has happened), up to a few seconds.
func waitForURL(t *testing.T, ctx context.Context, part string) {
	t.Helper()
	for i := 0; i < 100; i++ {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, part) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the page never reached an address with %q", part)
}
