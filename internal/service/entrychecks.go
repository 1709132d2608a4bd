package service

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// checkInput gathers what the checks of r need, in tx, in one round trip
// on PostgreSQL. With lock the grant's rows stay locked until the
// transaction ends (at approval, which reserves on that balance); at entry
// nothing is reserved and nothing is locked. A declaration not stored yet
// (ID 0) keeps HasAttachment as its files set it; a stored one has it from
// its attachments (the invoice attached, not merely named).
func (s *Service) checkInput(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, ag domain.Agreement, lock bool) (domain.CheckInput, store.CheckContext, error) {
	in := domain.CheckInput{Today: s.Today()} // the representation's read needs it
	var cc store.CheckContext
	var err error
	if lock {
		cc, err = tx.LoadCheckContext(ctx, *r, &in)
	} else {
		cc, err = tx.LoadEntryCheckContext(ctx, *r, &in)
	}
	if err != nil {
		return in, cc, err
	}
	g, p := cc.Grant, cc.Provider
	in.Today, in.Law, in.GrantPeriod, in.ProviderKind, in.Left, in.IBAN = s.Today(), g.Law, g.Period, p.Kind, cc.Balance.Left(), p.IBAN
	in.Agreement = inForce(cc.Versions, ag)
	in.GrantDecidedOn = g.DecidedOn
	in.MaxRate = func(careType string, kind domain.ProviderKind) (domain.Cents, bool) {
		cents, ok := cc.MaxRates[kind][careType]
		return cents, ok
	}
	if r.ID != 0 {
		r.D.HasAttachment = len(cc.Attachments) > 0
	}
	return in, cc, nil
}

// entryChecks runs the checks of domain.StepEntry on r as it is sent to the
// budget holder (or registered from paper). What they refuse is refused
// here, as a validation error at the fields of the form it came from, so
// that nothing reaches the budget holder that the checks would refuse at
// approval anyway. The fields: a line's own ("lines[3].units"), "month" for
// the period, "file" for the invoice, "invoice_total", "kind", "amount",
// "travel_km", and "declaration" for the whole (the budget, the IBAN).
func (s *Service) entryChecks(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, ag domain.Agreement) error {
	in, _, err := s.checkInput(ctx, tx, r, ag, false)
	if err != nil {
		return err
	}
	refusals, _ := domain.CheckAt(domain.StepEntry, r.D, in)
	var v domain.Validation
	for _, f := range refusals {
		v.Add(entryField(f.Field), f.Code, f.Args...)
	}
	return v.Err()
}

// entryField is the form's field for a finding's field.
func entryField(field string) string {
	switch field {
	case "period":
		return "month"
	case "invoice":
		return "file"
	case "":
		return "declaration"
	}
	return field
}

// sortDeclLines sorts a declaration's lines by day, as they are stored, and
// returns for each sorted line the index of the input line (a grid cell, an
// API line, a CSV row) it came from; nil when the lines do not match the
// input one to one. Empty cells were skipped by parseDeclLines.
func sortDeclLines(lines []domain.DeclLine, inputs []DeclLineInput) []int {
	var from []int
	for i, l := range inputs {
		if strings.TrimSpace(l.Units) != "" {
			from = append(from, i)
		}
	}
	perm := make([]int, len(lines))
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(x, y int) int { return lines[x].Date.Compare(lines[y].Date) })
	sorted := make([]domain.DeclLine, len(lines))
	origins := make([]int, len(lines))
	for k, i := range perm {
		sorted[k] = lines[i]
		if len(from) == len(lines) {
			origins[k] = from[i]
		}
	}
	copy(lines, sorted)
	if len(from) != len(lines) {
		return nil
	}
	return origins
}

// inputOrigins is what sortDeclLines returns for lines as typed, for a
// declaration stored from them (its lines are stored in that order).
func inputOrigins(inputs []DeclLineInput) []int {
	var lines []domain.DeclLine
	for _, l := range inputs {
		if strings.TrimSpace(l.Units) != "" {
			d, _ := domain.ParseDate(strings.TrimSpace(l.Date))
			lines = append(lines, domain.DeclLine{Date: d})
		}
	}
	return sortDeclLines(lines, inputs)
}

// atInputLines renames the fields "lines[k]…" of a validation error, which
// count the sorted lines, to the input lines they came from.
func atInputLines(err error, origins []int) error {
	e, ok := domain.AsError(err)
	if !ok || e.Kind != domain.KindInvalid || origins == nil {
		return err
	}
	for i, f := range e.Fields {
		rest, ok := strings.CutPrefix(f.Field, "lines[")
		if !ok {
			continue
		}
		n, tail, ok := strings.Cut(rest, "]")
		k, err := strconv.Atoi(n)
		if !ok || err != nil || k < 0 || k >= len(origins) {
			continue
		}
		e.Fields[i].Field = "lines[" + strconv.Itoa(origins[k]) + "]" + tail
	}
	return e
}
