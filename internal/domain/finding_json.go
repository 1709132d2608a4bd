package domain

import (
	"encoding/json"
	"math"
	"regexp"
)

// edges: a finding is stored as JSON (findings_json, audit records) and read
// back later to be shown. JSON alone would turn its arguments into float64
// and strings, so that "%d weeks" came back as "%!d(float64=6) weeks" and a
// date or an amount lost its format. A finding therefore carries the type of
// each argument ("arg_types") and is read back with the same Go types, so its
// message reads the same from storage as at the moment of refusal.

// findingWire is a Finding as stored.
type findingWire struct {
	Code     string   `json:"code"`
	Field    string   `json:"field,omitempty"`
	Args     []any    `json:"args,omitempty"`
	ArgTypes []string `json:"arg_types,omitempty"`
}

// Argument types a finding keeps.
const (
	argInt    = "int"
	argInt64  = "int64"
	argCents  = "cents"
	argDate   = "date"
	argString = "string"
	argPer    = "per"
)

// MarshalJSON writes the finding with the types of its arguments.
func (f Finding) MarshalJSON() ([]byte, error) {
	w := findingWire{Code: f.Code, Field: f.Field, Args: f.Args}
	if len(f.Args) > 0 {
		w.ArgTypes = make([]string, len(f.Args))
		for i, a := range f.Args {
			switch v := a.(type) {
			case int, int32:
				w.ArgTypes[i] = argInt
			case int64:
				w.ArgTypes[i] = argInt64
			case Cents:
				w.ArgTypes[i] = argCents
			case Date:
				w.ArgTypes[i] = argDate
			case Per:
				w.ArgTypes[i] = argPer
			case string:
				w.ArgTypes[i] = argString
			default:
				_ = v // anything else travels as JSON gives it back
			}
		}
	}
	return json.Marshal(w)
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// UnmarshalJSON reads a finding back with the Go types its arguments had.
// A finding stored before the types were kept gets whole numbers as int64
// and ISO dates as dates.
func (f *Finding) UnmarshalJSON(b []byte) error {
	var w findingWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	f.Code, f.Field, f.Args = w.Code, w.Field, nil
	if len(w.Args) == 0 {
		return nil
	}
	f.Args = make([]any, len(w.Args))
	for i, a := range w.Args {
		typ := ""
		if i < len(w.ArgTypes) {
			typ = w.ArgTypes[i]
		}
		f.Args[i] = restoreArg(typ, a)
	}
	return nil
}

func restoreArg(typ string, a any) any {
	switch v := a.(type) {
	case float64:
		n := int64(math.Round(v))
		switch typ {
		case argInt:
			return int(n)
		case argCents:
			return Cents(n)
		case argInt64:
			return n
		}
		if v == math.Trunc(v) {
			return n
		}
		return v
	case string:
		switch typ {
		case argDate:
			if d, err := ParseDate(v); err == nil {
				return d
			}
		case argPer:
			return Per(v)
		case "":
			if isoDate.MatchString(v) {
				if d, err := ParseDate(v); err == nil {
					return d
				}
			}
		}
		return v
	}
	return a
}
