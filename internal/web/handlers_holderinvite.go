package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// holderInvitationPage is the invited budget holder's account form; Dead
// when the invitation is used or too old.
type holderInvitationPage struct {
	V     service.HolderInvitationView
	Token string
	Dead  bool
}

// holderInvitation shows the invited budget holder the account form.
func (s *Server) holderInvitation(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.holderInvitationRender(w, r, rq, blankForm())
}

func (s *Server) holderInvitationRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	v, err := s.svc.HolderInvitation(r.Context(), r.PathValue("token"))
	if err != nil {
		f.Message = i18n.ErrorMessage(rq.Lang, err)
		w.WriteHeader(http.StatusGone)
		return s.renderForm(w, r, rq, "holder_invitation", holderInvitationPage{Dead: true}, f)
	}
	return s.renderForm(w, r, rq, "holder_invitation", holderInvitationPage{V: v, Token: r.PathValue("token")}, f)
}

func (s *Server) holderInvitationAccept(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	if f.Get("password") != f.Get("password2") {
		f.Errors["password2"] = i18n.T(rq.Lang, "err.password_mismatch")
		f.Order = append(f.Order, "password2")
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.holderInvitationRender(w, r, rq, f)
	}
	if _, err := s.svc.AcceptHolderInvitation(r.Context(), r.PathValue("token"), f.Get("password")); err != nil {
		return refuse(f, err, func() error { return s.holderInvitationRender(w, r, rq, f) })
	}
	s.flash(w, "holder_invite.done")
	http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
	return nil
}
