package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
)

// forgotPage is the form that asks for the e-mail address to send a reset
// link to, and once sent the same answer whether or not it has an account.
type forgotPage struct {
	Sent bool
}

// resetPage is the form that sets a new password with a reset link; Dead
// when the link is used or too old.
type resetPage struct {
	Token string
	Dead  bool
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.renderForm(w, r, rq, "forgot", forgotPage{}, blankForm())
}

func (s *Server) forgotPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	if err := s.svc.RequestPasswordReset(r.Context(), f.Get("email"), s.clientIP(r)); err != nil {
		return refuse(f, err, func() error { return s.renderForm(w, r, rq, "forgot", forgotPage{}, f) })
	}
	// The same answer whether or not the address has an account.
	return s.renderForm(w, r, rq, "forgot", forgotPage{Sent: true}, f)
}

// resetForm lets the holder of a reset link choose a new password.
func (s *Server) resetForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.renderForm(w, r, rq, "reset", resetPage{Token: r.PathValue("token")}, blankForm())
}

func (s *Server) resetPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	token := r.PathValue("token")
	again := func() error { return s.renderForm(w, r, rq, "reset", resetPage{Token: token}, f) }
	if f.Get("new_password") != f.Get("new_password2") {
		return refuse(f, domain.Invalid("new_password2", "password_mismatch"), again)
	}
	if err := s.svc.ResetPasswordWithLink(r.Context(), token, f.Get("new_password")); err != nil {
		if k := domain.KindOf(err); k == domain.KindNotFound || k == domain.KindConflict {
			f.Message = i18n.ErrorMessage(rq.Lang, err)
			w.WriteHeader(http.StatusUnprocessableEntity)
			return s.renderForm(w, r, rq, "reset", resetPage{Token: token, Dead: true}, f)
		}
		return refuse(f, err, again)
	}
	s.flash(w, "reset.done")
	http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
	return nil
}

// recoveryCodesPage shows new one-time codes, once.
type recoveryCodesPage struct {
	Codes []string
}

// recoveryCodes makes new one-time codes and shows them once.
func (s *Server) recoveryCodes(w http.ResponseWriter, r *http.Request, rq *request) error {
	codes, err := s.svc.NewRecoveryCodes(r.Context(), rq.Actor)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, rq, "recovery_codes", recoveryCodesPage{Codes: codes})
}
