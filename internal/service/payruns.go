package service

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/progress"
	"github.com/pgbportaal/pgbportaal/internal/sepa"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// The steps of a payment run at which a failure can be injected (Options.Fault).
const (
	StepPrepared    = "prepared"     // the run's transaction is about to commit
	StepFileTemp    = "file.temp"    // the file is written to a temporary name
	StepFileRenamed = "file.renamed" // the file has its name; the database does not know yet
	StepExecute     = "execute"      // the execution's transaction is about to commit

	StepExportWritten = "exportfile.temp"    // an export's file is written to its temporary name
	StepExportRenamed = "exportfile.renamed" // it has its name; the job does not know yet
)

// What a payment run is doing, as its progress says (progress.Report;
// counted in declarations, then transfers).
const (
	StepTextSelect  = "selecting the declarations to pay"
	StepTextFile    = "writing the payment file"
	StepTextExecute = "booking the transfers executed"
)

func (s *Service) faultAt(step string) error {
	if s.fault == nil {
		return nil
	}
	if err := s.fault(step); err != nil {
		return fmt.Errorf("payment run stopped at %s: %w", step, err)
	}
	return nil
}

// PayRunActions lists what a may do with run now (the lifecycle table):
// the run page's buttons and the API's your_actions.
func PayRunActions(a Actor, run store.PayRun) []domain.PayRunAction {
	if paysOut(a) != nil {
		return nil
	}
	return domain.PayRunActions(run.State, domain.PartySVB)
}

// paysOut: SVB staff (with their second factor) or the command line: the
// SVB's party in the payment run's lifecycle.
func paysOut(a Actor) error {
	if a.isSystem() || (a.Is(domain.RoleSVB) && requireStaffMFA(a) == nil) {
		return nil
	}
	return domain.Forbidden("svb_only")
}

// StartPayRun takes every accepted, unpaid declaration whose period ended
// on or before cutoff into a new run, one transfer per provider. While a
// run is open it is returned instead (resumed): no declaration can be in
// two runs. A run with nothing to pay is refused and leaves nothing behind.
func (s *Service) StartPayRun(ctx context.Context, a Actor, cutoff, execution string) (run store.PayRun, resumed bool, err error) {
	defer func(start time.Time) {
		if !resumed { // a run resumed is counted where it was prepared
			s.meterPayRun("prepare", start, &err)
		}
	}(time.Now())
	if err := paysOut(a); err != nil {
		return run, false, err
	}
	cut, exec, err := s.payRunDates(cutoff, execution)
	if err != nil {
		return run, false, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		open, found, err := tx.OpenPayRun(ctx)
		if err != nil {
			return err
		}
		if found {
			run, resumed = open, true
			return nil
		}
		if err := s.payrollWages(ctx, tx, a, exec); err != nil {
			return err
		}
		n, err := tx.CountPayable(ctx, cut)
		if err != nil {
			return err
		}
		if n == 0 {
			return domain.Invalid("cutoff", "payrun_nothing_to_pay", cut)
		}
		prefix, err := tx.InstancePrefix(ctx)
		if err != nil {
			return err
		}
		made, nonce := s.Today(), randomCode(4)
		msgID := func(id int64) string { return domain.PayRunMsgID(prefix, made, id, nonce) }
		progress.Report(ctx, StepTextSelect, 0, int64(n))
		if run, err = tx.CreatePayRun(ctx, cut, exec, a.AccountID, s.now(), msgID); err != nil {
			return err
		}
		progress.Report(ctx, StepTextSelect, int64(n), int64(n))
		if err := tx.Audit(ctx, s.record(a, "payrun.prepare", "payrun", run.ID, nil,
			map[string]any{"cutoff": cut, "transfers": run.NbTxs, "declarations": run.Declarations, "total_cents": run.CtrlSum})); err != nil {
			return err
		}
		return s.faultAt(StepPrepared)
	})
	if domain.HasCode(err, "already_exists") {
		// A concurrent start made the open run first: resume that one.
		return s.StartPayRun(ctx, a, cutoff, execution)
	}
	return run, resumed, err
}

