// The care-need questionnaire (zorgbehoefte), as on the pages
// /zorgbehoefte, through the same service calls: its author starts one,
// saves it a page at a time, reads it (the report is the same answers)
// and deletes it. It is its author's alone: anyone else's is not found.

package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerCareNeeds() {
	a.handle("GET /api/v1/care-needs", a.handleCareNeeds)
	a.handle("POST /api/v1/care-needs", a.handleStartCareNeed)
	a.handle("GET /api/v1/care-needs/{id}", a.handleCareNeed)
	a.handle("PUT /api/v1/care-needs/{id}/pages/{page}", a.handleSaveCareNeedPage)
	a.handle("DELETE /api/v1/care-needs/{id}", a.handleDeleteCareNeed)
}

type needPageJSON struct {
	Page      int      `json:"page"`
	Key       string   `json:"key"`
	Questions []string `json:"questions"`
}

type careNeedJSON struct {
	ID        int64             `json:"id"`
	Levels    map[string]string `json:"levels"`
	Notes     map[string]string `json:"notes"`
	Pages     []needPageJSON    `json:"pages"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}

func toCareNeed(n store.CareNeed) careNeedJSON {
	out := careNeedJSON{ID: n.ID, Levels: n.Answers.Levels, Notes: n.Answers.Notes, CreatedAt: n.CreatedAt.UTC(), UpdatedAt: n.UpdatedAt.UTC()}
	if out.Levels == nil {
		out.Levels = map[string]string{}
	}
	if out.Notes == nil {
		out.Notes = map[string]string{}
	}
	for i, s := range domain.NeedSections {
		out.Pages = append(out.Pages, needPageJSON{Page: i + 1, Key: s.Key, Questions: s.Questions})
	}
	return out
}

func (a *API) handleCareNeeds(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	list, err := a.svc.CareNeeds(r.Context(), actor)
	if err != nil {
		return err
	}
	out := []careNeedJSON{}
	for _, n := range list {
		out = append(out, toCareNeed(n))
	}
	return replyPage(w, r, p, out, nil)
}

func (a *API) handleStartCareNeed(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := a.svc.StartCareNeed(r.Context(), actor)
	if err != nil {
		return err
	}
	n, err := a.svc.CareNeed(r.Context(), actor, id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/care-needs/"+strconv.FormatInt(id, 10))
	return reply(w, http.StatusCreated, toCareNeed(n))
}

func (a *API) handleCareNeed(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	n, err := a.svc.CareNeed(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toCareNeed(n))
}

// handleSaveCareNeedPage saves one page: a level for each question sent
// ("" clears it), and the page's note.
func (a *API) handleSaveCareNeedPage(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	page, err := httpkit.PathID(r, "page")
	if err != nil {
		return err
	}
	var in struct {
		Levels map[string]string `json:"levels"`
		Note   string            `json:"note"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := a.svc.SaveCareNeedPage(r.Context(), actor, id, int(page), in.Levels, in.Note); err != nil {
		return err
	}
	n, err := a.svc.CareNeed(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toCareNeed(n))
}

func (a *API) handleDeleteCareNeed(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.svc.DeleteCareNeed(r.Context(), actor, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
