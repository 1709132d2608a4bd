package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// invitationPage is the agreement an invited provider was sent, with the
// form that makes its account.
type invitationPage struct {
	Inv   service.InvitationView
	Token string
}

// invitation is the page an invited provider reaches through the e-mailed
// link: it shows the agreement drawn up and makes the account.
func (s *Server) invitation(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.invitationRender(w, r, rq, blankForm())
}

func (s *Server) invitationRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	v, err := s.svc.Invitation(r.Context(), r.PathValue("token"))
	if err != nil {
		if domain.KindOf(err) == domain.KindConflict {
			s.errorPage(w, r, rq, http.StatusGone, s.message(rq, err))
			return nil
		}
		return err
	}
	return s.renderForm(w, r, rq, "invitation", invitationPage{Inv: v, Token: r.PathValue("token")}, f)
}

func (s *Server) invitationAccept(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	_, err := s.svc.AcceptInvitation(r.Context(), r.PathValue("token"), service.AcceptInput{Name: f.Get("account_name"), Password: f.Get("password"),
		Provider: service.ProviderInput{Name: f.Get("name"), AGB: f.Get("agb"), KvK: f.Get("kvk"), IBAN: f.Get("iban"), Phone: f.Get("phone"), City: f.Get("city")}})
	if err != nil {
		return refuse(f, err, func() error { return s.invitationRender(w, r, rq, f) })
	}
	s.flash(w, "invite.accepted")
	http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
	return nil
}

// outboxPage is the queued e-mail.
type outboxPage struct {
	List []store.Mail
}

// outbox shows the beheerder the queued e-mail.
func (s *Server) outbox(w http.ResponseWriter, r *http.Request, rq *request) error {
	outbox := s.svc.Outbox
	if s.cfg.DemoAccounts != nil { // anchor: the demo has no mail server; its invitations must work
		outbox = s.svc.OutboxWithLinks
	}
	list, err := outbox(r.Context(), rq.Actor)
	if err != nil {
		if domain.KindOf(err) == domain.KindForbidden {
			err = domain.NotFound("page")
		}
		return err
	}
	return s.render(w, r, rq, "outbox", outboxPage{List: list})
}
