package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/i18n"
)

// holderInvitation shows the invited budget holder the account form.
func (s *Server) holderInvitation(w http.ResponseWriter, r *http.Request, rq *request) {
	s.holderInvitationRender(w, r, rq, &form{Errors: map[string]string{}, Values: map[string][]string{}})
}

func (s *Server) holderInvitationRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	v, err := s.svc.HolderInvitation(r.Context(), r.PathValue("token"))
	if err != nil {
		f.Message = i18n.ErrorMessage(rq.Lang, err)
		w.WriteHeader(http.StatusGone)
		s.renderForm(w, r, rq, "holder_invitation", map[string]any{"Dead": true}, f)
		return
	}
	s.renderForm(w, r, rq, "holder_invitation", map[string]any{"V": v, "Token": r.PathValue("token")}, f)
}

func (s *Server) holderInvitationAccept(w http.ResponseWriter, r *http.Request, rq *request) {
	f := newForm(r)
	if f.Get("password") != f.Get("password2") {
		f.Errors["password2"] = i18n.T(rq.Lang, "err.password_mismatch")
		f.Order = append(f.Order, "password2")
		w.WriteHeader(http.StatusUnprocessableEntity)
		s.holderInvitationRender(w, r, rq, f)
		return
	}
	if _, err := s.svc.AcceptHolderInvitation(r.Context(), r.PathValue("token"), f.Get("password")); err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.holderInvitationRender(w, r, rq, f) })
		return
	}
	s.flash(w, "holder_invite.done")
	http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
}
