package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"crypto/rand"
	"crypto/rsa"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/identity"
	"github.com/pgbportaal/pgbportaal/internal/identity/idpsim"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/web"
)

// oidcPortal is the portal with the demo's identity configuration, logging
// in through a real OpenID Connect provider (idpsim, zitadel's op) on
// loopback. Between the portal and the provider sits a tap the tests use
// to play a provider that misbehaves: rewrite the authorization request,
// or the token response.
type oidcPortal struct {
	*portal
	sim    *idpsim.Sim
	simURL string
	logs   *syncBuffer

	mu        sync.Mutex
	clock     time.Time
	authorize func(url.Values)                         // changes the authorization request's query
	token     func(w http.ResponseWriter, body []byte) // answers the token request instead
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func listen(t *testing.T) net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

func newOIDCPortal(t *testing.T, db *store.DB) *oidcPortal {
	t.Helper()
	op := &oidcPortal{clock: now, logs: &syncBuffer{}}
	portalLn, simLn := listen(t), listen(t)
	portalURL, simURL := "http://"+portalLn.Addr().String(), "http://"+simLn.Addr().String()
	op.simURL = simURL

	svc := service.New(db, service.Options{Now: func() time.Time { op.mu.Lock(); defer op.mu.Unlock(); return op.clock }, FileDir: t.TempDir(), PublicURL: portalURL,
		Payer: service.Payer{Name: "SVB pgb test", IBAN: "NL97INGB0000002445", BIC: "INGBNL2A"}})
	if err := demo.Load(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	ic := demo.IdentityConfig(simURL, "test-secret")
	// A provider whose address answers nothing: one that is down.
	dead := listen(t)
	deadURL := "http://" + dead.Addr().String()
	dead.Close()
	ic.Providers = append(ic.Providers, identity.Provider{Name: "weg", Label: "Weg", Kind: identity.DigiD, Issuer: deadURL, ClientID: "x"})
	if err := ic.Validate(); err != nil {
		t.Fatal(err)
	}
	// Besides the demo's people: a neighbour whom J. de Vries authorised
	// at DigiD Machtigen only, unknown to the portal.
	persons := append(demo.IdentityPersons(), idpsim.Person{ID: "digid-buur", Group: "DigiD", Label: "Buur, namens J. de Vries",
		Claims: map[string]any{"bsn": "999999990", "acting_for_bsn": "173291004", "name": "K. de Buur"}, ACR: "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"})
	sim, simH, err := idpsim.New(simURL, persons, demo.IdentityClients(ic, portalURL))
	if err != nil {
		t.Fatal(err)
	}
	op.sim = sim
	simSrv := &httptest.Server{Listener: simLn, Config: &http.Server{Handler: op.tap(simH)}}
	simSrv.Start()
	t.Cleanup(simSrv.Close)

	s, err := web.New(web.Config{Service: svc, Identity: ic, SecureCookies: false, Logger: slog.New(slog.NewTextHandler(op.logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: portalLn, Config: &http.Server{Handler: s.Handler()}}
	srv.Start()
	t.Cleanup(srv.Close)
	op.portal = &portal{srv: srv, svc: svc, db: db}
	return op
}

// tap passes requests to the provider, except where a test changes them.
func (op *oidcPortal) tap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op.mu.Lock()
		authorize, token := op.authorize, op.token
		op.mu.Unlock()
		switch {
		case r.URL.Path == "/authorize" && authorize != nil:
			q := r.URL.Query()
			authorize(q)
			r.URL.RawQuery = q.Encode()
		case r.URL.Path == "/oauth/token" && token != nil:
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			token(w, rec.Body.Bytes())
			return
		}
		h.ServeHTTP(w, r)
	})
}

// reissue answers the token request with the provider's answer, its ID
// token replaced by what change makes of its claims.
func (op *oidcPortal) reissue(t *testing.T, change func(claims map[string]any) string) {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.token = func(w http.ResponseWriter, body []byte) {
		var resp map[string]any
		if err := json.Unmarshal(body, &resp); err != nil {
			t.Errorf("token response: %v: %s", err, body)
			return
		}
		raw, _ := resp["id_token"].(string)
		parts := strings.Split(raw, ".")
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
		var claims map[string]any
		json.Unmarshal(payload, &claims)
		resp["id_token"] = change(claims)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(resp)
	}
}

func (op *oidcPortal) reset() {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.authorize, op.token = nil, nil
}

// browser is a person's browser: one cookie jar for the portal and the
// provider, redirects followed by hand.
type idpBrowser struct {
	t    *testing.T
	op   *oidcPortal
	http *http.Client
}

func (op *oidcPortal) person(t *testing.T) *idpBrowser {
	jar, _ := cookiejar.New(nil)
	return &idpBrowser{t: t, op: op, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type answer struct {
	code     int
	location string
	body     string
}

func (b *idpBrowser) do(method, u string, form url.Values) answer {
	b.t.Helper()
	if strings.HasPrefix(u, "/") {
		u = b.op.srv.URL + u
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, u, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	bs, _ := io.ReadAll(resp.Body)
	loc := resp.Header.Get("Location")
	if loc != "" && !strings.HasPrefix(loc, "http") && !strings.HasPrefix(loc, "/") {
		loc = "/" + loc
	}
	if strings.HasPrefix(loc, "/") && strings.HasPrefix(u, b.op.simURL) {
		loc = b.op.simURL + loc
	}
	return answer{resp.StatusCode, loc, string(bs)}
}

// atProvider starts a login with provider and picks person on the
// provider's page; it returns the address the provider sends the browser
// back to (the portal's callback, with code and state).
func (b *idpBrowser) atProvider(provider, person string) string {
	b.t.Helper()
	a := b.do("GET", "/inloggen/oidc/"+provider, nil)
	if a.code != http.StatusSeeOther || !strings.HasPrefix(a.location, b.op.simURL+"/authorize?") {
		b.t.Fatalf("start: %d %q %s", a.code, a.location, a.body)
	}
	for _, p := range []string{"code_challenge=", "code_challenge_method=S256", "nonce=", "state="} {
		if !strings.Contains(a.location, p) {
			b.t.Fatalf("authorization request without %s: %s", p, a.location)
		}
	}
	a = b.do("GET", a.location, nil) // the provider's authorize: to its login page
	if a.code != http.StatusFound {
		b.t.Fatalf("authorize: %d %s", a.code, a.body)
	}
	page := b.do("GET", a.location, nil)
	if page.code != 200 || !strings.Contains(page.body, "SIMULATOR") {
		b.t.Fatalf("login page: %d %s", page.code, page.body)
	}
	id := regexp.MustCompile(`name="id" value="([^"]+)"`).FindStringSubmatch(page.body)
	if id == nil {
		b.t.Fatalf("no request id: %s", page.body)
	}
	a = b.do("POST", b.op.simURL+"/login", url.Values{"id": {id[1]}, "person": {person}})
	if a.code != http.StatusFound {
		b.t.Fatalf("pick: %d %s", a.code, a.body)
	}
	a = b.do("GET", a.location, nil) // authorize/callback: the code, to the portal
	if a.code != http.StatusFound || !strings.Contains(a.location, "/inloggen/oidc/terug?") {
		b.t.Fatalf("callback: %d %q %s", a.code, a.location, a.body)
	}
	return a.location
}

// login logs in as person through provider and returns the portal's
// answer to the provider's return.
func (b *idpBrowser) login(provider, person string) answer {
	b.t.Helper()
	return b.do("GET", b.atProvider(provider, person), nil)
}

func (op *oidcPortal) accounts(t *testing.T) int {
	t.Helper()
	var n int
	err := op.db.View(context.Background(), func(tx *store.Tx) error {
		list, err := tx.Accounts(context.Background(), "", 100000)
		n = len(list)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// actor is who the browser is logged in as.
func (b *idpBrowser) actor() service.Actor {
	b.t.Helper()
	u, _ := url.Parse(b.op.srv.URL)
	for _, c := range b.http.Jar.Cookies(u) {
		if c.Name == "pgb_session" {
			s, err := b.op.svc.SessionFor(context.Background(), c.Value)
			if err != nil {
				b.t.Fatal(err)
			}
			return s.Actor
		}
	}
	b.t.Fatal("no session")
	return service.Actor{}
}

func accountIDOf(t *testing.T, op *oidcPortal, email string) int64 {
	var id int64
	op.db.View(context.Background(), func(tx *store.Tx) error {
		a, err := tx.AccountByEmail(context.Background(), email)
		id = a.ID
		return err
	})
	if id == 0 {
		t.Fatalf("no account %s", email)
	}
	return id
}

func TestOIDCLoginEachKindOfPerson(t *testing.T) {
	op := newOIDCPortal(t, storetest.OpenSQLite(t))
	before := op.accounts(t)

	t.Run("login page has a button per provider", func(t *testing.T) {
		code, body := op.client(t).get("/inloggen")
		for _, want := range []string{`id="idp-digid"`, "Inloggen met DigiD", "Inloggen met eHerkenning", `href="/inloggen/oidc/medewerkers"`} {
			if code != 200 || !strings.Contains(body, want) {
				t.Fatalf("login page lacks %s: %d", want, code)
			}
		}
	})

	t.Run("budget holder by BSN, linked to the account they had", func(t *testing.T) {
		b := op.person(t)
		a := b.login("digid", "digid-vries")
		if a.code != http.StatusSeeOther || a.location != "/" {
			t.Fatalf("return: %d %q %s", a.code, a.location, a.body)
		}
		home := b.do("GET", "/", nil)
		if home.code != 200 || !strings.Contains(home.body, "Nog te besteden") {
			t.Fatalf("dashboard: %d %s", home.code, home.body)
		}
		act := b.actor()
		if act.AccountID != accountIDOf(t, op, "budgethouder@pgbportaal.demo") || act.Role.Role != domain.RoleBudgetHolder {
			t.Fatalf("logged in as %+v, not the holder's own account", act)
		}
		if n := op.accounts(t); n != before {
			t.Fatalf("accounts: %d, were %d: a second account was made", n, before)
		}
	})

	t.Run("budget holder without an account gets one, once", func(t *testing.T) {
		for i := range 2 {
			b := op.person(t)
			if a := b.login("digid", "digid-amrani"); a.code != http.StatusSeeOther || a.location != "/" {
				t.Fatalf("login %d: %d %q %s", i, a.code, a.location, a.body)
			}
			if act := b.actor(); act.Role.Role != domain.RoleBudgetHolder {
				t.Fatalf("role %s", act.Role.Role)
			}
			if n := op.accounts(t); n != before+1 {
				t.Fatalf("login %d: %d accounts, want %d", i, n, before+1)
			}
		}
	})

	t.Run("representative acting for someone, recorded as namens", func(t *testing.T) {
		b := op.person(t)
		if a := b.login("digid", "digid-ouder"); a.code != http.StatusSeeOther {
			t.Fatalf("return: %d %s", a.code, a.body)
		}
		act := b.actor()
		if act.AccountID != accountIDOf(t, op, "ouder@pgbportaal.demo") || act.Role.Role != domain.RoleRepresentative {
			t.Fatalf("logged in as %+v, want the parent's account as representative", act)
		}
		var child domain.BudgetHolder
		op.db.View(context.Background(), func(tx *store.Tx) error {
			var err error
			child, err = tx.BudgetHolderByBSN(context.Background(), "258371006")
			return err
		})
		if act.Role.BudgetHolderID != child.ID {
			t.Fatalf("acts for holder %d, want %d", act.Role.BudgetHolderID, child.ID)
		}
		var recs []string
		op.db.View(context.Background(), func(tx *store.Tx) error {
			list, err := tx.AuditByActor(context.Background(), act.AccountID, 5)
			for _, r := range list {
				if r.Action == "account.login_provider" && r.ActingFor == child.ID {
					recs = append(recs, r.Action)
				}
			}
			return err
		})
		if len(recs) == 0 {
			t.Fatal("the login is not recorded as done for the budget holder")
		}
		home := b.do("GET", "/", nil)
		if home.code != 200 || !strings.Contains(home.body, "Bakker") {
			t.Fatalf("dashboard: %d %s", home.code, home.body)
		}
		if n := op.accounts(t); n != before+1 { // (+1: El Amrani above)
			t.Fatalf("accounts %d", n)
		}
	})

	t.Run("someone the portal does not know, authorised at DigiD Machtigen", func(t *testing.T) {
		var mandate domain.Representation
		for i := range 2 {
			b := op.person(t)
			if a := b.login("digid", "digid-buur"); a.code != http.StatusSeeOther {
				t.Fatalf("login %d: %d %s", i, a.code, a.body)
			}
			act := b.actor()
			if act.Role.Role != domain.RoleRepresentative || act.Name != "K. de Buur" {
				t.Fatalf("logged in as %+v", act)
			}
			// DigiD gives no e-mail address: no notices go to the placeholder.
			if kinds, err := op.svc.MailNotices(context.Background(), act); err != nil || len(kinds) != 0 || !strings.HasSuffix(act.Email, ".invalid") {
				t.Fatalf("mail notices %v %v to %s", kinds, err, act.Email)
			}
			var reps []domain.Representation
			op.db.View(context.Background(), func(tx *store.Tx) (err error) {
				reps, err = tx.Representations(context.Background(), act.Role.BudgetHolderID)
				return err
			})
			var mine []domain.Representation
			for _, r := range reps {
				if r.AccountID == act.AccountID {
					mine = append(mine, r)
				}
			}
			// One mandate, for today only, made at the first login and used at the second.
			today := op.svc.Today()
			if len(mine) != 1 || mine[0].Kind != domain.Gemachtigde || mine[0].ValidFrom != today || mine[0].ValidTo != today {
				t.Fatalf("login %d: representations %+v", i, mine)
			}
			if i == 1 && mine[0].ID != mandate.ID {
				t.Fatal("a second mandate")
			}
			mandate = mine[0]
		}
		if n := op.accounts(t); n != before+2 { // El Amrani and the neighbour
			t.Fatalf("accounts %d, want %d", n, before+2)
		}
	})

	t.Run("provider by KvK", func(t *testing.T) {
		b := op.person(t)
		if a := b.login("eherkenning", "eh-thuiszorg"); a.code != http.StatusSeeOther || a.location != "/" {
			t.Fatalf("return: %d %q %s", a.code, a.location, a.body)
		}
		act := b.actor()
		if act.AccountID != accountIDOf(t, op, "zorgverlener@pgbportaal.demo") || act.Role.Role != domain.RoleProvider {
			t.Fatalf("logged in as %+v", act)
		}
	})

	t.Run("several providers for one KvK: the person chooses", func(t *testing.T) {
		second, err := op.svc.CreateProvider(context.Background(), service.System, service.ProviderInput{Kind: "instelling", Name: "Thuiszorg Midden Noord",
			AGB: "03456789", KvK: "34567890", IBAN: "NL91ABNA0417164300", City: "Utrecht"})
		if err != nil {
			t.Fatal(err)
		}
		b := op.person(t)
		a := b.login("eherkenning", "eh-thuiszorg")
		if a.code != 200 || !strings.Contains(a.body, "Thuiszorg Midden Noord") || !strings.Contains(a.body, "Thuiszorg Midden B.V.") {
			t.Fatalf("choice page: %d %s", a.code, a.body)
		}
		token := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(a.body)
		if token == nil {
			t.Fatal("no token on the choice page")
		}
		// A provider not among the choices is refused.
		if a := b.do("POST", "/inloggen/oidc/kies", url.Values{"token": {token[1]}, "provider": {"1"}}); a.code != http.StatusNotFound {
			t.Fatalf("another provider: %d", a.code)
		}
		// (the refusal used the token up: log in again)
		a = b.login("eherkenning", "eh-thuiszorg")
		token = regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(a.body)
		a = b.do("POST", "/inloggen/oidc/kies", url.Values{"token": {token[1]}, "provider": {itoa(second.ID)}})
		if a.code != http.StatusSeeOther {
			t.Fatalf("choose: %d %s", a.code, a.body)
		}
		if act := b.actor(); act.Role.ProviderID != second.ID {
			t.Fatalf("acts for provider %d, want %d", act.Role.ProviderID, second.ID)
		}
		// The choice is used once.
		if a := b.do("POST", "/inloggen/oidc/kies", url.Values{"token": {token[1]}, "provider": {itoa(second.ID)}}); a.code != http.StatusBadRequest {
			t.Fatalf("choice used twice: %d", a.code)
		}
	})

	t.Run("staff by group, second factor asserted by the provider", func(t *testing.T) {
		b := op.person(t)
		a := b.login("medewerkers", "staff-utrecht")
		if a.code != http.StatusSeeOther || a.location != "/" {
			t.Fatalf("return: %d %q (no TOTP step expected) %s", a.code, a.location, a.body)
		}
		act := b.actor()
		if act.AccountID != accountIDOf(t, op, "medewerker@utrecht.demo") || act.Role.Role != domain.RoleVerstrekker || !act.MFA {
			t.Fatalf("logged in as %+v", act)
		}
		if home := b.do("GET", "/budgethouders", nil); home.code != 200 {
			t.Fatalf("staff page: %d", home.code)
		}
	})

	t.Run("staff without a second factor at the provider give the portal's TOTP", func(t *testing.T) {
		b := op.person(t)
		a := b.login("medewerkers", "staff-svb")
		if a.code != http.StatusSeeOther || a.location != "/inloggen/code" {
			t.Fatalf("return: %d %q", a.code, a.location)
		}
		if home := b.do("GET", "/", nil); home.code != http.StatusSeeOther || home.location != "/inloggen/code" {
			t.Fatalf("before the code: %d %q", home.code, home.location)
		}
	})

	t.Run("logout ends the provider's session too", func(t *testing.T) {
		b := op.person(t)
		b.login("digid", "digid-vries")
		a := b.do("POST", "/uitloggen", url.Values{})
		if a.code != 200 || !strings.Contains(a.body, `id="idp-logout"`) {
			t.Fatalf("logout: %d %s", a.code, a.body)
		}
		end := regexp.MustCompile(`id="idp-logout" href="([^"]+)"`).FindStringSubmatch(a.body)
		u := strings.ReplaceAll(end[1], "&amp;", "&")
		if !strings.HasPrefix(u, op.simURL+"/end_session?") {
			t.Fatalf("end session link %s", u)
		}
		before := op.sim.Logouts()
		r := b.do("GET", u, nil)
		if r.code != http.StatusFound || r.location != op.srv.URL+"/" || op.sim.Logouts() != before+1 {
			t.Fatalf("end_session: %d %q, logouts %d", r.code, r.location, op.sim.Logouts())
		}
		if home := b.do("GET", "/account", nil); home.code != http.StatusSeeOther {
			t.Fatalf("still logged in: %d", home.code)
		}
	})
}

// TestOIDCBadInput: each is refused with a clear page, logged without
// personal data, and creates no account.
func TestOIDCBadInput(t *testing.T) {
	op := newOIDCPortal(t, storetest.OpenSQLite(t))
	before := op.accounts(t)
	otherKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	signOther := func(claims map[string]any) string {
		s, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: otherKey, KeyID: "other"}}, nil)
		b, _ := json.Marshal(claims)
		o, _ := s.Sign(b)
		c, _ := o.CompactSerialize()
		return c
	}
	resign := func(change func(map[string]any)) func(map[string]any) string {
		return func(c map[string]any) string {
			change(c)
			s, err := op.sim.Sign(c)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
	}
	for _, c := range []struct {
		name   string
		setup  func()
		run    func(b *idpBrowser) answer
		status int
		text   string // in the page
		reason string // in the log
	}{
		{"unknown state", nil, func(b *idpBrowser) answer {
			return b.do("GET", "/inloggen/oidc/terug?state=onbekend&code=abc", nil)
		}, 400, "verlopen of al gebruikt", "oidc_state"},
		{"no state or code at all", nil, func(b *idpBrowser) answer { return b.do("GET", "/inloggen/oidc/terug", nil) }, 400, "verlopen of al gebruikt", "oidc_state"},
		{"expired state", nil, func(b *idpBrowser) answer {
			back := b.atProvider("digid", "digid-vries")
			op.mu.Lock()
			op.clock = op.clock.Add(service.OIDCLoginTTL + time.Minute)
			op.mu.Unlock()
			defer func() { op.mu.Lock(); op.clock = now; op.mu.Unlock() }()
			return b.do("GET", back, nil)
		}, 400, "verlopen of al gebruikt", "oidc_state"},
		{"nonce mismatch", func() {
			op.mu.Lock()
			op.authorize = func(q url.Values) { q.Set("nonce", "een-andere-nonce") }
			op.mu.Unlock()
		}, func(b *idpBrowser) answer { return b.login("digid", "digid-vries") }, 403, "hoort niet bij deze inlogpoging", "oidc_nonce"},
		{"wrong audience", func() {
			op.reissue(t, resign(func(c map[string]any) { c["aud"] = []string{"https://elders.example"} }))
		}, func(b *idpBrowser) answer { return b.login("digid", "digid-vries") }, 403, "niet voor pgbportaal", "oidc_token_invalid"},
		{"token for another client", func() {
			op.reissue(t, resign(func(c map[string]any) { c["aud"] = []string{"pgb-eherkenning"}; c["azp"] = "pgb-eherkenning" }))
		}, func(b *idpBrowser) answer { return b.login("digid", "digid-vries") }, 403, "niet voor pgbportaal", "oidc_token_invalid"},
		{"alg none", func() {
			op.reissue(t, func(c map[string]any) string {
				h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
				p, _ := json.Marshal(c)
				return h + "." + base64.RawURLEncoding.EncodeToString(p) + "."
			})
		}, func(b *idpBrowser) answer { return b.login("digid", "digid-vries") }, 403, "niet ondertekend", "oidc_token_invalid"},
		{"signed by a key the provider does not publish", func() {
			op.reissue(t, signOther)
		}, func(b *idpBrowser) answer { return b.login("digid", "digid-vries") }, 403, "niet ondertekend", "oidc_token_invalid"},
		{"wrong issuer", func() {
			op.reissue(t, resign(func(c map[string]any) { c["iss"] = "https://elders.example" }))
		}, func(b *idpBrowser) answer { return b.login("digid", "digid-vries") }, 403, "andere uitgever", "oidc_token_invalid"},
		{"expired token", func() {
			op.reissue(t, resign(func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() }))
		}, func(b *idpBrowser) answer { return b.login("digid", "digid-vries") }, 403, "niet ondertekend", "oidc_token_invalid"},
		{"replayed return (state and code again)", nil, func(b *idpBrowser) answer {
			back := b.atProvider("digid", "digid-vries")
			if a := b.do("GET", back, nil); a.code != http.StatusSeeOther {
				t.Fatalf("first use: %d %s", a.code, a.body)
			}
			return op.person(t).do("GET", back, nil)
		}, 400, "verlopen of al gebruikt", "oidc_state"},
		{"replayed code with a fresh state", nil, func(b *idpBrowser) answer {
			back := b.atProvider("digid", "digid-vries")
			if a := b.do("GET", back, nil); a.code != http.StatusSeeOther {
				t.Fatalf("first use: %d %s", a.code, a.body)
			}
			used, _ := url.Parse(back)
			fresh, _ := url.Parse(op.person(t).atProvider("digid", "digid-vries"))
			q := fresh.Query()
			q.Set("code", used.Query().Get("code"))
			return b.do("GET", "/inloggen/oidc/terug?"+q.Encode(), nil)
		}, 403, "weigerde de inlogcode", "oidc_token_refused"},
		{"provider down at the start", nil, func(b *idpBrowser) answer { return b.do("GET", "/inloggen/oidc/weg", nil) }, 503, "niet bereikbaar", "oidc_provider_down"},
		{"provider down at the token", func() {
			op.mu.Lock()
			op.token = func(w http.ResponseWriter, _ []byte) { http.Error(w, "down", http.StatusBadGateway) }
			op.mu.Unlock()
		}, func(b *idpBrowser) answer { return b.login("digid", "digid-vries") }, 503, "niet bereikbaar", "oidc_provider_down"},
		{"the person cancels at the provider", nil, func(b *idpBrowser) answer {
			back, _ := url.Parse(b.atProvider("digid", "digid-vries"))
			return b.do("GET", "/inloggen/oidc/terug?error=access_denied&state="+url.QueryEscape(back.Query().Get("state")), nil)
		}, 403, "afgebroken of geweigerd", "oidc_provider_refused"},
		{"a BSN without a pgb", nil, func(b *idpBrowser) answer { return b.login("digid", "digid-geen-pgb") }, 403, "Er is geen pgb op uw naam bekend", "oidc_no_pgb"},
		{"unknown provider", nil, func(b *idpBrowser) answer { return b.do("GET", "/inloggen/oidc/saml", nil) }, 404, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			op.reset()
			if c.setup != nil {
				c.setup()
			}
			defer op.reset()
			a := c.run(op.person(t))
			if a.code != c.status || !strings.Contains(a.body, c.text) {
				t.Fatalf("got %d, want %d with %q:\n%s", a.code, c.status, c.text, a.body)
			}
			if !strings.Contains(a.body, "<main") {
				t.Fatal("not a page of the portal")
			}
			if c.reason != "" && !strings.Contains(op.logs.String(), "reason="+c.reason) {
				t.Fatalf("log lacks reason=%s:\n%s", c.reason, op.logs.String())
			}
			if n := op.accounts(t); n != before {
				t.Fatalf("accounts %d, were %d", n, before)
			}
		})
	}
	t.Run("English", func(t *testing.T) {
		b := op.person(t)
		b.do("GET", "/taal?lang=en", nil)
		a := b.login("digid", "digid-geen-pgb")
		if a.code != 403 || !strings.Contains(a.body, "There is no pgb known in your name") {
			t.Fatalf("%d %s", a.code, a.body)
		}
	})
	logs := op.logs.String()
	for _, bsn := range []string{"173291004", "123456782", "258371006", "111222333"} {
		if strings.Contains(logs, bsn) {
			t.Fatalf("the log holds a BSN:\n%s", logs)
		}
	}
}

func TestPasswordLoginOffPerRole(t *testing.T) {
	op := newOIDCPortal(t, storetest.OpenSQLite(t))
	op.svc.SetPasswordOff([]domain.Role{domain.RoleBudgetHolder})
	c := op.client(t)
	bh := demoAccount(t, "budgethouder")
	code, _, body := c.post("/inloggen", url.Values{"email": {bh.Email}, "password": {bh.Password}})
	if code != http.StatusUnauthorized || !strings.Contains(body, "staat uit voor uw rol") {
		t.Fatalf("holder by password: %d %s", code, body)
	}
	prov := demoAccount(t, "zorgverlener")
	if code, loc, _ := c.post("/inloggen", url.Values{"email": {prov.Email}, "password": {prov.Password}}); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("provider by password: %d %q", code, loc)
	}
	// The holder still logs in with DigiD.
	if a := op.person(t).login("digid", "digid-vries"); a.code != http.StatusSeeOther {
		t.Fatalf("DigiD: %d", a.code)
	}
}
