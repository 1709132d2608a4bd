package service

import (
	"context"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// SettlementView is a settlement with its grant and budget holder.
type SettlementView struct {
	store.SettlementRow
	Grant  domain.Grant        `json:"grant"`
	Holder domain.BudgetHolder `json:"-"`
	Party  domain.Party        `json:"party"`
	// edges: the grant's declarations that were still open when the
	// settlement was made; the grant takes no new reservation after it.
	Open []store.OpenDeclaration `json:"open_declarations"`
	// What the actor's party may do with it now (the lifecycle table).
	Actions []domain.SettlementAction `json:"your_actions"`
	// Arrived are the declarations refused after it because it was made
	// (an open one that arrived, a late one allowed): a corrected
	// settlement admits them. Versions are the earlier versions of a
	// corrected settlement, oldest first.
	Arrived  []store.OpenDeclaration   `json:"refused_as_settled"`
	Versions []store.SettlementVersion `json:"earlier_versions"`
}

// MakeSettlements makes the yearly settlement of every grant of the
// actor's verstrekker whose period ended on or before until, in one
// transaction with one audit record: granted, paid, the free amount used
// and what goes back. Grants already settled are left alone.
func (s *Service) MakeSettlements(ctx context.Context, a Actor, until string) (int, domain.Cents, error) {
	if !a.Is(domain.RoleVerstrekker) || requireStaffMFA(a) != nil {
		return 0, 0, domain.Forbidden("verstrekker_only")
	}
	return s.makeSettlements(ctx, a, a.Role.OrganisationID, until)
}

// MakeSettlementsFor is MakeSettlements for the command line (pgb settle),
// for one verstrekker.
func (s *Service) MakeSettlementsFor(ctx context.Context, a Actor, orgID int64, until string) (int, domain.Cents, error) {
	if !a.isSystem() {
		return 0, 0, domain.Forbidden("not_allowed")
	}
	return s.makeSettlements(ctx, a, orgID, until)
}

func (s *Service) makeSettlements(ctx context.Context, a Actor, orgID int64, until string) (int, domain.Cents, error) {
	day, err := domain.ParseDate(strings.TrimSpace(until))
	switch {
	case err != nil:
		return 0, 0, domain.Invalid("until", "date_invalid")
	case day.After(s.Today()):
		return 0, 0, domain.Invalid("until", "date_in_future")
	}
	var n int
	var total domain.Cents
	at := s.now() // the settlements made now, and their notices
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		n, total = 0, 0
		err := tx.SettlementCandidates(ctx, orgID, day, func(c store.SettlementCandidate) error {
			st := domain.Settle(c.Granted, c.Paid, c.Reserved, c.FreeUsed, domain.GrantFreeAmount(c.Grant))
			n++
			total += st.ToReturn
			if _, err := tx.NameOpenDeclarations(ctx, c.Grant.ID); err != nil { // edges
				return err
			}
			return tx.AddSettlement(ctx, store.SettlementRow{GrantID: c.Grant.ID, BudgetHolderID: c.Grant.BudgetHolderID, VerstrekkerID: orgID,
				S: st, State: domain.SettlementOpen, CreatedAt: at}, a.AccountID)
		})
		if err != nil {
			return err
		}
		if n == 0 {
			return domain.Invalid("until", "settlement_nothing", day)
		}
		if err := tx.NoticeSettlementsOpened(ctx, orgID, at); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "settlement.make", "organisation", orgID, nil,
			map[string]any{"until": day, "settlements": n, "to_return_cents": total}))
	})
	return n, total, err
}

// Settlement returns a settlement to the budget holder (or representative)
// and the verstrekker.
func (s *Service) Settlement(ctx context.Context, a Actor, id int64) (SettlementView, error) {
	var v SettlementView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		v, err = s.settlementView(ctx, tx, a, id, false)
		return err
	})
	return v, err
}

// SettlementOfGrant returns the grant's settlement, if made (nil if not).
func (s *Service) SettlementOfGrant(ctx context.Context, a Actor, grantID int64) (*SettlementView, error) {
	var out *SettlementView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		r, found, err := tx.SettlementOfGrant(ctx, grantID)
		if err != nil || !found {
			return err
		}
		v, err := s.settlementView(ctx, tx, a, r.ID, false)
		if err != nil {
			return err
		}
		out = &v
		return nil
	})
	return out, err
}

