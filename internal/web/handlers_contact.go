package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// myDetails shows the budget holder's data: the register's fields read-only,
// e-mail and phone editable (by the budget holder or a representative).
func (s *Server) myDetails(w http.ResponseWriter, r *http.Request, rq *request) {
	s.myDetailsRender(w, r, rq, nil)
}

func (s *Server) myDetailsRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	if !rq.Actor.Is(domain.RoleBudgetHolder) && !rq.Actor.Is(domain.RoleRepresentative) {
		s.fail(w, r, rq, domain.NotFound("page"))
		return
	}
	b, err := s.svc.BudgetHolder(r.Context(), rq.Actor, rq.Actor.Role.BudgetHolderID)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	if f == nil {
		f = &form{Errors: map[string]string{}, Values: map[string][]string{"email": {b.Email}, "phone": {b.Phone}, "iban": {string(b.IBAN)}}}
	}
	s.renderForm(w, r, rq, "details", map[string]any{"Holder": b}, f)
}

func (s *Server) myDetailsPost(w http.ResponseWriter, r *http.Request, rq *request) {
	f := newForm(r)
	if err := s.svc.UpdateContact(r.Context(), rq.Actor, rq.Actor.Role.BudgetHolderID, f.Get("email"), f.Get("phone"), f.Get("iban")); err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.myDetailsRender(w, r, rq, f) })
		return
	}
	s.flash(w, "details.saved")
	http.Redirect(w, r, "/gegevens", http.StatusSeeOther)
}
