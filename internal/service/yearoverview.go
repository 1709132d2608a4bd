package service

import (
	"context"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// LedgerFigures are the sums of a grant's postings by kind: what was
// granted (a lowering counts negative), reserved, released again, paid and
// returned.
type LedgerFigures struct {
	Granted  domain.Cents `json:"granted_cents"`
	Reserved domain.Cents `json:"reserved_cents"`
	Released domain.Cents `json:"released_cents"`
	Paid     domain.Cents `json:"paid_cents"`
	Returned domain.Cents `json:"returned_cents"`
}

// add counts one posting.
func (f *LedgerFigures) add(kind ledger.Kind, amount domain.Cents) {
	switch kind {
	case ledger.Granted:
		f.Granted += amount
	case ledger.Reserved:
		f.Reserved += amount
	case ledger.Released:
		f.Released += amount
	case ledger.Paid:
		f.Paid += amount
	case ledger.Returned:
		f.Returned += amount
	}
}

// StillReserved is what the reservations hold that was neither released
// nor paid: reserved − released − paid.
func (f LedgerFigures) StillReserved() domain.Cents { return f.Reserved - f.Released - f.Paid }

// PaidNet is what was paid and not returned: paid − returned.
func (f LedgerFigures) PaidNet() domain.Cents { return f.Paid - f.Returned }

// Left is what the figures leave to spend: granted − still reserved − paid net.
func (f LedgerFigures) Left() domain.Cents { return f.Granted - f.StillReserved() - f.PaidNet() }

// YearMonth is one month of a grant in the yearly overview.
type YearMonth struct {
	Month domain.Date `json:"month"` // the 1st
	LedgerFigures
}

// YearPosting is one posting that makes up the overview's figures: when it
// was booked, its kind, the month it counts in, what it is for, and the
// amount (negative for a lowering of the grant).
type YearPosting struct {
	Booking  domain.Date  `json:"booking_date"`
	Kind     ledger.Kind  `json:"kind"`
	Month    domain.Date  `json:"month"`
	RefType  string       `json:"ref_type"` // grant, grant_revision, declaration, free_amount, settlement
	RefID    int64        `json:"ref_id"`
	Provider string       `json:"provider,omitempty"` // for a declaration: who gave the care
	Amount   domain.Cents `json:"amount_cents"`
}

// YearGrant is one grant's year: its months, their total, and the postings.
type YearGrant struct {
	Grant       domain.Grant        `json:"grant"`
	Verstrekker domain.Organisation `json:"verstrekker"`
	Months      []YearMonth         `json:"months"`
	Total       LedgerFigures       `json:"total"`
	Postings    []YearPosting       `json:"postings"`
}

// YearOverview is a budget holder's yearly budget overview: per grant that
// runs in the year, per month what was granted, reserved, released, paid
// and returned, every figure the sum of the postings listed with it.
type YearOverview struct {
	Holder domain.BudgetHolder `json:"budget_holder"`
	Year   int                 `json:"year"`
	Grants []YearGrant         `json:"grants"`
}

// HolderYearOverview is the yearly budget overview of the budget holder the
// actor is or acts for. Anyone else gets "not found", as for a year that is
// no year.
func (s *Service) HolderYearOverview(ctx context.Context, a Actor, year int) (YearOverview, error) {
	ov := YearOverview{Year: year}
	bhID := a.actingFor()
	if bhID == 0 || year < 2000 || year > 9999 {
		return ov, domain.NotFound("overview")
	}
	yearPeriod := domain.Period{Start: domain.Date{Year: year, Month: 1, Day: 1}, End: domain.Date{Year: year, Month: 12, Day: 31}}
	err := s.db.View(ctx, func(tx *store.Tx) error {
		if err := s.visibleBudgetHolder(ctx, tx, a, bhID); err != nil {
			return domain.NotFound("overview")
		}
		var err error
		if ov.Holder, err = tx.BudgetHolder(ctx, bhID); err != nil {
			return err
		}
		grants, err := tx.GrantsOf(ctx, bhID, 0)
		if err != nil {
			return err
		}
		providers := map[int64]string{}
		for _, g := range grants {
			inYear, ok := g.Period.Intersect(yearPeriod)
			if !ok {
				continue
			}
			yg := YearGrant{Grant: g}
			if yg.Verstrekker, err = tx.Organisation(ctx, g.VerstrekkerID); err != nil {
				return err
			}
			idx := map[domain.Date]int{}
			for m := inYear.Start.FirstOfMonth(); !m.After(inYear.End); m = m.AddMonths(1) {
				idx[m] = len(yg.Months)
				yg.Months = append(yg.Months, YearMonth{Month: m})
			}
			ps, err := tx.Postings(ctx, g.ID)
			if err != nil {
				return err
			}
			for _, p := range ledgerMonths(ps) {
				i, ok := idx[p.Month]
				if !ok {
					continue
				}
				if p.RefType == "declaration" {
					d, err := tx.DeclarationByID(ctx, p.RefID, false)
					if err != nil {
						return err
					}
					name, seen := providers[d.ProviderID]
					if !seen {
						pr, err := tx.Provider(ctx, d.ProviderID)
						if err != nil {
							return err
						}
						name = pr.Name
						providers[d.ProviderID] = name
					}
					p.Provider = name
				}
				yg.Months[i].add(p.Kind, p.Amount)
				yg.Total.add(p.Kind, p.Amount)
				yg.Postings = append(yg.Postings, p)
			}
			ov.Grants = append(ov.Grants, yg)
		}
		return nil
	})
	return ov, err
}

// ledgerMonths gives each posting the month it counts in, as the grant's
// page does: a reservation in the month of its care (its booking date), and
// its release, payment or return in that same month whenever they happen;
// a grant or its revision in the month it takes effect; anything else in the
// month it was booked. A lowering of the grant counts negative.
func ledgerMonths(ps []store.PostingRow) []YearPosting {
	careMonth := map[store.Ref]domain.Date{}
	for _, p := range ps {
		if _, seen := careMonth[p.Ref]; p.Kind == ledger.Reserved && p.Ref.ID != 0 && !seen {
			careMonth[p.Ref] = p.Booking.FirstOfMonth()
		}
	}
	out := make([]YearPosting, 0, len(ps))
	for _, p := range ps {
		yp := YearPosting{Booking: p.Booking, Kind: p.Kind, Month: p.Booking.FirstOfMonth(), RefType: p.Ref.Type, RefID: p.Ref.ID, Amount: p.Amount}
		if m, ok := careMonth[p.Ref]; ok && p.Kind != ledger.Granted {
			yp.Month = m
		}
		if p.Kind == ledger.Granted && p.From == ledger.Available { // back to the verstrekker
			yp.Amount = -p.Amount
		}
		out = append(out, yp)
	}
	return out
}
