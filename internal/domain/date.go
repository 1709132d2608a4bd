package domain

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Amsterdam must resolve on any machine
)

// Amsterdam is the time zone in which every civil date of the pgb is read.
var Amsterdam = mustLoad("Europe/Amsterdam")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Date is a calendar date (no time, no zone), as on a grant or a declaration.
// The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate builds a date; it normalises out-of-range days like time.Date.
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf is the civil date of t in its own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today is the civil date in Europe/Amsterdam at instant now.
func Today(now time.Time) Date { return DateOf(now.In(Amsterdam)) }

// ParseDate accepts ISO "2024-01-31" (as <input type=date> sends) and the
// Dutch "31-01-2024" or "31/1/2024".
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, Invalid("", "date_required")
	}
	for _, layout := range []string{"2006-01-02", "02-01-2006", "2-1-2006", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1900 || t.Year() > 2200 {
				break
			}
			return DateOf(t), nil
		}
	}
	return Date{}, Invalid("", "date_invalid")
}

// MustDate parses an ISO date or panics; for tests and fixed data.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(fmt.Sprintf("MustDate(%q): %v", s, err))
	}
	return d
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Time is midnight UTC of the date; for arithmetic only.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String is the ISO form "2006-01-02" ("" when unset).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Year < 0 || d.Year > 9999 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	b := make([]byte, 0, 10)
	b = append(b, byte('0'+d.Year/1000), byte('0'+d.Year/100%10), byte('0'+d.Year/10%10), byte('0'+d.Year%10), '-')
	b = append(b, byte('0'+int(d.Month)/10), byte('0'+int(d.Month)%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
	return string(b)
}

// Format is the date as a reader of lang expects: nl "31-01-2024", en "31 Jan 2024".
func (d Date) Format(lang string) string {
	if d.IsZero() {
		return ""
	}
	if lang == "en" {
		return d.Time().Format("2 Jan 2006")
	}
	return d.Time().Format("02-01-2006")
}

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// AddMonths returns the date n months later, normalised like time.AddDate.
func (d Date) AddMonths(n int) Date { return DateOf(d.Time().AddDate(0, n, 0)) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Later returns the later of d and e.
func (d Date) Later(e Date) Date {
	if e.After(d) {
		return e
	}
	return d
}

// DaysUntil is the number of days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.Time().Sub(d.Time()).Hours() / 24) }

// FirstOfMonth is the 1st of d's month.
func (d Date) FirstOfMonth() Date { return Date{d.Year, d.Month, 1} }

// IsLeap reports whether year is a leap year in the Gregorian calendar.
func IsLeap(year int) bool { return year%4 == 0 && (year%100 != 0 || year%400 == 0) }

// DaysInYear is 366 in a leap year, else 365.
func DaysInYear(year int) int {
	if IsLeap(year) {
		return 366
	}
	return 365
}

// Value stores a date as ISO text; SQLite keeps it as TEXT, PostgreSQL
// parses it into its date type.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date from a database column (time.Time, text or NULL).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = DateOf(v)
	case string:
		return d.scanString(v)
	case []byte:
		return d.scanString(string(v))
	default:
		return fmt.Errorf("domain.Date: cannot scan %T", src)
	}
	return nil
}

func (d *Date) scanString(s string) error {
	if len(s) >= 10 {
		s = s[:10]
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return fmt.Errorf("domain.Date: %w", err)
	}
	*d = DateOf(t)
	return nil
}

// MarshalText makes dates ISO strings in JSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads an ISO date (strictly) from JSON.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	t, err := time.Parse("2006-01-02", string(b))
	if err != nil {
		return Invalid("", "date_invalid")
	}
	*d = DateOf(t)
	return nil
}

// Period is an inclusive range of calendar dates [Start, End]. A zero End
// means open-ended.
type Period struct {
	Start Date `json:"start"`
	End   Date `json:"end"`
}

// Days counts the days in the period, both ends included (0 when empty).
func (p Period) Days() int {
	if p.End.Before(p.Start) {
		return 0
	}
	return p.Start.DaysUntil(p.End) + 1
}

// Contains reports whether d lies inside the period.
func (p Period) Contains(d Date) bool {
	return !d.Before(p.Start) && (p.End.IsZero() || !d.After(p.End))
}

// Intersect returns the overlap of p and q and whether there is one.
func (p Period) Intersect(q Period) (Period, bool) {
	r := Period{Start: p.Start, End: p.End}
	if q.Start.After(r.Start) {
		r.Start = q.Start
	}
	if r.End.IsZero() || (!q.End.IsZero() && q.End.Before(r.End)) {
		r.End = q.End
	}
	if !r.End.IsZero() && r.End.Before(r.Start) {
		return Period{}, false
	}
	return r, true
}
