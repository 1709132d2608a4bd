package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
)

// handlerFunc is a page handler. It answers the request (a page, a redirect,
// a download) and returns nil, or it returns the error, which the one
// adapter (withSession) hands to fail: an error page with its status, or a
// refused form shown again.
type handlerFunc func(w http.ResponseWriter, r *http.Request, rq *request) error

// refusal is a form the service refused: fail shows it again (422) with
// each message at its field and everything typed kept, when the error is
// about the input, or with the message to try again shortly (503) when the
// database could not be reached; any other error becomes an error page.
type refusal struct {
	form  *form
	err   error
	again func() error // renders the form again
}

func (e *refusal) Error() string { return e.err.Error() }
func (e *refusal) Unwrap() error { return e.err }

// refuse is the error a handler returns when the service refused form f:
// again renders the page with the form.
func refuse(f *form, err error, again func() error) error {
	return &refusal{form: f, err: err, again: again}
}

// fail answers an error: the one place where an error becomes a page.
// A refused form comes back with its errors (see refusal); a session that
// is missing or waits for its second factor goes to the login step; any
// other error is an error page with the status of its kind (httpkit.Status,
// the same table as the API's), where someone else's object is "not found"
// as if it did not exist.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, rq *request, err error) {
	var ref *refusal
	if errors.As(err, &ref) {
		unavailable := domain.KindOf(ref.err) == domain.KindUnavailable
		if unavailable { // not about the input: the form's message, to send it again shortly
			ref.form.Message = s.message(rq, ref.err)
			s.log.WarnContext(r.Context(), "page unavailable", "route", r.Pattern, "err", ref.err)
		}
		if unavailable || ref.form.setError(rq.Lang, ref.err) {
			status := http.StatusUnprocessableEntity
			if unavailable {
				status = http.StatusServiceUnavailable
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8") // before the status, which sends the headers
			w.Header().Set("Cache-Control", "no-store")
			httpkit.SetRetryAfter(w, status)
			w.WriteHeader(status)
			if err := ref.again(); err != nil {
				// The form could not be shown again (its page reads the
				// database too): the error page, under the status sent.
				s.fail(&statusSent{w}, r, rq, err)
			}
			return
		}
		err = ref.err
	}
	if domain.KindOf(err) == domain.KindUnauthenticated {
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		return
	}
	if domain.HasCode(err, "mfa_required") {
		http.Redirect(w, r, "/inloggen/code", http.StatusSeeOther)
		return
	}
	if httpkit.Internal(err) {
		s.log.ErrorContext(r.Context(), "page failed", "route", r.Pattern, "err", err)
	}
	if domain.KindOf(err) == domain.KindUnavailable { // the database, not the page: a warning, and try again shortly
		s.log.WarnContext(r.Context(), "page unavailable", "route", r.Pattern, "err", err)
	}
	s.errorPage(w, r, rq, httpkit.Status(err), s.message(rq, err))
}

// statusSent is a response whose status was sent: a second WriteHeader
// (the error page's, after a form that could not be shown again) is left
// out rather than logged by the server as superfluous.
type statusSent struct{ http.ResponseWriter }

func (statusSent) WriteHeader(int) {}

// errorView is what the error page shows.
type errorView struct {
	Status  int
	Title   string // a text key
	Message string
}

// errorTitle is the error page's title (a text key) for a status.
func errorTitle(status int) string {
	switch status {
	case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusInternalServerError, http.StatusServiceUnavailable:
		return "error.title_" + strconv.Itoa(status)
	}
	return "error.title"
}

// errorPage shows an error as a page of the portal: the layout (with the
// menu when logged in), a title by status, the message, and a way onward.
// A 503 (the database could not be reached) says when to try again
// (Retry-After).
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, rq *request, status int, message string) {
	var buf bytes.Buffer
	if err := s.execute(&buf, r, rq, "error", errorView{Status: status, Title: errorTitle(status), Message: message}, nil); err != nil {
		s.log.Error("template failed", "page", "error", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8") // before the status, which sends the headers
	w.Header().Set("Cache-Control", "no-store")
	httpkit.SetRetryAfter(w, status)
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// message is an error's text in the request's language.
func (s *Server) message(rq *request, err error) string { return i18n.ErrorMessage(rq.Lang, err) }

// styledErrors serves the mux, and answers what the mux itself refuses (no
// such page: 404; a page that is there for another method, such as the
// language switch back to a page shown after a form: 405) with the
// portal's own error page in the user's language, not Go's plain text. A
// page that panics gets the error page too (500), when nothing was sent
// yet.
func (s *Server) styledErrors(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw := &trackWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			// The panic's type and the stack only: a value may hold input.
			s.log.ErrorContext(r.Context(), "page panicked", "route", r.Pattern, "panic", fmt.Sprintf("%T", v), "stack", string(debug.Stack()))
			if !tw.wrote {
				s.withSession(func(w http.ResponseWriter, r *http.Request, rq *request) error {
					s.errorPage(w, r, rq, http.StatusInternalServerError, i18n.T(rq.Lang, "err.internal"))
					return nil
				}, true).ServeHTTP(w, r)
			}
		}()
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(tw, r)
			return
		}
		// No pattern: a redirect to the cleaned path, or a refusal.
		c := &refusalCatcher{ResponseWriter: tw}
		mux.ServeHTTP(c, r)
		if c.caught == 0 {
			return
		}
		s.withSession(func(w http.ResponseWriter, r *http.Request, rq *request) error {
			key := "error.not_found_lead"
			if c.caught == http.StatusMethodNotAllowed {
				key = "error.method_lead"
			}
			s.errorPage(w, r, rq, c.caught, i18n.T(rq.Lang, key))
			return nil
		}, true).ServeHTTP(tw, r)
	})
}

// styledNotFound gives a handler's plain 404 or 405 (the file server's for
// a file that is not there) the portal's error page.
func (s *Server) styledNotFound(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &refusalCatcher{ResponseWriter: w}
		h.ServeHTTP(c, r)
		if c.caught == 0 {
			return
		}
		s.withSession(func(w http.ResponseWriter, r *http.Request, rq *request) error {
			s.errorPage(w, r, rq, c.caught, i18n.T(rq.Lang, "error.not_found_lead"))
			return nil
		}, true).ServeHTTP(w, r)
	})
}

// trackWriter notes whether anything was sent.
type trackWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *trackWriter) WriteHeader(code int) { w.wrote = true; w.ResponseWriter.WriteHeader(code) }
func (w *trackWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// refusalCatcher holds back the mux's own 404 and 405 (plain text) and
// passes anything else on; its Allow header stays.
type refusalCatcher struct {
	http.ResponseWriter
	caught int
}

func (c *refusalCatcher) WriteHeader(code int) {
	if code == http.StatusNotFound || code == http.StatusMethodNotAllowed {
		c.caught = code
		return
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *refusalCatcher) Write(b []byte) (int, error) {
	if c.caught != 0 {
		return len(b), nil
	}
	return c.ResponseWriter.Write(b)
}
