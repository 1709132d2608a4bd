package web_test

import (
	"context"
	"database/sql"
	"html"
	"io"
	"log/slog"
	"net/http"
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

// getPage is a GET that also returns the answer's content type and
// redirect.
func (c *client) getPage(path string, header ...string) (code int, contentType, location, body string) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.p.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Location"), string(b)
}

// ids are the first few ids of a table of the demo data, and one that
// does not exist.
func ids(t *testing.T, p *portal, q string) [][]string {
	t.Helper()
	var out [][]string
	err := p.db.RawQuery(context.Background(), q, nil, func(rows *sql.Rows) error {
		cols, _ := rows.Columns()
		vals := make([]int64, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		row := make([]string, len(vals))
		for i, v := range vals {
			row[i] = strconv.FormatInt(v, 10)
		}
		out = append(out, row)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// routeURLs turns every GET page pattern of the portal into addresses to
// open, its {id}s filled with ids of the demo data (and an unknown one),
// plus the query forms the pages take, right and wrong.
func routeURLs(t *testing.T, p *portal) []string {
	t.Helper()
	srv, err := web.New(web.Config{Service: p.svc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]string{"budgethouders": "budget_holders", "toekenningen": "grants", "overeenkomsten": "agreements",
		"declaraties": "declarations", "betaalruns": "payment_runs", "eindafrekeningen": "settlements",
		"zorgprofielen": "findcare_profiles", "zorgvragen": "findcare_requests", "zorgbehoefte": "findcare_needs", "taken": "jobs"}
	var urls []string
	gets := 0
	for _, pattern := range srv.Routes() {
		method, path, _ := strings.Cut(pattern, " ")
		if method != "GET" {
			continue
		}
		gets++
		path = strings.TrimSuffix(path, "{$}")
		switch {
		case strings.Contains(path, "{token}"):
			urls = append(urls, strings.Replace(path, "{token}", "onbekend-token", 1))
		case strings.Contains(path, "/scan/{sid}"), strings.Contains(path, "/bijlage/{aid}"):
			owner := "agreement"
			if strings.HasPrefix(path, "/declaraties/") {
				owner = "declaration"
			}
			rows := ids(t, p, "SELECT owner_id, id FROM attachments WHERE owner_type = '"+owner+"' ORDER BY id LIMIT 3")
			rows = append(rows, []string{"999999", "999999"}, []string{"1", "abc"})
			for _, r := range rows {
				u := strings.Replace(path, "{id}", r[0], 1)
				u = strings.Replace(strings.Replace(u, "{sid}", r[1], 1), "{aid}", r[1], 1)
				urls = append(urls, u)
			}
		case strings.Contains(path, "/vertegenwoordigers/{rid}/"):
			rows := ids(t, p, "SELECT budget_holder_id, id FROM representations ORDER BY id LIMIT 3")
			rows = append(rows, []string{"999999", "999999"}, []string{"1", "abc"})
			for _, r := range rows {
				urls = append(urls, strings.Replace(strings.Replace(path, "{id}", r[0], 1), "{rid}", r[1], 1))
			}
		case strings.Contains(path, "{id}"):
			table := tables[strings.Split(path, "/")[1]]
			if table == "" {
				t.Fatalf("no demo table for %s: add it to the test", pattern)
			}
			limit := " LIMIT 6"
			if table == "jobs" { // every one: a job of each kind, by each role (jobsOfEveryKind)
				limit = ""
			}
			rows := ids(t, p, "SELECT id FROM "+table+" ORDER BY id"+limit)
			rows = append(rows, []string{"999999"}, []string{"abc"})
			for _, r := range rows {
				urls = append(urls, strings.Replace(path, "{id}", r[0], 1))
			}
		case strings.Contains(path, "{provider}"): // oidc: the portal here has no identity providers
			for _, n := range []string{"digid", "onbekend", "ABC"} {
				urls = append(urls, strings.Replace(path, "{provider}", n, 1))
			}
		case strings.Contains(path, "{year}"): // docs: the provider's jaaropgave
			for _, y := range []string{"2026", "2025", "abc"} {
				urls = append(urls, strings.Replace(path, "{year}", y, 1))
			}
		case strings.Contains(path, "{"):
			t.Fatalf("route %s has a wildcard the test does not fill", pattern)
		default:
			urls = append(urls, path)
		}
	}
	if gets < 40 {
		t.Fatalf("only %d GET routes found", gets)
	}
	for _, ag := range ids(t, p, "SELECT id FROM agreements ORDER BY id LIMIT 6") {
		for _, q := range []string{"maand=2026-10", "maand=2026-10&herhaal=1", "maand=2026-10&soort=reiskosten", "maand=abc", "maand="} {
			urls = append(urls, "/declaraties/nieuw?overeenkomst="+ag[0]+"&"+q)
		}
	}
	for _, g := range ids(t, p, "SELECT id FROM grants ORDER BY id LIMIT 3") {
		urls = append(urls, "/overeenkomsten/nieuw?toekenning="+g[0])
	}
	// Find care: searches right and wrong, agreements from find care, the
	// questionnaire's pages.
	for _, q := range []string{"gemeente=Utrecht", "gemeente=utrecht&zorgsoort=begeleiding&tijden=ma-ochtend&taal=nl&pagina=2", "gemeente=Atlantis",
		"zoek=1&gemeente=", "gemeente=Utrecht&zorgsoort=massage&wet=xx", "gemeente=Utrech", "pagina=abc&gemeente=Zeist"} {
		urls = append(urls, "/zorg-vinden?"+q)
	}
	for _, pr := range ids(t, p, "SELECT provider_id FROM findcare_profiles ORDER BY id LIMIT 3") {
		urls = append(urls, "/overeenkomsten/nieuw?zorgverlener="+pr[0]+"&zorgsoort=begeleiding&uren=4")
	}
	urls = append(urls, "/overeenkomsten/nieuw?zorgverlener=abc&zorgsoort=x&uren=y", "/overeenkomsten/nieuw?zorgverlener=999999", "/zorgvragen/nieuw?gemeente=Zeist")
	for _, n := range ids(t, p, "SELECT id FROM findcare_needs ORDER BY id LIMIT 2") {
		for _, st := range []string{"1", "6", "7", "0", "abc"} {
			urls = append(urls, "/zorgbehoefte/"+n[0]+"?stap="+st)
		}
	}
	return append(urls, "/declaraties/nieuw?overeenkomst=abc&maand=2026-10", "/declaraties/nieuw?overeenkomst=999999&maand=2026-10",
		"/overeenkomsten/nieuw?toekenning=abc", "/inloggen?terug=/declaraties", "/bestaat-niet", "/declaraties/1/bestaat-niet",
		// oidc: a provider's return with a state that is not known, with an error, or without its parameters
		"/inloggen/oidc/terug?state=onbekend&code=abc", "/inloggen/oidc/terug?state=onbekend&error=access_denied", "/inloggen/oidc/terug?code=abc")
}

// TestEveryGETRouteIsAPage opens every GET page the portal registers (ids
// from the demo data, right and wrong), logged out and as every demo role,
// in Dutch and in English: no answer is a server error, and every answer
// that is not a redirect or a download is a page of the portal (the
// layout, with a way onward), never a plain-text error.
func TestEveryGETRouteIsAPage(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	jobKinds := jobsOfEveryKind(t, p)
	urls := routeURLs(t, p)
	shown := map[string]int{} // job pages rendered (200), by kind
	seen := map[string]bool{} // and by address: each to the role that started it
	// What a finished job made, at its own address: an export's file and a
	// batch's outcome per declaration, each answered 200 to somebody.
	made := map[string]bool{}
	for u, kind := range jobKinds {
		switch kind {
		case service.JobExport:
			made[u+"/bestand"] = false
		case service.JobDeclarations:
			made[u+"/uitkomst"] = false
		}
	}
	who := append([]demo.Account{{Role: "anoniem"}}, demo.Accounts()...)
	pages := 0
	for _, a := range who {
		c := p.client(t) // one login per account: a TOTP code opens one session
		if a.Email != "" {
			c.login(a)
		}
		for _, lang := range []string{"nl", "en"} {
			c.getPage("/taal?lang=" + lang)
			for _, u := range urls {
				code, ctype, loc, body := c.getPage(u)
				where := a.Role + " " + a.Email + " " + lang + " GET " + u
				if _, ok := made[u]; ok && code == http.StatusOK {
					made[u] = true
				}
				switch {
				case code >= 500:
					t.Errorf("%s: %d\n%.400s", where, code, body)
				case code >= 300 && code < 400:
					if loc == "" {
						t.Errorf("%s: %d without a Location", where, code)
					}
				case strings.HasPrefix(ctype, "text/html"):
					pages++
					if kind, ok := jobKinds[u]; ok && code == http.StatusOK {
						shown[kind+" "+lang]++
						seen[u] = true
					}
					if !strings.Contains(body, `class="site-header"`) || !strings.Contains(body, `lang="`+lang+`"`) {
						t.Errorf("%s: %d is not a portal page in %s:\n%.400s", where, code, lang, body)
					}
					if code >= 400 && !strings.Contains(body, `id="error-onward"`) && !strings.Contains(body, `class="alert alert--error"`) {
						t.Errorf("%s: %d without a way onward:\n%.600s", where, code, body)
					}
				case code == http.StatusOK && (strings.HasPrefix(ctype, "application/") || strings.HasPrefix(ctype, "image/") || strings.HasPrefix(ctype, "text/csv")):
					// a download
				default:
					t.Errorf("%s: %d %q is neither a page nor a download:\n%.300s", where, code, ctype, body)
				}
			}
		}
	}
	for _, kind := range service.JobKinds() {
		for _, lang := range []string{"nl", "en"} {
			if shown[kind+" "+lang] == 0 {
				t.Errorf("no job page of kind %s was shown in %s", kind, lang)
			}
		}
	}
	for u, kind := range jobKinds {
		if !seen[u] {
			t.Errorf("the job page %s (%s) was shown to nobody", u, kind)
		}
	}
	for u, ok := range made {
		if !ok {
			t.Errorf("%s was answered 200 to nobody", u)
		}
	}
	t.Logf("%d addresses, %d pages rendered, job pages %v, what jobs made %d", len(urls), pages, shown, len(made))
}

// jobsOfEveryKind makes a job of every kind there is, finished, by the
// roles that start them: the SVB's payment run and a bank report of it
// that fails; a verstrekker's settlements (the demo has no grant to settle
// yet, so asking for them on the page is refused: the job is recorded as
// the page would queue it); an export of the declarations by every demo
// account whose role has that list, and of the settlements; and a large
// file of declarations a provider read in. It returns the job pages'
// addresses with their kinds.
func jobsOfEveryKind(t *testing.T, p *portal) map[string]string {
	t.Helper()
	ctx := context.Background()
	svb := svbActor(t, p)
	if _, _, err := p.svc.StartPayRunJob(ctx, svb, "2026-10-31", ""); err != nil {
		t.Fatal(err)
	}
	p.svc.WaitJobs()
	runs, err := p.svc.PayRuns(ctx, svb)
	if err != nil || len(runs) == 0 {
		t.Fatalf("runs: %v", err)
	}
	if _, err := p.svc.StartPayRunStatusJob(ctx, svb, runs[0].ID, strings.NewReader("<geen pain.002/>")); err != nil {
		t.Fatal(err)
	}
	utrecht := mustActor(t, p, demoAccount(t, "verstrekker"))
	utrecht.MFA = true
	if err := p.db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateJob(ctx, store.Job{Kind: service.JobSettlements, Params: []byte(`{"until":"2026-11-23"}`), StartedBy: utrecht.AccountID,
			StartedRole: utrecht.Role, CreatedAt: time.Now()})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.StartExportJob(ctx, utrecht, service.ExportSettlements, service.ListQueryInput{}); err != nil {
		t.Fatal(err)
	}
	for _, a := range demo.Accounts() {
		who := mustActor(t, p, a)
		who.MFA = true
		_, err := p.svc.StartExportJob(ctx, who, service.ExportDeclarations, service.ListQueryInput{Month: "2026-10"})
		if err != nil && a.Role != "beheerder" {
			t.Fatalf("%s exports: %v", a.Email, err)
		}
	}
	// A file of declarations entered by a job, the zzp'er's: its outcome
	// page is one of the job's pages.
	zzp, agID := zzpClient(t, p)
	if code, loc, _ := zzp.postFile("/declaraties/bulk", map[string]string{"key": "alle-paginas"}, "file", "groot.csv", largeCSV(agID, 210, 5)); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/taken/") {
		t.Fatalf("a large file: %d %q", code, loc)
	}
	p.svc.WaitJobs()
	if _, err := p.svc.NewJobRunner().RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range ids(t, p, "SELECT id FROM jobs WHERE state IN ('done', 'failed') ORDER BY id") {
		var kind string
		if err := p.db.View(ctx, func(tx *store.Tx) error {
			j, err := tx.Job(ctx, mustInt(t, r[0]))
			kind = j.Kind
			return err
		}); err != nil {
			t.Fatal(err)
		}
		out["/taken/"+r[0]] = kind
	}
	if n := len(ids(t, p, "SELECT id FROM jobs WHERE state NOT IN ('done', 'failed')")); n != 0 {
		t.Fatalf("%d jobs not finished", n)
	}
	return out
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestErrorPagesAreStyled: an unknown address (404) and an address that is
// there for a form only (405) get the portal's page in the user's
// language, with the menu when logged in and a link onward; not Go's
// plain text.
func TestErrorPagesAreStyled(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	for _, tc := range []struct {
		lang, path string
		code       int
		want       string
	}{
		{"nl", "/bestaat-niet", 404, "Pagina niet gevonden"},
		{"nl", "/static/bestaat-niet.css", 404, "Pagina niet gevonden"},
		{"en", "/bestaat-niet", 404, "Page not found"},
		{"nl", "/uitloggen", 405, "Deze pagina kan zo niet worden geopend"},
		{"en", "/uitloggen", 405, "This page cannot be opened this way"},
	} {
		c.getPage("/taal?lang=" + tc.lang)
		code, ctype, _, body := c.getPage(tc.path)
		if code != tc.code || !strings.HasPrefix(ctype, "text/html") || !strings.Contains(body, tc.want) ||
			!strings.Contains(body, `class="site-header"`) || !strings.Contains(body, `id="error-onward"`) || strings.Contains(body, "page not found") {
			t.Errorf("%s %s: %d %s\n%s", tc.lang, tc.path, code, ctype, body)
		}
	}
	// Logged in, the error page has the menu and leads to the overview.
	c.getPage("/taal?lang=nl")
	c.login(demoAccount(t, "budgethouder"))
	code, _, _, body := c.getPage("/overeenkomsten/1/actie")
	if code != http.StatusMethodNotAllowed || !strings.Contains(body, `class="site-nav"`) || !strings.Contains(body, "Naar het overzicht") {
		t.Errorf("405 logged in: %d\n%s", code, body)
	}
	if code, _, _, body := c.getPage("/wachtwoord-vergeten"); code != 200 || !strings.Contains(body, `action="/wachtwoord-vergeten"`) {
		t.Errorf("forgotten password page: %d\n%s", code, body)
	}
}

var langSwitch = regexp.MustCompile(`class="lang-switch" href="([^"]+)"`)

// TestLanguageSwitchAfterAFailedForm: on a page shown again after a
// refused form (its address is the form's, which has no GET), the language
// switch goes back to the page the form was on, in the other language.
func TestLanguageSwitchAfterAFailedForm(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	c.login(demoAccount(t, "budgethouder"))
	_, dash := c.get("/")
	grant := regexp.MustCompile(`href="(/toekenningen/\d+)"`).FindStringSubmatch(dash)
	if grant == nil {
		t.Fatal("no grant on the dashboard")
	}
	for _, referer := range []string{"", p.srv.URL + grant[1]} {
		req, _ := http.NewRequest("POST", p.srv.URL+grant[1]+"/vrij-besteedbaar", strings.NewReader("amount=abc"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if referer != "" {
			req.Header.Set("Referer", referer)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("free amount abc: %d", resp.StatusCode)
		}
		m := langSwitch.FindStringSubmatch(string(b))
		if m == nil {
			t.Fatal("no language switch")
		}
		code, _, loc, _ := c.getPage(html.UnescapeString(m[1]))
		if code != http.StatusSeeOther || loc != grant[1] {
			t.Fatalf("referer %q: the switch goes to %q (%d), want %s", referer, loc, code, grant[1])
		}
		code, _, _, page := c.getPage(loc)
		if code != 200 || !strings.Contains(page, `lang="en"`) {
			t.Errorf("after the switch: %d", code)
		}
		c.getPage("/taal?lang=nl")
	}
	// A GET page keeps its query.
	_, _, _, page := c.getPage("/overeenkomsten/nieuw?toekenning=" + strings.TrimPrefix(grant[1], "/toekenningen/"))
	m := langSwitch.FindStringSubmatch(page)
	if code, _, loc, _ := c.getPage(html.UnescapeString(m[1])); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/overeenkomsten/nieuw?toekenning=") {
		t.Errorf("switch from a page with a query: %d %q", code, loc)
	}
}

// TestRedirectsStayOnTheSite: the language switch and the login's page
// asked for send the browser only to a path of this site (issue 15.6).
func TestRedirectsStayOnTheSite(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	bh := demoAccount(t, "budgethouder")
	for _, evil := range []string{"/%5Cevil.example/", "//evil.example", "/\\evil.example", "https://evil.example/", "/%2F%2Fevil.example", "/%255Cevil.example", "/%09/evil.example", "javascript:alert(1)"} {
		c := p.client(t)
		code, _, loc, _ := c.getPage("/taal?lang=nl&terug=" + url.QueryEscape(evil))
		if code != http.StatusSeeOther || loc != "/" {
			t.Errorf("language switch to %q: %d %q", evil, code, loc)
		}
		code, _, loc, _ = c.getPage("/taal?lang=nl&terug=" + evil) // as typed, not escaped
		if loc != "/" {
			t.Errorf("language switch to raw %q: %d %q", evil, code, loc)
		}
		if _, _, _, page := c.getPage("/inloggen?terug=" + url.QueryEscape(evil)); strings.Contains(page, `name="terug"`) {
			t.Errorf("login page keeps %q as its target", evil)
		}
		code, loc, _ = c.post("/inloggen", url.Values{"email": {bh.Email}, "password": {bh.Password}, "terug": {evil}})
		if code != http.StatusSeeOther || loc != "/" {
			t.Errorf("login with target %q: %d %q", evil, code, loc)
		}
	}
}

// TestAskedForPageSurvivesLogin: a link to a page (as in an e-mail) opened
// while logged out leads through the login, and the second step, to that
// page.
func TestAskedForPageSurvivesLogin(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	for _, a := range []demo.Account{demoAccount(t, "budgethouder"), demoAccount(t, "svb")} {
		c := p.client(t)
		target := "/declaraties"
		if a.Role == "svb" {
			target = "/betaalruns?x=1"
		}
		code, _, loc, _ := c.getPage(target)
		if code != http.StatusSeeOther || loc != "/inloggen?terug="+url.QueryEscape(target) {
			t.Fatalf("%s logged out: %d %q", target, code, loc)
		}
		_, _, _, page := c.getPage(loc)
		if !strings.Contains(page, `name="terug" value="`+html.EscapeString(target)+`"`) {
			t.Fatalf("the login form does not carry the target:\n%s", page)
		}
		code, loc, _ = c.post("/inloggen", url.Values{"email": {a.Email}, "password": {a.Password}, "terug": {target}})
		if a.TOTPSecret != "" {
			if code != http.StatusSeeOther || loc != "/inloggen/code?terug="+url.QueryEscape(target) {
				t.Fatalf("login %s: %d %q", a.Email, code, loc)
			}
			_, _, _, page := c.getPage(loc)
			if !strings.Contains(page, `name="terug" value="`+html.EscapeString(target)+`"`) {
				t.Fatalf("the code form does not carry the target:\n%s", page)
			}
			code, loc, _ = c.post("/inloggen/code", url.Values{"code": {auth.TOTPCode(a.TOTPSecret, now)}, "terug": {target}})
		}
		if code != http.StatusSeeOther || loc != target {
			t.Errorf("%s after login: %d %q, want %s", a.Email, code, loc, target)
		}
	}
}

// TestMissingInputIsAFieldError: a form sent without its choice, a paper
// declaration's number that is no number or no agreement, and a payment
// run's cut-off in the future come back with the error at the field and
// what was typed kept; the only grant is chosen already.
func TestMissingInputIsAFieldError(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	_, form := holder.get("/overeenkomsten/nieuw")
	if !regexp.MustCompile(`<select class="select" id="f-grant_id"[^>]*><option value="">–</option><option value="\d+" selected>`).MatchString(form) {
		t.Errorf("the only grant is not chosen:\n%s", form)
	}
	code, _, body := holder.post("/overeenkomsten/nieuw", url.Values{"grant_id": {""}, "kind": {"zzp"}, "start": {"2026-12-01"}, "care_description": {"Hulp bij het huishouden"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-grant_id-error"`) || !strings.Contains(body, `value="2026-12-01"`) ||
		!strings.Contains(body, "Hulp bij het huishouden") || strings.Contains(body, "Niet gevonden") {
		t.Errorf("agreement without a grant: %d\n%s", code, body)
	}
	code, _, body = holder.post("/overeenkomsten/nieuw", url.Values{"grant_id": {"abc"}, "start": {"2026-12-01"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-grant_id-error"`) {
		t.Errorf("agreement with grant abc: %d", code)
	}

	svb := p.client(t)
	svb.login(demoAccount(t, "svb"))
	for _, tc := range []struct{ number, month, field, want string }{
		{"abc", "2026-10", "overeenkomst", "alleen cijfers"},
		{"", "2026-10", "overeenkomst", "Vul dit veld in"},
		{"999999", "2026-10", "overeenkomst", "geen zorgovereenkomst met dit nummer"},
		{"1", "okt", "maand", "geldige maand"},
	} {
		code, _, _, body := svb.getPage("/declaraties/nieuw?overeenkomst=" + url.QueryEscape(tc.number) + "&maand=" + tc.month)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-`+tc.field+`-error"`) || !strings.Contains(body, tc.want) ||
			!strings.Contains(body, `value="`+tc.number+`"`) || !strings.Contains(body, `value="`+tc.month+`"`) {
			t.Errorf("paper declaration %q %q: %d\n%s", tc.number, tc.month, code, body)
		}
	}
	// A provider who comes without an agreement chooses one.
	zzp := p.client(t)
	zzp.login(zzpAccount(t))
	if code, _, loc, _ := zzp.getPage("/declaraties/nieuw"); code != http.StatusSeeOther || loc != "/overeenkomsten" {
		t.Errorf("month form without agreement: %d %q", code, loc)
	}

	code, _, body = svb.post("/betaalruns", url.Values{"cutoff": {"2027-01-31"}, "execution_date": {"2026-11-24"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-cutoff-error"`) || !strings.Contains(body, "in de toekomst") || !strings.Contains(body, `value="2027-01-31"`) {
		t.Errorf("a cut-off in the future: %d\n%s", code, body)
	}
}

// TestWelcomeHasOneFullStop: "Welkom, Thuiszorg Midden B.V." ends in one.
func TestWelcomeHasOneFullStop(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	c.login(demoAccount(t, "zorgverlener"))
	_, body := c.get("/")
	if !strings.Contains(body, "Welkom, Thuiszorg Midden B.V.<") || strings.Contains(body, "B.V..") {
		t.Errorf("welcome:\n%s", body)
	}
}

// TestFavicon: the layout links an icon that is there; /favicon.ico, which
// browsers ask for by themselves, leads to it.
func TestFavicon(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	_, _, _, page := c.getPage("/")
	m := regexp.MustCompile(`<link rel="icon" href="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no icon in the layout")
	}
	if code, ctype, _, body := c.getPage(m[1]); code != 200 || !strings.HasPrefix(ctype, "image/svg+xml") || !strings.Contains(body, "<svg") {
		t.Errorf("%s: %d %s", m[1], code, ctype)
	}
	if code, _, loc, _ := c.getPage("/favicon.ico"); code != http.StatusMovedPermanently || loc != m[1] {
		t.Errorf("/favicon.ico: %d %q", code, loc)
	}
}

// TestPayRunPageIsStyled: a run's page shows its figures as the portal's
// definition list (rows of term and value), not a bare <dl>.
func TestPayRunPageIsStyled(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	_, agID := zzpClient(t, p)
	zzpActor := mustActor(t, p, zzpAccount(t))
	id, _ := strconv.ParseInt(agID, 10, 64)
	d, err := p.svc.CreateDeclaration(ctx, zzpActor, service.DeclarationInput{AgreementID: id, Month: "2026-10", InvoiceNumber: "RS-10", InvoiceTotal: "105,00",
		Lines: []service.DeclLineInput{{Date: "2026-10-05", CareType: "begeleiding", Unit: "uur", Units: "2"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.AttachToDeclaration(ctx, zzpActor, d.ID, "RS-10.pdf", []byte("%PDF-1.4\n%%EOF\n")); err != nil {
		t.Fatal(err)
	}
	p.svc.SendDeclaration(ctx, zzpActor, d.ID)
	if d, err = p.svc.ApproveDeclaration(ctx, mustActor(t, p, demoAccount(t, "budgethouder")), d.ID); err != nil || d.State != domain.DeclAccepted {
		t.Fatalf("approve: %v", err)
	}
	svb := p.client(t)
	svb.login(demoAccount(t, "svb"))
	loc := startRunJob(t, p, svb, url.Values{"cutoff": {"2026-10-31"}})
	_, page := svb.get(loc)
	if !strings.Contains(page, `<dl class="dl">`) || strings.Count(page, `<div class="dl__row"><dt>`) < 5 || strings.Contains(page, "<div><dt>") {
		t.Errorf("run page:\n%s", page)
	}
}
