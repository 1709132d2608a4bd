package store

import "strings"

// rowPart is one table's columns in a row that joins several: dest gives
// the scan destinations in column order, done finishes the value after the
// scan (names to domain types, sealed values opened).
type rowPart interface {
	dest() []any
	done() error
}

// scanParts scans one row made of parts, in order.
func scanParts(s interface{ Scan(...any) error }, parts ...rowPart) error {
	var dest []any
	for _, p := range parts {
		dest = append(dest, p.dest()...)
	}
	if err := s.Scan(dest...); err != nil {
		return err
	}
	for _, p := range parts {
		if err := p.done(); err != nil {
			return err
		}
	}
	return nil
}

// prefixed qualifies each column of a column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = alias + "." + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// The column lists qualified for joins.
var (
	agreementColsA = prefixed("a", agreementCols)
	provColsP      = prefixed("p", provCols)
	bhColsH        = prefixed("h", bhCols)
)