// payRunDates checks a run's cut-off (not after today) and execution date
// (today when empty, not before it).
func (s *Service) payRunDates(cutoff, execution string) (cut, exec domain.Date, err error) {
	var v domain.Validation
	cut, err = domain.ParseDate(strings.TrimSpace(cutoff))
	if err != nil {
		v.Add("cutoff", "date_invalid")
	} else if s.Today().Before(cut) { // what is accepted after today cannot be paid today
		v.Add("cutoff", "date_in_future")
	}
	exec = s.Today()
	if strings.TrimSpace(execution) != "" {
		if exec, err = domain.ParseDate(strings.TrimSpace(execution)); err != nil {
			v.Add("execution_date", "date_invalid")
		} else if exec.Before(s.Today()) {
			v.Add("execution_date", "date_in_past")
		}
	}
	return cut, exec, v.Err()
}

// payrollWages makes the month's wage (maandloon) of every employment
// agreement under payroll that has none yet: an accepted declaration of
// its own kind, reserved on the grant like any other, pro rata for the days
// the agreement was in force. When the budget does not cover it, it is
// refused with that reason and both parties are told.
func (s *Service) payrollWages(ctx context.Context, tx *store.Tx, a Actor, day domain.Date) error {
	month := domain.Period{Start: day.FirstOfMonth(), End: day.FirstOfMonth().AddMonths(1).AddDays(-1)}
	ags, err := tx.PayrollAgreements(ctx, month)
	if err != nil {
		return err
	}
	today := s.Today()
	for _, ag := range ags {
		vers, err := tx.AgreementVersions(ctx, ag.ID)
		if err != nil {
			return err
		}
		var periods []domain.Period
		for _, p := range inForce(vers, ag) {
			periods = append(periods, p.Period)
		}
		wage := domain.WageForMonth(ag.PayrollWage, periods, month)
		if wage <= 0 {
			continue
		}
		r := store.DeclarationRow{AgreementID: ag.ID, BudgetHolderID: ag.BudgetHolderID, ProviderID: ag.ProviderID, GrantID: ag.GrantID, VerstrekkerID: ag.VerstrekkerID,
			State: domain.DeclAccepted, Source: "payroll", EnteredBy: a.AccountID, CreatedAt: s.now(), RowVersion: 1,
			D: domain.Declaration{Kind: domain.DeclWage, Period: month, Amount: wage, SentToHolder: today, SubmittedByHolder: today}}
		if r.ID, err = tx.CreateDeclaration(ctx, r); err != nil {
			return err
		}
		if err := s.accept(ctx, tx, &r, ag, nil); err != nil {
			return err
		}
		if r.State != domain.DeclAccepted {
			if err := tx.SaveDeclaration(ctx, r, domain.DeclAccepted, s.now()); err != nil {
				return err
			}
		}
		if err := tx.Audit(ctx, s.record(a, "declaration.maandloon", "declaration", r.ID, nil,
			map[string]any{"agreement_id": ag.ID, "month": month.Start, "wage_cents": wage, "state": r.State})); err != nil {
			return err
		}
	}
	return nil
}

// PayRun returns a run to SVB staff.
func (s *Service) PayRun(ctx context.Context, a Actor, id int64) (store.PayRun, error) {
	var run store.PayRun
	if err := paysOut(a); err != nil {
		return run, err
	}
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		run, err = tx.PayRun(ctx, id, false)
		return err
	})
	return run, err
}

// PayRuns lists the newest runs for SVB staff.
func (s *Service) PayRuns(ctx context.Context, a Actor) ([]store.PayRun, error) {
	if err := paysOut(a); err != nil {
		return nil, err
	}
	var out []store.PayRun
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.PayRuns(ctx, 100)
		return err
	})
	return out, err
}

// payRunPath is where a run's file lives.
func (s *Service) payRunPath(run store.PayRun) string {
	return filepath.Join(s.fileDir, "payruns", run.MsgID+".xml")
}

