package api

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerAgreements() {
	a.handle("GET /api/v1/agreements", a.listAgreements)
	a.handle("POST /api/v1/agreements", a.createAgreement)
	a.handle("GET /api/v1/agreements/{id}", a.getAgreement)
	a.handle("PUT /api/v1/agreements/{id}", a.updateAgreement)
	a.handle("POST /api/v1/agreements/{id}/{action}", a.actOnAgreement)
	a.handle("GET /api/v1/tariffs", a.listTariffs)
	a.handle("GET /api/v1/agreements/{id}/messages", listByID(a.svc.Messages, same[store.Message]))
	a.handle("POST /api/v1/agreements/{id}/messages", postMessage(a.svc.PostMessage))
	a.handle("GET /api/v1/inbox", a.getInbox)
}

func (a *API) getInbox(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	list, unread, err := a.svc.Inbox(r.Context(), actor)
	if err != nil {
		return err
	}
	lang := i18n.FromRequest(r)
	type item struct {
		store.Notice
		Text string `json:"text"`
	}
	out := []item{}
	for _, n := range list {
		args := make([]any, len(n.Args))
		for i, v := range n.Args {
			args[i] = v
		}
		out = append(out, item{n, i18n.T(lang, n.TextKey, args...)})
	}
	return replyPage(w, r, p, out, map[string]any{"unread": unread})
}

type careLineJSON struct {
	CareType           string       `json:"care_type"`
	Unit               domain.Unit  `json:"unit"`
	RateCents          domain.Cents `json:"rate_cents"`
	MaxUnitsHundredths int64        `json:"max_units_hundredths"` // 7.5 hours = 750
	Per                domain.Per   `json:"per"`
}

type termsJSON struct {
	Kind                   domain.AgreementKind `json:"kind"`
	Start                  domain.Date          `json:"start,omitzero"`
	End                    domain.Date          `json:"end,omitzero"`
	Lines                  []careLineJSON       `json:"lines"`
	TravelPerKmCents       domain.Cents         `json:"travel_per_km_cents"`
	DaysPerWeek            int                  `json:"days_per_week,omitempty"`
	HoursPerWeekHundredths int64                `json:"hours_per_week_hundredths,omitempty"`
	Payroll                bool                 `json:"payroll"`
	CareDescription        string               `json:"care_description,omitempty"`
}

func toTerms(t domain.AgreementTerms) termsJSON {
	out := termsJSON{Kind: t.Kind, Start: t.Start, End: t.End, TravelPerKmCents: t.TravelPerKm, DaysPerWeek: t.DaysPerWeek,
		HoursPerWeekHundredths: t.HoursPerWeek, Payroll: t.Payroll, CareDescription: t.CareDescription, Lines: []careLineJSON{}}
	for _, l := range t.Lines {
		out.Lines = append(out.Lines, careLineJSON{l.CareType, l.Unit, l.Rate, l.MaxUnits, l.Per})
	}
	return out
}

type signatureJSON struct {
	Party     domain.Party `json:"party"`
	AccountID int64        `json:"account_id"`
	TermsHash string       `json:"terms_hash"`
	SignedAt  string       `json:"signed_at"`
}

type versionJSON struct {
	Number          int                   `json:"number"`
	State           domain.AgreementState `json:"state"`
	RowVersion      int                   `json:"row_version"`
	Terms           termsJSON             `json:"terms"`
	TermsHash       string                `json:"terms_hash"`
	EffectiveFrom   domain.Date           `json:"effective_from,omitzero"`
	RejectionReason string                `json:"rejection_reason,omitempty"`
	Signatures      []signatureJSON       `json:"signatures"`
}

type agreementJSON struct {
	ID             int64                    `json:"id"`
	BudgetHolderID int64                    `json:"budget_holder_id"`
	Provider       providerJSON             `json:"provider"`
	GrantID        int64                    `json:"grant_id"`
	State          domain.AgreementState    `json:"state"` // of the working (latest) version
	InForce        int                      `json:"in_force_version"`
	Ended          bool                     `json:"ended"`
	EndProposedOn  domain.Date              `json:"end_proposed_on,omitzero"`
	Source         string                   `json:"source"`
	Party          domain.Party             `json:"your_party"`
	Actions        []domain.AgreementAction `json:"your_actions"`
	Versions       []versionJSON            `json:"versions"`
	AfterEnd       []int64                  `json:"declarations_after_end,omitempty"` // edges: staff, once ended
	Scans          []attachmentJSON         `json:"scans"`                            // a paper agreement's scan: GET /agreements/{id}/scans/{scanId}
}

func toAgreement(v service.AgreementView) agreementJSON {
	out := agreementJSON{ID: v.ID, BudgetHolderID: v.BudgetHolderID, Provider: toProvider(v.Provider), GrantID: v.GrantID, State: v.Working().State,
		InForce: v.InForce, Ended: v.Ended, EndProposedOn: v.EndProposedOn, Source: v.Source, Party: v.Party, Actions: v.Actions,
		AfterEnd: v.DeclarationsAfterEnd, Scans: scansJSON(v.ID, v.Scans)}
	if out.Actions == nil {
		out.Actions = []domain.AgreementAction{}
	}
	for _, ver := range v.Versions {
		vj := versionJSON{Number: ver.Number, State: ver.State, RowVersion: ver.RowVersion, Terms: toTerms(ver.Terms), TermsHash: ver.TermsHash,
			EffectiveFrom: ver.EffectiveFrom, RejectionReason: ver.RejectionReason, Signatures: []signatureJSON{}}
		for _, s := range ver.Signatures {
			vj.Signatures = append(vj.Signatures, signatureJSON{s.Party, s.AccountID, s.TermsHash, s.SignedAt.UTC().Format("2006-01-02T15:04:05Z")})
		}
		out.Versions = append(out.Versions, vj)
	}
	return out
}

