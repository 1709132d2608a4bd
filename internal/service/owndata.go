package service

import (
	"context"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// OwnData is everything the portal holds about a person, for the GDPR
// right of access: the account, its roles, sessions and tokens, what it
// did (the audit records with it as actor), and per role the data of the
// budget holder or provider it stands for.
type OwnData struct {
	Account  domain.Account       `json:"account"`
	Roles    []domain.AccountRole `json:"roles"`
	Sessions []SessionInfo        `json:"sessions"`
	Tokens   []TokenView          `json:"api_tokens"`
	Holders  []OwnHolder          `json:"budget_holders,omitempty"`
	Provider []domain.Provider    `json:"providers,omitempty"`
	Actions  []audit.Record       `json:"actions"`
}

// OwnHolder is a budget holder the person is (or represents), with the BSN
// in full only for the budget holder themself.
type OwnHolder struct {
	domain.BudgetHolder
	BSN          string            `json:"bsn"`
	Relation     domain.Role       `json:"relation"`
	Grants       []GrantView       `json:"grants"`
	Agreements   []AgreementView   `json:"agreements"`
	Declarations []DeclarationView `json:"declarations"`
}

// MaxOwnActions bounds the actions listed in a download.
const MaxOwnActions = 5000

// MyData gathers the person's own data; current is the asking session.
func (s *Service) MyData(ctx context.Context, a Actor, current string) (OwnData, error) {
	var d OwnData
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		if d.Account, err = tx.Account(ctx, a.AccountID); err != nil {
			return err
		}
		if d.Roles, err = tx.Roles(ctx, a.AccountID); err != nil {
			return err
		}
		d.Actions, err = tx.AuditByActor(ctx, a.AccountID, MaxOwnActions)
		return err
	})
	if err != nil {
		return d, err
	}
	if d.Sessions, err = s.MySessions(ctx, a, current); err != nil {
		return d, err
	}
	if d.Tokens, err = s.APITokens(ctx, a); err != nil {
		return d, err
	}
	for _, r := range d.Roles {
		ra := Actor{AccountID: a.AccountID, Name: a.Name, Email: a.Email, Role: r}
		switch r.Role {
		case domain.RoleBudgetHolder, domain.RoleRepresentative:
			bh, err := s.BudgetHolder(ctx, ra, r.BudgetHolderID)
			if domain.KindOf(err) == domain.KindNotFound || domain.KindOf(err) == domain.KindForbidden {
				continue // a representation that ended
			} else if err != nil {
				return d, err
			}
			h := OwnHolder{BudgetHolder: bh, BSN: bh.BSN.Masked(), Relation: r.Role}
			if r.Role == domain.RoleBudgetHolder {
				h.BSN = bh.BSN.Full() // exported only to its owner
			}
			if h.Grants, err = s.GrantsOf(ctx, ra, bh.ID); err != nil {
				return d, err
			}
			if h.Agreements, err = s.Agreements(ctx, ra); err != nil {
				return d, err
			}
			if h.Declarations, err = s.Declarations(ctx, ra); err != nil {
				return d, err
			}
			d.Holders = append(d.Holders, h)
		case domain.RoleProvider:
			var p domain.Provider
			if err := s.db.View(ctx, func(tx *store.Tx) error {
				var err error
				p, err = tx.Provider(ctx, r.ProviderID)
				return err
			}); err != nil {
				return d, err
			}
			d.Provider = append(d.Provider, p)
		}
	}
	return d, nil
}
