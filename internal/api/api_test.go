package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, domain.Amsterdam)

type fixture struct {
	t   *testing.T
	srv *httptest.Server
	svc *service.Service
	api *API
}

// newFixture serves the API over the demo dataset.
func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	svc := service.New(db, service.Options{Now: func() time.Time { return now }, FileDir: t.TempDir(), Payer: service.Payer{Name: "SVB pgb test", IBAN: "NL97INGB0000002445", BIC: "INGBNL2A"}})
	if err := demo.Load(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	a := newAPI(svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv := httptest.NewServer(served(a))
	t.Cleanup(srv.Close)
	t.Cleanup(svc.WaitJobs) // before the database and the file folder go
	return &fixture{t: t, srv: srv, svc: svc, api: a}
}

// served is the API as pgb serve answers it behind the site's handler:
// every request tagged with its id (X-Request-ID, which the contract
// requires on every answer), with no trusted proxy.
func served(a *API) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.ServeHTTP(w, httpkit.TagRequest(w, r, nil))
	})
}

// token makes an API token for a demo account's first role (or the role
// of the given kind).
func (f *fixture) token(email string, role domain.Role) string {
	f.t.Helper()
	acc, roles, err := f.svc.AccountByEmail(context.Background(), service.System, email)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, r := range roles {
		if role == "" || r.Role == role {
			tok, err := f.svc.CreateAPIToken(context.Background(), service.System, acc.ID, r.ID, "test")
			if err != nil {
				f.t.Fatal(err)
			}
			return tok
		}
	}
	f.t.Fatalf("%s has no role %s", email, role)
	return ""
}

type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (f *fixture) do(method, path, token, body string, hdr ...string) response {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	checkContract(f.t, req, []byte(body), resp.StatusCode, resp.Header, b)
	out := response{status: resp.StatusCode, header: resp.Header, raw: string(b)}
	_ = json.Unmarshal(b, &out.body)
	return out
}

func (r response) num(path ...string) float64 {
	var v any = r.body
	for _, p := range path {
		v = v.(map[string]any)[p]
	}
	n, _ := v.(float64)
	return n
}

func (r response) firstError() (field, code, detail string) {
	errs, _ := r.body["errors"].([]any)
	if len(errs) == 0 {
		return "", "", ""
	}
	e := errs[0].(map[string]any)
	return e["field"].(string), e["code"].(string), e["detail"].(string)
}

func mustProblem(t *testing.T, r response, status int, code string) {
	t.Helper()
	if r.status != status || r.header.Get("Content-Type") != "application/problem+json" || r.body["code"] != code || r.num("status") != float64(status) {
		t.Errorf("want %d problem %q, got %d %s: %s", status, code, r.status, r.header.Get("Content-Type"), r.raw)
	}
}

