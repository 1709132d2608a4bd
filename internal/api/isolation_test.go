package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// world is a fixture built from nothing through the service, independent of
// the demo data: two gemeenten (A and B) and a zorgkantoor, each with one
// staff member; budget holders of A (one with a represented child) and of B;
// one person who is a client of both gemeente A and the zorgkantoor.
type world struct {
	*fixture
	ctx context.Context
	log *bytes.Buffer

	staffA, staffB, staffZK service.Actor
	tokA, tokB, tokZK       string

	one, two, child, ofB, shared domain.BudgetHolder
	gOne, gTwo, gChild, gB       domain.Grant
	gSharedA, gSharedZK          domain.Grant
	tokOne, tokParent, tokShared string
	onePeriod                    domain.Period
	oneYearly                    domain.Cents
	oneReserved, onePaid         domain.Cents
}

const worldPassword = "een-lang-wachtwoord-2026"

// bsnFrom makes a valid BSN (11-proef) from the 8 digits of seed.
func bsnFrom(t *testing.T, seed int) string {
	t.Helper()
	for n := seed; n < seed+100; n++ {
		d := fmt.Sprintf("%08d", n)
		sum := 0
		for i := range 8 {
			sum += int(d[i]-'0') * (9 - i)
		}
		if c := sum % 11; c < 10 {
			if _, err := domain.ParseBSN(d + strconv.Itoa(c)); err == nil {
				return d + strconv.Itoa(c)
			}
		}
	}
	t.Fatalf("no BSN near %d", seed)
	return ""
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	ctx := context.Background()
	svc := service.New(db, service.Options{Now: func() time.Time { return now }})
	logBuf := &bytes.Buffer{}
	a := newAPI(svc, slog.New(slog.NewTextHandler(logBuf, nil)))
	srv := httptest.NewServer(served(a))
	t.Cleanup(srv.Close)
	w := &world{fixture: &fixture{t: t, srv: srv, svc: svc, api: a}, ctx: ctx, log: logBuf}

	must := func(err error, what string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	org := func(kind domain.OrgKind, name, code string) domain.Organisation {
		o, err := svc.CreateOrganisation(ctx, service.System, domain.Organisation{Kind: kind, Name: name, Code: code})
		must(err, "organisation "+name)
		return o
	}
	account := func(email, name string) domain.Account {
		acc, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: email, Name: name, Password: worldPassword})
		must(err, "account "+email)
		return acc
	}
	token := func(accID, roleID int64) string {
		tok, err := svc.CreateAPIToken(ctx, service.System, accID, roleID, "test")
		must(err, "token")
		if !strings.HasPrefix(tok, "pgb_") {
			t.Fatalf("token %q does not start with pgb_", tok)
		}
		return tok
	}
	staff := func(email, name string, o domain.Organisation) (service.Actor, string) {
		acc := account(email, name)
		r, err := svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleVerstrekker, OrganisationID: o.ID})
		must(err, "role "+email)
		// Staff need a second factor; the test acts as if it was given.
		return service.Actor{AccountID: acc.ID, Name: acc.Name, Email: acc.Email, Role: r, MFA: true}, token(acc.ID, r.ID)
	}
	holder := func(by service.Actor, bsn, family, birth string) domain.BudgetHolder {
		b, err := svc.CreateBudgetHolder(ctx, by, service.BudgetHolderInput{BSN: bsn, Initials: "A.", FamilyName: family, BirthDate: birth, City: "Utrecht"})
		must(err, "budget holder "+family)
		return b
	}
	grant := func(by service.Actor, bh domain.BudgetHolder, law, ref, start, end, yearly string) domain.Grant {
		g, err := svc.CreateGrant(ctx, by, service.GrantInput{BudgetHolderID: bh.ID, Law: law, Reference: ref, Start: start, End: end,
			DecidedOn: "2026-01-15", Lines: []service.LineInput{{CareFunction: "Begeleiding", Yearly: yearly}}})
		must(err, "grant "+ref)
		return g
	}
	holderLogin := func(bh domain.BudgetHolder, email string) string {
		acc := account(email, bh.Name())
		r, err := svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleBudgetHolder, BudgetHolderID: bh.ID})
		must(err, "budget holder role "+email)
		return token(acc.ID, r.ID)
	}

	gemA := org(domain.Gemeente, "Gemeente Utrecht", "GM0344")
	gemB := org(domain.Gemeente, "Gemeente Amersfoort", "GM0307")
	zk := org(domain.Zorgkantoor, "Zorgkantoor Midden-Nederland", "ZK-MN")
	w.staffA, w.tokA = staff("staf@utrecht.test", "Staf Utrecht", gemA)
	w.staffB, w.tokB = staff("staf@amersfoort.test", "Staf Amersfoort", gemB)
	w.staffZK, w.tokZK = staff("staf@zorgkantoor.test", "Staf Zorgkantoor", zk)

	w.one = holder(w.staffA, bsnFrom(t, 11111110), "Een", "1960-01-01")
	w.two = holder(w.staffA, bsnFrom(t, 22222220), "Twee", "1970-02-02")
	w.child = holder(w.staffA, bsnFrom(t, 33333330), "Kind", "2015-03-03")
	w.ofB = holder(w.staffB, bsnFrom(t, 44444440), "Amersfoorter", "1980-04-04")
	sharedBSN := bsnFrom(t, 55555550)
	w.shared = holder(w.staffA, sharedBSN, "Gedeeld", "1945-05-05")
	if again := holder(w.staffZK, sharedBSN, "Gedeeld", "1945-05-05"); again.ID != w.shared.ID {
		t.Fatalf("same BSN at the zorgkantoor made a new budget holder: %d != %d", again.ID, w.shared.ID)
	}

	// One's grant covers part of the year: pro rata by days.
	w.onePeriod = domain.Period{Start: domain.MustDate("2026-03-01"), End: domain.MustDate("2026-12-31")}
	w.oneYearly = 1_234_567
	w.gOne = grant(w.staffA, w.one, "wmo", "WMO-1", "2026-03-01", "2026-12-31", "12345,67")
	w.gTwo = grant(w.staffA, w.two, "wmo", "WMO-2", "2026-01-01", "2026-12-31", "8000,00")
	w.gChild = grant(w.staffA, w.child, "jeugdwet", "JW-1", "2026-01-01", "2026-12-31", "6000,00")
	w.gB = grant(w.staffB, w.ofB, "wmo", "WMO-B", "2026-01-01", "2026-12-31", "9000,00")
	w.gSharedA = grant(w.staffA, w.shared, "wmo", "WMO-S", "2026-01-01", "2026-12-31", "3000,00")
	w.gSharedZK = grant(w.staffZK, w.shared, "wlz", "WLZ-S", "2026-01-01", "2026-12-31", "50000,00")

	// Some of One's budget is reserved, part of that paid.
	w.oneReserved, w.onePaid = 150_000, 40_000
	must(svc.PostForDemo(ctx, w.gOne.ID, ledger.Reserved, w.oneReserved, domain.MustDate("2026-04-01")), "reserve")
	must(svc.PostForDemo(ctx, w.gOne.ID, ledger.Paid, w.onePaid, domain.MustDate("2026-04-15")), "pay")

	w.tokOne = holderLogin(w.one, "een@budget.test")
	w.tokShared = holderLogin(w.shared, "gedeeld@budget.test")
	holderLogin(w.two, "twee@budget.test")

	parent := account("ouder@budget.test", "P. Ouder")
	_, err := svc.AddRepresentative(ctx, w.staffA, w.child.ID, service.RepresentativeInput{Email: parent.Email, Kind: string(domain.OuderVoogd), ValidFrom: "2015-03-03",
		Proof: service.Upload{Name: "gezag.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}})
	must(err, "representative")
	_, roles, err := svc.AccountByEmail(ctx, service.System, parent.Email)
	must(err, "parent's roles")
	for _, r := range roles {
		if r.Role == domain.RoleRepresentative {
			w.tokParent = token(parent.ID, r.ID)
		}
	}
	if w.tokParent == "" {
		t.Fatal("the parent has no representative role")
	}
	return w
}

func path(format string, ids ...int64) string {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return fmt.Sprintf(format, args...)
}

// TestIsolationOnBothDatabases: everyone reads what they are party to and
// gets 404, as if it did not exist, for anything else.
func TestIsolationOnBothDatabases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		notFound := func(tok, method, p, body string) {
			t.Helper()
			mustProblem(t, w.do(method, p, tok, body), 404, "not_found")
		}
		ok := func(tok, p string) response {
			t.Helper()
			r := w.do("GET", p, tok, "")
			if r.status != 200 {
				t.Fatalf("GET %s: %d %s", p, r.status, r.raw)
			}
			if strings.Contains(r.raw, w.one.BSN.Full()) || strings.Contains(r.raw, w.shared.BSN.Full()) {
				t.Errorf("GET %s shows a full BSN: %s", p, r.raw)
			}
			return r
		}

		t.Run("budget holder reads own grant with the right balance", func(t *testing.T) {
			r := ok(w.tokOne, path("/api/v1/grants/%d", w.gOne.ID))
			granted := domain.ProRata(w.oneYearly, w.onePeriod)
			want := map[string]domain.Cents{"granted_cents": granted, "reserved_cents": w.oneReserved - w.onePaid, "paid_cents": w.onePaid,
				"left_cents": granted - w.oneReserved}
			for k, v := range want {
				if got := r.num("balance", k); got != float64(v) {
					t.Errorf("balance.%s = %v, want %d (%s)", k, got, v, r.raw)
				}
			}
			if r.num("total_cents") != float64(granted) || r.body["law"] != "wmo" {
				t.Errorf("grant: %s", r.raw)
			}
			bal := ok(w.tokOne, path("/api/v1/grants/%d/balance", w.gOne.ID))
			if bal.num("left_cents") != float64(want["left_cents"]) || bal.num("granted_cents") != float64(granted) {
				t.Errorf("balance: %s", bal.raw)
			}
			me := ok(w.tokOne, "/api/v1/me")
			if me.body["email"] != "een@budget.test" || me.num("role", "budget_holder_id") != float64(w.one.ID) {
				t.Errorf("me: %s", me.raw)
			}
			bh := ok(w.tokOne, path("/api/v1/budget-holders/%d", w.one.ID))
			if bh.body["bsn_masked"] != w.one.BSN.Masked() || bh.body["bsn"] != nil {
				t.Errorf("own record: %s", bh.raw)
			}
			list := ok(w.tokOne, path("/api/v1/budget-holders/%d/grants", w.one.ID))
			if items, _ := list.body["items"].([]any); len(items) != 1 {
				t.Errorf("own grants: %s", list.raw)
			}
		})

		t.Run("budget holder gets 404 for someone else", func(t *testing.T) {
			for _, g := range []domain.Grant{w.gTwo, w.gChild, w.gB, w.gSharedA, w.gSharedZK} {
				notFound(w.tokOne, "GET", path("/api/v1/grants/%d", g.ID), "")
				notFound(w.tokOne, "GET", path("/api/v1/grants/%d/balance", g.ID), "")
				notFound(w.tokOne, "POST", path("/api/v1/grants/%d/revisions", g.ID), `{"effective_from":"2026-07-01","reason":"x","lines":[{"care_function":"B","yearly_cents":1}]}`)
			}
			for _, b := range []domain.BudgetHolder{w.two, w.child, w.ofB, w.shared} {
				notFound(w.tokOne, "GET", path("/api/v1/budget-holders/%d", b.ID), "")
				notFound(w.tokOne, "GET", path("/api/v1/budget-holders/%d/grants", b.ID), "")
				notFound(w.tokOne, "GET", path("/api/v1/budget-holders/%d/representatives", b.ID), "")
				notFound(w.tokOne, "PUT", path("/api/v1/budget-holders/%d/contact", b.ID), `{"email":"x@y.test","phone":"06"}`)
			}
			// Ids that do not exist at all look the same.
			notFound(w.tokOne, "GET", "/api/v1/grants/999999", "")
			notFound(w.tokOne, "GET", "/api/v1/budget-holders/999999", "")
		})

		t.Run("staff of gemeente A get 404 for gemeente B", func(t *testing.T) {
			for _, b := range []domain.BudgetHolder{w.one, w.two, w.child, w.shared} {
				ok(w.tokA, path("/api/v1/budget-holders/%d", b.ID))
			}
			ok(w.tokA, path("/api/v1/grants/%d", w.gOne.ID))
			notFound(w.tokA, "GET", path("/api/v1/budget-holders/%d", w.ofB.ID), "")
			notFound(w.tokA, "GET", path("/api/v1/budget-holders/%d/grants", w.ofB.ID), "")
			notFound(w.tokA, "GET", path("/api/v1/budget-holders/%d/representatives", w.ofB.ID), "")
			notFound(w.tokA, "PUT", path("/api/v1/budget-holders/%d/contact", w.ofB.ID), `{"email":"x@y.test","phone":"06"}`)
			notFound(w.tokA, "GET", path("/api/v1/grants/%d", w.gB.ID), "")
			notFound(w.tokA, "GET", path("/api/v1/grants/%d/balance", w.gB.ID), "")
			notFound(w.tokA, "POST", path("/api/v1/budget-holders/%d/grants", w.ofB.ID),
				`{"law":"wmo","reference":"X","start":"2026-01-01","end":"2026-12-31","lines":[{"care_function":"B","yearly_cents":100000}]}`)
			notFound(w.tokA, "POST", path("/api/v1/grants/%d/revisions", w.gB.ID),
				`{"effective_from":"2026-07-01","reason":"x","lines":[{"care_function":"B","yearly_cents":100000}]}`)
			// And the other way round.
			ok(w.tokB, path("/api/v1/grants/%d", w.gB.ID))
			notFound(w.tokB, "GET", path("/api/v1/budget-holders/%d", w.one.ID), "")
			notFound(w.tokB, "GET", path("/api/v1/grants/%d", w.gOne.ID), "")

			// The search lists A's own clients only.
			r := ok(w.tokA, "/api/v1/budget-holders?pageSize=200")
			var ids []int64
			for _, it := range r.body["items"].([]any) {
				ids = append(ids, int64(it.(map[string]any)["id"].(float64)))
			}
			slices.Sort(ids)
			want := []int64{w.one.ID, w.two.ID, w.child.ID, w.shared.ID}
			slices.Sort(want)
			if !slices.Equal(ids, want) {
				t.Errorf("gemeente A lists %v, want %v", ids, want)
			}
		})

		t.Run("a shared client's other verstrekker's grant stays hidden", func(t *testing.T) {
			ok(w.tokA, path("/api/v1/budget-holders/%d", w.shared.ID))
			ok(w.tokZK, path("/api/v1/budget-holders/%d", w.shared.ID))
			notFound(w.tokA, "GET", path("/api/v1/grants/%d", w.gSharedZK.ID), "")
			notFound(w.tokZK, "GET", path("/api/v1/grants/%d", w.gSharedA.ID), "")
			for tok, want := range map[string]int64{w.tokA: w.gSharedA.ID, w.tokZK: w.gSharedZK.ID} {
				items := ok(tok, path("/api/v1/budget-holders/%d/grants", w.shared.ID)).body["items"].([]any)
				if len(items) != 1 || int64(items[0].(map[string]any)["id"].(float64)) != want {
					t.Errorf("verstrekker sees %v, want only grant %d", items, want)
				}
			}
			// The person sees both.
			items := ok(w.tokShared, path("/api/v1/budget-holders/%d/grants", w.shared.ID)).body["items"].([]any)
			if len(items) != 2 {
				t.Errorf("the budget holder sees %d grants, want 2", len(items))
			}
		})

		t.Run("representative reads the child's grant and nothing else", func(t *testing.T) {
			r := ok(w.tokParent, path("/api/v1/grants/%d", w.gChild.ID))
			if r.body["law"] != "jeugdwet" || r.num("balance", "granted_cents") != 600000 {
				t.Errorf("child's grant: %s", r.raw)
			}
			ok(w.tokParent, path("/api/v1/budget-holders/%d", w.child.ID))
			me := ok(w.tokParent, "/api/v1/me")
			if me.num("role", "budget_holder_id") != float64(w.child.ID) || me.body["role"].(map[string]any)["role"] != "vertegenwoordiger" {
				t.Errorf("me: %s", me.raw)
			}
			notFound(w.tokParent, "GET", path("/api/v1/grants/%d", w.gOne.ID), "")
			notFound(w.tokParent, "GET", path("/api/v1/budget-holders/%d", w.one.ID), "")
			// Reading is not granting.
			r = w.do("POST", path("/api/v1/budget-holders/%d/grants", w.child.ID), w.tokParent,
				`{"law":"jeugdwet","reference":"X","start":"2026-01-01","end":"2026-12-31","lines":[{"care_function":"B","yearly_cents":100000}]}`)
			if r.status != 403 && r.status != 404 {
				t.Errorf("representative creates a grant: %d %s", r.status, r.raw)
			}
		})
	})
}

