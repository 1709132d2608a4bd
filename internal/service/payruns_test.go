package service_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/sepa"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// payWorld is an agreements world with two providers that each have an
// accepted October declaration, and an SVB employee.
type payWorld struct {
	*agreementWorld
	svb   service.Actor
	decls []int64 // accepted: the provider's 420,00 and the other provider's 105,00
}

func setupPayments(t *testing.T, db *store.DB, fault func(string) error) *payWorld {
	t.Helper()
	ctx := context.Background()
	w := setupAgreements(t, db)
	// The same database with a service that injects failures and keeps files in a temp dir.
	w.svc = service.New(db, service.Options{Now: func() time.Time { return now }, FileDir: t.TempDir(), Fault: fault, Payer: testPayer})
	org, err := w.svc.CreateOrganisation(ctx, service.System, domain.Organisation{Kind: domain.SVB, Name: "SVB", Code: "SVB"})
	if err != nil {
		t.Fatal(err)
	}
	pw := &payWorld{agreementWorld: w, svb: staff(t, w.svc, org, "betaal@svb.nl")}
	for _, c := range []struct {
		who   service.Actor
		p     domain.Provider
		hours string
		total string
	}{{w.provider, w.prov, "2", "420,00"}, {w.otherProvider, w.prov2, "0,5", "105,00"}} {
		ag := approvedAgreement(t, w, c.who, c.p)
		in := october(ag, c.hours)
		in.InvoiceTotal = c.total
		d, err := w.svc.CreateDeclaration(ctx, c.who, in)
		if err != nil {
			t.Fatal(err)
		}
		attachInvoice(t, w.svc, c.who, d.ID)
		w.svc.SendDeclaration(ctx, c.who, d.ID)
		if d, err = w.svc.ApproveDeclaration(ctx, w.holder, d.ID); err != nil || d.State != domain.DeclAccepted {
			t.Fatalf("approve: %v %s %v", err, d.State, d.Findings)
		}
		pw.decls = append(pw.decls, d.ID)
	}
	return pw
}

// assertPaidOnce checks the outcome every path must reach: each declaration
// paid, once, by one executed transfer, and the ledger moved reserved to paid.
func assertPaidOnce(t *testing.T, w *payWorld) {
	t.Helper()
	ctx := context.Background()
	for _, id := range w.decls {
		d, err := w.svc.Declaration(ctx, w.holder, id)
		if err != nil || d.State != domain.DeclPaid {
			t.Errorf("declaration %d: %v %s", id, err, d.State)
		}
	}
	g, _ := w.svc.Grant(ctx, w.holder, w.grantA.ID)
	if g.Balance.Paid != 52500 || g.Balance.Reserved != 0 || !g.Balance.Holds() {
		t.Errorf("balance: %+v", g.Balance)
	}
	var paidPostings, executed int
	w.svc.DB().View(ctx, func(tx *store.Tx) error {
		ps, _ := tx.Postings(ctx, w.grantA.ID)
		for _, p := range ps {
			if p.Kind == "paid" {
				paidPostings++
			}
		}
		runs, _ := tx.PayRuns(ctx, 10)
		for _, r := range runs {
			executed += int(r.Executed)
		}
		return nil
	})
	if paidPostings != 2 || executed != 2 {
		t.Errorf("%d paid postings and %d executed transfers, want 2 and 2", paidPostings, executed)
	}
	if n, _, err := w.svc.VerifyAudit(ctx); err != nil || n == 0 {
		t.Errorf("audit: %v", err)
	}
}

func TestPayRunPaysEachDeclarationOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		if _, _, err := w.svc.StartPayRun(ctx, w.provider, "2026-10-31", ""); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("a provider starts a run: %v", err)
		}
		if _, _, err := w.svc.StartPayRun(ctx, w.svb, "2026-09-30", ""); fieldCode(err, "cutoff") != "payrun_nothing_to_pay" {
			t.Errorf("nothing to pay before October: %v", err)
		}
		run, resumed, err := w.svc.StartPayRun(ctx, w.svb, "2026-10-31", "2026-11-24")
		if err != nil || resumed || run.NbTxs != 2 || run.CtrlSum != 52500 || run.Declarations != 2 || run.State != domain.RunPrepared {
			t.Fatalf("start: %v %v %+v", err, resumed, run)
		}
		// A second start while it is open resumes it.
		if again, resumed, err := w.svc.StartPayRun(ctx, w.svb, "2026-10-31", ""); err != nil || !resumed || again.ID != run.ID {
			t.Errorf("second start: %v %v %d", err, resumed, again.ID)
		}
		if _, err := w.svc.ExecutePayRun(ctx, w.svb, run.ID, nil); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("executed before the file: %v", err)
		}
		// Reading the file changes nothing: it must be written first.
		if _, _, err := w.svc.PayRunFile(ctx, w.svb, run.ID); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("read before it was written: %v", err)
		}
		if _, err := w.svc.WritePayRunFile(ctx, w.svb, run.ID); err != nil {
			t.Fatal(err)
		}
		f, run, err := w.svc.PayRunFile(ctx, w.svb, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(f.Name())
		f.Close()
		if st, err := os.Stat(filepath.Dir(f.Name())); err != nil || st.Mode().Perm()&0o077 != 0 {
			t.Errorf("the payment files folder is open to others: %v %v", st.Mode(), err)
		}
		if run.State != domain.RunWritten || len(run.FileSHA256) != 64 || int64(len(data)) != run.FileBytes {
			t.Fatalf("file: %+v (%d bytes)", run, len(data))
		}
		for _, want := range []string{"<NbOfTxs>2</NbOfTxs>", "<CtrlSum>525.00</CtrlSum>", "<EndToEndId>PGB-" + itoa(run.ID) + "-" + itoa(w.prov.ID) + "</EndToEndId>",
			"<InstdAmt Ccy=\"EUR\">420.00</InstdAmt>", "D" + itoa(w.decls[0]), "<IBAN>" + string(w.prov.IBAN) + "</IBAN>"} {
			if !strings.Contains(string(data), want) {
				t.Errorf("the file lacks %s", want)
			}
		}
		validatePain001(t, f.Name())
		// Downloading again gives the same bytes.
		f2, run2, _ := w.svc.PayRunFile(ctx, w.svb, run.ID)
		data2, _ := os.ReadFile(f2.Name())
		f2.Close()
		if !bytes.Equal(data, data2) || run2.FileSHA256 != run.FileSHA256 {
			t.Errorf("the file changed on a second download")
		}
		if run, err = w.svc.ExecutePayRun(ctx, w.svb, run.ID, nil); err != nil || run.State != domain.RunExecuted || run.Executed != 2 {
			t.Fatalf("execute: %v %+v", err, run)
		}
		// Executing twice changes nothing; a new run finds nothing.
		if _, err := w.svc.ExecutePayRun(ctx, w.svb, run.ID, nil); err != nil {
			t.Errorf("second execute: %v", err)
		}
		if _, _, err := w.svc.StartPayRun(ctx, w.svb, "2026-10-31", ""); fieldCode(err, "cutoff") != "payrun_nothing_to_pay" {
			t.Errorf("a new run after paying: %v", err)
		}
		assertPaidOnce(t, w)
		// The provider sees its payment with its declaration.
		pays, attention, err := w.svc.ProviderPayments(ctx, w.provider)
		if err != nil || len(pays) != 1 || pays[0].Amount != 42000 || len(pays[0].DeclarationIDs) != 1 || attention != "" {
			t.Errorf("provider payments: %v %+v %q", err, pays, attention)
		}
	})
}

