package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// The contract: every request a test sends through fixture.do and every
// answer it gets are validated against the served OpenAPI document
// (openapi.json) with kin-openapi's openapi3filter. A request the document
// does not allow must be refused with a 4xx; an answer must match the
// document's response for its operation and status.

var (
	contractOnce   sync.Once
	contractRouter routers.Router
	contractErr    error

	contractRequests  atomic.Int64 // requests validated against an operation
	contractResponses atomic.Int64 // responses validated against an operation
)

func contract() (routers.Router, error) {
	contractOnce.Do(func() {
		// A payment file (pain.001) is XML: validated as the text the
		// document's string schema describes.
		openapi3filter.RegisterBodyDecoder("application/xml", func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
			b, err := io.ReadAll(body)
			return string(b), err
		})
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(openapiDoc)
		if err != nil {
			contractErr = err
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			contractErr = err
			return
		}
		contractRouter, contractErr = legacy.NewRouter(doc)
	})
	return contractRouter, contractErr
}

// checkContract validates one exchange; req is the request as sent (its
// body is read from reqBody), status, header and body the answer.
func checkContract(t testing.TB, req *http.Request, reqBody []byte, status int, header http.Header, body []byte) {
	t.Helper()
	router, err := contract()
	if err != nil {
		t.Fatalf("contract: the OpenAPI document does not load: %v", err)
	}
	vreq := req.Clone(context.Background())
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	vreq.URL.Scheme, vreq.URL.Host, vreq.Host = "", "", "" // the document's server is relative
	route, params, err := router.FindRoute(vreq)
	if err != nil {
		// No operation in the document: the API must not serve it.
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			t.Errorf("contract: %s %s is not in the document, yet answered %d", req.Method, req.URL.Path, status)
		}
		return
	}
	opts := &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route, Options: opts}
	contractRequests.Add(1)
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		if status < 400 || status >= 500 {
			t.Errorf("contract: %s %s: the document refuses the request (%v), yet it answered %d", req.Method, req.URL.Path, err, status)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header, Options: opts}
	out.SetBodyBytes(body)
	contractResponses.Add(1)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("contract: %s %s answered %d outside the document: %v\n%s", req.Method, req.URL.Path, status, err, body)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if os.Getenv("PGB_CONTRACT_STATS") != "" {
		println("contract: requests validated:", contractRequests.Load(), "responses validated:", contractResponses.Load())
	}
	os.Exit(code)
}

