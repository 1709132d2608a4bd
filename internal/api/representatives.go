// Representatives: who may act for a budget holder.

package api

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (a *API) registerRepresentatives() {
	a.handle("GET /api/v1/budget-holders/{id}/representatives", listByID(a.svc.Representatives, toRepresentative))
	a.handle("POST /api/v1/budget-holders/{id}/representatives", a.addRepresentative)
	a.handle("GET /api/v1/budget-holders/{id}/representatives/{repId}/proof", a.representativeProof)
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
	// The latest scan of the proof, for the verstrekker's staff:
	// GET /budget-holders/{id}/representatives/{repId}/proof.
	Proof *attachmentJSON `json:"proof,omitempty"`
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
	if err := decodeWithFile(w, r, &in, "proof", &in.Proof); err != nil {
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
			return reply(w, http.StatusCreated, toRepresentative(v))
		}
	}
	return domain.NotFound("representative")
}

// representativeProof sends the scan of a representation's proof to the
// verstrekker's staff who see the budget holder, never cached.
func (a *API) representativeProof(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	rid, err := httpkit.PathID(r, "repId")
	if err != nil {
		return err
	}
	att, err := a.svc.RepresentationProof(r.Context(), actor, id, rid)
	if err != nil {
		return err
	}
	return sendFile(w, att, "bewijs")
}
