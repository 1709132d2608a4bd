// Invitations: a budget holder (or representative) draws up an agreement
// with a provider who is not registered yet, and the provider gets an
// e-mail with a personal link; as on the page /overeenkomsten/nieuw with
// an e-mail address instead of a provider. (A budget holder's own
// invitation goes out with the grant that gives them a budget:
// POST /budget-holders/{id}/grants.)

package api

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (a *API) registerInvitations() {
	a.handle("POST /api/v1/provider-invitations", a.inviteProvider)
}

type providerInvitationJSON struct {
	Email   string `json:"email"`
	GrantID int64  `json:"grant_id"`
}

func (a *API) inviteProvider(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in struct {
		agreementInputJSON
		Email string `json:"email"`
	}
	if err := decode(w, r, &in); err != nil {
		return unembed(err)
	}
	if err := a.svc.InviteProvider(r.Context(), actor, in.service(), in.Email); err != nil {
		return renameFields(err, map[string]string{"invite_email": "email"})
	}
	addr, _ := domain.ParseEmail(in.Email) // as the service took it
	return reply(w, http.StatusAccepted, providerInvitationJSON{Email: addr, GrantID: in.GrantID})
}
