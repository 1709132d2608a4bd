package api

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// claimFreeAmount: the budget holder claims (part of) a grant's free amount.
func (a *API) claimFreeAmount(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		AmountCents *domain.Cents `json:"amount_cents"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c, err := a.svc.ClaimFreeAmount(r.Context(), actor, id, centsString(in.AmountCents))
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, c)
}
