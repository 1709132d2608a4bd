package service

import (
	"context"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// Events returns up to limit events of the change feed after the cursor
// after (an event id; 0 from the start), in the order the changes were
// committed, and only those the actor may see: a budget holder (or their
// representative) their own; a provider its own; a verstrekker's staff
// those of their organisation's grants, agreements, declarations and
// settlements; the SVB what it pays (agreements, grants, declarations and
// payment runs). next is the cursor to ask after next time: the last
// event's id, or after itself when there was none.
func (s *Service) Events(ctx context.Context, a Actor, after int64, limit int) (events []store.Event, next int64, err error) {
	if after < 0 {
		return nil, 0, domain.Invalid("after", "bad_cursor")
	}
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	var f store.EventFilter
	switch a.Role.Role {
	case domain.RoleBudgetHolder, domain.RoleRepresentative:
		f.BudgetHolderID = a.Role.BudgetHolderID
	case domain.RoleProvider:
		f.ProviderID = a.Role.ProviderID
	case domain.RoleVerstrekker:
		f.VerstrekkerID = a.Role.OrganisationID
	case domain.RoleSVB:
		f.SVB = true
	default:
		return nil, 0, domain.Forbidden("events_not_yours")
	}
	if (a.Role.Role == domain.RoleVerstrekker || a.Role.Role == domain.RoleSVB) && requireStaffMFA(a) != nil {
		return nil, 0, domain.Forbidden("mfa_required")
	}
	if f == (store.EventFilter{}) {
		return nil, 0, domain.Forbidden("events_not_yours")
	}
	err = s.db.View(ctx, func(tx *store.Tx) error {
		if a.Role.Role == domain.RoleRepresentative {
			if err := s.checkRoleActive(ctx, tx, a.Role); err != nil {
				return err
			}
		}
		var err error
		events, err = tx.Events(ctx, f, after, limit)
		return err
	})
	next = after
	if len(events) > 0 {
		next = events[len(events)-1].ID
	}
	return events, next, err
}