// TestRequestHardening covers the edges of reading a request: the bearer
// scheme, ids, query parameters, JSON errors in both languages, and the 500
// that logs but never shows the cause.
func TestRequestHardening(t *testing.T) {
	w := newWorld(t, storetest.OpenSQLite(t))
	grantBody := `{"law":"wmo","reference":"H-1","start":"2026-01-01","end":"2026-12-31","lines":[{"care_function":"Begeleiding","yearly_cents":%s}]}`
	grantsOfOne := path("/api/v1/budget-holders/%d/grants", w.one.ID)

	t.Run("bearer scheme", func(t *testing.T) {
		if r := w.do("GET", "/api/v1/me", "", "", "Authorization", "bearer "+w.tokOne); r.status != 200 {
			t.Errorf("lower-case scheme: %d %s", r.status, r.raw)
		}
		mustProblem(t, w.do("GET", "/api/v1/me", "", "", "Authorization", "Basic "+w.tokOne), 401, "token_missing")
		mustProblem(t, w.do("GET", "/api/v1/me", "", "", "Authorization", "Bearer   "), 401, "token_missing")
		mustProblem(t, w.do("GET", "/api/v1/me", "pgb_"+strings.Repeat("0", 40), ""), 401, "token_invalid")
	})

	t.Run("ids", func(t *testing.T) {
		if r := w.do("GET", path("/api/v1/grants/%d", w.gOne.ID), w.tokOne, ""); r.status != 200 {
			t.Fatalf("plain id: %d", r.status)
		}
		for _, id := range []string{"0", "-1", "+" + strconv.FormatInt(w.gOne.ID, 10), "0" + strconv.FormatInt(w.gOne.ID, 10), "1e3", "abc", "99999999999999999999", "%20" + strconv.FormatInt(w.gOne.ID, 10)} {
			mustProblem(t, w.do("GET", "/api/v1/grants/"+id, w.tokOne, ""), 404, "not_found")
		}
	})

	t.Run("query parameters", func(t *testing.T) {
		for _, q := range []string{"pageSize=abc", "pageSize=0", "pageSize=201", "page=0", "page=-1", "page=x"} {
			r := w.do("GET", "/api/v1/budget-holders?"+q, w.tokA, "")
			mustProblem(t, r, 400, "bad_parameter")
			if field, _, _ := r.firstError(); field != strings.Split(q, "=")[0] {
				t.Errorf("%s: parameter not named: %s", q, r.raw)
			}
		}
		all := w.do("GET", "/api/v1/budget-holders?pageSize=200", w.tokA, "").body["items"].([]any)
		// Page 2 of pages of 3: the fourth, with links back and none on.
		r := w.do("GET", "/api/v1/budget-holders?pageSize=3&page=2", w.tokA, "")
		page := r.body["items"].([]any)
		links := r.body["_links"].(map[string]any)
		if len(all) != 4 || len(page) != 1 || page[0].(map[string]any)["id"] != all[3].(map[string]any)["id"] {
			t.Errorf("paging: all %d, page %v", len(all), page)
		}
		if links["next"] != nil || links["prev"].(map[string]any)["href"] != "/api/v1/budget-holders?page=1&pageSize=3" {
			t.Errorf("page 2 of 2: links %v", links)
		}
		// Page 1 links to page 2, which is the page above.
		r = w.do("GET", "/api/v1/budget-holders?pageSize=3", w.tokA, "")
		next := r.body["_links"].(map[string]any)["next"].(map[string]any)["href"].(string)
		if len(r.body["items"].([]any)) != 3 || next != "/api/v1/budget-holders?page=2&pageSize=3" {
			t.Errorf("page 1: %d items, next %q", len(r.body["items"].([]any)), next)
		}
	})

	t.Run("JSON errors speak the reader's language", func(t *testing.T) {
		for _, c := range []struct {
			body, code, field, key string
		}{
			{`{"law":`, "malformed_json", "", "api.json_cut_off"},
			{``, "malformed_json", "", "api.json_cut_off"},
			{`{"law":"wmo"} x`, "malformed_json", "", "api.json_trailing"},
			{`{"law":"wmo"}{}`, "malformed_json", "", "api.json_trailing"},
			{`{"law" "wmo"}`, "malformed_json", "", "api.json_syntax"},
			{fmt.Sprintf(grantBody, `"120,00"`), "wrong_type", "lines.yearly_cents", "err.wrong_type"},
			{fmt.Sprintf(grantBody, `12.5`), "wrong_type", "lines.yearly_cents", "err.wrong_type"},
			{fmt.Sprintf(grantBody, `1e30`), "wrong_type", "lines.yearly_cents", "err.wrong_type"},
			{`{"law":"wmo","lines":[{"care_function":"B","yearly_cents":1,"monthly_cents":2}]}`, "unknown_field", "monthly_cents", "api.unknown_field"},
			{`[]`, "wrong_type", "", "err.wrong_type"},
		} {
			for _, lang := range []string{"nl", "en"} {
				r := w.do("POST", grantsOfOne, w.tokA, c.body, "Accept-Language", lang)
				mustProblem(t, r, 400, c.code)
				field, _, _ := r.firstError()
				if field != c.field {
					t.Errorf("%s: field %q, want %q (%s)", c.body, field, c.field, r.raw)
				}
				detail, _ := r.body["detail"].(string)
				if pattern, _, _ := strings.Cut(i18n.T(lang, c.key), "%"); !strings.HasPrefix(detail, pattern) {
					t.Errorf("%s (%s): detail %q, want it to start with %q", c.body, lang, detail, pattern)
				}
				if r.body["title"] != i18n.T(lang, "title.400") || r.header.Get("Content-Language") != lang {
					t.Errorf("%s (%s): title %v, Content-Language %q", c.body, lang, r.body["title"], r.header.Get("Content-Language"))
				}
				for _, leak := range []string{"domain.", "int64", "json:", "Go value", "service."} {
					if strings.Contains(r.raw, leak) {
						t.Errorf("%s: %q leaks into the problem: %s", c.body, leak, r.raw)
					}
				}
			}
		}
		r := w.do("POST", grantsOfOne, w.tokA, fmt.Sprintf(grantBody, `"x"`), "Accept-Language", "en")
		if _, _, detail := r.firstError(); detail != "Wrong type: expected a whole number." {
			t.Errorf("wrong type in English: %q", detail)
		}
		r = w.do("POST", grantsOfOne, w.tokA, fmt.Sprintf(grantBody, `"x"`))
		if _, _, detail := r.firstError(); detail != "Verkeerd type: verwacht een geheel getal." {
			t.Errorf("wrong type in Dutch: %q", detail)
		}
	})

	t.Run("body size", func(t *testing.T) {
		big := `{"law":"wmo","reference":"` + strings.Repeat("x", 1<<20) + `"}`
		r := w.do("POST", grantsOfOne, w.tokA, big)
		mustProblem(t, r, 413, "body_too_large")
		if r.body["detail"] != "De inhoud van het verzoek is te groot (maximaal 1 MiB)." {
			t.Errorf("the limit told: %s", r.raw)
		}
	})

	t.Run("amounts out of range are the service's 422, not a 500", func(t *testing.T) {
		for _, cents := range []string{"9223372036854775807", "-100", "0"} {
			r := w.do("POST", grantsOfOne, w.tokA, fmt.Sprintf(grantBody, cents))
			mustProblem(t, r, 422, "validation")
			if field, _, _ := r.firstError(); !strings.HasPrefix(field, "lines") {
				t.Errorf("%s: %s", cents, r.raw)
			}
		}
	})

	t.Run("an internal error is logged, never shown", func(t *testing.T) {
		// Break the database under the service: every use case fails.
		if err := w.svc.DB().Close(); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"nl", "en"} {
			r := w.do("GET", path("/api/v1/grants/%d", w.gOne.ID), w.tokOne, "", "Accept-Language", lang)
			mustProblem(t, r, 500, "internal")
			if r.body["detail"] != i18n.T(lang, "err.internal") || strings.Contains(strings.ToLower(r.raw), "closed") {
				t.Errorf("500 body: %s", r.raw)
			}
		}
		if !strings.Contains(w.log.String(), "api request failed") || !strings.Contains(w.log.String(), "closed") {
			t.Errorf("the cause is not logged: %q", w.log.String())
		}
	})
}

