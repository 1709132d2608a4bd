package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// invitation is the page an invited provider reaches through the e-mailed
// link: it shows the agreement drawn up and makes the account.
func (s *Server) invitation(w http.ResponseWriter, r *http.Request, rq *request) {
	s.invitationRender(w, r, rq, &form{Errors: map[string]string{}, Values: map[string][]string{}})
}

func (s *Server) invitationRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	v, err := s.svc.Invitation(r.Context(), r.PathValue("token"))
	if err != nil {
		if domain.KindOf(err) == domain.KindConflict {
			w.WriteHeader(http.StatusGone)
			s.render(w, r, rq, "error", map[string]any{"Message": s.message(rq, err)})
			return
		}
		s.fail(w, r, rq, err)
		return
	}
	s.renderForm(w, r, rq, "invitation", map[string]any{"Inv": v, "Token": r.PathValue("token")}, f)
}

func (s *Server) invitationAccept(w http.ResponseWriter, r *http.Request, rq *request) {
	f := newForm(r)
	_, err := s.svc.AcceptInvitation(r.Context(), r.PathValue("token"), service.AcceptInput{Name: f.Get("account_name"), Password: f.Get("password"),
		Provider: service.ProviderInput{Name: f.Get("name"), AGB: f.Get("agb"), KvK: f.Get("kvk"), IBAN: f.Get("iban"), Phone: f.Get("phone"), City: f.Get("city")}})
	if err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.invitationRender(w, r, rq, f) })
		return
	}
	s.flash(w, "invite.accepted")
	http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
}

// outbox shows the beheerder the queued e-mail.
func (s *Server) outbox(w http.ResponseWriter, r *http.Request, rq *request) {
	outbox := s.svc.Outbox
	if s.cfg.DemoAccounts != nil { // anchor: the demo has no mail server; its invitations must work
		outbox = s.svc.OutboxWithLinks
	}
	list, err := outbox(r.Context(), rq.Actor)
	if err != nil {
		if domain.KindOf(err) == domain.KindForbidden {
			err = domain.NotFound("page")
		}
		s.fail(w, r, rq, err)
		return
	}
	s.render(w, r, rq, "outbox", map[string]any{"List": list})
}
