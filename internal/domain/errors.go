package domain

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error so that the edges (HTML, API, CLI) can map it to a
// status once, in one place.
type Kind int

const (
	KindInternal        Kind = iota
	KindInvalid              // the input breaks a rule; fields say where
	KindNotFound             // does not exist, or is not yours to see
	KindForbidden            // you may see it but not do this
	KindConflict             // the state does not allow this now
	KindUnauthenticated      // who are you?
	KindTooMany              // throttled
	KindUnavailable          // the database cannot be reached now (a failover); try again shortly
)

// FieldError is one problem with one input field. Code is stable and is the
// key of the message in the catalogues (internal/i18n); Args fill it in.
type FieldError struct {
	Field string
	Code  string
	Args  []any
}

// Error is the one error type of the domain and the services.
type Error struct {
	Kind   Kind
	Code   string       // stable, e.g. "not_found", "validation", "insufficient_budget"
	Fields []FieldError // for KindInvalid
	Args   []any        // message arguments for Code
	Err    error        // wrapped cause, never shown to users
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Code)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Invalid is a validation error on a single field.
func Invalid(field, code string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Code: "validation", Fields: []FieldError{{Field: field, Code: code, Args: args}}}
}

// NotFound says an object does not exist (or is not the caller's to see).
func NotFound(what string) *Error {
	return &Error{Kind: KindNotFound, Code: "not_found", Args: []any{what}}
}

// Conflict says the current state does not allow the action.
func Conflict(code string, args ...any) *Error {
	return &Error{Kind: KindConflict, Code: code, Args: args}
}

// Forbidden says the caller may not do this.
func Forbidden(code string) *Error { return &Error{Kind: KindForbidden, Code: code} }

// Unauthenticated says the caller must log in (again).
func Unauthenticated(code string) *Error { return &Error{Kind: KindUnauthenticated, Code: code} }

// Unavailable says the work could not be done because the database cannot
// be reached or take it now (restarted, failed over, a standby not yet
// promoted): the same request may succeed when sent again shortly. err is
// the cause, for the log; nothing of it is shown.
func Unavailable(err error) *Error {
	return &Error{Kind: KindUnavailable, Code: "unavailable", Err: err}
}

// KindOf returns the kind of err; KindInternal for foreign errors.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// CodeOf returns the stable code of err, or "" when err is not an *Error.
func CodeOf(err error) string {
	if e, ok := AsError(err); ok {
		return e.Code
	}
	return ""
}

// HasCode reports whether the *Error in err's chain has the stable code code
// (compare codes through the error type, never through err.Error()).
func HasCode(err error, code string) bool {
	e, ok := AsError(err)
	return ok && e.Code == code
}

// AsCode returns the *Error in err's chain when it has code code.
func AsCode(err error, code string) (*Error, bool) {
	e, ok := AsError(err)
	return e, ok && e.Code == code
}

// IsOnlyField reports whether err is a validation error with a single field
// error and that one has code code (a refusal a command reports as news, not
// as a failure: nothing to pay, nothing to settle).
func IsOnlyField(err error, code string) bool {
	e, ok := AsError(err)
	return ok && e.Kind == KindInvalid && len(e.Fields) == 1 && e.Fields[0].Code == code
}

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Validation collects field errors while checking a form.
type Validation struct{ fields []FieldError }

// Add records a field error.
func (v *Validation) Add(field, code string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Code: code, Args: args})
}

// AddErr records err when it is a validation error (re-targeted to field),
// or returns false so the caller can handle it.
func (v *Validation) AddErr(field string, err error) {
	if err == nil {
		return
	}
	if e, ok := AsError(err); ok && e.Kind == KindInvalid {
		for _, f := range e.Fields {
			f.Field = field
			v.fields = append(v.fields, f)
		}
		return
	}
	v.fields = append(v.fields, FieldError{Field: field, Code: "invalid"})
}

// Has reports whether field has an error already.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns nil when nothing was added, else a KindInvalid *Error.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Kind: KindInvalid, Code: "validation", Fields: v.fields}
}
