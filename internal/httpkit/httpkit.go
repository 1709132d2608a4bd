// Package httpkit is what the pages (internal/web) and the JSON API
// (internal/api) share about HTTP, so that both read a request and answer
// an error the same way: how an id in an address is read, and which status
// each kind of error gets.
package httpkit

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// ParseID reads an object's id as it appears in an address: a positive
// integer written plainly ("17"). A sign, a leading zero, spaces or anything
// else is no id, so that one object has one address ("/04" and "/+4" are
// not "/4").
func ParseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != s {
		return 0, false
	}
	return id, true
}

// PathID reads the path value name ("id" in "/declaraties/{id}") as an id;
// anything else is "not found", as an object that does not exist.
func PathID(r *http.Request, name string) (int64, error) {
	id, ok := ParseID(r.PathValue(name))
	if !ok {
		return 0, domain.NotFound("object")
	}
	return id, nil
}

// statusOfKind is the one table from an error's kind to its HTTP status.
// Someone else's object is "not found", as if it did not exist.
var statusOfKind = map[domain.Kind]int{
	domain.KindInvalid:         http.StatusUnprocessableEntity,
	domain.KindNotFound:        http.StatusNotFound,
	domain.KindForbidden:       http.StatusForbidden,
	domain.KindConflict:        http.StatusConflict,
	domain.KindUnauthenticated: http.StatusUnauthorized,
	domain.KindTooMany:         http.StatusTooManyRequests,
	domain.KindUnavailable:     http.StatusServiceUnavailable,
}

// RetryAfterUnavailable is the Retry-After (seconds) of a 503 answer: a
// standby is promoted, or the database restarted, within seconds.
const RetryAfterUnavailable = "5"

// SetRetryAfter tells the client when to try again, for an answer of
// status (before the status is written): a 503 answer gets
// RetryAfterUnavailable.
func SetRetryAfter(w http.ResponseWriter, status int) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", RetryAfterUnavailable)
	}
}

// Status is the HTTP status of err: the status it was given where the
// request was read (BadRequest, or any error with an HTTPStatus method),
// else by its kind for the domain's errors, else 500 (which the caller logs
// and never shows). The store gives a database that cannot be reached the
// kind domain.KindUnavailable (503), at its one transaction boundary.
func Status(err error) int {
	var own interface{ HTTPStatus() int }
	if errors.As(err, &own) {
		return own.HTTPStatus()
	}
	if s, ok := statusOfKind[domain.KindOf(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// BadRequest marks err as a request sent wrongly: 400 Bad Request, where
// a refusal of what was asked is 422. A form or query string with a
// character nobody types is one, on the pages and the API alike. The error
// keeps its kind, code and fields (for its message).
func BadRequest(err error) error { return &statusError{err: err, status: http.StatusBadRequest} }

type statusError struct {
	err    error
	status int
}

func (e *statusError) Error() string   { return e.err.Error() }
func (e *statusError) Unwrap() error   { return e.err }
func (e *statusError) HTTPStatus() int { return e.status }

// Internal reports whether err is the server's own failure, to be logged:
// a status of 500 that is not the client going away.
func Internal(err error) bool {
	return Status(err) == http.StatusInternalServerError && !errors.Is(err, context.Canceled)
}
