package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

var monthAbbr = map[string][12]string{
	"nl": {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
}

// spendingChart draws spending per month as stacked bars (paid, still
// reserved) against each month's share of the budget (a tick), as inline
// SVG with presentation attributes only (the CSP forbids inline styles).
// The same figures are in a table next to it for screen readers.
func spendingChart(lang string, months []service.MonthFlow) template.HTML {
	if len(months) == 0 {
		return ""
	}
	const w, h, top, bottom, left = 480.0, 240.0, 12.0, 42.0, 4.0
	var max domain.Cents = 1
	for _, m := range months {
		if m.Paid+m.Reserved > max {
			max = m.Paid + m.Reserved
		}
		if m.Budget > max {
			max = m.Budget
		}
	}
	plotH := h - top - bottom
	slot := (w - left) / float64(len(months))
	bar := slot * 0.6
	y := func(c domain.Cents) float64 { return plotH * float64(c) / float64(max) }
	esc := template.HTMLEscapeString
	var b strings.Builder
	title := i18n.T(lang, "chart.title")
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" width="100%%" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">`, w, h)
	fmt.Fprintf(&b, `<title id="chart-title">%s</title><desc id="chart-desc">%s</desc>`, esc(title), esc(i18n.T(lang, "chart.desc")))
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#696969" stroke-width="1"/>`, left, top+plotH, w, top+plotH)
	for i, m := range months {
		x := left + float64(i)*slot + (slot-bar)/2
		base := top + plotH
		ph, rh := y(m.Paid), y(m.Reserved)
		if m.Paid > 0 {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#01689B"><title>%s %s: %s</title></rect>`,
				x, base-ph, bar, ph, esc(monthAbbr[lang][m.Month.Month-1]), esc(i18n.T(lang, "balance.paid")), esc(m.Paid.Format(lang)))
		}
		if m.Reserved > 0 {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#8FCAE7" stroke="#01689B" stroke-width="1"><title>%s %s: %s</title></rect>`,
				x, base-ph-rh, bar, rh, esc(monthAbbr[lang][m.Month.Month-1]), esc(i18n.T(lang, "balance.reserved")), esc(m.Reserved.Format(lang)))
		}
		if m.Budget > 0 {
			by := base - y(m.Budget)
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#000" stroke-width="2" stroke-dasharray="4 2"/>`, x-2, by, x+bar+2, by)
		}
		// The month, and under it the year where it starts: side by side
		// ("jan '26") the labels of twelve months run into each other.
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="14" text-anchor="middle" fill="#000">%s</text>`, x+bar/2, h-bottom+18, esc(monthAbbr[lang][m.Month.Month-1]))
		if m.Month.Month == 1 || i == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="12" text-anchor="middle" fill="#3d5374">'%02d</text>`, x+bar/2, h-4, m.Month.Year%100)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
