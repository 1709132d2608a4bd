package api

// edges: the yearly settlement through the API (issue 23): both parties
// read it with the declarations still open when it was made, those refused
// after it and its earlier versions; the budget holder agrees or objects,
// the verstrekker approves or corrects it.

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerSettlements() {
	a.handle("GET /api/v1/grants/{id}/settlement", a.getGrantSettlement)
	a.handle("GET /api/v1/settlements/{id}", a.getSettlement)
	a.handle("POST /api/v1/settlements/{id}/{action}", a.actOnSettlement)
}

func (a *API) getGrantSettlement(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.svc.Grant(r.Context(), actor, id); err != nil {
		return err // a grant the actor may not see is not found
	}
	v, err := a.svc.SettlementOfGrant(r.Context(), actor, id)
	if err != nil {
		return err
	}
	if v == nil {
		return domain.NotFound("settlement")
	}
	return a.replySettlement(w, r, actor, *v)
}

func (a *API) getSettlement(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.svc.Settlement(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return a.replySettlement(w, r, actor, v)
}

// actOnSettlement: agree, object (with reason) by the budget holder;
// approve, correct (with reason) by the verstrekker.
func (a *API) actOnSettlement(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	var v service.SettlementView
	action, _ := domain.ParseSettlementAction(r.PathValue("action"))
	switch action {
	case domain.SettleActAgree:
		v, err = a.svc.AnswerSettlement(ctx, actor, id, true, "")
	case domain.SettleActObject:
		v, err = a.svc.AnswerSettlement(ctx, actor, id, false, in.Reason)
	case domain.SettleActApprove:
		v, err = a.svc.ApproveSettlement(ctx, actor, id)
	case domain.SettleActCorrect:
		v, err = a.svc.CorrectSettlement(ctx, actor, id, in.Reason)
	default:
		return unknownAction()
	}
	if err != nil {
		return err
	}
	return a.replySettlement(w, r, actor, v)
}

// settlementJSON is a settlement as the API shows it: its grant in the one
// Grant form of the API (as GET /grants/{id}), and lists as [] when empty.
type settlementJSON struct {
	service.SettlementView
	Grant grantJSON `json:"grant"`
}

func (a *API) replySettlement(w http.ResponseWriter, r *http.Request, actor service.Actor, v service.SettlementView) error {
	g, err := a.svc.Grant(r.Context(), actor, v.Grant.ID)
	if err != nil {
		return err
	}
	if v.Open == nil {
		v.Open = []store.OpenDeclaration{}
	}
	if v.Arrived == nil {
		v.Arrived = []store.OpenDeclaration{}
	}
	if v.Versions == nil {
		v.Versions = []store.SettlementVersion{}
	}
	if v.Actions == nil {
		v.Actions = []domain.SettlementAction{}
	}
	return reply(w, http.StatusOK, settlementJSON{SettlementView: v, Grant: toGrant(g)})
}
