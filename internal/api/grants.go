// Grants (toekenningen): a budget holder's budget per law, its revisions and balance.

package api

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerGrants() {
	a.handle("GET /api/v1/budget-holders/{id}/grants", a.listGrants)
	a.handle("POST /api/v1/budget-holders/{id}/grants", a.createGrant)
	a.handle("GET /api/v1/grants/{id}", a.getGrant)
	a.handle("GET /api/v1/grants/{id}/balance", a.getBalance)
	a.handle("POST /api/v1/grants/{id}/revisions", a.reviseGrant)
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
	EffectiveFrom    domain.Date  `json:"effective_from,omitzero"`
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
	DecidedOn            domain.Date             `json:"decided_on,omitzero"`
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
	if g.FreeAmount != nil && g.FreeAmount.Claims == nil {
		free := *g.FreeAmount
		free.Claims = []store.FreeAmountClaim{}
		g.FreeAmount = &free
	}
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

func lineInputs(in []lineJSON) []service.LineInput {
	out := make([]service.LineInput, len(in))
	for i, l := range in {
		c := l.YearlyCents
		out[i] = service.LineInput{CareFunction: l.CareFunction, Yearly: centsString(&c)}
	}
	return out
}

func (a *API) listGrants(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	id, err := httpkit.PathID(r, "id")
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
	return replyPage(w, r, p, out, nil)
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
	id, err := httpkit.PathID(r, "id")
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
	id, err := httpkit.PathID(r, "id")
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
	id, err := httpkit.PathID(r, "id")
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
	id, err := httpkit.PathID(r, "id")
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
