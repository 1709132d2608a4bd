// The change feed: each state change a funder's or provider's own system
// follows, in commit order, from a cursor.

package api

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerEvents() {
	a.handle("GET /api/v1/events", a.listEvents)
}

type eventJSON struct {
	ID             string    `json:"id"` // the cursor just after this event
	At             time.Time `json:"at"`
	Type           string    `json:"type"`
	ObjectType     string    `json:"object_type"`
	ObjectID       int64     `json:"object_id"`
	State          string    `json:"state"`
	BudgetHolderID *int64    `json:"budget_holder_id"`
	ProviderID     *int64    `json:"provider_id"`
	VerstrekkerID  *int64    `json:"verstrekker_id"`
}

func nonZero(n int64) *int64 {
	if n == 0 {
		return nil
	}
	return &n
}

func toEvent(e store.Event) eventJSON {
	return eventJSON{ID: strconv.FormatInt(e.ID, 10), At: e.At, Type: e.Type, ObjectType: e.ObjectType, ObjectID: e.ObjectID, State: e.State,
		BudgetHolderID: nonZero(e.BudgetHolderID), ProviderID: nonZero(e.ProviderID), VerstrekkerID: nonZero(e.VerstrekkerID)}
}

// listEvents serves GET /api/v1/events?after=<cursor>&limit=<n>. The
// cursor is opaque to a client: the next one of the previous page (or
// the id of the last event it handled); none starts at the beginning.
func (a *API) listEvents(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var after int64
	if raw := r.URL.Query().Get("after"); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n < 0 {
			return &requestError{status: http.StatusBadRequest, code: "bad_cursor", field: "after"}
		}
		after = n
	}
	limit, err := queryInt(r, "limit", 1, 1000)
	if err != nil {
		return err
	}
	if limit == 0 {
		limit = 100
	}
	events, next, err := a.svc.Events(r.Context(), actor, after, limit)
	if err != nil {
		return err
	}
	out := []eventJSON{}
	for _, e := range events {
		out = append(out, toEvent(e))
	}
	cursor := strconv.FormatInt(next, 10)
	link := func(after string) map[string]string {
		q := url.Values{"after": {after}, "limit": {strconv.Itoa(limit)}}
		return map[string]string{"href": "/api/v1/events?" + q.Encode()}
	}
	self := link(strconv.FormatInt(after, 10))
	if r.URL.Query().Get("after") == "" {
		self = map[string]string{"href": "/api/v1/events?limit=" + strconv.Itoa(limit)}
	}
	return reply(w, http.StatusOK, map[string]any{
		"items":  out,
		"next":   cursor,
		"more":   len(events) == limit,
		"_links": map[string]any{"self": self, "next": link(cursor)},
	})
}
