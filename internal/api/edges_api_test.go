package api

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestLateDeclarationAllowedThroughAPI: September sent on 23 November is
// refused as late, its message read back whole; the verstrekker allows it
// with a reason (allow_late), the checks accept it, and GET shows its
// history with who acted on whose behalf.
func TestLateDeclarationAllowedThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, zzp, holder, agID, _ := zzpAndHolder(t, db)
		gm := f.token("medewerker@utrecht.demo", "")
		body := `{"send":true,"agreement_id":` + agID + `,"month":"2026-09","invoice_number":"RS-09","invoice_total_cents":21000,
			"lines":[{"date":"2026-09-07","care_type":"begeleiding","unit":"uur","units_hundredths":200},{"date":"2026-09-14","care_type":"begeleiding","unit":"uur","units_hundredths":200}],
			"files":[{"filename":"f.pdf","content_base64":"JVBERi0xLjQKJSVFT0YK"}]}`
		r := f.do("POST", "/api/v1/declarations", zzp, body)
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.raw)
		}
		path := r.header.Get("Location")
		r = f.do("POST", path+"/approve", holder, "")
		if r.body["state"] != "geweigerd" || !strings.Contains(r.raw, "late_to_holder") {
			t.Fatalf("late: %s", r.raw)
		}
		if got := f.do("GET", path, zzp, "", "Accept-Language", "en"); !strings.Contains(got.raw, "within 6 weeks") || strings.Contains(got.raw, "%!") {
			t.Errorf("stored message: %s", got.raw)
		}
		mustProblem(t, f.do("POST", path+"/allow_late", zzp, `{"reason":"x"}`), 403, "not_allowed")
		mustProblem(t, f.do("POST", path+"/allow_late", gm, `{}`), 422, "validation")
		r = f.do("POST", path+"/allow_late", gm, `{"reason":"Ziekenhuisopname"}`)
		if r.status != 200 || r.body["state"] != "geaccepteerd" || r.body["late_allowed"] != true {
			t.Fatalf("allow_late: %d %s", r.status, r.raw)
		}
		got := f.do("GET", path, holder, "", "Accept-Language", "en")
		hist, _ := got.body["history"].([]any)
		var found bool
		for _, h := range hist {
			e := h.(map[string]any)
			if e["action"] == "declaration.late_allowed" && e["reason"] == "Ziekenhuisopname" && e["on_behalf_of"] != "" && e["description"] == "allowed the late declaration" && e["actor"] != "" {
				found = true
			}
		}
		if len(hist) < 4 || !found {
			t.Errorf("history: %s", got.raw)
		}
	})
}

