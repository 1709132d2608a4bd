package service

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/progress"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// A large batch of declarations (a CSV file of thousands of rows, an API
// batch over MaxBatch) is entered by a job: the batch is checked as a
// whole and stored with the job when it is sent, and the job enters it in
// chunks, each chunk in one transaction that records each declaration's
// outcome as a job item (job_items, keyed by its place in the batch). A
// job resumed after a crash goes on after the last chunk it committed, so
// no declaration is made twice.

// MaxBatchJob is the most declarations a batch entered by a job may hold
// (a CSV file holds at most as many rows).
const MaxBatchJob = 50000

// batchChunk is how many declarations one transaction of a batch job
// enters: small enough that a crash loses little and the progress moves,
// large enough that the commits do not dominate.
const batchChunk = 100

// StepBatchChunk is where a batch job may be stopped by a fault (tests):
// the chunk's transaction is about to commit; StepBatchChunked: it did.
const (
	StepBatchChunk   = "batch.chunk"
	StepBatchChunked = "batch.chunked"
)

const (
	stepTextDecls = "entering the declarations"
	stepKeyDecls  = "job.step.declarations"
)

type batchJobParams struct {
	Items  []DeclarationInput `json:"items"`
	Send   bool               `json:"send"`
	Origin json.RawMessage    `json:"origin,omitempty"` // the caller's (the CSV rows of each declaration)
}

// BatchProblem is why a declaration of a batch job was refused, with its
// texts in each language (the job renders them when it refuses it, as the
// request would have).
type BatchProblem struct {
	Kind   domain.Kind         `json:"kind"`
	Code   string              `json:"code"`
	Text   map[string]string   `json:"text"`
	Fields []BatchFieldProblem `json:"fields,omitempty"`
}

// BatchFieldProblem is one field's problem of a refused declaration.
type BatchFieldProblem struct {
	Field string            `json:"field"`
	Code  string            `json:"code"`
	Text  map[string]string `json:"text"`
}

// Err is the problem as an error of its kind (for its status).
func (p BatchProblem) Err() error { return &domain.Error{Kind: p.Kind, Code: p.Code} }

// TextIn is a text kept in each language, in lang (Dutch when it has none
// in lang).
func TextIn(texts map[string]string, lang string) string {
	if t, ok := texts[lang]; ok {
		return t
	}
	return texts["nl"]
}

// BatchItem is one declaration's outcome in a batch job.
type BatchItem struct {
	Index   int
	ID      int64
	State   domain.DeclarationState
	Problem *BatchProblem
}

// BatchJob is a batch job with the outcomes it recorded.
type BatchJob struct {
	Job    store.Job
	Items  []BatchItem
	Origin json.RawMessage
}

func batchProblem(err error) (json.RawMessage, error) {
	if err == nil {
		return nil, nil
	}
	e, _ := domain.AsError(err)
	p := BatchProblem{Kind: e.Kind, Code: e.Code, Text: map[string]string{}}
	for _, l := range i18n.Langs {
		p.Text[l] = i18n.ErrorMessage(l, err)
	}
	for _, f := range e.Fields {
		fp := BatchFieldProblem{Field: f.Field, Code: f.Code, Text: map[string]string{}}
		for _, l := range i18n.Langs {
			fp.Text[l] = i18n.FieldMessage(l, f)
		}
		p.Fields = append(p.Fields, fp)
	}
	return json.Marshal(p)
}

// jobOfKey is the idempotency record of a batch that started a job.
type jobOfKey struct {
	JobID int64 `json:"job_id"`
}

// StartBatchJob checks a batch and queues entering it as a job. origin is
// kept with it for whoever shows the outcome (the CSV rows). With a key
// (the form's hidden key, the Idempotency-Key) the same batch sent again
// gets the job it started (replayed), and starts none; the same key with
// another batch is a conflict.
func (s *Service) StartBatchJob(ctx context.Context, a Actor, req BatchRequest, origin any) (j store.Job, replayed bool, err error) {
	if len(req.Items) == 0 {
		return j, false, domain.Invalid("declarations", "lines_required")
	}
	if len(req.Items) > MaxBatchJob {
		return j, false, domain.Invalid("declarations", "batch_too_large", MaxBatchJob)
	}
	if !a.Is(domain.RoleProvider) && !a.Is(domain.RoleBudgetHolder) && !a.Is(domain.RoleRepresentative) {
		return j, false, domain.Forbidden("provider_only")
	}
	o, err := json.Marshal(origin)
	if err != nil {
		return j, false, err
	}
	params, err := json.Marshal(batchJobParams{Items: req.Items, Send: req.Send, Origin: o})
	if err != nil {
		return j, false, err
	}
	replayed, err = s.once(ctx, a, req,
		func(tx *store.Tx, prev store.IdemRecord) error {
			var k jobOfKey
			if json.Unmarshal(prev.Response, &k) != nil || k.JobID == 0 {
				return domain.Conflict("idempotency_key_reused")
			}
			var err error
			j, err = tx.Job(ctx, k.JobID)
			return err
		},
		func(tx *store.Tx) (int, []byte, error) {
			var err error
			if j, err = s.enqueueTx(ctx, tx, a, JobDeclarations, params); err != nil {
				return 0, nil, err
			}
			b, err := json.Marshal(jobOfKey{JobID: j.ID})
			return 202, b, err
		})
	if err != nil {
		return store.Job{}, false, err
	}
	if !replayed {
		s.kickJobs()
	}
	return j, replayed, mayUseJob(a, j)
}

