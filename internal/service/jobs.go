package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/progress"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// Jobs: long work (a payment run, a bank's status report, a year's
// settlements) runs in the background, recorded in the jobs table with how
// far it is. A runner claims a job with a lease and renews it while it
// works; when its process dies the lease runs out and another runner (of
// this or another instance) resumes the job from the start. Every job's
// work is a row of steps that can each be repeated after a crash (the
// payment run's own guarantee), so nothing is done twice. Exclusive kinds
// run one at a time across all instances (store.ClaimJob).

// The kinds of jobs.
const (
	JobPayRun       = "payrun"        // select the declarations and write the file (exclusive)
	JobPayRunStatus = "payrun_status" // read the bank's status report (pain.002) of a run
	JobSettlements  = "settlements"   // make a verstrekker's settlements of the ended grants
	JobExport       = "export"        // write a list's export to a file (exports.go)
	JobDeclarations = "declarations"  // enter a large batch of declarations (a CSV file, the API)
)

type jobKind struct {
	exclusive  bool
	run        func(ctx context.Context, s *Service, jr *jobRun) error
	done, fail string // the notices to whoever started it
}

var jobKinds = map[string]jobKind{
	JobPayRun:       {exclusive: true, run: runPayRunJob, done: "notice.job_done_payrun", fail: "notice.job_failed_payrun"},
	JobPayRunStatus: {exclusive: true, run: runPayRunStatusJob, done: "notice.job_done_payrun_status", fail: "notice.job_failed_payrun_status"},
	JobSettlements:  {run: runSettlementsJob, done: "notice.job_done_settlements", fail: "notice.job_failed_settlements"},
	JobExport:       {run: runExportJob, done: "notice.job_done_export", fail: "notice.job_failed_export"},
	JobDeclarations: {run: runDeclarationsJob, done: "notice.job_done_declarations", fail: "notice.job_failed_declarations"},
}

// JobKinds are the kinds of jobs there are.
func JobKinds() []string {
	out := make([]string, 0, len(jobKinds))
	for k := range jobKinds {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// jobSteps are the text keys of what a job is doing, by the step its work
// reports (progress.Report).
var jobSteps = map[string]string{
	StepTextSelect:    "job.step.payrun_select",
	StepTextFile:      "job.step.payrun_file",
	StepTextExecute:   "job.step.payrun_execute",
	stepTextSettle:    "job.step.settle",
	stepTextReadReply: "job.step.payrun_status",
	stepTextExport:    "job.step.export",
	stepTextDecls:     stepKeyDecls,
}

const (
	stepTextSettle    = "making the settlements"
	stepTextReadReply = "reading the bank's status report"
)

// JobResult is what a finished job made, as far as it made something.
type JobResult struct {
	PayRunID     int64        `json:"payrun_id,omitempty"`
	Settlements  int          `json:"settlements,omitempty"`
	ToReturn     domain.Cents `json:"to_return_cents,omitempty"`
	FileBytes    int64        `json:"file_bytes,omitempty"`
	FileSHA256   string       `json:"file_sha256,omitempty"`
	Transfers    int64        `json:"transfers,omitempty"`
	Declarations int64        `json:"declarations,omitempty"`
	Rows         int64        `json:"rows,omitempty"`    // an export's rows, its header not counted
	Created      int64        `json:"created,omitempty"` // a batch: declarations made
	Failed       int64        `json:"failed,omitempty"`  // a batch: declarations refused
}

// ResultOf decodes a job's result.
func ResultOf(j store.Job) JobResult {
	var r JobResult
	_ = json.Unmarshal(j.Result, &r)
	return r
}

// mayUseJob: a job is seen by the role that started it (its organisation,
// for staff), with the second factor where staff need one; another's is
// not found.
func mayUseJob(a Actor, j store.Job) error {
	if err := requireStaffMFA(a); err != nil {
		return err
	}
	r := j.StartedRole
	if a.isSystem() || (a.Role.Role == r.Role && a.Role.OrganisationID == r.OrganisationID &&
		a.Role.ProviderID == r.ProviderID && a.Role.BudgetHolderID == r.BudgetHolderID && (r.Role.IsStaff() || a.AccountID == j.StartedBy)) {
		return nil
	}
	return domain.NotFound("job")
}

// Job returns a job to whoever may see it.
func (s *Service) Job(ctx context.Context, a Actor, id int64) (store.Job, error) {
	var j store.Job
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		j, err = tx.Job(ctx, id)
		return err
	})
	if err != nil {
		return j, err
	}
	return j, mayUseJob(a, j)
}