// TestOpenAPIDocumentIsWellFormed checks the document beyond its list of
// paths: every $ref resolves, every path parameter is declared, every
// operation but the document itself needs the bearer token and describes its
// problems with the Problem schema.
func TestOpenAPIDocumentIsWellFormed(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", doc["openapi"])
	}
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == "$ref" {
					ref, _ := x.(string)
					if !resolves(doc, ref) {
						t.Errorf("%s: $ref %q does not resolve", at, ref)
					}
					continue
				}
				walk(at+"/"+k, x)
			}
		case []any:
			for i, x := range v {
				walk(at+"/"+strconv.Itoa(i), x)
			}
		}
	}
	walk("#", doc)

	schemes, _ := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	bearer, _ := schemes["bearer"].(map[string]any)
	if bearer["type"] != "http" || bearer["scheme"] != "bearer" {
		t.Errorf("no bearer security scheme: %v", schemes)
	}
	problem, _ := doc["components"].(map[string]any)["schemas"].(map[string]any)["Problem"].(map[string]any)
	for _, f := range []string{"type", "title", "status", "detail", "code", "errors"} {
		if _, ok := problem["properties"].(map[string]any)[f]; !ok {
			t.Errorf("Problem schema lacks %s", f)
		}
	}

	for p, item := range doc["paths"].(map[string]any) {
		ops := item.(map[string]any)
		for method, o := range ops {
			op, ok := o.(map[string]any)
			if !ok {
				continue
			}
			where := strings.ToUpper(method) + " " + p
			declared := map[string]bool{}
			for _, list := range []any{ops["parameters"], op["parameters"]} {
				params, _ := list.([]any)
				for _, x := range params {
					pm, _ := x.(map[string]any)
					if ref, ok := pm["$ref"].(string); ok {
						pm = lookup(doc, ref)
					}
					if pm["in"] == "path" {
						declared[pm["name"].(string)] = true
					}
				}
			}
			for _, seg := range strings.Split(p, "/") {
				if name, ok := strings.CutPrefix(seg, "{"); ok && !declared[strings.TrimSuffix(name, "}")] {
					t.Errorf("%s: path parameter %s is not declared", where, seg)
				}
			}
			responses, _ := op["responses"].(map[string]any)
			if p == "/openapi.json" {
				if sec, ok := op["security"].([]any); !ok || len(sec) != 0 {
					t.Errorf("%s should need no token (security: [])", where)
				}
				continue
			}
			if _, ok := op["security"]; ok {
				t.Errorf("%s overrides the bearer security", where)
			}
			if _, ok := responses["401"]; !ok {
				t.Errorf("%s does not describe 401", where)
			}
			for status, resp := range responses {
				if status[0] != '4' && status[0] != '5' {
					continue
				}
				rm, _ := resp.(map[string]any)
				if ref, ok := rm["$ref"].(string); ok {
					rm = lookup(doc, ref)
				}
				content, _ := rm["content"].(map[string]any)
				pj, _ := content["application/problem+json"].(map[string]any)
				schema, _ := pj["schema"].(map[string]any)
				if schema["$ref"] != "#/components/schemas/Problem" {
					t.Errorf("%s %s is not a Problem", where, status)
				}
			}
		}
	}
}

func lookup(doc map[string]any, ref string) map[string]any {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	var cur any = doc
	for _, part := range strings.Split(rest, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		cur = m[part]
	}
	m, _ := cur.(map[string]any)
	return m
}

func resolves(doc map[string]any, ref string) bool { return lookup(doc, ref) != nil }
