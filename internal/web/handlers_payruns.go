package web

import (
	"io"
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// payRuns lists the runs and offers to start one (SVB staff).
func (s *Server) payRuns(w http.ResponseWriter, r *http.Request, rq *request) {
	f := &form{Errors: map[string]string{}, Values: map[string][]string{}}
	f.Values.Set("cutoff", s.svc.Today().FirstOfMonth().AddDays(-1).String())
	f.Values.Set("execution_date", s.svc.Today().String())
	s.payRunsRender(w, r, rq, f)
}

func (s *Server) payRunsRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	runs, err := s.svc.PayRuns(r.Context(), rq.Actor)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	s.renderForm(w, r, rq, "payruns", map[string]any{"Runs": runs}, f)
}

func (s *Server) payRunStart(w http.ResponseWriter, r *http.Request, rq *request) {
	f := newForm(r)
	run, resumed, err := s.svc.StartPayRun(r.Context(), rq.Actor, f.Get("cutoff"), f.Get("execution_date"))
	if err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.payRunsRender(w, r, rq, f) })
		return
	}
	if resumed {
		s.flash(w, "payrun.resumed")
	} else {
		s.flash(w, "payrun.started")
	}
	http.Redirect(w, r, "/betaalruns/"+strconv.FormatInt(run.ID, 10), http.StatusSeeOther)
}

func (s *Server) payRunShow(w http.ResponseWriter, r *http.Request, rq *request) {
	s.payRunShowRender(w, r, rq, &form{Errors: map[string]string{}, Values: map[string][]string{}})
}

func (s *Server) payRunShowRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	run, err := s.svc.PayRun(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	lp := readListParams(r)
	transfers, err := s.svc.PayRunTransfers(r.Context(), rq.Actor, id, lp.Form.Get("status"), lp.Page)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	lp.links("/betaalruns/"+strconv.FormatInt(id, 10), transfers.More)
	s.renderForm(w, r, rq, "payrun", map[string]any{"Run": run, "Transfers": transfers, "P": lp, "Status": lp.Form.Get("status"),
		"Can": can(service.PayRunActions(rq.Actor, run))}, f)
}

// payRunWrite writes the run's payment file (a change of the run's state,
// with its audit record, so a POST of its own).
func (s *Server) payRunWrite(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	if _, err := s.svc.WritePayRunFile(r.Context(), rq.Actor, id); err != nil {
		f := newForm(r)
		s.formFailed(w, r, rq, f, err, func() { s.payRunShowRender(w, r, rq, f) })
		return
	}
	s.flash(w, "payrun.written")
	http.Redirect(w, r, "/betaalruns/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// payRunFile serves the written file as a download; it changes nothing.
func (s *Server) payRunFile(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	file, run, err := s.svc.PayRunFile(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	defer file.Close()
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Disposition", `attachment; filename="`+run.MsgID+`.xml"`)
	w.Header().Set("Content-Length", strconv.FormatInt(run.FileBytes, 10))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-SHA256", run.FileSHA256)
	io.Copy(w, file)
}

// payRunExecuted: staff record that the bank executed every transfer.
func (s *Server) payRunExecuted(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	if _, err := s.svc.ExecutePayRun(r.Context(), rq.Actor, id, nil); err != nil {
		f := newForm(r)
		s.formFailed(w, r, rq, f, err, func() { s.payRunShowRender(w, r, rq, f) })
		return
	}
	s.flash(w, "payrun.executed_done")
	http.Redirect(w, r, "/betaalruns/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// payRunStatus imports the bank's pain.002 result file.
func (s *Server) payRunStatus(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	f := &form{Errors: map[string]string{}, Values: map[string][]string{}}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.formFailed(w, r, rq, f, domain.Invalid("file", "file_too_large", 64), func() { s.payRunShowRender(w, r, rq, f) })
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		s.formFailed(w, r, rq, f, domain.Invalid("file", "file_required"), func() { s.payRunShowRender(w, r, rq, f) })
		return
	}
	defer file.Close()
	if _, err := s.svc.ImportPayRunStatus(r.Context(), rq.Actor, id, file); err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.payRunShowRender(w, r, rq, f) })
		return
	}
	s.flash(w, "payrun.status_imported")
	http.Redirect(w, r, "/betaalruns/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// payments shows a provider its transfers and what they paid.
func (s *Server) payments(w http.ResponseWriter, r *http.Request, rq *request) {
	list, attention, err := s.svc.ProviderPayments(r.Context(), rq.Actor)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	s.render(w, r, rq, "payments", map[string]any{"List": list, "Attention": attention, "Year": s.svc.Today().Year})
}
