package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func TestBudgetHolderInvitesAProviderByEmail(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	_, form := holder.get("/overeenkomsten/nieuw")
	grant := regexp.MustCompile(`<option value="(\d+)"(?: selected)?>Wmo`).FindStringSubmatch(form)
	draft := url.Values{"grant_id": {grant[1]}, "provider_id": {""}, "invite_email": {"nieuwe.hulp@example.nl"}, "kind": {"zzp"}, "start": {"2026-12-01"},
		"lines[0].care_type": {"huishoudelijke_hulp"}, "lines[0].unit": {"uur"}, "lines[0].rate": {"27,50"}, "lines[0].max_units": {"3"}, "lines[0].per": {"week"}}
	if code, loc, body := holder.post("/overeenkomsten/nieuw", draft); code != http.StatusSeeOther || loc != "/overeenkomsten" {
		t.Fatalf("invite: %d %s\n%s", code, loc, body)
	}
	// The e-mail waits in the outbox (no mail server here); the beheerder reads it.
	admin := p.client(t)
	admin.login(demoAccount(t, "beheerder"))
	_, mail := admin.get("/beheer/uitgaande-mail")
	link := regexp.MustCompile(`http://[^\s<]+/uitnodiging/([A-Za-z0-9_-]+)`).FindStringSubmatch(mail)
	if link == nil || !strings.Contains(mail, "nieuwe.hulp@example.nl") {
		t.Fatalf("no invitation mail:\n%s", mail)
	}
	path := "/uitnodiging/" + link[1]

	// The invitee, not logged in, opens the link and makes the account.
	invitee := p.client(t)
	if code, body := invitee.get(path); code != 200 || !strings.Contains(body, "J. de Vries wil een zorgovereenkomst") || !strings.Contains(body, "€ 27,50") {
		t.Fatalf("invitation page: %d\n%s", code, body)
	}
	acc := url.Values{"account_name": {"N. Hulp"}, "password": {"een lang genoeg wachtwoord"}, "name": {"Nieuwe Hulp"}, "kvk": {"56789012"}, "iban": {"NL91ABNA0417164301"}}
	if code, _, body := invitee.post(path, acc); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Dit IBAN klopt niet") || !strings.Contains(body, `value="Nieuwe Hulp"`) {
		t.Fatalf("bad IBAN: %d", code)
	}
	acc.Set("iban", "NL91ABNA0417164300")
	if code, loc, body := invitee.post(path, acc); code != http.StatusSeeOther || loc != "/inloggen" {
		t.Fatalf("accept: %d %s\n%s", code, loc, body)
	}
	// The link works once.
	if code, _ := invitee.get(path); code != http.StatusGone {
		t.Errorf("used link: %d", code)
	}
	invitee.login(demo.Account{Email: "nieuwe.hulp@example.nl", Password: "een lang genoeg wachtwoord"})
	_, list := invitee.get("/overeenkomsten")
	if !strings.Contains(list, "Concept") || !strings.Contains(list, "Zzp") {
		t.Errorf("the new provider does not see the agreement:\n%s", list)
	}
	if _, inbox := holder.get("/berichten"); !strings.Contains(inbox, "De uitgenodigde zorgverlener heeft een account gemaakt") {
		t.Error("the budget holder was not told")
	}
}
