package domain

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// Text input from outside (forms, query strings, JSON bodies, CSV cells) is
// refused at the edge when it holds what no person types: bytes that are not
// UTF-8, NUL, or another control character but tab, line feed and carriage
// return (which a text area sends). PostgreSQL refuses such text anyway (a
// NUL in a string is an error there), SQLite stores it, and a mail or a file
// built from it could break; refusing it once, at the edge, keeps both
// databases alike and the message clear.

// TextAllowed reports whether s is text a person can have typed.
func TextAllowed(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r != '\t' && r != '\n' && r != '\r' && unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// CheckText is nil when s is allowed, else an Invalid error at field with
// the code "control_character".
func CheckText(field, s string) *Error {
	if TextAllowed(s) {
		return nil
	}
	return &Error{Kind: KindInvalid, Code: "control_character", Fields: []FieldError{{Field: field, Code: "control_character"}}}
}

// CheckValues checks every name and value of a form or a query string; the
// error names each field that holds a character not allowed, in order.
func CheckValues(values map[string][]string) *Error {
	var bad []string
	for name, vs := range values {
		ok := TextAllowed(name)
		for _, v := range vs {
			ok = ok && TextAllowed(v)
		}
		if !ok {
			if !TextAllowed(name) {
				name = "?"
			}
			bad = append(bad, name)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	e := &Error{Kind: KindInvalid, Code: "control_character"}
	for _, f := range bad {
		e.Fields = append(e.Fields, FieldError{Field: f, Code: "control_character"})
	}
	return e
}
