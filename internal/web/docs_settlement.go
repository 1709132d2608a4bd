package web

import (
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/pdf"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// settlementEdgesPDF are the settlement statement's lines of issue 23: the
// correction that made this version, the declarations still open when it
// was made and those refused after it, and the earlier versions.
func settlementEdgesPDF(lang string, v service.SettlementView) []pdf.Line {
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
			line := t("settlement.version_item", e.Version, stamp(e.MadeAt), e.S.ToReturn.Format(lang), e.S.Reserved.Format(lang),
				t("settlement.state."+string(e.State)), stamp(e.ReplacedAt))
			if e.Correction != "" {
				line += " " + t("settlement.corrected", e.Version, e.Correction)
			}
			out = append(out, pdf.Line{Text: "• " + line})
		}
	}
	return out
}

func stamp(at time.Time) string { return at.In(domain.Amsterdam).Format("02-01-2006 15:04") }
