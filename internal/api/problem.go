package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
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
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// problemOf maps err to its problem document (also used for the items of
// a batch); an internal error is logged and shown without its details.
func (a *API) problemOf(r *http.Request, lang string, err error) Problem {
	p := Problem{Status: http.StatusInternalServerError, Code: "internal"}
	var re *requestError
	switch {
	case errors.As(err, &re):
		p.Status, p.Code = re.status, re.code
		p.Detail = re.detail(lang)
		if re.field != "" {
			p.Errors = []ProblemField{{Field: re.field, Code: re.code, Detail: p.Detail}}
		}
	default:
		if e, ok := domain.AsError(err); ok {
			p.Code = e.Code
			switch e.Kind {
			case domain.KindInvalid:
				p.Status = http.StatusUnprocessableEntity
			case domain.KindNotFound:
				p.Status = http.StatusNotFound
			case domain.KindForbidden:
				p.Status = http.StatusForbidden
			case domain.KindConflict:
				p.Status = http.StatusConflict
			case domain.KindUnauthenticated:
				p.Status = http.StatusUnauthorized
			case domain.KindTooMany:
				p.Status = http.StatusTooManyRequests
			}
			if p.Status != http.StatusInternalServerError {
				p.Detail = i18n.ErrorMessage(lang, err)
			}
			for _, f := range e.Fields {
				p.Errors = append(p.Errors, ProblemField{Field: f.Field, Code: f.Code, Detail: i18n.FieldMessage(lang, f), Amounts: fieldAmounts(f)})
			}
		}
	}
	if p.Status == http.StatusInternalServerError {
		p.Code = "internal"
		p.Detail = i18n.T(lang, "err.internal")
		if !errors.Is(err, context.Canceled) {
			a.log.Error("api request failed", "route", r.Pattern, "err", err)
		}
	}
	p.Type = "https://pgbportaal.nl/problems/" + p.Code
	p.Title = i18n.T(lang, fmt.Sprintf("title.%d", p.Status))
	return p
}

// decode reads exactly one JSON object into v: at most 1 MiB, no unknown
// fields, the right types. Each failure names the field where it can.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeUpTo(w, r, 1<<20, v)
}

// decodeUpTo is decode for a body of at most max bytes.
func decodeUpTo(w http.ResponseWriter, r *http.Request, max int64, v any) error {
	ct := r.Header.Get("Content-Type")
	if ct != "" && !strings.HasPrefix(ct, "application/json") {
		return &requestError{status: http.StatusUnsupportedMediaType, code: "unsupported_media"}
	}
	return decodeFrom(http.MaxBytesReader(w, r.Body, max), v)
}

// decodeFrom reads exactly one JSON value from rd into v; see decode.
func decodeFrom(rd io.Reader, v any) error {
	dec := json.NewDecoder(rd)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	var b64 base64.CorruptInputError
	switch {
	case err == nil:
		if _, err := dec.Token(); err != io.EOF {
			return &requestError{status: http.StatusBadRequest, code: "malformed_json", key: "api.json_trailing"}
		}
		if field, ok := badText(reflect.ValueOf(v), ""); ok {
			return &requestError{status: http.StatusBadRequest, code: "control_character", field: field}
		}
		return nil
	case errors.As(err, &tooBig):
		return tooLarge(tooBig.Limit)
	case errors.As(err, &b64):
		return &requestError{status: http.StatusBadRequest, code: "bad_base64"}
	case errors.As(err, &syn):
		return &requestError{status: http.StatusBadRequest, code: "malformed_json", key: "api.json_syntax", args: []any{syn.Offset}}
	case errors.As(err, &typ):
		return &requestError{status: http.StatusBadRequest, code: "wrong_type", field: typ.Field, args: []any{jsonType(typ.Type)}}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &requestError{status: http.StatusBadRequest, code: "malformed_json", key: "api.json_cut_off"}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &requestError{status: http.StatusBadRequest, code: "unknown_field", field: field, key: "api.unknown_field", args: []any{field}}
	}
	return &requestError{status: http.StatusBadRequest, code: "malformed_json"}
}

// tooLarge refuses a body over limit bytes.
func tooLarge(limit int64) error {
	return &requestError{status: http.StatusRequestEntityTooLarge, code: "body_too_large", args: []any{limit >> 20}} // (whole MiB, never more than is taken)
}

// jsonType names what a Go type expects in JSON terms (never a Go name).
func jsonType(t reflect.Type) textKey {
	if t == nil {
		return "api.type.object"
	}
	switch t.Kind() {
	case reflect.String:
		return "api.type.string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "api.type.integer"
	case reflect.Float32, reflect.Float64:
		return "api.type.number"
	case reflect.Bool:
		return "api.type.boolean"
	case reflect.Slice, reflect.Array:
		return "api.type.array"
	case reflect.Pointer:
		return jsonType(t.Elem())
	}
	return "api.type.object"
}

// reply writes v as JSON with status.
func reply(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
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

// badText finds the first text in a decoded body that domain.TextAllowed
// refuses (a NUL or another control character, which JSON can carry as
// \u0000), and names it by its JSON path ("lines[2].note"). Files ([]byte,
// sent as base64) are not text and are not looked at.
func badText(v reflect.Value, path string) (string, bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "", false
		}
		return badText(v.Elem(), path)
	case reflect.String:
		return path, !domain.TextAllowed(v.String())
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if f.Anonymous && f.Tag.Get("json") == "" {
				name = ""
			}
			if p, bad := badText(v.Field(i), joinPath(path, name)); bad {
				return p, true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return "", false
		}
		for i := range v.Len() {
			if p, bad := badText(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); bad {
				return p, true
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := fmt.Sprint(iter.Key().Interface())
			if !domain.TextAllowed(k) {
				return path, true
			}
			if p, bad := badText(iter.Value(), joinPath(path, k)); bad {
				return p, true
			}
		}
	}
	return "", false
}

func joinPath(path, name string) string {
	switch {
	case name == "":
		return path
	case path == "":
		return name
	}
	return path + "." + name
}
