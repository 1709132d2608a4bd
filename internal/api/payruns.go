package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerPayRuns() {
	a.handle("GET /api/v1/payruns", a.listPayRuns)
	a.handle("POST /api/v1/payruns", a.startPayRun)
	a.handle("GET /api/v1/payruns/{id}", a.getPayRun)
	a.handle("GET /api/v1/payruns/{id}/file", a.payRunFile)
	a.handle("POST /api/v1/payruns/{id}/file", a.writePayRunFile)
	a.handle("POST /api/v1/payruns/{id}/execute", a.executePayRun)
	a.handle("POST /api/v1/payruns/{id}/status-report", a.payRunStatus)
	a.handle("GET /api/v1/payments", a.listPayments)
	a.handle("POST /api/v1/grants/{id}/free-amount-claims", a.claimFreeAmount)
}

// payRunJSON is a run with what the caller may do with it now (the
// payment run's lifecycle table), as the run's page offers it.
type payRunJSON struct {
	store.PayRun
	Actions []domain.PayRunAction `json:"your_actions"`
}

func toPayRun(actor service.Actor, run store.PayRun) payRunJSON {
	out := payRunJSON{PayRun: run, Actions: service.PayRunActions(actor, run)}
	if out.Actions == nil {
		out.Actions = []domain.PayRunAction{}
	}
	return out
}

func (a *API) listPayRuns(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	runs, err := a.svc.PayRuns(r.Context(), actor)
	if err != nil {
		return err
	}
	out := []payRunJSON{}
	for _, run := range runs {
		out = append(out, toPayRun(actor, run))
	}
	return replyPage(w, r, p, out, nil)
}

// startPayRun starts the payment run as a job (select the declarations,
// then write the file): 202 Accepted with the job to poll at Location. A
// payment run job already under way is answered instead (resumed: true).
func (a *API) startPayRun(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in struct {
		Cutoff        string `json:"cutoff"`
		ExecutionDate string `json:"execution_date"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	job, resumed, err := a.svc.StartPayRunJob(r.Context(), actor, in.Cutoff, in.ExecutionDate)
	if err != nil {
		return err
	}
	setJobHeaders(w, job)
	return reply(w, http.StatusAccepted, map[string]any{"job": toJob(r, job), "resumed": resumed})
}

func (a *API) getPayRun(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	run, err := a.svc.PayRun(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toPayRun(actor, run))
}

// writePayRunFile writes the run's pain.001 file and records its hash
// (idempotent: a written file is checked, not written again).
func (a *API) writePayRunFile(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	run, err := a.svc.WritePayRunFile(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toPayRun(actor, run))
}

// payRunFile serves the written pain.001 file; it changes nothing (409
// payrun_no_file before the file was written with POST).
func (a *API) payRunFile(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f, run, err := a.svc.PayRunFile(r.Context(), actor, id)
	if err != nil {
		return err
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Disposition", `attachment; filename="`+run.MsgID+`.xml"`)
	w.Header().Set("Content-Length", strconv.FormatInt(run.FileBytes, 10))
	w.Header().Set("X-Content-SHA256", run.FileSHA256)
	_, err = io.Copy(w, f)
	return err
}

func (a *API) executePayRun(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	run, err := a.svc.ExecutePayRun(r.Context(), actor, id, nil)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toPayRun(actor, run))
}

// payRunStatus takes the bank's pain.002 as the request body and reads it
// as a job, as the page's upload does (a national report names 300,000
// transfers): 202 Accepted with the job to poll at Location. A wrong line
// fails the job with its reason, and changes nothing.
func (a *API) payRunStatus(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	job, err := a.svc.StartPayRunStatusJob(r.Context(), actor, id, http.MaxBytesReader(w, r.Body, 256<<20))
	if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
		return tooLarge(tooBig.Limit)
	}
	if err != nil {
		return err
	}
	return acceptJob(w, r, job)
}

func (a *API) listPayments(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	list, attention, err := a.svc.ProviderPayments(r.Context(), actor)
	if err != nil {
		return err
	}
	if list == nil {
		list = []service.ProviderPayment{}
	}
	return replyPage(w, r, p, list, map[string]any{"iban_attention": attention})
}
