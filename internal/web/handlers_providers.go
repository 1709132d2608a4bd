package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// providersPage is the register of providers, searched by Q.
type providersPage struct {
	Q    string
	List []domain.Provider
}

func (s *Server) providers(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.providersRender(w, r, rq, blankForm())
}

func (s *Server) providersRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	if !rq.Actor.Role.Role.IsStaff() {
		return domain.NotFound("page")
	}
	q := r.URL.Query().Get("q")
	list, err := s.svc.SearchProviders(r.Context(), rq.Actor, q)
	if err != nil {
		if domain.KindOf(err) == domain.KindForbidden {
			err = domain.NotFound("page")
		}
		return err
	}
	return s.renderForm(w, r, rq, "providers", providersPage{Q: q, List: list}, f)
}

func (s *Server) providerCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	_, err := s.svc.CreateProvider(r.Context(), rq.Actor, service.ProviderInput{Kind: f.Get("kind"), Name: f.Get("name"),
		AGB: f.Get("agb"), KvK: f.Get("kvk"), IBAN: f.Get("iban"), Email: f.Get("email"), Phone: f.Get("phone"), City: f.Get("city")})
	if err != nil {
		if domain.KindOf(err) == domain.KindForbidden {
			err = domain.NotFound("page")
		}
		return refuse(f, err, func() error { return s.providersRender(w, r, rq, f) })
	}
	s.flash(w, "provider.created")
	http.Redirect(w, r, "/zorgverleners", http.StatusSeeOther)
	return nil
}