// WritePayRunFile writes the run's pain.001 file, streamed from the
// database, to a temporary name, then gives it its name and records its
// SHA-256. The file's bytes follow from the run alone, so a crash at any
// point is repaired by writing it again; a file already recorded is
// checked against its hash instead of trusted.
func (s *Service) WritePayRunFile(ctx context.Context, a Actor, id int64) (_ store.PayRun, err error) {
	defer s.meterPayRun("file", time.Now(), &err)
	run, err := s.PayRun(ctx, a, id)
	if err != nil {
		return run, err
	}
	_, again, err := domain.PayRunNext(run.State, domain.PayRunActWrite, domain.PartySVB)
	if err != nil {
		return run, err
	}
	if again { // written before: check the file, restore it if it went missing
		if sum, size, err := hashFile(s.payRunPath(run)); err == nil && sum == run.FileSHA256 && size == run.FileBytes {
			return run, nil
		}
	}
	path := s.payRunPath(run)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil { // payment files: for the portal's own user only
		return run, fmt.Errorf("payment file folder: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), run.MsgID+".*.tmp")
	if err != nil {
		return run, fmt.Errorf("payment file: %w", err)
	}
	defer os.Remove(tmp.Name()) // gone once renamed; cleans up after a failure
	h := sha256.New()
	counter := &countWriter{}
	bw := bufio.NewWriterSize(io.MultiWriter(tmp, h, counter), 1<<16)
	werr := s.streamPain001(ctx, run, bw)
	if werr == nil {
		werr = bw.Flush()
	}
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return run, fmt.Errorf("payment file %s: %w", run.MsgID, werr)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if again && run.FileSHA256 != "" && sum != run.FileSHA256 {
		return run, fmt.Errorf("payment file %s: written again it differs from the recorded file (%s, now %s)", run.MsgID, run.FileSHA256, sum)
	}
	if err := s.faultAt(StepFileTemp); err != nil {
		return run, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return run, fmt.Errorf("payment file: %w", err)
	}
	if err := s.faultAt(StepFileRenamed); err != nil {
		return run, err
	}
	if again {
		return run, nil // the same bytes restored under the recorded hash
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.PayRun(ctx, id, true)
		if err != nil {
			return err
		}
		to, again, err := domain.PayRunNext(cur.State, domain.PayRunActWrite, domain.PartySVB)
		if err != nil {
			return err
		}
		if again {
			run = cur // another attempt recorded it first, with the same bytes
			return nil
		}
		if err := tx.SetPayRunFile(ctx, id, sum, counter.n, s.now()); err != nil {
			return err
		}
		if err := tx.Audit(ctx, s.record(a, "payrun.file", "payrun", id, map[string]any{"state": cur.State},
			map[string]any{"state": to, "sha256": sum, "bytes": counter.n})); err != nil {
			return err
		}
		run, err = tx.PayRun(ctx, id, false)
		return err
	})
	return run, err
}

// streamPain001 writes the run's file: the header from the run's totals
// and its blocks (wages apart, as SALA), then one transfer at a time from
// the database.
func (s *Service) streamPain001(ctx context.Context, run store.PayRun, w io.Writer) error {
	if s.payer.IBAN == "" || s.payer.Name == "" {
		return domain.Conflict("payer_not_configured")
	}
	var blocks []store.PayRunBlock
	if err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		blocks, err = tx.PayRunBlocks(ctx, run.ID)
		return err
	}); err != nil {
		return err
	}
	h := sepa.Header{MsgID: run.MsgID, Created: run.CreatedAt.In(domain.Amsterdam), NbOfTxs: int(run.NbTxs), CtrlSum: run.CtrlSum,
		InitiatorName: s.payer.Name, ExecutionDate: run.ExecutionDate,
		DebtorName: s.payer.Name, DebtorIBAN: s.payer.IBAN, DebtorBIC: s.payer.BIC}
	for i, b := range blocks {
		sb := sepa.Block{PmtInfID: pmtInfID(run.MsgID, i+1), NbOfTxs: int(b.NbTxs), CtrlSum: b.Sum}
		if b.Purpose == "SALA" {
			sb.CategoryPurpose = sepa.CategorySalary
		}
		h.Blocks = append(h.Blocks, sb)
	}
	pw, err := sepa.NewWriter(w, h)
	if err != nil {
		return err
	}
	var written int64
	progress.Report(ctx, StepTextFile, 0, run.NbTxs)
	err = s.db.EachTransfer(ctx, run.ID, func(t store.Transfer, refs []string) error {
		written++
		progress.Report(ctx, StepTextFile, written, run.NbTxs)
		remittance := sepa.Remittance(refs, sepa.MaxRemittanceLen)
		if t.HolderID != 0 {
			remittance = sepa.SEPAText("pgb vrij besteedbaar bedrag "+strings.Join(refs, " "), sepa.MaxRemittanceLen)
		}
		return pw.Add(sepa.Transfer{EndToEndID: t.EndToEndID, Amount: t.Amount, CreditorName: sepa.SEPAText(t.Name, sepa.MaxNameLen),
			CreditorIBAN: t.IBAN, Remittance: remittance})
	})
	if err != nil {
		return err
	}
	return pw.Close()
}