// agreementInputJSON is what a client sends to create or edit.
type agreementInputJSON struct {
	BSN                    string         `json:"bsn"`        // provider: the budget holder's BSN
	BirthDate              string         `json:"birth_date"` // provider: and birth date
	Law                    string         `json:"law"`        // provider: and the law of the grant
	GrantID                int64          `json:"grant_id"`
	ProviderID             int64          `json:"provider_id"`
	RowVersion             int            `json:"row_version"` // edit: the version's row_version as read
	Kind                   string         `json:"kind"`
	KvK                    string         `json:"kvk"`
	AGB                    string         `json:"agb"`
	Start                  string         `json:"start"`
	End                    string         `json:"end"`
	Lines                  []careLineJSON `json:"lines"`
	TravelPerKmCents       *domain.Cents  `json:"travel_per_km_cents"`
	DaysPerWeek            int            `json:"days_per_week"`
	HoursPerWeekHundredths int64          `json:"hours_per_week_hundredths"`
	Payroll                bool           `json:"payroll"`
	CareDescription        string         `json:"care_description"`
}

func (in agreementInputJSON) service() service.AgreementInput {
	out := service.AgreementInput{BSN: in.BSN, BirthDate: in.BirthDate, Law: in.Law, GrantID: in.GrantID, ProviderID: in.ProviderID, Kind: in.Kind, KvK: in.KvK, AGB: in.AGB, Start: in.Start, End: in.End,
		TravelPerKm: centsString(in.TravelPerKmCents), Payroll: in.Payroll, CareDescription: in.CareDescription}
	if in.DaysPerWeek != 0 {
		out.DaysPerWeek = strconv.Itoa(in.DaysPerWeek)
	}
	if in.HoursPerWeekHundredths != 0 {
		h := domain.Cents(in.HoursPerWeekHundredths)
		out.HoursPerWeek = h.Plain("en")
	}
	for _, l := range in.Lines {
		rate, units := l.RateCents, domain.Cents(l.MaxUnitsHundredths)
		out.Lines = append(out.Lines, service.CareLineInput{CareType: l.CareType, Unit: string(l.Unit), Rate: rate.Plain("en"), MaxUnits: units.Plain("en"), Per: string(l.Per)})
	}
	return out
}

func (a *API) listAgreements(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	list, more, err := a.svc.AgreementsPage(r.Context(), actor, p.size, p.offset())
	if err != nil {
		return err
	}
	out := []agreementJSON{}
	for _, v := range list {
		out = append(out, toAgreement(v))
	}
	return replyItems(w, r, p, out, more, nil)
}

func (a *API) createAgreement(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in agreementInputJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := a.svc.CreateAgreement(r.Context(), actor, in.service())
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/agreements/"+strconv.FormatInt(v.ID, 10))
	return reply(w, http.StatusCreated, toAgreement(v))
}

func (a *API) getAgreement(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.svc.Agreement(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toAgreement(v))
}

func (a *API) updateAgreement(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in agreementInputJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := a.svc.UpdateAgreement(r.Context(), actor, id, in.RowVersion, in.service())
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toAgreement(v))
}

func (a *API) actOnAgreement(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	// The path names the action as your_actions does (propose_end), or in
	// the kebab-case of the document's first version (propose-end): both
	// from the one list in the domain. Edit is PUT /agreements/{id}.
	action, ok := domain.ParseAgreementAction(r.PathValue("action"))
	if !ok || action == domain.ActEdit {
		return unknownAction()
	}
	var in struct {
		RowVersion int    `json:"row_version"`
		Secret     string `json:"secret"` // sign: password or TOTP code
		Reason     string `json:"reason"` // reject
		Date       string `json:"date"`   // change: effective from; propose-end: end date
	}
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	v, err := a.svc.Act(r.Context(), actor, id, service.ActInput{Action: action, RowVersion: in.RowVersion, Secret: in.Secret, Reason: in.Reason, Date: in.Date})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toAgreement(v))
}

func (a *API) listTariffs(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	list, err := a.svc.Tariffs(r.Context(), actor, domain.Law(r.URL.Query().Get("law")))
	if err != nil {
		return err
	}
	if list == nil {
		list = []domain.Tariff{}
	}
	// What the caller may do: set rates for the laws the tariff edit table
	// gives them (as the tariff page's form offers).
	laws, err := a.svc.TariffLaws(r.Context(), actor)
	if err != nil {
		return err
	}
	actions := []string{}
	if len(laws) > 0 {
		actions = append(actions, domain.TariffActSet)
	} else {
		laws = []domain.Law{}
	}
	return replyPage(w, r, p, list, map[string]any{"your_actions": actions, "your_laws": laws})
}
