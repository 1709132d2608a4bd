package web

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/documents"
	"github.com/pgbportaal/pgbportaal/internal/documents/csvdoc"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// jobPage is a job's progress: done of total and what it is doing now,
// refreshed by the page itself (meta refresh) while it is not finished,
// and what it made when it is.
type jobPage struct {
	Job      store.Job
	Result   service.JobResult
	Percent  int64
	Refresh  int    // seconds until the page reloads itself (0: finished)
	Finished string // when it finished
	Error    string // why it failed

	ExportList    string // an export's list (service.ExportDeclarations, ...)
	ExportExpired bool   // its file removed after service.ExportKeep
}

func jobPath(j store.Job) string { return "/taken/" + strconv.FormatInt(j.ID, 10) }

// jobShow shows a job to the role that started it (another's is not found).
func (s *Server) jobShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.svc.Job(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	p := jobPage{Job: j, Result: service.ResultOf(j), ExportList: service.ExportList(j), ExportExpired: s.svc.ExportExpired(j)}
	if j.Total > 0 {
		p.Percent = min(100, j.Done*100/j.Total)
	}
	if j.State == store.JobDone {
		p.Percent = 100
	}
	if !j.Finished() {
		p.Refresh = 3
	}
	if j.State == store.JobFailed {
		args := make([]any, len(j.ErrorArgs))
		for i, a := range j.ErrorArgs {
			args[i] = a
		}
		p.Error = i18n.T(rq.Lang, j.ErrorKey, args...)
	}
	if j.FinishedAt != nil {
		p.Finished = documents.Stamp(*j.FinishedAt)
	}
	return s.render(w, r, rq, "job", p)
}

// jobFile is a finished export's file, for whoever may see the job and the
// list it is of (service.ExportFile); another's is not found.
func (s *Server) jobFile(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f, j, res, err := s.svc.ExportFile(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := csvdoc.SendFile(w, f, service.ExportFileName(j), res.FileBytes, res.FileSHA256); err != nil {
		s.log.Warn("export download cut off", "job", j.ID, "err", err)
	}
	return nil
}