// enqueue records a job for a and starts it in this process. An exclusive
// kind with a job queued or running gets that job instead (resumed).
func (s *Service) enqueue(ctx context.Context, a Actor, kind string, params any) (j store.Job, resumed bool, err error) {
	k := jobKinds[kind]
	p, err := json.Marshal(params)
	if err != nil {
		return j, false, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		resumed = false
		if k.exclusive {
			cur, found, err := tx.UnfinishedJob(ctx, kind)
			if err != nil {
				return err
			}
			if found {
				j, resumed = cur, true
				return nil
			}
		}
		j, err = s.enqueueTx(ctx, tx, a, kind, p)
		return err
	})
	if err == nil {
		s.kickJobs()
	}
	return j, resumed, err
}

// enqueueTx records a job in tx, with its audit record; the caller kicks
// the runner once tx committed.
func (s *Service) enqueueTx(ctx context.Context, tx *store.Tx, a Actor, kind string, params json.RawMessage) (store.Job, error) {
	id, err := tx.CreateJob(ctx, store.Job{Kind: kind, Params: params, Exclusive: jobKinds[kind].exclusive, StartedBy: a.AccountID, StartedRole: a.Role, CreatedAt: s.now()})
	if err != nil {
		return store.Job{}, err
	}
	if err := tx.Audit(ctx, s.record(a, "job.queued", "job", id, nil, map[string]any{"kind": kind, "state": store.JobQueued})); err != nil {
		return store.Job{}, err
	}
	return tx.Job(ctx, id)
}

// StartPayRunJob checks the dates and that there is something to pay (or a
// run open to finish), and queues the payment run as a job: select the
// declarations, then write the file. A payment run job already queued or
// running is returned instead (resumed).
func (s *Service) StartPayRunJob(ctx context.Context, a Actor, cutoff, execution string) (store.Job, bool, error) {
	if err := paysOut(a); err != nil {
		return store.Job{}, false, err
	}
	cut, _, err := s.payRunDates(cutoff, execution)
	if err != nil {
		return store.Job{}, false, err
	}
	err = s.db.View(ctx, func(tx *store.Tx) error {
		if _, open, err := tx.OpenPayRun(ctx); err != nil || open {
			return err
		}
		if n, err := tx.CountPayableUpTo(ctx, cut, 1); err != nil || n > 0 {
			return err
		}
		if _, found, err := tx.UnfinishedJob(ctx, JobPayRun); err != nil || found {
			return err
		}
		return domain.Invalid("cutoff", "payrun_nothing_to_pay", cut)
	})
	if err != nil {
		return store.Job{}, false, err
	}
	return s.enqueue(ctx, a, JobPayRun, payRunParams{Cutoff: cutoff, ExecutionDate: execution})
}

type payRunParams struct {
	Cutoff        string `json:"cutoff"`
	ExecutionDate string `json:"execution_date,omitempty"`
}

// runPayRunJob starts or resumes the run, records it as the job's, and
// writes its file. Resumed after a crash it takes the run it recorded (or
// the open run, which StartPayRun resumes), so no declaration is taken twice.
func runPayRunJob(ctx context.Context, s *Service, jr *jobRun) error {
	var p payRunParams
	if err := json.Unmarshal(jr.job.Params, &p); err != nil {
		return err
	}
	res := ResultOf(jr.job)
	if res.PayRunID == 0 {
		run, _, err := s.StartPayRun(ctx, jr.actor, p.Cutoff, p.ExecutionDate)
		if err != nil {
			return err
		}
		res.PayRunID = run.ID
		if err := jr.setResult(ctx, res); err != nil {
			return err
		}
	}
	run, err := s.WritePayRunFile(ctx, jr.actor, res.PayRunID)
	if err != nil {
		return err
	}
	res.FileBytes, res.FileSHA256, res.Transfers, res.Declarations = run.FileBytes, run.FileSHA256, run.NbTxs, run.Declarations
	return jr.setResult(ctx, res)
}

// A JobRunner claims due jobs and runs them, one at a time.
type JobRunner struct {
	s     *Service
	name  string
	Lease time.Duration    // how long a claim holds without being renewed; 2 minutes by default
	Beat  time.Duration    // how often a running job's progress is written and its lease renewed; 1 s by default
	Now   func() time.Time // the runner's clock for leases (time.Now): tests move it on
}

