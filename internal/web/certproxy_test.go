package web_test

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/certs"
	"github.com/pgbportaal/pgbportaal/internal/metrics"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/web"
)

// TestCertificateLoginBehindProxy: behind a proxy that ends TLS, the
// client certificate comes in a header. From a trusted proxy a valid one
// logs the provider in, as URL-encoded PEM (nginx's
// $ssl_client_escaped_cert) and as base64 DER; the same header from a peer
// that is not a trusted proxy is ignored; one from another CA and an
// expired one are refused with the page saying why, as over direct TLS,
// and counted as failed certificate logins.
func TestCertificateLoginBehindProxy(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	caPEM, caKey, err := certs.NewCA("test CA", time.Now(), 1)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := certs.LoadCA(caPEM, caKey)
	otherPEM, otherKey, _ := certs.NewCA("other CA", time.Now(), 1)
	other, _ := certs.LoadCA(otherPEM, otherKey)
	day := 24 * time.Hour
	issue := func(ca *certs.CA, from, until time.Time, record bool) []byte {
		t.Helper()
		is, err := ca.Issue("01234567", "Thuiszorg Midden B.V.", from, until)
		if err != nil {
			t.Fatal(err)
		}
		if record {
			if err := p.svc.RecordClientCert(ctx, service.System, store.ClientCert{Serial: is.Serial, AGB: is.AGB, NotBefore: is.NotBefore, NotAfter: is.NotAfter}); err != nil {
				t.Fatal(err)
			}
		}
		return is.CertPEM
	}
	valid := issue(ca, now.Add(-day), now.Add(365*day), true)
	expired := issue(ca, now.Add(-400*day), time.Now().Add(-day), true)
	foreign := issue(other, now.Add(-day), now.Add(365*day), false)
	der := func(p []byte) []byte { b, _ := pem.Decode(p); return b.Bytes }

	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	serve := func(trusted string) (*httptest.Server, *metrics.Registry) {
		reg := metrics.New()
		h, err := web.New(web.Config{Service: p.svc, ClientCAs: pool, Metrics: reg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix(trusted)}, ClientCertHeader: "X-Client-Cert"})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(h.Handler())
		t.Cleanup(srv.Close)
		return srv, reg
	}
	get := func(srv *httptest.Server, path, header string) (int, string) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if header != "" {
			req.Header.Set("X-Client-Cert", header)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	proxied, reg := serve("127.0.0.0/8") // the test's client is the proxy
	for name, h := range map[string]string{
		"URL-encoded PEM":                      url.PathEscape(string(valid)),
		"URL-encoded PEM with the CA after it": url.QueryEscape(string(valid) + string(caPEM)),
		"base64 DER":                           base64.StdEncoding.EncodeToString(der(valid)),
	} {
		if code, page := get(proxied, "/account", h); code != 200 || !strings.Contains(page, "zorgverlener@pgbportaal.demo") {
			t.Errorf("%s from a trusted proxy: %d, not logged in", name, code)
		}
	}
	for name, c := range map[string]struct {
		pem  []byte
		want string
	}{"expired": {expired, "verlopen"}, "another CA": {foreign, "niet van een uitgever"}} {
		if code, _ := get(proxied, "/account", url.PathEscape(string(c.pem))); code != http.StatusSeeOther {
			t.Errorf("%s certificate from the proxy logged in: %d", name, code)
		}
		if _, page := get(proxied, "/inloggen", base64.StdEncoding.EncodeToString(der(c.pem))); !strings.Contains(page, c.want) {
			t.Errorf("%s certificate: the login page does not say why", name)
		}
	}
	if code, _ := get(proxied, "/account", "not a certificate"); code != http.StatusSeeOther {
		t.Errorf("a header without a certificate logged in: %d", code)
	}
	rec := httptest.NewRecorder()
	reg.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	fams, err := metrics.Parse(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := metrics.Value(fams, metrics.LoginFailures, "method", "certificate"); n != 4 {
		t.Errorf("%g failed certificate logins counted, want 4", n)
	}

	// The same valid header from a peer that is not a trusted proxy: ignored.
	direct, _ := serve("192.0.2.0/24")
	if code, _ := get(direct, "/account", url.PathEscape(string(valid))); code != http.StatusSeeOther {
		t.Errorf("a certificate header from an untrusted peer logged in: %d", code)
	}
	if _, page := get(direct, "/inloggen", url.PathEscape(string(foreign))); strings.Contains(page, "niet van een uitgever") {
		t.Errorf("a certificate header from an untrusted peer was read")
	}
}

// ParseCertHeader reads the forms proxies send and nothing else.
func TestParseCertHeader(t *testing.T) {
	caPEM, _, err := certs.NewCA("test CA", time.Now(), 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(caPEM)
	for name, v := range map[string]string{
		"PEM":             string(caPEM),
		"escaped PEM":     url.PathEscape(string(caPEM)),
		"query-escaped":   url.QueryEscape(string(caPEM)),
		"base64 DER":      base64.StdEncoding.EncodeToString(b.Bytes),
		"unpadded base64": base64.RawStdEncoding.EncodeToString(b.Bytes),
		"URL base64":      base64.URLEncoding.EncodeToString(b.Bytes),
	} {
		if cs := web.ParseCertHeader(v); len(cs) != 1 || cs[0].Subject.CommonName != "test CA" {
			t.Errorf("%s: %v", name, cs)
		}
	}
	for _, v := range []string{"", "garbage", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", base64.StdEncoding.EncodeToString([]byte("0 not der"))} {
		if cs := web.ParseCertHeader(v); cs != nil {
			t.Errorf("%q read as %v", v, cs)
		}
	}
}
