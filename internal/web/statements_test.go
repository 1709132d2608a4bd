package web_test

import (
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestStatementsLinkedFromEveryPage: the accessibility and privacy
// statements open for anyone, in both languages, from the footer of every
// page; long forms say when the session times out.
func TestStatementsLinkedFromEveryPage(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	for _, page := range []struct{ path, nl, en string }{
		{"/toegankelijkheid", "Toegankelijkheidsverklaring", "Accessibility statement"},
		{"/privacy", "Privacyverklaring", "Privacy statement"},
	} {
		code, body := c.get(page.path)
		if code != 200 || !strings.Contains(body, page.nl) {
			t.Errorf("%s: %d", page.path, code)
		}
		c.get("/taal?lang=en&terug=" + page.path)
		if code, body := c.get(page.path); code != 200 || !strings.Contains(body, page.en) {
			t.Errorf("%s in English: %d", page.path, code)
		}
		c.get("/taal?lang=nl&terug=/")
	}
	_, login := c.get("/inloggen")
	if !strings.Contains(login, `href="/toegankelijkheid"`) || !strings.Contains(login, `href="/privacy"`) {
		t.Error("the footer does not link the statements")
	}
	c.login(demoAccount(t, "budgethouder"))
	if _, form := c.get("/overeenkomsten/nieuw"); !strings.Contains(form, "data-idle-hint") || !strings.Contains(form, "30 minuten") {
		t.Error("the agreement form does not say when the session times out")
	}
}