// at is the fixture's API served by a service whose today is day (the
// same database and tokens).
func (f *fixture) at(day time.Time) *fixture {
	f.t.Helper()
	svc := service.New(f.svc.DB(), service.Options{Now: func() time.Time { return day }, FileDir: f.t.TempDir()})
	a := newAPI(svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv := httptest.NewServer(served(a))
	f.t.Cleanup(srv.Close)
	f.t.Cleanup(svc.WaitJobs) // its jobs run on this service
	return &fixture{t: f.t, srv: srv, svc: svc, api: a}
}

// TestCorrectedSettlementThroughAPI: December is sent on 2 January and
// still waits at the budget holder when the gemeente settles 2026. Both
// parties read the settlement with December named as open; the budget
// holder agrees and the gemeente approves through the API. December's
// approval is then refused (grant_settled) and listed as refused because
// of the settlement; only the gemeente corrects, with a reason, and the
// corrected settlement (version 2, the first kept) returns December's
// amount less, while December is accepted.
func TestCorrectedSettlementThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, zzp, holder, agID, _ := zzpAndHolder(t, db)
		gm := f.token("medewerker@utrecht.demo", "")
		jan2 := f.at(time.Date(2027, 1, 2, 10, 0, 0, 0, domain.Amsterdam))
		body := `{"send":true,"agreement_id":` + agID + `,"month":"2026-12","invoice_number":"RS-12","invoice_total_cents":21000,
			"lines":[{"date":"2026-12-07","care_type":"begeleiding","unit":"uur","units_hundredths":200},{"date":"2026-12-14","care_type":"begeleiding","unit":"uur","units_hundredths":200}],
			"files":[{"filename":"f.pdf","content_base64":"JVBERi0xLjQKJSVFT0YK"}]}`
		r := jan2.do("POST", "/api/v1/declarations", zzp, body)
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.raw)
		}
		decl, grantID := r.header.Get("Location"), strconv.Itoa(int(r.num("grant_id")))
		declID := r.num("id")
		jan5 := f.at(time.Date(2027, 1, 5, 10, 0, 0, 0, domain.Amsterdam))
		staff, err := jan5.svc.ActorForToken(context.Background(), gm)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := jan5.svc.MakeSettlements(context.Background(), staff, "2026-12-31"); err != nil {
			t.Fatal(err)
		}
		mustProblem(t, jan5.do("GET", "/api/v1/grants/"+grantID+"/settlement", zzp, ""), 404, "not_found")
		r = jan5.do("GET", "/api/v1/grants/"+grantID+"/settlement", holder, "")
		// December among the open ones (the demo leaves others at the holder too).
		openOne := func(body map[string]any) map[string]any {
			list, _ := body["open_declarations"].([]any)
			for _, o := range list {
				if o.(map[string]any)["declaration_id"] == declID {
					return o.(map[string]any)
				}
			}
			return nil
		}
		if dec := openOne(r.body); r.status != 200 || dec == nil || dec["state_now"] != "bij_budgethouder" {
			t.Fatalf("the holder's settlement with December open: %d %s", r.status, r.raw)
		}
		path := "/api/v1/settlements/" + strconv.Itoa(int(r.num("id")))
		if got := jan5.do("GET", path, gm, ""); got.status != 200 || openOne(got.body) == nil {
			t.Errorf("the gemeente's settlement: %d %s", got.status, got.raw)
		}
		before := r.num("settlement", "to_return_cents")
		mustProblem(t, jan5.do("POST", path+"/approve", holder, ""), 403, "not_allowed")
		if r = jan5.do("POST", path+"/agree", holder, ""); r.status != 200 || r.body["state"] != "akkoord" {
			t.Fatalf("agree: %d %s", r.status, r.raw)
		}
		if r = jan5.do("POST", path+"/approve", gm, ""); r.status != 200 || r.body["state"] != "vastgesteld" {
			t.Fatalf("approve: %d %s", r.status, r.raw)
		}
		mustProblem(t, jan5.do("POST", path+"/correct", gm, `{"reason":"niets"}`), 409, "settlement_nothing_to_correct")
		if r = jan5.do("POST", decl+"/approve", holder, ""); r.body["state"] != "geweigerd" || !strings.Contains(r.raw, "grant_settled") {
			t.Fatalf("December after the settlement: %s", r.raw)
		}
		if r = jan5.do("GET", path, holder, ""); len(r.body["refused_as_settled"].([]any)) != 1 {
			t.Errorf("refused because of the settlement, as the holder sees it: %s", r.raw)
		}
		mustProblem(t, jan5.do("POST", path+"/correct", holder, `{"reason":"graag"}`), 403, "not_allowed")
		mustProblem(t, jan5.do("POST", path+"/correct", gm, `{}`), 422, "validation")
		r = jan5.do("POST", path+"/correct", gm, `{"reason":"December kwam na de eindafrekening"}`)
		versions, _ := r.body["earlier_versions"].([]any)
		if r.status != 200 || r.num("version") != 2 || r.body["state"] != "vastgesteld" || r.body["correction"] != "December kwam na de eindafrekening" ||
			r.num("settlement", "to_return_cents") != before-21000 || len(versions) != 1 {
			t.Fatalf("correct: %d %s", r.status, r.raw)
		}
		if v := versions[0].(map[string]any); v["version"] != float64(1) || v["state"] != "vastgesteld" || v["settlement"].(map[string]any)["to_return_cents"] != before {
			t.Errorf("the earlier version: %v", v)
		}
		if r = jan5.do("GET", path, holder, ""); r.num("version") != 2 || len(r.body["earlier_versions"].([]any)) != 1 {
			t.Errorf("the holder sees the corrected settlement and the earlier one: %s", r.raw)
		}
		if r = jan5.do("GET", decl, zzp, ""); r.body["state"] != "geaccepteerd" {
			t.Errorf("December after the correction: %s", r.raw)
		}
	})
}

