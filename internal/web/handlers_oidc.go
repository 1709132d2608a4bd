package web

// Logging in through OpenID Connect identity providers (DigiD and
// eHerkenning brokers, staff identity providers): the Authorization Code
// flow with PKCE, state and nonce. The state, nonce and PKCE verifier are
// kept server-side (service.OIDCStart) and taken once when the provider
// sends the person back. The ID token is verified by go-oidc (signature
// against the provider's published keys, issuer, audience, expiry,
// algorithm); what its claims mean is package identity's.

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/identity"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// oidcCallback is the one address providers send people back to.
const oidcCallback = "/inloggen/oidc/terug"

// statusErr gives an error its own HTTP status (httpkit.Status reads it).
type statusErr struct {
	error
	status int
}

func (e statusErr) HTTPStatus() int { return e.status }
func (e statusErr) Unwrap() error   { return e.error }

// oidcRefusal is a login through a provider refused: a 4xx page with the
// code's message (err.<code>).
func oidcRefusal(status int, code string) error {
	return statusErr{error: &domain.Error{Kind: domain.KindForbidden, Code: code}, status: status}
}

// rps keeps each provider's discovery (its endpoints and keys), fetched
// when first needed and again after an hour or after it failed: a provider
// that is down when the portal starts does not stop the portal.
type rps struct {
	mu   sync.Mutex
	disc map[string]discovered
}

type discovered struct {
	p  *oidc.Provider
	at time.Time
}

// oidcButtons are the configured providers, for the login page.
func (s *Server) oidcButtons() []identity.Provider {
	if s.cfg.Identity == nil {
		return nil
	}
	return s.cfg.Identity.Providers
}

// provider returns the configured provider and its discovery document.
func (s *Server) provider(ctx context.Context, name string) (identity.Provider, *oidc.Provider, error) {
	if s.cfg.Identity == nil {
		return identity.Provider{}, nil, domain.NotFound("identity_provider")
	}
	cfg, ok := s.cfg.Identity.Provider(name)
	if !ok {
		return cfg, nil, domain.NotFound("identity_provider")
	}
	s.rps.mu.Lock()
	d, ok := s.rps.disc[name]
	s.rps.mu.Unlock()
	if ok && time.Since(d.at) < time.Hour {
		return cfg, d.p, nil
	}
	// Fetched without the lock: a provider that is slow to answer does not
	// hold up the others.
	dctx, cancel := context.WithTimeout(s.oidcContext(ctx), 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(dctx, cfg.Issuer)
	if err != nil {
		return cfg, nil, s.oidcRefused(name, http.StatusServiceUnavailable, "oidc_provider_down", err)
	}
	s.rps.mu.Lock()
	if s.rps.disc == nil {
		s.rps.disc = map[string]discovered{}
	}
	s.rps.disc[name] = discovered{p: p, at: time.Now()}
	s.rps.mu.Unlock()
	return cfg, p, nil
}

// oidcContext carries the HTTP client go-oidc and oauth2 use (with a
// timeout: a provider that hangs is a provider that is down).
func (s *Server) oidcContext(ctx context.Context) context.Context {
	c := s.cfg.OIDCClient
	if c == nil {
		c = &http.Client{Timeout: 15 * time.Second}
	}
	return oidc.ClientContext(ctx, c)
}

func (s *Server) oauthConfig(cfg identity.Provider, p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: s.publicURL() + oidcCallback, Scopes: cfg.Scopes}
}

func (s *Server) publicURL() string {
	u := s.cfg.PublicURL
	if u == "" {
		u = s.svc.PublicURL()
	}
	return strings.TrimRight(u, "/")
}

func randomString() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// oidcStart sends the person to the provider with a new state, nonce and
// PKCE challenge.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request, rq *request) error {
	cfg, p, err := s.provider(r.Context(), r.PathValue("provider"))
	if err != nil {
		return err
	}
	state, nonce, verifier := randomString(), randomString(), oauth2.GenerateVerifier()
	target := localTarget(r.URL.Query().Get("terug"), "/")
	if err := s.svc.OIDCStart(r.Context(), cfg.Name, state, nonce, verifier, target); err != nil {
		return err
	}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)}
	if cfg.ACRValues != "" {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", cfg.ACRValues))
	}
	if rq.Lang != "" {
		opts = append(opts, oauth2.SetAuthURLParam("ui_locales", rq.Lang))
	}
	http.Redirect(w, r, s.oauthConfig(cfg, p).AuthCodeURL(state, opts...), http.StatusSeeOther)
	return nil
}

// oidcRefused logs a refused login (the provider's name and the reason's
// code, never a claim) and returns the refusal.
func (s *Server) oidcRefused(provider string, status int, code string, cause error) error {
	args := []any{"provider", provider, "reason", code}
	if cause != nil { // the library's words (or the provider's error code), cut short
		msg := cause.Error()
		if len(msg) > 200 {
			msg = msg[:200]
		}
		args = append(args, "err", msg)
	}
	s.log.Info("oidc login refused", args...)
	return oidcRefusal(status, code)
}

