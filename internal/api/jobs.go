package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/documents/csvdoc"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerJobs() {
	a.handle("GET /api/v1/jobs/{id}", a.getJob)
	a.handle("GET /api/v1/jobs/{id}/file", a.jobFile)
	a.handle("POST /api/v1/exports", a.startExport)
	a.handle("GET /api/v1/jobs/{id}/results", a.getJobResults)
}

// jobJSON is a job to poll: how far it is and what it does now, and when
// finished what it made (links to it) or why it failed.
type jobJSON struct {
	ID         int64             `json:"id"`
	Kind       string            `json:"kind"`
	State      string            `json:"state"`
	Done       int64             `json:"done"`
	Total      int64             `json:"total"`
	Step       string            `json:"step,omitempty"`
	StepText   string            `json:"step_text,omitempty"`
	Result     service.JobResult `json:"result"`
	Error      *jobError         `json:"error,omitempty"`
	CreatedAt  time.Time         `json:"created_at"`
	StartedAt  *time.Time        `json:"started_at,omitempty"`
	FinishedAt *time.Time        `json:"finished_at,omitempty"`
	Links      map[string]string `json:"_links"`
}

type jobError struct {
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

func jobLocation(j store.Job) string { return "/api/v1/jobs/" + strconv.FormatInt(j.ID, 10) }

// setJobHeaders tells where to poll a job just started, and when.
func setJobHeaders(w http.ResponseWriter, j store.Job) {
	w.Header().Set("Location", jobLocation(j))
	w.Header().Set("Retry-After", "2")
}

// acceptJob answers an operation that started a job: 202 Accepted, the job
// to poll at Location (GET /api/v1/jobs/{id}) until it is done or failed.
func acceptJob(w http.ResponseWriter, r *http.Request, j store.Job) error {
	setJobHeaders(w, j)
	return reply(w, http.StatusAccepted, map[string]any{"job": toJob(r, j)})
}

func toJob(r *http.Request, j store.Job) jobJSON {
	lang := i18n.FromRequest(r)
	out := jobJSON{ID: j.ID, Kind: j.Kind, State: j.State, Done: j.Done, Total: j.Total, Step: strings.TrimPrefix(j.StepKey, "job.step."),
		Result: service.ResultOf(j), CreatedAt: j.CreatedAt, StartedAt: j.StartedAt, FinishedAt: j.FinishedAt,
		Links: map[string]string{"self": jobLocation(j)}}
	if j.StepKey != "" {
		out.StepText = i18n.T(lang, j.StepKey)
	}
	if j.State == store.JobFailed {
		args := make([]any, len(j.ErrorArgs))
		for i, v := range j.ErrorArgs {
			args[i] = v
		}
		out.Error = &jobError{Code: strings.TrimPrefix(j.ErrorKey, "err."), Detail: i18n.T(lang, j.ErrorKey, args...)}
	}
	if j.Kind == service.JobDeclarations && j.State == store.JobDone {
		out.Links["results"] = jobLocation(j) + "/results"
	}
	if id := out.Result.PayRunID; id != 0 {
		run := "/api/v1/payruns/" + strconv.FormatInt(id, 10)
		out.Links["payrun"] = run
		if j.Kind == service.JobPayRun && j.State == store.JobDone {
			out.Links["file"] = run + "/file"
		}
	}
	if j.Kind == service.JobExport && j.State == store.JobDone {
		out.Links["file"] = jobLocation(j) + "/file"
	}
	return out
}

// getJob answers how far a job is; poll it until its state is done or
// failed. Another role's job is not found.
func (a *API) getJob(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	j, err := a.svc.Job(r.Context(), actor, id)
	if err != nil {
		return err
	}
	if !j.Finished() {
		w.Header().Set("Retry-After", "2")
	}
	return reply(w, http.StatusOK, toJob(r, j))
}

// startExport exports a list as a CSV file by a job, as the page's button
// (StartExportJob): list "declarations" (the role's, with the list's
// search and filters) or "settlements" (a verstrekker's). 202 Accepted
// with the job to poll at Location; once done its file link gives the CSV.
func (a *API) startExport(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in struct {
		List  string `json:"list"`
		Q     string `json:"q"`
		State string `json:"state"`
		Month string `json:"month"`
		Law   string `json:"law"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	job, err := a.svc.StartExportJob(r.Context(), actor, in.List, service.ListQueryInput{Q: in.Q, State: in.State, Month: in.Month, Law: in.Law})
	if err != nil {
		return err
	}
	return acceptJob(w, r, job)
}

// jobFile is a finished export's CSV, for whoever may see the job and the
// list it is of; another's is not found.
func (a *API) jobFile(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f, j, res, err := a.svc.ExportFile(r.Context(), actor, id)
	if err != nil {
		return err
	}
	defer f.Close()
	return csvdoc.SendFile(w, f, service.ExportFileName(j), res.FileBytes, res.FileSHA256)
}

// getJobResults answers the outcome per declaration of a batch entered by
// a job, as the batch's own answer gives it when it is entered at once;
// before the job is done it is 409 job_not_finished.
func (a *API) getJobResults(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	b, err := a.svc.BatchJob(r.Context(), actor, id)
	if err != nil {
		return err
	}
	if b.Job.State != store.JobDone {
		w.Header().Set("Retry-After", "2")
		return domain.Conflict("job_not_finished")
	}
	lang := i18n.FromRequest(r)
	results := make([]batchResult, len(b.Items))
	created := 0
	for i, it := range b.Items {
		if it.Problem == nil {
			created++
			results[i] = batchResult{Index: it.Index, Status: http.StatusCreated, ID: it.ID, State: it.State, Location: "/api/v1/declarations/" + strconv.FormatInt(it.ID, 10)}
			continue
		}
		p := it.Problem
		status := httpkit.Status(p.Err())
		pr := Problem{Type: "https://pgbportaal.nl/problems/" + p.Code, Title: i18n.T(lang, fmt.Sprintf("title.%d", status)), Status: status,
			Detail: service.TextIn(p.Text, lang), Code: p.Code}
		for _, f := range p.Fields {
			pr.Errors = append(pr.Errors, ProblemField{Field: f.Field, Code: f.Code, Detail: service.TextIn(f.Text, lang)})
		}
		results[i] = batchResult{Index: it.Index, Status: status, Problem: &pr}
	}
	return reply(w, http.StatusOK, map[string]any{"created": created, "failed": len(results) - created, "results": results})
}
