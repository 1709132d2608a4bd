package service_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestBatchJobKilledMidwayIsResumed: the process entering a large batch
// of declarations as a job dies in its second chunk (before and after that
// chunk's commit); another process resumes the job once the lease ran
// out, and every declaration of the batch is made exactly once, each
// refused one recorded once with its reason in both languages, and the
// provider told in the inbox. The same batch sent again with its key gets
// the same job and makes nothing.
func TestBatchJobKilledMidwayIsResumed(t *testing.T) {
	for _, step := range []string{service.StepBatchChunk, service.StepBatchChunked} {
		t.Run(step, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				w := setupAgreements(t, db)
				agID := approvedAgreement(t, w, w.provider, w.prov)
				const n = 210 // three chunks; what is made fits one list (200)
				var items []service.DeclarationInput
				for i := 0; i < n; i++ {
					in := october(agID, "1")
					in.InvoiceNumber = fmt.Sprintf("F-%d", i)
					if i%10 == 0 {
						in.AgreementID = agID + 1000 // not the provider's: refused
					}
					items = append(items, in)
				}
				dir := t.TempDir()
				dyingCtx, kill := context.WithCancel(ctx)
				defer kill()
				seen := 0
				dying := jobService(db, dir, func(s string) error {
					if s == step {
						if seen++; seen == 2 {
							kill()
							return context.Canceled
						}
					}
					return nil
				})
				svc := jobService(db, dir, nil)
				req := service.BatchRequest{Items: items, Key: "csv:k1", RequestHash: "h1"}
				job, replayed, err := svc.StartBatchJob(ctx, w.provider, req, map[string]any{"first": []int{2}})
				if err != nil || replayed || job.State != store.JobQueued || job.Kind != service.JobDeclarations {
					t.Fatalf("start: %v %v %+v", err, replayed, job)
				}
				start := time.Now()
				r1 := dying.NewJobRunner()
				if ran, err := r1.RunOne(dyingCtx); !ran || err != nil {
					t.Fatalf("the first runner: %v %v", ran, err)
				}
				j, _ := svc.Job(ctx, w.provider, job.ID)
				wantDone := int64(100)
				if step == service.StepBatchChunked {
					wantDone = 200
				}
				if j.State != store.JobRunning || j.Done != wantDone || j.Total != n {
					t.Fatalf("the job after its process died at %s: %+v", step, j)
				}
				if list, _ := svc.Declarations(ctx, w.provider); len(list) != int(wantDone)*9/10 {
					t.Fatalf("declarations made before the crash: %d", len(list))
				}
				r2 := svc.NewJobRunner()
				r2.Now = func() time.Time { return start.Add(time.Minute) }
				if ran, err := r2.RunOne(ctx); ran || err != nil {
					t.Fatalf("taken over under a live lease: %v %v", ran, err)
				}
				r2.Now = func() time.Time { return start.Add(r1.Lease + time.Minute) }
				if ran, err := r2.RunOne(ctx); !ran || err != nil {
					t.Fatalf("the second runner: %v %v", ran, err)
				}
				b, err := svc.BatchJob(ctx, w.provider, job.ID)
				if err != nil {
					t.Fatal(err)
				}
				res := service.ResultOf(b.Job)
				if b.Job.State != store.JobDone || b.Job.Attempts != 2 || b.Job.Done != n || res.Created != 189 || res.Failed != 21 || len(b.Items) != n {
					t.Fatalf("the resumed job: %+v %+v %d items", b.Job, res, len(b.Items))
				}
				if string(b.Origin) != `{"first":[2]}` {
					t.Errorf("origin: %s", b.Origin)
				}
				for i, it := range b.Items {
					switch {
					case it.Index != i:
						t.Fatalf("item %d at %d", it.Index, i)
					case i%10 == 0 && (it.ID != 0 || it.Problem == nil || it.Problem.Kind != domain.KindNotFound || it.Problem.Text["nl"] == "" || it.Problem.Text["en"] == it.Problem.Text["nl"]):
						t.Errorf("refused item %d: %+v %+v", i, it, it.Problem)
					case i%10 != 0 && (it.ID == 0 || it.State != domain.DeclConcept || it.Problem != nil):
						t.Errorf("item %d: %+v", i, it)
					}
				}
				list, _ := svc.Declarations(ctx, w.provider)
				made := map[int64]bool{}
				for _, it := range b.Items {
					if it.ID != 0 {
						made[it.ID] = true
					}
				}
				for _, d := range list {
					delete(made, d.ID)
				}
				if len(list) != 189 || len(made) != 0 {
					t.Fatalf("declarations: %d, %d outcomes without theirs", len(list), len(made))
				}
				// The same batch again with its key: the same job, nothing new.
				again, replayed, err := svc.StartBatchJob(ctx, w.provider, req, nil)
				if err != nil || !replayed || again.ID != job.ID {
					t.Errorf("sent again: %v %v %d", err, replayed, again.ID)
				}
				if ran, _ := r2.RunOne(ctx); ran {
					t.Errorf("a finished batch job ran again")
				}
				if list, _ := svc.Declarations(ctx, w.provider); len(list) != 189 {
					t.Errorf("after sending again: %d", len(list))
				}
				req.RequestHash = "h2"
				if _, _, err := svc.StartBatchJob(ctx, w.provider, req, nil); domain.KindOf(err) != domain.KindConflict {
					t.Errorf("the key with another batch: %v", err)
				}
				inbox, _, err := svc.Inbox(ctx, w.provider)
				if err != nil || len(inbox) == 0 || inbox[0].TextKey != "notice.job_done_declarations" || service.NoticePath(inbox[0]) != "/taken/"+itoa(job.ID) {
					t.Errorf("the provider's inbox: %v %+v", err, inbox)
				}
				if _, err := svc.BatchJob(ctx, w.otherProvider, job.ID); domain.KindOf(err) != domain.KindNotFound {
					t.Errorf("another provider sees the batch: %v", err)
				}
			})
		})
	}
}