// TestEndedAgreementThroughAPI: the provider reports an end in the past
// (a date two months back is refused, the 15th of last month is not); the
// gemeente ends the agreement and is shown the accepted declaration with
// days after it; the month up to the end can still be entered, and sending
// it refuses the days after the end at their lines only.
func TestEndedAgreementThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, zzp, holder, agID, _ := zzpAndHolder(t, db)
		gm := f.token("medewerker@utrecht.demo", "")
		oct := `{"send":true,"agreement_id":` + agID + `,"month":"2026-10","invoice_number":"RS-10","invoice_total_cents":21000,
			"lines":[{"date":"2026-10-12","care_type":"begeleiding","unit":"uur","units_hundredths":200},{"date":"2026-10-26","care_type":"begeleiding","unit":"uur","units_hundredths":200}],
			"files":[{"filename":"f.pdf","content_base64":"JVBERi0xLjQKJSVFT0YK"}]}`
		r := f.do("POST", "/api/v1/declarations", zzp, oct)
		if r.status != 201 {
			t.Fatalf("october: %d %s", r.status, r.raw)
		}
		octID := r.num("id")
		if r = f.do("POST", r.header.Get("Location")+"/approve", holder, ""); r.body["state"] != "geaccepteerd" {
			t.Fatalf("october accepted: %s", r.raw)
		}
		ag := "/api/v1/agreements/" + agID
		r = f.do("POST", ag+"/propose-end", zzp, `{"date":"2026-09-30"}`)
		mustProblem(t, r, 422, "validation")
		if field, code, _ := r.firstError(); field != "end" || code != "end_too_far_back" {
			t.Errorf("an end two months back: %s", r.raw)
		}
		if r = f.do("POST", ag+"/propose-end", zzp, `{"date":"2026-10-15"}`); r.status != 200 {
			t.Fatalf("an end last month: %d %s", r.status, r.raw)
		}
		r = f.do("POST", ag+"/end", gm, "")
		after, _ := r.body["declarations_after_end"].([]any)
		if r.status != 200 || len(after) != 1 || after[0] != octID {
			t.Errorf("ended, with the declaration after the end flagged: %d %s", r.status, r.raw)
		}
		// October up to the 15th: entered; the days after the end refused at their lines.
		r = f.do("POST", "/api/v1/declarations", zzp, `{"agreement_id":`+agID+`,"month":"2026-10","invoice_number":"RS-10b","invoice_total_cents":21000,
			"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200},{"date":"2026-10-19","care_type":"begeleiding","unit":"uur","units_hundredths":200}]}`)
		if r.status != 201 {
			t.Fatalf("the last month of an ended agreement: %d %s", r.status, r.raw)
		}
		r = f.do("POST", r.header.Get("Location")+"/send", zzp, "")
		mustProblem(t, r, 422, "validation")
		errs, _ := r.body["errors"].([]any)
		var fields []string
		for _, e := range errs {
			if m := e.(map[string]any); m["code"] == "agreement_not_in_force" {
				fields = append(fields, m["field"].(string))
			}
		}
		if strings.Join(fields, ",") != "lines[1].date" {
			t.Errorf("refused days: %v in %s", fields, r.raw)
		}
	})
}

