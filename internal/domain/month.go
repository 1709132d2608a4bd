package domain

import "strconv"

// Month is a calendar month, as people name it: "november 2026" in Dutch,
// "November 2026" in English, never "2026-11".
type Month struct{ Year, Month int }

// MonthOf is the month that d falls in.
func MonthOf(d Date) Month { return Month{d.Year, int(d.Month)} }

var monthNames = map[string][12]string{
	"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// Format names the month in lang (Dutch for any other language).
func (m Month) Format(lang string) string {
	if m.Month < 1 || m.Month > 12 {
		return ""
	}
	names, ok := monthNames[lang]
	if !ok {
		names = monthNames["nl"]
	}
	return names[m.Month-1] + " " + strconv.Itoa(m.Year)
}

// Long is the date as a sentence names it: "6 december 2026" in Dutch,
// "6 December 2026" in English (Dutch for any other language).
func (d Date) Long(lang string) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Day) + " " + MonthOf(d).Format(lang)
}
