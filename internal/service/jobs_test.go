package service_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/sepa"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// jobService is another process on the payment world's database: the same
// file folder, jobs run by hand, and fault at each step of a payment run.
func jobService(db *store.DB, dir string, fault func(string) error) *service.Service {
	return service.New(db, service.Options{Now: func() time.Time { return now }, FileDir: dir, Fault: fault, Payer: testPayer, JobsByHand: true})
}

// TestPayRunJobKilledAtEachStepIsResumed: the process running a payment
// run job dies at each step (its context ends there, as pgb payrun's
// PGB_PAUSE_AT and a kill do); while its lease holds no other runner takes
// the job; once it ran out another process resumes it and finishes the same
// run: one run, its file as recorded, every declaration paid once, and the
// person who started it told in the inbox.
func TestPayRunJobKilledAtEachStepIsResumed(t *testing.T) {
	for _, step := range []string{service.StepPrepared, service.StepFileTemp, service.StepFileRenamed} {
		t.Run(step, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				w := setupPayments(t, db, nil)
				dir := t.TempDir()
				dyingCtx, kill := context.WithCancel(ctx)
				defer kill()
				dying := jobService(db, dir, func(s string) error {
					if s == step {
						kill()
						return context.Canceled
					}
					return nil
				})
				w.svc = jobService(db, dir, nil)
				if _, _, err := w.svc.StartPayRunJob(ctx, w.provider, "2026-10-31", ""); domain.KindOf(err) != domain.KindForbidden {
					t.Errorf("a provider starts a payment run job: %v", err)
				}
				if _, _, err := w.svc.StartPayRunJob(ctx, w.svb, "2026-09-30", ""); fieldCode(err, "cutoff") != "payrun_nothing_to_pay" {
					t.Errorf("a job with nothing to pay: %v", err)
				}
				job, resumed, err := w.svc.StartPayRunJob(ctx, w.svb, "2026-10-31", "")
				if err != nil || resumed || job.State != store.JobQueued {
					t.Fatalf("start: %v %v %+v", err, resumed, job)
				}
				if again, resumed, err := w.svc.StartPayRunJob(ctx, w.svb, "2026-10-31", ""); err != nil || !resumed || again.ID != job.ID {
					t.Errorf("a second start while it waits: %v %v %d", err, resumed, again.ID)
				}

				start := time.Now()
				r1 := dying.NewJobRunner()
				if ran, err := r1.RunOne(dyingCtx); !ran || err != nil {
					t.Fatalf("the first runner: %v %v", ran, err)
				}
				if j, _ := w.svc.Job(ctx, w.svb, job.ID); j.State != store.JobRunning || j.Attempts != 1 {
					t.Fatalf("the job after its process died at %s: %+v", step, j)
				}
				// While its lease holds, nobody takes it over.
				r2 := w.svc.NewJobRunner()
				r2.Now = func() time.Time { return start.Add(time.Minute) }
				if ran, err := r2.RunOne(ctx); ran || err != nil {
					t.Fatalf("a job was taken over under a live lease: %v %v", ran, err)
				}
				r2.Now = func() time.Time { return start.Add(r1.Lease + time.Minute) }
				if ran, err := r2.RunOne(ctx); !ran || err != nil {
					t.Fatalf("the second runner: %v %v", ran, err)
				}
				j, err := w.svc.Job(ctx, w.svb, job.ID)
				res := service.ResultOf(j)
				if err != nil || j.State != store.JobDone || j.Attempts != 2 || res.PayRunID == 0 || res.Transfers != 2 || res.Declarations != 2 || j.FinishedAt == nil {
					t.Fatalf("the resumed job: %v %+v %+v", err, j, res)
				}
				runs, _ := w.svc.PayRuns(ctx, w.svb)
				if len(runs) != 1 || runs[0].ID != res.PayRunID || runs[0].State != domain.RunWritten || runs[0].FileSHA256 != res.FileSHA256 {
					t.Fatalf("runs after the resumed job: %+v", runs)
				}
				f, _, err := w.svc.PayRunFile(ctx, w.svb, res.PayRunID)
				if err != nil {
					t.Fatal(err)
				}
				f.Close()
				if tmps, _ := filepath.Glob(filepath.Join(dir, "payruns", "*.tmp")); len(tmps) != 0 {
					t.Errorf("temporary files left: %v", tmps)
				}
				// Nothing left to do: a runner finds no job.
				if ran, err := r2.RunOne(ctx); ran || err != nil {
					t.Errorf("a finished job ran again: %v %v", ran, err)
				}
				if _, err := w.svc.ExecutePayRun(ctx, w.svb, res.PayRunID, nil); err != nil {
					t.Fatal(err)
				}
				assertPaidOnce(t, w)
				list, _, err := w.svc.Inbox(ctx, w.svb)
				if err != nil || len(list) == 0 || list[0].TextKey != "notice.job_done_payrun" || service.NoticePath(list[0]) != "/taken/"+itoa(job.ID) {
					t.Errorf("the inbox of the SVB: %v %+v", err, list)
				}
				// Another role does not see the job.
				if _, err := w.svc.Job(ctx, w.provider, job.ID); domain.KindOf(err) != domain.KindNotFound {
					t.Errorf("a provider sees the SVB's job: %v", err)
				}
			})
		})
	}
}

