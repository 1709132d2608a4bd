package service

import (
	"context"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 14 * 24 * time.Hour

// InviteProvider lets a budget holder (or representative) draw up an
// agreement with a provider who is not registered yet: the terms are checked
// against the grant and kept with an invitation, and an e-mail with a
// personal link goes to the provider. Accepting it makes the account, the
// provider and the agreement.
func (s *Service) InviteProvider(ctx context.Context, a Actor, in AgreementInput, email string) error {
	if !a.Is(domain.RoleBudgetHolder) && !a.Is(domain.RoleRepresentative) {
		return domain.Forbidden("not_allowed")
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		g, err := s.visibleGrant(ctx, tx, a, in.GrantID)
		if err != nil {
			return err
		}
		var v domain.Validation
		addr, err := domain.ParseEmail(email)
		v.AddErr("invite_email", err)
		terms := parseTerms(&v, in)
		if err := s.checkTerms(ctx, tx, &v, terms, g, nil, in); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		bh, err := tx.BudgetHolder(ctx, g.BudgetHolderID)
		if err != nil {
			return err
		}
		token, hash := auth.NewToken("")
		now := s.now()
		id, err := tx.CreateInvitation(ctx, store.Invitation{TokenHash: hash, Email: addr, BudgetHolderID: g.BudgetHolderID, GrantID: g.ID,
			Terms: terms, CreatedBy: a.AccountID, CreatedAt: now, ExpiresAt: now.Add(InvitationTTL)})
		if err != nil {
			return err
		}
		link := strings.TrimRight(s.publicURL, "/") + "/uitnodiging/" + token
		if err := tx.QueueMail(ctx, store.Mail{To: addr, CreatedAt: now,
			Subject: i18n.T("nl", "invite.mail_subject", bh.Name()),
			Body:    i18n.T("nl", "invite.mail_body", bh.Name(), link, int(InvitationTTL.Hours()/24))}); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "invitation.create", "budget_holder", g.BudgetHolderID, nil, map[string]any{"invitation_id": id, "email": addr}))
	})
}

// InvitationView is what the invited provider sees before accepting.
type InvitationView struct {
	Email      string
	HolderName string
	Terms      domain.AgreementTerms
}

func (s *Service) openInvitation(ctx context.Context, tx *store.Tx, token string, lock bool) (store.Invitation, error) {
	inv, err := tx.InvitationByToken(ctx, auth.HashToken(token), lock)
	if err != nil {
		return inv, domain.NotFound("invitation")
	}
	return inv, s.linkUsable(inv.AcceptedAt, inv.ExpiresAt, "invitation_used", "invitation_expired")
}

// newPassword judges a new password (with what lookup reads in a read
// transaction, the account's e-mail and names, as words an attacker tries
// first) and, when it is good enough, hashes it: outside any write
// transaction. A weak password gives its message code and no hash.
func (s *Service) newPassword(ctx context.Context, password string, lookup func(*store.Tx) ([]string, error)) (code, hash string, err error) {
	var inputs []string
	if err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		inputs, err = lookup(tx)
		return err
	}); err != nil {
		return "", "", err
	}
	if code = auth.ValidatePassword(password, inputs...); code != "" {
		return code, "", nil
	}
	hash, err = auth.HashPassword(password)
	return "", hash, err
}

// linkUsable tells whether a one-time link still works: not used yet
// (usedCode) and not expired (expiredCode).
func (s *Service) linkUsable(usedAt, expiresAt time.Time, usedCode, expiredCode string) error {
	switch {
	case !usedAt.IsZero():
		return domain.Conflict(usedCode)
	case s.now().After(expiresAt):
		return domain.Conflict(expiredCode)
	}
	return nil
}

// Invitation shows an invitation to whoever holds its link.
func (s *Service) Invitation(ctx context.Context, token string) (InvitationView, error) {
	var v InvitationView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		inv, err := s.openInvitation(ctx, tx, token, false)
		if err != nil {
			return err
		}
		bh, err := tx.BudgetHolder(ctx, inv.BudgetHolderID)
		if err != nil {
			return err
		}
		v = InvitationView{Email: inv.Email, HolderName: bh.Name(), Terms: inv.Terms}
		return nil
	})
	return v, err
}