// JobOfBatchKey is the job a batch sent with key started, if it started
// one (a retry of a large batch answered as a job).
func (s *Service) JobOfBatchKey(ctx context.Context, a Actor, key string) (store.Job, bool, error) {
	var j store.Job
	var found bool
	err := s.db.View(ctx, func(tx *store.Tx) error {
		prev, ok, err := tx.IdempotencyKey(ctx, a.AccountID, strings.TrimSpace(key))
		if err != nil || !ok {
			return err
		}
		var k jobOfKey
		if json.Unmarshal(prev.Response, &k) != nil || k.JobID == 0 {
			return nil
		}
		j, err = tx.Job(ctx, k.JobID)
		found = err == nil
		return err
	})
	if err == nil && found {
		err = mayUseJob(a, j)
	}
	return j, found, err
}

// runDeclarationsJob enters the batch from where it is (the items it
// recorded), a chunk per transaction; each chunk also moves the job's
// progress under its lease, so a runner that lost the job commits nothing.
func runDeclarationsJob(ctx context.Context, s *Service, jr *jobRun) error {
	var p batchJobParams
	if err := json.Unmarshal(jr.job.Params, &p); err != nil {
		return err
	}
	total := int64(len(p.Items))
	var done int64
	if err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		done, err = tx.JobItemsDone(ctx, jr.job.ID)
		return err
	}); err != nil {
		return err
	}
	progress.Report(ctx, stepTextDecls, done, total)
	for done < total {
		end := min(done+batchChunk, total)
		err := s.db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.JobProgress(ctx, jr.job.ID, jr.r.name, stepKeyDecls, end, total, jr.r.Now().Add(jr.r.Lease)); err != nil {
				return err
			}
			outs, err := s.batchItems(ctx, tx, jr.actor, BatchRequest{Items: p.Items[done:end], Send: p.Send})
			if err != nil {
				return err
			}
			items := make([]store.JobItem, len(outs))
			for i, o := range outs {
				prob, err := batchProblem(o.Err)
				if err != nil {
					return err
				}
				items[i] = store.JobItem{Index: done + int64(i), ObjectID: o.ID, State: string(o.State), Problem: prob}
			}
			if err := tx.AddJobItems(ctx, jr.job.ID, items); err != nil {
				return err
			}
			return s.faultAt(StepBatchChunk)
		})
		if err != nil {
			return err
		}
		done = end
		progress.Report(ctx, stepTextDecls, done, total)
		if err := s.faultAt(StepBatchChunked); err != nil {
			return err
		}
	}
	var res JobResult
	err := s.db.View(ctx, func(tx *store.Tx) error {
		items, err := tx.JobItems(ctx, jr.job.ID)
		for _, it := range items {
			if it.ObjectID != 0 {
				res.Created++
			} else {
				res.Failed++
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	return jr.setResult(ctx, res)
}

// BatchJob returns a batch job with the outcomes it recorded, to whoever
// may see the job; another kind of job is not found here.
func (s *Service) BatchJob(ctx context.Context, a Actor, id int64) (BatchJob, error) {
	var b BatchJob
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		if b.Job, err = tx.Job(ctx, id); err != nil {
			return err
		}
		if err := mayUseJob(a, b.Job); err != nil {
			return err
		}
		if b.Job.Kind != JobDeclarations {
			return domain.NotFound("job")
		}
		items, err := tx.JobItems(ctx, id)
		if err != nil {
			return err
		}
		for _, it := range items {
			bi := BatchItem{Index: int(it.Index), ID: it.ObjectID, State: domain.DeclarationState(it.State)}
			if len(it.Problem) > 0 {
				bi.Problem = &BatchProblem{}
				if err := json.Unmarshal(it.Problem, bi.Problem); err != nil {
					return err
				}
			}
			b.Items = append(b.Items, bi)
		}
		return nil
	})
	if err != nil {
		return BatchJob{}, err
	}
	var p struct {
		Origin json.RawMessage `json:"origin"`
	}
	if err := json.Unmarshal(b.Job.Params, &p); err != nil {
		return BatchJob{}, err
	}
	b.Origin = p.Origin
	return b, nil
}
