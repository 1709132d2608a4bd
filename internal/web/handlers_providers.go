package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (s *Server) providers(w http.ResponseWriter, r *http.Request, rq *request) {
	s.providersRender(w, r, rq, &form{Errors: map[string]string{}})
}

func (s *Server) providersRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	if !rq.Actor.Role.Role.IsStaff() {
		s.fail(w, r, rq, domain.NotFound("page"))
		return
	}
	q := r.URL.Query().Get("q")
	list, err := s.svc.SearchProviders(r.Context(), rq.Actor, q)
	if err != nil {
		if domain.KindOf(err) == domain.KindForbidden {
			err = domain.NotFound("page")
		}
		s.fail(w, r, rq, err)
		return
	}
	s.renderForm(w, r, rq, "providers", map[string]any{"Q": q, "List": list}, f)
}

func (s *Server) providerCreate(w http.ResponseWriter, r *http.Request, rq *request) {
	f := newForm(r)
	_, err := s.svc.CreateProvider(r.Context(), rq.Actor, service.ProviderInput{Kind: f.Get("kind"), Name: f.Get("name"),
		AGB: f.Get("agb"), KvK: f.Get("kvk"), IBAN: f.Get("iban"), Email: f.Get("email"), Phone: f.Get("phone"), City: f.Get("city")})
	if err != nil {
		if domain.KindOf(err) == domain.KindForbidden {
			err = domain.NotFound("page")
		}
		s.formFailed(w, r, rq, f, err, func() { s.providersRender(w, r, rq, f) })
		return
	}
	s.flash(w, "provider.created")
	http.Redirect(w, r, "/zorgverleners", http.StatusSeeOther)
}
