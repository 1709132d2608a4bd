package usecase

import (
	"reflect"
	"slices"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/api"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/web"
)

// apiInfrastructure are API routes that are no use case: the document itself.
var apiInfrastructure = []string{"GET /api/v1/openapi.json"}

func webRoutes(t *testing.T) []string {
	t.Helper()
	s, err := web.New(web.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return s.Routes()
}

// TestEveryRouteIsAUseCase: every page and every API operation the edges
// register is in a use case of the table, and every route the table names
// is registered. A new page without its use case here fails, and so does
// a use case here whose route was renamed on one edge only.
func TestEveryRouteIsAUseCase(t *testing.T) {
	pages, apis := map[string]bool{}, map[string]bool{}
	for _, uc := range All {
		for _, p := range uc.Pages {
			pages[p] = true
		}
		for _, p := range uc.API {
			apis[p] = true
		}
	}
	registeredPages, registeredAPI := webRoutes(t), api.Routes()
	for _, p := range registeredPages {
		if !pages[p] {
			t.Errorf("page %q is in no use case: add it to usecase.All, with its API route", p)
		}
	}
	for _, p := range registeredAPI {
		if !apis[p] && !slices.Contains(apiInfrastructure, p) {
			t.Errorf("API route %q is in no use case: add it to usecase.All, beside its page", p)
		}
	}
	for p := range pages {
		if !slices.Contains(registeredPages, p) {
			t.Errorf("the table names page %q, which internal/web does not register", p)
		}
	}
	for p := range apis {
		if !slices.Contains(registeredAPI, p) {
			t.Errorf("the table names API route %q, which internal/api does not register", p)
		}
	}
	if len(registeredPages) < 90 || len(registeredAPI) < 40 {
		t.Errorf("only %d pages and %d API routes registered: is the table read from the edges?", len(registeredPages), len(registeredAPI))
	}
}

// TestBothEdgesOfferEveryUseCase: a use case on the pages is in the API and
// the other way round, unless the table says why not (BrowserOnly, APIOnly)
// or it is in the temporary notYetInAPI list.
func TestBothEdgesOfferEveryUseCase(t *testing.T) {
	names := map[string]bool{}
	for _, uc := range All {
		if names[uc.Name] {
			t.Errorf("use case %q twice", uc.Name)
		}
		names[uc.Name] = true
		waiting := slices.Contains(notYetInAPI, uc.Name)
		switch {
		case len(uc.Pages) > 0 && len(uc.API) == 0 && uc.BrowserOnly == "" && !waiting:
			t.Errorf("use case %q is on the pages (%v) and not in the API: add its API route, or say why it is BrowserOnly", uc.Name, uc.Pages)
		case len(uc.API) > 0 && len(uc.Pages) == 0 && uc.APIOnly == "":
			t.Errorf("use case %q is in the API (%v) and on no page: add its page, or say why it is APIOnly", uc.Name, uc.API)
		case waiting && len(uc.API) > 0:
			t.Errorf("use case %q has API routes now (%v): take it off notYetInAPI", uc.Name, uc.API)
		case uc.BrowserOnly != "" && len(uc.API) > 0:
			t.Errorf("use case %q is BrowserOnly, yet has API routes %v", uc.Name, uc.API)
		case len(uc.Pages) == 0 && len(uc.API) == 0:
			t.Errorf("use case %q is on neither edge", uc.Name)
		case len(uc.Service) == 0 && uc.Note == "" && uc.BrowserOnly == "":
			t.Errorf("use case %q names no service method and gives no Note why", uc.Name)
		}
	}
	for _, n := range notYetInAPI {
		if !names[n] {
			t.Errorf("notYetInAPI names %q, which is no use case", n)
		}
	}
}

// TestBothEdgesCallTheSameService: each service method a use case names
// exists, and is reached (in the source) from a page handler of the use
// case and from an API handler of it. The service decides who may do
// what, so the same call is the same authorization. A handler that starts
// a job (service.StartPayRunStatusJob) reaches the methods the job calls
// with the starter's actor (ImportPayRunStatus): see serviceQueue.
func TestBothEdgesCallTheSameService(t *testing.T) {
	svc := reflect.TypeOf(&service.Service{})
	webSrc := parseEdge(t, "../web", "page", "public")
	apiSrc := parseEdge(t, "../api", "handle")
	webSrc.queued = serviceQueue(t) // a handler that starts a job reaches what the job calls
	apiSrc.queued = webSrc.queued
	reached := func(e edgeCalls, routes []string, method string) bool {
		for _, r := range routes {
			if slices.Contains(e.reach(r), method) {
				return true
			}
		}
		return false
	}
	for _, routes := range [][]string{webRoutes(t), api.Routes()} {
		for _, r := range routes {
			_, inWeb := webSrc.routes[r]
			_, inAPI := apiSrc.routes[r]
			if !inWeb && !inAPI && !slices.Contains(apiInfrastructure, r) {
				t.Errorf("route %q is registered, but not found in the source by its literal pattern", r)
			}
		}
	}
	for _, uc := range All {
		for _, m := range uc.Service {
			if _, ok := svc.MethodByName(m); !ok {
				t.Errorf("use case %q: service.Service has no method %s", uc.Name, m)
				continue
			}
			if len(uc.Pages) > 0 && !reached(webSrc, uc.Pages, m) {
				t.Errorf("use case %q: no page of %v calls service.%s", uc.Name, uc.Pages, m)
			}
			if len(uc.API) > 0 && !reached(apiSrc, uc.API, m) {
				t.Errorf("use case %q: no API route of %v calls service.%s", uc.Name, uc.API, m)
			}
		}
	}
}
