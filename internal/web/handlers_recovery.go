package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
)

// forgotPage asks for the e-mail address to send a reset link to.
func (s *Server) forgotPage(w http.ResponseWriter, r *http.Request, rq *request) {
	s.renderForm(w, r, rq, "forgot", map[string]any{"Sent": false}, &form{Errors: map[string]string{}, Values: map[string][]string{}})
}

func (s *Server) forgotPost(w http.ResponseWriter, r *http.Request, rq *request) {
	f := newForm(r)
	if err := s.svc.RequestPasswordReset(r.Context(), f.Get("email"), s.clientIP(r)); err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.renderForm(w, r, rq, "forgot", map[string]any{"Sent": false}, f) })
		return
	}
	// The same answer whether or not the address has an account.
	s.renderForm(w, r, rq, "forgot", map[string]any{"Sent": true}, f)
}

// resetPage lets the holder of a reset link choose a new password.
func (s *Server) resetPage(w http.ResponseWriter, r *http.Request, rq *request) {
	s.renderForm(w, r, rq, "reset", map[string]any{"Token": r.PathValue("token")}, &form{Errors: map[string]string{}, Values: map[string][]string{}})
}

func (s *Server) resetPost(w http.ResponseWriter, r *http.Request, rq *request) {
	f := newForm(r)
	again := func(err error) {
		s.formFailed(w, r, rq, f, err, func() { s.renderForm(w, r, rq, "reset", map[string]any{"Token": r.PathValue("token")}, f) })
	}
	if f.Get("new_password") != f.Get("new_password2") {
		again(domain.Invalid("new_password2", "password_mismatch"))
		return
	}
	if err := s.svc.ResetPasswordWithLink(r.Context(), r.PathValue("token"), f.Get("new_password")); err != nil {
		if k := domain.KindOf(err); k == domain.KindNotFound || k == domain.KindConflict {
			f.Message = i18n.ErrorMessage(rq.Lang, err)
			w.WriteHeader(http.StatusUnprocessableEntity)
			s.renderForm(w, r, rq, "reset", map[string]any{"Token": r.PathValue("token"), "Dead": true}, f)
			return
		}
		again(err)
		return
	}
	s.flash(w, "reset.done")
	http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
}

// recoveryCodes makes new one-time codes and shows them once.
func (s *Server) recoveryCodes(w http.ResponseWriter, r *http.Request, rq *request) {
	codes, err := s.svc.NewRecoveryCodes(r.Context(), rq.Actor)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, rq, "recovery_codes", map[string]any{"Codes": codes})
}
