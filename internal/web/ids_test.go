package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestOneAddressPerPage: a page has one address. An id written with a
// leading zero or a sign names nothing: the portal's "not found" page (404
// with a way onward), as the API answers 404 (internal/api
// TestOneAddressPerObject). The plain id opens the page.
func TestOneAddressPerPage(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	staff := p.client(t)
	staff.login(demoAccount(t, "verstrekker"))
	_, list := staff.get("/budgethouders")
	m := regexp.MustCompile(`href="/budgethouders/(\d+)"`).FindStringSubmatch(list)
	if m == nil {
		t.Fatalf("no budget holder in the list:\n%s", list)
	}
	id := m[1]
	if code, body := staff.get("/budgethouders/" + id); code != http.StatusOK {
		t.Fatalf("/budgethouders/%s: %d\n%.400s", id, code, body)
	}
	for _, path := range []string{"/budgethouders/0" + id, "/budgethouders/00" + id, "/budgethouders/+" + id, "/budgethouders/-" + id,
		"/budgethouders/0" + id + "/toekenningen/nieuw"} {
		code, body := staff.get(path)
		if code != http.StatusNotFound || !strings.Contains(body, `id="error-onward"`) || !strings.Contains(body, "Pagina niet gevonden") {
			t.Errorf("%s: %d, want the not-found page\n%.400s", path, code, body)
		}
	}

	// A year is read the same way: the jaaropgave of 2026 has one address.
	provider := p.client(t)
	provider.login(demoAccount(t, "zorgverlener"))
	if code, body := provider.get("/betalingen/jaaropgave/2026"); code != http.StatusOK {
		t.Fatalf("jaaropgave 2026: %d\n%.400s", code, body)
	}
	for _, path := range []string{"/betalingen/jaaropgave/02026", "/betalingen/jaaropgave/+2026"} {
		if code, _ := provider.get(path); code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, code)
		}
	}
}
