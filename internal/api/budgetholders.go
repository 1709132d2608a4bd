// Budget holders: the register (verstrekker staff) and their contact details.

package api

import (
	"math"
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
	a.handle("PUT /api/v1/budget-holders/{id}/contact", a.putContact)
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
	IBAN        string      `json:"iban"` // where the free amount is paid ("" when none is set)
}

func toBudgetHolder(b domain.BudgetHolder) budgetHolderJSON {
	return budgetHolderJSON{ID: b.ID, BSNMasked: b.BSN.Masked(), Name: b.Name(), Initials: b.Initials, Prefix: b.Prefix, FamilyName: b.FamilyName,
		BirthDate: b.BirthDate, Street: b.Street, HouseNumber: b.HouseNumber, Postcode: b.Postcode, City: b.City, Email: b.Email, Phone: b.Phone, IBAN: string(b.IBAN)}
}

func (a *API) listBudgetHolders(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	limit, err := queryInt(r, "limit", 1, 200)
	if err != nil {
		return err
	}
	offset, err := queryInt(r, "offset", 0, math.MaxInt32)
	if err != nil {
		return err
	}
	list, err := a.svc.SearchBudgetHolders(r.Context(), actor, r.URL.Query().Get("q"), limit, offset)
	if err != nil {
		return err
	}
	out := []budgetHolderJSON{}
	for _, b := range list {
		out = append(out, toBudgetHolder(b))
	}
	return reply(w, http.StatusOK, map[string]any{"items": out})
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
	return reply(w, http.StatusCreated, toBudgetHolder(b))
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
	return reply(w, http.StatusOK, toBudgetHolder(b))
}

func (a *API) putContact(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	// A field left out keeps its value: a client that sends only the IBAN
	// does not erase the e-mail address and the phone number.
	var in struct {
		Email *string `json:"email"`
		Phone *string `json:"phone"`
		IBAN  *string `json:"iban"` // where the free amount is paid
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	cur, err := a.svc.BudgetHolder(r.Context(), actor, id)
	if err != nil {
		return err
	}
	email, phone, iban := cur.Email, cur.Phone, ""
	if in.Email != nil {
		email = *in.Email
	}
	if in.Phone != nil {
		phone = *in.Phone
	}
	if in.IBAN != nil {
		iban = *in.IBAN
	}
	if err := a.svc.UpdateContact(r.Context(), actor, id, email, phone, iban); err != nil {
		return err
	}
	return a.getBudgetHolder(w, r, actor)
}
