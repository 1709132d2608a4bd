package web

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// adminAccountsPage is the beheerder's list of accounts, with the
// organisations to give a role in.
type adminAccountsPage struct {
	Q    string
	List []service.AccountSummary
	Orgs [][2]string // value, label
}

func (s *Server) adminAccounts(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.adminRender(w, r, rq, blankForm())
}

func (s *Server) adminRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	q := r.URL.Query().Get("q")
	list, err := s.svc.ListAccounts(r.Context(), rq.Actor, q)
	if err != nil {
		if domain.KindOf(err) == domain.KindForbidden {
			err = domain.NotFound("page")
		}
		return err
	}
	orgs, err := s.svc.Organisations(r.Context())
	if err != nil {
		return err
	}
	var orgOpts [][2]string
	orgOpts = append(orgOpts, [2]string{"", "–"})
	for _, o := range orgs {
		orgOpts = append(orgOpts, [2]string{strconv.FormatInt(o.ID, 10), o.Name})
	}
	return s.renderForm(w, r, rq, "admin_accounts", adminAccountsPage{Q: q, List: list, Orgs: orgOpts}, f)
}

func (s *Server) adminAccountCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	acc, err := s.svc.CreateAccount(r.Context(), rq.Actor, service.NewAccount{Email: f.Get("email"), Name: f.Get("name"), Password: f.Get("password"), Lang: f.Get("lang")})
	if err == nil && f.Get("role") != "" {
		orgID, _ := strconv.ParseInt(f.Get("organisation_id"), 10, 64)
		_, err = s.svc.AddRole(r.Context(), rq.Actor, domain.AccountRole{AccountID: acc.ID, Role: domain.Role(f.Get("role")), OrganisationID: orgID})
	}
	if err != nil {
		return refuse(f, err, func() error { return s.adminRender(w, r, rq, f) })
	}
	s.flash(w, "account.created")
	http.Redirect(w, r, "/beheer/accounts", http.StatusSeeOther)
	return nil
}

func (s *Server) adminRoleAdd(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	num := func(k string) int64 { n, _ := strconv.ParseInt(f.Get(k), 10, 64); return n }
	_, err = s.svc.AddRole(r.Context(), rq.Actor, domain.AccountRole{AccountID: id, Role: domain.Role(f.Get("role")),
		OrganisationID: num("organisation_id"), BudgetHolderID: num("budget_holder_id"), ProviderID: num("provider_id")})
	if err != nil {
		return refuse(f, err, func() error { return s.adminRender(w, r, rq, f) })
	}
	s.flash(w, "role.added")
	http.Redirect(w, r, "/beheer/accounts", http.StatusSeeOther)
	return nil
}

func (s *Server) adminPasswordReset(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	if err := s.svc.ResetPassword(r.Context(), rq.Actor, id, f.Get("password")); err != nil {
		return refuse(f, err, func() error { return s.adminRender(w, r, rq, f) })
	}
	s.flash(w, "password.reset")
	http.Redirect(w, r, "/beheer/accounts", http.StatusSeeOther)
	return nil
}
