package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// The states of a job.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is long work recorded in the database (a payment run, a bank's
// status report, a year's settlements): what it is, how far it is, who
// started it, and which runner holds it (its lease).
type Job struct {
	ID          int64              `json:"id"`
	Kind        string             `json:"kind"`
	Params      json.RawMessage    `json:"params"`
	Exclusive   bool               `json:"-"`
	State       string             `json:"state"`
	Done        int64              `json:"done"`
	Total       int64              `json:"total"`
	StepKey     string             `json:"step,omitempty"`
	Result      json.RawMessage    `json:"result"`
	ErrorKey    string             `json:"error,omitempty"`
	ErrorArgs   []string           `json:"-"`
	StartedBy   int64              `json:"-"`
	StartedRole domain.AccountRole `json:"-"`
	Attempts    int64              `json:"attempts"`
	Claim       string             `json:"-"`
	CreatedAt   time.Time          `json:"created_at"`
	StartedAt   *time.Time         `json:"started_at,omitempty"`
	FinishedAt  *time.Time         `json:"finished_at,omitempty"`
}

// Finished reports whether the job is done or failed.
func (j Job) Finished() bool { return j.State == JobDone || j.State == JobFailed }

const jobCols = `id, kind, params, exclusive, state, done_count, total_count, step_key, result, error_key, error_args, started_by, started_role, attempts, claim, created_at, started_at, finished_at`

func scanJob(s interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var params, result, errArgs, role string
	var started, finished sql.NullTime
	err := s.Scan(&j.ID, &j.Kind, &params, &j.Exclusive, &j.State, &j.Done, &j.Total, &j.StepKey, &result, &j.ErrorKey, &errArgs,
		&j.StartedBy, &role, &j.Attempts, &j.Claim, &j.CreatedAt, &started, &finished)
	if err != nil {
		return j, err
	}
	j.Params, j.Result = json.RawMessage(params), json.RawMessage(result)
	_ = json.Unmarshal([]byte(errArgs), &j.ErrorArgs)
	_ = json.Unmarshal([]byte(role), &j.StartedRole)
	if started.Valid {
		t := started.Time
		j.StartedAt = &t
	}
	if finished.Valid {
		t := finished.Time
		j.FinishedAt = &t
	}
	return j, nil
}

