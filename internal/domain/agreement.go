package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// AgreementKind follows the SVB model agreements (modelovereenkomsten).
type AgreementKind string

const (
	AgreementFamily      AgreementKind = "familielid_bekende"  // informal care by family or an acquaintance
	AgreementZZP         AgreementKind = "zzp"                 // self-employed provider (zzp/freelancer)
	AgreementInstitution AgreementKind = "zorginstelling"      // care institution
	AgreementEmployment  AgreementKind = "arbeidsovereenkomst" // the budget holder employs the provider
)

// AgreementKinds lists them in display order.
var AgreementKinds = []AgreementKind{AgreementFamily, AgreementZZP, AgreementInstitution, AgreementEmployment}

// Valid reports whether k is known.
func (k AgreementKind) Valid() bool {
	switch k {
	case AgreementFamily, AgreementZZP, AgreementInstitution, AgreementEmployment:
		return true
	}
	return false
}

// Formal reports whether the agreement is formal care (for tariffs).
func (k AgreementKind) Formal() bool { return k == AgreementZZP || k == AgreementInstitution }

// Unit is what a care line's rate is per.
type Unit string

const (
	UnitHour    Unit = "uur"
	UnitDayPart Unit = "dagdeel"
	UnitDay     Unit = "dag"
	UnitEtmaal  Unit = "etmaal" // 24 hours
)

// Units lists the units in display order.
var Units = []Unit{UnitHour, UnitDayPart, UnitDay, UnitEtmaal}

// Valid reports whether u is known.
func (u Unit) Valid() bool {
	switch u {
	case UnitHour, UnitDayPart, UnitDay, UnitEtmaal:
		return true
	}
	return false
}

// Step is the smallest amount of the unit that may be declared, in
// hundredths: hours in quarters (25), the others whole (100).
func (u Unit) Step() int64 {
	if u == UnitHour {
		return 25
	}
	return 100
}

// CareTypes are the care types the agreement form offers.
var CareTypes = []string{
	"persoonlijke_verzorging", "verpleging", "begeleiding", "kortdurend_verblijf", "huishoudelijke_hulp", "dagbesteding",
}

// ValidCareType reports whether t is a known care type.
func ValidCareType(t string) bool {
	for _, c := range CareTypes {
		if c == t {
			return true
		}
	}
	return false
}

// Per is the period a care line's maximum counts over.
type Per string

const (
	PerWeek  Per = "week"
	PerMonth Per = "maand"
)

// CareLine is one line of a care agreement.
type CareLine struct {
	CareType string `json:"care_type"`
	Unit     Unit   `json:"unit"`
	Rate     Cents  `json:"rate_cents"` // per unit
	MaxUnits int64  `json:"max_units"`  // in hundredths of the unit, per Per
	Per      Per    `json:"per"`
}

// AgreementState is where an agreement (version) stands in its lifecycle.
type AgreementState string

const (
	StateConcept   AgreementState = "concept"           // being drafted; both parties may edit
	StateSigning   AgreementState = "ter_ondertekening" // sent for signing; frozen
	StateSigned    AgreementState = "ondertekend"       // signed by both
	StateSubmitted AgreementState = "bij_verstrekker"   // with the verstrekker
	StateApproved  AgreementState = "goedgekeurd"       // approved: in force
	StateRejected  AgreementState = "afgekeurd"         // rejected with a reason
	StateEnded     AgreementState = "beeindigd"         // ended
)

// AgreementAction is something a party does to an agreement.
type AgreementAction string

const (
	ActEdit        AgreementAction = "edit"
	ActSendToSign  AgreementAction = "send_for_signing"
	ActSign        AgreementAction = "sign"
	ActBackToDraft AgreementAction = "back_to_concept"
	ActSubmit      AgreementAction = "submit"
	ActApprove     AgreementAction = "approve"
	ActReject      AgreementAction = "reject"
	ActProposeEnd  AgreementAction = "propose_end"
	ActEnd         AgreementAction = "end"
	ActChange      AgreementAction = "change"
)

