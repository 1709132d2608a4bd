package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/identity"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

type demoRow struct {
	Label, Email, Password, Code string
}

// loginPage is the login form's page: in demo mode with the demo accounts
// and their current codes.
type loginPage struct {
	Demo []demoRow
	// IdPs are the identity providers to log in through, a button each.
	IdPs []identity.Provider
	// Target is the page asked for before login.
	Target string
}

func (s *Server) loginData() loginPage {
	data := loginPage{IdPs: s.oidcButtons()}
	if s.cfg.DemoAccounts != nil {
		var rows []demoRow
		for _, a := range s.cfg.DemoAccounts() {
			row := demoRow{Label: a.Label, Email: a.Email, Password: a.Password}
			if a.TOTPSecret != "" {
				row.Code = auth.TOTPCode(a.TOTPSecret, s.svc.Now())
			}
			rows = append(rows, row)
		}
		data.Demo = rows
	}
	return data
}

// home is the start page: the login form (with the demo accounts in demo
// mode) or the dashboard of the role the user acts in.
func (s *Server) home(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.Session == nil {
		return s.renderForm(w, r, rq, "login", s.loginData(), blankForm())
	}
	if !rq.LoggedIn() {
		http.Redirect(w, r, "/inloggen/code", http.StatusSeeOther)
		return nil
	}
	return s.dashboard(w, r, rq)
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	target := localTarget(r.URL.Query().Get("terug"), "/")
	if rq.LoggedIn() {
		http.Redirect(w, r, target, http.StatusSeeOther)
		return nil
	}
	return s.renderForm(w, r, rq, "login", s.loginData(), &form{Errors: map[string]string{}, Values: url.Values{"terug": {target}}})
}

// withTarget adds the page asked for before login (a local path) to the
// address of a login step, so that it survives the steps.
func withTarget(step, target string) string {
	if target = localTarget(target, "/"); target == "/" {
		return step
	}
	return step + "?terug=" + url.QueryEscape(target)
}

func (s *Server) loginPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	res, err := s.svc.Login(r.Context(), f.Get("email"), f.Get("password"), s.clientIP(r))
	if err != nil {
		if !f.setError(rq.Lang, err) {
			return err
		}
		if domain.KindOf(err) == domain.KindTooMany {
			w.WriteHeader(http.StatusTooManyRequests)
		} else {
			w.WriteHeader(http.StatusUnauthorized)
		}
		return s.renderForm(w, r, rq, "login", s.loginData(), f)
	}
	s.setSessionCookie(w, res.Token)
	switch {
	case res.MustEnroll:
		http.Redirect(w, r, "/tweestaps", http.StatusSeeOther)
	case res.NeedsTOTP:
		http.Redirect(w, r, withTarget("/inloggen/code", f.Get("terug")), http.StatusSeeOther)
	default:
		http.Redirect(w, r, localTarget(f.Get("terug"), "/"), http.StatusSeeOther)
	}
	return nil
}

func (s *Server) totpPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	target := localTarget(r.URL.Query().Get("terug"), "/")
	if !rq.Session.NeedsTOTP {
		http.Redirect(w, r, target, http.StatusSeeOther)
		return nil
	}
	return s.renderForm(w, r, rq, "totp", nil, &form{Errors: map[string]string{}, Values: url.Values{"terug": {target}}})
}

func (s *Server) totpPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	token, err := s.svc.VerifyTOTP(r.Context(), rq.Session.TokenHash, f.Get("code"))
	if err != nil {
		return refuse(f, err, func() error { return s.renderForm(w, r, rq, "totp", nil, f) })
	}
	s.setSessionCookie(w, token) // a new session id with the second factor
	http.Redirect(w, r, localTarget(f.Get("terug"), "/"), http.StatusSeeOther)
	return nil
}

// enrollPage is the second factor's set-up: the secret and its otpauth URL.
type enrollPage struct {
	Secret, URL string
}

func (s *Server) enrollForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.enrollRender(w, r, rq, blankForm())
}

func (s *Server) enrollRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	secret, u, err := s.svc.StartTOTP(r.Context(), rq.Actor.AccountID)
	if err != nil {
		return err
	}
	return s.renderForm(w, r, rq, "enroll", enrollPage{Secret: secret, URL: u}, f)
}

func (s *Server) enrollPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	token, err := s.svc.ConfirmTOTP(r.Context(), rq.Session.TokenHash, rq.Actor.AccountID, f.Get("code"))
	if err != nil {
		return refuse(f, err, func() error { return s.enrollRender(w, r, rq, f) })
	}
	if token != "" {
		s.setSessionCookie(w, token) // a new session id with the second factor
	}
	s.flash(w, "enroll.done")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// logout ends the session and, for one opened through an identity
