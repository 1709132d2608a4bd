package web_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestSecurityHeadersOnEveryRoute requests every route the portal
// registers (read from web.go, with placeholder ids), plus the API, static
// files, health and an unknown path, over plain HTTP and over TLS: each
// answer carries the security headers, and HSTS only over HTTPS.
func TestSecurityHeadersOnEveryRoute(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	src, err := os.ReadFile("web.go")
	if err != nil {
		t.Fatal(err)
	}
	var routes [][2]string
	for _, m := range regexp.MustCompile(`(?:page|public)\("(GET|POST) ([^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		path := regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(m[2], "1")
		routes = append(routes, [2]string{m[1], path})
	}
	if len(routes) < 50 {
		t.Fatalf("found only %d routes in web.go", len(routes))
	}
	for _, extra := range []string{"/static/app.css", "/api/v1/openapi.json", "/api/v1/me", "/healthz", "/readyz", "/metrics", "/bestaat-niet"} {
		routes = append(routes, [2]string{"GET", extra})
	}
	tlsSrv := httptest.NewTLSServer(p.srv.Config.Handler)
	defer tlsSrv.Close()
	for _, srv := range []*httptest.Server{p.srv, tlsSrv} {
		client := srv.Client()
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		if srv == tlsSrv {
			client.Transport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
		}
		for _, r := range routes {
			req, _ := http.NewRequest(r[0], srv.URL+r[1], strings.NewReader(""))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("%s %s: %v", r[0], r[1], err)
			}
			resp.Body.Close()
			h := resp.Header
			if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") || h.Get("X-Content-Type-Options") != "nosniff" ||
				h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("%s %s (%d): security headers missing: %v", r[0], r[1], resp.StatusCode, h)
			}
			if hsts := h.Get("Strict-Transport-Security"); (srv == tlsSrv) != (hsts != "") {
				t.Errorf("%s %s over %s: HSTS %q", r[0], r[1], srv.URL[:5], hsts)
			}
		}
	}
}