// TestPayRunSurvivesFailureAtEveryStep stops the run at each step, as a
// crash would, then runs it again: every declaration ends up paid once.
func TestPayRunSurvivesFailureAtEveryStep(t *testing.T) {
	for _, step := range []string{service.StepPrepared, service.StepFileTemp, service.StepFileRenamed, service.StepExecute} {
		t.Run(step, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				failOnce := true
				w := setupPayments(t, db, func(s string) error {
					if s == step && failOnce {
						failOnce = false
						return errors.New("injected crash")
					}
					return nil
				})
				if _, _, err := w.svc.RunPayments(ctx, w.svb, "2026-10-31", "", true); err == nil || !strings.Contains(err.Error(), "injected crash") {
					t.Fatalf("the injected failure did not stop the run: %v", err)
				}
				run, _, err := w.svc.RunPayments(ctx, w.svb, "2026-10-31", "", true)
				if err != nil || run.State != domain.RunExecuted {
					t.Fatalf("second attempt: %v %+v", err, run)
				}
				runs, _ := w.svc.PayRuns(ctx, w.svb)
				if len(runs) != 1 {
					t.Errorf("%d runs after a retry, want 1", len(runs))
				}
				assertPaidOnce(t, w)
			})
		})
	}
}

func TestPayRunStatusReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		run, _, err := w.svc.RunPayments(ctx, w.svb, "2026-10-31", "", false)
		if err != nil {
			t.Fatal(err)
		}
		e2eFailed := domain.EndToEndPrefix(run.ID) + itoa(w.prov2.ID)
		e2eOK := domain.EndToEndPrefix(run.ID) + itoa(w.prov.ID)
		report := func(msgID string, txs ...sepa.TxStatus) []byte {
			var b bytes.Buffer
			for i := range txs {
				txs[i].OrgnlPmtInfID = msgID + "-1"
			}
			if err := sepa.WriteStatusReport(&b, sepa.StatusReport{MsgID: "BANK-1", Created: now, OrgnlMsgID: msgID, OrgnlMsgNmID: "pain.001.001.03",
				GroupStatus: sepa.StatusPART, Transactions: txs}); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}
		rejected := sepa.TxStatus{OrgnlEndToEndID: e2eFailed, Status: sepa.StatusRJCT, Reasons: []sepa.Reason{{Code: "AC04"}}}
		// Refused without a change: another run's report, an unknown transfer, a broken file.
		if _, err := w.svc.ImportPayRunStatus(ctx, w.svb, run.ID, bytes.NewReader(report("PGB-RUN-999", rejected))); fieldCode(err, "file") != "pain002_other_run" {
			t.Errorf("another run's report: %v", err)
		}
		if _, err := w.svc.ImportPayRunStatus(ctx, w.svb, run.ID, bytes.NewReader(report(run.MsgID, sepa.TxStatus{OrgnlEndToEndID: "PGB-999-1", Status: sepa.StatusRJCT}))); fieldCode(err, "file") != "pain002_unknown_transfer" {
			t.Errorf("unknown transfer: %v", err)
		}
		if _, err := w.svc.ImportPayRunStatus(ctx, w.svb, run.ID, strings.NewReader("<Document><kapot")); fieldCode(err, "file") != "pain002_invalid" {
			t.Errorf("broken file: %v", err)
		}
		if r, _ := w.svc.PayRun(ctx, w.svb, run.ID); r.State != domain.RunWritten {
			t.Fatalf("a refused report changed the run: %s", r.State)
		}
		run, err = w.svc.ImportPayRunStatus(ctx, w.svb, run.ID, bytes.NewReader(report(run.MsgID, rejected, sepa.TxStatus{OrgnlEndToEndID: e2eOK, Status: sepa.StatusACSC})))
		if err != nil || run.State != domain.RunExecuted || run.Executed != 1 || run.Failed != 1 {
			t.Fatalf("import: %v %+v", err, run)
		}
		paid, _ := w.svc.Declaration(ctx, w.holder, w.decls[0])
		back, _ := w.svc.Declaration(ctx, w.holder, w.decls[1])
		if paid.State != domain.DeclPaid || back.State != domain.DeclAccepted || back.Reason != "AC04" {
			t.Errorf("after the report: %s, %s %q", paid.State, back.State, back.Reason)
		}
		g, _ := w.svc.Grant(ctx, w.holder, w.grantA.ID)
		if g.Balance.Paid != 42000 || g.Balance.Reserved != 10500 {
			t.Errorf("balance: %+v", g.Balance)
		}
		if _, attention, _ := w.svc.ProviderPayments(ctx, w.otherProvider); attention != "AC04" {
			t.Errorf("the failed provider is not told its IBAN needs attention: %q", attention)
		}
		// The failed declaration joins the next run and is paid there, once.
		if run2, _, err := w.svc.RunPayments(ctx, w.svb, "2026-10-31", "", true); err != nil || run2.NbTxs != 1 || run2.CtrlSum != 10500 {
			t.Fatalf("next run: %v %+v", err, run2)
		}
		assertPaidOnce(t, w)
	})
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