// TestPayRunJobFailsWithItsReason: a job that cannot be done (no account
// to pay from) fails with the reason shown to whoever started it, and is
// not tried again.
func TestPayRunJobFailsWithItsReason(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		w.svc = service.New(db, service.Options{Now: func() time.Time { return now }, FileDir: t.TempDir(), JobsByHand: true})
		job, _, err := w.svc.StartPayRunJob(ctx, w.svb, "2026-10-31", "")
		if err != nil {
			t.Fatal(err)
		}
		if n, err := w.svc.NewJobRunner().RunDue(ctx); n != 1 || err != nil {
			t.Fatalf("ran %d: %v", n, err)
		}
		j, _ := w.svc.Job(ctx, w.svb, job.ID)
		if j.State != store.JobFailed || j.ErrorKey != "err.payer_not_configured" {
			t.Errorf("the job: %+v", j)
		}
		if n, _ := w.svc.NewJobRunner().RunDue(ctx); n != 0 {
			t.Errorf("a failed job ran again")
		}
		if list, _, _ := w.svc.Inbox(ctx, w.svb); len(list) == 0 || list[0].TextKey != "notice.job_failed_payrun" {
			t.Errorf("the inbox: %+v", list)
		}
	})
}

// TestExclusiveJobRunsOnceWithTwoRunners: two processes on one database
// run their runners at once; the payment run job runs once, in one of
// them. And a second exclusive job of the kind waits while one runs, even
// when a runner is free.
func TestExclusiveJobRunsOnceWithTwoRunners(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		dir := t.TempDir()
		a, b := jobService(db, dir, nil), jobService(db, dir, nil)
		job, _, err := a.StartPayRunJob(ctx, w.svb, "2026-10-31", "")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		ran := make([]int, 4)
		for i := range ran {
			svc := a
			if i%2 == 1 {
				svc = b
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := svc.NewJobRunner().RunDue(ctx)
				if err != nil {
					t.Errorf("runner %d: %v", i, err)
				}
				ran[i] = n
			}()
		}
		wg.Wait()
		if total := ran[0] + ran[1] + ran[2] + ran[3]; total != 1 {
			t.Errorf("the job ran %d times (%v)", total, ran)
		}
		j, _ := a.Job(ctx, w.svb, job.ID)
		if j.State != store.JobDone || j.Attempts != 1 {
			t.Errorf("the job: %+v", j)
		}
		runs, _ := a.PayRuns(ctx, w.svb)
		if len(runs) != 1 || runs[0].Declarations != 2 {
			t.Errorf("runs: %+v", runs)
		}

		// Two exclusive jobs of one kind: the second is not claimed while
		// the first runs, and is once it finished.
		var ids [2]int64
		at := time.Now()
		err = db.Update(ctx, func(tx *store.Tx) error {
			for i := range ids {
				var err error
				if ids[i], err = tx.CreateJob(ctx, store.Job{Kind: "test_exclusive", Exclusive: true, StartedBy: 0, CreatedAt: at}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		claim := func(name string) (store.Job, bool) {
			var j store.Job
			var ok bool
			err := db.Update(ctx, func(tx *store.Tx) error {
				var err error
				j, ok, err = tx.ClaimJob(ctx, name, at, at.Add(time.Minute))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return j, ok
		}
		if j, ok := claim("one"); !ok || j.ID != ids[0] {
			t.Fatalf("first claim: %v %+v", ok, j)
		}
		if j, ok := claim("two"); ok {
			t.Fatalf("a second exclusive job of the kind was claimed while the first runs: %+v", j)
		}
		if err := db.Update(ctx, func(tx *store.Tx) error {
			return tx.FinishJob(ctx, ids[0], "one", store.JobDone, nil, "", nil, at)
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.Update(ctx, func(tx *store.Tx) error {
			return tx.FinishJob(ctx, ids[0], "one", store.JobDone, nil, "", nil, at)
		}); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("a finished job finished again: %v", err)
		}
		if j, ok := claim("two"); !ok || j.ID != ids[1] {
			t.Errorf("the second job after the first: %v %+v", ok, j)
		}
		_ = os.RemoveAll(dir)
	})
}

// TestPayRunStatusJob: the bank's status report is read as a job. A report
// of another run fails the job with the reason and changes nothing; the
// run's own report, read by a job killed once on the way (the booking's
// transaction about to commit) and resumed, books the run executed once.
func TestPayRunStatusJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		dir := t.TempDir()
		w.svc = jobService(db, dir, nil)
		run, _, err := w.svc.RunPayments(ctx, w.svb, "2026-10-31", "", false)
		if err != nil {
			t.Fatal(err)
		}
		report := func(msgID string) *bytes.Buffer {
			var b bytes.Buffer
			txs := []sepa.TxStatus{{OrgnlEndToEndID: domain.EndToEndPrefix(run.ID) + itoa(w.prov.ID), Status: sepa.StatusACSC, OrgnlPmtInfID: msgID + "-1"},
				{OrgnlEndToEndID: domain.EndToEndPrefix(run.ID) + itoa(w.prov2.ID), Status: sepa.StatusACSC, OrgnlPmtInfID: msgID + "-1"}}
			if err := sepa.WriteStatusReport(&b, sepa.StatusReport{MsgID: "BANK-1", Created: now, OrgnlMsgID: msgID, OrgnlMsgNmID: "pain.001.001.03",
				GroupStatus: sepa.StatusACSC, Transactions: txs}); err != nil {
				t.Fatal(err)
			}
			return &b
		}
		if _, err := w.svc.StartPayRunStatusJob(ctx, w.provider, run.ID, report(run.MsgID)); err == nil {
			t.Error("a provider sends the bank's report")
		}
		wrong, err := w.svc.StartPayRunStatusJob(ctx, w.svb, run.ID, report("PGB-RUN-999"))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := w.svc.NewJobRunner().RunDue(ctx); n != 1 || err != nil {
			t.Fatalf("ran %d: %v", n, err)
		}
		if j, _ := w.svc.Job(ctx, w.svb, wrong.ID); j.State != store.JobFailed || j.ErrorKey != "err.pain002_other_run" || len(j.ErrorArgs) != 2 {
			t.Errorf("another run's report: %+v", j)
		}
		if r, _ := w.svc.PayRun(ctx, w.svb, run.ID); r.State != domain.RunWritten {
			t.Fatalf("a refused report changed the run: %s", r.State)
		}

		job, err := w.svc.StartPayRunStatusJob(ctx, w.svb, run.ID, report(run.MsgID))
		if err != nil {
			t.Fatal(err)
		}
		// A second report while the first waits is refused, not queued
		// behind it unread, and leaves no file.
		if again, err := w.svc.StartPayRunStatusJob(ctx, w.svb, run.ID, report(run.MsgID)); domain.KindOf(err) != domain.KindConflict || again.ID != job.ID {
			t.Errorf("a second report while one waits: %v (job %d)", err, again.ID)
		}
		if files, _ := filepath.Glob(filepath.Join(dir, "jobs", "pain002-*")); len(files) != 1 {
			t.Errorf("report files kept: %v", files)
		}
		dyingCtx, kill := context.WithCancel(ctx)
		dying := jobService(db, dir, func(s string) error {
			if s == service.StepExecute {
				kill()
				return context.Canceled
			}
			return nil
		})
		r1 := dying.NewJobRunner()
		start := time.Now()
		if ran, err := r1.RunOne(dyingCtx); !ran || err != nil {
			t.Fatalf("the dying runner: %v %v", ran, err)
		}
		r2 := w.svc.NewJobRunner()
		r2.Now = func() time.Time { return start.Add(r1.Lease + time.Minute) }
		if ran, err := r2.RunOne(ctx); !ran || err != nil {
			t.Fatalf("the second runner: %v %v", ran, err)
		}
		if j, _ := w.svc.Job(ctx, w.svb, job.ID); j.State != store.JobDone || j.Attempts != 2 {
			t.Errorf("the report's job: %+v", j)
		}
		assertPaidOnce(t, w)
		if left, _ := filepath.Glob(filepath.Join(dir, "jobs", "*")); len(left) != 0 {
			t.Errorf("report files left: %v", left)
		}
	})
}
