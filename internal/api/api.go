// Package api is the JSON API under /api/v1: a thin layer over the same
// use-case services as the pages, authenticated with personal bearer tokens,
// described by the OpenAPI document at /api/v1/openapi.json. Errors are
// application/problem+json (RFC 9457) with stable codes, mapped from the
// domain's error kinds in one place (problem).
package api

import (
	_ "embed"

	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

//go:embed openapi.json
var openapiDoc []byte

// API serves /api/v1.
type API struct {
	svc    *service.Service
	log    *slog.Logger
	mux    *http.ServeMux
	routes []string // registered patterns, checked against the OpenAPI document in tests
}

// handler is an API handler: it gets the authenticated actor and returns an
// error, which is turned into a problem response.
type handler func(w http.ResponseWriter, r *http.Request, a service.Actor) error

// New returns the API's handler.
func New(svc *service.Service, log *slog.Logger) http.Handler { return newAPI(svc, log) }

func newAPI(svc *service.Service, log *slog.Logger) *API {
	if log == nil {
		log = slog.Default()
	}
	a := &API{svc: svc, log: log, mux: http.NewServeMux()}
	a.mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openapiDoc)
	})
	a.routes = append(a.routes, "GET /api/v1/openapi.json")
	a.handle("GET /api/v1/me", a.me)
	a.handle("GET /api/v1/budget-holders", a.listBudgetHolders)
	a.handle("POST /api/v1/budget-holders", a.createBudgetHolder)
	a.handle("GET /api/v1/budget-holders/{id}", a.getBudgetHolder)
	a.handle("PUT /api/v1/budget-holders/{id}/contact", a.putContact)
	a.handle("GET /api/v1/budget-holders/{id}/grants", a.listGrants)
	a.handle("POST /api/v1/budget-holders/{id}/grants", a.createGrant)
	a.handle("GET /api/v1/budget-holders/{id}/representatives", a.listRepresentatives)
	a.handle("POST /api/v1/budget-holders/{id}/representatives", a.addRepresentative)
	a.handle("GET /api/v1/grants/{id}", a.getGrant)
	a.handle("GET /api/v1/grants/{id}/balance", a.getBalance)
	a.handle("POST /api/v1/grants/{id}/revisions", a.reviseGrant)
	a.handle("GET /api/v1/providers", a.listProviders)
	a.handle("POST /api/v1/providers", a.createProvider)
	a.handle("GET /api/v1/providers/{id}", a.getProvider)
	a.registerAgreements()
	a.registerDeclarations()
	a.mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		a.problem(w, r, domain.NotFound("route"))
	})
	return a
}

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

// handle registers h behind bearer authentication.
func (a *API) handle(pattern string, h handler) {
	a.routes = append(a.routes, pattern)
	a.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		actor, err := a.authenticate(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="pgbportaal"`)
			a.problem(w, r, err)
			return
		}
		if err := h(w, r, actor); err != nil {
			a.problem(w, r, err)
		}
	})
}

func (a *API) authenticate(r *http.Request) (service.Actor, error) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || strings.TrimSpace(tok) == "" {
		return service.Actor{}, domain.Unauthenticated("token_missing")
	}
	return a.svc.ActorForToken(r.Context(), strings.TrimSpace(tok))
}

// pathID reads {id}; anything but a positive integer does not exist.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.NotFound("object")
	}
	return id, nil
}
