package api

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func TestProviderInvitationThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	holder := f.token("budgethouder@pgbportaal.demo", "")
	provider := f.token("zorgverlener@pgbportaal.demo", "")
	gemeente := f.token("medewerker@utrecht.demo", "")
	parent := f.token("ouder@pgbportaal.demo", "vertegenwoordiger")
	mails := func(to string) int {
		t.Helper()
		list, err := f.svc.Outbox(context.Background(), service.System)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range list {
			if m.To == to {
				n++
			}
		}
		return n
	}
	grantOf := func(tok string) string {
		bh := strconv.Itoa(int(f.do("GET", "/api/v1/me", tok, "").num("role", "budget_holder_id")))
		return strconv.Itoa(int(f.do("GET", "/api/v1/budget-holders/"+bh+"/grants", tok, "").items()[0]["id"].(float64)))
	}
	terms := `"kind":"zzp","kvk":"87654321","start":"2026-12-01","lines":[{"care_type":"begeleiding","unit":"uur","rate_cents":5000,"max_units_hundredths":400,"per":"week"}]`
	body := func(email, grant string) string {
		return `{"email":"` + email + `","grant_id":` + grant + `,` + terms + `}`
	}
	const to = "nieuw@zorgaanbieder.demo"
	grant := grantOf(holder)

	// Bad input: refused at the field, and no e-mail goes out.
	mustField(t, f.do("POST", "/api/v1/provider-invitations", holder, `{"email":["a"],"grant_id":`+grant+`}`), 400, "wrong_type", "email")
	mustField(t, f.do("POST", "/api/v1/provider-invitations", holder, `{"grant_id":"x"}`), 400, "wrong_type", "grant_id")
	mustField(t, f.do("POST", "/api/v1/provider-invitations", holder, `{"email":"`+to+`","invite_email":"x"}`), 400, "unknown_field", "invite_email")
	mustField(t, f.do("POST", "/api/v1/provider-invitations", holder, `{"grant_id":`+grant+`,`+terms+`}`), 422, "validation", "email")
	r := f.do("POST", "/api/v1/provider-invitations", holder, `{"email":"`+to+`","grant_id":`+grant+`,"kind":"zzp","kvk":"87654321","start":"2026-12-01","lines":[{"care_type":"massage","unit":"uur","rate_cents":5000,"max_units_hundredths":400,"per":"week"}]}`)
	mustProblem(t, r, 422, "validation")
	if !strings.Contains(r.raw, `"field":"lines[0].care_type"`) {
		t.Errorf("terms are checked as for an agreement: %s", r.raw)
	}
	// Staff and providers do not invite; another holder's grant is not found.
	mustProblem(t, f.do("POST", "/api/v1/provider-invitations", gemeente, body(to, grant)), 403, "not_allowed")
	mustProblem(t, f.do("POST", "/api/v1/provider-invitations", provider, body(to, grant)), 403, "not_allowed")
	mustProblem(t, f.do("POST", "/api/v1/provider-invitations", holder, body(to, grantOf(parent))), 404, "not_found")
	if n := mails(to); n != 0 {
		t.Fatalf("refused invitations sent %d e-mails", n)
	}

	r = f.do("POST", "/api/v1/provider-invitations", holder, body(to, grant))
	if r.status != 202 || r.body["email"] != to || strconv.Itoa(int(r.num("grant_id"))) != grant {
		t.Fatalf("invite: %d %s", r.status, r.raw)
	}
	if n := mails(to); n != 1 {
		t.Errorf("the provider got %d e-mails, want 1", n)
	}
	// The representative invites for the child as the page lets them.
	if r := f.do("POST", "/api/v1/provider-invitations", parent, body("ander@zorgaanbieder.demo", grantOf(parent))); r.status != 202 {
		t.Errorf("representative invites: %d %s", r.status, r.raw)
	}
}

// TestGrantInvitesTheBudgetHolder: a budget holder's invitation goes out
// with the grant that gives them a budget, through the API as on the page
// (the same CreateGrant): once, to the address in the register.
func TestGrantInvitesTheBudgetHolder(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	gemeente := f.token("medewerker@utrecht.demo", "")
	const to = "k.mulder@example.demo"
	invites := func() int {
		t.Helper()
		list, err := f.svc.Outbox(context.Background(), service.System)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range list {
			if m.To == to && strings.Contains(m.Body, "/uitnodiging-budgethouder/") {
				n++
			}
		}
		return n
	}
	r := f.do("POST", "/api/v1/budget-holders", gemeente, `{"bsn":"681141001","initials":"K.","family_name":"Mulder","birth_date":"1977-03-04","email":"`+to+`"}`)
	if r.status != 201 {
		t.Fatalf("budget holder: %d %s", r.status, r.raw)
	}
	bh := strconv.Itoa(int(r.num("id")))
	grant := `{"law":"wmo","reference":"WMO-INV-1","start":"2026-12-01","end":"2026-12-31","lines":[{"care_function":"Begeleiding","yearly_cents":1200000}]}`
	// A refused grant invites no one.
	mustField(t, f.do("POST", "/api/v1/budget-holders/"+bh+"/grants", gemeente, `{"law":"wmo","reference":"WMO-INV-1","start":"2026-12-01","end":"2026-11-01","lines":[{"care_function":"Begeleiding","yearly_cents":1200000}]}`), 422, "validation", "end")
	if n := invites(); n != 0 {
		t.Fatalf("a refused grant sent %d invitations", n)
	}
	if r := f.do("POST", "/api/v1/budget-holders/"+bh+"/grants", gemeente, grant); r.status != 201 {
		t.Fatalf("grant: %d %s", r.status, r.raw)
	}
	if n := invites(); n != 1 {
		t.Errorf("the budget holder got %d invitations, want 1", n)
	}
}
