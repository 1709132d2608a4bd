package api

// Messages about a declaration: its parties' thread, as on the
// declaration's page (DeclarationMessages, PostDeclarationMessage). The
// agreement's thread (registered in agreements.go) is answered by the same
// two handlers over its own service methods.

import (
	"context"
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerDeclarationMessages() {
	a.handle("GET /api/v1/declarations/{id}/messages", listByID(a.svc.DeclarationMessages, same[store.Message]))
	a.handle("POST /api/v1/declarations/{id}/messages", postMessage(a.svc.PostDeclarationMessage))
}

// postMessage writes in the thread of the object at the path's {id} (an
// agreement's: svc.PostMessage; a declaration's: svc.PostDeclarationMessage).
func postMessage(post func(ctx context.Context, actor service.Actor, id int64, body string) (store.Message, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
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
		m, err := post(r.Context(), actor, id, in.Body)
		if err != nil {
			return err
		}
		return reply(w, http.StatusCreated, m)
	}
}
