package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestPanicAndTemplateFailureGiveTheErrorPage: a page that panics, and a
// template that fails, give the portal's own 500 page in the user's
// language with a way onward, not a dropped connection or plain text.
func TestPanicAndTemplateFailureGiveTheErrorPage(t *testing.T) {
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /paniek", func(http.ResponseWriter, *http.Request) { panic("boom") })
	mux.Handle("GET /sjabloon", s.withSession(func(w http.ResponseWriter, r *http.Request, rq *request) error {
		return s.render(w, r, rq, "forgot", nil) // .Data.Sent on nil: the template fails
	}, true))
	h := s.styledErrors(mux)
	for _, path := range []string{"/paniek", "/sjabloon"} {
		for lang, want := range map[string]string{"nl": "Er ging iets mis", "en": "Something went wrong"} {
			req := httptest.NewRequest("GET", path, nil)
			req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != 500 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || !strings.Contains(body, want) ||
				!strings.Contains(body, `class="site-header"`) || !strings.Contains(body, `id="error-onward"`) {
				t.Errorf("%s %s: %d %q\n%s", lang, path, rec.Code, rec.Header().Get("Content-Type"), body)
			}
		}
	}
}
