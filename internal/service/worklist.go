package service

import (
	"context"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// WorkItem is one thing that waits for the actor, on their overview: a text
// (a message key with its arguments, so each reader sees it in their own
// language) and the page where it is done.
type WorkItem struct {
	Key  string `json:"text_key"`
	Args []any  `json:"args"`
	Link string `json:"link"`
}

// workLimit bounds each kind of item on the overview; the lists behind the
// links have the rest.
const workLimit = 10

// WorkList is what waits for the actor in their current role, most
// pressing kinds first.
func (s *Service) WorkList(ctx context.Context, a Actor) ([]WorkItem, error) {
	if a.Role.Role.IsStaff() && requireStaffMFA(a) != nil {
		return nil, nil
	}
	var out []WorkItem
	add := func(rows []store.WorkRow, key, link string, args func(store.WorkRow) []any) {
		for _, r := range rows {
			out = append(out, WorkItem{Key: key, Args: args(r), Link: link + strconv.FormatInt(r.ID, 10)})
		}
	}
	holder := func(r store.WorkRow) []any { return []any{r.Holder.Name()} }
	provider := func(r store.WorkRow) []any { return []any{r.ProviderName} }
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var f store.WorkFilter
		switch a.Role.Role {
		case domain.RoleBudgetHolder, domain.RoleRepresentative:
			if err := s.visibleBudgetHolder(ctx, tx, a, a.Role.BudgetHolderID); err != nil {
				return nil // an ended representation has nothing to do
			}
			f.BudgetHolderID = a.Role.BudgetHolderID
			decls, err := tx.DeclarationsWaiting(ctx, f, []domain.DeclarationState{domain.DeclAtHolder}, workLimit)
			if err != nil {
				return err
			}
			add(decls, "work.declaration_to_approve", "/declaraties/", func(r store.WorkRow) []any { return []any{r.ProviderName, domain.MonthOf(r.Period), r.Amount} })
			ags, err := tx.AgreementsWaiting(ctx, f, domain.StateSigning, domain.PartyHolder, workLimit)
			if err != nil {
				return err
			}
			add(ags, "work.agreement_to_sign", "/overeenkomsten/", provider)
			sets, err := tx.SettlementsWaiting(ctx, f, []domain.SettlementState{domain.SettlementOpen}, workLimit)
			if err != nil {
				return err
			}
			add(sets, "work.settlement_to_agree", "/eindafrekeningen/", func(r store.WorkRow) []any { return []any{r.Amount} })
		case domain.RoleProvider:
			f.ProviderID = a.Role.ProviderID
			ags, err := tx.AgreementsWaiting(ctx, f, domain.StateSigning, domain.PartyProvider, workLimit)
			if err != nil {
				return err
			}
			add(ags, "work.agreement_to_sign", "/overeenkomsten/", holder)
			decls, err := tx.DeclarationsWaiting(ctx, f, []domain.DeclarationState{domain.DeclRefused, domain.DeclRejectedH}, workLimit)
			if err != nil {
				return err
			}
			add(decls, "work.declaration_to_correct", "/declaraties/", func(r store.WorkRow) []any { return []any{r.Holder.Name(), domain.MonthOf(r.Period)} })
			failed, err := tx.FailedTransfersToCurrentIBAN(ctx, a.Role.ProviderID, workLimit)
			if err != nil {
				return err
			}
			for _, r := range failed {
				out = append(out, WorkItem{Key: "work.payment_failed", Args: []any{r.Amount}, Link: "/gegevens"})
			}
			last := s.Today().FirstOfMonth().AddMonths(-1)
			open, err := tx.AgreementsToDeclare(ctx, a.Role.ProviderID, last, workLimit)
			if err != nil {
				return err
			}
			for _, r := range open {
				out = append(out, WorkItem{Key: "work.declare_month", Args: []any{domain.MonthOf(last), r.Holder.Name()},
					Link: "/declaraties/nieuw?overeenkomst=" + strconv.FormatInt(r.ID, 10) + "&maand=" + last.String()[:7]})
			}
		case domain.RoleVerstrekker:
			f.VerstrekkerID = a.Role.OrganisationID
			ags, err := tx.AgreementsWaiting(ctx, f, domain.StateSubmitted, "", workLimit)
			if err != nil {
				return err
			}
			add(ags, "work.agreement_to_approve", "/overeenkomsten/", func(r store.WorkRow) []any { return []any{r.Holder.Name(), r.ProviderName} })
			held, err := tx.DeclarationsWaiting(ctx, f, []domain.DeclarationState{domain.DeclHeld}, workLimit)
			if err != nil {
				return err
			}
			add(held, "work.declaration_held", "/declaraties/", func(r store.WorkRow) []any { return []any{r.Holder.Name(), r.ProviderName, domain.MonthOf(r.Period)} })
			late, err := tx.DeclarationsRefusedLate(ctx, f, workLimit) // edges: to allow or not
			if err != nil {
				return err
			}
			add(late, "work.declaration_late", "/declaraties/", func(r store.WorkRow) []any { return []any{r.ProviderName, r.Holder.Name(), domain.MonthOf(r.Period)} })
			sets, err := tx.SettlementsWaiting(ctx, f, []domain.SettlementState{domain.SettlementAgreed, domain.SettlementObjected}, workLimit)
			if err != nil {
				return err
			}
			add(sets, "work.settlement_to_approve", "/eindafrekeningen/", holder)
			fix, err := tx.SettlementsToCorrect(ctx, f, workLimit) // edges: declarations refused after it
			if err != nil {
				return err
			}
			add(fix, "work.settlement_to_correct", "/eindafrekeningen/", holder)
			reps, err := tx.UnprovenRepresentations(ctx, a.Role.OrganisationID, workLimit)
			if err != nil {
				return err
			}
			add(reps, "work.representation_to_check", "/budgethouders/", holder)
		case domain.RoleSVB:
			n, err := tx.CountPayable(ctx, s.Today())
			if err != nil {
				return err
			}
			if n > 0 {
				out = append(out, WorkItem{Key: "work.payable", Args: []any{n}, Link: "/betaalruns"})
			}
			runs, err := tx.RunsOpen(ctx, workLimit)
			if err != nil {
				return err
			}
			for _, r := range runs {
				out = append(out, WorkItem{Key: "work.run_" + string(r.State), Args: []any{r.MsgID}, Link: "/betaalruns/" + strconv.FormatInt(r.ID, 10)})
			}
		case domain.RoleAdmin:
			n, err := tx.FailedMails(ctx)
			if err != nil {
				return err
			}
			if n > 0 {
				out = append(out, WorkItem{Key: "work.mail_failing", Args: []any{n}, Link: "/beheer/uitgaande-mail"})
			}
		}
		return nil
	})
	return out, err
}
