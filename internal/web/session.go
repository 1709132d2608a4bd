package web

import (
	"crypto/x509"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/certs"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

const sessionCookie = "pgb_session"

// request is what a page handler knows about the request beyond http.Request.
type request struct {
	Lang    string
	Session *service.Session // nil when not logged in
	Actor   service.Actor
	Roles   []service.RoleLabel
	Flash   string
	Unread  int // unread notices in the current role's inbox
	// CertProblem is the message key when a client certificate was shown
	// but did not log in (revoked, unknown, no account).
	CertProblem string
}

// LoggedIn reports whether a complete login (with second factor) is there.
func (rq *request) LoggedIn() bool {
	return rq.Session != nil && !rq.Session.NeedsTOTP && !rq.Session.MustEnroll
}

// withSession adapts a page handler to http.Handler: it loads the session
// from the cookie, runs h, and hands an error h returns to fail. Pages that
// are not public require a full login: without a session they redirect to
// the login page, and a login still waiting for its second factor goes to
// that step.
func (s *Server) withSession(h handlerFunc, public bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := &request{Lang: i18n.ForPage(r)}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			sess, labels, unread, err := s.svc.PageSession(r.Context(), c.Value)
			if err == nil {
				rq.Session, rq.Actor, rq.Roles, rq.Unread = &sess, sess.Actor, labels, unread
				if _, err := r.Cookie("lang"); err != nil && sess.Actor.Lang != "" {
					rq.Lang = sess.Actor.Lang
				}
			} else if domain.KindOf(err) == domain.KindUnauthenticated {
				s.clearCookie(w, sessionCookie)
			} else {
				s.fail(w, r, rq, err)
				return
			}
		}
		if rq.Session == nil && s.cfg.ClientCAs != nil {
			if chain, via := s.clientCertChain(r); len(chain) > 0 {
				s.certificateLogin(w, r, rq, chain, via)
			}
		}
		if f, err := r.Cookie("flash"); err == nil {
			rq.Flash = f.Value
			s.clearCookie(w, "flash")
		}
		if !public {
			switch {
			case rq.Session == nil:
				http.Redirect(w, r, withTarget("/inloggen", askedFor(r)), http.StatusSeeOther)
				return
			case rq.Session.MustEnroll && r.URL.Path != "/tweestaps" && r.URL.Path != "/uitloggen":
				http.Redirect(w, r, "/tweestaps", http.StatusSeeOther)
				return
			case rq.Session.NeedsTOTP && !rq.Session.MustEnroll && r.URL.Path != "/inloggen/code" && r.URL.Path != "/uitloggen":
				http.Redirect(w, r, withTarget("/inloggen/code", askedFor(r)), http.StatusSeeOther)
				return
			}
		}
		err := checkText(r)
		if err == nil {
			err = h(w, r, rq)
		}
		if err != nil {
			s.fail(w, r, rq, err)
		}
	})
}

// checkText refuses, in one place for every page, a query string or a form
// (url-encoded) with a character nobody types (domain.CheckValues): NUL and
// other control characters, or bytes that are not UTF-8. A multipart form's
// values are checked as readUploads reads them, where the form is shown
// again with the error at its field.
func checkText(r *http.Request) error {
	if e := domain.CheckValues(r.URL.Query()); e != nil {
		return httpkit.BadRequest(e)
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		_ = r.ParseForm()
		if e := domain.CheckValues(r.PostForm); e != nil {
			return httpkit.BadRequest(e)
		}
	}
	return nil
}

// askedFor is the page a request asks for, to return to after login: a GET
// only (a form sent while logged out cannot be sent again by a redirect).
func askedFor(r *http.Request) string {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return "/"
	}
	return r.URL.RequestURI()
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int((12 * time.Hour).Seconds())})
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// flash sets a one-time notice (a message key) shown on the next page.
func (s *Server) flash(w http.ResponseWriter, key string) {
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: key, Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// certificateLogin: a provider's client certificate (chain: leaf first),
// from the TLS handshake or passed by a trusted TLS-terminating proxy (via
// "tls" or "proxy"), verified here against the configured CA either way,
// logs its provider in without a password when the portal issued it and
// it is not revoked. Otherwise the person logs in as usual and is told why.
func (s *Server) certificateLogin(w http.ResponseWriter, r *http.Request, rq *request, chain []*x509.Certificate, via string) {
	defer func() {
		if rq.CertProblem != "" {
			s.certFailures.Add(1)
		}
	}()
	leaf := chain[0]
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: s.cfg.ClientCAs, Intermediates: inter, CurrentTime: time.Now(), // as the TLS handshake would
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		var inv x509.CertificateInvalidError
		if errors.As(err, &inv) && inv.Reason == x509.Expired {
			rq.CertProblem = "err.certificate_expired"
		} else {
			rq.CertProblem = "err.certificate_foreign"
		}
		s.log.InfoContext(r.Context(), "certificate refused", "via", via, "err", err)
		return
	}
	agb, ok := certs.AGBOf(leaf)
	if !ok {
		rq.CertProblem = "err.certificate_foreign"
		return
	}
	res, err := s.svc.LoginByCertificate(r.Context(), certs.SerialOf(leaf), agb, leaf.NotAfter)
	if err != nil {
		if e, ok := domain.AsError(err); ok {
			rq.CertProblem = "err." + e.Code
		}
		s.log.InfoContext(r.Context(), "certificate login refused", "via", via, "agb", agb, "err", err)
		return
	}
	s.setSessionCookie(w, res.Token)
	if sess, err := s.svc.SessionFor(r.Context(), res.Token); err == nil {
		rq.Session, rq.Actor = &sess, sess.Actor
		rq.Roles, _ = s.svc.RoleLabels(r.Context(), sess.Roles)
	}
}
