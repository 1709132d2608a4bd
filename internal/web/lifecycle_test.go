package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/api"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// apiClient reads the JSON API of the same portal with a token of one
// account's role.
type apiClient struct {
	t     *testing.T
	url   string
	token string
}

func (p *portal) api(t *testing.T, email string, role domain.Role) *apiClient {
	t.Helper()
	srv := httptest.NewServer(api.New(p.svc, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	acc, roles, err := p.svc.AccountByEmail(context.Background(), service.System, email)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roles {
		if role == "" || r.Role == role {
			tok, err := p.svc.CreateAPIToken(context.Background(), service.System, acc.ID, r.ID, "test")
			if err != nil {
				t.Fatal(err)
			}
			return &apiClient{t: t, url: srv.URL, token: tok}
		}
	}
	t.Fatalf("%s has no role %s", email, role)
	return nil
}

func (c *apiClient) get(path string, out any) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || json.Unmarshal(b, out) != nil {
		c.t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
}

// yourActions is the your_actions of a JSON object, sorted.
func (c *apiClient) yourActions(path string) []string {
	c.t.Helper()
	var v struct {
		Actions []string `json:"your_actions"`
	}
	c.get(path, &v)
	if v.Actions == nil {
		c.t.Fatalf("GET %s has no your_actions", path)
	}
	slices.Sort(v.Actions)
	return v.Actions
}

// buttons lists the actions whose buttons (by their ids) a page shows, sorted.
func buttons(page string, ids map[string]string) []string {
	out := []string{}
	for id, action := range ids {
		if strings.Contains(page, `id="`+id+`"`) {
			out = append(out, action)
		}
	}
	slices.Sort(out)
	return out
}

func sorted[A ~string](actions []A) []string {
	out := []string{}
	for _, a := range actions {
		out = append(out, string(a))
	}
	slices.Sort(out)
	return out
}

// same fails unless the page's buttons, the API's your_actions and the
// lifecycle table agree.
func same(t *testing.T, what string, page, api, table []string) {
	t.Helper()
	if !slices.Equal(page, table) || (api != nil && !slices.Equal(api, table)) {
		t.Errorf("%s: page offers %v, API says %v, the table allows %v", what, page, api, table)
	}
}

var declButtons = map[string]string{"decl-send": "send", "decl-attach": "attach", "decl-approve": "approve", "decl-reject": "reject",
	"decl-allow-late": "allow_late", "decl-release": "release", "decl-refuse": "refuse"}

// TestButtonsAreTheLifecycleTables: for each lifecycle, in a few states
// and for each party, the page shows the buttons of exactly the actions
// the domain's table allows, and the API's your_actions names the same.
func TestButtonsAreTheLifecycleTables(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx := context.Background()

	// Declarations: the zzp'er enters one for J. de Vries, sends it, she approves.
	zzp, agID := zzpClient(t, p)
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	gm := demoLogin(t, p, "medewerker@utrecht.demo")
	parties := []struct {
		name  string
		web   *client
		api   *apiClient
		party domain.Party
	}{
		{"provider", zzp, p.api(t, "zzp@pgbportaal.demo", ""), domain.PartyProvider},
		{"holder", holder, p.api(t, "budgethouder@pgbportaal.demo", ""), domain.PartyHolder},
		{"verstrekker", gm, p.api(t, "medewerker@utrecht.demo", ""), domain.PartyVerstrekker},
	}
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
	declPath := "/declaraties/" + itoa(d.ID)
	checkDecl := func(want domain.DeclarationState) {
		t.Helper()
		for _, c := range parties {
			_, page := c.web.get(declPath)
			if !strings.Contains(page, `id="decl-state"`) {
				t.Fatalf("%s: no declaration page:\n%s", c.name, page)
			}
			v, err := p.svc.Declaration(ctx, mustActorFor(t, p, c.api), d.ID)
			if err != nil || v.State != want {
				t.Fatalf("%s: %v in %s, want %s", c.name, err, v.State, want)
			}
			same(t, string(want)+" for "+c.name, buttons(page, declButtons), c.api.yourActions("/api/v1/declarations/"+itoa(d.ID)),
				sorted(domain.DeclarationActions(want, v.Findings, c.party)))
		}
	}
	checkDecl(domain.DeclConcept)
	if _, err := p.svc.SendDeclaration(ctx, zzpActor, d.ID); err != nil {
		t.Fatal(err)
	}
	checkDecl(domain.DeclAtHolder)
	if _, err := p.svc.ApproveDeclaration(ctx, mustActor(t, p, demoAccount(t, "budgethouder")), d.ID); err != nil {
		t.Fatal(err)
	}
	checkDecl(domain.DeclAccepted)

	// Payment runs: SVB staff, prepared → file written → executed.
	svb := demoLogin(t, p, "medewerker@svb.demo")
	svbAPI := p.api(t, "medewerker@svb.demo", "")
	// Prepared by the service: the page's start writes the file at once
	// (a job), and the run's page offers the step between.
	run, _, err := p.svc.StartPayRun(ctx, svbActor(t, p), "2026-10-31", "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	loc := "/betaalruns/" + itoa(run.ID)
	runID := regexp.MustCompile(`/betaalruns/(\d+)`).FindStringSubmatch(loc)
	if runID == nil {
		t.Fatalf("start run went to %q", loc)
	}
	runButtons := map[string]string{"payrun-write": "write_file", "payrun-download": "download", "payrun-execute": "execute", "payrun-status": "status_report"}
	checkRun := func(want domain.PayRunState) {
		t.Helper()
		_, page := svb.get("/betaalruns/" + runID[1])
		if !strings.Contains(page, `id="payrun-state"`) {
			t.Fatalf("no run page:\n%s", page)
		}
		var run struct {
			State domain.PayRunState `json:"state"`
		}
		svbAPI.get("/api/v1/payruns/"+runID[1], &run)
		if run.State != want {
			t.Fatalf("run in %s, want %s", run.State, want)
		}
		same(t, "run "+string(want), buttons(page, runButtons), svbAPI.yourActions("/api/v1/payruns/"+runID[1]),
			sorted(domain.PayRunActions(want, domain.PartySVB)))
	}
	checkRun(domain.RunPrepared)
	if code, _, body := svb.post("/betaalruns/"+runID[1]+"/bestand", nil); code != http.StatusSeeOther {
		t.Fatalf("write: %d\n%s", code, body)
	}
	checkRun(domain.RunWritten)
	if code, _, body := svb.post("/betaalruns/"+runID[1]+"/uitgevoerd", nil); code != http.StatusSeeOther {
		t.Fatalf("execute: %d\n%s", code, body)
	}
	checkRun(domain.RunExecuted)

	// Mandates: J. de Vries authorises the zzp'er, then revokes it.
	bhAPI := parties[1].api
	holderActor := mustActor(t, p, demoAccount(t, "budgethouder"))
	repsPath := "/api/v1/budget-holders/" + itoa(holderActor.Role.BudgetHolderID) + "/representatives"
	rep, err := p.svc.GrantMandate(ctx, holderActor, "zzp@pgbportaal.demo", "")
	if err != nil {
		t.Fatal(err)
	}
	checkMandate := func(want domain.MandateState) {
		t.Helper()
		_, page := holder.get("/gegevens")
		var reps struct {
			Items []struct {
				ID      int64    `json:"id"`
				Actions []string `json:"your_actions"`
			} `json:"items"`
		}
		bhAPI.get(repsPath, &reps)
		var api []string
		for _, r := range reps.Items {
			if r.ID == rep.ID {
				api = r.Actions
			}
		}
		if api == nil {
			t.Fatalf("mandate %d not in %+v", rep.ID, reps)
		}
		slices.Sort(api)
		same(t, "mandate "+string(want), buttons(page, map[string]string{"revoke-" + itoa(rep.ID): "revoke"}), api,
			sorted(domain.MandateActions(want, domain.RoleBudgetHolder)))
		same(t, "new mandate", buttons(page, map[string]string{"mandate-grant": "grant"}), nil,
			sorted(domain.MandateActions(domain.MandateNone, domain.RoleBudgetHolder)))
	}
	checkMandate(domain.MandateRunning)
	if err := p.svc.RevokeMandate(ctx, holderActor, rep.ID); err != nil {
		t.Fatal(err)
	}
	checkMandate(domain.MandateEnded)

	// Settlements (pages only: the API has none): the zorgkantoor makes
	// them; a budget holder agrees; the zorgkantoor approves.
	zk := demoLogin(t, p, "medewerker@zorgkantoor.demo")
	if code, _, body := zk.post("/eindafrekeningen", url.Values{"until": {"2026-11-23"}}); code != http.StatusSeeOther {
		t.Fatalf("make: %d\n%s", code, body)
	}
	p.svc.WaitJobs() // the settlements are made by a job
	_, list := zk.get("/eindafrekeningen")
	link := regexp.MustCompile(`href="(/eindafrekeningen/(\d+))"`).FindStringSubmatch(list)
	if link == nil {
		t.Fatalf("no settlement listed:\n%s", list)
	}
	sid, _ := strconv.ParseInt(link[2], 10, 64)
	settlementHolder(t, p, sid) // jansen@example.nl
	jansen := p.client(t)
	if code, _, body := jansen.post("/inloggen", url.Values{"email": {"jansen@example.nl"}, "password": {"lang genoeg wachtwoord"}}); code != http.StatusSeeOther {
		t.Fatalf("login: %d\n%s", code, body)
	}
	settleButtons := map[string]string{"settlement-agree": "agree", "settlement-object": "object", "settlement-approve": "approve"}
	checkSettlement := func(want domain.SettlementState) {
		t.Helper()
		for _, c := range []struct {
			web   *client
			party domain.Party
		}{{zk, domain.PartyVerstrekker}, {jansen, domain.PartyHolder}} {
			_, page := c.web.get(link[1])
			if !strings.Contains(page, `id="settlement-state"`) {
				t.Fatalf("no settlement page:\n%s", page)
			}
			same(t, "settlement "+string(want)+" for "+string(c.party), buttons(page, settleButtons), nil, sorted(domain.SettlementActions(want, c.party)))
		}
	}
	checkSettlement(domain.SettlementOpen)
	if code, _, body := jansen.post(link[1]+"/actie", url.Values{"action": {"agree"}}); code != http.StatusSeeOther {
		t.Fatalf("agree: %d\n%s", code, body)
	}
	checkSettlement(domain.SettlementAgreed)
	if code, _, body := zk.post(link[1]+"/actie", url.Values{"action": {"approve"}}); code != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", code, body)
	}
	checkSettlement(domain.SettlementApproved)
}

// mustActorFor is the actor behind an API client's token.
func mustActorFor(t *testing.T, p *portal, c *apiClient) service.Actor {
	t.Helper()
	a, err := p.svc.ActorForToken(context.Background(), c.token)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestTariffPageOffersOnlyWhatCanBeSaved: zorgkantoor staff set no rates
// (Wlz tariffs are national), so their tariff page shows no form that
// every save of would fail with tariff_not_yours; a gemeente's staff get
// the form for their own Wmo and Jeugdwet rates, and save one; the
// beheerder gets it for every law. The API says the same.
func TestTariffPageOffersOnlyWhatCanBeSaved(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	form := func(page string) (shown bool, laws []string) {
		i := strings.Index(page, `action="/tarieven" novalidate`)
		if i < 0 {
			return false, nil
		}
		rest := page[i:]
		rest = rest[:strings.Index(rest, "</form>")]
		sel := rest[strings.Index(rest, `name="law"`):]
		sel = sel[:strings.Index(sel, "</select>")]
		for _, m := range regexp.MustCompile(`<option value="([a-z]+)"`).FindAllStringSubmatch(sel, -1) {
			laws = append(laws, m[1])
		}
		return true, laws
	}
	for _, c := range []struct {
		email string
		laws  []string
	}{
		{"medewerker@zorgkantoor.demo", nil},
		{"medewerker@utrecht.demo", []string{"wmo", "jeugdwet"}},
		{"beheer@pgbportaal.demo", []string{"wmo", "jeugdwet", "wlz", "zvw"}},
	} {
		web := demoLogin(t, p, c.email)
		code, page := web.get("/tarieven")
		if code != 200 {
			t.Fatalf("%s: %d", c.email, code)
		}
		shown, laws := form(page)
		if shown != (c.laws != nil) || !slices.Equal(laws, c.laws) {
			t.Errorf("%s: form shown %v with laws %v; want %v", c.email, shown, laws, c.laws)
		}
		var list struct {
			Actions []string `json:"your_actions"`
			Laws    []string `json:"your_laws"`
		}
		p.api(t, c.email, "").get("/api/v1/tariffs", &list)
		wantActions := []string{}
		if c.laws != nil {
			wantActions = []string{"set"}
		}
		if !slices.Equal(list.Actions, wantActions) || !slices.Equal(list.Laws, append([]string{}, c.laws...)) {
			t.Errorf("%s: API says %v for %v; want %v for %v", c.email, list.Actions, list.Laws, wantActions, c.laws)
		}
		switch c.email {
		case "medewerker@zorgkantoor.demo": // what the form used to let them try
			code, loc, body := web.post("/tarieven", url.Values{"year": {"2026"}, "law": {"wlz"}, "care_type": {"begeleiding"}, "provider_kind": {"zzp"}, "max_rate": {"70,00"}})
			if code == http.StatusSeeOther || !strings.Contains(body, "Een gemeente stelt alleen eigen tarieven vast") {
				t.Errorf("zorgkantoor saved a tariff: %d %s", code, loc)
			}
		case "medewerker@utrecht.demo":
			code, loc, body := web.post("/tarieven", url.Values{"year": {"2026"}, "law": {"wmo"}, "care_type": {"begeleiding"}, "provider_kind": {"zzp"}, "max_rate": {"71,50"}})
			if code != http.StatusSeeOther || loc != "/tarieven" {
				t.Fatalf("gemeente's own Wmo rate: %d %s\n%s", code, loc, body)
			}
			if _, page := web.get("/tarieven?wet=wmo"); !strings.Contains(page, "71,50") {
				t.Errorf("the saved rate is not listed")
			}
		case "beheer@pgbportaal.demo":
			code, loc, body := web.post("/tarieven", url.Values{"year": {"2026"}, "law": {"wlz"}, "care_type": {"begeleiding"}, "provider_kind": {"zzp"}, "max_rate": {"72,25"}})
			if code != http.StatusSeeOther || loc != "/tarieven" {
				t.Fatalf("beheerder's national Wlz rate: %d %s\n%s", code, loc, body)
			}
		}
	}
}
