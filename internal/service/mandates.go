package service

import (
	"context"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// GrantMandate: the budget holder (themself, not a representative) gives
// someone with an account the right to act for them (a machtiging), from
// today, until an optional end date. Their actions are recorded as done
// for the budget holder.
func (s *Service) GrantMandate(ctx context.Context, a Actor, email, until string) (domain.Representation, error) {
	var rep domain.Representation
	if _, err := domain.MandateNext(domain.MandateNone, domain.MandateActGrant, a.Role.Role); err != nil {
		return rep, err
	}
	var v domain.Validation
	addr, err := domain.ParseEmail(email)
	v.AddErr("mandate_email", err)
	rep = domain.Representation{BudgetHolderID: a.Role.BudgetHolderID, Kind: domain.Gemachtigde, ValidFrom: s.Today()}
	if strings.TrimSpace(until) != "" {
		if rep.ValidTo, err = domain.ParseDate(strings.TrimSpace(until)); err != nil {
			v.Add("mandate_until", "date_invalid")
		} else if rep.ValidTo.Before(rep.ValidFrom) {
			v.Add("mandate_until", "date_in_past")
		}
	}
	if err := v.Err(); err != nil {
		return rep, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		acc, err := tx.AccountByEmail(ctx, addr)
		if err != nil {
			return domain.Invalid("mandate_email", "account_unknown")
		}
		if acc.ID == a.AccountID {
			return domain.Invalid("mandate_email", "mandate_self")
		}
		rep.AccountID = acc.ID
		if rep, err = s.addRepresentation(ctx, tx, rep); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "mandate.grant", "budget_holder", rep.BudgetHolderID, nil, rep))
	})
	return rep, err
}

// RevokeMandate: the budget holder ends a mandate they gave; from today the
// representative can no longer act for them. Legal representation (parent,
// guardian, curator, bewindvoerder) is the verstrekker's to change.
func (s *Service) RevokeMandate(ctx context.Context, a Actor, repID int64) error {
	// Whether the role revokes mandates at all, before one is looked up.
	if _, err := domain.MandateNext(domain.MandateRunning, domain.MandateActRevoke, a.Role.Role); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		rep, err := tx.Representation(ctx, repID)
		if err != nil || rep.BudgetHolderID != a.Role.BudgetHolderID {
			return domain.NotFound("representation")
		}
		if _, err := domain.MandateNext(domain.MandateStateOf(rep, s.Today()), domain.MandateActRevoke, a.Role.Role); err != nil {
			return err
		}
		last := domain.MandateRevokedEnd(rep, s.Today())
		if err := tx.EndRepresentation(ctx, rep.ID, last); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "mandate.revoke", "budget_holder", rep.BudgetHolderID, map[string]any{"valid_to": rep.ValidTo}, map[string]any{"valid_to": last, "representation_id": rep.ID}))
	})
}

// AttachRepresentationProof keeps the scan of the proof of a legal
// representation (a court decision, a birth certificate) with it: PDF,
// PNG or JPEG by its bytes, SHA-256 kept (verstrekker staff).
func (s *Service) AttachRepresentationProof(ctx context.Context, a Actor, repID int64, name string, scan []byte) error {
	if !a.Is(domain.RoleVerstrekker) || requireStaffMFA(a) != nil {
		return domain.Forbidden("verstrekker_only")
	}
	contentType, err := domain.SniffUpload("proof", scan)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		rep, err := tx.Representation(ctx, repID)
		if err != nil {
			return err
		}
		if err := s.mayChangeHolder(ctx, tx, a, rep.BudgetHolderID); err != nil {
			return err
		}
		att := s.newAttachment(a, "representation", rep.ID, name, "bewijs", contentType, scan)
		if _, err := tx.AddAttachment(ctx, att); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "representation.proof", "budget_holder", rep.BudgetHolderID, nil, map[string]any{"representation_id": rep.ID, "sha256": att.SHA256}))
	})
}

// RepresentationProof returns the latest scan of a representation's proof
// to the verstrekker's staff who see its budget holder (who keep the proof
// and judge the representation); to anyone else it does not exist.
func (s *Service) RepresentationProof(ctx context.Context, a Actor, bhID, repID int64) (store.Attachment, error) {
	var att store.Attachment
	if !a.Is(domain.RoleVerstrekker) {
		return att, domain.NotFound("attachment")
	}
	err := s.db.View(ctx, func(tx *store.Tx) error {
		if err := s.visibleBudgetHolder(ctx, tx, a, bhID); err != nil {
			return err
		}
		rep, err := tx.Representation(ctx, repID)
		if err != nil || rep.BudgetHolderID != bhID {
			return domain.NotFound("representation")
		}
		proofs, err := tx.Attachments(ctx, "representation", rep.ID)
		if err != nil {
			return err
		}
		if len(proofs) == 0 {
			return domain.NotFound("attachment")
		}
		att, err = tx.Attachment(ctx, proofs[len(proofs)-1].ID)
		return err
	})
	return att, err
}
