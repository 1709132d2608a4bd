package web_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/certs"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/web"
)

// TestProviderLoginByClientCertificate makes real TLS handshakes on
// loopback: a valid certificate issued to the provider's AGB code logs it
// in without a password; a revoked one does not (and says why); an expired
// one and one from another CA do not either, and the login page says why.
func TestProviderLoginByClientCertificate(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	caPEM, caKey, err := certs.NewCA("test CA", time.Now(), 1)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := certs.LoadCA(caPEM, caKey)
	if err != nil {
		t.Fatal(err)
	}
	issue := func(ca *certs.CA, from, until time.Time, record bool) tls.Certificate {
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
		c, err := tls.X509KeyPair(is.CertPEM, is.KeyPEM)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	day := 24 * time.Hour
	valid := issue(ca, now.Add(-day), now.Add(365*day), true)
	revoked := issue(ca, now.Add(-day), now.Add(365*day), true)
	expired := issue(ca, now.Add(-400*day), time.Now().Add(-day), true)
	otherPEM, otherKey, _ := certs.NewCA("other CA", time.Now(), 1)
	other, _ := certs.LoadCA(otherPEM, otherKey)
	foreign := issue(other, now.Add(-day), now.Add(365*day), false)
	leaf, _ := x509.ParseCertificate(revoked.Certificate[0])
	if err := p.svc.RevokeClientCert(ctx, service.System, certs.SerialOf(leaf)); err != nil {
		t.Fatal(err)
	}

	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	h, err := web.New(web.Config{Service: p.svc, ClientCAs: pool, SecureCookies: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h.Handler())
	srv.TLS = &tls.Config{ClientAuth: tls.RequestClientCert}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	client := func(c *tls.Certificate) *http.Client {
		jar, _ := cookiejar.New(nil)
		tr := srv.Client().Transport.(*http.Transport).Clone()
		if c != nil { // offered whatever CAs the server names, as a client forcing it would
			tr.TLSClientConfig.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return c, nil }
		}
		return &http.Client{Jar: jar, Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	get := func(c *http.Client, path string) (int, string, error) {
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b := new(strings.Builder)
		_, err = io.Copy(b, resp.Body)
		return resp.StatusCode, b.String(), err
	}

	// Valid: logged in at once, as the provider's account.
	c := client(&valid)
	code, page, err := get(c, "/account")
	if err != nil || code != 200 || !strings.Contains(page, "zorgverlener@pgbportaal.demo") {
		t.Fatalf("valid certificate: %v %d", err, code)
	}
	if code, _, _ := get(c, "/declaraties"); code != 200 {
		t.Errorf("the session from the certificate does not last: %d", code)
	}
	// Without a certificate the same server asks for a password.
	if code, _, err := get(client(nil), "/account"); err != nil || code != http.StatusSeeOther {
		t.Errorf("no certificate: %v %d", err, code)
	}
	// Revoked: no login, and the login page says why.
	c = client(&revoked)
	if code, _, err := get(c, "/account"); err != nil || code != http.StatusSeeOther {
		t.Errorf("revoked certificate: %v %d", err, code)
	}
	if _, page, _ := get(c, "/inloggen"); !strings.Contains(page, "ingetrokken") {
		t.Errorf("the login page does not say the certificate is revoked")
	}
	// Expired and from another CA: no login, and a page that says why.
	for name, c := range map[string]struct {
		cert *tls.Certificate
		want string
	}{"expired": {&expired, "verlopen"}, "another CA": {&foreign, "niet van een uitgever"}} {
		cl := client(c.cert)
		if code, _, err := get(cl, "/account"); err != nil || code != http.StatusSeeOther {
			t.Errorf("%s certificate: %v %d", name, err, code)
		}
		if _, page, _ := get(cl, "/inloggen"); !strings.Contains(page, c.want) {
			t.Errorf("%s certificate: the login page does not say why", name)
		}
	}
}
