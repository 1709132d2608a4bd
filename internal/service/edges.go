package service

// edges: declarations at the edges of time and of representation (issue 23):
// the last month of an ended agreement, a notice with a recent past end
// date, a late declaration the verstrekker allows, a declaration's history,
// and the settled grant that takes no new reservation.

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// declarableAfterEnd reports whether a declaration for month (as typed,
// "2026-10") may be entered on an ended agreement: when the agreement was in
// force on some day of that month. Days after the end are refused by the
// checks (agreement_not_in_force).
func declarableAfterEnd(ag domain.Agreement, month string) bool {
	first, err := domain.ParseDate(strings.TrimSpace(month) + "-01")
	if err != nil {
		return true // the month's own field error says what is wrong
	}
	return !ag.EndProposedOn.IsZero() && !first.After(ag.EndProposedOn)
}

// EarliestNoticeEnd is the earliest end date a notice may name today: the
// first day of the previous month. A month is declared after it has ended
// (within six weeks), so the previous month is the one being declared now: a
// provider who stopped during it and reports it while declaring can still
// record the real end. Further back, its declarations have been accepted and
// paid, and correcting them is the verstrekker's review, not a notice.
func EarliestNoticeEnd(today domain.Date) domain.Date {
	return today.FirstOfMonth().AddMonths(-1)
}

// checkNoticeEnd validates the end date a notice names.
func checkNoticeEnd(end, today domain.Date) error {
	if earliest := EarliestNoticeEnd(today); end.Before(earliest) {
		return domain.Invalid("end", "end_too_far_back", earliest)
	}
	return nil
}

// afterEnd lists the declarations on an agreement, on their way or
// accepted, that have days after the agreement's end: what the verstrekker
// must look at once an end in the past is confirmed.
func afterEnd(ctx context.Context, tx *store.Tx, ag domain.Agreement) ([]int64, error) {
	if ag.EndProposedOn.IsZero() {
		return nil, nil
	}
	return tx.DeclarationsAfter(ctx, ag.ID, ag.EndProposedOn)
}

// AllowLate is the verstrekker's permission for a declaration refused as
// late (late_to_holder, late_to_funder): with a reason, audited, after which
// the checks run again (and may accept, refuse or hold it).
func (s *Service) AllowLate(ctx context.Context, a Actor, id int64, reason string) (DeclarationView, error) {
	reason = strings.TrimSpace(reason)
	return s.declarationStep(ctx, a, id, func(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, party domain.Party, ag domain.Agreement) error {
		if _, err := domain.DeclarationNext(r.State, r.Findings, domain.DeclActAllowLate, party); err != nil {
			return err // the checks run again and decide the state that follows
		}
		if reason == "" {
			return domain.Invalid("reason", "required")
		}
		if utf8.RuneCountInString(reason) > 500 {
			return domain.Invalid("reason", "too_long", 500)
		}
		r.D.LateAllowed = true
		if err := tx.Audit(ctx, s.record(a, "declaration.late_allowed", "declaration", r.ID, map[string]any{"findings": r.Findings},
			map[string]any{"late_allowed": true, "reason": reason})); err != nil {
			return err
		}
		return s.runChecks(ctx, tx, r, ag)
	})
}

// RefusedAsLate reports whether findings refuse a declaration for a deadline.
func RefusedAsLate(fs []domain.Finding) bool { return domain.RefusedAsLate(fs) }

// DeclarationEvent is one step in a declaration's history, in words: who
// (the account's name and role), for whom (the budget holder a
// representative acted for, or the provider or organisation an employee
// acted for), when, and what (an action code, a text key for it, the state
// it led to and a reason where one was given).
type DeclarationEvent struct {
	At      time.Time               `json:"at"`
	Actor   string                  `json:"actor"`
	Role    string                  `json:"role"`
	For     string                  `json:"on_behalf_of,omitempty"`
	Action  string                  `json:"action"`
	State   domain.DeclarationState `json:"state,omitempty"`
	Reason  string                  `json:"reason,omitempty"`
	TextKey string                  `json:"-"`
}

// DeclarationHistory is what happened to a declaration, oldest first, for
// its parties (the budget holder, the provider, the funder, the SVB).
func (s *Service) DeclarationHistory(ctx context.Context, a Actor, id int64) ([]DeclarationEvent, error) {
	var out []DeclarationEvent
	err := s.db.View(ctx, func(tx *store.Tx) error {
		v, err := s.declarationView(ctx, tx, a, id)
		if err != nil {
			return err
		}
		out, err = declarationHistory(ctx, tx, v)
		return err
	})
	return out, err
}

