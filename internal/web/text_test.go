package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestControlCharactersRefusedAtTheEdge: a NUL or another control character
// in a form or a query string is refused in words, never a 500 (PostgreSQL
// refuses a NUL in text), logged out on /inloggen as well; in the multipart
// month form the error is at its field and the rest of the input is kept.
// On both databases.
func TestControlCharactersRefusedAtTheEdge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPortal(t, db)
		const words = "onzichtbaar stuurteken"
		anon := p.client(t)
		for _, form := range []url.Values{
			{"email": {"a\x00b@example.nl"}, "password": {"een lang wachtwoord"}},
			{"email": {"jan@example.nl"}, "password": {"x\x00y"}},
		} {
			code, _, body := anon.post("/inloggen", form)
			if code != http.StatusBadRequest || !strings.Contains(body, words) {
				t.Errorf("login with %q: %d\n%s", form, code, body)
			}
		}
		if code, body := anon.get("/wachtwoord-vergeten?email=%01"); code != http.StatusBadRequest || !strings.Contains(body, words) {
			t.Errorf("a query string with a control character: %d", code)
		}

		c, agID := zzpClient(t, p)
		if code, body := c.get("/declaraties?q=de%00Vries"); code != http.StatusBadRequest || !strings.Contains(body, words) {
			t.Errorf("a search with NUL: %d\n%s", code, body)
		}
		pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
		fields := url.Values{"agreement_id": {agID}, "month": {"2026-10"}, "kind": {"zorg"}, "invoice_number": {"RS\x00-10"}, "invoice_total": {"105,00"},
			"u/2026-10-05/begeleiding/uur": {"2"}, "action": {"submit"}}
		code, _, body := c.postFiles("/declaraties/nieuw", fields, "file", upFile{"factuur.pdf", pdf})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-invoice_number-error"`) || !strings.Contains(body, words) ||
			!strings.Contains(body, `value="105,00"`) {
			t.Errorf("the month form with a NUL in the invoice number: %d\n%s", code, body)
		}
	})
}
