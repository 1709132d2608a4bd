// Representatives: who may act for a budget holder.

package api

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (a *API) registerRepresentatives() {
	a.handle("GET /api/v1/budget-holders/{id}/representatives", a.listRepresentatives)
	a.handle("POST /api/v1/budget-holders/{id}/representatives", a.addRepresentative)
}

type representativeJSON struct {
	ID        int64       `json:"id"`
	Name      string      `json:"name"`
	Kind      string      `json:"kind"`
	ValidFrom domain.Date `json:"valid_from,omitzero"`
	ValidTo   domain.Date `json:"valid_to,omitzero"`
	Active    bool        `json:"active"`
	// What the caller may do with it now (the mandate lifecycle table).
	Actions []domain.MandateAction `json:"your_actions"`
}

func (a *API) listRepresentatives(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	reps, err := a.svc.Representatives(r.Context(), actor, id)
	if err != nil {
		return err
	}
	out := []representativeJSON{}
	for _, rep := range reps {
		out = append(out, representativeJSON{ID: rep.ID, Name: rep.Name, Kind: string(rep.Kind), ValidFrom: rep.ValidFrom, ValidTo: rep.ValidTo, Active: rep.Active, Actions: append([]domain.MandateAction{}, rep.Actions...)})
	}
	return replyPage(w, r, p, out, nil)
}

func (a *API) addRepresentative(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Email     string    `json:"email"`
		Kind      string    `json:"kind"`
		ValidFrom string    `json:"valid_from"`
		ValidTo   string    `json:"valid_to"`
		Proof     *fileJSON `json:"proof"`
	}
	if err := decodeUpTo(w, r, 1<<20+(domain.MaxUploadBytes+2)/3*4, &in); err != nil {
		return err
	}
	rin := service.RepresentativeInput{Email: in.Email, Kind: in.Kind, ValidFrom: in.ValidFrom, ValidTo: in.ValidTo}
	if in.Proof != nil {
		rin.Proof = service.Upload{Name: in.Proof.Filename, Data: in.Proof.Content}
	}
	rep, err := a.svc.AddRepresentative(r.Context(), actor, id, rin)
	if err != nil {
		return err
	}
	reps, err := a.svc.Representatives(r.Context(), actor, id)
	if err != nil {
		return err
	}
	for _, v := range reps {
		if v.ID == rep.ID {
			return reply(w, http.StatusCreated, representativeJSON{ID: v.ID, Name: v.Name, Kind: string(v.Kind), ValidFrom: v.ValidFrom, ValidTo: v.ValidTo, Active: v.Active, Actions: append([]domain.MandateAction{}, v.Actions...)})
		}
	}
	return domain.NotFound("representative")
}
