package api

// Messages about a declaration: its parties' thread, as on the
// declaration's page (DeclarationMessages, PostDeclarationMessage). The
// agreement's thread is in agreements.go.

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerDeclarationMessages() {
	a.handle("GET /api/v1/declarations/{id}/messages", a.listDeclarationMessages)
	a.handle("POST /api/v1/declarations/{id}/messages", a.postDeclarationMessage)
}

func (a *API) listDeclarationMessages(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	msgs, err := a.svc.DeclarationMessages(r.Context(), actor, id)
	if err != nil {
		return err
	}
	if msgs == nil {
		msgs = []store.Message{}
	}
	return replyPage(w, r, p, msgs, nil)
}

func (a *API) postDeclarationMessage(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	m, err := a.svc.PostDeclarationMessage(r.Context(), actor, id, in.Body)
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, m)
}
