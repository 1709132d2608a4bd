package service

import (
	"context"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// inviteHolder, in the transaction that grants a budget: a budget holder
// without an account and with an e-mail address gets a one-time link to
// make one, and the providers with an agreement with them are told.
func (s *Service) inviteHolder(ctx context.Context, tx *store.Tx, a Actor, bhID int64) error {
	has, err := tx.HolderHasAccount(ctx, bhID)
	if err != nil || has {
		return err
	}
	bh, err := tx.BudgetHolder(ctx, bhID)
	if err != nil || bh.Email == "" {
		return err
	}
	token, hash := auth.NewToken("")
	now := s.now()
	id, err := tx.CreateHolderInvitation(ctx, store.HolderInvitation{TokenHash: hash, Email: bh.Email, BudgetHolderID: bhID, CreatedBy: a.AccountID,
		CreatedAt: now, ExpiresAt: now.Add(InvitationTTL)})
	if err != nil {
		return err
	}
	link := strings.TrimRight(s.publicURL, "/") + "/uitnodiging-budgethouder/" + token
	if err := tx.QueueMail(ctx, store.Mail{To: bh.Email, CreatedAt: now, Subject: i18n.T("nl", "holder_invite.mail_subject"),
		Body: i18n.T("nl", "holder_invite.mail_body", bh.Name(), link, int(InvitationTTL.Hours()/24))}); err != nil {
		return err
	}
	ags, err := tx.Agreements(ctx, store.AgreementFilter{BudgetHolderID: bhID, Running: true}, 100)
	if err != nil {
		return err
	}
	for _, ag := range ags {
		if err := s.notify(ctx, tx, ag, "notice.holder_invited", domain.PartyProvider); err != nil {
			return err
		}
	}
	return tx.Audit(ctx, s.record(a, "invitation.holder", "budget_holder", bhID, nil, map[string]any{"invitation_id": id, "email": bh.Email}))
}

// HolderInvitationView is what the invited budget holder sees.
type HolderInvitationView struct {
	Email, Name string
}

func (s *Service) openHolderInvitation(ctx context.Context, tx *store.Tx, token string) (store.HolderInvitation, error) {
	inv, err := tx.HolderInvitationByToken(ctx, auth.HashToken(strings.TrimSpace(token)))
	if err != nil {
		return inv, domain.NotFound("invitation")
	}
	return inv, s.linkUsable(inv.AcceptedAt, inv.ExpiresAt, "invitation_used", "holder_invitation_expired")
}

// HolderInvitation shows an open invitation.
func (s *Service) HolderInvitation(ctx context.Context, token string) (HolderInvitationView, error) {
	var v HolderInvitationView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		inv, err := s.openHolderInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		bh, err := tx.BudgetHolder(ctx, inv.BudgetHolderID)
		v = HolderInvitationView{Email: inv.Email, Name: bh.Name()}
		return err
	})
	return v, err
}

// AcceptHolderInvitation makes the budget holder's account with the chosen
// password, once.
func (s *Service) AcceptHolderInvitation(ctx context.Context, token, password string) (domain.Account, error) {
	var acc domain.Account
	pwCode, hash, err := s.newPassword(ctx, password, func(tx *store.Tx) ([]string, error) {
		inv, err := s.openHolderInvitation(ctx, tx, token)
		if err != nil {
			return nil, err
		}
		bh, err := tx.BudgetHolder(ctx, inv.BudgetHolderID)
		return []string{inv.Email, bh.Name(), bh.FamilyName}, err
	})
	if err != nil {
		return acc, err
	}
	if pwCode != "" {
		return acc, domain.Invalid("password", pwCode, auth.MinPasswordLength)
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		inv, err := s.openHolderInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		if _, err := tx.AccountByEmail(ctx, inv.Email); err == nil {
			return domain.Invalid("password", "email_taken")
		}
		bh, err := tx.BudgetHolder(ctx, inv.BudgetHolderID)
		if err != nil {
			return err
		}
		now := s.now()
		acc = domain.Account{Email: inv.Email, Name: bh.Name(), PasswordHash: hash, Lang: "nl", CreatedAt: now, PasswordChangedAt: now}
		if acc.ID, err = tx.CreateAccount(ctx, acc); err != nil {
			return err
		}
		if _, err := tx.AddRole(ctx, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleBudgetHolder, BudgetHolderID: bh.ID}, now); err != nil {
			return err
		}
		if err := tx.AcceptHolderInvitation(ctx, inv.ID, now); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(Actor{AccountID: acc.ID}, "invitation.holder_accepted", "budget_holder", bh.ID, nil, map[string]any{"account_id": acc.ID}))
	})
	return acc, err
}