// validatePain001 checks a payment file against the pain.001.001.03 schema
// with xmllint (installed by .ci/run; without it the check is skipped
// outside CI).
func validatePain001(t *testing.T, path string) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint is missing")
		}
		t.Log("xmllint missing: schema check skipped")
		return
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", "../sepa/testdata/pain.001.001.03.xsd", path).CombinedOutput()
	if err != nil {
		t.Errorf("the payment file does not match the pain.001.001.03 schema: %v\n%s", err, out)
	}
}

// TestPayrollWagePaidWithoutDeclaration: an employee of 4 days a week is
// under payroll; the run of November pays the agreed monthly wage
// (16 h × 52,50 × 52 / 12 = 3.640,00) without a declaration, reserved and
// paid like one, once.
func TestPayrollWagePaidWithoutDeclaration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		other, err := w.svc.CreateProvider(ctx, service.System, service.ProviderInput{Kind: "informeel", Name: "A. Werknemer", IBAN: "NL86INGB0002445588"})
		if err != nil {
			t.Fatal(err)
		}
		acc, _ := w.svc.CreateAccount(ctx, service.System, service.NewAccount{Email: "werknemer@example.nl", Name: "A. Werknemer", Password: "lang genoeg wachtwoord"})
		role, _ := w.svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleProvider, ProviderID: other.ID})
		employee := service.Actor{AccountID: acc.ID, Role: role}
		agID := approvedAgreement(t, w.agreementWorld, employee, other, func(a *service.AgreementInput) {
			a.Kind, a.KvK, a.DaysPerWeek, a.HoursPerWeek = "arbeidsovereenkomst", "", "4", "16"
			a.Lines = []service.CareLineInput{{CareType: "begeleiding", Unit: "uur", Rate: "20,00", MaxUnits: "16", Per: "week"}}
		})
		ag, err := w.svc.Agreement(ctx, w.holder, agID)
		if err != nil || ag.PayrollWage != 138667 { // 16 × 20,00 × 52 / 12 = 1.386,666… → 1.386,67
			t.Fatalf("payroll wage: %v %d", err, ag.PayrollWage)
		}
		run, _, err := w.svc.RunPayments(ctx, w.svb, "2026-10-31", "", true)
		if err != nil || run.NbTxs != 3 || run.CtrlSum != 52500+138667 {
			t.Fatalf("run: %v %+v", err, run)
		}
		// The file sends the wage as a salary: a payment information block of
		// its own with category purpose SALA, paid from the configured account.
		checkWageFile(t, w, run, string(other.IBAN))
		pays, _, _ := w.svc.ProviderPayments(ctx, employee)
		if len(pays) != 1 || pays[0].Amount != 138667 {
			t.Errorf("the employee's payments: %+v", pays)
		}
		// The same month again: no second wage.
		if _, _, err := w.svc.StartPayRun(ctx, w.svb, "2026-10-31", ""); fieldCode(err, "cutoff") != "payrun_nothing_to_pay" {
			t.Errorf("a second run in November: %v", err)
		}
		g, _ := w.svc.Grant(ctx, w.holder, w.grantA.ID)
		if g.Balance.Paid != 52500+138667 || g.Balance.Reserved != 0 {
			t.Errorf("balance: %+v", g.Balance)
		}
	})
}

