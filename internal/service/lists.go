package service

import (
	"context"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// ListPerPage is how many rows a list page shows.
const ListPerPage = 25

// ListItem is a row of a list page with the other party named: the budget
// holder (for staff with the masked BSN) and the provider.
type ListItem struct {
	store.ListRow
	Holder       string
	HolderBSN    string // masked; staff only
	ProviderName string
}

// ListPage is one page of a list.
type ListPage struct {
	Items []ListItem
	Page  int
	More  bool
}

// listFilter is whose objects the actor's role lists; ok is false for roles
// without such a list.
func listFilter(a Actor) (store.WorkFilter, bool) {
	switch a.Role.Role {
	case domain.RoleBudgetHolder, domain.RoleRepresentative:
		return store.WorkFilter{BudgetHolderID: a.Role.BudgetHolderID}, true
	case domain.RoleProvider:
		return store.WorkFilter{ProviderID: a.Role.ProviderID}, true
	case domain.RoleVerstrekker:
		return store.WorkFilter{VerstrekkerID: a.Role.OrganisationID}, true
	case domain.RoleSVB:
		return store.WorkFilter{}, true // the SVB pays them all
	}
	return store.WorkFilter{}, false
}

// DeclarationList is a page of the declarations of the actor's role,
// searched and filtered, newest first.
func (s *Service) DeclarationList(ctx context.Context, a Actor, q store.ListQuery, page int) (ListPage, error) {
	return s.list(ctx, a, page, q.PerPage, func(tx *store.Tx, f store.WorkFilter, limit, offset int) ([]store.ListRow, error) {
		return tx.ListDeclarations(ctx, f, q, limit, offset)
	})
}

// AgreementList is a page of the agreements of the actor's role.
func (s *Service) AgreementList(ctx context.Context, a Actor, q store.ListQuery, page int) (ListPage, error) {
	if a.Is(domain.RoleSVB) {
		return ListPage{Page: 1}, nil // the SVB registers paper agreements; it has no list of its own
	}
	return s.list(ctx, a, page, q.PerPage, func(tx *store.Tx, f store.WorkFilter, limit, offset int) ([]store.ListRow, error) {
		return tx.ListAgreements(ctx, f, q, limit, offset)
	})
}

func (s *Service) list(ctx context.Context, a Actor, page, perPage int, rows func(*store.Tx, store.WorkFilter, int, int) ([]store.ListRow, error)) (ListPage, error) {
	if page < 1 {
		page = 1
	}
	if perPage < 1 || perPage > 200 {
		perPage = ListPerPage
	}
	out := ListPage{Page: page}
	f, ok := listFilter(a)
	if !ok {
		return out, nil
	}
	if err := requireStaffMFA(a); err != nil {
		return out, err
	}
	staff := a.Role.Role.IsStaff()
	err := s.db.View(ctx, func(tx *store.Tx) error {
		if a.Is(domain.RoleRepresentative) && s.visibleBudgetHolder(ctx, tx, a, a.Role.BudgetHolderID) != nil {
			return nil // an ended representation lists nothing
		}
		list, err := rows(tx, f, perPage+1, (page-1)*perPage)
		if err != nil {
			return err
		}
		if len(list) > perPage {
			list, out.More = list[:perPage], true
		}
		var providers, holders []int64
		for _, r := range list {
			providers, holders = append(providers, r.ProviderID), append(holders, r.BudgetHolderID)
		}
		if err := tx.KeepParties(ctx, providers, holders); err != nil {
			return err
		}
		for _, r := range list {
			p, b, err := tx.ProviderAndHolder(ctx, r.ProviderID, r.BudgetHolderID)
			if err != nil {
				return err
			}
			it := ListItem{ListRow: r, Holder: b.Name(), ProviderName: p.Name}
			if staff {
				it.HolderBSN = b.BSN.Masked()
			}
			out.Items = append(out.Items, it)
		}
		return nil
	})
	return out, err
}

// ListQueryInput is a list page's search and filters as typed.
type ListQueryInput struct{ Q, State, Month, Law string }

// ParseListQuery reads a list page's search and filters; what does not
// parse is left out (a filter narrows, it does not refuse).
func ParseListQuery(in ListQueryInput) store.ListQuery {
	out := store.ListQuery{Q: strings.TrimSpace(in.Q), State: strings.TrimSpace(in.State)}
	if d, err := domain.ParseDate(strings.TrimSpace(in.Month) + "-01"); err == nil {
		out.Month = d
	}
	if l := domain.Law(in.Law); l.Valid() {
		out.Law = l
	}
	if r := []rune(out.Q); len(r) > 100 {
		out.Q = string(r[:100])
	}
	return out
}

// TransferPage is one page of a payment run's transfers.
type TransferPage struct {
	Items []store.Transfer
	Page  int
	More  bool
}

// PayRunTransfers is a page of a run's transfers (SVB staff), optionally
// only those in one state (the failed ones, say).
func (s *Service) PayRunTransfers(ctx context.Context, a Actor, runID int64, state string, page int) (TransferPage, error) {
	out := TransferPage{Page: max(page, 1)}
	if _, err := s.PayRun(ctx, a, runID); err != nil { // the SVB's, with its second factor
		return out, err
	}
	err := s.db.View(ctx, func(tx *store.Tx) error {
		list, err := tx.RunTransfers(ctx, runID, strings.TrimSpace(state), ListPerPage+1, (out.Page-1)*ListPerPage)
		if len(list) > ListPerPage {
			list, out.More = list[:ListPerPage], true
		}
		out.Items = list
		return err
	})
	return out, err
}
