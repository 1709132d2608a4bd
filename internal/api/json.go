// Reading and writing JSON bodies: one way to read a request (decode),
// whose failures name the field, and one way to answer (reply).

package api

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
)

// centsString turns integer cents from JSON into the service's amount text.
func centsString(c *domain.Cents) string {
	if c == nil {
		return ""
	}
	return c.Plain("en")
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

// decodeOptional is decode for a body that may be left out (an action
// without a reason): an empty body leaves v as it is.
func decodeOptional(w http.ResponseWriter, r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return decode(w, r, v)
}

// missingFields refuses a body that leaves out fields it must give: a 400
// (the request is malformed, not its values) with each missing field named.
func missingFields(fields []string) error {
	e := &domain.Error{Kind: domain.KindInvalid, Code: "missing_field"}
	for _, f := range fields {
		e.Fields = append(e.Fields, domain.FieldError{Field: f, Code: "missing_field"})
	}
	return httpkit.BadRequest(e)
}

// decodeMergePatch reads a JSON Merge Patch (RFC 7396, application/
// merge-patch+json) of an object whose fields are all texts: the fields
// given, each a text or null (clear). A field not in allowed is a 400
// unknown_field, a value of another type a 400 wrong_type.
func decodeMergePatch(w http.ResponseWriter, r *http.Request, allowed ...string) (map[string]*string, error) {
	ct := r.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "application/merge-patch+json") {
		return nil, &requestError{status: http.StatusUnsupportedMediaType, code: "unsupported_media"}
	}
	var raw map[string]json.RawMessage
	if err := decodeFrom(http.MaxBytesReader(w, r.Body, 1<<20), &raw); err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, &requestError{status: http.StatusBadRequest, code: "wrong_type", args: []any{jsonType(reflect.TypeFor[map[string]any]())}}
	}
	out := map[string]*string{}
	for k, v := range raw {
		if !slices.Contains(allowed, k) {
			return nil, &requestError{status: http.StatusBadRequest, code: "unknown_field", field: k, key: "api.unknown_field", args: []any{k}}
		}
		if string(v) == "null" {
			out[k] = nil
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, &requestError{status: http.StatusBadRequest, code: "wrong_type", field: k, args: []any{jsonType(reflect.TypeFor[string]())}}
		}
		if field, ok := badText(reflect.ValueOf(&s), k); ok {
			return nil, &requestError{status: http.StatusBadRequest, code: "control_character", field: field}
		}
		out[k] = &s
	}
	return out, nil
}