// checkWageFile reads the run's file: the care payments in a first block
// without a category purpose, the wage alone in a block with CtgyPurp SALA,
// both from the configured debtor; the MsgId carries the database's prefix
// and the date; the file validates against the schema.
func checkWageFile(t *testing.T, w *payWorld, run store.PayRun, wageIBAN string) {
	t.Helper()
	f, run, err := w.svc.PayRunFile(context.Background(), w.svb, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	validatePain001(t, f.Name())
	var doc struct {
		MsgID  string `xml:"CstmrCdtTrfInitn>GrpHdr>MsgId"`
		Blocks []struct {
			ID       string   `xml:"PmtInfId"`
			NbOfTxs  int      `xml:"NbOfTxs"`
			CtrlSum  string   `xml:"CtrlSum"`
			Category string   `xml:"PmtTpInf>CtgyPurp>Cd"`
			Debtor   string   `xml:"DbtrAcct>Id>IBAN"`
			BIC      string   `xml:"DbtrAgt>FinInstnId>BIC"`
			IBANs    []string `xml:"CdtTrfTxInf>CdtrAcct>Id>IBAN"`
		} `xml:"CstmrCdtTrfInitn>PmtInf"`
	}
	if err := xml.NewDecoder(f).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^PGB-[0-9A-F]{8}-20261123-`+itoa(run.ID)+`-[0-9A-Z]{4}$`).MatchString(doc.MsgID) || doc.MsgID != run.MsgID {
		t.Errorf("MsgId %q (run %q): want PGB-<instance>-20261123-%d-<nonce>", doc.MsgID, run.MsgID, run.ID)
	}
	if len(doc.Blocks) != 2 {
		t.Fatalf("%d payment information blocks, want 2: %+v", len(doc.Blocks), doc.Blocks)
	}
	care, wages := doc.Blocks[0], doc.Blocks[1]
	if care.Category != "" || care.NbOfTxs != 2 || care.CtrlSum != "525.00" {
		t.Errorf("care block: %+v", care)
	}
	if wages.Category != "SALA" || wages.NbOfTxs != 1 || wages.CtrlSum != "1386.67" || len(wages.IBANs) != 1 || wages.IBANs[0] != wageIBAN {
		t.Errorf("wage block: %+v", wages)
	}
	for _, b := range doc.Blocks {
		if b.Debtor != testPayer.IBAN || b.BIC != testPayer.BIC {
			t.Errorf("debtor %s %s, want the configured %s %s", b.Debtor, b.BIC, testPayer.IBAN, testPayer.BIC)
		}
	}
}

// TestPayRunMsgIDsDifferPerDatabase: two databases (a second environment,
// a reinstall) each make their first run on the same day; the bank gets
// two different MsgIds. Without a configured account no file is written.
func TestPayRunMsgIDsDifferPerDatabase(t *testing.T) {
	ctx := context.Background()
	var ids []string
	for range 2 {
		w := setupPayments(t, storetest.OpenSQLite(t), nil)
		run, _, err := w.svc.RunPayments(ctx, w.svb, "2026-10-31", "", false)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, run.MsgID)
	}
	if ids[0] == ids[1] || !strings.Contains(ids[0], "-20261123-") {
		t.Errorf("MsgIds of the first run of two databases: %q", ids)
	}
	db := storetest.OpenSQLite(t)
	w := setupPayments(t, db, nil)
	w.svc = service.New(db, service.Options{Now: func() time.Time { return now }, FileDir: t.TempDir()})
	run, _, err := w.svc.StartPayRun(ctx, w.svb, "2026-10-31", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.WritePayRunFile(ctx, w.svb, run.ID); err == nil || !strings.Contains(err.Error(), "payer_not_configured") {
		t.Errorf("a file without a configured debtor: %v", err)
	}
}

// TestHolderYearOverview: after the October run, the budget holder's 2026
// overview puts both declarations' reservations and payments in October
// (their month of care), lists each posting with its provider, and adds up
// to the grant's balance; a year without grants is empty; a provider or a
// year that is no year gets not found.
func TestHolderYearOverview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		if _, _, err := w.svc.RunPayments(ctx, w.svb, "2026-10-31", "2026-11-24", true); err != nil {
			t.Fatal(err)
		}
		ov, err := w.svc.HolderYearOverview(ctx, w.holder, 2026)
		if err != nil {
			t.Fatal(err)
		}
		var yg *service.YearGrant
		for i := range ov.Grants {
			if ov.Grants[i].Grant.ID == w.grantA.ID {
				yg = &ov.Grants[i]
			}
		}
		if yg == nil {
			t.Fatalf("grant A missing from the overview: %+v", ov.Grants)
		}
		g, _ := w.svc.Grant(ctx, w.holder, w.grantA.ID)
		if yg.Total.Granted != g.Balance.Granted || yg.Total.StillReserved() != g.Balance.Reserved || yg.Total.PaidNet() != g.Balance.Paid || yg.Total.Left() != g.Balance.Left() {
			t.Errorf("the year's figures %+v do not add up to the balance %+v", yg.Total, g.Balance)
		}
		var oct service.YearMonth
		for _, m := range yg.Months {
			if m.Month == domain.MustDate("2026-10-01") {
				oct = m
			} else if m.Reserved != 0 || m.Paid != 0 {
				t.Errorf("%s: %+v, want nothing outside October", m.Month, m.LedgerFigures)
			}
		}
		if oct.Reserved != 52500 || oct.Paid != 52500 {
			t.Errorf("October: %+v, want 525,00 reserved and paid", oct.LedgerFigures)
		}
		var sum service.LedgerFigures
		paidTo := map[string]domain.Cents{}
		for _, p := range yg.Postings {
			switch p.Kind {
			case "granted":
				sum.Granted += p.Amount
			case "reserved":
				sum.Reserved += p.Amount
			case "paid":
				sum.Paid += p.Amount
				paidTo[p.Provider] += p.Amount
				if p.Booking != domain.MustDate("2026-11-24") || p.RefType != "declaration" {
					t.Errorf("payment posting %+v: want booked on the execution date, for a declaration", p)
				}
			}
		}
		if sum.Granted != yg.Total.Granted || sum.Reserved != yg.Total.Reserved || sum.Paid != yg.Total.Paid {
			t.Errorf("the postings %+v do not explain the totals %+v", sum, yg.Total)
		}
		if paidTo[w.prov.Name] != 42000 || paidTo[w.prov2.Name] != 10500 {
			t.Errorf("paid per provider: %v", paidTo)
		}
		if ov, err := w.svc.HolderYearOverview(ctx, w.holder, 2031); err != nil || len(ov.Grants) != 0 {
			t.Errorf("a year without grants: %v %+v", err, ov.Grants)
		}
		for _, c := range []struct {
			who  service.Actor
			year int
		}{{w.provider, 2026}, {w.svb, 2026}, {w.holder, 1999}} {
			if _, err := w.svc.HolderYearOverview(ctx, c.who, c.year); !isNotFound(err) {
				t.Errorf("%s %d: %v, want not found", c.who.Role.Role, c.year, err)
			}
		}
	})
}

func isNotFound(err error) bool {
	e, ok := domain.AsError(err)
	return ok && e.Kind == domain.KindNotFound
}
