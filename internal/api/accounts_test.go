package api

import (
	"strconv"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func TestBeheerderManagesAccountsThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	admin := f.token("beheer@pgbportaal.demo", "")
	gemeente := f.token("medewerker@utrecht.demo", "")
	holder := f.token("budgethouder@pgbportaal.demo", "")
	count := func() int { return len(f.do("GET", "/api/v1/accounts", admin, "").items()) }

	list := f.do("GET", "/api/v1/accounts?q=utrecht", admin, "")
	if list.status != 200 || len(list.items()) != 1 || list.items()[0]["email"] != "medewerker@utrecht.demo" {
		t.Fatalf("search: %d %s", list.status, list.raw)
	}
	roles, _ := list.items()[0]["roles"].([]any)
	if len(roles) != 1 || roles[0].(map[string]any)["role"] != "verstrekker" {
		t.Fatalf("roles: %s", list.raw)
	}
	org := roles[0].(map[string]any)["organisation_id"].(float64)
	before := count()

	// Only the beheerder.
	for _, tok := range []string{gemeente, holder} {
		mustProblem(t, f.do("GET", "/api/v1/accounts", tok, ""), 403, "admin_only")
		mustProblem(t, f.do("POST", "/api/v1/accounts", tok, `{"email":"nieuw@gemeente.demo","name":"N. Nieuw","password":"een-lang-en-sterk-wachtwoord"}`), 403, "admin_only")
	}
	// Bad input: refused at the field, no account made.
	mustField(t, f.do("POST", "/api/v1/accounts", admin, `{"email":true}`), 400, "wrong_type", "email")
	mustField(t, f.do("POST", "/api/v1/accounts", admin, `{"email":"nieuw@gemeente.demo","role":"verstrekker"}`), 400, "unknown_field", "role")
	mustField(t, f.do("POST", "/api/v1/accounts", admin, `{"email":"nieuw@gemeente.demo","name":"N. Nieuw"}`), 422, "validation", "password")
	mustField(t, f.do("POST", "/api/v1/accounts", admin, `{"email":"medewerker@utrecht.demo","name":"N. Nieuw","password":"een-lang-en-sterk-wachtwoord"}`), 422, "validation", "email")
	if n := count(); n != before {
		t.Fatalf("refused requests made accounts: %d, was %d", n, before)
	}

	r := f.do("POST", "/api/v1/accounts", admin, `{"email":"nieuw@gemeente.demo","name":"N. Nieuw","password":"een-lang-en-sterk-wachtwoord","lang":"en"}`)
	if r.status != 201 || r.body["lang"] != "en" || len(r.body["roles"].([]any)) != 0 {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	id := strconv.Itoa(int(r.num("id")))
	roleBody := `{"role":"verstrekker","organisation_id":` + strconv.Itoa(int(org)) + `}`
	mustField(t, f.do("POST", "/api/v1/accounts/"+id+"/roles", admin, `{"role":"verstrekker","organisation_id":"1"}`), 400, "wrong_type", "organisation_id")
	mustField(t, f.do("POST", "/api/v1/accounts/"+id+"/roles", admin, `{"role":"verstrekker","organisation_id":999999}`), 422, "validation", "organisation_id")
	mustField(t, f.do("POST", "/api/v1/accounts/"+id+"/roles", admin, `{"role":"koning"}`), 422, "validation", "role")
	mustProblem(t, f.do("POST", "/api/v1/accounts/"+id+"/roles", gemeente, roleBody), 403, "admin_only")
	mustProblem(t, f.do("POST", "/api/v1/accounts/999999/roles", admin, roleBody), 404, "not_found")
	r = f.do("POST", "/api/v1/accounts/"+id+"/roles", admin, roleBody)
	if r.status != 201 || r.body["role"] != "verstrekker" || r.num("organisation_id") != org {
		t.Fatalf("role: %d %s", r.status, r.raw)
	}
	mustField(t, f.do("POST", "/api/v1/accounts/"+id+"/roles", admin, roleBody), 422, "validation", "role")

	// A password reset ends the account's tokens.
	victim := f.token("medewerker@utrecht.demo", "")
	gid := strconv.Itoa(int(f.do("GET", "/api/v1/me", victim, "").num("account_id")))
	mustField(t, f.do("POST", "/api/v1/accounts/"+gid+"/password-reset", admin, `{"password":"kort"}`), 422, "validation", "password")
	mustField(t, f.do("POST", "/api/v1/accounts/"+gid+"/password-reset", admin, `{"password":12}`), 400, "wrong_type", "password")
	mustProblem(t, f.do("POST", "/api/v1/accounts/"+gid+"/password-reset", gemeente, `{"password":"een-ander-lang-wachtwoord"}`), 403, "admin_only")
	mustProblem(t, f.do("POST", "/api/v1/accounts/999999/password-reset", admin, `{"password":"een-ander-lang-wachtwoord"}`), 404, "not_found")
	if r := f.do("GET", "/api/v1/me", victim, ""); r.status != 200 {
		t.Fatalf("refused resets ended the token: %d", r.status)
	}
	if r := f.do("POST", "/api/v1/accounts/"+gid+"/password-reset", admin, `{"password":"een-ander-lang-wachtwoord"}`); r.status != 204 {
		t.Fatalf("reset: %d %s", r.status, r.raw)
	}
	mustProblem(t, f.do("GET", "/api/v1/me", victim, ""), 401, "token_invalid")
}

func TestOwnTokensThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	holder := f.token("budgethouder@pgbportaal.demo", "")
	gemeente := f.token("medewerker@utrecht.demo", "")
	list := f.do("GET", "/api/v1/me/tokens", holder, "")
	if list.status != 200 || len(list.items()) != 1 || list.items()[0]["name"] != "test" || list.items()[0]["token"] != nil {
		t.Fatalf("own tokens (never the secret): %d %s", list.status, list.raw)
	}
	mustField(t, f.do("POST", "/api/v1/me/tokens", holder, `{"name":1}`), 400, "wrong_type", "name")
	mustField(t, f.do("POST", "/api/v1/me/tokens", holder, `{"name":"x","scope":"all"}`), 400, "unknown_field", "scope")
	mustField(t, f.do("POST", "/api/v1/me/tokens", holder, `{}`), 422, "validation", "name")
	if n := len(f.do("GET", "/api/v1/me/tokens", holder, "").items()); n != 1 {
		t.Fatalf("refused requests made tokens: %d", n)
	}
	r := f.do("POST", "/api/v1/me/tokens", holder, `{"name":"boekhouding"}`)
	secret, _ := r.body["token"].(string)
	if r.status != 201 || r.body["name"] != "boekhouding" || secret == "" {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	if me := f.do("GET", "/api/v1/me", secret, ""); me.status != 200 || me.body["role"].(map[string]any)["role"] != "budgethouder" {
		t.Fatalf("the new token acts in the same role: %d %s", me.status, me.raw)
	}
	id := strconv.Itoa(int(r.num("id")))
	// Someone else's token is not found, and stays valid.
	mustProblem(t, f.do("POST", "/api/v1/me/tokens/"+id+"/revoke", gemeente, ""), 404, "not_found")
	if me := f.do("GET", "/api/v1/me", secret, ""); me.status != 200 {
		t.Fatalf("another's revoke ended the token: %d", me.status)
	}
	r = f.do("POST", "/api/v1/me/tokens/"+id+"/revoke", holder, "")
	if r.status != 200 || r.body["revoked"] != true {
		t.Fatalf("revoke: %d %s", r.status, r.raw)
	}
	mustProblem(t, f.do("GET", "/api/v1/me", secret, ""), 401, "token_invalid")
	if r := f.do("GET", "/api/v1/me/tokens", holder, ""); r.status != 200 || len(r.items()) != 2 {
		t.Errorf("both listed, one revoked: %s", r.raw)
	}
}