// TestOpenAPIKeepsTheDesignRules checks the document, without network, on
// the NL GOV API Design Rules' basics an integrator's tooling looks for:
// servers end in the major version, a contact, a unique camelCase
// operationId on every operation, a 400 on every operation with
// parameters, the API-Version and X-Request-ID headers on every response
// (and X-Request-ID as an optional request header on every operation), and
// a 503 on every operation that reads the database. The headers themselves are checked on every answer by the
// contract (required: true; the id's pattern).
func TestOpenAPIKeepsTheDesignRules(t *testing.T) {
	var doc struct {
		Info struct {
			Version string         `json:"version"`
			Contact map[string]any `json:"contact"`
		} `json:"info"`
		Servers []struct {
			URL string `json:"url"`
		} `json:"servers"`
		Paths map[string]map[string]struct {
			OperationID string           `json:"operationId"`
			Parameters  []map[string]any `json:"parameters"`
			Responses   map[string]struct {
				Ref     string                    `json:"$ref"`
				Headers map[string]map[string]any `json:"headers"`
			} `json:"responses"`
		} `json:"paths"`
		Components struct {
			Responses map[string]struct {
				Headers map[string]map[string]any `json:"headers"`
			} `json:"responses"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Servers) == 0 {
		t.Error("no servers")
	}
	for _, s := range doc.Servers {
		if !regexp.MustCompile(`/v[0-9]+$`).MatchString(s.URL) {
			t.Errorf("server %q does not end in the major version (/api/v1)", s.URL)
		}
	}
	if doc.Info.Contact["email"] == nil && doc.Info.Contact["url"] == nil {
		t.Error("info.contact names no e-mail or url")
	}
	camel := regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)
	kebab := regexp.MustCompile(`^(/([a-z0-9]+(-[a-z0-9]+)*(\.json)?|\{[a-zA-Z]+\}))+$`)
	seen := map[string]string{}
	ops := 0
	for path, item := range doc.Paths {
		if !kebab.MatchString(path) {
			t.Errorf("path %s is not kebab-case", path)
		}
		for method, op := range item {
			ops++
			where := method + " " + path
			switch {
			case op.OperationID == "":
				t.Errorf("%s has no operationId", where)
			case !camel.MatchString(op.OperationID):
				t.Errorf("%s: operationId %q is not camelCase", where, op.OperationID)
			case seen[op.OperationID] != "":
				t.Errorf("%s: operationId %q is also %s", where, op.OperationID, seen[op.OperationID])
			}
			seen[op.OperationID] = where
			refusable, tagged := 0, false
			for _, p := range op.Parameters {
				if p["$ref"] == "#/components/parameters/X-Request-ID" {
					tagged = true // ignored when unusable, never refused
				} else {
					refusable++
				}
			}
			if _, ok := op.Responses["400"]; refusable > 0 && !ok {
				t.Errorf("%s has parameters but no 400 response", where)
			}
			if !tagged {
				t.Errorf("%s does not take the X-Request-ID header", where)
			}
			if _, ok := op.Responses["503"]; !ok && path != "/openapi.json" {
				t.Errorf("%s has no 503 response (the database out of reach)", where)
			}
			for code, resp := range op.Responses {
				if name, ok := strings.CutPrefix(resp.Ref, "#/components/responses/"); ok {
					resp.Headers = doc.Components.Responses[name].Headers
				}
				if resp.Headers["API-Version"] == nil {
					t.Errorf("%s %s: no API-Version header", where, code)
				}
				if resp.Headers["X-Request-ID"] == nil {
					t.Errorf("%s %s: no X-Request-ID header", where, code)
				}
			}
		}
	}
	if ops < 40 {
		t.Errorf("the document has %d operations", ops)
	}
	checkPagination(t)
	checkExamples(t)
}

// checkPagination: every list operation (a GET answering an object with
// an items array) pages as the Design Rules describe (API-42): the query
// parameters page and pageSize, and _links in the body. A feed that pages
// by cursor (a parameter after) is the exception.
func checkPagination(t *testing.T) {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Ref  string `json:"$ref"`
				Name string `json:"name"`
			} `json:"parameters"`
			Responses map[string]struct {
				Content map[string]struct {
					Schema struct {
						Type       string                    `json:"type"`
						Properties map[string]map[string]any `json:"properties"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	lists := 0
	for path, item := range doc.Paths {
		op, ok := item["get"]
		if !ok {
			continue
		}
		body := op.Responses["200"].Content["application/json"].Schema
		if body.Properties["items"]["type"] != "array" {
			continue
		}
		lists++
		params := map[string]bool{}
		for _, p := range op.Parameters {
			params[p.Name] = true
			params[strings.TrimPrefix(p.Ref, "#/components/parameters/")] = true
		}
		if params["after"] {
			continue // a cursor
		}
		for _, want := range []string{"page", "pageSize"} {
			if !params[want] {
				t.Errorf("GET %s lists items without the parameter %s", path, want)
			}
		}
		if body.Properties["_links"] == nil {
			t.Errorf("GET %s lists items without _links", path)
		}
	}
	if lists < 10 {
		t.Errorf("only %d list operations found", lists)
	}
}

// schemasWithoutExample are the schemas that cannot show an example; none.
var schemasWithoutExample = map[string]string{}

// checkExamples: every schema in components.schemas has an example, so an
// integrator sees a filled-in value of each resource.
func checkExamples(t *testing.T) {
	t.Helper()
	var doc struct {
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	for name, s := range doc.Components.Schemas {
		_, one := s["example"]
		_, many := s["examples"]
		if !one && !many && schemasWithoutExample[name] == "" {
			t.Errorf("schema %s has no example", name)
		}
	}
}

// TestEveryAnswerNamesTheAPIVersion: also a refused request and an unknown
// route carry API-Version, the document's info.version.
func TestEveryAnswerNamesTheAPIVersion(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	for _, path := range []string{"/api/v1/openapi.json", "/api/v1/me", "/api/v1/bestaat-niet"} {
		if r := f.do("GET", path, "", ""); r.header.Get("API-Version") != "1.0.0" {
			t.Errorf("GET %s (%d): API-Version %q, want 1.0.0", path, r.status, r.header.Get("API-Version"))
		}
	}
}

// TestUnknownActionIsNamed: an action no object has is 404 unknown_action
// at the parameter action, for declarations and settlements as for
// agreements (TestAgreementLifecycleThroughAPI), so a client can tell a
// misspelt action from a missing object.
func TestUnknownActionIsNamed(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	holder := f.token("budgethouder@pgbportaal.demo", "")
	for _, path := range []string{"/api/v1/declarations/1/bogus", "/api/v1/settlements/1/bogus", "/api/v1/declarations/1/allow-late-please"} {
		r := f.do("POST", path, holder, "")
		mustProblem(t, r, 404, "unknown_action")
		if field, code, _ := r.firstError(); field != "action" || code != "unknown_action" {
			t.Errorf("%s names %q %q, want action unknown_action", path, field, code)
		}
	}
}

// TestRouteNamesTheOperation: the web server's logs and metrics ask the API
// which of its patterns serves a request (web.observe), so each operation
// is counted on its own.
func TestRouteNamesTheOperation(t *testing.T) {
	a := newAPI(nil, nil)
	for req, want := range map[[2]string]string{
		{"POST", "/api/v1/declarations/47/approve"}: "POST /api/v1/declarations/{id}/{action}",
		{"GET", "/api/v1/budget-holders/3/grants"}:  "GET /api/v1/budget-holders/{id}/grants",
		{"GET", "/api/v1/me"}:                       "GET /api/v1/me",
		{"GET", "/api/v1/bestaat-niet"}:             "/api/v1/",
	} {
		r, _ := http.NewRequest(req[0], "http://x"+req[1], nil)
		if got := a.Route(r); got != want {
			t.Errorf("%s %s: route %q, want %q", req[0], req[1], got, want)
		}
	}
}
