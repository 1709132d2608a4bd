// Package idpsim is a simulated OpenID Connect identity provider: a real
// provider (github.com/zitadel/oidc/v3's op package: discovery, keys,
// authorization with PKCE, tokens, userinfo, end_session) whose login page
// does not ask for a password but lets one pick a person from a list, each
// with the claims a DigiD or eHerkenning broker or a staff identity
// provider would give. pgb serve -demo runs one on a loopback port, and the
// tests log in through it. It is marked as a simulator on every page and is
// never started without -demo.
package idpsim

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// Person is someone to log in as: the claims their ID token carries
// (besides iss, sub, aud, exp, iat, nonce, acr and amr), the acr and amr.
type Person struct {
	ID     string // the token's sub
	Group  string // a heading on the login page ("DigiD", ...)
	Label  string
	Claims map[string]any
	ACR    string
	AMR    []string
}

// Client is a relying party the simulator knows.
type Client struct {
	ID, Secret             string
	RedirectURIs           []string
	PostLogoutRedirectURIs []string
}

// Sim is a running simulator's state.
type Sim struct {
	issuer  string
	persons []Person
	clients map[string]Client
	key     *rsa.PrivateKey
	keyID   string

	mu       sync.Mutex
	requests map[string]*authRequest
	codes    map[string]string // code -> request id
	tokens   map[string]string // access token id -> subject
	// Logouts counts the end_session requests that ended a session.
	logouts int
}

// New makes a simulator for issuer (its own address, e.g.
// http://127.0.0.1:8081) and returns it with its handler.
func New(issuer string, persons []Person, clients []Client) (*Sim, http.Handler, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	s := &Sim{issuer: strings.TrimRight(issuer, "/"), persons: persons, clients: map[string]Client{}, key: key, keyID: randomID()[:12],
		requests: map[string]*authRequest{}, codes: map[string]string{}, tokens: map[string]string{}}
	for _, c := range clients {
		s.clients[c.ID] = c
	}
	var cryptoKey [32]byte
	rand.Read(cryptoKey[:])
	p, err := op.NewProvider(&op.Config{CryptoKey: cryptoKey, CodeMethodS256: true, AuthMethodPost: true,
		SupportedUILocales: []language.Tag{language.Dutch, language.English}},
		s, op.StaticIssuer(s.issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.loginPost)
	mux.HandleFunc("GET /logged-out", s.loggedOut)
	mux.Handle("/", p)
	return s, mux, nil
}

// Issuer is the simulator's issuer.
func (s *Sim) Issuer() string { return s.issuer }

// Logouts is how many sessions end_session ended.
func (s *Sim) Logouts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logouts
}

// Sign signs claims with the simulator's own key, as its tokens are: the
// tests use it to hand a relying party a token that is signed right but
// says something else (another audience, another issuer).
func (s *Sim) Sign(claims map[string]any) (string, error) {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: s.key, KeyID: s.keyID}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	obj, err := signer.Sign(mustJSON(claims))
	if err != nil {
		return "", err
	}
	return obj.CompactSerialize()
}

func randomID() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Sim) person(id string) (Person, bool) {
	for _, p := range s.persons {
		if p.ID == id {
			return p, true
		}
	}
	return Person{}, false
}

var page = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulator – inloggen (geen echte DigiD)</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;line-height:1.5}
.banner{background:#ffd500;color:#000;padding:.75rem;border:3px dashed #000;font-weight:bold}
button{font:inherit;padding:.6rem 1rem;margin:.25rem 0;width:100%;text-align:left;cursor:pointer}
h2{margin-top:1.5rem;font-size:1.1rem}</style></head>
<body>
<p class="banner" role="note">SIMULATOR – dit is geen echte DigiD, eHerkenning of inlogdienst. Alleen voor de demo en tests; er wordt geen wachtwoord gevraagd.</p>
<h1>Kies een demopersoon</h1>
<p>Inloggen bij <strong>{{.Client}}</strong>. Kies als wie u inlogt:</p>
<form method="post" action="/login">
<input type="hidden" name="id" value="{{.ID}}">
{{range .Groups}}<h2>{{.Name}}</h2>
{{range .Persons}}<button type="submit" name="person" value="{{.ID}}" id="person-{{.ID}}">{{.Label}}</button>
{{end}}{{end}}
</form>
</body></html>`))

type group struct {
	Name    string
	Persons []Person
}

func (s *Sim) loginPage(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("authRequestID")
	s.mu.Lock()
	req, ok := s.requests[id]
	s.mu.Unlock()
	if !ok {
		http.Error(w, "simulator: unknown login request", http.StatusBadRequest)
		return
	}
	var groups []group
	for _, p := range s.persons {
		if len(groups) == 0 || groups[len(groups)-1].Name != p.Group {
			groups = append(groups, group{Name: p.Group})
		}
		groups[len(groups)-1].Persons = append(groups[len(groups)-1].Persons, p)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	page.Execute(w, map[string]any{"ID": id, "Client": req.ClientID, "Groups": groups})
}

func (s *Sim) loginPost(w http.ResponseWriter, r *http.Request) {
	id, pid := r.PostFormValue("id"), r.PostFormValue("person")
	p, ok := s.person(pid)
	s.mu.Lock()
	req, known := s.requests[id]
	if known && ok {
		req.Subject, req.done, req.authTime = p.ID, true, time.Now()
	}
	s.mu.Unlock()
	if !known || !ok {
		http.Error(w, "simulator: unknown login request or person", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, s.issuer+"/authorize/callback?id="+url.QueryEscape(id), http.StatusFound)
}

func (s *Sim) loggedOut(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Simulator – uitgelogd</title></head><body><p><strong>SIMULATOR</strong> – u bent uitgelogd bij de gesimuleerde inlogdienst.</p></body></html>`))
}

