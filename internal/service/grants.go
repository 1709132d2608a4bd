package service

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// GrantInput is what a verstrekker's employee enters for a new toekenning.
type GrantInput struct {
	BudgetHolderID  int64
	Law             string
	Reference       string
	Start           string
	End             string
	DecidedOn       string // empty: today
	OwnContribution string // eigen bijdrage per month, Wmo only; empty: none
	FreeAmount      bool   // the grant carries a vrij besteedbaar bedrag
	Lines           []LineInput
}

// LineInput is one grant line as typed: a care function and a yearly amount.
type LineInput struct {
	CareFunction string `json:"care_function"`
	Yearly       string `json:"yearly"`
}

// parseLines reads the lines, skipping rows left entirely empty (a form
// offers a few spare rows).
func parseLines(v *domain.Validation, in []LineInput) []domain.GrantLine {
	var lines []domain.GrantLine
	for _, l := range in {
		if strings.TrimSpace(l.CareFunction) == "" && strings.TrimSpace(l.Yearly) == "" {
			continue
		}
		amt, err := domain.ParseCents(l.Yearly)
		if err != nil {
			v.Add("lines["+itoa(len(lines))+"].yearly", "amount_invalid")
		}
		lines = append(lines, domain.GrantLine{CareFunction: strings.TrimSpace(l.CareFunction), Yearly: amt})
	}
	return lines
}

func itoa(i int) string { return strconv.Itoa(i) }

// ParseGrant validates a new grant for a verstrekker of kind org.
func ParseGrant(in GrantInput, org domain.Organisation, today domain.Date) (domain.Grant, error) {
	var v domain.Validation
	g := domain.Grant{BudgetHolderID: in.BudgetHolderID, VerstrekkerID: org.ID, Law: domain.Law(in.Law), Reference: strings.TrimSpace(in.Reference)}
	if !g.Law.Valid() {
		v.Add("law", "required")
	} else if !org.Kind.Grants(g.Law) {
		v.Add("law", "law_not_for_verstrekker", g.Law.Label())
	}
	if g.Reference == "" {
		v.Add("reference", "required")
	} else if utf8.RuneCountInString(g.Reference) > 40 {
		v.Add("reference", "too_long", 40)
	}
	var err error
	if g.Period.Start, err = domain.ParseDate(in.Start); err != nil {
		v.AddErr("start", err)
	}
	if g.Period.End, err = domain.ParseDate(in.End); err != nil {
		v.AddErr("end", err)
	}
	if !v.Has("start") && !v.Has("end") {
		domain.ValidateGrantPeriod(&v, g.Period)
	}
	g.DecidedOn = today
	if strings.TrimSpace(in.DecidedOn) != "" {
		if g.DecidedOn, err = domain.ParseDate(in.DecidedOn); err != nil {
			v.AddErr("decided_on", err)
		} else if g.DecidedOn.After(today) {
			v.Add("decided_on", "date_in_future")
		}
	}
	if strings.TrimSpace(in.OwnContribution) != "" {
		if g.OwnContribution, err = domain.ParseCents(in.OwnContribution); err != nil {
			v.Add("own_contribution", "amount_invalid")
		} else if g.OwnContribution < 0 {
			v.Add("own_contribution", "amount_negative")
		} else if g.OwnContribution > 0 && g.Law != domain.Wmo {
			v.Add("own_contribution", "own_contribution_wmo_only")
		}
	}
	lines := parseLines(&v, in.Lines)
	domain.ValidateGrantLines(&v, lines)
	g.Revisions = []domain.GrantRevision{{EffectiveFrom: g.Period.Start, Lines: lines}}
	g.FreeAmount = in.FreeAmount
	return g, v.Err()
}

// CreateGrant grants a budget: the grant, its first revision and the
// 'granted' posting of its pro-rata total, with the audit record, in one
// transaction.
func (s *Service) CreateGrant(ctx context.Context, a Actor, in GrantInput) (domain.Grant, error) {
	var g domain.Grant
	if !a.Is(domain.RoleVerstrekker) {
		return g, domain.Forbidden("verstrekker_only")
	}
	if err := requireStaffMFA(a); err != nil {
		return g, err
	}
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		if err := s.visibleBudgetHolder(ctx, tx, a, in.BudgetHolderID); err != nil {
			return err
		}
		org, err := tx.Organisation(ctx, a.Role.OrganisationID)
		if err != nil {
			return err
		}
		if g, err = ParseGrant(in, org, s.Today()); err != nil {
			return err
		}
		g.CreatedAt = s.now()
		g.ID, err = tx.CreateGrant(ctx, g, a.AccountID)
		if domain.HasCode(err, "already_exists") {
			return domain.Invalid("reference", "reference_taken")
		} else if err != nil {
			return err
		}
		p, err := ledger.New(ledger.Granted, g.Total())
		if err != nil {
			return err
		}
		if err := tx.Post(ctx, g.ID, p, g.Period.Start, store.Ref{Type: "grant", ID: g.ID}, g.CreatedAt); err != nil {
			return err
		}
		if err := tx.Audit(ctx, s.record(a, "grant.create", "grant", g.ID, nil, grantSnapshot(g))); err != nil {
			return err
		}
		return s.inviteHolder(ctx, tx, a, g.BudgetHolderID)
	})
	return g, err
}

