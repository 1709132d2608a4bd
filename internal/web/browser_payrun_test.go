package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/pgbportaal/pgbportaal/internal/browsertest"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestBrowserSVBRunsPaymentAndDownloadsFile: an accepted declaration waits;
// SVB staff start a payment run in the browser, which runs as a job: they
// see its progress page, which refreshes itself until the job is done,
// download the pain.001 file from it (the bytes match the recorded
// SHA-256), and record the run executed; the provider then sees the payment.
func TestBrowserSVBRunsPaymentAndDownloadsFile(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx0 := context.Background()
	// The demo leaves accepted declarations waiting for the SVB's next run
	// (the SVB's work list): the command line pays them first, so that the
	// run made here holds the one declaration made here.
	if _, _, err := p.svc.RunPayments(ctx0, service.System, "2026-10-31", "2026-11-23", true); err != nil {
		t.Fatal(err)
	}
	// The zzp'er declares October; the budget holder approves: accepted.
	zzp, agID := zzpClient(t, p)
	zzpActor := mustActor(t, p, zzpAccount(t))
	holder := mustActor(t, p, demoAccount(t, "budgethouder"))
	id, _ := strconv.ParseInt(agID, 10, 64)
	d, err := p.svc.CreateDeclaration(ctx0, zzpActor, service.DeclarationInput{AgreementID: id, Month: "2026-10", InvoiceNumber: "RS-10", InvoiceTotal: "105,00",
		Lines: []service.DeclLineInput{{Date: "2026-10-05", CareType: "begeleiding", Unit: "uur", Units: "2"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.AttachToDeclaration(ctx0, zzpActor, d.ID, "RS-10.pdf", []byte("%PDF-1.4\n%%EOF\n")); err != nil {
		t.Fatal(err)
	}
	p.svc.SendDeclaration(ctx0, zzpActor, d.ID)
	if d, err = p.svc.ApproveDeclaration(ctx0, holder, d.ID); err != nil || d.State != domain.DeclAccepted {
		t.Fatalf("approve: %v %s %v", err, d.State, d.Findings)
	}

	ctx, cancel := browsertest.NewContext(t, 1280, 900)
	defer cancel()
	browserLogin(t, ctx, p, demoAccount(t, "svb"))
	downloads := t.TempDir()
	events := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &events}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("nav-payruns")),
		chromedp.WaitVisible(chromedp.ID("payrun-start")),
		chromedp.SetValue(chromedp.ID("f-cutoff"), "2026-10-31"),
		chromedp.Click(chromedp.ID("payrun-start")),
		// The run is a job: its progress page, which refreshes itself
		// until the job is done and then offers the file.
		chromedp.WaitVisible(chromedp.ID("job-state")),
	); err != nil {
		t.Fatal(err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/taken/") {
		t.Fatalf("the start went to %s, not the job's progress page", loc)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("job-download"))); err != nil {
		t.Fatal(err)
	}
	transfers, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("job-transfers")))
	if strings.TrimSpace(transfers) != "1" {
		t.Fatalf("the job made %q transfers", transfers)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("job-download"))); err != nil {
		t.Fatal(err)
	}
	var file []byte
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline) && file == nil; time.Sleep(100 * time.Millisecond) {
		names, _ := filepath.Glob(filepath.Join(downloads, "*"))
		for _, n := range names {
			if !strings.HasSuffix(n, ".crdownload") {
				if b, err := os.ReadFile(n); err == nil && len(b) > 0 && strings.Contains(string(b), "</Document>") {
					file = b
				}
			}
		}
	}
	if file == nil {
		t.Fatal("the payment file was not downloaded")
	}
	// The run's page shows the written file's SHA-256 and offers to record the execution.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("job-payrun")), chromedp.WaitVisible(chromedp.ID("payrun-execute"))); err != nil {
		t.Fatal(err)
	}
	total, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("payrun-total")))
	if !strings.Contains(total, "105,00") {
		t.Fatalf("the run: %q", total)
	}
	recorded, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("payrun-sha")))
	sum := sha256.Sum256(file)
	if hex.EncodeToString(sum[:]) != strings.TrimSpace(recorded) || !strings.Contains(string(file), "<CtrlSum>105.00</CtrlSum>") {
		t.Fatalf("the downloaded file does not match the recorded SHA-256 %q", recorded)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("payrun-execute")),
		chromedp.WaitNotPresent(chromedp.ID("payrun-execute")),
	); err != nil {
		t.Fatal(err)
	}
	state, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("payrun-state")))
	if state != "Uitgevoerd" {
		t.Errorf("run state %q", state)
	}
	if _, page := zzp.get("/betalingen"); !strings.Contains(page, "€ 105,00") || !strings.Contains(page, "Betaald") {
		t.Errorf("the provider's payments page:\n%s", page)
	}
}