// TestRevisionFromFirstDayThroughAPI: a revision from the grant's first
// day replaces the amount for the whole period (one revision, the new
// total), where a revision from the second day adds one.
func TestRevisionFromFirstDayThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		gm := f.token("medewerker@utrecht.demo", "")
		r := f.do("POST", "/api/v1/budget-holders", gm, `{"bsn":"681141001","initials":"K.","family_name":"Mulder","birth_date":"1977-03-04"}`)
		if r.status != 201 {
			t.Fatalf("holder: %d %s", r.status, r.raw)
		}
		bh := strconv.Itoa(int(r.num("id")))
		r = f.do("POST", "/api/v1/budget-holders/"+bh+"/grants", gm, `{"law":"wmo","reference":"W-1","start":"2026-01-01","end":"2026-12-31","decided_on":"2025-12-15",
			"lines":[{"care_function":"Begeleiding","yearly_cents":1200000}]}`)
		if r.status != 201 {
			t.Fatalf("grant: %d %s", r.status, r.raw)
		}
		g := "/api/v1/grants/" + strconv.Itoa(int(r.num("id")))
		r = f.do("POST", g+"/revisions", gm, `{"effective_from":"2026-01-01","reason":"Correctie","lines":[{"care_function":"Begeleiding","yearly_cents":900000}]}`)
		if r.status != 201 || len(r.body["revisions"].([]any)) != 1 || r.num("balance", "granted_cents") != 900000 {
			t.Fatalf("a revision from the first day: %d %s", r.status, r.raw)
		}
		r = f.do("POST", g+"/revisions", gm, `{"effective_from":"2026-01-02","reason":"Meer","lines":[{"care_function":"Begeleiding","yearly_cents":1000000}]}`)
		if r.status != 201 || len(r.body["revisions"].([]any)) != 2 {
			t.Errorf("a revision from the second day: %d %s", r.status, r.raw)
		}
	})
}