var runnerSeq struct {
	sync.Mutex
	n int
}

// NewJobRunner returns a runner of this process.
func (s *Service) NewJobRunner() *JobRunner {
	runnerSeq.Lock()
	runnerSeq.n++
	n := runnerSeq.n
	runnerSeq.Unlock()
	return &JobRunner{s: s, name: "runner-" + randomCode(8) + "-" + strconv.Itoa(n), Lease: 2 * time.Minute, Beat: time.Second, Now: time.Now}
}

// kickJobs runs the jobs that are due in the background of this process
// (at most one such runner at a time; another queued meanwhile is taken by
// it before it stops). WaitJobs waits for it.
func (s *Service) kickJobs() {
	js := s.jobs
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.byHand {
		return
	}
	js.again = true
	if js.busy {
		return
	}
	js.busy = true
	js.wg.Add(1)
	go func() {
		defer js.wg.Done()
		r := s.NewJobRunner()
		for {
			js.mu.Lock()
			if !js.again {
				js.busy = false
				js.mu.Unlock()
				return
			}
			js.again = false
			js.mu.Unlock()
			if _, err := r.RunDue(context.Background()); err != nil {
				s.log.Warn("jobs stopped", "err", err)
			}
		}
	}()
}

// jobsState is the background runner of the jobs started in this process.
type jobsState struct {
	mu                  sync.Mutex
	busy, again, byHand bool
	wg                  sync.WaitGroup
}

// WaitJobs waits until the jobs this process started in the background
// are finished (tests, and a server shutting down).
func (s *Service) WaitJobs() { s.jobs.wg.Wait() }

// RunDue claims and runs jobs until none is due; it returns how many it ran.
func (r *JobRunner) RunDue(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		ran, err := r.RunOne(ctx)
		if err != nil || !ran {
			return n, err
		}
		n++
	}
	return n, ctx.Err()
}

// Run runs due jobs every poll until ctx ends (pgb serve): it picks up the
// jobs whose runner died, in this instance or another.
func (r *JobRunner) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := r.RunDue(ctx); err != nil && ctx.Err() == nil {
			r.s.log.Warn("jobs stopped", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// jobRun is one claimed job while it runs.
type jobRun struct {
	r     *JobRunner
	job   store.Job
	actor Actor

	mu          sync.Mutex
	step        string
	done, total int64
}

// RunOne claims one due job and runs it; ran is false when none was due.
// When ctx ends while it runs (the process stops) the job is left as it is,
// to be resumed when its lease has run out.
func (r *JobRunner) RunOne(ctx context.Context) (ran bool, err error) {
	s := r.s
	var j store.Job
	var claimed bool
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		now := r.Now()
		var err error
		j, claimed, err = tx.ClaimJob(ctx, r.name, now, now.Add(r.Lease))
		if err != nil || !claimed {
			return err
		}
		if j.Attempts > 1 {
			return tx.Audit(ctx, s.record(Actor{Role: domain.AccountRole{Role: "systeem"}, Name: "system"}, "job.resumed", "job", j.ID,
				map[string]any{"state": store.JobRunning}, map[string]any{"state": store.JobRunning, "attempt": j.Attempts}))
		}
		return nil
	})
	if domain.HasCode(err, "already_exists") { // another runner took an exclusive job of the kind first
		return false, nil
	}
	if err != nil || !claimed {
		return false, err
	}
	jr := &jobRun{r: r, job: j, actor: Actor{AccountID: j.StartedBy, Role: j.StartedRole, MFA: true, Name: "job"}}
	if j.StartedBy == 0 && j.StartedRole.Role == "systeem" {
		jr.actor = System
	}
	jctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	beatDone := make(chan struct{})
	go jr.heartbeat(jctx, cancel, beatDone)
	kind, ok := jobKinds[j.Kind]
	var werr error
	if !ok {
		werr = fmt.Errorf("unknown job kind %q", j.Kind)
	} else {
		werr = kind.run(progress.With(jctx, jr.report), s, jr)
	}
	cancel(nil)
	<-beatDone
	if ctx.Err() != nil || errors.Is(context.Cause(jctx), store.ErrLeaseLost) {
		return true, nil // stopped, or another runner has it now: its lease tells
	}
	return true, jr.finish(ctx, werr)
}

