package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// tariffs shows the tariff table: national and the gemeente's own; a
// beheerder and a gemeente's staff may set rates.
func (s *Server) tariffs(w http.ResponseWriter, r *http.Request, rq *request) {
	s.tariffsRender(w, r, rq, &form{Errors: map[string]string{}})
}

func (s *Server) tariffsRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	if !rq.Actor.Role.Role.IsStaff() {
		s.fail(w, r, rq, domain.NotFound("page"))
		return
	}
	law := domain.Law(r.URL.Query().Get("wet"))
	list, err := s.svc.Tariffs(r.Context(), rq.Actor, law)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	laws, err := s.svc.TariffLaws(r.Context(), rq.Actor) // the laws the tariff edit table lets the actor set
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	options := [][2]string{{"", i18n.T(rq.Lang, "form.choose")}}
	for _, l := range laws {
		options = append(options, [2]string{string(l), l.Label()})
	}
	s.renderForm(w, r, rq, "tariffs", map[string]any{"List": list, "Law": string(law), "Can": map[string]bool{domain.TariffActSet: len(laws) > 0},
		"SetLaws": options}, f)
}

func (s *Server) tariffPut(w http.ResponseWriter, r *http.Request, rq *request) {
	f := newForm(r)
	_, err := s.svc.PutTariff(r.Context(), rq.Actor, service.TariffInput{Year: f.Get("year"), Law: f.Get("law"), CareType: f.Get("care_type"),
		ProviderKind: f.Get("provider_kind"), MaxRate: f.Get("max_rate"), Source: f.Get("source")})
	if err != nil {
		if domain.KindOf(err) == domain.KindForbidden {
			err = domain.NotFound("page")
		}
		s.formFailed(w, r, rq, f, err, func() { s.tariffsRender(w, r, rq, f) })
		return
	}
	s.flash(w, "tariff.saved")
	http.Redirect(w, r, "/tarieven", http.StatusSeeOther)
}
