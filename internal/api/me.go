// The caller: who the token belongs to and which roles the account has.

package api

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

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