// oidcReturn is where the provider sends the person back: the state is
// taken (once), the code exchanged with the PKCE verifier, the ID token
// verified and its nonce compared, and the person logged in as its claims
// say.
func (s *Server) oidcReturn(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	state, code := q.Get("state"), q.Get("code")
	if state == "" || (code == "" && q.Get("error") == "") {
		return s.oidcRefused("", http.StatusBadRequest, "oidc_state", nil)
	}
	l, err := s.svc.OIDCTake(r.Context(), state)
	if err != nil {
		if domain.HasCode(err, "oidc_state") {
			return s.oidcRefused("", http.StatusBadRequest, "oidc_state", nil)
		}
		return err
	}
	if e := q.Get("error"); e != "" { // the person cancelled, or the provider refused
		return s.oidcRefused(l.Provider, http.StatusForbidden, "oidc_provider_refused", errors.New(e))
	}
	cfg, p, err := s.provider(r.Context(), l.Provider)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(s.oidcContext(r.Context()), 15*time.Second)
	defer cancel()
	tok, err := s.oauthConfig(cfg, p).Exchange(ctx, code, oauth2.VerifierOption(l.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode < 500 {
			// a code used before, expired or for another client
			return s.oidcRefused(cfg.Name, http.StatusForbidden, "oidc_token_refused", errors.New(re.ErrorCode))
		}
		return s.oidcRefused(cfg.Name, http.StatusServiceUnavailable, "oidc_provider_down", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return s.oidcRefused(cfg.Name, http.StatusForbidden, "oidc_token_invalid", errors.New("no id_token"))
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		return s.oidcRefused(cfg.Name, http.StatusForbidden, "oidc_token_invalid", err)
	}
	if idt.Nonce != l.Nonce {
		return s.oidcRefused(cfg.Name, http.StatusForbidden, "oidc_nonce", nil)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return s.oidcRefused(cfg.Name, http.StatusForbidden, "oidc_token_invalid", err)
	}
	id, err := cfg.Map(claims)
	if err != nil {
		return s.oidcRefused(cfg.Name, http.StatusForbidden, domain.CodeOf(err), nil)
	}
	res, err := s.svc.LoginByIdentity(r.Context(), id, l.Target)
	if err != nil {
		if e, ok := domain.AsError(err); ok && e.Kind == domain.KindForbidden {
			return s.oidcRefused(cfg.Name, http.StatusForbidden, e.Code, nil)
		}
		return err
	}
	if len(res.Choices) > 0 {
		return s.render(w, r, rq, "oidc_choose", oidcChoosePage{Token: res.ChoiceToken, Providers: res.Choices})
	}
	return s.oidcLoggedIn(w, r, rq, res.LoginResult, l.Target)
}

// oidcLoggedIn sets the session's cookie and goes on: to the TOTP step
// when the provider asserted no second factor and the account has one, to
// setting one up (staff), or to the page asked for.
func (s *Server) oidcLoggedIn(w http.ResponseWriter, r *http.Request, rq *request, res service.LoginResult, target string) error {
	if rq.Session != nil { // a login over another: the earlier session ends
		if err := s.svc.Logout(r.Context(), rq.Session.TokenHash); err != nil {
			return err
		}
	}
	s.setSessionCookie(w, res.Token)
	switch {
	case res.MustEnroll:
		http.Redirect(w, r, "/tweestaps", http.StatusSeeOther)
	case res.NeedsTOTP:
		http.Redirect(w, r, withTarget("/inloggen/code", target), http.StatusSeeOther)
	default:
		http.Redirect(w, r, localTarget(target, "/"), http.StatusSeeOther)
	}
	return nil
}

// oidcChoosePage lists the providers of one KvK number to choose from.
type oidcChoosePage struct {
	Token     string
	Providers []domain.Provider
}

// oidcChoose completes an eHerkenning login with the provider chosen.
func (s *Server) oidcChoose(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	id, _ := strconv.ParseInt(f.Get("provider"), 10, 64)
	res, err := s.svc.ChooseProvider(r.Context(), f.Get("token"), id)
	if err != nil {
		if e, ok := domain.AsError(err); ok && e.Kind == domain.KindForbidden {
			return s.oidcRefused("", http.StatusBadRequest, e.Code, nil)
		}
		return err
	}
	return s.oidcLoggedIn(w, r, rq, res.LoginResult, res.Target)
}

// providerLogout is the provider's end_session_endpoint for a session
// opened through it, with the portal's start page to come back to; "" when
// the session was not opened through a provider or it has no such endpoint
// (RP-initiated logout).
func (s *Server) providerLogout(ctx context.Context, idp string) string {
	if idp == "" {
		return ""
	}
	cfg, p, err := s.provider(ctx, idp)
	if err != nil {
		return ""
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&meta); err != nil || meta.EndSession == "" {
		return ""
	}
	u, err := url.Parse(meta.EndSession)
	if err != nil {
		return ""
	}
	v := u.Query()
	v.Set("client_id", cfg.ClientID)
	v.Set("post_logout_redirect_uri", s.publicURL()+"/")
	u.RawQuery = v.Encode()
	return u.String()
}