// report is the job's progress.Func: it only keeps the numbers, which the
// heartbeat writes (a write from inside the work's own transaction would
// wait for it on SQLite).
func (jr *jobRun) report(step string, done, total int64) {
	jr.mu.Lock()
	if k, ok := jobSteps[step]; ok {
		jr.step = k
	}
	jr.done, jr.total = done, total
	jr.mu.Unlock()
}

func (jr *jobRun) heartbeat(ctx context.Context, cancel context.CancelCauseFunc, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(jr.r.Beat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := jr.writeProgress(ctx); errors.Is(err, store.ErrLeaseLost) {
			cancel(err)
			return
		}
	}
}

func (jr *jobRun) writeProgress(ctx context.Context) error {
	jr.mu.Lock()
	step, d, t := jr.step, jr.done, jr.total
	jr.mu.Unlock()
	return jr.r.s.db.Update(ctx, func(tx *store.Tx) error {
		return tx.JobProgress(ctx, jr.job.ID, jr.r.name, step, d, t, jr.r.Now().Add(jr.r.Lease))
	})
}

// setResult records what the job made so far, so that a resumed job
// continues from it.
func (jr *jobRun) setResult(ctx context.Context, res JobResult) error {
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	if err := jr.r.s.db.Update(ctx, func(tx *store.Tx) error { return tx.JobResult(ctx, jr.job.ID, jr.r.name, b) }); err != nil {
		return err
	}
	jr.job.Result = b
	return nil
}

// finish records the job done or failed, with its audit record (the change
// feed's "job finished") and a notice in the inbox of whoever started it,
// in one transaction. A failure the person can act on keeps its message
// (err.<code>); any other is logged and shown as an internal error.
func (jr *jobRun) finish(ctx context.Context, werr error) error {
	s := jr.r.s
	kind := jobKinds[jr.job.Kind]
	state, key, notice := store.JobDone, "", kind.done
	var args []string
	if werr != nil {
		state, notice = store.JobFailed, kind.fail
		key, args = jobError(werr)
		if key == "err.internal" {
			s.log.Error("job failed", "job", jr.job.ID, "kind", jr.job.Kind, "err", werr)
		}
	}
	jr.mu.Lock()
	step, d, t := jr.step, jr.done, jr.total
	jr.mu.Unlock()
	if state == store.JobDone && t > 0 {
		d = t
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.JobProgress(ctx, jr.job.ID, jr.r.name, step, d, t, jr.r.Now().Add(jr.r.Lease)); err != nil {
			return err
		}
		if err := tx.FinishJob(ctx, jr.job.ID, jr.r.name, state, jr.job.Result, key, args, s.now()); err != nil {
			return err
		}
		if err := tx.Audit(ctx, s.record(jr.actor, "job."+state, "job", jr.job.ID, map[string]any{"state": store.JobRunning},
			map[string]any{"state": state, "kind": jr.job.Kind, "result": jr.job.Result, "error": key})); err != nil {
			return err
		}
		if target, ok := targetOf(jr.actor); ok && notice != "" {
			n := store.Notice{Target: target, Object: store.Ref{Type: "job", ID: jr.job.ID}, TextKey: notice, Args: []string{}, CreatedAt: s.now()}
			if err := tx.AddNotices(ctx, []store.Notice{n}); err != nil {
				return err
			}
			// By e-mail to the person who started it, if they want job
			// notices so: in this transaction, so once per job's end.
			return tx.QueueAccountMail(ctx, jr.job.StartedBy, s.noticeMail(NoticePath(n), notice, nil))
		}
		return nil
	})
}

// jobError is the text key and arguments of a job's failure.
func jobError(err error) (string, []string) {
	e, ok := domain.AsError(err)
	if !ok || e.Kind == domain.KindInternal {
		return "err.internal", nil
	}
	code, vals := e.Code, e.Args
	if len(e.Fields) > 0 {
		code, vals = e.Fields[0].Code, e.Fields[0].Args
	}
	args := make([]string, len(vals))
	for i, v := range vals {
		args[i] = fmt.Sprint(v)
	}
	return "err." + code, args
}

type payRunStatusParams struct {
	PayRunID int64  `json:"payrun_id"`
	File     string `json:"file"` // the report as received, under the file folder
}