// pmtInfID names a run's n-th payment information block: the MsgId with
// -n ("PGB-RUN-7-1" for a run from before the instance prefix), without its
// "PGB-" where that would pass SEPA's 35 characters.
func pmtInfID(msgID string, n int) string {
	id := msgID + "-" + strconv.Itoa(n)
	if len(id) > sepa.MaxIDLen {
		id = strings.TrimPrefix(id, "PGB-")
	}
	return id
}

// randomCode is n random characters of Crockford's base 32 (no I, L, O, U).
func randomCode(n int) string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// PayRunFile opens the run's written file for download. It changes
// nothing: a run whose file was not written yet (WritePayRunFile, a step
// of its own with its audit record) is a conflict. A written file that went
// missing is restored with the same bytes, checked against the recorded hash.
func (s *Service) PayRunFile(ctx context.Context, a Actor, id int64) (*os.File, store.PayRun, error) {
	run, err := s.PayRun(ctx, a, id)
	if err != nil {
		return nil, run, err
	}
	if _, _, err := domain.PayRunNext(run.State, domain.PayRunActDownload, domain.PartySVB); err != nil {
		return nil, run, err
	}
	if run, err = s.WritePayRunFile(ctx, a, id); err != nil {
		return nil, run, err
	}
	f, err := os.Open(s.payRunPath(run))
	return f, run, err
}

// ExecutePayRun records that the bank executed the run: every transfer
// not reported failed is paid. failed maps an EndToEndId to the bank's
// reason. Done once: a second call returns the executed run unchanged.
func (s *Service) ExecutePayRun(ctx context.Context, a Actor, id int64, failed map[string]string) (store.PayRun, error) {
	return s.executePayRun(ctx, a, id, failed, domain.PayRunActExecute)
}

// executePayRun records the run executed, by action: execute, or a status
// report read (ImportPayRunStatus).
func (s *Service) executePayRun(ctx context.Context, a Actor, id int64, failed map[string]string, action domain.PayRunAction) (_ store.PayRun, err error) {
	defer s.meterPayRun("execute", time.Now(), &err)
	var run store.PayRun
	if err := paysOut(a); err != nil {
		return run, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		if run, err = tx.PayRun(ctx, id, true); err != nil {
			return err
		}
		// Every failed transfer must be the run's, whatever its state.
		transfers := make(map[string]store.Transfer, len(failed))
		for e2e := range failed {
			if transfers[e2e], err = tx.TransferByEndToEnd(ctx, id, e2e); err != nil {
				return domain.Invalid("file", "pain002_unknown_transfer", 0, e2e)
			}
		}
		if _, again, err := domain.PayRunNext(run.State, action, domain.PartySVB); err != nil || again {
			return err // done before: the executed run, unchanged
		}
		for e2e, reason := range failed {
			if err := tx.FailTransfer(ctx, transfers[e2e], reason, s.now()); err != nil {
				return err
			}
		}
		if _, err := tx.CountPayRunPaid(ctx, run.ID); err != nil { // the metrics, after commit
			return err
		}
		if err := tx.ExecutePayRun(ctx, run, s.now()); err != nil {
			return err
		}
		before := run.State
		if run, err = tx.PayRun(ctx, id, false); err != nil {
			return err
		}
		if err := tx.Audit(ctx, s.record(a, "payrun.executed", "payrun", id, map[string]any{"state": before},
			map[string]any{"state": run.State, "executed": run.Executed, "failed": run.Failed, "failed_transfers": failed})); err != nil {
			return err
		}
		return s.faultAt(StepExecute)
	})
	return run, err
}