func grantSnapshot(g domain.Grant) map[string]any {
	return map[string]any{"law": g.Law, "reference": g.Reference, "period": g.Period, "total_cents": g.Total(),
		"own_contribution_cents": g.OwnContribution, "free_amount": g.FreeAmount, "revisions": g.Revisions}
}

// RevisionInput raises or lowers a grant from a date.
type RevisionInput struct {
	EffectiveFrom string
	Reason        string
	Lines         []LineInput
}

// ReviseGrant adds a revision: from EffectiveFrom the new lines apply. The
// difference in total is posted to the ledger; lowering a grant below what
// is already reserved and paid is refused.
func (s *Service) ReviseGrant(ctx context.Context, a Actor, grantID int64, in RevisionInput) (domain.Grant, error) {
	var g domain.Grant
	if !a.Is(domain.RoleVerstrekker) {
		return g, domain.NotFound("grant")
	}
	if err := requireStaffMFA(a); err != nil {
		return g, err
	}
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.LockGrant(ctx, grantID); err != nil {
			return err
		}
		var err error
		if g, err = s.visibleGrant(ctx, tx, a, grantID); err != nil {
			return err
		}
		before := grantSnapshot(g)
		oldTotal := g.Total()
		var v domain.Validation
		from, err := domain.ParseDate(in.EffectiveFrom)
		if err != nil {
			v.AddErr("effective_from", err)
		} else {
			domain.ValidateRevisionDate(&v, g.Period, g.Revisions[len(g.Revisions)-1].EffectiveFrom, from)
		}
		lines := parseLines(&v, in.Lines)
		domain.ValidateGrantLines(&v, lines)
		reason := strings.TrimSpace(in.Reason)
		if reason == "" {
			v.Add("reason", "required")
		} else if utf8.RuneCountInString(reason) > 500 {
			v.Add("reason", "too_long", 500)
		}
		if err := v.Err(); err != nil {
			return err
		}
		rev := domain.GrantRevision{EffectiveFrom: from, Lines: lines, Reason: reason}
		g.Revisions = append(g.Revisions, rev)
		newTotal := g.Total()
		add := tx.AddRevision
		if from == g.Period.Start { // edges: from the first day it replaces the first revision
			add = tx.ReplaceFirstRevision
		}
		if err := add(ctx, g.ID, rev, newTotal, a.AccountID, s.now()); err != nil {
			return err
		}
		if diff := newTotal - oldTotal; diff != 0 {
			p, _ := ledger.New(ledger.Granted, diff)
			if err := tx.Post(ctx, g.ID, p, from, store.Ref{Type: "grant_revision", ID: g.ID}, s.now()); err != nil {
				if domain.HasCode(err, "insufficient_budget") {
					return s.belowCommitted(ctx, tx, g, from, oldTotal)
				}
				return err
			}
		}
		return tx.Audit(ctx, s.record(a, "grant.revise", "grant", g.ID, before, grantSnapshot(g)))
	})
	return g, err
}

// visibleGrant loads a grant the actor may see: the budget holder and
// representatives see their own, staff of a verstrekker only the grants of
// their own organisation, SVB staff all.
func (s *Service) visibleGrant(ctx context.Context, tx *store.Tx, a Actor, id int64) (domain.Grant, error) {
	g, err := tx.Grant(ctx, id)
	if err != nil {
		return g, err
	}
	if err := s.visibleBudgetHolder(ctx, tx, a, g.BudgetHolderID); err != nil {
		return domain.Grant{}, domain.NotFound("grant")
	}
	if a.Is(domain.RoleVerstrekker) && g.VerstrekkerID != a.Role.OrganisationID {
		return domain.Grant{}, domain.NotFound("grant")
	}
	return g, nil
}

