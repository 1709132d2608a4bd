package service

import (
	"context"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// ReportSick records a ziekmelding on an employment agreement: the
// employer (the budget holder or representative) or the employee reports
// from which day the employee is sick. Care declared on a sick day is
// refused by the checks. The other party is told.
func (s *Service) ReportSick(ctx context.Context, a Actor, agreementID int64, from, note string) (store.SickReport, error) {
	var r store.SickReport
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		ag, party, err := s.employmentAgreement(ctx, tx, a, agreementID)
		if err != nil {
			return err
		}
		var v domain.Validation
		day, err := domain.ParseDate(strings.TrimSpace(from))
		switch {
		case err != nil:
			v.Add("sick_from", "date_invalid")
		case day.After(s.Today().AddDays(1)):
			v.Add("sick_from", "date_in_future")
		}
		if len(note) > 500 {
			v.Add("note", "too_long", 500)
		}
		if err := v.Err(); err != nil {
			return err
		}
		r = store.SickReport{AgreementID: ag.ID, From: day, Note: strings.TrimSpace(note), ReportedBy: a.AccountID, CreatedAt: s.now(), UpdatedAt: s.now()}
		if r.ID, err = tx.AddSickReport(ctx, r); err != nil {
			return err
		}
		if err := tx.Audit(ctx, s.record(a, "sick.report", "agreement", ag.ID, nil, map[string]any{"sick_report_id": r.ID, "sick_from": day})); err != nil {
			return err
		}
		return s.notify(ctx, tx, ag, "notice.sick_reported", otherParty(party))
	})
	return r, err
}

// ReportRecovered records the first day back at work.
func (s *Service) ReportRecovered(ctx context.Context, a Actor, agreementID, reportID int64, on string) error {
	return s.db.Update(ctx, func(tx *store.Tx) error {
		ag, party, err := s.employmentAgreement(ctx, tx, a, agreementID)
		if err != nil {
			return err
		}
		reports, err := tx.SickReports(ctx, ag.ID)
		if err != nil {
			return err
		}
		var sr *store.SickReport
		for i := range reports {
			if reports[i].ID == reportID {
				sr = &reports[i]
			}
		}
		if sr == nil {
			return domain.NotFound("sick_report")
		}
		day, err := domain.ParseDate(strings.TrimSpace(on))
		switch {
		case err != nil:
			return domain.Invalid("recovered_on", "date_invalid")
		case !day.After(sr.From):
			return domain.Invalid("recovered_on", "recovered_before_sick", sr.From)
		case day.After(s.Today().AddDays(1)):
			return domain.Invalid("recovered_on", "date_in_future")
		}
		if err := tx.SetRecovered(ctx, sr.ID, day, s.now()); err != nil {
			return err
		}
		if err := tx.Audit(ctx, s.record(a, "sick.recovered", "agreement", ag.ID, map[string]any{"recovered_on": sr.Recovered},
			map[string]any{"sick_report_id": sr.ID, "recovered_on": day})); err != nil {
			return err
		}
		return s.notify(ctx, tx, ag, "notice.sick_recovered", otherParty(party))
	})
}

// SickReports lists an agreement's sick reports for its parties, the
// employer and the employee: sickness is theirs, staff who see the
// agreement do not see it (as the agreement's page shows it).
func (s *Service) SickReports(ctx context.Context, a Actor, agreementID int64) ([]store.SickReport, error) {
	var out []store.SickReport
	err := s.db.View(ctx, func(tx *store.Tx) error {
		_, party, err := s.visibleAgreement(ctx, tx, a, agreementID, false)
		if err != nil {
			return err
		}
		if party != domain.PartyHolder && party != domain.PartyProvider {
			return domain.Forbidden("not_allowed")
		}
		out, err = tx.SickReports(ctx, agreementID)
		return err
	})
	return out, err
}

// employmentAgreement loads an agreement the actor is employer or employee
// of, and refuses other kinds: sick reports are for employees.
func (s *Service) employmentAgreement(ctx context.Context, tx *store.Tx, a Actor, id int64) (domain.Agreement, domain.Party, error) {
	ag, party, err := s.visibleAgreement(ctx, tx, a, id, true)
	if err != nil {
		return ag, party, err
	}
	if party != domain.PartyHolder && party != domain.PartyProvider {
		return ag, party, domain.Forbidden("not_allowed")
	}
	vers, err := tx.AgreementVersions(ctx, ag.ID)
	if err != nil {
		return ag, party, err
	}
	if ag.InForce == 0 || vers[ag.InForce-1].Terms.Kind != domain.AgreementEmployment {
		return ag, party, domain.Conflict("sick_employment_only")
	}
	return ag, party, nil
}