// grantsOf returns the ids of a budget holder's grants, read as the system.
func grantIDs(t *testing.T, svc *service.Service, bhID int64) []int64 {
	t.Helper()
	gs, err := svc.GrantsOf(context.Background(), service.System, bhID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, g := range gs {
		ids = append(ids, g.ID)
	}
	return ids
}

func TestBudgetHolderReadsOnlyOwnGrants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		tok := f.token("budgethouder@pgbportaal.demo", "")
		me := f.do("GET", "/api/v1/me", tok, "")
		if me.status != 200 {
			t.Fatalf("me: %d %s", me.status, me.raw)
		}
		own := int64(me.num("role", "budget_holder_id"))
		list := f.do("GET", "/api/v1/budget-holders/"+strconv.FormatInt(own, 10)+"/grants", tok, "")
		items, _ := list.body["items"].([]any)
		if list.status != 200 || len(items) == 0 {
			t.Fatalf("own grants: %d %s", list.status, list.raw)
		}
		gid := int64(items[0].(map[string]any)["id"].(float64))
		g := f.do("GET", "/api/v1/grants/"+strconv.FormatInt(gid, 10), tok, "")
		v, _ := f.svc.Grant(context.Background(), service.System, gid)
		if g.status != 200 || g.num("balance", "left_cents") != float64(v.Balance.Left()) || g.num("balance", "granted_cents") != float64(v.Balance.Granted) {
			t.Errorf("own grant: %d %s", g.status, g.raw)
		}
		if strings.Contains(f.do("GET", "/api/v1/budget-holders/"+strconv.FormatInt(own, 10), tok, "").raw, "173291004") {
			t.Error("full BSN in the API")
		}
		for other := int64(1); other <= 5; other++ {
			if other == own {
				continue
			}
			mustProblem(t, f.do("GET", "/api/v1/budget-holders/"+strconv.FormatInt(other, 10), tok, ""), 404, "not_found")
			for _, id := range grantIDs(t, f.svc, other) {
				mustProblem(t, f.do("GET", "/api/v1/grants/"+strconv.FormatInt(id, 10), tok, ""), 404, "not_found")
				mustProblem(t, f.do("GET", "/api/v1/grants/"+strconv.FormatInt(id, 10)+"/balance", tok, ""), 404, "not_found")
			}
		}
		mustProblem(t, f.do("GET", "/api/v1/grants/abc", tok, ""), 404, "not_found")
		mustProblem(t, f.do("GET", "/api/v1/grants/-1", tok, ""), 404, "not_found")
		mustProblem(t, f.do("GET", "/api/v1/nothing-here", tok, ""), 404, "not_found")
		// Budget holders do not list or create budget holders.
		mustProblem(t, f.do("GET", "/api/v1/budget-holders", tok, ""), 403, "verstrekker_only")
	})
}

func TestStaffSeeOnlyTheirOwnVerstrekkersBudgetHolders(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	gm := f.token("medewerker@utrecht.demo", "")
	zk := f.token("medewerker@zorgkantoor.demo", "")
	list := f.do("GET", "/api/v1/budget-holders?pageSize=10", gm, "")
	items, _ := list.body["items"].([]any)
	if list.status != 200 || len(items) != 3 {
		t.Fatalf("gemeente list: %d %s", list.status, list.raw)
	}
	for _, it := range items {
		id := int64(it.(map[string]any)["id"].(float64))
		if r := f.do("GET", "/api/v1/budget-holders/"+strconv.FormatInt(id, 10), gm, ""); r.status != 200 {
			t.Errorf("gemeente reads its own: %d", r.status)
		}
		mustProblem(t, f.do("GET", "/api/v1/budget-holders/"+strconv.FormatInt(id, 10), zk, ""), 404, "not_found")
		for _, gid := range grantIDs(t, f.svc, id) {
			mustProblem(t, f.do("GET", "/api/v1/grants/"+strconv.FormatInt(gid, 10), zk, ""), 404, "not_found")
		}
	}
}

func TestRepresentativeReadsChildsGrant(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	tok := f.token("ouder@pgbportaal.demo", domain.RoleRepresentative)
	me := f.do("GET", "/api/v1/me", tok, "")
	child := int64(me.num("role", "budget_holder_id"))
	roles, _ := me.body["roles"].([]any)
	if me.body["role"].(map[string]any)["role"] != "vertegenwoordiger" || len(roles) != 2 {
		t.Fatalf("me: %s", me.raw)
	}
	ids := grantIDs(t, f.svc, child)
	if r := f.do("GET", "/api/v1/grants/"+strconv.FormatInt(ids[0], 10), tok, ""); r.status != 200 || r.body["law"] != "jeugdwet" {
		t.Errorf("representative reads the child's grant: %d %s", r.status, r.raw)
	}
	// The representative changes the contact details for the child.
	r := f.do("PUT", "/api/v1/budget-holders/"+strconv.FormatInt(child, 10)+"/contact", tok, `{"email":"ouder@pgbportaal.demo","phone":"030-1234567","iban":""}`)
	if r.status != 200 || r.body["phone"] != "030-1234567" {
		t.Errorf("contact: %d %s", r.status, r.raw)
	}
}

