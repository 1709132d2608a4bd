// Mandates (machtigingen): a budget holder authorises someone with an
// account to act for them, and revokes it; as on the page "Mijn gegevens".

package api

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"strconv"
)

func (a *API) registerMandates() {
	a.handle("GET /api/v1/mandates", a.listMandates)
	a.handle("POST /api/v1/mandates", a.grantMandate)
	a.handle("POST /api/v1/mandates/{id}/revoke", a.revokeMandate)
}

// mandateFields: the service names its fields as the page's form does.
var mandateFields = map[string]string{"mandate_email": "email", "mandate_until": "valid_to"}

// ownHolder is the budget holder a holder or representative acts for; other
// roles have no "own details" (the page answers them 404).
func ownHolder(actor service.Actor) (int64, error) {
	if !actor.Is(domain.RoleBudgetHolder) && !actor.Is(domain.RoleRepresentative) {
		return 0, domain.Forbidden("not_allowed")
	}
	return actor.Role.BudgetHolderID, nil
}

// listMandates lists everyone who may act for the caller's budget holder
// (mandates and legal representation), with what the caller may do.
func (a *API) listMandates(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	bh, err := ownHolder(actor)
	if err != nil {
		return err
	}
	reps, err := a.svc.Representatives(r.Context(), actor, bh)
	if err != nil {
		return err
	}
	out := []representativeJSON{}
	for _, rep := range reps {
		out = append(out, toRepresentative(rep))
	}
	return replyPage(w, r, p, out, nil)
}

func toRepresentative(rep service.RepresentativeView) representativeJSON {
	out := representativeJSON{ID: rep.ID, Name: rep.Name, Kind: string(rep.Kind), ValidFrom: rep.ValidFrom, ValidTo: rep.ValidTo, Active: rep.Active,
		Actions: append([]domain.MandateAction{}, rep.Actions...)}
	if rep.Proof != nil {
		proof := attachmentAt(*rep.Proof, "/api/v1/budget-holders/"+strconv.FormatInt(rep.BudgetHolderID, 10)+"/representatives/"+strconv.FormatInt(rep.ID, 10)+"/proof")
		out.Proof = &proof
	}
	return out
}

// representativeOf reads one representation of bh back as the caller sees it.
func (a *API) representativeOf(r *http.Request, actor service.Actor, bh, id int64) (representativeJSON, error) {
	reps, err := a.svc.Representatives(r.Context(), actor, bh)
	if err != nil {
		return representativeJSON{}, err
	}
	for _, v := range reps {
		if v.ID == id {
			return toRepresentative(v), nil
		}
	}
	return representativeJSON{}, domain.NotFound("representation")
}

func (a *API) grantMandate(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in struct {
		Email   string `json:"email"`
		ValidTo string `json:"valid_to"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	rep, err := a.svc.GrantMandate(r.Context(), actor, in.Email, in.ValidTo)
	if err != nil {
		return renameFields(err, mandateFields)
	}
	out, err := a.representativeOf(r, actor, rep.BudgetHolderID, rep.ID)
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, out)
}

func (a *API) revokeMandate(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.svc.RevokeMandate(r.Context(), actor, id); err != nil {
		return err
	}
	out, err := a.representativeOf(r, actor, actor.Role.BudgetHolderID, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, out)
}
