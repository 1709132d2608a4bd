package api

// What waits for the caller: the work list of their overview page, and
// the inbox's notices marked read (one, as opening it on the page does, or
// all). The inbox's list is in agreements.go.

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (a *API) registerInbox() {
	a.handle("GET /api/v1/worklist", a.getWorkList)
	a.handle("POST /api/v1/inbox/read", a.readInbox)
	a.handle("POST /api/v1/inbox/{id}/read", a.readNotice)
}

// pageToAPI maps a page a work item or notice links to onto the API's
// resource, where there is one ("" where there is none).
var pageToAPI = []struct{ page, api string }{
	{"/declaraties/", "/api/v1/declarations/"},
	{"/overeenkomsten/", "/api/v1/agreements/"},
	{"/eindafrekeningen/", "/api/v1/settlements/"},
	{"/betaalruns/", "/api/v1/payruns/"},
	{"/budgethouders/", "/api/v1/budget-holders/"},
}

func apiHref(link string) string {
	if rest, ok := strings.CutPrefix(link, "/declaraties/nieuw?"); ok { // a month to declare: its proposal
		q, _ := url.ParseQuery(rest)
		if ag := q.Get("overeenkomst"); ag != "" {
			return "/api/v1/agreements/" + ag + "/declaration-proposal?month=" + url.QueryEscape(q.Get("maand"))
		}
		return ""
	}
	for _, m := range pageToAPI {
		if id, ok := strings.CutPrefix(link, m.page); ok && id != "" && !strings.ContainsAny(id, "/?") {
			return m.api + id
		}
	}
	switch link {
	case "/betaalruns":
		return "/api/v1/payruns"
	case "/beheer/uitgaande-mail":
		return "/api/v1/outbox"
	}
	return ""
}

type workItemJSON struct {
	TextKey string `json:"text_key"`
	Text    string `json:"text"`
	Link    string `json:"link"`           // the page where it is done
	Href    string `json:"href,omitempty"` // the API's resource, where there is one
}

// getWorkList is what waits for the caller in their role, most pressing
// first, as their overview page lists it (WorkList).
func (a *API) getWorkList(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	items, err := a.svc.WorkList(r.Context(), actor)
	if err != nil {
		return err
	}
	lang := i18n.FromRequest(r)
	out := []workItemJSON{}
	for _, it := range items {
		out = append(out, workItemJSON{TextKey: it.Key, Text: i18n.T(lang, it.Key, it.Args...), Link: it.Link, Href: apiHref(it.Link)})
	}
	return replyPage(w, r, p, out, nil)
}

// readInbox marks all of the caller's notices read (MarkRead, as the
// inbox page's button).
func (a *API) readInbox(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	if err := a.svc.MarkRead(r.Context(), actor, 0); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// readNotice marks one notice read (OpenNotice, as opening it on the
// inbox page) and names what it is about.
func (a *API) readNotice(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	link, err := a.svc.OpenNotice(r.Context(), actor, id)
	if err != nil {
		return err
	}
	out := map[string]any{"id": id, "read": true, "link": link}
	if h := apiHref(link); h != "" {
		out["href"] = h
	}
	return reply(w, http.StatusOK, out)
}