// TestRespiteAtTwoPlacesThroughAPI: J. de Vries agrees respite care
// (logeren) with Thuiszorg Midden and with M. Bakker, all through the API.
// Thuiszorg's night of 10 October is accepted; M. Bakker's declaration of
// the 10th and the 17th is held with the signal naming the 10th, and the
// gemeente reads why.
func TestRespiteAtTwoPlacesThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, _, holder, _, _ := zzpAndHolder(t, db)
		gm := f.token("medewerker@utrecht.demo", "")
		me := f.do("GET", "/api/v1/me", holder, "")
		grants := f.do("GET", "/api/v1/budget-holders/"+strconv.Itoa(int(me.num("role", "budget_holder_id")))+"/grants", holder, "")
		grantID := strconv.Itoa(int(grants.body["items"].([]any)[0].(map[string]any)["id"].(float64)))
		respite := `[{"care_type":"kortdurend_verblijf","unit":"etmaal","rate_cents":10000,"max_units_hundredths":700,"per":"week"}]`
		agree := func(email, kind, extra string) (string, string) {
			t.Helper()
			return agreeThroughAPI(t, f, holder, gm, grantID, email, kind, extra, "2026-10-01", respite)
		}
		declare := func(prov, agID string, nights ...string) response {
			t.Helper()
			var lines []string
			for _, n := range nights {
				lines = append(lines, `{"date":"`+n+`","care_type":"kortdurend_verblijf","unit":"etmaal","units_hundredths":100}`)
			}
			r := f.do("POST", "/api/v1/declarations", prov, `{"send":true,"agreement_id":`+agID+`,"month":"2026-10","invoice_number":"L-`+nights[0]+`","invoice_total_cents":`+
				strconv.Itoa(10000*len(nights))+`,"lines":[`+strings.Join(lines, ",")+`],"files":[{"filename":"f.pdf","content_base64":"JVBERi0xLjQKJSVFT0YK"}]}`)
			if r.status != 201 {
				t.Fatalf("declare: %d %s", r.status, r.raw)
			}
			return f.do("POST", r.header.Get("Location")+"/approve", holder, "")
		}
		thuiszorg, ag1 := agree("zorgverlener@pgbportaal.demo", "zorginstelling", `"kvk":"34567890","agb":"01234567",`)
		// A second place to stay: an acquaintance of his, registered here
		// (the demo's own informal carer, M. Bakker, already has a running
		// agreement with him).
		ctx := context.Background()
		logeer, err := f.svc.CreateProvider(ctx, service.System, service.ProviderInput{Kind: string(domain.ProviderInformal), Name: "L. Logeman", IBAN: "NL91ABNA0417164300", Email: "l.logeman@example.nl"})
		if err != nil {
			t.Fatal(err)
		}
		acc, err := f.svc.CreateAccount(ctx, service.System, service.NewAccount{Email: "l.logeman@example.nl", Name: "L. Logeman", Password: "logeren-bij-logeman"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleProvider, ProviderID: logeer.ID}); err != nil {
			t.Fatal(err)
		}
		extraPasswords["l.logeman@example.nl"] = "logeren-bij-logeman"
		bakker, ag2 := agree("l.logeman@example.nl", "familielid_bekende", "")
		if r := declare(thuiszorg, ag1, "2026-10-10"); r.body["state"] != "geaccepteerd" {
			t.Fatalf("the first night: %s", r.raw)
		}
		r := declare(bakker, ag2, "2026-10-10", "2026-10-17")
		if r.body["state"] != "aangehouden" {
			t.Fatalf("the same night at two places: %s", r.raw)
		}
		got := f.do("GET", "/api/v1/declarations/"+strconv.Itoa(int(r.num("id"))), gm, "", "Accept-Language", "en")
		findings, _ := got.body["findings"].([]any)
		if len(findings) != 1 || findings[0].(map[string]any)["code"] != "signal_respite_elsewhere" || !strings.Contains(got.raw, "10") {
			t.Errorf("the gemeente reads why: %s", got.raw)
		}
		// It waits in the gemeente's queue of held declarations, which
		// offers release and refuse; released, it leaves the queue.
		held := strconv.Itoa(int(r.num("id")))
		queue := f.do("GET", "/api/v1/held-declarations", gm, "")
		var inQueue bool
		for _, it := range queue.body["items"].([]any) {
			m := it.(map[string]any)
			if m["state"] != "aangehouden" {
				t.Errorf("the queue holds %v", m)
			}
			inQueue = inQueue || m["href"] == "/api/v1/declarations/"+held
		}
		if !inQueue || !slices.Equal(got.body["your_actions"].([]any), []any{"release", "refuse"}) {
			t.Errorf("the queue %s; actions %v", queue.raw, got.body["your_actions"])
		}
		mustProblem(t, f.do("GET", "/api/v1/held-declarations?page=0", gm, ""), 400, "bad_parameter")
		mustProblem(t, f.do("POST", "/api/v1/declarations/"+held+"/release", holder, ""), 409, "declaration_transition")
		if rel := f.do("POST", "/api/v1/declarations/"+held+"/release", gm, ""); rel.status != 200 || rel.body["state"] == "aangehouden" {
			t.Errorf("release: %d %s", rel.status, rel.raw)
		}
		if q := f.do("GET", "/api/v1/held-declarations", gm, ""); strings.Contains(q.raw, `"/api/v1/declarations/`+held+`"`) {
			t.Errorf("released, still queued: %s", q.raw)
		}
	})
}

// agreeThroughAPI makes an approved agreement through the API between the
// budget holder (holder's token) and the provider of the demo account
// email, on the grant, from start with the care lines (JSON); it returns
// the provider's token and the agreement's id.
// extraPasswords are the passwords of providers a test registers beside
// the demo's.
var extraPasswords = map[string]string{}