func (s *Service) settlementView(ctx context.Context, tx *store.Tx, a Actor, id int64, lock bool) (SettlementView, error) {
	r, err := tx.Settlement(ctx, id, lock)
	if err != nil {
		return SettlementView{}, err
	}
	v := SettlementView{SettlementRow: r}
	switch {
	case a.Is(domain.RoleVerstrekker) && requireStaffMFA(a) == nil && a.Role.OrganisationID == r.VerstrekkerID:
		v.Party = domain.PartyVerstrekker
	case (a.Is(domain.RoleBudgetHolder) || a.Is(domain.RoleRepresentative)) && s.visibleBudgetHolder(ctx, tx, a, r.BudgetHolderID) == nil:
		v.Party = domain.PartyHolder
	default:
		return v, domain.NotFound("settlement")
	}
	v.Actions = domain.SettlementActions(r.State, v.Party)
	if v.Grant, err = tx.Grant(ctx, r.GrantID); err != nil {
		return v, err
	}
	if v.Open, err = tx.OpenDeclarations(ctx, r.GrantID); err != nil {
		return v, err
	}
	if v.Arrived, err = tx.SettledRefused(ctx, r.GrantID); err != nil {
		return v, err
	}
	if v.Versions, err = tx.SettlementVersions(ctx, r.ID); err != nil {
		return v, err
	}
	v.Holder, err = tx.BudgetHolder(ctx, r.BudgetHolderID)
	return v, err
}

// AnswerSettlement: the budget holder agrees, or objects with a reason.
func (s *Service) AnswerSettlement(ctx context.Context, a Actor, id int64, agree bool, reason string) (SettlementView, error) {
	var v SettlementView
	reason = strings.TrimSpace(reason)
	if !agree && reason == "" {
		return v, domain.Invalid("reason", "required")
	}
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		cur, err := s.settlementView(ctx, tx, a, id, true)
		if err != nil {
			return err
		}
		action := domain.SettleActAgree
		if !agree {
			action = domain.SettleActObject
		}
		to, err := domain.SettlementNext(cur.State, action, cur.Party)
		if err != nil {
			return err
		}
		if err := tx.SetSettlementState(ctx, id, domain.SettlementFrom(action), to, reason, s.now()); err != nil {
			return err
		}
		if err := tx.Audit(ctx, s.record(a, "settlement."+string(to), "settlement", id, map[string]any{"state": cur.State},
			map[string]any{"state": to, "reason": reason})); err != nil {
			return err
		}
		v, err = s.settlementView(ctx, tx, a, id, false)
		return err
	})
	return v, err
}

// ApproveSettlement: the verstrekker approves (after the budget holder
// agreed or objected). The free amount to pay back returns from paid, and
// all that goes back leaves the grant: booked once; a second approval is a
// conflict.
func (s *Service) ApproveSettlement(ctx context.Context, a Actor, id int64) (SettlementView, error) {
	var v SettlementView
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		cur, err := s.settlementView(ctx, tx, a, id, true)
		if err != nil {
			return err
		}
		to, err := domain.SettlementNext(cur.State, domain.SettleActApprove, cur.Party)
		if err != nil {
			return err
		}
		if err := tx.SetSettlementState(ctx, id, domain.SettlementFrom(domain.SettleActApprove), to, cur.Reason, s.now()); err != nil {
			return err
		}
		ref := store.Ref{Type: "settlement", ID: id}
		if cur.S.FreeToReturn > 0 {
			p, err := ledger.New(ledger.Returned, cur.S.FreeToReturn)
			if err != nil {
				return err
			}
			if err := tx.Post(ctx, cur.GrantID, p, s.Today(), ref, s.now()); err != nil {
				return err
			}
		}
		if cur.S.ToReturn > 0 {
			p, err := ledger.New(ledger.Granted, -cur.S.ToReturn)
			if err != nil {
				return err
			}
			if err := tx.Post(ctx, cur.GrantID, p, s.Today(), ref, s.now()); err != nil {
				return err
			}
		}
		if err := tx.Audit(ctx, s.record(a, "settlement.vastgesteld", "settlement", id, map[string]any{"state": cur.State},
			map[string]any{"state": to, "to_return_cents": cur.S.ToReturn})); err != nil {
			return err
		}
		v, err = s.settlementView(ctx, tx, a, id, false)
		return err
	})
	return v, err
}

// EachSettlement streams the verstrekker's settlements (for the CSV).
func (s *Service) EachSettlement(ctx context.Context, a Actor, fn func(store.SettlementRow) error) error {
	if !a.Is(domain.RoleVerstrekker) || requireStaffMFA(a) != nil {
		return domain.Forbidden("verstrekker_only")
	}
	return s.db.EachSettlement(ctx, a.Role.OrganisationID, fn)
}
