package service

import (
	"context"
	"slices"
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
// payableShown is how far the SVB's work list counts the declarations
// waiting for a run ("more than 10,000" beyond): the run page counts them all.
const payableShown = 10000

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
			var decls, ags, sets []store.WorkRow
			if err := tx.Work(ctx,
				store.DeclarationsWaiting(f, []domain.DeclarationState{domain.DeclAtHolder}, workLimit, &decls),
				store.AgreementsWaiting(f, domain.StateSigning, domain.PartyHolder, workLimit, &ags),
				store.SettlementsWaiting(f, []domain.SettlementState{domain.SettlementOpen}, workLimit, &sets)); err != nil {
				return err
			}
			add(decls, "work.declaration_to_approve", "/declaraties/", func(r store.WorkRow) []any { return []any{r.ProviderName, domain.MonthOf(r.Period), r.Amount} })
			add(ags, "work.agreement_to_sign", "/overeenkomsten/", provider)
			add(sets, "work.settlement_to_agree", "/eindafrekeningen/", func(r store.WorkRow) []any { return []any{r.Amount} })
		case domain.RoleProvider:
			f.ProviderID = a.Role.ProviderID
			var ags, decls, failed []store.WorkRow
			if err := tx.Work(ctx,
				store.AgreementsWaiting(f, domain.StateSigning, domain.PartyProvider, workLimit, &ags),
				store.DeclarationsWaiting(f, []domain.DeclarationState{domain.DeclRefused, domain.DeclRejectedH}, workLimit, &decls),
				store.FailedTransfersToCurrentIBAN(a.Role.ProviderID, workLimit, &failed)); err != nil {
				return err
			}
			add(ags, "work.agreement_to_sign", "/overeenkomsten/", holder)
			add(decls, "work.declaration_to_correct", "/declaraties/", func(r store.WorkRow) []any { return []any{r.Holder.Name(), domain.MonthOf(r.Period)} })
			for _, r := range failed {
				out = append(out, WorkItem{Key: "work.payment_failed", Args: []any{r.Amount}, Link: "/gegevens"})
			}
			months, err := s.monthsToDeclare(ctx, tx, a.Role.ProviderID)
			if err != nil {
				return err
			}
			out = append(out, months...)
		case domain.RoleVerstrekker:
			f.VerstrekkerID = a.Role.OrganisationID
			var ags, held, late, sets, fix, reps []store.WorkRow
			if err := tx.Work(ctx,
				store.AgreementsWaiting(f, domain.StateSubmitted, "", workLimit, &ags),
				store.DeclarationsWaiting(f, []domain.DeclarationState{domain.DeclHeld}, workLimit, &held),
				store.DeclarationsRefusedLate(f, workLimit, &late), // edges: to allow or not
				store.SettlementsWaiting(f, []domain.SettlementState{domain.SettlementAgreed, domain.SettlementObjected}, workLimit, &sets),
				store.SettlementsToCorrect(f, workLimit, &fix), // edges: declarations refused after it
				store.UnprovenRepresentations(a.Role.OrganisationID, workLimit, &reps)); err != nil {
				return err
			}
			add(ags, "work.agreement_to_approve", "/overeenkomsten/", func(r store.WorkRow) []any { return []any{r.Holder.Name(), r.ProviderName} })
			add(held, "work.declaration_held", "/declaraties/", func(r store.WorkRow) []any { return []any{r.Holder.Name(), r.ProviderName, domain.MonthOf(r.Period)} })
			add(late, "work.declaration_late", "/declaraties/", func(r store.WorkRow) []any { return []any{r.ProviderName, r.Holder.Name(), domain.MonthOf(r.Period)} })
			add(sets, "work.settlement_to_approve", "/eindafrekeningen/", holder)
			add(fix, "work.settlement_to_correct", "/eindafrekeningen/", holder)
			add(reps, "work.representation_to_check", "/budgethouders/", holder)
		case domain.RoleSVB:
			n, err := tx.CountPayableUpTo(ctx, s.Today(), payableShown)
			if err != nil {
				return err
			}
			switch {
			case n >= payableShown:
				out = append(out, WorkItem{Key: "work.payable_many", Args: []any{payableShown}, Link: "/betaalruns"})
			case n > 0:
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

// monthsToDeclare lists, per agreement of the provider, the months it may
// still declare (domain.DeclarableMonths), the most pressing deadline first,
// each with its deadline and a link to that month's form. The agreements
// are those without a declaration for last month or the month before (the
// months whose six weeks can still run).
func (s *Service) monthsToDeclare(ctx context.Context, tx *store.Tx, providerID int64) ([]WorkItem, error) {
	today := s.Today()
	last := today.FirstOfMonth().AddMonths(-1)
	seen := map[int64]bool{}
	var rows []store.WorkRow
	for _, m := range []domain.Date{last.AddMonths(-1), last} {
		rs, err := tx.AgreementsToDeclare(ctx, providerID, m, workLimit)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if !seen[r.ID] {
				seen[r.ID] = true
				rows = append(rows, r)
			}
		}
	}
	type due struct {
		item     WorkItem
		deadline domain.Date
	}
	var dues []due
	for _, r := range rows {
		ag, vers, err := tx.AgreementWithTerms(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		g, err := tx.Grant(ctx, ag.GrantID)
		if err != nil {
			return nil, err
		}
		declared, err := tx.DeclaredMonths(ctx, ag.ID, domain.DeclCare, true)
		if err != nil {
			return nil, err
		}
		for _, m := range domain.DeclarableMonths(today, inForce(vers, ag), g.Period, g.DecidedOn, declared) {
			dues = append(dues, due{WorkItem{Key: "work.declare_month", Args: []any{m.Month(), r.Holder.Name(), m.Deadline},
				Link: "/declaraties/nieuw?overeenkomst=" + strconv.FormatInt(r.ID, 10) + "&maand=" + m.Key()}, m.Deadline})
		}
	}
	slices.SortStableFunc(dues, func(x, y due) int { return x.deadline.Compare(y.deadline) })
	var out []WorkItem
	for i, d := range dues {
		if i == workLimit {
			break
		}
		out = append(out, d.item)
	}
	return out, nil
}
