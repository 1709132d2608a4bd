package i18n

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
)

// The texts live in one catalog per language, catalog/nl.json and
// catalog/en.json, embedded in the binary. A catalog maps a key to its text,
// a fmt format:
//
//	"decl.pdf_id": "Declaratie %s",
//
// or, for a text about a number of things, to its plural forms by CLDR
// category ("one" for exactly 1, "other" for the rest, in Dutch and English):
//
//	"outbox.attempts": {"one": "%d poging", "other": "%d pogingen"},
//
// T picks the form by the count, the first argument of an integer type (int,
// int64, …; not domain.Cents or domain.UnitCount).
//
// To add a text, add its key to both files, in alphabetical order. The tests
// check that both catalogs hold the same keys with the same fmt verbs
// (TestCatalogsAgree), that every key the Go code and the templates look up
// is there, including an error's code as "err."+code and a finding's as
// "check."+code (TestEveryUsedKeyHasText), and that every text is used
// (TestEveryTextIsUsed).
//
//go:embed catalog/nl.json catalog/en.json
var catalogFiles embed.FS

// entry is one text: its plain form, or its plural forms.
type entry struct {
	text       string
	plural     bool
	one, other string
}

// form returns the text for count n (one or other), or the plain text.
func (e entry) form(args []any) string {
	if !e.plural {
		return e.text
	}
	if n, ok := count(args); ok && n == 1 {
		return e.one
	}
	return e.other
}

// count is the first argument of a built-in integer type.
func count(args []any) (int64, bool) {
	for _, a := range args {
		switch v := a.(type) {
		case int:
			return int64(v), true
		case int8:
			return int64(v), true
		case int16:
			return int64(v), true
		case int32:
			return int64(v), true
		case int64:
			return v, true
		case uint:
			return int64(v), true
		case uint8:
			return int64(v), true
		case uint16:
			return int64(v), true
		case uint32:
			return int64(v), true
		case uint64:
			return int64(v), true
		}
	}
	return 0, false
}

// catalogs: language → key → text, loaded once at start.
var catalogs = mustLoad()

func mustLoad() map[string]map[string]entry {
	out := map[string]map[string]entry{}
	for _, lang := range Langs {
		c, err := loadCatalog(lang)
		if err != nil {
			panic(err)
		}
		out[lang] = c
	}
	return out
}

func loadCatalog(lang string) (map[string]entry, error) {
	b, err := catalogFiles.ReadFile("catalog/" + lang + ".json")
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("i18n: catalog %s: %w", lang, err)
	}
	c := make(map[string]entry, len(raw))
	for k, v := range raw {
		var e entry
		if err := json.Unmarshal(v, &e.text); err != nil {
			var forms struct{ One, Other *string }
			d := json.NewDecoder(bytes.NewReader(v))
			d.DisallowUnknownFields()
			if err := d.Decode(&forms); err != nil || forms.One == nil || forms.Other == nil {
				return nil, fmt.Errorf("i18n: catalog %s: %q is neither a text nor {\"one\": …, \"other\": …}", lang, k)
			}
			e = entry{plural: true, one: *forms.One, other: *forms.Other}
		}
		c[k] = e
	}
	return c, nil
}