// StartPayRunStatusJob keeps the bank's status report (pain.002) of a run
// and queues reading it as a job. The report is read and checked as a
// whole in the job: a wrong line fails the job with its number, and
// nothing is changed.
func (s *Service) StartPayRunStatusJob(ctx context.Context, a Actor, runID int64, r io.Reader) (store.Job, error) {
	if _, err := s.PayRun(ctx, a, runID); err != nil {
		return store.Job{}, err
	}
	dir := filepath.Join(s.fileDir, "jobs")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return store.Job{}, fmt.Errorf("job folder: %w", err)
	}
	f, err := os.CreateTemp(dir, "pain002-*.xml")
	if err != nil {
		return store.Job{}, fmt.Errorf("job file: %w", err)
	}
	_, werr := io.Copy(f, r)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(f.Name())
		return store.Job{}, werr
	}
	j, busy, err := s.enqueue(ctx, a, JobPayRunStatus, payRunStatusParams{PayRunID: runID, File: filepath.Base(f.Name())})
	if err != nil {
		os.Remove(f.Name())
		return j, err
	}
	if busy { // another report is being read: this one would never be; say so, keep nothing
		os.Remove(f.Name())
		return j, domain.Conflict("pain002_busy")
	}
	return j, nil
}

// runPayRunStatusJob reads the report. Read again after a crash it changes
// nothing: a run executed is done once (executePayRun). The report's file
// is removed once it was read or refused.
func runPayRunStatusJob(ctx context.Context, s *Service, jr *jobRun) error {
	var p payRunStatusParams
	if err := json.Unmarshal(jr.job.Params, &p); err != nil {
		return err
	}
	path := filepath.Join(s.fileDir, "jobs", filepath.Base(p.File))
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("status report of job %d: %w", jr.job.ID, err)
	}
	defer f.Close()
	progress.Report(ctx, stepTextReadReply, 0, 1)
	run, err := s.ImportPayRunStatus(ctx, jr.actor, p.PayRunID, f)
	if _, refused := domain.AsError(err); refused {
		os.Remove(path) // refused as a whole: nothing to read again
	}
	if err != nil {
		return err
	}
	progress.Report(ctx, stepTextReadReply, 1, 1)
	os.Remove(path)
	return jr.setResult(ctx, JobResult{PayRunID: run.ID, Transfers: run.NbTxs, Declarations: run.Declarations})
}

type settlementsParams struct {
	Until string `json:"until"`
}

// StartSettlementsJob checks the date and queues making the settlements of
// the verstrekker's ended grants as a job.
func (s *Service) StartSettlementsJob(ctx context.Context, a Actor, until string) (store.Job, error) {
	if !a.Is(domain.RoleVerstrekker) || requireStaffMFA(a) != nil {
		return store.Job{}, domain.Forbidden("verstrekker_only")
	}
	day, err := domain.ParseDate(strings.TrimSpace(until))
	switch {
	case err != nil:
		return store.Job{}, domain.Invalid("until", "date_invalid")
	case day.After(s.Today()):
		return store.Job{}, domain.Invalid("until", "date_in_future")
	}
	// Nothing to settle is said at the form, not by a job that fails.
	some, err := s.anyToSettle(ctx, a.Role.OrganisationID, day)
	if err != nil {
		return store.Job{}, err
	}
	if !some {
		return store.Job{}, domain.Invalid("until", "settlement_nothing", day)
	}
	j, _, err := s.enqueue(ctx, a, JobSettlements, settlementsParams{Until: until})
	return j, err
}

// errFound stops a walk at its first row.
var errFound = errors.New("found")

// anyToSettle reports whether the verstrekker has a grant to settle up to
// day: the first candidate MakeSettlements would take.
func (s *Service) anyToSettle(ctx context.Context, orgID int64, day domain.Date) (bool, error) {
	err := s.db.View(ctx, func(tx *store.Tx) error {
		return tx.SettlementCandidates(ctx, orgID, day, func(store.SettlementCandidate) error { return errFound })
	})
	if errors.Is(err, errFound) {
		return true, nil
	}
	return false, err
}

// runSettlementsJob makes them in one transaction; made again after a
// crash it leaves the grants settled before alone.
func runSettlementsJob(ctx context.Context, s *Service, jr *jobRun) error {
	var p settlementsParams
	if err := json.Unmarshal(jr.job.Params, &p); err != nil {
		return err
	}
	progress.Report(ctx, stepTextSettle, 0, 0)
	n, total, err := s.MakeSettlements(ctx, jr.actor, p.Until)
	if err != nil {
		return err
	}
	return jr.setResult(ctx, JobResult{Settlements: n, ToReturn: total})
}
