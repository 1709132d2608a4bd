// Sick reports (ziekmeldingen) on an employment agreement: the employer
// (budget holder or representative) or the employee reports sickness and
// recovery; as on the agreement's page.

package api

import (
	"net/http"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerSickReports() {
	a.handle("GET /api/v1/agreements/{id}/sick-reports", listByID(a.svc.SickReports, toSickReport))
	a.handle("POST /api/v1/agreements/{id}/sick-reports", a.reportSick)
	a.handle("POST /api/v1/agreements/{id}/sick-reports/{reportId}/recovery", a.reportRecovered)
}

type sickReportJSON struct {
	ID          int64       `json:"id"`
	AgreementID int64       `json:"agreement_id"`
	SickFrom    domain.Date `json:"sick_from"`
	RecoveredOn domain.Date `json:"recovered_on,omitzero"`
	Note        string      `json:"note"`
	CreatedAt   time.Time   `json:"created_at"`
}

func toSickReport(s store.SickReport) sickReportJSON {
	return sickReportJSON{ID: s.ID, AgreementID: s.AgreementID, SickFrom: s.From, RecoveredOn: s.Recovered, Note: s.Note, CreatedAt: s.CreatedAt.UTC()}
}

func (a *API) reportSick(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		SickFrom string `json:"sick_from"`
		Note     string `json:"note"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sr, err := a.svc.ReportSick(r.Context(), actor, id, in.SickFrom, in.Note)
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, toSickReport(sr))
}

func (a *API) reportRecovered(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	rid, err := httpkit.PathID(r, "reportId")
	if err != nil {
		return err
	}
	var in struct {
		RecoveredOn string `json:"recovered_on"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := a.svc.ReportRecovered(r.Context(), actor, id, rid, in.RecoveredOn); err != nil {
		return err
	}
	list, err := a.svc.SickReports(r.Context(), actor, id)
	if err != nil {
		return err
	}
	for _, s := range list {
		if s.ID == rid {
			return reply(w, http.StatusOK, toSickReport(s))
		}
	}
	return domain.NotFound("sick_report")
}
