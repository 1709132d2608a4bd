package store

import (
	"context"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
)

// CheckContext is what the checks of one declaration need besides the
// declaration itself.
type CheckContext struct {
	Grant       domain.Grant // without revisions; its row locked
	Balance     ledger.Balance
	Provider    domain.Provider
	Holder      domain.BudgetHolder
	Versions    []domain.AgreementVersion // the agreement's, without signatures
	Attachments []Attachment
	// MaxRates are the maximum rates under the grant's law for the year of
	// the declaration, by provider kind and care type: the verstrekker's
	// own before the national ones, the latest year.
	MaxRates map[domain.ProviderKind]map[string]domain.Cents
	// ProviderAccounts are the accounts that act as the provider (read
	// with the approval's checks only): an approver among them approves
	// their own declaration.
	ProviderAccounts []int64
}

// LoadCheckContext reads, for the checks of r at approval, the grant with
// its balance (taking both rows' locks), the provider, the budget holder,
// the agreement's terms, the attachments, the tariffs, the facts about
// other declarations, whether the provider represents the budget holder
// during the period or now (in.Today, which the caller sets first) (into
// in) and the provider's accounts, all in one round trip where the
// database batches (a second only when the agreement has sick reports). The
// provider, budget holder and attachments are then kept for the rest of the
// transaction.
func (t *Tx) LoadCheckContext(ctx context.Context, r DeclarationRow, in *domain.CheckInput) (CheckContext, error) {
	return t.loadCheckContext(ctx, r, in, true)
}

// LoadEntryCheckContext is LoadCheckContext for the checks at entry, which
// reserve nothing: without the grant's locks, and without the facts only
// the fraud signals read (judged at approval: the representation, a shared
// IBAN, the provider's budget holders and hours before, respite elsewhere)
// (r may not be stored yet; its ID is then 0).
func (t *Tx) LoadEntryCheckContext(ctx context.Context, r DeclarationRow, in *domain.CheckInput) (CheckContext, error) {
	return t.loadCheckContext(ctx, r, in, false)
}

func (t *Tx) loadCheckContext(ctx context.Context, r DeclarationRow, in *domain.CheckInput, lock bool) (CheckContext, error) {
	cc := CheckContext{MaxRates: map[domain.ProviderKind]map[string]domain.Cents{}}
	cc.Attachments = []Attachment{}
	var sickReports int
	qs := []BatchQuery{t.grantBalanceQuery(r.GrantID, &cc.Grant, &cc.Balance, lock)}
	// The provider and budget holder, unless they came with the agreement.
	qs = append(qs, t.partiesQueries(r.ProviderID, r.BudgetHolderID, &cc.Provider, &cc.Holder)...)
	qs = append(qs,
		termsQuery(r.AgreementID, &cc.Versions))
	if r.ID != 0 { // a declaration not yet stored has none
		qs = append(qs, attachmentsQuery("declaration", r.ID, &cc.Attachments))
	}
	if lock {
		// Represented during the period of care, or now, when it is approved.
		qs = append(qs, representsQuery(r.ProviderID, r.BudgetHolderID, r.D.Period.Start, r.D.Period.End.Later(in.Today), &in.ProviderRepresentsHolder),
			providerAccountsQuery(r.ProviderID, &cc.ProviderAccounts))
	}
	qs = append(qs,
		maxRatesQuery(`law = (SELECT law FROM grants WHERE id = ?) AND organisation_id IN (0, (SELECT verstrekker_id FROM grants WHERE id = ?)) AND year <= ?`,
			[]any{r.GrantID, r.GrantID, r.D.Period.Start.Year}, cc.MaxRates))
	qs = append(qs, factsQueries(t.db.d, r, in, &sickReports, lock)...)
	qs = append(qs, edgesQueries(r, in, lock)...)
	if err := t.batch(ctx, qs...); err != nil {
		return cc, notFound(err, "grant")
	}
	t.keep(cc.Provider, cc.Holder)
	if r.ID != 0 {
		remember(&t.attachments, owner{"declaration", r.ID}, cc.Attachments)
	}
	return cc, t.sickDays(ctx, r, sickReports, in)
}