// CreateJob queues a job.
func (t *Tx) CreateJob(ctx context.Context, j Job) (int64, error) {
	role, _ := json.Marshal(j.StartedRole)
	if len(j.Params) == 0 {
		j.Params = json.RawMessage("{}")
	}
	return t.insert(ctx, `INSERT INTO jobs (kind, params, exclusive, state, started_by, started_role, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		j.Kind, string(j.Params), j.Exclusive, JobQueued, j.StartedBy, string(role), j.CreatedAt.UTC())
}

// Job loads a job.
func (t *Tx) Job(ctx context.Context, id int64) (Job, error) {
	j, err := scanJob(t.queryRow(ctx, `SELECT `+jobCols+` FROM jobs WHERE id = ?`, id))
	return j, notFound(err, "job")
}

// UnfinishedJob returns the oldest job of kind that is queued or running, if any.
func (t *Tx) UnfinishedJob(ctx context.Context, kind string) (Job, bool, error) {
	j, err := scanJob(t.queryRow(ctx, `SELECT `+jobCols+` FROM jobs WHERE kind = ? AND state IN (?, ?) ORDER BY id LIMIT 1`, kind, JobQueued, JobRunning))
	if errors.Is(err, sql.ErrNoRows) {
		return j, false, nil
	}
	return j, err == nil, err
}

// ClaimJob takes the next job that is due for this runner until the lease
// ends: first a running job whose lease ran out (its runner died; it is
// resumed), then the oldest queued job, leaving an exclusive kind's queued
// jobs while one of that kind runs. The conditions stand in the UPDATE's
// own WHERE too: at READ COMMITTED (PostgreSQL) two runners can pick the
// same id, and the second, once the first commits, rechecks only those on
// the row as the first left it. Two exclusive jobs of one kind claimed at
// once meet the unique index jobs_one_running: the second gets a conflict
// (already_exists) and claims nothing.
func (t *Tx) ClaimJob(ctx context.Context, claim string, now, until time.Time) (Job, bool, error) {
	const due = `(state = 'queued' OR (state = 'running' AND claimed_until < ?))`
	var id int64
	err := t.queryRow(ctx, `SELECT id FROM jobs j WHERE `+due+`
		AND NOT (j.state = 'queued' AND j.exclusive AND EXISTS (SELECT 1 FROM jobs r WHERE r.kind = j.kind AND r.state = 'running' AND r.exclusive))
		ORDER BY CASE WHEN state = 'running' THEN 0 ELSE 1 END, id LIMIT 1`, now.UTC()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, false, nil
	}
	if err != nil {
		return Job{}, false, err
	}
	res, err := t.exec(ctx, `UPDATE jobs SET state = 'running', claim = ?, claimed_until = ?, attempts = attempts + 1, started_at = COALESCE(started_at, ?)
		WHERE id = ? AND `+due, claim, until.UTC(), now.UTC(), id, now.UTC())
	if err != nil { // an exclusive job of the kind was claimed meanwhile: already_exists, and the transaction is spoilt
		return Job{}, false, err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return Job{}, false, err
	}
	j, err := t.Job(ctx, id)
	return j, err == nil, err
}

// ErrLeaseLost: the job is no longer this runner's (its lease ran out and
// another runner took it, or it finished).
var ErrLeaseLost = errors.New("store: the job's lease was lost")

// JobProgress records how far a running job is and extends its lease,
// only while claim holds it.
func (t *Tx) JobProgress(ctx context.Context, id int64, claim, stepKey string, done, total int64, until time.Time) error {
	res, err := t.exec(ctx, `UPDATE jobs SET step_key = ?, done_count = ?, total_count = ?, claimed_until = ? WHERE id = ? AND claim = ? AND state = 'running'`,
		stepKey, done, total, until.UTC(), id, claim)
	return leaseHeld(res, err)
}

// JobResult records what a running job made so far (a payment run's id),
// only while claim holds it.
func (t *Tx) JobResult(ctx context.Context, id int64, claim string, result json.RawMessage) error {
	res, err := t.exec(ctx, `UPDATE jobs SET result = ? WHERE id = ? AND claim = ? AND state = 'running'`, string(result), id, claim)
	return leaseHeld(res, err)
}

// FinishJob records a job done, or failed with errKey and its arguments,
// only while claim holds it.
func (t *Tx) FinishJob(ctx context.Context, id int64, claim, state string, result json.RawMessage, errKey string, errArgs []string, at time.Time) error {
	if errArgs == nil {
		errArgs = []string{}
	}
	args, _ := json.Marshal(errArgs)
	if len(result) == 0 {
		result = json.RawMessage("{}")
	}
	res, err := t.exec(ctx, `UPDATE jobs SET state = ?, result = ?, error_key = ?, error_args = ?, finished_at = ?, claimed_until = NULL
		WHERE id = ? AND claim = ? AND state = 'running'`, state, string(result), errKey, string(args), at.UTC(), id, claim)
	return leaseHeld(res, err)
}

func leaseHeld(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return ErrLeaseLost
	}
	return nil
}

// JobItem is what became of one item of a job that makes many (a batch's
// declaration): the object made and its state, or the problem (JSON) that
// refused it.
type JobItem struct {
	Index    int64
	ObjectID int64
	State    string
	Problem  json.RawMessage
}

// AddJobItems records items of a job, in the transaction that made them;
// an item recorded before (a job resumed while another runner still
// worked on it) is a conflict, so the transaction makes nothing twice.
func (t *Tx) AddJobItems(ctx context.Context, jobID int64, items []JobItem) error {
	for _, it := range items {
		if _, err := t.exec(ctx, `INSERT INTO job_items (job_id, idx, object_id, state, problem) VALUES (?, ?, ?, ?, ?)`,
			jobID, it.Index, it.ObjectID, it.State, string(it.Problem)); err != nil {
			return err
		}
	}
	return nil
}

// JobItemsDone is how many items of a job are recorded.
func (t *Tx) JobItemsDone(ctx context.Context, jobID int64) (int64, error) {
	var n int64
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM job_items WHERE job_id = ?`, jobID).Scan(&n)
	return n, err
}

// JobItems lists a job's items in their order.
func (t *Tx) JobItems(ctx context.Context, jobID int64) ([]JobItem, error) {
	rows, err := t.query(ctx, `SELECT idx, object_id, state, problem FROM job_items WHERE job_id = ? ORDER BY idx`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []JobItem
	for rows.Next() {
		var it JobItem
		var p string
		if err := rows.Scan(&it.Index, &it.ObjectID, &it.State, &p); err != nil {
			return nil, err
		}
		if p != "" {
			it.Problem = json.RawMessage(p)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
