package web

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/documents"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/pdf"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// pdfDoc starts a PDF with the portal as sender, today's date, the contact
// and page numbers in the reader's language.
func (s *Server) pdfDoc(rq *request, title string) pdf.Document {
	return documents.Start(rq.Lang, s.svc.Today(), title)
}

// sendPDF writes the document as a download.
func sendPDF(w http.ResponseWriter, filename string, doc pdf.Document) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	doc.Write(w)
}

// declarationPDF is a declaration with its lines, for whoever may see it.
func (s *Server) declarationPDF(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.Declaration(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	lang := rq.Lang
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	units := funcs["units100"].(func(string, int64) string)
	month := domain.MonthOf(d.D.Period.Start).Format(lang) // "oktober 2026", never the ISO month
	doc := s.pdfDoc(rq, t("decl.title")+" "+month)
	doc.Lines = []pdf.Line{
		{Text: t("decl.title") + " " + month, Size: 18, Bold: true},
		{Text: t("decl.pdf_id", strconv.FormatInt(d.ID, 10)) + " · " + t("decl.kind."+string(d.D.Kind)), Gap: 4},
		{Text: d.Holder.Name() + " · " + d.Provider.Name},
		{Text: t("grant.period") + ": " + d.D.Period.Start.Format(lang) + " – " + d.D.Period.End.Format(lang)},
		{Text: t("decl.state_label") + ": " + t("decl.state."+string(d.State))},
		{Text: t("decl.lines"), Bold: true, Gap: 8},
	}
	for _, l := range d.D.Lines {
		doc.Lines = append(doc.Lines, pdf.Line{Text: l.Date.Format(lang) + " · " + t("care."+l.CareType) + " · " +
			units(lang, l.Units) + " " + t("unit."+string(l.Unit)) + " × " + l.Rate.Format(lang) + " = " + l.Amount().Format(lang)})
	}
	if d.D.TravelKm != 0 {
		doc.Lines = append(doc.Lines, pdf.Line{Text: t("decl.kind.reiskosten") + ": " + units(lang, d.D.TravelKm) + " km × " +
			d.D.TravelPerKm.Format(lang) + " = " + d.D.TravelAmount().Format(lang)})
	}
	if d.D.Amount != 0 {
		doc.Lines = append(doc.Lines, pdf.Line{Text: t("decl.kind."+string(d.D.Kind)) + ": " + d.D.Amount.Format(lang)})
	}
	doc.Lines = append(doc.Lines, pdf.Line{Text: t("decl.total") + ": " + d.D.Total().Format(lang), Bold: true, Gap: 6})
	for _, f := range d.Findings {
		doc.Lines = append(doc.Lines, pdf.Line{Text: f.Code + ": " + i18n.T(lang, "check."+f.Code, f.Args...)})
	}
	if d.Reason != "" {
		doc.Lines = append(doc.Lines, pdf.Line{Text: d.Reason, Gap: 4})
	}
	sendPDF(w, "declaratie-"+strconv.FormatInt(d.ID, 10)+".pdf", doc)
	return nil
}

// agreementPDF is the agreement with every version: its terms, the text's
// fingerprint (SHA-256) and who signed it when.
func (s *Server) agreementPDF(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.svc.Agreement(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	lang := rq.Lang
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	units := funcs["units100"].(func(string, int64) string)
	doc := s.pdfDoc(rq, t("agreement.title")+" "+v.Holder.Name()+" – "+v.Provider.Name)
	doc.Lines = []pdf.Line{
		{Text: t("agreement.title"), Size: 18, Bold: true},
		{Text: v.Holder.Name() + ", " + v.Holder.BirthDate.Format(lang) + " · " + v.Provider.Name, Gap: 4},
		{Text: t("agreement.grant") + ": " + v.Grant.Law.Label() + " " + v.Grant.Reference},
	}
	for _, ver := range v.Versions {
		tm := ver.Terms
		period := tm.Start.Format(lang)
		if !tm.End.IsZero() {
			period += " – " + tm.End.Format(lang)
		} else {
			period += " · " + t("agreement.open_end")
		}
		doc.Lines = append(doc.Lines,
			pdf.Line{Text: t("agreement.version_n", ver.Number), Size: 14, Bold: true, Gap: 12},
			pdf.Line{Text: t("agreement.pdf_state") + ": " + t("agreement.state."+string(ver.State))},
			pdf.Line{Text: t("agreement.kind") + ": " + t("agreement.kind."+string(tm.Kind))},
			pdf.Line{Text: t("agreement.period") + ": " + period})
		if !ver.EffectiveFrom.IsZero() {
			doc.Lines = append(doc.Lines, pdf.Line{Text: t("agreement.effective_from") + ": " + ver.EffectiveFrom.Format(lang)})
		}
		if tm.TravelPerKm != 0 {
			doc.Lines = append(doc.Lines, pdf.Line{Text: t("agreement.travel") + ": " + tm.TravelPerKm.Format(lang)})
		}
		if tm.CareDescription != "" {
			doc.Lines = append(doc.Lines, pdf.Line{Text: t("agreement.care_description") + ": " + tm.CareDescription})
		}
		for _, l := range tm.Lines {
			doc.Lines = append(doc.Lines, pdf.Line{Text: t("care."+l.CareType) + ": " + l.Rate.Format(lang) + " " +
				t("agreement.per_unit", t("unit."+string(l.Unit))) + " · " + t("agreement.max_units") + " " + units(lang, l.MaxUnits) + " " +
				t("unit."+string(l.Unit)) + " " + t("per."+string(l.Per))})
		}
		if ver.RejectionReason != "" {
			doc.Lines = append(doc.Lines, pdf.Line{Text: t("agreement.rejected_because") + " " + ver.RejectionReason})
		}
		doc.Lines = append(doc.Lines, pdf.Line{Text: t("agreement.hash") + " " + ver.TermsHash, Size: 8.5, Gap: 4})
		if len(ver.Signatures) == 0 {
			doc.Lines = append(doc.Lines, pdf.Line{Text: t("agreement.no_signatures")})
		}
		for _, sg := range ver.Signatures {
			name := v.Provider.Name
			if sg.Party == domain.PartyHolder {
				name = v.Holder.Name()
			}
			doc.Lines = append(doc.Lines, pdf.Line{Text: t("agreement.pdf_sig", name, t("party."+string(sg.Party)),
				sg.SignedAt.In(domain.Amsterdam).Format("02-01-2006 15:04"), sg.TermsHash)})
		}
	}
	sendPDF(w, "overeenkomst-"+strconv.FormatInt(v.ID, 10)+".pdf", doc)
	return nil
}

// yearStatement is the provider's jaaropgave for /betalingen/jaaropgave/{year}.
func (s *Server) yearStatement(r *http.Request, rq *request) (service.YearStatement, error) {
	year, ok := httpkit.ParseID(r.PathValue("year")) // written plainly, as an id
	if !ok {
		return service.YearStatement{}, domain.NotFound("statement")
	}
	return s.svc.ProviderYearStatement(r.Context(), rq.Actor, int(year))
}

// yearStatementPage is a provider's jaaropgave.
type yearStatementPage struct {
	S service.YearStatement
}

// jaaropgave shows a provider what the SVB paid it in a year.
func (s *Server) jaaropgave(w http.ResponseWriter, r *http.Request, rq *request) error {
	st, err := s.yearStatement(r, rq)
	if err != nil {
		return err
	}
	return s.render(w, r, rq, "jaaropgave", yearStatementPage{S: st})
}

// jaaropgavePDF is the same statement as a PDF for the tax return.
func (s *Server) jaaropgavePDF(w http.ResponseWriter, r *http.Request, rq *request) error {
	st, err := s.yearStatement(r, rq)
	if err != nil {
		return err
	}
	lang := rq.Lang
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	doc := s.pdfDoc(rq, t("jaar.title", st.Year)+" "+st.Provider.Name)
	doc.Lines = []pdf.Line{{Text: t("jaar.title", st.Year), Size: 18, Bold: true}, {Text: st.Provider.Name, Gap: 4}}
	if len(st.Lines) == 0 {
		doc.Lines = append(doc.Lines, pdf.Line{Text: t("jaar.none", st.Year), Gap: 8})
	} else {
		doc.Lines = append(doc.Lines, pdf.Line{Text: t("jaar.caption", st.Year), Bold: true, Gap: 8})
	}
	for _, l := range st.Lines {
		who := l.Holder
		if who == "" {
			who = t("jaar.wage")
		}
		month := l.Month
		if month != "" {
			month = " · " + t("jaar.month") + " " + month
		}
		doc.Lines = append(doc.Lines, pdf.Line{Text: who + month + " · " + t("jaar.paid_on") + " " + l.Paid.Format(lang) + " · " + l.IBAN + " · " + l.Amount.Format(lang)})
	}
	if len(st.Lines) > 0 {
		doc.Lines = append(doc.Lines, pdf.Line{Text: t("decl.total") + ": " + st.Total.Format(lang), Bold: true, Gap: 6})
	}
	sendPDF(w, "jaaropgave-"+strconv.Itoa(st.Year)+".pdf", doc)
	return nil
}
