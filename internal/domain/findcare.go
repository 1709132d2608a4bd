package domain

import (
	"math/bits"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Find care: providers publish a care profile, budget holders post a
// request (oproep), and each finds the other by the rules below. The rules
// are here, without I/O; the store finds candidates by index (gemeente and
// care type) and these rules decide and rank.

// Avail is when someone is available or care is wanted: a bit for each part
// of each day of the week (Monday morning is bit 0; day*4 + part).
type Avail uint32

// Days of the week (Monday first) and parts of a day.
var (
	Weekdays = []string{"ma", "di", "wo", "do", "vr", "za", "zo"}
	DayParts = []string{"ochtend", "middag", "avond", "nacht"}
)

// AvailBit is the bit of day d (0 = Monday) and part p (0 = morning).
func AvailBit(d, p int) Avail { return 1 << (d*len(DayParts) + p) }

// Has reports whether day d, part p is in a.
func (a Avail) Has(d, p int) bool { return a&AvailBit(d, p) != 0 }

// Slots counts the parts of days in a.
func (a Avail) Slots() int { return bits.OnesCount32(uint32(a)) }

// AvailAll is every part of every day.
const AvailAll Avail = 1<<28 - 1

// AvailFromKeys reads availability from form keys "ma-ochtend", "za-nacht".
func AvailFromKeys(keys []string) Avail {
	var a Avail
	for _, k := range keys {
		d, p, _ := strings.Cut(k, "-")
		di, pi := slices.Index(Weekdays, d), slices.Index(DayParts, p)
		if di >= 0 && pi >= 0 {
			a |= AvailBit(di, pi)
		}
	}
	return a
}

// Keys are the form keys of a's slots, Monday morning first.
func (a Avail) Keys() []string {
	var out []string
	for d, day := range Weekdays {
		for p, part := range DayParts {
			if a.Has(d, p) {
				out = append(out, day+"-"+part)
			}
		}
	}
	return out
}

// Languages a profile can list (ISO 639 codes; "pap" is Papiamentu).
var Languages = []string{"nl", "en", "fy", "de", "fr", "es", "pl", "tr", "ar", "pap", "uk"}

// Limits of find care.
const (
	MaxProfileGemeenten = 40   // gemeenten a profile covers
	MaxFindCareText     = 1000 // characters in a profile's or request's text
	MaxRateCents        = 20000
	MaxOpenRequests     = 3  // open requests of one budget holder
	MaxRequestsPerDay   = 5  // requests one budget holder posts in 24 hours
	MaxAnswersPerDay    = 30 // answers one provider sends in 24 hours
	MaxRequestHours     = 80
	ProfilesPerPage     = 20
)

// CareProfile is what a provider publishes to be found: no BSN, no
// address, no IBAN; the provider's name and kind come from the provider.
type CareProfile struct {
	ID           int64        `json:"id"`
	ProviderID   int64        `json:"provider_id"`
	ProviderName string       `json:"provider_name"`
	ProviderKind ProviderKind `json:"provider_kind"`
	CareTypes    []string     `json:"care_types"`
	Laws         []Law        `json:"laws"`
	Gemeenten    []string     `json:"gemeenten"` // CBS codes
	Avail        Avail        `json:"availability"`
	Languages    []string     `json:"languages"`
	RateMin      Cents        `json:"rate_min_cents"`
	RateMax      Cents        `json:"rate_max_cents"`
	Text         string       `json:"text"`
	Published    bool         `json:"published"`
	HiddenReason string       `json:"hidden_reason,omitempty"` // set by staff: not shown to anyone else
	UpdatedAt    time.Time    `json:"updated_at"`
}

// Visible reports whether budget holders can find the profile.
func (p CareProfile) Visible() bool { return p.Published && p.HiddenReason == "" }

// CareRequest is a budget holder's oproep. Who posted it is not part of it
// as providers see it: the service adds the holder only for the holder and
// for providers the holder answered.
type CareRequest struct {
	ID             int64     `json:"id"`
	BudgetHolderID int64     `json:"-"`
	CareType       string    `json:"care_type"`
	Law            Law       `json:"law,omitempty"`
	Gemeente       string    `json:"gemeente"` // CBS code
	Avail          Avail     `json:"availability"`
	HoursPerWeek   int       `json:"hours_per_week"`
	Text           string    `json:"text"`
	Open           bool      `json:"open"`
	HiddenReason   string    `json:"hidden_reason,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// Visible reports whether providers can find the request.
func (r CareRequest) Visible() bool { return r.Open && r.HiddenReason == "" }

// privateData are patterns that do not belong in a public text: an e-mail
// address, a phone number, an IBAN, a postcode with house number, or a
// nine-digit number (a BSN).
var privateData = []*regexp.Regexp{
	regexp.MustCompile(`[^\s@]+@[^\s@]+\.[a-zA-Z]{2,}`),
	regexp.MustCompile(`(?:\+31|0031|\b0)[\s-]?[1-9](?:[\s-]?\d){8}\b`),
	regexp.MustCompile(`(?i)\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b`),
	regexp.MustCompile(`(?i)\b[1-9]\d{3}\s?[A-Z]{2}\s+\d+`),
	regexp.MustCompile(`\b\d{9}\b|\b\d{4}\.\d{2}\.\d{3}\b`),
}

// HasPrivateData reports whether s holds something that looks like contact
// details or a BSN.
func HasPrivateData(s string) bool {
	for _, re := range privateData {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// checkFindCareText checks a profile's or a request's text.
func checkFindCareText(v *Validation, field, s string, required bool) {
	switch {
	case strings.TrimSpace(s) == "" && required:
		v.Add(field, "required")
	case utf8.RuneCountInString(s) > MaxFindCareText:
		v.Add(field, "too_long", MaxFindCareText)
	case HasPrivateData(s):
		v.Add(field, "findcare_private_data")
	}
}

// ValidateProfile checks a profile before it is saved. An unpublished
// profile may be incomplete except for what it has wrong; publishing needs
// care types, laws, gemeenten, availability, a language and a text.
func ValidateProfile(p CareProfile) error {
	var v Validation
	need := p.Published
	if len(p.CareTypes) == 0 && need {
		v.Add("care_types", "findcare_choose_one")
	}
	for _, c := range p.CareTypes {
		if !ValidCareType(c) {
			v.Add("care_types", "care_type_unknown")
			break
		}
	}
	if len(p.Laws) == 0 && need {
		v.Add("laws", "findcare_choose_one")
	}
	for _, l := range p.Laws {
		if !l.Valid() {
			v.Add("laws", "invalid")
			break
		}
	}
	switch {
	case len(p.Gemeenten) == 0 && need:
		v.Add("gemeenten", "findcare_gemeente_required")
	case len(p.Gemeenten) > MaxProfileGemeenten:
		v.Add("gemeenten", "findcare_too_many_gemeenten", MaxProfileGemeenten)
	}
	if p.Avail == 0 && need {
		v.Add("availability", "findcare_choose_one")
	}
	if p.Avail&^AvailAll != 0 {
		v.Add("availability", "invalid")
	}
	if len(p.Languages) == 0 && need {
		v.Add("languages", "findcare_choose_one")
	}
	for _, l := range p.Languages {
		if !slices.Contains(Languages, l) {
			v.Add("languages", "invalid")
			break
		}
	}
	switch {
	case p.RateMin < 0 || p.RateMin > MaxRateCents:
		v.Add("rate_min", "findcare_rate", Cents(MaxRateCents).Format("nl"))
	case p.RateMax < 0 || p.RateMax > MaxRateCents:
		v.Add("rate_max", "findcare_rate", Cents(MaxRateCents).Format("nl"))
	case p.RateMax != 0 && p.RateMax < p.RateMin:
		v.Add("rate_max", "findcare_rate_order")
	case p.RateMin == 0 && need:
		v.Add("rate_min", "required")
	}
	checkFindCareText(&v, "text", p.Text, need)
	return v.Err()
}

// ValidateRequest checks a request before it is posted.
func ValidateRequest(r CareRequest) error {
	var v Validation
	switch {
	case r.CareType == "":
		v.Add("care_type", "required")
	case !ValidCareType(r.CareType):
		v.Add("care_type", "care_type_unknown")
	}
	if r.Law != "" && !r.Law.Valid() {
		v.Add("law", "invalid")
	}
	if r.Gemeente == "" {
		v.Add("gemeente", "findcare_gemeente_required")
	}
	if r.Avail == 0 {
		v.Add("availability", "findcare_choose_one")
	}
	if r.HoursPerWeek < 1 || r.HoursPerWeek > MaxRequestHours {
		v.Add("hours_per_week", "findcare_hours", MaxRequestHours)
	}
	checkFindCareText(&v, "text", r.Text, false)
	return v.Err()
}

// CheckRequestLimits refuses a new request when the holder has too many
// open, or posted too many in the last 24 hours.
func CheckRequestLimits(open, lastDay int) error {
	switch {
	case open >= MaxOpenRequests:
		return &Error{Kind: KindTooMany, Code: "findcare_open_requests", Args: []any{MaxOpenRequests}}
	case lastDay >= MaxRequestsPerDay:
		return &Error{Kind: KindTooMany, Code: "findcare_requests_per_day", Args: []any{MaxRequestsPerDay}}
	}
	return nil
}

// CheckAnswerLimit refuses a provider's answer past the day's limit.
func CheckAnswerLimit(lastDay int) error {
	if lastDay >= MaxAnswersPerDay {
		return &Error{Kind: KindTooMany, Code: "findcare_answers_per_day", Args: []any{MaxAnswersPerDay}}
	}
	return nil
}

// ProfileQuery is what a budget holder searches by; empty fields match
// anything.
type ProfileQuery struct {
	CareType string
	Gemeente string // CBS code
	Avail    Avail
	Law      Law
	Language string
}

// ProfileMatches reports whether a visible profile answers the query: it
// offers the care type, covers the gemeente, works under the law, speaks
// the language, and is available at one of the times asked for at least.
func ProfileMatches(p CareProfile, q ProfileQuery) bool {
	switch {
	case !p.Visible():
		return false
	case q.CareType != "" && !slices.Contains(p.CareTypes, q.CareType):
		return false
	case q.Gemeente != "" && !slices.Contains(p.Gemeenten, q.Gemeente):
		return false
	case q.Law != "" && !slices.Contains(p.Laws, q.Law):
		return false
	case q.Language != "" && !slices.Contains(p.Languages, q.Language):
		return false
	case q.Avail != 0 && p.Avail&q.Avail == 0:
		return false
	}
	return true
}

// RequestMatches reports whether a provider's profile fits a request: the
// same rules, the request's fields as the query.
func RequestMatches(p CareProfile, r CareRequest) bool {
	return r.Visible() && ProfileMatches(p, ProfileQuery{CareType: r.CareType, Gemeente: r.Gemeente, Avail: r.Avail, Law: r.Law}) && r.Avail != 0
}

// profileScore ranks a matching profile: the more of the wanted times it
// covers the better, then a language asked for, then the share of its
// time that is wanted (a specialist before someone available always).
func profileScore(p CareProfile, q ProfileQuery) int {
	score := 0
	if q.Avail != 0 {
		score += 100 * (p.Avail & q.Avail).Slots() / q.Avail.Slots()
	}
	if q.Language != "" && slices.Contains(p.Languages, q.Language) {
		score += 10
	}
	return score
}

// RankProfiles keeps the profiles that match q, best first: by score, then
// the lower starting rate, then the most recently updated, then by id (so
// pages are stable).
func RankProfiles(ps []CareProfile, q ProfileQuery) []CareProfile {
	out := make([]CareProfile, 0, len(ps))
	scores := map[int64]int{}
	for _, p := range ps {
		if ProfileMatches(p, q) {
			out = append(out, p)
			scores[p.ID] = profileScore(p, q)
		}
	}
	slices.SortFunc(out, func(a, b CareProfile) int {
		if sa, sb := scores[a.ID], scores[b.ID]; sa != sb {
			return sb - sa
		}
		if a.RateMin != b.RateMin {
			return int(a.RateMin - b.RateMin)
		}
		if c := b.UpdatedAt.Compare(a.UpdatedAt); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	return out
}

// Page cuts page n (1-based) of size out of a list, and says how many pages
// there are; a page past the end is the last.
func Page[T any](list []T, n, size int) ([]T, int, int) {
	pages := (len(list) + size - 1) / size
	if pages == 0 {
		pages = 1
	}
	n = min(max(n, 1), pages)
	lo := min((n-1)*size, len(list))
	return list[lo:min(lo+size, len(list))], n, pages
}
