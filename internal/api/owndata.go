package api

// The caller's own: everything the portal holds about them (the right of
// access, as "Mijn gegevens" downloads it) and which notices they get by
// e-mail (as "Mijn account" sets it).

import (
	"net/http"
	"slices"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (a *API) registerOwnData() {
	a.handle("GET /api/v1/me/data", a.getOwnData)
	a.handle("GET /api/v1/me/mail-notices", a.getMailNotices)
	a.handle("PUT /api/v1/me/mail-notices", a.putMailNotices)
}

// getOwnData is the same document as the page's JSON download (MyData):
// the account, its roles, sessions and tokens, the budget holders or
// provider it is, and its actions.
func (a *API) getOwnData(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	d, err := a.svc.MyData(r.Context(), actor, "")
	if err != nil {
		return err
	}
	// Lists as [] when empty, as the document says.
	if d.Roles == nil {
		d.Roles = []domain.AccountRole{}
	}
	if d.Sessions == nil {
		d.Sessions = []service.SessionInfo{}
	}
	if d.Tokens == nil {
		d.Tokens = []service.TokenView{}
	}
	if d.Actions == nil {
		d.Actions = []audit.Record{}
	}
	w.Header().Set("Content-Disposition", `attachment; filename="mijn-gegevens-pgbportaal.json"`)
	return reply(w, http.StatusOK, d)
}

type mailNoticesJSON struct {
	Kinds     []string `json:"kinds"`
	Available []string `json:"available,omitempty"`
}

func (a *API) getMailNotices(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	kinds, err := a.svc.MailNotices(r.Context(), actor)
	if err != nil {
		return err
	}
	if kinds == nil {
		kinds = []string{}
	}
	return reply(w, http.StatusOK, mailNoticesJSON{Kinds: kinds, Available: service.NoticeKinds})
}

// putMailNotices sets the kinds of notices sent by e-mail: the whole set
// (none: no e-mail). A kind the portal does not have is refused.
func (a *API) putMailNotices(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in struct {
		Kinds *[]string `json:"kinds"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Kinds == nil {
		return domain.Invalid("kinds", "required")
	}
	for _, k := range *in.Kinds {
		if !slices.Contains(service.NoticeKinds, k) {
			return domain.Invalid("kinds", "notice_kind_unknown")
		}
	}
	if err := a.svc.SetMailNotices(r.Context(), actor, *in.Kinds); err != nil {
		return err
	}
	return a.getMailNotices(w, r, actor)
}
