package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
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
