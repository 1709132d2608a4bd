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
	return reply(w, http.StatusOK, v)
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
	return reply(w, http.StatusOK, v)
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
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	ctx := r.Context()
	var v service.SettlementView
	switch r.PathValue("action") {
	case "agree":
		v, err = a.svc.AnswerSettlement(ctx, actor, id, true, "")
	case "object":
		v, err = a.svc.AnswerSettlement(ctx, actor, id, false, in.Reason)
	case "approve":
		v, err = a.svc.ApproveSettlement(ctx, actor, id)
	case "correct":
		v, err = a.svc.CorrectSettlement(ctx, actor, id, in.Reason)
	default:
		return domain.NotFound("action")
	}
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, v)
}
