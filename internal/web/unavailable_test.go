package web

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// TestDatabaseOutagePage: while the database cannot be reached, a page
// answers 503 with Retry-After and says in the user's language to try again
// shortly; a form whose handler shows it again comes back with what was
// typed and that message, and when the form cannot be shown either (its
// page reads the database too) the error page says so under the same 503.
func TestDatabaseOutagePage(t *testing.T) {
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	down := domain.Unavailable(errors.New("dial tcp 127.0.0.1:5432: connect: connection refused"))
	mux := http.NewServeMux()
	mux.Handle("GET /pagina", s.withSession(func(http.ResponseWriter, *http.Request, *request) error { return down }, true))
	mux.Handle("POST /formulier", s.withSession(func(w http.ResponseWriter, r *http.Request, rq *request) error {
		f := newForm(r)
		return refuse(f, down, func() error { return s.renderForm(w, r, rq, "login", loginPage{}, f) })
	}, true))
	mux.Handle("POST /formulier-leest", s.withSession(func(w http.ResponseWriter, r *http.Request, rq *request) error {
		return refuse(newForm(r), down, func() error { return down })
	}, true))
	h := s.styledErrors(mux)
	texts := map[string][2]string{
		"nl": {"Even niet bereikbaar", "Probeer het over een paar seconden opnieuw."},
		"en": {"Briefly unavailable", "Please try again in a few seconds."},
	}
	for lang, want := range texts {
		for _, c := range []struct {
			method, path string
			form         bool // the form comes back, with what was typed
		}{{"GET", "/pagina", false}, {"POST", "/formulier", true}, {"POST", "/formulier-leest", false}} {
			var body io.Reader
			if c.method == "POST" {
				body = strings.NewReader(url.Values{"email": {"jan.jansen@voorbeeld.nl"}}.Encode())
			}
			req := httptest.NewRequest(c.method, c.path, body)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			page := rec.Body.String()
			where := lang + " " + c.method + " " + c.path
			if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "5" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				t.Errorf("%s: %d, Retry-After %q, %q", where, rec.Code, rec.Header().Get("Retry-After"), rec.Header().Get("Content-Type"))
			}
			if !strings.Contains(page, want[1]) {
				t.Errorf("%s: the page does not say to try again:\n%s", where, page)
			}
			if strings.Contains(page, "connection refused") {
				t.Errorf("%s: the cause is shown", where)
			}
			kept := strings.Contains(page, `value="jan.jansen@voorbeeld.nl"`)
			if c.form != kept {
				t.Errorf("%s: what was typed kept %v, want %v", where, kept, c.form)
			}
			if !c.form && (!strings.Contains(page, want[0]) || strings.Count(page, `class="error-page"`) != 1) {
				t.Errorf("%s: not the error page %q once:\n%s", where, want[0], page)
			}
		}
	}
}