// Party is the side an actor is on, for the lifecycle table.
type Party string

const (
	PartyHolder      Party = "budgethouder" // the budget holder or a representative
	PartyProvider    Party = "zorgverlener"
	PartyVerstrekker Party = "verstrekker"
	PartySVB         Party = "svb" // registers paper agreements
)

type transition struct {
	from   AgreementState
	action AgreementAction
}

// lifecycle is the one table of who may do what from which state, and what
// state follows. Signing leads to StateSigned only when both have signed;
// Next handles that.
var lifecycle = map[transition]struct {
	to      AgreementState
	parties []Party
}{
	{StateConcept, ActEdit}:        {StateConcept, []Party{PartyHolder, PartyProvider, PartySVB, PartyVerstrekker}},
	{StateConcept, ActSendToSign}:  {StateSigning, []Party{PartyHolder, PartyProvider, PartySVB, PartyVerstrekker}},
	{StateSigning, ActSign}:        {StateSigning, []Party{PartyHolder, PartyProvider}},
	{StateSigning, ActBackToDraft}: {StateConcept, []Party{PartyHolder, PartyProvider}},
	{StateSigned, ActSubmit}:       {StateSubmitted, []Party{PartyHolder, PartySVB, PartyVerstrekker}},
	{StateSigned, ActBackToDraft}:  {StateConcept, []Party{PartyHolder, PartyProvider}},
	{StateSubmitted, ActApprove}:   {StateApproved, []Party{PartyVerstrekker}},
	{StateSubmitted, ActReject}:    {StateRejected, []Party{PartyVerstrekker}},
	{StateRejected, ActEdit}:       {StateConcept, []Party{PartyHolder, PartyProvider}},
	{StateApproved, ActChange}:     {StateApproved, []Party{PartyHolder, PartyProvider}},
	{StateApproved, ActProposeEnd}: {StateApproved, []Party{PartyHolder, PartyProvider}},
	{StateApproved, ActEnd}:        {StateEnded, []Party{PartyVerstrekker, PartySVB}},
}

// Next says what state follows when party does action on an agreement in
// state from, or a conflict error with a reason when it may not.
// bothSigned tells, for ActSign, whether this signature completes the pair.
func Next(from AgreementState, action AgreementAction, party Party, bothSigned bool) (AgreementState, error) {
	t, ok := lifecycle[transition{from, action}]
	if !ok {
		return from, Conflict("agreement_transition", string(action), string(from))
	}
	allowed := false
	for _, p := range t.parties {
		allowed = allowed || p == party
	}
	if !allowed {
		return from, Conflict("agreement_not_your_turn", string(action), string(party))
	}
	if action == ActSign && bothSigned {
		return StateSigned, nil
	}
	return t.to, nil
}

// AgreementActionOrder lists every agreement action in display order: the
// one list your_actions and the API's action paths come from (ParseAgreementAction).
var AgreementActionOrder = []AgreementAction{ActEdit, ActSendToSign, ActSign, ActBackToDraft, ActSubmit, ActApprove, ActReject, ActChange, ActProposeEnd, ActEnd}

