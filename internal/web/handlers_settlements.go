package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/pdf"
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
	out := newCSVExport(w, "eindafrekeningen.csv", "eindafrekening", "toekenning", "budgethouder", "toegekend", "betaald", "nog_te_betalen", "vrij_besteedbaar_gebruikt",
		"vrij_besteedbaar_terug", "over", "terug_te_betalen", "status", "reden")
	euro := func(c domain.Cents) string { return c.Plain("nl") }
	err := s.svc.EachSettlement(r.Context(), rq.Actor, func(row store.SettlementRow) error {
		st := row.S
		return out.Row(strconv.FormatInt(row.ID, 10), strconv.FormatInt(row.GrantID, 10), strconv.FormatInt(row.BudgetHolderID, 10),
			euro(st.Granted), euro(st.Paid), euro(st.Reserved), euro(st.FreeUsed), euro(st.FreeToReturn), euro(st.Left), euro(st.ToReturn),
			string(row.State), row.Reason)
	})
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
	lang, st := rq.Lang, v.S
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	row := func(key string, c domain.Cents) pdf.Line { return pdf.Line{Text: t(key) + ": " + c.Format(lang)} }
	year := strconv.Itoa(v.Grant.Period.Start.Year)
	doc := s.pdfDoc(rq, t("settlement.title")+" "+year)
	doc.Lines = []pdf.Line{
		{Text: t("settlement.title") + " " + year, Size: 18, Bold: true},
		{Text: v.Holder.Name() + " · " + t("grant.reference") + " " + v.Grant.Reference, Gap: 4},
		{Text: t("grant.period") + ": " + v.Grant.Period.Start.Format(lang) + " – " + v.Grant.Period.End.Format(lang)},
		row("settlement.granted", st.Granted), row("settlement.paid", st.Paid), row("settlement.reserved", st.Reserved),
		row("settlement.free_used", st.FreeUsed), row("settlement.free_to_return", st.FreeToReturn), row("settlement.left", st.Left),
		{Text: t("settlement.to_return") + ": " + st.ToReturn.Format(lang), Bold: true, Gap: 6},
		{Text: t("settlement.state_label") + ": " + t("settlement.state."+string(v.State)), Gap: 10},
	}
	if v.Reason != "" {
		doc.Lines = append(doc.Lines, pdf.Line{Text: t("settlement.reason") + ": " + v.Reason})
	}
	doc.Lines = append(doc.Lines, settlementEdgesPDF(lang, v)...)
	sendPDF(w, "eindafrekening-"+strconv.FormatInt(v.ID, 10)+".pdf", doc)
	return nil
}
