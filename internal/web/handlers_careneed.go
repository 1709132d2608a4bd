package web

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/documents"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/pdf"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// The care-need questionnaire: a page per section, each sent by POST and
// saved at once (nothing is lost when the person stops halfway), then a
// report as a page and a PDF. Only its author sees it.

type careNeedsPage struct {
	List []store.CareNeed
}

func (s *Server) careNeeds(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.Actor.Role.Role.IsStaff() {
		return domain.NotFound("page")
	}
	list, err := s.svc.CareNeeds(r.Context(), rq.Actor)
	if err != nil {
		return err
	}
	return s.render(w, r, rq, "careneeds", careNeedsPage{List: list})
}

func (s *Server) careNeedStart(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := s.svc.StartCareNeed(r.Context(), rq.Actor)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/zorgbehoefte/"+strconv.FormatInt(id, 10)+"?stap=1", http.StatusSeeOther)
	return nil
}

type careNeedPage struct {
	N       store.CareNeed
	Step    int
	Steps   int
	Section domain.NeedSection
	Levels  []string
}

// careNeedStep is the page number asked for: ?stap=N, 1 when absent; a
// page that does not exist is not found.
func careNeedStep(r *http.Request) (int, error) {
	st := r.URL.Query().Get("stap")
	if st == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(st)
	if _, ok := domain.NeedSectionAt(n); err != nil || !ok {
		return 0, domain.NotFound("page")
	}
	return n, nil
}

func (s *Server) careNeedShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.careNeedRender(w, r, rq, nil)
}

func (s *Server) careNeedRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	step, err := careNeedStep(r)
	if err != nil {
		return err
	}
	n, err := s.svc.CareNeed(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	sec, _ := domain.NeedSectionAt(step)
	if f == nil { // what was saved
		f = blankForm()
		for _, q := range sec.Questions {
			f.Values.Set(q, n.Answers.Levels[q])
		}
		f.Values.Set("note", n.Answers.Notes[sec.Key])
	}
	return s.renderForm(w, r, rq, "careneed", careNeedPage{N: n, Step: step, Steps: len(domain.NeedSections), Section: sec, Levels: domain.NeedLevels}, f)
}

// careNeedSave saves the page and goes on: to the next page, the one
// before, or the report, as the button pressed says.
func (s *Server) careNeedSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	step, err := careNeedStep(r)
	if err != nil {
		return err
	}
	f := newForm(r)
	sec, _ := domain.NeedSectionAt(step)
	levels := map[string]string{}
	for _, q := range sec.Questions {
		levels[q] = f.Get(q)
	}
	if err := s.svc.SaveCareNeedPage(r.Context(), rq.Actor, id, step, levels, f.Get("note")); err != nil {
		return refuse(f, err, func() error { return s.careNeedRender(w, r, rq, f) })
	}
	base := "/zorgbehoefte/" + strconv.FormatInt(id, 10)
	next := base + "?stap=" + strconv.Itoa(step+1)
	switch {
	case f.Get("ga") == "terug" && step > 1:
		next = base + "?stap=" + strconv.Itoa(step-1)
	case f.Get("ga") == "rapport" || step == len(domain.NeedSections):
		next = base + "/rapport"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

type careNeedReportPage struct {
	N        store.CareNeed
	Sections []domain.NeedReportSection
}

func (s *Server) careNeedReport(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.svc.CareNeed(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	return s.render(w, r, rq, "careneed_report", careNeedReportPage{N: n, Sections: domain.NeedReport(n.Answers)})
}

// careNeedPDF is the report as a PDF to take to the gemeente or zorgkantoor.
func (s *Server) careNeedPDF(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.svc.CareNeed(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	lang := rq.Lang
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	doc := s.pdfDoc(rq, t("careneed.report_title"))
	doc.Lines = []pdf.Line{{Text: t("careneed.report_title"), Size: 18, Bold: true}, {Text: t("careneed.report_lead"), Gap: 4},
		{Text: t("careneed.report_of", rq.Actor.Name, documents.Stamp(n.UpdatedAt)), Size: 9}}
	sections := domain.NeedReport(n.Answers)
	if len(sections) == 0 {
		doc.Lines = append(doc.Lines, pdf.Line{Text: t("careneed.report_empty"), Gap: 8})
	}
	for _, sec := range sections {
		doc.Lines = append(doc.Lines, pdf.Line{Text: t("careneed.section." + sec.Key), Bold: true, Size: 13, Gap: 12})
		for _, a := range sec.Answers {
			doc.Lines = append(doc.Lines, pdf.Line{Text: t("careneed.q."+a[0]) + " — " + t("careneed.level."+a[1]), Gap: 2})
		}
		if sec.Note != "" {
			doc.Lines = append(doc.Lines, pdf.Line{Text: t("careneed.note") + ": " + sec.Note, Gap: 4})
		}
	}
	doc.Lines = append(doc.Lines, pdf.Line{Text: t("careneed.no_effect"), Size: 9, Gap: 12})
	sendPDF(w, "zorgbehoefte-"+strconv.FormatInt(id, 10)+".pdf", doc)
	return nil
}

func (s *Server) careNeedDelete(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.DeleteCareNeed(r.Context(), rq.Actor, id); err != nil {
		return err
	}
	s.flash(w, "careneed.deleted")
	http.Redirect(w, r, "/zorgbehoefte", http.StatusSeeOther)
	return nil
}
