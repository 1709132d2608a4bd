package api

// The documents of a year as data: the budget holder's year overview
// (jaaroverzicht) and the provider's statement of payments (jaaropgave),
// the same service views the pages and their PDFs show; and the
// beheerder's outbox of e-mail.

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerYearly() {
	a.handle("GET /api/v1/year-overviews/{year}", a.getYearOverview)
	a.handle("GET /api/v1/payments/year-statements/{year}", a.getYearStatement)
	a.handle("GET /api/v1/outbox", a.getOutbox)
}

// pathYear reads the path's year: a whole number, or a 400 naming it.
func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 1 || y > 9999 {
		return 0, &requestError{status: http.StatusBadRequest, code: "bad_parameter", field: "year", args: []any{2000, 9999}}
	}
	return y, nil
}

// getYearOverview: the budget holder's (or their representative's) budget
// of the year per grant, as GET /jaaroverzicht/{year} (HolderYearOverview).
func (a *API) getYearOverview(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	ov, err := a.svc.HolderYearOverview(r.Context(), actor, year)
	if err != nil {
		return err
	}
	if ov.Grants == nil {
		ov.Grants = []service.YearGrant{}
	}
	return reply(w, http.StatusOK, ov)
}

// getYearStatement: what the provider was paid in the year, per budget
// holder and month, as GET /betalingen/jaaropgave/{year} (ProviderYearStatement).
func (a *API) getYearStatement(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	st, err := a.svc.ProviderYearStatement(r.Context(), actor, year)
	if err != nil {
		return err
	}
	if st.Lines == nil {
		st.Lines = []service.YearPayment{}
	}
	return reply(w, http.StatusOK, st)
}

// getOutbox: the beheerder's view of the e-mail the portal sent or is
// sending, with the links in them masked (Outbox, as the page).
func (a *API) getOutbox(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	mails, err := a.svc.Outbox(r.Context(), actor)
	if err != nil {
		return err
	}
	if mails == nil {
		mails = []store.Mail{}
	}
	return replyPage(w, r, p, mails, nil)
}
