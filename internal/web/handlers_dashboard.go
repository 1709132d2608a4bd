package web

import (
	"html/template"
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// dashboardPage is the overview of a role: what waits for the person, and
// for a budget holder the grants, for a provider its own details
// (templates dashboard_holder, dashboard_provider, dashboard_staff).
type dashboardPage struct {
	Work     []service.WorkItem
	Holder   domain.BudgetHolder
	Grants   []grantCard
	Today    domain.Date // a budget holder's link to this year's overview
	Provider domain.Provider
}

// grantCard is a grant on a dashboard: balance and chart.
type grantCard struct {
	service.GrantView
	Chart template.HTML
}

// workList is what waits for the actor; a failure to read it is logged and
// the overview is shown without it rather than not at all.
func (s *Server) workList(r *http.Request, rq *request) []service.WorkItem {
	items, err := s.svc.WorkList(r.Context(), rq.Actor)
	if err != nil {
		s.log.Error("work list", "err", err)
	}
	return items
}

// dashboard shows what the role needs first.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, rq *request) error {
	a := rq.Actor
	switch a.Role.Role {
	case domain.RoleBudgetHolder, domain.RoleRepresentative:
		bh, err := s.svc.BudgetHolder(r.Context(), a, a.Role.BudgetHolderID)
		if err != nil {
			return err
		}
		grants, err := s.svc.GrantsOf(r.Context(), a, bh.ID)
		if err != nil {
			return err
		}
		var cards []grantCard
		for _, g := range grants {
			full, err := s.svc.Grant(r.Context(), a, g.ID)
			if err != nil {
				return err
			}
			cards = append(cards, grantCard{GrantView: full, Chart: spendingChart(rq.Lang, full.Months)})
		}
		return s.render(w, r, rq, "dashboard_holder", dashboardPage{Holder: bh, Grants: cards, Today: s.svc.Today(), Work: s.workList(r, rq)})
	case domain.RoleVerstrekker:
		return s.budgetHolders(w, r, rq)
	case domain.RoleProvider:
		p, err := s.svc.Provider(r.Context(), a, a.Role.ProviderID)
		if err != nil {
			return err
		}
		return s.render(w, r, rq, "dashboard_provider", dashboardPage{Provider: p, Work: s.workList(r, rq)})
	default:
		return s.render(w, r, rq, "dashboard_staff", dashboardPage{Work: s.workList(r, rq)})
	}
}
