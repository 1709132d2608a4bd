package domain

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Organisation is a verstrekker (gemeente, zorgkantoor, zorgverzekeraar) or the SVB.
type Organisation struct {
	ID   int64   `json:"id"`
	Kind OrgKind `json:"kind"`
	Name string  `json:"name"`
	Code string  `json:"code"` // CBS municipality code, UZOVI code, ...
}

// BudgetHolder is the budgethouder: the citizen who holds a pgb. Name, birth
// date, BSN and address come from the population register (BRP) and are not
// editable by the user; e-mail and phone are.
type BudgetHolder struct {
	ID          int64  `json:"id"`
	BSN         BSN    `json:"-"`
	Initials    string `json:"initials"`
	Prefix      string `json:"prefix,omitempty"` // tussenvoegsel: "van", "de", ...
	FamilyName  string `json:"family_name"`
	BirthDate   Date   `json:"birth_date"`
	Street      string `json:"street"`
	HouseNumber string `json:"house_number"`
	Postcode    string `json:"postcode"`
	City        string `json:"city"`
	Email       string `json:"email,omitempty"`
	Phone       string `json:"phone,omitempty"`
	IBAN        IBAN   `json:"iban,omitempty"` // where the free amount is paid
}

// Name is the display name: "J. de Vries".
func (b BudgetHolder) Name() string {
	n := b.Initials
	if b.Prefix != "" {
		n += " " + b.Prefix
	}
	return n + " " + b.FamilyName
}

// IsMinorOn reports whether the budget holder is under 18 on day d.
func (b BudgetHolder) IsMinorOn(d Date) bool { return d.Before(b.BirthDate.AddMonths(18 * 12)) }

// Representation links a vertegenwoordiger's account to a budget holder for a
// period, on a legal basis.
type Representation struct {
	ID             int64              `json:"id"`
	BudgetHolderID int64              `json:"budget_holder_id"`
	AccountID      int64              `json:"account_id"`
	Kind           RepresentationKind `json:"kind"`
	ValidFrom      Date               `json:"valid_from"`
	ValidTo        Date               `json:"valid_to,omitempty"` // zero: no end
}

// ActiveOn reports whether the representation is in force on d.
func (r Representation) ActiveOn(d Date) bool {
	return Period{Start: r.ValidFrom, End: r.ValidTo}.Contains(d)
}

// Provider is a zorgverlener.
type Provider struct {
	ID    int64        `json:"id"`
	Kind  ProviderKind `json:"kind"`
	Name  string       `json:"name"`
	AGB   AGB          `json:"agb,omitempty"`
	KvK   KvK          `json:"kvk,omitempty"`
	IBAN  IBAN         `json:"iban"`
	Email string       `json:"email,omitempty"`
	Phone string       `json:"phone,omitempty"`
	City  string       `json:"city,omitempty"`
}

// Grant is a toekenning: a budget granted to a budget holder by a
// verstrekker under a law, for a period, in one or more revisions.
type Grant struct {
	ID              int64           `json:"id"`
	BudgetHolderID  int64           `json:"budget_holder_id"`
	VerstrekkerID   int64           `json:"verstrekker_id"`
	Law             Law             `json:"law"`
	Reference       string          `json:"reference"` // beschikkingsnummer
	Period          Period          `json:"period"`
	DecidedOn       Date            `json:"decided_on"`             // date of the decision (beschikking)
	OwnContribution Cents           `json:"own_contribution_cents"` // eigen bijdrage per month (Wmo)
	FreeAmount      bool            `json:"free_amount"`            // the grant carries a vrij besteedbaar bedrag
	Revisions       []GrantRevision `json:"revisions"`
	CreatedAt       time.Time       `json:"created_at"`
}

// Retroactive reports whether the grant was decided after its start (met
// terugwerkende kracht), which relaxes the 8-week rule for agreements.
func (g Grant) Retroactive() bool { return g.DecidedOn.After(g.Period.Start) }

// Current is the revision in force on d (the first when d is before all).
func (g Grant) Current(d Date) GrantRevision {
	if len(g.Revisions) == 0 {
		return GrantRevision{}
	}
	cur := g.Revisions[0]
	for _, r := range g.Revisions[1:] {
		if !r.EffectiveFrom.After(d) {
			cur = r
		}
	}
	return cur
}

// Total is the amount granted over the whole period.
func (g Grant) Total() Cents { return GrantedAmount(g.Period, g.Revisions) }

// Account is a login: e-mail and password, optionally TOTP.
type Account struct {
	ID                int64     `json:"id"`
	Email             string    `json:"email"`
	Name              string    `json:"name"`
	PasswordHash      string    `json:"-"`
	TOTPSecret        string    `json:"-"`
	TOTPEnabled       bool      `json:"totp_enabled"`
	Lang              string    `json:"lang"`
	Disabled          bool      `json:"disabled"`
	CreatedAt         time.Time `json:"created_at"`
	PasswordChangedAt time.Time `json:"-"`
}

// AccountRole is one role an account holds, with what it is tied to.
type AccountRole struct {
	ID               int64 `json:"id"`
	AccountID        int64 `json:"account_id"`
	Role             Role  `json:"role"`
	OrganisationID   int64 `json:"organisation_id,omitempty"`   // verstrekker or SVB staff
	BudgetHolderID   int64 `json:"budget_holder_id,omitempty"`  // budgethouder, vertegenwoordiger
	ProviderID       int64 `json:"provider_id,omitempty"`       // zorgverlener
	RepresentationID int64 `json:"representation_id,omitempty"` // vertegenwoordiger
}

// SameRegisterPerson reports whether what staff typed from the population
// register (BRP) for a BSN matches the person already known under it: the
// birth date, and the family name with its prefix, compared without regard to
// case, accents or spacing ("de Vries" typed as the family name matches
// prefix "de" and family name "Vries"). A BSN alone does not prove that staff
// have the person before them: a typo or a guess would otherwise link another
// funder's client to their organisation.
func SameRegisterPerson(typed, known BudgetHolder) bool {
	return typed.BirthDate == known.BirthDate && !known.BirthDate.IsZero() &&
		registerName(typed) == registerName(known)
}

// registerName is a family name with its prefix, folded for comparison:
// lower case, accents dropped (decomposed, marks removed), only letters and
// digits kept.
func registerName(b BudgetHolder) string {
	var sb strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(b.Prefix + " " + b.FamilyName)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
