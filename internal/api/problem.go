package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
)

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail,omitempty"`
	Code   string         `json:"code"`
	Errors []ProblemField `json:"errors,omitempty"`
}

// ProblemField is one input field's problem.
type ProblemField struct {
	Field  string `json:"field"`
	Code   string `json:"code"`
	Detail string `json:"detail"`
	// edges: the amounts a refusal names (grant_below_used: committed_cents
	// and lowest_yearly_cents), for a client to show or use.
	Amounts map[string]domain.Cents `json:"amounts,omitempty"`
}

// requestError is a malformed request: status and code of its own. The
// detail text is the message of key (default "err."+code) with args; every
// text is in the catalogue, so no English fragment reaches a Dutch reader.
type requestError struct {
	status int
	code   string
	field  string
	key    string
	args   []any
}

func (e *requestError) Error() string { return e.code }

// HTTPStatus is the status of a malformed request (httpkit.Status).
func (e *requestError) HTTPStatus() int { return e.status }

func (e *requestError) detail(lang string) string {
	key := e.key
	if key == "" {
		key = "err." + e.code
	}
	args := make([]any, len(e.args))
	for i, a := range e.args {
		if k, ok := a.(textKey); ok {
			a = i18n.T(lang, string(k))
		}
		args[i] = a
	}
	return i18n.T(lang, key, args...)
}

// textKey is a message argument that is itself translated.
type textKey string

// problem writes err as problem+json; this is the one place where errors
// become HTTP statuses for the API.
func (a *API) problem(w http.ResponseWriter, r *http.Request, err error) {
	lang := i18n.FromRequest(r)
	p := a.problemOf(r, lang, err)
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Language", lang)
	httpkit.SetRetryAfter(w, p.Status)
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// problemOf maps err to its problem document (also used for the items of
// a batch); an internal error is logged and shown without its details.
func (a *API) problemOf(r *http.Request, lang string, err error) Problem {
	p := Problem{Status: httpkit.Status(err), Code: "internal"}
	var re *requestError
	switch {
	case errors.As(err, &re):
		p.Code = re.code
		p.Detail = re.detail(lang)
		if re.field != "" {
			p.Errors = []ProblemField{{Field: re.field, Code: re.code, Detail: p.Detail}}
		}
	default:
		if e, ok := domain.AsError(err); ok {
			p.Code = e.Code
			if p.Status != http.StatusInternalServerError {
				p.Detail = i18n.ErrorMessage(lang, err)
			}
			for _, f := range e.Fields {
				p.Errors = append(p.Errors, ProblemField{Field: f.Field, Code: f.Code, Detail: i18n.FieldMessage(lang, f), Amounts: fieldAmounts(f)})
			}
		}
	}
	if p.Status == http.StatusServiceUnavailable {
		a.log.WarnContext(r.Context(), "api request unavailable", "route", r.Pattern, "err", err)
	}
	if p.Status == http.StatusInternalServerError {
		p.Code = "internal"
		p.Detail = i18n.T(lang, "err.internal")
		if httpkit.Internal(err) {
			a.log.ErrorContext(r.Context(), "api request failed", "route", r.Pattern, "err", err)
		}
	}
	p.Type = "https://pgbportaal.nl/problems/" + p.Code
	p.Title = i18n.T(lang, fmt.Sprintf("title.%d", p.Status))
	return p
}

// fieldAmounts names the amounts of a field error that carries them.
func fieldAmounts(f domain.FieldError) map[string]domain.Cents {
	if f.Code == "grant_below_used" && len(f.Args) == 2 {
		committed, _ := f.Args[0].(domain.Cents)
		lowest, _ := f.Args[1].(domain.Cents)
		return map[string]domain.Cents{"committed_cents": committed, "lowest_yearly_cents": lowest}
	}
	return nil
}