// GrantView is a grant with its live balance and monthly spending.
type GrantView struct {
	domain.Grant
	Verstrekker domain.Organisation `json:"verstrekker"`
	Balance     ledger.Balance      `json:"balance"`
	Months      []MonthFlow         `json:"months,omitempty"`
	History     []RevisionView      `json:"history,omitempty"`
	Forecast    domain.Forecast     `json:"forecast"`
	Free        *FreeAmountView     `json:"free_amount,omitempty"` // where the grant has one
}

// FreeAmountView is a grant's free amount: what it is now (lowered with
// the budget), what was claimed, and what is left to claim.
type FreeAmountView struct {
	Amount  domain.Cents            `json:"amount_cents"`
	Claimed domain.Cents            `json:"claimed_cents"`
	Left    domain.Cents            `json:"left_cents"`
	Claims  []store.FreeAmountClaim `json:"claims"`
}

// MonthFlow is what was paid and is still reserved for care in one month,
// against the month's share of the budget.
type MonthFlow struct {
	Month    domain.Date  `json:"month"` // the 1st of the month
	Budget   domain.Cents `json:"budget_cents"`
	Reserved domain.Cents `json:"reserved_cents"`
	Paid     domain.Cents `json:"paid_cents"`
}

// RevisionView is a revision with the total it led to.
type RevisionView struct {
	domain.GrantRevision
	YearlyTotal domain.Cents `json:"yearly_total_cents"`
}

// Grant returns one grant with balance, monthly flows and history.
func (s *Service) Grant(ctx context.Context, a Actor, id int64) (GrantView, error) {
	var v GrantView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		g, err := s.visibleGrant(ctx, tx, a, id)
		if err != nil {
			return err
		}
		v, err = s.grantView(ctx, tx, g, true)
		return err
	})
	return v, err
}

func (s *Service) grantView(ctx context.Context, tx *store.Tx, g domain.Grant, detail bool) (GrantView, error) {
	v := GrantView{Grant: g}
	var err error
	if v.Balance, err = tx.Balance(ctx, g.ID); err != nil {
		return v, err
	}
	if v.Verstrekker, err = tx.Organisation(ctx, g.VerstrekkerID); err != nil {
		return v, err
	}
	v.Forecast = domain.ForecastSpending(v.Balance.Granted, v.Balance.Paid+v.Balance.Reserved, g.Period, s.Today())
	if g.FreeAmount {
		if v.Free, err = freeAmountOf(ctx, tx, g); err != nil {
			return v, err
		}
	}
	if !detail {
		return v, nil
	}
	for _, r := range g.Revisions {
		v.History = append(v.History, RevisionView{GrantRevision: r, YearlyTotal: domain.LinesTotal(r.Lines)})
	}
	ps, err := tx.Postings(ctx, g.ID)
	if err != nil {
		return v, err
	}
	v.Months = monthFlows(g, ps)
	return v, nil
}

// monthFlows spreads postings over the months of the grant period (at most
// the last 24), with each month's pro-rata share of the budget. It is by
// month of care: a reservation is booked in the month its care was given,
// and its payment or release, whenever it happens, moves it in that same
// month from reserved to paid (a payment in December for October's care is
// October's), so that no month shows a negative reservation.
func monthFlows(g domain.Grant, ps []store.PostingRow) []MonthFlow {
	var months []MonthFlow
	idx := map[domain.Date]int{}
	for m := g.Period.Start.FirstOfMonth(); !m.After(g.Period.End); m = m.AddMonths(1) {
		end := m.AddMonths(1).AddDays(-1)
		seg, _ := domain.Period{Start: m, End: end}.Intersect(g.Period)
		idx[m] = len(months)
		months = append(months, MonthFlow{Month: m, Budget: budgetIn(g, seg)})
	}
	careMonth := map[store.Ref]domain.Date{} // a reservation's month, by what it reserves for
	for _, p := range ps {
		if _, seen := careMonth[p.Ref]; p.Kind == ledger.Reserved && p.Ref.ID != 0 && !seen {
			careMonth[p.Ref] = p.Booking.FirstOfMonth()
		}
	}
	for _, p := range ps {
		month := p.Booking.FirstOfMonth()
		if m, ok := careMonth[p.Ref]; ok && (p.Kind == ledger.Paid || p.Kind == ledger.Released) {
			month = m
		}
		i, ok := idx[month]
		if !ok {
			continue
		}
		switch p.Kind {
		case ledger.Reserved:
			months[i].Reserved += p.Amount
		case ledger.Released:
			months[i].Reserved -= p.Amount
		case ledger.Paid:
			months[i].Reserved -= p.Amount
			months[i].Paid += p.Amount
		case ledger.Returned:
			months[i].Paid -= p.Amount
		}
	}
	if len(months) > 24 {
		months = months[len(months)-24:]
	}
	return months
}