// Allowed lists the actions party may take in state s (for showing buttons).
func Allowed(s AgreementState, party Party) []AgreementAction {
	var out []AgreementAction
	for _, a := range AgreementActionOrder {
		if _, err := Next(s, a, party, false); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// MaxPastWeeks is how far in the past an agreement's start may lie when it
// is submitted, unless the grant was retroactive.
const MaxPastWeeks = 8

// AgreementTerms is the content of one version of an agreement: what both
// parties sign.
type AgreementTerms struct {
	Kind            AgreementKind `json:"kind"`
	Start           Date          `json:"start"`
	End             Date          `json:"end,omitempty"`
	Lines           []CareLine    `json:"lines"`
	TravelPerKm     Cents         `json:"travel_per_km_cents,omitempty"` // 0: no travel costs agreed
	DaysPerWeek     int           `json:"days_per_week,omitempty"`       // employment
	HoursPerWeek    int64         `json:"hours_per_week,omitempty"`      // employment, in hundredths
	Payroll         bool          `json:"payroll,omitempty"`             // employment: the SVB pays a monthly wage
	CareDescription string        `json:"care_description,omitempty"`    // Wlz zorgbeschrijving: what care, when, for which goals
}

// MaxTravelPerKm is the untaxed maximum for travel costs from 2024.
const MaxTravelPerKm Cents = 23

// TariffLookup returns the maximum rate for a care type, or false when the
// tariff table has none (then no maximum applies beyond the agreement).
type TariffLookup func(careType string, kind ProviderKind) (Cents, bool)

// ValidateTerms checks an agreement's content against its grant period and
// the tariff table. Field names: kind, start, end, lines[i].care_type,
// lines[i].unit, lines[i].rate, lines[i].max_units, travel_per_km,
// days_per_week, hours_per_week, care_description.
func ValidateTerms(v *Validation, t AgreementTerms, grant Period, law Law, maxRate TariffLookup) {
	if !t.Kind.Valid() {
		v.Add("kind", "required")
	}
	switch {
	case t.Start.IsZero():
		v.Add("start", "date_required")
	case t.Start.Before(grant.Start) || t.Start.After(grant.End):
		v.Add("start", "date_outside_grant", grant.Start, grant.End)
	}
	if !t.End.IsZero() {
		if t.End.Before(t.Start) {
			v.Add("end", "end_before_start")
		} else if t.End.After(grant.End) {
			v.Add("end", "date_outside_grant", grant.Start, grant.End)
		}
	}
	if len(t.Lines) == 0 {
		v.Add("lines", "lines_required")
	}
	seen := map[string]bool{}
	for i, l := range t.Lines {
		f := "lines[" + itoa(i) + "]"
		if !ValidCareType(l.CareType) {
			v.Add(f+".care_type", "care_type_unknown")
		} else if seen[l.CareType+string(l.Unit)] {
			v.Add(f+".care_type", "care_type_twice")
		}
		seen[l.CareType+string(l.Unit)] = true
		if !l.Unit.Valid() {
			v.Add(f+".unit", "required")
		}
		switch {
		case l.Rate <= 0:
			v.Add(f+".rate", "amount_positive")
		case maxRate != nil:
			if max, ok := maxRate(l.CareType, TariffKind(t.Kind)); ok && l.Rate > max {
				v.Add(f+".rate", "rate_above_tariff", max)
			}
		}
		if l.MaxUnits <= 0 {
			v.Add(f+".max_units", "amount_positive")
		} else if l.MaxUnits%l.Unit.Step() != 0 {
			v.Add(f+".max_units", "units_step")
		}
		if l.Per != PerWeek && l.Per != PerMonth {
			v.Add(f+".per", "required")
		}
	}
	if t.TravelPerKm < 0 {
		v.Add("travel_per_km", "amount_negative")
	} else if t.TravelPerKm > MaxTravelPerKm {
		v.Add("travel_per_km", "travel_above_max", MaxTravelPerKm)
	}
	if t.Kind == AgreementEmployment {
		if t.DaysPerWeek < 1 || t.DaysPerWeek > 7 {
			v.Add("days_per_week", "days_per_week_range")
		}
		if t.HoursPerWeek <= 0 || t.HoursPerWeek > 6000 {
			v.Add("hours_per_week", "hours_per_week_range")
		}
	}
	if law == Wlz && strings.TrimSpace(t.CareDescription) == "" {
		v.Add("care_description", "care_description_required")
	}
}

// PayrollRequired reports whether an employment contract must go through
// payroll: 4 or more days a week always; fewer may opt in.
func PayrollRequired(t AgreementTerms) bool {
	return t.Kind == AgreementEmployment && t.DaysPerWeek >= 4
}

// CheckStartAtSubmission applies the 8-week rule: at submission the start
// lies at most 8 weeks in the past, unless the grant was retroactive.
func CheckStartAtSubmission(start, today Date, retroactive bool) error {
	if !retroactive && start.Before(today.AddDays(-7*MaxPastWeeks)) {
		return Invalid("start", "start_too_far_back", MaxPastWeeks)
	}
	return nil
}

// ChangeNeedsApproval reports whether a new version differs from the one in
// force in a way the verstrekker must approve again: the work or the rates
// (care lines, travel costs, kind, hours). A longer term alone needs none.
func ChangeNeedsApproval(old, new AgreementTerms) bool {
	if old.Kind != new.Kind || old.TravelPerKm != new.TravelPerKm || old.DaysPerWeek != new.DaysPerWeek ||
		old.HoursPerWeek != new.HoursPerWeek || old.Payroll != new.Payroll || len(old.Lines) != len(new.Lines) ||
		old.CareDescription != new.CareDescription {
		return true
	}
	for i := range old.Lines {
		if old.Lines[i] != new.Lines[i] {
			return true
		}
	}
	return false
}

// CheckChangeDate: a change takes effect on the 1st of a month.
func CheckChangeDate(d Date) error {
	if d.Day != 1 {
		return Invalid("effective_from", "change_first_of_month")
	}
	return nil
}

// Agreement is a zorgovereenkomst between a budget holder and a provider,
// under one grant. Its content lives in versions; the version in force is
// the last approved one.
type Agreement struct {
	ID             int64     `json:"id"`
	BudgetHolderID int64     `json:"budget_holder_id"`
	ProviderID     int64     `json:"provider_id"`
	GrantID        int64     `json:"grant_id"`
	VerstrekkerID  int64     `json:"verstrekker_id"`
	InForce        int       `json:"in_force_version"` // number of the version in force (0: none yet)
	Ended          bool      `json:"ended"`
	EndProposedOn  Date      `json:"end_proposed_on,omitempty"`
	Source         string    `json:"source"`                       // "online" or "papier"
	PayrollWage    Cents     `json:"payroll_wage_cents,omitempty"` // the monthly wage the SVB pays (employment under payroll)
	CreatedAt      time.Time `json:"created_at"`
}

// AgreementVersion is one version of an agreement's terms, with its own
// place in the lifecycle and its signatures.
type AgreementVersion struct {
	ID              int64          `json:"id"`
	AgreementID     int64          `json:"agreement_id"`
	Number          int            `json:"number"`
	State           AgreementState `json:"state"`
	Terms           AgreementTerms `json:"terms"`
	TermsHash       string         `json:"terms_hash"`
	EffectiveFrom   Date           `json:"effective_from,omitempty"` // for a change: the 1st of a month
	RejectionReason string         `json:"rejection_reason,omitempty"`
	RowVersion      int            `json:"row_version"` // optimistic lock: a save must name the version it read
	UpdatedAt       time.Time      `json:"updated_at"`
	Signatures      []Signature    `json:"signatures"`
}

// Signature records who signed which exact text, when.
type Signature struct {
	Party     Party     `json:"party"`
	AccountID int64     `json:"account_id"`
	TermsHash string    `json:"terms_hash"`
	SignedAt  time.Time `json:"signed_at"`
}

// HashTerms is the SHA-256 of the terms' canonical JSON: what a signature
// is bound to. Any change to the terms changes the hash.
func HashTerms(t AgreementTerms) string {
	b, _ := json.Marshal(t)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// SignedBy reports whether party signed this version's current text.
func (v AgreementVersion) SignedBy(p Party) bool {
	for _, s := range v.Signatures {
		if s.Party == p && s.TermsHash == v.TermsHash {
			return true
		}
	}
	return false
}

// Tariff is a maximum rate: per year, law, care type and provider kind;
// national (OrganisationID 0) or a gemeente's own for Wmo and Jeugdwet.
type Tariff struct {
	ID             int64        `json:"id"`
	Year           int          `json:"year"`
	Law            Law          `json:"law"`
	CareType       string       `json:"care_type"`
	ProviderKind   ProviderKind `json:"provider_kind"`
	MaxRate        Cents        `json:"max_rate_cents"`
	OrganisationID int64        `json:"organisation_id,omitempty"`
	Source         string       `json:"source,omitempty"`
}

// TariffKind is the provider kind whose tariff applies to an agreement kind:
// an employee or family member is paid at most the informal rate.
func TariffKind(k AgreementKind) ProviderKind {
	switch k {
	case AgreementZZP:
		return ProviderZZP
	case AgreementInstitution:
		return ProviderInstitution
	}
	return ProviderInformal
}

// TermChange is one difference between two versions' terms.
type TermChange struct {
	Field    string // "kind", "start", "end", "travel_per_km", "days_per_week", "hours_per_week", "payroll", "care_description", "rate", "max_units", "line_added", "line_removed"
	CareType string // for line changes
	Old, New string // formatted for lang
}

// DiffTerms lists what changed from old to new, formatted for lang, so the
// history shows each version's difference from the one before.
func DiffTerms(old, new AgreementTerms, lang string) []TermChange {
	var out []TermChange
	add := func(field, careType, o, n string) {
		if o != n {
			out = append(out, TermChange{field, careType, o, n})
		}
	}
	add("kind", "", string(old.Kind), string(new.Kind))
	add("start", "", old.Start.Format(lang), new.Start.Format(lang))
	add("end", "", old.End.Format(lang), new.End.Format(lang))
	add("travel_per_km", "", old.TravelPerKm.Format(lang), new.TravelPerKm.Format(lang))
	add("days_per_week", "", itoa(old.DaysPerWeek), itoa(new.DaysPerWeek))
	add("hours_per_week", "", Cents(old.HoursPerWeek).Plain(lang), Cents(new.HoursPerWeek).Plain(lang))
	add("care_description", "", old.CareDescription, new.CareDescription)
	key := func(l CareLine) string { return l.CareType + "/" + string(l.Unit) }
	olds := map[string]CareLine{}
	for _, l := range old.Lines {
		olds[key(l)] = l
	}
	news := map[string]bool{}
	for _, l := range new.Lines {
		news[key(l)] = true
		o, ok := olds[key(l)]
		if !ok {
			add("line_added", l.CareType, "", l.Rate.Format(lang))
			continue
		}
		add("rate", l.CareType, o.Rate.Format(lang), l.Rate.Format(lang))
		add("max_units", l.CareType, Cents(o.MaxUnits).Plain(lang)+" "+string(o.Per), Cents(l.MaxUnits).Plain(lang)+" "+string(l.Per))
	}
	for _, l := range old.Lines {
		if !news[key(l)] {
			add("line_removed", l.CareType, l.Rate.Format(lang), "")
		}
	}
	return out
}

// MaxUploadBytes is the largest file accepted (10 MB).
const MaxUploadBytes = 10 << 20

// SniffUpload decides a file's type from its first bytes, never from its
// name: a PDF, PNG or JPEG, at most 10 MB. It returns the content type.
func SniffUpload(field string, data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", Invalid(field, "file_required")
	case len(data) > MaxUploadBytes:
		return "", Invalid(field, "file_too_large", MaxUploadBytes>>20)
	case strings.HasPrefix(string(data), "%PDF-"):
		return "application/pdf", nil
	case strings.HasPrefix(string(data), "\x89PNG\r\n\x1a\n"):
		return "image/png", nil
	case strings.HasPrefix(string(data), "\xff\xd8\xff"):
		return "image/jpeg", nil
	}
	return "", Invalid(field, "file_type")
}
