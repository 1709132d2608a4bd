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
}

// LoadCheckContext reads, for the checks of r, the grant with its balance
// (taking the grant's lock), the provider, the budget holder, the
// agreement's terms, the attachments, the tariffs and the facts about other
// declarations (into in), all in one round trip where the database
// pipelines (a second only when the agreement has sick reports). The
// provider, budget holder and attachments are then kept for the rest of the
// transaction.
func (t *Tx) LoadCheckContext(ctx context.Context, r DeclarationRow, in *domain.CheckInput) (CheckContext, error) {
	cc := CheckContext{MaxRates: map[domain.ProviderKind]map[string]domain.Cents{}}
	cc.Attachments = []Attachment{}
	var sickReports int
	qs := []PipelineQuery{t.grantBalanceQuery(r.GrantID, &cc.Grant, &cc.Balance)}
	// The provider and budget holder, unless they came with the agreement.
	var havePr, haveBH bool
	if cc.Provider, havePr = t.providers[r.ProviderID]; !havePr {
		qs = append(qs, PipelineQuery{SQL: `SELECT ` + provCols + ` FROM providers WHERE id = ?`, Args: []any{r.ProviderID}, Scan: one(func(rows Rows) (err error) {
			cc.Provider, err = scanProvider(rows)
			return err
		})})
	}
	if cc.Holder, haveBH = t.holders[r.BudgetHolderID]; !haveBH {
		qs = append(qs, PipelineQuery{SQL: `SELECT ` + bhCols + ` FROM budget_holders WHERE id = ?`, Args: []any{r.BudgetHolderID}, Scan: one(func(rows Rows) (err error) {
			cc.Holder, err = scanBH(rows)
			return err
		})})
	}
	qs = append(qs,
		termsQuery(r.AgreementID, &cc.Versions),
		attachmentsQuery("declaration", r.ID, &cc.Attachments),
		PipelineQuery{SQL: `SELECT provider_kind, care_type, max_rate_cents FROM tariffs
			WHERE law = (SELECT law FROM grants WHERE id = ?) AND organisation_id IN (0, (SELECT verstrekker_id FROM grants WHERE id = ?)) AND year <= ?
			ORDER BY provider_kind, care_type, organisation_id DESC, year DESC`,
			Args: []any{r.GrantID, r.GrantID, r.D.Period.Start.Year}, Scan: func(rows Rows) error {
				for rows.Next() {
					var kind, careType string
					var rate int64
					if err := rows.Scan(&kind, &careType, &rate); err != nil {
						return err
					}
					byType := cc.MaxRates[domain.ProviderKind(kind)]
					if byType == nil {
						byType = map[string]domain.Cents{}
						cc.MaxRates[domain.ProviderKind(kind)] = byType
					}
					if _, seen := byType[careType]; !seen { // the first is the organisation's own, the latest year
						byType[careType] = domain.Cents(rate)
					}
				}
				return nil
			}})
	qs = append(qs, factsQueries(r, in, &sickReports)...)
	if err := t.batch(ctx, qs...); err != nil {
		return cc, notFound(err, "grant")
	}
	t.keep(cc.Provider, cc.Holder)
	if t.attachments == nil {
		t.attachments = map[owner][]Attachment{}
	}
	t.attachments[owner{"declaration", r.ID}] = cc.Attachments
	return cc, t.sickDays(ctx, r, sickReports, in)
}