func declarationHistory(ctx context.Context, tx *store.Tx, v DeclarationView) ([]DeclarationEvent, error) {
	recs, err := tx.AuditOf(ctx, "declaration", v.ID, 200)
	if err != nil {
		return nil, err
	}
	out := make([]DeclarationEvent, 0, len(recs))
	names := map[int64]string{}
	org := ""                             // the verstrekker's name, read once
	for i := len(recs) - 1; i >= 0; i-- { // oldest first
		r := recs[i]
		e := DeclarationEvent{At: r.At, Role: r.ActorRole, Action: r.Action, TextKey: "history." + r.Action}
		if r.ActorID == 0 {
			e.Actor = "pgbportaal"
		} else if n, ok := names[r.ActorID]; ok {
			e.Actor = n
		} else if acc, err := tx.Account(ctx, r.ActorID); err == nil {
			e.Actor, names[r.ActorID] = acc.Name, acc.Name
		}
		switch domain.Role(r.ActorRole) {
		case domain.RoleRepresentative:
			if r.ActingFor != 0 {
				if bh, err := tx.BudgetHolder(ctx, r.ActingFor); err == nil {
					e.For = bh.Name()
				}
			}
		case domain.RoleProvider:
			if v.Provider.Name != "" && v.Provider.Name != e.Actor {
				e.For = v.Provider.Name
			}
		case domain.RoleVerstrekker:
			if org == "" {
				if g, err := tx.Grant(ctx, v.GrantID); err == nil {
					if o, err := tx.Organisation(ctx, g.VerstrekkerID); err == nil {
						org = o.Name
					}
				}
			}
			e.For = org
		}
		var before, after struct {
			State  domain.DeclarationState `json:"state"`
			Reason string                  `json:"reason"`
		}
		if r.Before != "" {
			_ = json.Unmarshal([]byte(r.Before), &before)
		}
		if r.After != "" {
			_ = json.Unmarshal([]byte(r.After), &after)
		}
		e.State, e.Reason = after.State, after.Reason
		if before.State == domain.DeclAtHolder && (after.State == domain.DeclAccepted || after.State == domain.DeclRefused || after.State == domain.DeclHeld) {
			e.TextKey = "history.declaration.approved" // the budget holder's approval, and the outcome of the checks
		}
		out = append(out, e)
	}
	return out, nil
}

// stepAfter is the after-image of a declaration's step in its audit record:
// its state, findings and total, and the reason given, if any.
func stepAfter(r store.DeclarationRow) map[string]any {
	after := map[string]any{"state": r.State, "findings": r.Findings, "total_cents": r.D.Total()}
	if r.Reason != "" {
		after["reason"] = r.Reason
	}
	return after
}

// refuseIfSettled refuses a reservation on a grant whose settlement is made
// (a held declaration released after it): the settlement named what was
// still open.
func refuseIfSettled(ctx context.Context, tx *store.Tx, grantID int64) error {
	_, found, err := tx.SettlementOfGrant(ctx, grantID)
	if err != nil {
		return err
	}
	if found {
		return domain.Conflict("grant_settled")
	}
	return nil
}

// belowCommitted is the refusal of a revision that lowers a grant below what
// is paid and reserved: it names that committed amount and the lowest yearly
// amount from the revision's date that is still allowed. g has the refused
// revision last; oldTotal is the grant's total before it.
func (s *Service) belowCommitted(ctx context.Context, tx *store.Tx, g domain.Grant, from domain.Date, oldTotal domain.Cents) error {
	b, err := tx.Balance(ctx, g.ID)
	if err != nil {
		return err
	}
	committed := b.Paid + b.Reserved
	// The balance's granted amount may differ from the revisions' total (a
	// settlement's return): the new total must make up for that too.
	need := committed - b.Granted + oldTotal
	lowest := domain.LowestYearly(g.Period, g.Revisions[:len(g.Revisions)-1], from, need)
	return domain.Invalid("lines", "grant_below_used", committed, lowest)
}

// checkReceivedAfterPeriod: a paper declaration cannot have arrived before
// its month ended (the care was not all given yet); today is checked apart.
func checkReceivedAfterPeriod(v *domain.Validation, month string, received domain.Date) {
	first, err := domain.ParseDate(strings.TrimSpace(month) + "-01")
	if err != nil {
		return // the month's own field error
	}
	if end := first.AddMonths(1).AddDays(-1); !received.After(end) {
		v.Add("received", "received_before_period_end", end)
	}
}

// ReceivedDecides reports whether a paper declaration met the deadline to
// the budget holder only by the date it was received, not by the day it was
// registered: then that date decided, and the verstrekker must see it.
func ReceivedDecides(r store.DeclarationRow) bool {
	if r.Source != "papier" || r.D.SentToHolder.IsZero() {
		return false
	}
	deadline := r.D.Period.End.AddDays(7 * domain.WeeksToHolder)
	registered := domain.DateOf(r.CreatedAt.In(domain.Amsterdam))
	return !r.D.SentToHolder.After(deadline) && registered.After(deadline)
}

// recordReceivedDecides writes an audit record when the received date of a
// paper declaration decided that a deadline was met.
func (s *Service) recordReceivedDecides(ctx context.Context, tx *store.Tx, a Actor, r store.DeclarationRow) error {
	if !ReceivedDecides(r) {
		return nil
	}
	return tx.Audit(ctx, s.record(a, "declaration.received_decides", "declaration", r.ID, nil,
		map[string]any{"received": r.D.SentToHolder, "registered": domain.DateOf(r.CreatedAt.In(domain.Amsterdam)),
			"deadline": r.D.Period.End.AddDays(7 * domain.WeeksToHolder)}))
}
