package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// tariffsPage is the tariff table for a law ("" for all).
type tariffsPage struct {
	List    []domain.Tariff
	Law     string
	Can     map[string]bool // "set": the tariff edit table lets the actor set a rate
	SetLaws [][2]string     // the laws the actor may set rates for: value, label
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
	laws, err := s.svc.TariffLaws(r.Context(), rq.Actor) // the laws the tariff edit table lets the actor set
	if err != nil {
		return err
	}
	options := [][2]string{{"", i18n.T(rq.Lang, "form.choose")}}
	for _, l := range laws {
		options = append(options, [2]string{string(l), l.Label()})
	}
	return s.renderForm(w, r, rq, "tariffs", tariffsPage{List: list, Law: string(law), Can: map[string]bool{domain.TariffActSet: len(laws) > 0},
		SetLaws: options}, f)
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
