package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// tariffsPage is the tariff table for a law ("" for all).
type tariffsPage struct {
	List    []domain.Tariff
	Law     string
	CanEdit bool
}

// tariffs shows the tariff table: national and the gemeente's own; a
// beheerder and a gemeente's staff may set rates.
func (s *Server) tariffs(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.tariffsRender(w, r, rq, blankForm())
}

func (s *Server) tariffsRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	if !rq.Actor.Role.Role.IsStaff() {
		return domain.NotFound("page")
	}
	law := domain.Law(r.URL.Query().Get("wet"))
	list, err := s.svc.Tariffs(r.Context(), rq.Actor, law)
	if err != nil {
		return err
	}
	canEdit := rq.Actor.Is(domain.RoleAdmin) || rq.Actor.Is(domain.RoleVerstrekker)
	return s.renderForm(w, r, rq, "tariffs", tariffsPage{List: list, Law: string(law), CanEdit: canEdit}, f)
}

func (s *Server) tariffPut(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	_, err := s.svc.PutTariff(r.Context(), rq.Actor, service.TariffInput{Year: f.Get("year"), Law: f.Get("law"), CareType: f.Get("care_type"),
		ProviderKind: f.Get("provider_kind"), MaxRate: f.Get("max_rate"), Source: f.Get("source")})
	if err != nil {
		if domain.KindOf(err) == domain.KindForbidden {
			err = domain.NotFound("page")
		}
		return refuse(f, err, func() error { return s.tariffsRender(w, r, rq, f) })
	}
	s.flash(w, "tariff.saved")
	http.Redirect(w, r, "/tarieven", http.StatusSeeOther)
	return nil
}
