// Package documents makes the portal's PDF documents that both edges
// serve: the pages (internal/web) and the API (internal/api) give the same
// document, from the same service view, in the reader's language.
package documents

import (
	"strconv"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/pdf"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// Start starts a PDF with the portal as sender, today's date, the contact
// and page numbers in lang.
func Start(lang string, today domain.Date, title string) pdf.Document {
	return pdf.Document{Title: title, Lang: lang,
		Sender:    i18n.T(lang, "pdf.sender"),
		Date:      i18n.T(lang, "pdf.date", today.Format(lang)),
		Contact:   i18n.T(lang, "pdf.contact"),
		PageLabel: func(p, n string) string { return i18n.T(lang, "pdf.page", p, n) }}
}

// Settlement is the statement of a yearly settlement, to download and
// keep, and its file name.
func Settlement(lang string, today domain.Date, v service.SettlementView) (pdf.Document, string) {
	st := v.S
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	row := func(key string, c domain.Cents) pdf.Line { return pdf.Line{Text: t(key) + ": " + c.Format(lang)} }
	year := strconv.Itoa(v.Grant.Period.Start.Year)
	doc := Start(lang, today, t("settlement.title")+" "+year)
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
	doc.Lines = append(doc.Lines, settlementEdges(lang, v)...)
	return doc, "eindafrekening-" + strconv.FormatInt(v.ID, 10) + ".pdf"
}

// settlementEdges are the settlement statement's lines of issue 23: the
// correction that made this version, the declarations still open when it
// was made and those refused after it, and the earlier versions.
func settlementEdges(lang string, v service.SettlementView) []pdf.Line {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	var out []pdf.Line
	if v.Correction != "" {
		out = append(out, pdf.Line{Text: t("settlement.corrected", v.Version, v.Correction), Gap: 6})
	}
	out = append(out, pdf.Line{Text: t("settlement.open_title"), Bold: true, Gap: 8})
	if len(v.Open) == 0 {
		out = append(out, pdf.Line{Text: t("settlement.open_none")})
	} else {
		out = append(out, pdf.Line{Text: t("settlement.open_lead")})
		for _, o := range v.Open {
			out = append(out, pdf.Line{Text: "• " + t("settlement.open_item", o.Provider, domain.MonthOf(o.PeriodStart).Format(lang), o.Total.Format(lang),
				t("decl.state."+string(o.State)), t("decl.state."+string(o.StateNow)))})
		}
	}
	if len(v.Arrived) > 0 {
		out = append(out, pdf.Line{Text: t("settlement.arrived_title"), Bold: true, Gap: 8}, pdf.Line{Text: t("settlement.arrived_lead")})
		for _, o := range v.Arrived {
			out = append(out, pdf.Line{Text: "• " + t("settlement.arrived_item", o.Provider, domain.MonthOf(o.PeriodStart).Format(lang), o.Total.Format(lang))})
		}
	}
	if len(v.Versions) > 0 {
		out = append(out, pdf.Line{Text: t("settlement.versions_title"), Bold: true, Gap: 8})
		for _, e := range v.Versions {
			line := t("settlement.version_item", e.Version, Stamp(e.MadeAt), e.S.ToReturn.Format(lang), e.S.Reserved.Format(lang),
				t("settlement.state."+string(e.State)), Stamp(e.ReplacedAt))
			if e.Correction != "" {
				line += " " + t("settlement.corrected", e.Version, e.Correction)
			}
			out = append(out, pdf.Line{Text: "• " + line})
		}
	}
	return out
}

// Stamp is a moment as the documents and pages show it, in Amsterdam.
func Stamp(at time.Time) string { return at.In(domain.Amsterdam).Format("02-01-2006 15:04") }