func TestAuthentication(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	r := f.do("GET", "/api/v1/me", "", "")
	mustProblem(t, r, 401, "token_missing")
	if r.header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
	mustProblem(t, f.do("GET", "/api/v1/me", "pgb_made-up", ""), 401, "token_invalid")
	tok := f.token("budgethouder@pgbportaal.demo", "")
	if r := f.do("GET", "/api/v1/me", tok, ""); r.status != 200 {
		t.Fatalf("valid token: %d", r.status)
	}
	acc, _, _ := f.svc.AccountByEmail(context.Background(), service.System, "budgethouder@pgbportaal.demo")
	actor := service.Actor{AccountID: acc.ID}
	toks, _ := f.svc.APITokens(context.Background(), actor)
	if err := f.svc.RevokeAPIToken(context.Background(), actor, toks[0].ID); err != nil {
		t.Fatal(err)
	}
	mustProblem(t, f.do("GET", "/api/v1/me", tok, ""), 401, "token_invalid")
	// The document itself needs no token.
	if r := f.do("GET", "/api/v1/openapi.json", "", ""); r.status != 200 || r.body["openapi"] != "3.1.0" {
		t.Errorf("openapi.json: %d", r.status)
	}
}

func TestCreateAndReviseGrantThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		tok := f.token("medewerker@utrecht.demo", "")

		// Malformed input is refused with a problem that names what is wrong.
		mustProblem(t, f.do("POST", "/api/v1/budget-holders", tok, `{"bsn": "111222333",`), 400, "malformed_json")
		r := f.do("POST", "/api/v1/budget-holders", tok, `{"bsn":"111222333","nickname":"Jo"}`)
		mustProblem(t, r, 400, "unknown_field")
		if field, _, _ := r.firstError(); field != "nickname" {
			t.Errorf("unknown field not named: %s", r.raw)
		}
		r = f.do("POST", "/api/v1/budget-holders", tok, `{"bsn":111222333}`)
		mustProblem(t, r, 400, "wrong_type")
		if field, _, _ := r.firstError(); field != "bsn" {
			t.Errorf("wrong type not named: %s", r.raw)
		}
		mustProblem(t, f.do("POST", "/api/v1/budget-holders", tok, `{} {}`), 400, "malformed_json")
		mustProblem(t, f.do("POST", "/api/v1/budget-holders", tok, `{"bsn":"1"}`, "Content-Type", "text/plain"), 415, "unsupported_media")

		// An invalid BSN: 422 with the field, in Dutch by default, English on request.
		bad := `{"bsn":"123456789","initials":"K.","family_name":"Mulder","birth_date":"1977-03-04"}`
		r = f.do("POST", "/api/v1/budget-holders", tok, bad)
		mustProblem(t, r, 422, "validation")
		if field, code, detail := r.firstError(); field != "bsn" || code != "bsn_invalid" || !strings.Contains(detail, "elfproef") {
			t.Errorf("invalid BSN: %s", r.raw)
		}
		r = f.do("POST", "/api/v1/budget-holders", tok, bad, "Accept-Language", "en-GB,en;q=0.8")
		if _, _, detail := r.firstError(); !strings.Contains(detail, "eleven test") {
			t.Errorf("English detail: %s", r.raw)
		}

		r = f.do("POST", "/api/v1/budget-holders", tok, `{"bsn":"681141001","initials":"K.","family_name":"Mulder","birth_date":"1977-03-04","postcode":"3512ab"}`)
		if r.status != 201 || r.body["bsn_masked"] != "******001" || r.body["postcode"] != "3512 AB" {
			t.Fatalf("create budget holder: %d %s", r.status, r.raw)
		}
		bh := strconv.FormatInt(int64(r.num("id")), 10)
		if !regexp.MustCompile(`^/api/v1/budget-holders/\d+$`).MatchString(r.header.Get("Location")) {
			t.Errorf("Location: %q", r.header.Get("Location"))
		}

		// A grant for part of 2026: pro rata by days, lines added.
		r = f.do("POST", "/api/v1/budget-holders/"+bh+"/grants", tok, `{"law":"wmo","reference":"WMO-API-1","start":"2026-03-01","end":"2026-12-31",
			"own_contribution_cents":2140,"lines":[{"care_function":"Begeleiding","yearly_cents":1200000},{"care_function":"Huishoudelijke hulp","yearly_cents":360000}]}`)
		p := domain.Period{Start: domain.MustDate("2026-03-01"), End: domain.MustDate("2026-12-31")}
		want := domain.ProRata(1200000, p) + domain.ProRata(360000, p)
		if r.status != 201 || r.num("balance", "granted_cents") != float64(want) || r.num("balance", "left_cents") != float64(want) || r.num("own_contribution_cents") != 2140 {
			t.Fatalf("create grant (want %d): %d %s", want, r.status, r.raw)
		}
		gid := strconv.FormatInt(int64(r.num("id")), 10)

		// The zorgkantoor cannot grant Wmo; and cannot touch the gemeente's grant.
		zk := f.token("medewerker@zorgkantoor.demo", "")
		mustProblem(t, f.do("POST", "/api/v1/grants/"+gid+"/revisions", zk, `{"effective_from":"2026-07-01","reason":"x","lines":[{"care_function":"B","yearly_cents":100}]}`), 404, "not_found")

		// Reserve almost everything, then lowering below it is refused.
		g, _ := strconv.ParseInt(gid, 10, 64)
		if err := f.svc.PostForDemo(context.Background(), g, "reserved", want-1000, domain.MustDate("2026-04-01")); err != nil {
			t.Fatal(err)
		}
		r = f.do("POST", "/api/v1/grants/"+gid+"/revisions", tok, `{"effective_from":"2026-10-01","reason":"Lager","lines":[{"care_function":"Begeleiding","yearly_cents":100000}]}`)
		mustProblem(t, r, 422, "validation")
		if field, code, _ := r.firstError(); field != "lines" || code != "grant_below_used" {
			t.Errorf("lowering below used: %s", r.raw)
		}
		// edges: the refusal names the committed amount and the lowest yearly amount still allowed.
		if errs, _ := r.body["errors"].([]any); len(errs) == 1 {
			am, _ := errs[0].(map[string]any)["amounts"].(map[string]any)
			detail, _ := errs[0].(map[string]any)["detail"].(string)
			if am["committed_cents"] != float64(want-1000) || am["lowest_yearly_cents"].(float64) <= 100000 || !strings.Contains(detail, domain.Cents(want-1000).Format("nl")) {
				t.Errorf("amounts named: %s", r.raw)
			}
		}
		r = f.do("POST", "/api/v1/grants/"+gid+"/revisions", tok, `{"effective_from":"2026-10-01","reason":"Meer uren","lines":[{"care_function":"Begeleiding","yearly_cents":1500000},{"care_function":"Huishoudelijke hulp","yearly_cents":360000}]}`)
		if r.status != 201 || len(r.body["revisions"].([]any)) != 2 || r.num("balance", "granted_cents") <= float64(want) {
			t.Errorf("raise: %d %s", r.status, r.raw)
		}
		bal := f.do("GET", "/api/v1/grants/"+gid+"/balance", tok, "")
		if bal.num("reserved_cents") != float64(want-1000) || bal.num("left_cents") != bal.num("granted_cents")-float64(want-1000) {
			t.Errorf("balance: %s", bal.raw)
		}
	})
}

// TestOpenAPIDescribesEveryRoute keeps the document and the routes in step.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	a := newAPI(nil, nil)
	described := 0
	for _, route := range a.routes {
		method, path, _ := strings.Cut(route, " ")
		ops, ok := doc.Paths[strings.TrimPrefix(path, "/api/v1")] // the document's server is /api/v1
		if !ok {
			t.Errorf("route %s is not in openapi.json", route)
			continue
		}
		if _, ok := ops[strings.ToLower(method)]; !ok {
			t.Errorf("method %s of %s is not in openapi.json", method, path)
			continue
		}
		described++
	}
	n := 0
	for _, ops := range doc.Paths {
		n += len(ops)
	}
	if n != described {
		t.Errorf("openapi.json describes %d operations, the API has %d", n, described)
	}
}
