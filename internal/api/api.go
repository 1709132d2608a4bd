// Package api is the JSON API under /api/v1: a thin layer over the same
// use-case services as the pages, authenticated with personal bearer tokens,
// described by the OpenAPI document at /api/v1/openapi.json. Errors are
// application/problem+json (RFC 9457) with stable codes, mapped from the
// domain's error kinds in one place (problem).
package api

import (
	_ "embed"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

//go:embed openapi.json
var openapiDoc []byte

// apiVersion is the document's info.version, sent as API-Version.
var apiVersion = func() string {
	var doc struct {
		Info struct {
			Version string `json:"version"`
		} `json:"info"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil || doc.Info.Version == "" {
		panic("api: openapi.json has no info.version")
	}
	return doc.Info.Version
}()

// API serves /api/v1.
type API struct {
	svc    *service.Service
	log    *slog.Logger
	mux    *http.ServeMux
	routes []string // registered patterns, checked against the OpenAPI document in tests
}

// Resources as the API shows them: amounts are integer cents ("*_cents"),
// dates ISO 8601 ("2026-01-31"); a BSN is never sent, only masked. Each
// resource has a file of its own (budgetholders.go, grants.go, ...) with
// its JSON form, its handlers and its routes.

// handler is an API handler: it gets the authenticated actor and returns an
// error, which is turned into a problem response.
type handler func(w http.ResponseWriter, r *http.Request, a service.Actor) error

// New returns the API's handler.
func New(svc *service.Service, log *slog.Logger) http.Handler { return newAPI(svc, log) }

func newAPI(svc *service.Service, log *slog.Logger) *API {
	if log == nil {
		log = slog.Default()
	}
	log = httpkit.LoggerWithRequestID(log) // error logs name the request (web's observe gives it its id)
	a := &API{svc: svc, log: log, mux: http.NewServeMux()}
	a.mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openapiDoc)
	})
	a.routes = append(a.routes, "GET /api/v1/openapi.json")
	a.handle("GET /api/v1/me", a.me)
	a.registerBudgetHolders()
	a.registerRepresentatives()
	a.registerGrants()
	a.registerProviders()
	a.registerAgreements()
	a.registerDeclarations()
	a.registerPayRuns()
	a.registerJobs()
	a.registerSettlements()
	a.registerMandates()
	a.registerSickReports()
	a.registerPaperAgreements()
	a.registerInvitations()
	a.registerProviderDetails()
	a.registerTariffs()
	a.registerAccounts()
	a.registerEvents()
	a.registerSettlementList()
	a.registerInbox()
	a.registerOwnData()
	a.registerYearly()
	a.registerFindCare()
	a.registerCareNeeds()
	a.mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		a.problem(w, r, domain.NotFound("route"))
	})
	return a
}

// ServeHTTP serves the API. No answer may be kept by a browser or proxy
// cache: they carry personal data and payment files.
// Every answer names the API's full version (API-Version, NL GOV API
// Design Rules API-57), the document's info.version.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("API-Version", apiVersion)
	a.mux.ServeHTTP(w, r)
}

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
		if e := domain.CheckValues(r.URL.Query()); e != nil { // as a body's text (decode): 400 at the parameter
			a.problem(w, r, &requestError{status: http.StatusBadRequest, code: "control_character", field: e.Fields[0].Field})
			return
		}
		if err := h(w, r, actor); err != nil {
			a.problem(w, r, err)
		}
	})
}

// authenticate resolves "Authorization: Bearer <token>" (the scheme is
// case-insensitive, RFC 9110 section 11.1) to the token's actor.
func (a *API) authenticate(r *http.Request) (service.Actor, error) {
	scheme, tok, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	tok = strings.TrimSpace(tok)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return service.Actor{}, domain.Unauthenticated("token_missing")
	}
	return a.svc.ActorForToken(r.Context(), tok)
}

// queryInt reads an optional integer query parameter (0 when absent); a
// value that is not a whole number in [lo, hi] is a 400 naming the parameter.
func queryInt(r *http.Request, name string, lo, hi int) (int, error) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, &requestError{status: http.StatusBadRequest, code: "bad_parameter", field: name, args: []any{lo, hi}}
	}
	return n, nil
}

// unknownAction answers an action the object does not have: 404 with the
// code unknown_action at the path parameter action, so a client can tell
// it from an object that does not exist (not_found).
func unknownAction() error {
	return &requestError{status: http.StatusNotFound, code: "unknown_action", field: "action", key: "err.not_found"}
}

// Routes lists the pattern of every operation the API serves ("GET
// /api/v1/declarations/{id}"), as it registers them: for the parity test
// (internal/usecase), which holds them against the pages'.
func Routes() []string { return append([]string(nil), newAPI(nil, nil).routes...) }

// Route is the pattern that serves r, as registered (for example
// "POST /api/v1/declarations/{id}/{action}"), so that logs and metrics
// name the operation, not the prefix the API is mounted at; "/api/v1/"
// for a request no operation serves.
func (a *API) Route(r *http.Request) string {
	_, pattern := a.mux.Handler(r)
	return pattern
}