// budgetIn is the part of the grant that falls in period seg.
func budgetIn(g domain.Grant, seg domain.Period) domain.Cents {
	return domain.GrantedAmount(seg, clip(g.Revisions, seg))
}

// clip keeps the revisions relevant to seg, moving the one in force at its
// start to seg's start so that GrantedAmount counts it.
func clip(revs []domain.GrantRevision, seg domain.Period) []domain.GrantRevision {
	var out []domain.GrantRevision
	for i, r := range revs {
		nextStart := domain.Date{}
		if i+1 < len(revs) {
			nextStart = revs[i+1].EffectiveFrom
		}
		if !nextStart.IsZero() && !nextStart.After(seg.Start) {
			continue // ended before seg
		}
		if r.EffectiveFrom.After(seg.End) {
			break
		}
		if r.EffectiveFrom.Before(seg.Start) {
			r.EffectiveFrom = seg.Start
		}
		out = append(out, r)
	}
	return out
}

// GrantsOf lists the grants of a budget holder that the actor may see, each
// with its balance.
func (s *Service) GrantsOf(ctx context.Context, a Actor, bhID int64) ([]GrantView, error) {
	var out []GrantView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		if err := s.visibleBudgetHolder(ctx, tx, a, bhID); err != nil {
			return err
		}
		var only int64
		if a.Is(domain.RoleVerstrekker) {
			only = a.Role.OrganisationID
		}
		gs, err := tx.GrantsOf(ctx, bhID, only)
		if err != nil {
			return err
		}
		for _, g := range gs {
			v, err := s.grantView(ctx, tx, g, false)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// GrantAudit lists the audit records about a grant (staff only).
func (s *Service) GrantAudit(ctx context.Context, a Actor, id int64) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.db.View(ctx, func(tx *store.Tx) error {
		if _, err := s.visibleGrant(ctx, tx, a, id); err != nil {
			return err
		}
		if !a.Role.Role.IsStaff() {
			return domain.NotFound("grant")
		}
		var err error
		out, err = auditEntries(ctx, tx, "grant", id)
		return err
	})
	return out, err
}

// AuditEntry is an audit record as staff see it.
type AuditEntry struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Role   string    `json:"role"`
	Action string    `json:"action"`
	For    string    `json:"for,omitempty"` // the budget holder a representative acted for
}

// auditEntries are an object's audit records with the names of who acted,
// and for whom when a representative acted for a budget holder.
func auditEntries(ctx context.Context, tx *store.Tx, objType string, id int64) ([]AuditEntry, error) {
	recs, err := tx.AuditOf(ctx, objType, id, 100)
	if err != nil {
		return nil, err
	}
	var out []AuditEntry
	for _, r := range recs {
		e := AuditEntry{At: r.At, Action: r.Action, Role: r.ActorRole}
		if acc, err := tx.Account(ctx, r.ActorID); err == nil {
			e.Actor = acc.Name
		}
		if r.ActingFor != 0 && r.ActorRole == string(domain.RoleRepresentative) {
			if bh, err := tx.BudgetHolder(ctx, r.ActingFor); err == nil {
				e.For = bh.Name()
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// AgreementAudit is what happened to an agreement, for its parties: who did
// what, and for whom.
func (s *Service) AgreementAudit(ctx context.Context, a Actor, id int64) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.db.View(ctx, func(tx *store.Tx) error {
		if _, _, err := s.visibleAgreement(ctx, tx, a, id, false); err != nil {
			return err
		}
		var err error
		out, err = auditEntries(ctx, tx, "agreement", id)
		return err
	})
	return out, err
}

// PostForDemo books a reservation or payment on a grant as the system; the
// demo loader uses it until declarations exist to show a realistic balance.
func (s *Service) PostForDemo(ctx context.Context, grantID int64, kind ledger.Kind, amount domain.Cents, booking domain.Date) error {
	return s.db.Update(ctx, func(tx *store.Tx) error {
		p, err := ledger.New(kind, amount)
		if err != nil {
			return err
		}
		if err := tx.Post(ctx, grantID, p, booking, store.Ref{Type: "demo"}, s.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(System, "ledger."+string(kind), "grant", grantID, nil, map[string]any{"amount_cents": amount, "booking": booking}))
	})
}
