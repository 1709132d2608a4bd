package web

import (
	"io"
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// payRunsPage is the list of payment runs.
type payRunsPage struct {
	Runs []store.PayRun
}

// payRunPage is one payment run and a page of its transfers, filtered by
// Status.
type payRunPage struct {
	Run       store.PayRun
	Transfers service.TransferPage
	P         listParams
	Status    string
	Can       map[string]bool // by action, from the payment run's lifecycle table
}

// paymentsPage is a provider's transfers; Attention names what needs it.
type paymentsPage struct {
	List      []service.ProviderPayment
	Attention string
	Year      int
}

// payRuns lists the runs and offers to start one (SVB staff).
func (s *Server) payRuns(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := blankForm()
	f.Values.Set("cutoff", s.svc.Today().FirstOfMonth().AddDays(-1).String())
	f.Values.Set("execution_date", s.svc.Today().String())
	return s.payRunsRender(w, r, rq, f)
}

func (s *Server) payRunsRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	runs, err := s.svc.PayRuns(r.Context(), rq.Actor)
	if err != nil {
		return err
	}
	return s.renderForm(w, r, rq, "payruns", payRunsPage{Runs: runs}, f)
}

// payRunStart starts the payment run as a job (select the declarations,
// then write the file) and shows its progress; a job already under way is
// shown instead.
func (s *Server) payRunStart(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	job, resumed, err := s.svc.StartPayRunJob(r.Context(), rq.Actor, f.Get("cutoff"), f.Get("execution_date"))
	if err != nil {
		return refuse(f, err, func() error { return s.payRunsRender(w, r, rq, f) })
	}
	if resumed {
		s.flash(w, "payrun.resumed")
	} else {
		s.flash(w, "payrun.started")
	}
	http.Redirect(w, r, jobPath(job), http.StatusSeeOther)
	return nil
}

func (s *Server) payRunShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.payRunShowRender(w, r, rq, blankForm())
}

func (s *Server) payRunShowRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	run, err := s.svc.PayRun(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	lp := readListParams(r)
	transfers, err := s.svc.PayRunTransfers(r.Context(), rq.Actor, id, lp.Form.Get("status"), lp.Page)
	if err != nil {
		return err
	}
	lp.links("/betaalruns/"+strconv.FormatInt(id, 10), transfers.More)
	return s.renderForm(w, r, rq, "payrun", payRunPage{Run: run, Transfers: transfers, P: lp, Status: lp.Form.Get("status"),
		Can: can(service.PayRunActions(rq.Actor, run))}, f)
}

// payRunWrite writes the run's payment file (a change of the run's state,
// with its audit record, so a POST of its own).
func (s *Server) payRunWrite(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.svc.WritePayRunFile(r.Context(), rq.Actor, id); err != nil {
		f := newForm(r)
		return refuse(f, err, func() error { return s.payRunShowRender(w, r, rq, f) })
	}
	s.flash(w, "payrun.written")
	http.Redirect(w, r, "/betaalruns/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// payRunFile serves the written file as a download; it changes nothing.
func (s *Server) payRunFile(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	file, run, err := s.svc.PayRunFile(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	defer file.Close()
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Disposition", `attachment; filename="`+run.MsgID+`.xml"`)
	w.Header().Set("Content-Length", strconv.FormatInt(run.FileBytes, 10))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-SHA256", run.FileSHA256)
	io.Copy(w, file)
	return nil
}

// payRunExecuted: staff record that the bank executed every transfer.
func (s *Server) payRunExecuted(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.svc.ExecutePayRun(r.Context(), rq.Actor, id, nil); err != nil {
		f := newForm(r)
		return refuse(f, err, func() error { return s.payRunShowRender(w, r, rq, f) })
	}
	s.flash(w, "payrun.executed_done")
	http.Redirect(w, r, "/betaalruns/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// payRunStatus takes the bank's pain.002 result file and reads it as a job.
func (s *Server) payRunStatus(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := blankForm()
	r.Body = http.MaxBytesReader(w, r.Body, 64<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return refuse(f, domain.Invalid("file", "file_too_large", 64), func() error { return s.payRunShowRender(w, r, rq, f) })
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		return refuse(f, domain.Invalid("file", "file_required"), func() error { return s.payRunShowRender(w, r, rq, f) })
	}
	defer file.Close()
	// Read as a job: a national report names 300,000 transfers. A refused
	// report fails the job with its reason (the line), and changes nothing.
	job, err := s.svc.StartPayRunStatusJob(r.Context(), rq.Actor, id, file)
	if err != nil {
		return refuse(f, err, func() error { return s.payRunShowRender(w, r, rq, f) })
	}
	http.Redirect(w, r, jobPath(job), http.StatusSeeOther)
	return nil
}

// payments shows a provider its transfers and what they paid.
func (s *Server) payments(w http.ResponseWriter, r *http.Request, rq *request) error {
	list, attention, err := s.svc.ProviderPayments(r.Context(), rq.Actor)
	if err != nil {
		return err
	}
	return s.render(w, r, rq, "payments", paymentsPage{List: list, Attention: attention, Year: s.svc.Today().Year})
}
