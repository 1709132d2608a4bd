// Providers (zorgverleners): the register.

package api

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (a *API) registerProviders() {
	a.handle("GET /api/v1/providers", a.listProviders)
	a.handle("POST /api/v1/providers", a.createProvider)
	a.handle("GET /api/v1/providers/{id}", a.getProvider)
}

type providerJSON struct {
	ID    int64  `json:"id"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	AGB   string `json:"agb,omitempty"`
	KvK   string `json:"kvk,omitempty"`
	IBAN  string `json:"iban"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	City  string `json:"city,omitempty"`
}

func toProvider(p domain.Provider) providerJSON {
	return providerJSON{ID: p.ID, Kind: string(p.Kind), Name: p.Name, AGB: string(p.AGB), KvK: string(p.KvK), IBAN: string(p.IBAN), Email: p.Email, Phone: p.Phone, City: p.City}
}

func (a *API) listProviders(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	list, err := a.svc.SearchProviders(r.Context(), actor, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	out := []providerJSON{}
	for _, p := range list {
		out = append(out, toProvider(p))
	}
	return replyPage(w, r, p, out, nil)
}

type providerInput struct {
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	AGB   string `json:"agb"`
	KvK   string `json:"kvk"`
	IBAN  string `json:"iban"`
	Email string `json:"email"`
	Phone string `json:"phone"`
	City  string `json:"city"`
}

func (a *API) createProvider(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in providerInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	p, err := a.svc.CreateProvider(r.Context(), actor, service.ProviderInput(in))
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/providers/"+strconv.FormatInt(p.ID, 10))
	return reply(w, http.StatusCreated, toProvider(p))
}

func (a *API) getProvider(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.svc.Provider(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toProvider(p))
}