// ImportPayRunStatus reads the bank's status report (pain.002) of a run.
// The whole file is checked before anything changes: it must be the run's
// report, and name only the run's transfers; a wrong line is refused with
// its number and nothing is changed. Rejected transfers put their
// declarations back as accepted, with the bank's reason; the rest is paid.
func (s *Service) ImportPayRunStatus(ctx context.Context, a Actor, id int64, r io.Reader) (store.PayRun, error) {
	run, err := s.PayRun(ctx, a, id)
	if err != nil {
		return run, err
	}
	failed := map[string]string{}
	var unknown error
	report, err := sepa.ScanStatusReport(r, func(t sepa.TxStatus) error {
		if !strings.HasPrefix(t.OrgnlEndToEndID, domain.EndToEndPrefix(run.ID)) {
			unknown = domain.Invalid("file", "pain002_unknown_transfer", t.Line, t.OrgnlEndToEndID)
			return unknown
		}
		if t.Status.Rejected() {
			reason := t.ReasonCode()
			if reason == "" {
				reason = string(t.Status)
			}
			failed[t.OrgnlEndToEndID] = reason
		}
		return nil
	})
	var pe *sepa.ParseError
	switch {
	case unknown != nil:
		return run, unknown
	case errors.As(err, &pe):
		return run, domain.Invalid("file", "pain002_invalid", pe.Line, pe.Msg)
	case err != nil:
		return run, err
	case report.OrgnlMsgID != run.MsgID:
		return run, domain.Invalid("file", "pain002_other_run", report.OrgnlMsgID, run.MsgID)
	}
	return s.executePayRun(ctx, a, id, failed, domain.PayRunActStatus) // checks the transfers are the run's, in its transaction
}

// RunPayments is what a scheduler (pgb payrun) does: start or resume the
// open run, write its file, and, when execute is set, record it executed.
// Each step is idempotent, so running it again after a crash finishes the
// same run and pays nothing twice.
func (s *Service) RunPayments(ctx context.Context, a Actor, cutoff, execution string, execute bool) (store.PayRun, bool, error) {
	run, resumed, err := s.StartPayRun(ctx, a, cutoff, execution)
	if err != nil {
		return run, resumed, err
	}
	if run, err = s.WritePayRunFile(ctx, a, run.ID); err != nil || !execute {
		return run, resumed, err
	}
	progress.Report(ctx, StepTextExecute, 0, run.NbTxs)
	run, err = s.ExecutePayRun(ctx, a, run.ID, nil)
	if err == nil {
		progress.Report(ctx, StepTextExecute, run.NbTxs, run.NbTxs)
	}
	return run, resumed, err
}

// ProviderPayment is a transfer as its provider sees it.
type ProviderPayment struct {
	store.Transfer
	DeclarationIDs []int64 `json:"declaration_ids"`
}

// ProviderPayments lists the provider's transfers with their declarations.
func (s *Service) ProviderPayments(ctx context.Context, a Actor) ([]ProviderPayment, string, error) {
	if !a.Is(domain.RoleProvider) {
		return nil, "", domain.Forbidden("not_allowed")
	}
	var out []ProviderPayment
	var attention string
	err := s.db.View(ctx, func(tx *store.Tx) error {
		trs, err := tx.ProviderTransfers(ctx, a.Role.ProviderID, 100)
		if err != nil {
			return err
		}
		for _, t := range trs {
			ids, err := tx.TransferDeclarations(ctx, t.ID)
			if err != nil {
				return err
			}
			out = append(out, ProviderPayment{Transfer: t, DeclarationIDs: ids})
		}
		attention, err = tx.IBANAttention(ctx, a.Role.ProviderID)
		return err
	})
	return out, attention, err
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}