// provider that offers it, the provider's session too (RP-initiated
// logout: the provider sends the person back to the start page).
func (s *Server) logout(w http.ResponseWriter, r *http.Request, rq *request) error {
	idp := s.svc.SessionIdP(r.Context(), rq.Session.TokenHash)
	if err := s.svc.Logout(r.Context(), rq.Session.TokenHash); err != nil {
		return err
	}
	s.clearCookie(w, sessionCookie)
	if u := s.providerLogout(r.Context(), idp); u != "" {
		// A page with the way on, not a redirect: the pages' CSP
		// (form-action 'self') would stop a form's redirect elsewhere.
		rq.Session, rq.Actor, rq.Roles = nil, service.Actor{}, nil
		label := idp
		if p, ok := s.cfg.Identity.Provider(idp); ok {
			label = p.Label
		}
		return s.render(w, r, rq, "logged_out", loggedOutPage{EndSession: u, Label: label})
	}
	s.flash(w, "logout.done")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// loggedOutPage offers to end the identity provider's session too.
type loggedOutPage struct {
	EndSession, Label string
}

func (s *Server) switchRole(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, _ := strconv.ParseInt(r.PostFormValue("rol"), 10, 64)
	token, err := s.svc.SwitchRole(r.Context(), rq.Session.TokenHash, rq.Actor.AccountID, id)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, token) // a new session id with the new role
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// setLanguage switches the language (cookie, and the account's preference)
// and returns to the page the user came from (a local path only).
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request, rq *request) error {
	lang := i18n.Normalize(r.URL.Query().Get("lang"))
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	if rq.Session != nil {
		_ = s.svc.SetLanguage(r.Context(), rq.Actor.AccountID, lang)
	}
	http.Redirect(w, r, localTarget(r.URL.Query().Get("terug"), "/"), http.StatusSeeOther)
	return nil
}

// accountPage is the person's account: API tokens (a new one shown once),
// sessions, recovery codes left and which notices come by e-mail.
type accountPage struct {
	Tokens       []service.TokenView
	NewToken     string
	Sessions     []service.SessionInfo
	RecoveryLeft int
	NoticeKinds  []string
	MailOn       map[string]bool
}

func (s *Server) account(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.accountRender(w, r, rq, blankForm(), "")
}

func (s *Server) accountRender(w http.ResponseWriter, r *http.Request, rq *request, f *form, newToken string) error {
	toks, err := s.svc.APITokens(r.Context(), rq.Actor)
	if err != nil {
		return err
	}
	sessions, err := s.svc.MySessions(r.Context(), rq.Actor, rq.Session.TokenHash)
	if err != nil {
		return err
	}
	left, err := s.svc.RecoveryCodesLeft(r.Context(), rq.Actor)
	if err != nil {
		return err
	}
	kinds, err := s.svc.MailNotices(r.Context(), rq.Actor)
	if err != nil {
		return err
	}
	on := map[string]bool{}
	for _, k := range kinds {
		on[k] = true
	}
	return s.renderForm(w, r, rq, "account", accountPage{Tokens: toks, NewToken: newToken, Sessions: sessions, RecoveryLeft: left,
		NoticeKinds: service.NoticeKinds, MailOn: on}, f)
}

// mailNoticesPost chooses which notices come by e-mail.
func (s *Server) mailNoticesPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	if err := s.svc.SetMailNotices(r.Context(), rq.Actor, f.Values["kind"]); err != nil {
		return err
	}
	s.flash(w, "mailnotices.saved")
	http.Redirect(w, r, "/account#mail-title", http.StatusSeeOther)
	return nil
}

// sessionEnd ends one of the account's sessions (on another device).
func (s *Server) sessionEnd(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.svc.EndSession(r.Context(), rq.Actor, r.PathValue("ref")); err != nil {
		return err
	}
	s.flash(w, "sessions.ended")
	http.Redirect(w, r, "/account#sessions-title", http.StatusSeeOther)
	return nil
}

func (s *Server) passwordPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	if f.Get("new_password") != f.Get("new_password2") {
		f.Errors["new_password2"] = i18n.T(rq.Lang, "err.password_mismatch")
		f.Order = append(f.Order, "new_password2")
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.accountRender(w, r, rq, f, "")
	}
	if err := s.svc.ChangePassword(r.Context(), rq.Actor, rq.Session.TokenHash, f.Get("old_password"), f.Get("new_password")); err != nil {
		return refuse(f, err, func() error { return s.accountRender(w, r, rq, f, "") })
	}
	s.flash(w, "password.changed")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	tok, err := s.svc.CreateAPIToken(r.Context(), rq.Actor, 0, 0, f.Get("name"))
	if err != nil {
		return refuse(f, err, func() error { return s.accountRender(w, r, rq, f, "") })
	}
	// Shown once, on this response only; never stored in plain text.
	return s.accountRender(w, r, rq, blankForm(), tok)
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err == nil {
		err = s.svc.RevokeAPIToken(r.Context(), rq.Actor, id)
	}
	if err != nil {
		return err
	}
	s.flash(w, "token.revoked")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}
