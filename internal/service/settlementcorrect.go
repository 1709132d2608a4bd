package service

// edges: a change to a settlement after it was made is a corrected
// settlement (issue 23). The grant takes no new reservation once its
// settlement is made, so a declaration named on it as open that arrives
// later, or a late declaration the verstrekker allows, is refused with
// grant_settled. The verstrekker then corrects the settlement: those
// declarations are admitted, and the settlement becomes a new version, the
// earlier one kept for both parties to see.

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// settledReviewed marks a grant_settled refusal of a declaration that was
// accepted without the checks (released by the verstrekker after a hold, a
// monthly wage): a correction admits it as it is instead of checking it
// again, which would hold it once more.
const settledReviewed = "reviewed"

// CorrectSettlement is the verstrekker's corrected settlement, with a
// reason. In one transaction, audited:
//   - each declaration refused because the settlement was made is admitted:
//     checked again as if the grant were not settled (accepted, refused for
//     another reason, or held), or, when it was accepted without the checks,
//     accepted as it is;
//   - what the admitted ones reserve is added to the settlement's reserved
//     amount and the settlement is computed again as a new version; the
//     earlier version is kept;
//   - a settlement already approved stays approved and the difference is
//     booked at once (the admitted amount comes back to the grant from what
//     it returned); one not yet approved goes back to the budget holder to
//     answer anew;
//   - the budget holder is told.
//
// When no declaration is admitted, nothing but their findings changes and
// the settlement keeps its version.
func (s *Service) CorrectSettlement(ctx context.Context, a Actor, id int64, reason string) (SettlementView, error) {
	var v SettlementView
	reason = strings.TrimSpace(reason)
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		cur, err := s.settlementView(ctx, tx, a, id, true)
		if err != nil {
			return err
		}
		if cur.Party != domain.PartyVerstrekker {
			return domain.Forbidden("not_allowed")
		}
		switch {
		case reason == "":
			return domain.Invalid("reason", "required")
		case utf8.RuneCountInString(reason) > 500:
			return domain.Invalid("reason", "too_long", 500)
		case len(cur.Arrived) == 0:
			return domain.Conflict("settlement_nothing_to_correct")
		}
		approved := cur.State == domain.SettlementApproved
		ref := store.Ref{Type: "settlement", ID: id}
		var admitted domain.Cents
		var ids []int64
		for _, o := range cur.Arrived {
			err := s.stepTx(ctx, tx, a, o.DeclarationID, func(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, party domain.Party, ag domain.Agreement) error {
				total := r.D.Total()
				if approved { // the room it needs comes back from what the grant returned
					if err := s.postGranted(ctx, tx, r.GrantID, total, ref); err != nil {
						return err
					}
				}
				reviewed := len(r.Findings) == 1 && r.Findings[0].Field == settledReviewed
				var err error
				if reviewed {
					err = s.acceptOn(ctx, tx, r, ag, nil, true)
				} else {
					err = s.runChecksOn(ctx, tx, r, ag, true, 0)
				}
				if err != nil {
					return err
				}
				if r.State == domain.DeclAccepted {
					admitted += total
					ids = append(ids, r.ID)
					return nil
				}
				if approved {
					return s.postGranted(ctx, tx, r.GrantID, -total, ref)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		if admitted > 0 {
			if err := s.correctFigures(ctx, tx, a, cur.SettlementRow, admitted, ids, reason); err != nil {
				return err
			}
		}
		v, err = s.settlementView(ctx, tx, a, id, false)
		return err
	})
	return v, err
}

// correctFigures makes the new version of a settlement with admitted more
// reserved, books the difference of an approved one, audits it and tells
// the budget holder.
func (s *Service) correctFigures(ctx context.Context, tx *store.Tx, a Actor, cur store.SettlementRow, admitted domain.Cents, ids []int64, reason string) error {
	old := cur.S
	next := domain.Settle(old.Granted, old.Paid, old.Reserved+admitted, old.FreeUsed, old.FreeAllowed)
	to := domain.SettlementOpen
	if cur.State == domain.SettlementApproved {
		to = domain.SettlementApproved
		// The admitted amount came back to the grant above. A free amount
		// to pay back that changes is booked as the approval booked it.
		ref := store.Ref{Type: "settlement", ID: cur.ID}
		switch d := next.FreeToReturn - old.FreeToReturn; {
		case d > 0:
			p, err := ledger.New(ledger.Returned, d)
			if err != nil {
				return err
			}
			if err := tx.Post(ctx, cur.GrantID, p, s.Today(), ref, s.now()); err != nil {
				return err
			}
			if err := s.postGranted(ctx, tx, cur.GrantID, -d, ref); err != nil {
				return err
			}
		case d < 0: // less of the free amount goes back: it stays on the grant
			if err := s.postGranted(ctx, tx, cur.GrantID, -d, ref); err != nil {
				return err
			}
		}
	}
	if err := tx.CorrectSettlement(ctx, cur, next, to, reason, a.AccountID, s.now()); err != nil {
		return err
	}
	if err := tx.AddNotices(ctx, []store.Notice{{Target: store.Target{Kind: "budget_holder", ID: cur.BudgetHolderID}, TextKey: "notice.settlement_corrected",
		Args: []string{}, CreatedAt: s.now(), Object: store.Ref{Type: "settlement", ID: cur.ID}}}); err != nil {
		return err
	}
	return tx.Audit(ctx, s.record(a, "settlement.corrected", "settlement", cur.ID,
		map[string]any{"version": cur.Version, "state": cur.State, "settlement": old},
		map[string]any{"version": cur.Version + 1, "state": to, "settlement": next, "reason": reason, "declarations": ids, "admitted_cents": admitted}))
}

// postGranted moves amount from the verstrekker to the grant (back when
// negative), booked today on the settlement.
func (s *Service) postGranted(ctx context.Context, tx *store.Tx, grantID int64, amount domain.Cents, ref store.Ref) error {
	if amount == 0 {
		return nil
	}
	p, err := ledger.New(ledger.Granted, amount)
	if err != nil {
		return err
	}
	return tx.Post(ctx, grantID, p, s.Today(), ref, s.now())
}

// CanCorrect reports whether the verstrekker can correct the settlement
// now: declarations were refused because it was made.
func (v SettlementView) CanCorrect() bool {
	return v.Party == domain.PartyVerstrekker && len(v.Arrived) > 0
}