// AcceptInput is what the invited provider enters.
type AcceptInput struct {
	Name     string // the person's name, for the account
	Password string
	Provider ProviderInput
}

// AcceptInvitation makes, in one transaction, the provider, its account and
// role, and the agreement (a concept) the budget holder drew up.
func (s *Service) AcceptInvitation(ctx context.Context, token string, in AcceptInput) (domain.Account, error) {
	var acc domain.Account
	// The password is judged and hashed before the write transaction.
	pwCode, hash, err := s.newPassword(ctx, in.Password, func(tx *store.Tx) ([]string, error) {
		inv, err := s.openInvitation(ctx, tx, token, true)
		return []string{inv.Email, in.Name, in.Provider.Name}, err
	})
	if err != nil {
		return acc, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		inv, err := s.openInvitation(ctx, tx, token, true)
		if err != nil {
			return err
		}
		var v domain.Validation
		in.Provider.Email = inv.Email
		in.Provider.Kind = string(domain.TariffKind(inv.Terms.Kind))
		p, perr := ParseProvider(in.Provider)
		if e, ok := domain.AsError(perr); ok {
			for _, f := range e.Fields {
				v.Add(f.Field, f.Code, f.Args...)
			}
		}
		name := strings.TrimSpace(in.Name)
		if name == "" {
			v.Add("account_name", "required")
		}
		if pwCode != "" {
			v.Add("password", pwCode, auth.MinPasswordLength)
		}
		if _, err := tx.AccountByEmail(ctx, inv.Email); err == nil {
			v.Add("password", "email_taken")
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now()
		if p.ID, err = tx.CreateProvider(ctx, p, now); err != nil {
			return err
		}
		acc = domain.Account{Email: inv.Email, Name: name, PasswordHash: hash, Lang: "nl", CreatedAt: now, PasswordChangedAt: now}
		if acc.ID, err = tx.CreateAccount(ctx, acc); err != nil {
			return err
		}
		role := domain.AccountRole{AccountID: acc.ID, Role: domain.RoleProvider, ProviderID: p.ID}
		if role.ID, err = tx.AddRole(ctx, role, now); err != nil {
			return err
		}
		g, err := tx.Grant(ctx, inv.GrantID)
		if err != nil {
			return err
		}
		// The terms were checked at the invitation; the provider's own
		// registration (KvK, AGB) is checked now.
		if err := s.checkTerms(ctx, tx, &v, inv.Terms, g, &p, AgreementInput{KvK: string(p.KvK), AGB: string(p.AGB)}); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		ag := domain.Agreement{BudgetHolderID: g.BudgetHolderID, ProviderID: p.ID, GrantID: g.ID, VerstrekkerID: g.VerstrekkerID, Source: "online", CreatedAt: now}
		if ag.ID, err = tx.CreateAgreement(ctx, ag, acc.ID); err != nil {
			return runningAgreementExists(err)
		}
		if _, err := tx.AddAgreementVersion(ctx, domain.AgreementVersion{AgreementID: ag.ID, Number: 1, State: domain.StateConcept, Terms: inv.Terms, UpdatedAt: now}, acc.ID); err != nil {
			return err
		}
		if err := tx.AcceptInvitation(ctx, inv.ID, ag.ID, now); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, ag, "notice.invitation_accepted", domain.PartyHolder); err != nil {
			return err
		}
		actor := Actor{AccountID: acc.ID, Role: role}
		return tx.Audit(ctx, s.record(actor, "invitation.accept", "agreement", ag.ID, nil, map[string]any{"provider_id": p.ID, "account_id": acc.ID}))
	})
	return acc, err
}

// Outbox lists the newest queued e-mail (beheerder), with the tokens of
// one-time links masked: the beheerder cannot use someone else's link.
func (s *Service) Outbox(ctx context.Context, a Actor) ([]store.Mail, error) {
	return s.outbox(ctx, a, true)
}