// authRequest is a login under way (op.AuthRequest).
type authRequest struct {
	oidc.AuthRequest
	RequestID string
	Subject   string
	done      bool
	authTime  time.Time
	acr       string
	amr       []string
}

func (a *authRequest) GetID() string    { return a.RequestID }
func (a *authRequest) GetACR() string   { return a.acr }
func (a *authRequest) GetAMR() []string { return a.amr }
func (a *authRequest) GetAudience() []string {
	return []string{a.ClientID}
}
func (a *authRequest) GetAuthTime() time.Time { return a.authTime }
func (a *authRequest) GetClientID() string    { return a.ClientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.CodeChallenge, Method: a.CodeChallengeMethod}
}
func (a *authRequest) GetNonce() string                   { return a.Nonce }
func (a *authRequest) GetRedirectURI() string             { return a.RedirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType { return a.ResponseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode { return a.ResponseMode }
func (a *authRequest) GetScopes() []string                { return a.Scopes }
func (a *authRequest) GetState() string                   { return a.State }
func (a *authRequest) GetSubject() string                 { return a.Subject }
func (a *authRequest) Done() bool                         { return a.done }

// The storage (op.Storage), in memory.

var errNotFound = errors.New("simulator: not found")

func (s *Sim) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	a := &authRequest{AuthRequest: *req, RequestID: randomID()}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[a.RequestID] = a
	return a, nil
}

func (s *Sim) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.requests[id]
	if !ok {
		return nil, errNotFound
	}
	if p, ok := s.person(a.Subject); ok {
		a.acr, a.amr = p.ACR, p.AMR
	}
	return a, nil
}

func (s *Sim) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	id, ok := s.codes[code]
	s.mu.Unlock()
	if !ok {
		return nil, errNotFound
	}
	return s.AuthRequestByID(ctx, id)
}

func (s *Sim) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

// DeleteAuthRequest forgets the request and its code: a code is used once.
func (s *Sim) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for c, rid := range s.codes {
		if rid == id {
			delete(s.codes, c)
		}
	}
	return nil
}

func (s *Sim) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	id := randomID()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[id] = req.GetSubject()
	return id, time.Now().Add(5 * time.Minute), nil
}

func (s *Sim) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("simulator: no refresh tokens")
}

func (s *Sim) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, errors.New("simulator: no refresh tokens")
}

func (s *Sim) TerminateSession(context.Context, string, string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logouts++
	return nil
}

func (s *Sim) RevokeToken(_ context.Context, token, _, _ string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, token)
	return nil
}

func (s *Sim) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

type signingKey struct{ s *Sim }

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.s.key }
func (k signingKey) ID() string                                  { return k.s.keyID }

type publicKey struct{ s *Sim }

func (k publicKey) ID() string                                   { return k.s.keyID }
func (k publicKey) Algorithm() jose.SignatureAlgorithm           { return jose.RS256 }
func (k publicKey) Use() string                                  { return "sig" }
func (k publicKey) Key() any                                     { return &k.s.key.PublicKey }
func (s *Sim) SigningKey(context.Context) (op.SigningKey, error) { return signingKey{s}, nil }
func (s *Sim) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}
func (s *Sim) KeySet(context.Context) ([]op.Key, error) { return []op.Key{publicKey{s}}, nil }

func (s *Sim) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	c, ok := s.clients[id]
	if !ok {
		return nil, errNotFound
	}
	return client{c}, nil
}

func (s *Sim) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	c, ok := s.clients[id]
	if !ok || c.Secret != secret {
		return errors.New("simulator: wrong client secret")
	}
	return nil
}

// setClaims puts the person's claims in userinfo (and so in the ID token).
func (s *Sim) setClaims(info *oidc.UserInfo, subject string) {
	info.Subject = subject
	p, ok := s.person(subject)
	if !ok {
		return
	}
	keys := make([]string, 0, len(p.Claims))
	for k := range p.Claims {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		info.AppendClaims(k, p.Claims[k])
	}
}

func (s *Sim) SetUserinfoFromScopes(_ context.Context, info *oidc.UserInfo, userID, _ string, _ []string) error {
	s.setClaims(info, userID)
	return nil
}

func (s *Sim) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, _, _ string) error {
	s.mu.Lock()
	sub, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok {
		return errNotFound
	}
	s.setClaims(info, sub)
	return nil
}

func (s *Sim) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("simulator: no introspection")
}

func (s *Sim) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *Sim) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("simulator: no JWT profile")
}

func (s *Sim) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("simulator: no JWT profile")
}

func (s *Sim) Health(context.Context) error { return nil }

// client is a relying party (op.Client): confidential, code flow, PKCE.
type client struct{ c Client }

func (c client) GetID() string                    { return c.c.ID }
func (c client) RedirectURIs() []string           { return c.c.RedirectURIs }
func (c client) PostLogoutRedirectURIs() []string { return c.c.PostLogoutRedirectURIs }
func (c client) ApplicationType() op.ApplicationType {
	return op.ApplicationTypeWeb
}
func (c client) AuthMethod() oidc.AuthMethod { return oidc.AuthMethodBasic }
func (c client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c client) GrantTypes() []oidc.GrantType         { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c client) LoginURL(id string) string            { return "/login?authRequestID=" + url.QueryEscape(id) }
func (c client) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c client) IDTokenLifetime() time.Duration       { return 5 * time.Minute }
func (c client) DevMode() bool                        { return true } // http:// on loopback
func (c client) IsScopeAllowed(string) bool           { return true }
func (c client) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c client) ClockSkew() time.Duration             { return 0 }
func (c client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
