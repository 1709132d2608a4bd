package api

import (
	"math"
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// Resources as the API shows them. Amounts are integer cents ("*_cents"),
// dates ISO 8601 ("2026-01-31"). A BSN is never sent, only masked.

type roleJSON struct {
	ID               int64  `json:"id"`
	Role             string `json:"role"`
	OrganisationID   int64  `json:"organisation_id,omitempty"`
	BudgetHolderID   int64  `json:"budget_holder_id,omitempty"`
	ProviderID       int64  `json:"provider_id,omitempty"`
	RepresentationID int64  `json:"representation_id,omitempty"`
}

func toRole(r domain.AccountRole) roleJSON {
	return roleJSON{ID: r.ID, Role: string(r.Role), OrganisationID: r.OrganisationID, BudgetHolderID: r.BudgetHolderID, ProviderID: r.ProviderID, RepresentationID: r.RepresentationID}
}

type budgetHolderJSON struct {
	ID          int64       `json:"id"`
	BSNMasked   string      `json:"bsn_masked"`
	Name        string      `json:"name"`
	Initials    string      `json:"initials"`
	Prefix      string      `json:"prefix"`
	FamilyName  string      `json:"family_name"`
	BirthDate   domain.Date `json:"birth_date"`
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

type balanceJSON struct {
	GrantedCents  domain.Cents `json:"granted_cents"`
	ReservedCents domain.Cents `json:"reserved_cents"`
	PaidCents     domain.Cents `json:"paid_cents"`
	LeftCents     domain.Cents `json:"left_cents"`
}

func toBalance(b ledger.Balance) balanceJSON {
	return balanceJSON{GrantedCents: b.Granted, ReservedCents: b.Reserved, PaidCents: b.Paid, LeftCents: b.Left()}
}

type lineJSON struct {
	CareFunction string       `json:"care_function"`
	YearlyCents  domain.Cents `json:"yearly_cents"`
}

type revisionJSON struct {
	EffectiveFrom    domain.Date  `json:"effective_from"`
	Reason           string       `json:"reason"`
	Lines            []lineJSON   `json:"lines"`
	YearlyTotalCents domain.Cents `json:"yearly_total_cents"`
}

type monthJSON struct {
	Month         string       `json:"month"` // "2026-03"
	BudgetCents   domain.Cents `json:"budget_cents"`
	ReservedCents domain.Cents `json:"reserved_cents"`
	PaidCents     domain.Cents `json:"paid_cents"`
}

type grantJSON struct {
	ID                   int64                   `json:"id"`
	BudgetHolderID       int64                   `json:"budget_holder_id"`
	Verstrekker          orgJSON                 `json:"verstrekker"`
	Law                  domain.Law              `json:"law"`
	Reference            string                  `json:"reference"`
	Period               domain.Period           `json:"period"`
	DecidedOn            domain.Date             `json:"decided_on"`
	Retroactive          bool                    `json:"retroactive"`
	OwnContributionCents domain.Cents            `json:"own_contribution_cents"`
	TotalCents           domain.Cents            `json:"total_cents"`
	Balance              balanceJSON             `json:"balance"`
	Revisions            []revisionJSON          `json:"revisions"`
	Months               []monthJSON             `json:"months,omitempty"`
	Forecast             domain.Forecast         `json:"forecast"`
	FreeAmount           *service.FreeAmountView `json:"free_amount,omitempty"`
}

type orgJSON struct {
	ID   int64  `json:"id"`
	Kind string `json:"kind"`
	Name string `json:"name"`
}

func toGrant(v service.GrantView) grantJSON {
	g := grantJSON{ID: v.ID, BudgetHolderID: v.BudgetHolderID, Verstrekker: orgJSON{v.Verstrekker.ID, string(v.Verstrekker.Kind), v.Verstrekker.Name},
		Law: v.Law, Reference: v.Reference, Period: v.Period, DecidedOn: v.DecidedOn, Retroactive: v.Retroactive(),
		OwnContributionCents: v.OwnContribution, TotalCents: v.Total(), Balance: toBalance(v.Balance), Revisions: []revisionJSON{},
		Forecast: v.Forecast, FreeAmount: v.Free}
	for _, r := range v.Revisions {
		rj := revisionJSON{EffectiveFrom: r.EffectiveFrom, Reason: r.Reason, YearlyTotalCents: domain.LinesTotal(r.Lines)}
		for _, l := range r.Lines {
			rj.Lines = append(rj.Lines, lineJSON{l.CareFunction, l.Yearly})
		}
		g.Revisions = append(g.Revisions, rj)
	}
	for _, m := range v.Months {
		g.Months = append(g.Months, monthJSON{Month: m.Month.String()[:7], BudgetCents: m.Budget, ReservedCents: m.Reserved, PaidCents: m.Paid})
	}
	return g
}

type providerJSON struct {
	ID    int64  `json:"id"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	AGB   string `json:"agb,omitempty"`
	KvK   string `json:"kvk,omitempty"`
	IBAN  string `json:"iban"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	City  string `json:"city,omitempty"`
}

func toProvider(p domain.Provider) providerJSON {
	return providerJSON{ID: p.ID, Kind: string(p.Kind), Name: p.Name, AGB: string(p.AGB), KvK: string(p.KvK), IBAN: string(p.IBAN), Email: p.Email, Phone: p.Phone, City: p.City}
}

// centsString turns integer cents from JSON into the service's amount text.
func centsString(c *domain.Cents) string {
	if c == nil {
		return ""
	}
	return c.Plain("en")
}

func lineInputs(in []lineJSON) []service.LineInput {
	out := make([]service.LineInput, len(in))
	for i, l := range in {
		c := l.YearlyCents
		out[i] = service.LineInput{CareFunction: l.CareFunction, Yearly: centsString(&c)}
	}
	return out
}

func (a *API) me(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	roles, err := a.svc.MyRoles(r.Context(), actor)
	if err != nil {
		return err
	}
	out := struct {
		AccountID int64      `json:"account_id"`
		Name      string     `json:"name"`
		Email     string     `json:"email"`
		Role      roleJSON   `json:"role"`
		Roles     []roleJSON `json:"roles"`
	}{AccountID: actor.AccountID, Name: actor.Name, Email: actor.Email, Role: toRole(actor.Role)}
	for _, ro := range roles {
		out.Roles = append(out.Roles, toRole(ro))
	}
	return reply(w, http.StatusOK, out)
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
	id, err := pathID(r)
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
	id, err := pathID(r)
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

func (a *API) listGrants(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	gs, err := a.svc.GrantsOf(r.Context(), actor, id)
	if err != nil {
		return err
	}
	out := []grantJSON{}
	for _, g := range gs {
		out = append(out, toGrant(g))
	}
	return reply(w, http.StatusOK, map[string]any{"items": out})
}

type grantInput struct {
	Law                  string        `json:"law"`
	Reference            string        `json:"reference"`
	Start                string        `json:"start"`
	End                  string        `json:"end"`
	DecidedOn            string        `json:"decided_on"`
	OwnContributionCents *domain.Cents `json:"own_contribution_cents"`
	FreeAmount           bool          `json:"free_amount"`
	Lines                []lineJSON    `json:"lines"`
}

func (a *API) createGrant(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in grantInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	g, err := a.svc.CreateGrant(r.Context(), actor, service.GrantInput{BudgetHolderID: id, Law: in.Law, Reference: in.Reference,
		Start: in.Start, End: in.End, DecidedOn: in.DecidedOn, OwnContribution: centsString(in.OwnContributionCents), FreeAmount: in.FreeAmount, Lines: lineInputs(in.Lines)})
	if err != nil {
		return err
	}
	v, err := a.svc.Grant(r.Context(), actor, g.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/grants/"+strconv.FormatInt(g.ID, 10))
	return reply(w, http.StatusCreated, toGrant(v))
}

func (a *API) getGrant(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := a.svc.Grant(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toGrant(v))
}

func (a *API) getBalance(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := a.svc.Grant(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toBalance(v.Balance))
}

func (a *API) reviseGrant(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		EffectiveFrom string     `json:"effective_from"`
		Reason        string     `json:"reason"`
		Lines         []lineJSON `json:"lines"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := a.svc.ReviseGrant(r.Context(), actor, id, service.RevisionInput{EffectiveFrom: in.EffectiveFrom, Reason: in.Reason, Lines: lineInputs(in.Lines)}); err != nil {
		return err
	}
	v, err := a.svc.Grant(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, toGrant(v))
}

type representativeJSON struct {
	ID        int64       `json:"id"`
	Name      string      `json:"name"`
	Kind      string      `json:"kind"`
	ValidFrom domain.Date `json:"valid_from"`
	ValidTo   domain.Date `json:"valid_to"`
	Active    bool        `json:"active"`
	// What the caller may do with it now (the mandate lifecycle table).
	Actions []domain.MandateAction `json:"your_actions"`
}

func (a *API) listRepresentatives(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	reps, err := a.svc.Representatives(r.Context(), actor, id)
	if err != nil {
		return err
	}
	out := []representativeJSON{}
	for _, rep := range reps {
		out = append(out, representativeJSON{ID: rep.ID, Name: rep.Name, Kind: string(rep.Kind), ValidFrom: rep.ValidFrom, ValidTo: rep.ValidTo, Active: rep.Active, Actions: append([]domain.MandateAction{}, rep.Actions...)})
	}
	return reply(w, http.StatusOK, map[string]any{"items": out})
}

func (a *API) addRepresentative(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Email     string    `json:"email"`
		Kind      string    `json:"kind"`
		ValidFrom string    `json:"valid_from"`
		ValidTo   string    `json:"valid_to"`
		Proof     *fileJSON `json:"proof"`
	}
	if err := decodeUpTo(w, r, 1<<20+(domain.MaxUploadBytes+2)/3*4, &in); err != nil {
		return err
	}
	rin := service.RepresentativeInput{Email: in.Email, Kind: in.Kind, ValidFrom: in.ValidFrom, ValidTo: in.ValidTo}
	if in.Proof != nil {
		rin.Proof = service.Upload{Name: in.Proof.Filename, Data: in.Proof.Content}
	}
	rep, err := a.svc.AddRepresentative(r.Context(), actor, id, rin)
	if err != nil {
		return err
	}
	reps, err := a.svc.Representatives(r.Context(), actor, id)
	if err != nil {
		return err
	}
	for _, v := range reps {
		if v.ID == rep.ID {
			return reply(w, http.StatusCreated, representativeJSON{ID: v.ID, Name: v.Name, Kind: string(v.Kind), ValidFrom: v.ValidFrom, ValidTo: v.ValidTo, Active: v.Active})
		}
	}
	return domain.NotFound("representative")
}

func (a *API) listProviders(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	list, err := a.svc.SearchProviders(r.Context(), actor, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	out := []providerJSON{}
	for _, p := range list {
		out = append(out, toProvider(p))
	}
	return reply(w, http.StatusOK, map[string]any{"items": out})
}

type providerInput struct {
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	AGB   string `json:"agb"`
	KvK   string `json:"kvk"`
	IBAN  string `json:"iban"`
	Email string `json:"email"`
	Phone string `json:"phone"`
	City  string `json:"city"`
}

func (a *API) createProvider(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in providerInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	p, err := a.svc.CreateProvider(r.Context(), actor, service.ProviderInput(in))
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/providers/"+strconv.FormatInt(p.ID, 10))
	return reply(w, http.StatusCreated, toProvider(p))
}

func (a *API) getProvider(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := a.svc.Provider(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toProvider(p))
}
