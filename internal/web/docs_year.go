package web

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/pdf"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// yearOverview is the budget holder's overview for /jaaroverzicht/{year}.
func (s *Server) yearOverview(r *http.Request, rq *request) (service.YearOverview, error) {
	year, ok := httpkit.ParseID(r.PathValue("year")) // written plainly, as an id
	if !ok {
		return service.YearOverview{}, domain.NotFound("overview")
	}
	return s.svc.HolderYearOverview(r.Context(), rq.Actor, int(year))
}

// postingFor says in words what a posting is for.
func postingFor(lang string, p service.YearPosting) string {
	switch p.RefType {
	case "grant":
		return i18n.T(lang, "year.ref.grant")
	case "grant_revision":
		return i18n.T(lang, "year.ref.revision")
	case "declaration":
		return i18n.T(lang, "year.ref.declaration", p.RefID, p.Provider)
	case "free_amount":
		return i18n.T(lang, "year.ref.free_amount", p.RefID)
	case "settlement":
		return i18n.T(lang, "year.ref.settlement", p.RefID)
	}
	return i18n.T(lang, "year.ref.other")
}

// yearOverviewPage is a budget holder's year; For says what a posting is
// for, in the reader's language.
type yearOverviewPage struct {
	O   service.YearOverview
	For func(service.YearPosting) string
}

// yearPage shows the budget holder a year of its budget, every figure the
// sum of the postings listed under it.
func (s *Server) yearPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	o, err := s.yearOverview(r, rq)
	if err != nil {
		return err
	}
	return s.render(w, r, rq, "yearoverview", yearOverviewPage{O: o, For: func(p service.YearPosting) string { return postingFor(rq.Lang, p) }})
}

// yearPDF is the same overview as a PDF to keep or send on.
func (s *Server) yearPDF(w http.ResponseWriter, r *http.Request, rq *request) error {
	o, err := s.yearOverview(r, rq)
	if err != nil {
		return err
	}
	lang := rq.Lang
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	month := funcs["monthName"].(func(string, domain.Date) string)
	doc := s.pdfDoc(rq, t("year.title", o.Year)+" "+o.Holder.Name())
	doc.Lines = []pdf.Line{{Text: t("year.title", o.Year), Size: 18, Bold: true}, {Text: o.Holder.Name(), Gap: 4}}
	if len(o.Grants) == 0 {
		doc.Lines = append(doc.Lines, pdf.Line{Text: t("year.none", o.Year), Gap: 8})
	}
	figures := func(f service.LedgerFigures) string {
		return t("year.granted") + " " + f.Granted.Format(lang) + " · " + t("year.reserved") + " " + f.Reserved.Format(lang) + " · " +
			t("year.released") + " " + f.Released.Format(lang) + " · " + t("year.paid") + " " + f.Paid.Format(lang) + " · " +
			t("year.returned") + " " + f.Returned.Format(lang)
	}
	for _, g := range o.Grants {
		doc.Lines = append(doc.Lines,
			pdf.Line{Text: g.Grant.Law.Label() + " · " + g.Verstrekker.Name + " · " + t("grant.reference") + " " + g.Grant.Reference, Size: 14, Bold: true, Gap: 12},
			pdf.Line{Text: t("grant.period") + ": " + g.Grant.Period.Start.Format(lang) + " – " + g.Grant.Period.End.Format(lang)},
			pdf.Line{Text: t("year.months_caption"), Bold: true, Gap: 6})
		for _, m := range g.Months {
			doc.Lines = append(doc.Lines, pdf.Line{Text: month(lang, m.Month) + ": " + figures(m.LedgerFigures)})
		}
		doc.Lines = append(doc.Lines,
			pdf.Line{Text: t("year.total", o.Year) + ": " + figures(g.Total), Bold: true, Gap: 4},
			pdf.Line{Text: t("year.still_reserved") + ": " + g.Total.StillReserved().Format(lang), Gap: 4},
			pdf.Line{Text: t("year.paid_net") + ": " + g.Total.PaidNet().Format(lang)},
			pdf.Line{Text: t("year.left") + ": " + g.Total.Left().Format(lang), Bold: true},
			pdf.Line{Text: t("year.postings"), Bold: true, Gap: 8})
		if len(g.Postings) == 0 {
			doc.Lines = append(doc.Lines, pdf.Line{Text: t("year.no_postings")})
		}
		for _, p := range g.Postings {
			doc.Lines = append(doc.Lines, pdf.Line{Text: p.Booking.Format(lang) + " · " + t("year.kind."+string(p.Kind)) + " · " +
				t("year.counts_in") + " " + month(lang, p.Month) + " · " + postingFor(lang, p) + " · " + p.Amount.Format(lang)})
		}
	}
	sendPDF(w, "jaaroverzicht-"+strconv.Itoa(o.Year)+".pdf", doc)
	return nil
}
