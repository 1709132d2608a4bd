// Tariff edits: a beheerder sets national maximum rates, a gemeente's staff
// its own for Wmo and Jeugdwet; as on the page /tarieven. The table is read
// with GET /tariffs.

package api

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (a *API) registerTariffs() {
	a.handle("POST /api/v1/tariffs", a.putTariff)
}

// putTariff sets the maximum rate of a year, law, care type and provider
// kind (a new one, or in place of the rate set before).
func (a *API) putTariff(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in struct {
		Year         int           `json:"year"`
		Law          string        `json:"law"`
		CareType     string        `json:"care_type"`
		ProviderKind string        `json:"provider_kind"`
		MaxRateCents *domain.Cents `json:"max_rate_cents"`
		Source       string        `json:"source"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	year := ""
	if in.Year != 0 {
		year = strconv.Itoa(in.Year)
	}
	t, err := a.svc.PutTariff(r.Context(), actor, service.TariffInput{Year: year, Law: in.Law, CareType: in.CareType,
		ProviderKind: in.ProviderKind, MaxRate: centsString(in.MaxRateCents), Source: in.Source})
	if err != nil {
		return renameFields(err, map[string]string{"max_rate": "max_rate_cents"})
	}
	return reply(w, http.StatusOK, t)
}
