package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/documents"
	"github.com/pgbportaal/pgbportaal/internal/documents/csvdoc"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

var errEnough = errors.New("enough rows")

// settlementsPage is the verstrekker's settlements (the first 200).
type settlementsPage struct {
	List []store.SettlementRow
}

// settlementPage is one settlement and what the person may do with it.
type settlementPage struct {
	S   service.SettlementView
	Can map[string]bool // by action, from the settlement's lifecycle table
}

// settlements: the verstrekker makes the yearly settlements and lists them.
func (s *Server) settlements(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := blankForm()
	f.Values.Set("until", s.svc.Today().String())
	return s.settlementsRender(w, r, rq, f)
}

func (s *Server) settlementsRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	var list []store.SettlementRow
	err := s.svc.EachSettlement(r.Context(), rq.Actor, func(row store.SettlementRow) error {
		if len(list) == 200 {
			return errEnough
		}
		list = append(list, row)
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return err
	}
	return s.renderForm(w, r, rq, "settlements", settlementsPage{List: list}, f)
}

// settlementsMake makes the settlements as a job and shows its progress.
func (s *Server) settlementsMake(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	job, err := s.svc.StartSettlementsJob(r.Context(), rq.Actor, f.Get("until"))
	if err != nil {
		return refuse(f, err, func() error { return s.settlementsRender(w, r, rq, f) })
	}
	http.Redirect(w, r, jobPath(job), http.StatusSeeOther)
	return nil
}

// settlementsCSV streams all of the verstrekker's settlements (through
// csvExport, which makes every cell safe to open in a spreadsheet).
func (s *Server) settlementsCSV(w http.ResponseWriter, r *http.Request, rq *request) error {
	out := newCSVExport(w, "eindafrekeningen.csv", csvdoc.SettlementsHeader...)
	err := s.svc.EachSettlement(r.Context(), rq.Actor, func(row store.SettlementRow) error { return out.Row(csvdoc.SettlementRow(row)...) })
	if err != nil && !out.Started() {
		return err
	}
	if err != nil {
		s.log.Error("settlements csv cut off", "err", err)
	}
	out.Close()
	return nil
}

func (s *Server) settlementShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.settlementShowRender(w, r, rq, blankForm())
}

func (s *Server) settlementShowRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.svc.Settlement(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	return s.renderForm(w, r, rq, "settlement", settlementPage{S: v, Can: can(v.Actions)}, f)
}

func (s *Server) settlementAct(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	done := f.Get("action")
	switch done {
	case "agree":
		_, err = s.svc.AnswerSettlement(r.Context(), rq.Actor, id, true, "")
	case "object":
		_, err = s.svc.AnswerSettlement(r.Context(), rq.Actor, id, false, f.Get("reason"))
	case "approve":
		_, err = s.svc.ApproveSettlement(r.Context(), rq.Actor, id)
	case "correct": // edges: a corrected settlement; none when nothing was admitted
		var before, after service.SettlementView
		if before, err = s.svc.Settlement(r.Context(), rq.Actor, id); err == nil {
			after, err = s.svc.CorrectSettlement(r.Context(), rq.Actor, id, f.Get("reason"))
		}
		if err == nil && after.Version == before.Version {
			done = "correct_none"
		}
	default:
		err = domain.NotFound("action")
	}
	if err != nil {
		return refuse(f, err, func() error { return s.settlementShowRender(w, r, rq, f) })
	}
	s.flash(w, "settlement.done."+done)
	http.Redirect(w, r, "/eindafrekeningen/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// settlementPDF is the statement as a PDF to download and keep.
func (s *Server) settlementPDF(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.svc.Settlement(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	doc, name := documents.Settlement(rq.Lang, s.svc.Today(), v)
	sendPDF(w, name, doc)
	return nil
}