func agreeThroughAPI(t *testing.T, f *fixture, holder, gm, grantID, email, kind, extra, start, lines string) (string, string) {
	t.Helper()
	password := map[string]string{}
	for _, a := range demo.Accounts() {
		password[a.Email] = a.Password
	}
	for e, p := range extraPasswords {
		password[e] = p
	}
	prov := f.token(email, domain.RoleProvider)
	pme := f.do("GET", "/api/v1/me", prov, "")
	r := f.do("POST", "/api/v1/agreements", holder, `{"grant_id":`+grantID+`,"provider_id":`+strconv.Itoa(int(pme.num("role", "provider_id")))+`,"kind":"`+kind+`",`+extra+`
		"start":"`+start+`","lines":`+lines+`}`)
	if r.status != 201 {
		t.Fatalf("agreement with %s: %d %s", email, r.status, r.raw)
	}
	ag := r.header.Get("Location")
	for _, step := range []struct{ tok, action, body string }{
		{holder, "send-for-signing", ""}, {holder, "sign", `{"secret":"` + password["budgethouder@pgbportaal.demo"] + `"}`},
		{prov, "sign", `{"secret":"` + password[email] + `"}`}, {holder, "submit", ""}, {gm, "approve", ""},
	} {
		if r := f.do("POST", ag+"/"+step.action, step.tok, step.body); r.status != 200 {
			t.Fatalf("%s %s: %d %s", email, step.action, r.status, r.raw)
		}
	}
	return prov, strings.TrimPrefix(ag, "/api/v1/agreements/")
}

// TestRetroactiveGrantThroughAPI: the gemeente grants J. de Vries youth
// care from 1 September, decided on 20 November; Thuiszorg Midden's
// September, sent on 23 November (past six weeks after September, within
// six weeks of the decision), is accepted. (On a grant decided before
// September the same is refused as late: TestLateDeclarationAllowedThroughAPI.)
func TestRetroactiveGrantThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, _, holder, _, _ := zzpAndHolder(t, db)
		gm := f.token("medewerker@utrecht.demo", "")
		me := f.do("GET", "/api/v1/me", holder, "")
		bh := strconv.Itoa(int(me.num("role", "budget_holder_id")))
		r := f.do("POST", "/api/v1/budget-holders/"+bh+"/grants", gm, `{"law":"jeugdwet","reference":"J-RETRO","start":"2026-09-01","end":"2026-12-31","decided_on":"2026-11-20",
			"lines":[{"care_function":"Begeleiding","yearly_cents":1200000}]}`)
		if r.status != 201 || r.body["retroactive"] != true {
			t.Fatalf("a retroactive grant: %d %s", r.status, r.raw)
		}
		prov, agID := agreeThroughAPI(t, f, holder, gm, strconv.Itoa(int(r.num("id"))), "zorgverlener@pgbportaal.demo", "zorginstelling", `"kvk":"34567890","agb":"01234567",`,
			"2026-09-01", `[{"care_type":"begeleiding","unit":"uur","rate_cents":5800,"max_units_hundredths":300,"per":"week"}]`)
		r = f.do("POST", "/api/v1/declarations", prov, `{"send":true,"agreement_id":`+agID+`,"month":"2026-09","invoice_number":"TM-09","invoice_total_cents":23200,
			"lines":[{"date":"2026-09-07","care_type":"begeleiding","unit":"uur","units_hundredths":200},{"date":"2026-09-14","care_type":"begeleiding","unit":"uur","units_hundredths":200}],
			"files":[{"filename":"f.pdf","content_base64":"JVBERi0xLjQKJSVFT0YK"}]}`)
		if r.status != 201 {
			t.Fatalf("September on a retroactive grant, sent: %d %s", r.status, r.raw)
		}
		if r = f.do("POST", r.header.Get("Location")+"/approve", holder, ""); r.body["state"] != "geaccepteerd" {
			t.Errorf("September on a retroactive grant: %s", r.raw)
		}
	})
}
