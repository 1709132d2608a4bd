package web

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (s *Server) adminAccounts(w http.ResponseWriter, r *http.Request, rq *request) {
	s.adminRender(w, r, rq, &form{Errors: map[string]string{}})
}

func (s *Server) adminRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	q := r.URL.Query().Get("q")
	list, err := s.svc.ListAccounts(r.Context(), rq.Actor, q)
	if err != nil {
		if domain.KindOf(err) == domain.KindForbidden {
			err = domain.NotFound("page")
		}
		s.fail(w, r, rq, err)
		return
	}
	orgs, err := s.svc.Organisations(r.Context())
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	var orgOpts [][2]string
	orgOpts = append(orgOpts, [2]string{"", "–"})
	for _, o := range orgs {
		orgOpts = append(orgOpts, [2]string{strconv.FormatInt(o.ID, 10), o.Name})
	}
	s.renderForm(w, r, rq, "admin_accounts", map[string]any{"Q": q, "List": list, "Orgs": orgOpts}, f)
}

func (s *Server) adminAccountCreate(w http.ResponseWriter, r *http.Request, rq *request) {
	f := newForm(r)
	acc, err := s.svc.CreateAccount(r.Context(), rq.Actor, service.NewAccount{Email: f.Get("email"), Name: f.Get("name"), Password: f.Get("password"), Lang: f.Get("lang")})
	if err == nil && f.Get("role") != "" {
		orgID, _ := strconv.ParseInt(f.Get("organisation_id"), 10, 64)
		_, err = s.svc.AddRole(r.Context(), rq.Actor, domain.AccountRole{AccountID: acc.ID, Role: domain.Role(f.Get("role")), OrganisationID: orgID})
	}
	if err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.adminRender(w, r, rq, f) })
		return
	}
	s.flash(w, "account.created")
	http.Redirect(w, r, "/beheer/accounts", http.StatusSeeOther)
}

func (s *Server) adminRoleAdd(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	f := newForm(r)
	num := func(k string) int64 { n, _ := strconv.ParseInt(f.Get(k), 10, 64); return n }
	_, err = s.svc.AddRole(r.Context(), rq.Actor, domain.AccountRole{AccountID: id, Role: domain.Role(f.Get("role")),
		OrganisationID: num("organisation_id"), BudgetHolderID: num("budget_holder_id"), ProviderID: num("provider_id")})
	if err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.adminRender(w, r, rq, f) })
		return
	}
	s.flash(w, "role.added")
	http.Redirect(w, r, "/beheer/accounts", http.StatusSeeOther)
}

func (s *Server) adminPasswordReset(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	f := newForm(r)
	if err := s.svc.ResetPassword(r.Context(), rq.Actor, id, f.Get("password")); err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.adminRender(w, r, rq, f) })
		return
	}
	s.flash(w, "password.reset")
	http.Redirect(w, r, "/beheer/accounts", http.StatusSeeOther)
}
