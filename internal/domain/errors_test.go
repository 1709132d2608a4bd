package domain

import (
	"errors"
	"fmt"
	"testing"
)

// TestErrorCodes: a code is read from the error type, also through wrapping,
// and never from an error's text.
func TestErrorCodes(t *testing.T) {
	two := &Validation{}
	two.Add("a", "nothing")
	two.Add("b", "nothing")
	for _, tc := range []struct {
		name      string
		err       error
		code      string
		has, only bool // HasCode(err, code), IsOnlyField(err, code)
	}{
		{"conflict", Conflict("already_exists"), "already_exists", true, false},
		{"wrapped", fmt.Errorf("saving: %w", Conflict("insufficient_budget", 5)), "insufficient_budget", true, false},
		{"another code", Conflict("already_exists"), "grant_settled", false, false},
		{"text alike, not the type", errors.New("already_exists"), "already_exists", false, false},
		{"nil", nil, "already_exists", false, false},
		{"one field", Invalid("cutoff", "payrun_nothing_to_pay"), "payrun_nothing_to_pay", false, true},
		{"one field, wrapped", fmt.Errorf("x: %w", Invalid("until", "settlement_nothing")), "settlement_nothing", false, true},
		{"one field, another code", Invalid("cutoff", "date"), "payrun_nothing_to_pay", false, false},
		{"two fields", two.Err(), "nothing", false, false},
		{"the whole error's code", Invalid("cutoff", "date"), "validation", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HasCode(tc.err, tc.code); got != tc.has {
				t.Errorf("HasCode(%v, %q) = %v, want %v", tc.err, tc.code, got, tc.has)
			}
			if e, ok := AsCode(tc.err, tc.code); ok != tc.has || (ok && e.Code != tc.code) {
				t.Errorf("AsCode(%v, %q) = %v, %v", tc.err, tc.code, e, ok)
			}
			if got := IsOnlyField(tc.err, tc.code); got != tc.only {
				t.Errorf("IsOnlyField(%v, %q) = %v, want %v", tc.err, tc.code, got, tc.only)
			}
		})
	}
	if e, ok := AsCode(Conflict("insufficient_budget", 7), "insufficient_budget"); !ok || len(e.Args) != 1 || e.Args[0] != 7 {
		t.Errorf("AsCode keeps the error's arguments: %v", e)
	}
}
