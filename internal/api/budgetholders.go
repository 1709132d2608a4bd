// Budget holders: the register (verstrekker staff) and their contact details.

package api

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (a *API) registerBudgetHolders() {
	a.handle("GET /api/v1/budget-holders", a.listBudgetHolders)
	a.handle("POST /api/v1/budget-holders", a.createBudgetHolder)
	a.handle("GET /api/v1/budget-holders/{id}", a.getBudgetHolder)
	a.handle("GET /api/v1/budget-holders/{id}/contact", a.getContact)
	a.handle("PUT /api/v1/budget-holders/{id}/contact", a.putContact)
	a.handle("PATCH /api/v1/budget-holders/{id}/contact", a.patchContact)
}

type budgetHolderJSON struct {
	ID          int64       `json:"id"`
	BSNMasked   string      `json:"bsn_masked"`
	Name        string      `json:"name"`
	Initials    string      `json:"initials"`
	Prefix      string      `json:"prefix"`
	FamilyName  string      `json:"family_name"`
	BirthDate   domain.Date `json:"birth_date,omitzero"`
	Street      string      `json:"street"`
	HouseNumber string      `json:"house_number"`
	Postcode    string      `json:"postcode"`
	City        string      `json:"city"`
	Email       string      `json:"email"`
	Phone       string      `json:"phone"`
	IBAN        *string     `json:"iban"` // where the free amount is paid ("" when none is set); null: not yours to read
}

// toBudgetHolder is the budget holder as actor sees it: the IBAN only for
// its owners (service.OwnsHolderData), as on the pages.
func toBudgetHolder(actor service.Actor, b domain.BudgetHolder) budgetHolderJSON {
	return budgetHolderJSON{ID: b.ID, BSNMasked: b.BSN.Masked(), Name: b.Name(), Initials: b.Initials, Prefix: b.Prefix, FamilyName: b.FamilyName,
		BirthDate: b.BirthDate, Street: b.Street, HouseNumber: b.HouseNumber, Postcode: b.Postcode, City: b.City, Email: b.Email, Phone: b.Phone, IBAN: ownIBAN(actor, b)}
}

func ownIBAN(actor service.Actor, b domain.BudgetHolder) *string {
	if !service.OwnsHolderData(actor, b.ID) {
		return nil
	}
	iban := string(b.IBAN)
	return &iban
}

// contactJSON is a budget holder's contact details: what they may change
// themselves.
type contactJSON struct {
	Email string  `json:"email"`
	Phone string  `json:"phone"`
	IBAN  *string `json:"iban"`
}

func toContact(actor service.Actor, b domain.BudgetHolder) contactJSON {
	return contactJSON{Email: b.Email, Phone: b.Phone, IBAN: ownIBAN(actor, b)}
}

func (a *API) listBudgetHolders(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	// One more than the page holds: whether there is a next page.
	list, err := a.svc.SearchBudgetHolders(r.Context(), actor, r.URL.Query().Get("q"), p.size+1, p.offset())
	if err != nil {
		return err
	}
	more := len(list) > p.size
	out := []budgetHolderJSON{}
	for _, b := range list[:min(len(list), p.size)] {
		out = append(out, toBudgetHolder(actor, b))
	}
	return replyItems(w, r, p, out, more, nil)
}

type budgetHolderInput struct {
	BSN         string `json:"bsn"`
	Initials    string `json:"initials"`
	Prefix      string `json:"prefix"`
	FamilyName  string `json:"family_name"`
	BirthDate   string `json:"birth_date"`
	Street      string `json:"street"`
	HouseNumber string `json:"house_number"`
	Postcode    string `json:"postcode"`
	City        string `json:"city"`
	Email       string `json:"email"`
	Phone       string `json:"phone"`
}

func (a *API) createBudgetHolder(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in budgetHolderInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	b, err := a.svc.CreateBudgetHolder(r.Context(), actor, service.BudgetHolderInput(in))
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/budget-holders/"+strconv.FormatInt(b.ID, 10))
	return reply(w, http.StatusCreated, toBudgetHolder(actor, b))
}

func (a *API) getBudgetHolder(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	b, err := a.svc.BudgetHolder(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toBudgetHolder(actor, b))
}

func (a *API) getContact(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	b, err := a.svc.BudgetHolder(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toContact(actor, b))
}

// putContact replaces the contact details: every field must be given, so
// that a client that means to change one does not erase the others (a
// missing field is a 400 naming it; PATCH changes some). An empty iban
// keeps the one set: an IBAN is changed, never removed, as on the pages.
func (a *API) putContact(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Email *string `json:"email"`
		Phone *string `json:"phone"`
		IBAN  *string `json:"iban"` // where the free amount is paid
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := a.svc.BudgetHolder(r.Context(), actor, id); err != nil {
		return err
	}
	var missing []string
	for _, f := range []struct {
		name string
		v    *string
	}{{"email", in.Email}, {"phone", in.Phone}, {"iban", in.IBAN}} {
		if f.v == nil {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return missingFields(missing)
	}
	if err := a.svc.UpdateContact(r.Context(), actor, id, *in.Email, *in.Phone, *in.IBAN); err != nil {
		return err
	}
	return a.getContact(w, r, actor)
}

// patchContact changes the fields a JSON Merge Patch (RFC 7396) gives:
// a field left out keeps its value, null clears an optional one (e-mail,
// phone). The IBAN can be changed, not cleared (null is a 422).
func (a *API) patchContact(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	patch, err := decodeMergePatch(w, r, "email", "phone", "iban")
	if err != nil {
		return err
	}
	cur, err := a.svc.BudgetHolder(r.Context(), actor, id)
	if err != nil {
		return err
	}
	email, phone, iban := cur.Email, cur.Phone, ""
	if v, ok := patch["email"]; ok {
		email = deref(v)
	}
	if v, ok := patch["phone"]; ok {
		phone = deref(v)
	}
	if v, ok := patch["iban"]; ok {
		if v == nil {
			return domain.Invalid("iban", "iban_not_clearable")
		}
		iban = *v
	}
	if err := a.svc.UpdateContact(r.Context(), actor, id, email, phone, iban); err != nil {
		return err
	}
	return a.getContact(w, r, actor)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
