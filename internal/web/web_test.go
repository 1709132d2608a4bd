package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/web"
)

// now is the fixed clock of these tests.
var now = time.Date(2026, 11, 23, 10, 0, 0, 0, domain.Amsterdam)

type portal struct {
	srv *httptest.Server
	svc *service.Service
	db  *store.DB
}

// newPortal serves the portal with the demo dataset on a fresh database.
func newPortal(t *testing.T, db *store.DB) *portal {
	t.Helper()
	clock := now
	svc := service.New(db, service.Options{Now: func() time.Time { return clock }, FileDir: t.TempDir(), Payer: service.Payer{Name: "SVB pgb test", IBAN: "NL97INGB0000002445", BIC: "INGBNL2A"}})
	if err := demo.Load(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Service: svc, DemoAccounts: func() []web.DemoAccount {
		var out []web.DemoAccount
		for _, a := range demo.Accounts() {
			out = append(out, web.DemoAccount{Role: a.Role, Label: a.Label, Email: a.Email, Password: a.Password, TOTPSecret: a.TOTPSecret})
		}
		return out
	}, SecureCookies: false, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	t.Cleanup(svc.WaitJobs) // before the database and the file folder go
	return &portal{srv: srv, svc: svc, db: db}
}

func demoAccount(t *testing.T, role string) demo.Account {
	t.Helper()
	for _, a := range demo.Accounts() {
		if a.Role == role {
			return a
		}
	}
	t.Fatalf("no demo account with role %s", role)
	return demo.Account{}
}

// client is a browser-like client: cookies, no automatic redirects, and the
// Origin header a same-site form post carries.
type client struct {
	t    *testing.T
	p    *portal
	http *http.Client
}

func (p *portal) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, p: p, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *client) get(path string) (int, string) {
	c.t.Helper()
	resp, err := c.http.Get(c.p.srv.URL + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (c *client) post(path string, form url.Values) (int, string, string) {
	c.t.Helper()
	return c.postBody(path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// postBody posts a form body as a browser on the same site does, and returns
// the status, the redirect and the page.
func (c *client) postBody(path, contentType string, body io.Reader) (int, string, string) {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.p.srv.URL+path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// login logs in with a demo account, giving the TOTP code when asked.
func (c *client) login(a demo.Account) {
	c.t.Helper()
	code, loc, body := c.post("/inloggen", url.Values{"email": {a.Email}, "password": {a.Password}})
	if code != http.StatusSeeOther {
		c.t.Fatalf("login %s: %d %s", a.Email, code, body)
	}
	if loc == "/inloggen/code" {
		code, loc, body = c.post("/inloggen/code", url.Values{"code": {auth.TOTPCode(a.TOTPSecret, now)}})
		if code != http.StatusSeeOther || loc != "/" {
			c.t.Fatalf("totp %s: %d %s %s", a.Email, code, loc, body)
		}
	}
}

// otherGrant finds a grant of a budget holder other than bhID.
func otherGrant(t *testing.T, p *portal, bhID int64) int64 {
	t.Helper()
	var id int64
	_ = p.db.View(context.Background(), func(tx *store.Tx) error {
		for other := int64(1); other < 20 && id == 0; other++ {
			if other == bhID {
				continue
			}
			gs, _ := tx.GrantsOf(context.Background(), other, 0)
			if len(gs) > 0 {
				id = gs[0].ID
			}
		}
		return nil
	})
	if id == 0 {
		t.Fatal("no other grant in the demo data")
	}
	return id
}

func TestBudgetHolderSeesOwnBalanceButNotAnothersGrant(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	bh := demoAccount(t, "budgethouder")
	c := p.client(t)
	c.login(bh)
	code, body := c.get("/")
	if code != 200 || !strings.Contains(body, "Nog te besteden") || !strings.Contains(body, "<svg") {
		t.Fatalf("dashboard: %d\n%s", code, body)
	}
	// The figures on the page are the ledger's.
	sess := mustActor(t, p, bh)
	grants, err := p.svc.GrantsOf(context.Background(), sess, sess.Role.BudgetHolderID)
	if err != nil || len(grants) == 0 {
		t.Fatal(err)
	}
	for _, g := range grants {
		for _, fig := range []domain.Cents{g.Balance.Granted, g.Balance.Reserved, g.Balance.Paid, g.Balance.Left()} {
			if !strings.Contains(body, fig.Format("nl")) {
				t.Errorf("dashboard lacks %s", fig.Format("nl"))
			}
		}
	}
	own := grants[0].ID
	if code, _ := c.get("/toekenningen/" + itoa(own)); code != 200 {
		t.Errorf("own grant: %d", code)
	}
	other := otherGrant(t, p, sess.Role.BudgetHolderID)
	if code, body := c.get("/toekenningen/" + itoa(other)); code != 404 || strings.Contains(body, "Nog te besteden") {
		t.Errorf("another's grant answered %d", code)
	}
	if code, _ := c.get("/toekenningen/999999"); code != 404 {
		t.Errorf("unknown grant answered %d", code)
	}
	if code, _ := c.get("/toekenningen/abc"); code != 404 {
		t.Errorf("bad id answered %d", code)
	}
	// Staff pages are not for budget holders.
	if code, _ := c.get("/budgethouders/nieuw"); code != 404 {
		t.Errorf("staff page answered %d", code)
	}
}

func mustActor(t *testing.T, p *portal, a demo.Account) service.Actor {
	t.Helper()
	res, err := p.svc.Login(context.Background(), a.Email, a.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.svc.SessionFor(context.Background(), res.Token)
	if err != nil {
		t.Fatal(err)
	}
	return s.Actor
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

func TestStaffRegistersBudgetHolderAndGrantsBudget(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	staff := demoAccount(t, "verstrekker")

	// Staff must give the second factor before any page.
	code, loc, _ := c.post("/inloggen", url.Values{"email": {staff.Email}, "password": {staff.Password}})
	if code != http.StatusSeeOther || loc != "/inloggen/code" {
		t.Fatalf("staff login went to %d %s", code, loc)
	}
	if code, _ := c.get("/budgethouders"); code != http.StatusSeeOther {
		t.Fatalf("page before the second factor: %d", code)
	}
	if code, _, body := c.post("/inloggen/code", url.Values{"code": {"000000"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Deze code klopt niet") {
		t.Fatalf("wrong code: %d", code)
	}
	c.post("/inloggen/code", url.Values{"code": {auth.TOTPCode(staff.TOTPSecret, now)}})

	// An invalid BSN: the message is at the field and everything typed stays.
	form := url.Values{"bsn": {"123456789"}, "initials": {"P."}, "prefix": {"van"}, "family_name": {"Dijk"},
		"birth_date": {"1980-05-17"}, "postcode": {"3511 AB"}, "city": {"Utrecht"}, "email": {"p.vandijk@example.nl"}}
	code, _, body := c.post("/budgethouders/nieuw", form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid BSN: %d", code)
	}
	for _, want := range []string{"elfproef", `value="Dijk"`, `value="1980-05-17"`, `value="p.vandijk@example.nl"`, `value="123456789"`, `aria-invalid="true"`, `href="#f-bsn"`} {
		if !strings.Contains(body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	form.Set("bsn", "1112.22.333")
	code, loc, body = c.post("/budgethouders/nieuw", form)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/budgethouders/") {
		t.Fatalf("create budget holder: %d %s\n%s", code, loc, body)
	}
	bhPath := loc
	_, body = c.get(bhPath)
	if !strings.Contains(body, "******333") || strings.Contains(body, "111222333") {
		t.Error("BSN must be shown masked only")
	}

	// Grant a Wmo budget for the second half of 2026: pro rata by days.
	grant := url.Values{"law": {"wmo"}, "reference": {"WMO-2026-7001"}, "start": {"2026-07-01"}, "end": {"2026-12-31"},
		"lines[0].care_function": {"Begeleiding"}, "lines[0].yearly": {"12.000,00"},
		"lines[1].care_function": {"Huishoudelijke hulp"}, "lines[1].yearly": {"abc"},
		"lines[2].care_function": {""}, "lines[2].yearly": {""}}
	code, _, body = c.post(bhPath+"/toekenningen/nieuw", grant)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Vul een bedrag in") || !strings.Contains(body, `value="Begeleiding"`) {
		t.Fatalf("bad amount: %d", code)
	}
	grant.Set("lines[1].yearly", "3650")
	code, loc, body = c.post(bhPath+"/toekenningen/nieuw", grant)
	if code != http.StatusSeeOther {
		t.Fatalf("create grant: %d\n%s", code, body)
	}
	_, body = c.get(loc)
	// 184 of 365 days: 12,000 → 6,049.32 (6049.315 rounds up); 3,650 → 1,840.00.
	want := domain.ProRata(1200000, domain.Period{Start: domain.MustDate("2026-07-01"), End: domain.MustDate("2026-12-31")}) +
		domain.ProRata(365000, domain.Period{Start: domain.MustDate("2026-07-01"), End: domain.MustDate("2026-12-31")})
	if want != 604932+184000 || !strings.Contains(body, want.Format("nl")) {
		t.Errorf("granted amount %s not on the grant page", want.Format("nl"))
	}

	// Revise: lower from 1 October; history keeps both.
	code, _, body = c.post(loc+"/herzien", url.Values{"effective_from": {"2026-10-01"}, "reason": {"Herindicatie"},
		"lines[0].care_function": {"Begeleiding"}, "lines[0].yearly": {"6000"}})
	if code != http.StatusSeeOther {
		t.Fatalf("revise: %d\n%s", code, body)
	}
	_, body = c.get(loc)
	if !strings.Contains(body, "Herindicatie") || !strings.Contains(body, "Eerste toekenning") {
		t.Error("history lacks the revision")
	}
	if !strings.Contains(body, "grant.revise") {
		t.Error("audit trail lacks the revision")
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	bh := demoAccount(t, "budgethouder")
	req, _ := http.NewRequest("POST", p.srv.URL+"/inloggen", strings.NewReader(url.Values{"email": {bh.Email}, "password": {bh.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site form post: %d, want 403", resp.StatusCode)
	}
}

func TestLoginThrottledAndKeepsEmail(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	bh := demoAccount(t, "budgethouder")
	for i := 0; i < 5; i++ {
		code, _, body := c.post("/inloggen", url.Values{"email": {bh.Email}, "password": {"wrong password"}})
		if code != http.StatusUnauthorized || !strings.Contains(body, "klopt niet") || !strings.Contains(body, `value="`+bh.Email+`"`) {
			t.Fatalf("attempt %d: %d", i, code)
		}
	}
	// Now even the right password waits.
	code, _, body := c.post("/inloggen", url.Values{"email": {bh.Email}, "password": {bh.Password}})
	if code != http.StatusTooManyRequests || !strings.Contains(body, "Te veel pogingen") {
		t.Errorf("after 5 failures: %d", code)
	}
}

func TestLanguageSwitchAndLogout(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	c.login(demoAccount(t, "budgethouder"))
	code, _ := c.get("/taal?lang=en&terug=/")
	if code != http.StatusSeeOther {
		t.Fatalf("switch: %d", code)
	}
	_, body := c.get("/")
	if !strings.Contains(body, "Left to spend") || !strings.Contains(body, `lang="en"`) {
		t.Error("page not in English after the switch")
	}
	if code, _ := c.get("/taal?lang=nl&terug=//evil.example"); code != http.StatusSeeOther {
		t.Errorf("switch back: %d", code)
	}
	c.post("/uitloggen", nil)
	if code, _ := c.get("/account"); code != http.StatusSeeOther {
		t.Errorf("after logout /account answered %d, want a redirect to login", code)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ok"} {
		if code, body := c.get(path); code != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: %d %q", path, code, body)
		}
	}
	// /metrics is not public on the site's port (cmd/pgb serves it on -metrics-addr).
	if code, body := c.get("/metrics"); code != http.StatusNotFound || strings.Contains(body, "pgb_http_requests_total") {
		t.Errorf("/metrics on the site's port: %d", code)
	}
}

func TestOneAccountSeveralRoles(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	parent := demoAccount(t, "vertegenwoordiger")
	c.login(parent)
	_, body := c.get("/")
	if !strings.Contains(body, "U handelt voor S. Bakker") || !strings.Contains(body, `name="rol"`) {
		t.Fatalf("representative dashboard:\n%s", body)
	}
	// Switch to the provider role with the role form's value.
	m := regexp.MustCompile(`<option value="(\d+)">Zorgverlener`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no provider role to switch to")
	}
	if code, _, _ := c.post("/rol", url.Values{"rol": {m[1]}}); code != http.StatusSeeOther {
		t.Fatalf("switch: %d", code)
	}
	_, body = c.get("/")
	if !strings.Contains(body, "Welkom, M. Bakker") || strings.Contains(body, "Nog te besteden") {
		t.Errorf("after switching the dashboard is not the provider's")
	}
	// Someone else's role id is refused.
	if code, _, _ := c.post("/rol", url.Values{"rol": {"1"}}); code != http.StatusNotFound {
		t.Errorf("foreign role: %d", code)
	}
}

func TestProviderRegistrationKeepsInputOnBadIBAN(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	c.login(demoAccount(t, "svb"))
	form := url.Values{"kind": {"zzp"}, "name": {"Zorg & Zo"}, "kvk": {"1234567"}, "iban": {"NL91ABNA0417164301"}, "city": {"Breda"}}
	code, _, body := c.post("/zorgverleners", form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad input: %d", code)
	}
	for _, want := range []string{"Dit IBAN klopt niet", "Een KvK-nummer heeft 8 cijfers", `value="Zorg &amp; Zo"`, `value="Breda"`, `<option value="zzp" selected>`} {
		if !strings.Contains(body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	form.Set("kvk", "12345679")
	form.Set("iban", "nl91 abna 0417 1643 00")
	if code, _, body := c.post("/zorgverleners", form); code != http.StatusSeeOther {
		t.Fatalf("valid provider: %d\n%s", code, body)
	}
	if _, body := c.get("/zorgverleners?q=zorg"); !strings.Contains(body, "NL91 ABNA 0417 1643 00") {
		t.Error("new provider not listed")
	}
}

func TestAdminCreatesStaffAccount(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	c.login(demoAccount(t, "beheerder"))
	_, body := c.get("/beheer/accounts")
	m := regexp.MustCompile(`<option value="(\d+)">Gemeente Utrecht`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no organisation to choose")
	}
	form := url.Values{"name": {"N. Nieuw"}, "email": {"nieuw@utrecht.demo"}, "password": {"kort"}, "role": {"verstrekker"}, "organisation_id": {m[1]}}
	if code, _, body := c.post("/beheer/accounts", form); code != http.StatusUnprocessableEntity || !strings.Contains(body, "minstens 12 tekens") || !strings.Contains(body, `value="nieuw@utrecht.demo"`) {
		t.Fatalf("weak password: %d", code)
	}
	form.Set("password", "een goed lang wachtwoord")
	if code, _, body := c.post("/beheer/accounts", form); code != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", code, body)
	}
	// The new employee must set up TOTP before seeing anything.
	n := p.client(t)
	if code, loc, _ := n.post("/inloggen", url.Values{"email": {"nieuw@utrecht.demo"}, "password": {"een goed lang wachtwoord"}}); code != http.StatusSeeOther || loc != "/tweestaps" {
		t.Fatalf("new staff login: %d %s", code, loc)
	}
	_, body = n.get("/tweestaps")
	secret := regexp.MustCompile(`<code>([A-Z2-7]{16,})</code>`).FindStringSubmatch(body)
	if secret == nil {
		t.Fatalf("no secret shown:\n%s", body)
	}
	if code, loc, _ := n.post("/tweestaps", url.Values{"code": {auth.TOTPCode(secret[1], now)}}); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("enroll: %d %s", code, loc)
	}
	if code, body := n.get("/budgethouders"); code != 200 || !strings.Contains(body, "Budgethouders") {
		t.Errorf("staff list after enrolment: %d", code)
	}
	// Budget holders cannot reach the admin pages.
	b := p.client(t)
	b.login(demoAccount(t, "budgethouder"))
	if code, _ := b.get("/beheer/accounts"); code != http.StatusNotFound {
		t.Errorf("budget holder on admin page: %d", code)
	}
}

func TestBudgetHolderMayTurnOnTOTP(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	bh := demoAccount(t, "budgethouder")
	c.login(bh)
	if _, body := c.get("/account"); !strings.Contains(body, `href="/tweestaps"`) {
		t.Fatal("no way to turn on two-step verification")
	}
	_, body := c.get("/tweestaps")
	secret := regexp.MustCompile(`<code>([A-Z2-7]{16,})</code>`).FindStringSubmatch(body)
	if secret == nil {
		t.Fatal("no secret")
	}
	c.post("/tweestaps", url.Values{"code": {auth.TOTPCode(secret[1], now)}})
	// From now on the login asks for the code.
	n := p.client(t)
	if _, loc, _ := n.post("/inloggen", url.Values{"email": {bh.Email}, "password": {bh.Password}}); loc != "/inloggen/code" {
		t.Errorf("login after turning TOTP on went to %q", loc)
	}
	if code, _ := n.get("/"); code != http.StatusSeeOther {
		t.Errorf("dashboard before the code: %d", code)
	}
}

func TestGemeenteSetsItsOwnTariffAndAgreementsObeyIt(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	staff := p.client(t)
	staff.login(demoAccount(t, "verstrekker")) // Gemeente Utrecht
	// Not for the Wlz, which is the zorgkantoor's.
	code, _, body := staff.post("/tarieven", url.Values{"year": {"2026"}, "law": {"wlz"}, "care_type": {"begeleiding"}, "provider_kind": {"instelling"}, "max_rate": {"70,00"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "alleen eigen tarieven") || !strings.Contains(body, `value="70,00"`) {
		t.Fatalf("wlz tariff by a gemeente: %d", code)
	}
	if code, _, body := staff.post("/tarieven", url.Values{"year": {"2026"}, "law": {"wmo"}, "care_type": {"begeleiding"}, "provider_kind": {"instelling"}, "max_rate": {"60,00"}, "source": {"Verordening 2026"}}); code != http.StatusSeeOther {
		t.Fatalf("own tariff: %d\n%s", code, body)
	}
	// A budget holder's agreement above it is refused at the field, with the maximum shown.
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	_, form := holder.get("/overeenkomsten/nieuw")
	grant := regexp.MustCompile(`<option value="(\d+)"(?: selected)?>Wmo`).FindStringSubmatch(form)
	prov := regexp.MustCompile(`<option value="(\d+)">Thuiszorg Midden`).FindStringSubmatch(form)
	code, _, body = holder.post("/overeenkomsten/nieuw", url.Values{"grant_id": {grant[1]}, "provider_id": {prov[1]}, "kind": {"zorginstelling"},
		"kvk": {"34567890"}, "agb": {"01234567"}, "start": {"2026-11-01"},
		"lines[0].care_type": {"begeleiding"}, "lines[0].unit": {"uur"}, "lines[0].rate": {"62,50"}, "lines[0].max_units": {"6"}, "lines[0].per": {"week"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "hoger dan het maximum van € 60,00") || !strings.Contains(body, `value="62,50"`) {
		t.Errorf("rate above the gemeente's tariff: %d", code)
	}
	// Budget holders do not reach the tariff page.
	if code, _ := holder.get("/tarieven"); code != http.StatusNotFound {
		t.Errorf("tariffs for a budget holder: %d", code)
	}
}

func TestAgreementMessagesAndInbox(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	provider := p.client(t)
	provider.login(demoAccount(t, "zorgverlener"))
	code, loc, body := provider.post("/overeenkomsten/nieuw", url.Values{"bsn": {"173291004"}, "birth_date": {"1958-04-02"}, "law": {"wmo"},
		"kind": {"zorginstelling"}, "kvk": {"34567890"}, "agb": {"01234567"}, "start": {"2026-11-01"},
		"lines[0].care_type": {"begeleiding"}, "lines[0].unit": {"uur"}, "lines[0].rate": {"62,50"}, "lines[0].max_units": {"6"}, "lines[0].per": {"week"}})
	if code != http.StatusSeeOther {
		t.Fatalf("draft: %d\n%s", code, body)
	}
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	unread := func() int {
		_, body := holder.get("/berichten")
		m := regexp.MustCompile(`data-unread>(\d+)<`).FindStringSubmatch(body)
		if m == nil {
			return 0
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	_, body = holder.get("/berichten")
	if !strings.Contains(body, "Er is een zorgovereenkomst opgesteld tussen J. de Vries en Thuiszorg Midden B.V.") {
		t.Fatalf("holder's inbox lacks the notice:\n%s", body)
	}
	before := unread()
	// Opening the page changes nothing; opening the notice from the inbox
	// reads it, and only it, and goes to its agreement.
	holder.get(loc)
	if after := unread(); after != before {
		t.Errorf("unread %d before viewing the page, %d after", before, after)
	}
	id := regexp.MustCompile(`action="/berichten/(\d+)/openen"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatalf("no way to open the notice:\n%s", body)
	}
	if code, to, _ := holder.post("/berichten/"+id[1]+"/openen", nil); code != http.StatusSeeOther || to != loc {
		t.Errorf("opening the notice: %d to %q, want %s", code, to, loc)
	}
	if after := unread(); after != before-1 {
		t.Errorf("unread %d before opening, %d after", before, after)
	}
	// An empty message is refused; a message reaches the provider.
	if code, _, _ := holder.post(loc+"/berichten", url.Values{"body": {"  "}}); code != http.StatusUnprocessableEntity {
		t.Errorf("empty message: %d", code)
	}
	holder.post(loc+"/berichten", url.Values{"body": {"Kunnen we de zaterdag ook opnemen?"}})
	_, body = provider.get(loc)
	if !strings.Contains(body, "Kunnen we de zaterdag ook opnemen?") || !strings.Contains(body, "J. de Vries") {
		t.Error("the provider does not see the message")
	}
	// A message is not for someone outside the agreement.
	other := p.client(t)
	other.login(demoAccount(t, "vertegenwoordiger"))
	if code, _, _ := other.post(loc+"/berichten", url.Values{"body": {"Hallo"}}); code != http.StatusNotFound {
		t.Errorf("outsider posts a message: %d", code)
	}
}

func TestAgreementChangeShowsDiff(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	zzp := p.client(t)
	var acc demo.Account
	for _, a := range demo.Accounts() {
		if a.Email == "zzp@pgbportaal.demo" {
			acc = a
		}
	}
	zzp.login(acc)
	_, list := zzp.get("/overeenkomsten")
	m := regexp.MustCompile(`href="/overeenkomsten/(\d+)"`).FindStringSubmatch(list)
	if m == nil {
		t.Fatal("the zzp'er has no agreement in the demo")
	}
	path := "/overeenkomsten/" + m[1]
	_, page := zzp.get(path)
	rv := regexp.MustCompile(`name="row_version" value="(\d+)"`).FindStringSubmatch(page)
	if code, _, body := zzp.post(path+"/actie", url.Values{"action": {"change"}, "row_version": {rv[1]}, "effective_from": {"2026-12-01"}}); code != http.StatusSeeOther {
		t.Fatalf("change: %d\n%s", code, body)
	}
	_, form := zzp.get(path + "/bewerken")
	rv = regexp.MustCompile(`name="row_version" value="(\d+)"`).FindStringSubmatch(form)
	f := url.Values{"row_version": {rv[1]}, "kind": {"zzp"}, "kvk": {"12345678"}, "start": {"2026-01-01"}, "travel_per_km": {"0,19"},
		"lines[0].care_type": {"begeleiding"}, "lines[0].unit": {"uur"}, "lines[0].rate": {"55,00"}, "lines[0].max_units": {"4"}, "lines[0].per": {"week"},
		"lines[1].care_type": {"huishoudelijke_hulp"}, "lines[1].unit": {"uur"}, "lines[1].rate": {"28,00"}, "lines[1].max_units": {"2,5"}, "lines[1].per": {"week"}}
	if code, _, body := zzp.post(path+"/bewerken", f); code != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", code, body)
	}
	// Saving again from the same read is refused: nothing is overwritten.
	f.Set("lines[0].rate", "60,00")
	if code, _, body := zzp.post(path+"/bewerken", f); code != http.StatusConflict && code != http.StatusUnprocessableEntity || !strings.Contains(body, "intussen gewijzigd") {
		t.Errorf("stale edit: %d", code)
	}
	_, page = zzp.get(path)
	for _, want := range []string{"Gewijzigd ten opzichte van versie 1", "<del>€ 52,50</del> → <ins>€ 55,00</ins>", "versie 1 is van kracht"} {
		if !strings.Contains(page, want) {
			t.Errorf("history lacks %q", want)
		}
	}
}
