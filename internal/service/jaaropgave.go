package service

import (
	"context"
	"sort"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// YearPayment is one line of a provider's yearly statement (jaaropgave):
// what the SVB paid for one budget holder's month of care, on which date,
// to which IBAN. A transfer without declarations (a payroll wage) has no
// month and no holder of its own.
type YearPayment struct {
	Holder string       `json:"budget_holder"`
	Month  string       `json:"month"` // YYYY-MM of the care
	Paid   domain.Date  `json:"paid_on"`
	IBAN   string       `json:"iban"`
	Amount domain.Cents `json:"amount_cents"`
}

// YearStatement is a provider's payments executed in a calendar year.
type YearStatement struct {
	Provider domain.Provider `json:"provider"`
	Year     int             `json:"year"`
	Lines    []YearPayment   `json:"lines"`
	Total    domain.Cents    `json:"total_cents"`
}

// ProviderYearStatement gathers what the provider was paid in year, by the
// date the bank executed the transfer, per budget holder and month of care.
// Only the provider itself sees it.
func (s *Service) ProviderYearStatement(ctx context.Context, a Actor, year int) (YearStatement, error) {
	if !a.Is(domain.RoleProvider) {
		return YearStatement{}, domain.NotFound("statement")
	}
	if year < 2000 || year > 9999 {
		return YearStatement{}, domain.NotFound("statement")
	}
	st := YearStatement{Year: year}
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		if st.Provider, err = tx.Provider(ctx, a.Role.ProviderID); err != nil {
			return err
		}
		trs, err := tx.ProviderTransfers(ctx, a.Role.ProviderID, 1<<20)
		if err != nil {
			return err
		}
		names := map[int64]string{}
		for _, t := range trs {
			if t.State != domain.TransferExecuted || t.ExecutionDate.Year != year {
				continue
			}
			ids, err := tx.TransferDeclarations(ctx, t.ID)
			if err != nil {
				return err
			}
			if len(ids) == 0 {
				st.Lines = append(st.Lines, YearPayment{Paid: t.ExecutionDate, IBAN: t.IBAN, Amount: t.Amount})
				continue
			}
			per := map[[2]string]domain.Cents{}
			for _, id := range ids {
				d, err := tx.DeclarationByID(ctx, id, false)
				if err != nil {
					return err
				}
				name, ok := names[d.BudgetHolderID]
				if !ok {
					bh, err := tx.BudgetHolder(ctx, d.BudgetHolderID)
					if err != nil {
						return err
					}
					name = bh.Name()
					names[d.BudgetHolderID] = name
				}
				per[[2]string{name, d.D.Period.Start.String()[:7]}] += d.Total
			}
			for k, amount := range per {
				st.Lines = append(st.Lines, YearPayment{Holder: k[0], Month: k[1], Paid: t.ExecutionDate, IBAN: t.IBAN, Amount: amount})
			}
		}
		return nil
	})
	sort.Slice(st.Lines, func(i, j int) bool {
		a, b := st.Lines[i], st.Lines[j]
		if a.Holder != b.Holder {
			return a.Holder < b.Holder
		}
		if a.Month != b.Month {
			return a.Month < b.Month
		}
		return a.Paid.String() < b.Paid.String()
	})
	for _, l := range st.Lines {
		st.Total += l.Amount
	}
	return st, err
}
