package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// detailsPage is a person's own details: a budget holder's (with the
// representatives, and what the person may do about mandates) or a
// provider's.
type detailsPage struct {
	Holder   domain.BudgetHolder
	Reps     []service.RepresentativeView
	Can      map[string]bool // by mandate action
	Provider domain.Provider
}

// myDetails shows the budget holder's data: the register's fields read-only,
// e-mail and phone editable (by the budget holder or a representative).
func (s *Server) myDetails(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.myDetailsRender(w, r, rq, nil)
}

func (s *Server) myDetailsRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	if rq.Actor.Is(domain.RoleProvider) {
		return s.providerDetailsRender(w, r, rq, f)
	}
	if !rq.Actor.Is(domain.RoleBudgetHolder) && !rq.Actor.Is(domain.RoleRepresentative) {
		return domain.NotFound("page")
	}
	b, err := s.svc.BudgetHolder(r.Context(), rq.Actor, rq.Actor.Role.BudgetHolderID)
	if err != nil {
		return err
	}
	if f == nil {
		f = &form{Errors: map[string]string{}, Values: map[string][]string{"email": {b.Email}, "phone": {b.Phone}, "iban": {string(b.IBAN)}}}
	}
	reps, err := s.svc.Representatives(r.Context(), rq.Actor, b.ID)
	if err != nil {
		return err
	}
	return s.renderForm(w, r, rq, "details", detailsPage{Holder: b, Reps: reps,
		Can: can(domain.MandateActions(domain.MandateNone, rq.Actor.Role.Role))}, f)
}

// mandateGrant: the budget holder authorises someone to act for them.
func (s *Server) mandateGrant(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	if _, err := s.svc.GrantMandate(r.Context(), rq.Actor, f.Get("mandate_email"), f.Get("mandate_until")); err != nil {
		return refuse(f, err, func() error { return s.myDetailsRender(w, r, rq, f) })
	}
	s.flash(w, "mandate.granted")
	http.Redirect(w, r, "/gegevens#mandates-title", http.StatusSeeOther)
	return nil
}

// mandateRevoke: the budget holder ends a mandate.
func (s *Server) mandateRevoke(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err == nil {
		err = s.svc.RevokeMandate(r.Context(), rq.Actor, id)
	}
	if err != nil {
		return err
	}
	s.flash(w, "mandate.revoked")
	http.Redirect(w, r, "/gegevens#mandates-title", http.StatusSeeOther)
	return nil
}

func (s *Server) myDetailsPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	if rq.Actor.Is(domain.RoleProvider) {
		return s.providerDetailsPost(w, r, rq, f)
	}
	if err := s.svc.UpdateContact(r.Context(), rq.Actor, rq.Actor.Role.BudgetHolderID, f.Get("email"), f.Get("phone"), f.Get("iban")); err != nil {
		return refuse(f, err, func() error { return s.myDetailsRender(w, r, rq, f) })
	}
	s.flash(w, "details.saved")
	http.Redirect(w, r, "/gegevens", http.StatusSeeOther)
	return nil
}

// providerDetailsRender is a provider's own details: kind, name, AGB and
// KvK as registered; e-mail, phone and IBAN its own to change.
func (s *Server) providerDetailsRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	p, err := s.svc.Provider(r.Context(), rq.Actor, rq.Actor.Role.ProviderID)
	if err != nil {
		return err
	}
	if f == nil {
		f = &form{Errors: map[string]string{}, Values: map[string][]string{"email": {p.Email}, "phone": {p.Phone}, "iban": {p.IBAN.Formatted()}}}
	}
	delete(f.Values, "secret") // a password is never shown again
	return s.renderForm(w, r, rq, "provider_details", detailsPage{Provider: p}, f)
}

func (s *Server) providerDetailsPost(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	err := s.svc.UpdateProviderDetails(r.Context(), rq.Actor, rq.Actor.Role.ProviderID, service.ProviderDetailsInput{
		Email: f.Get("email"), Phone: f.Get("phone"), IBAN: f.Get("iban"), Secret: f.Get("secret")})
	if err != nil {
		return refuse(f, err, func() error { return s.providerDetailsRender(w, r, rq, f) })
	}
	s.flash(w, "details.saved")
	http.Redirect(w, r, "/gegevens", http.StatusSeeOther)
	return nil
}
