// Package i18n holds the portal's texts in Dutch (first) and English, in
// one catalog per language (catalog/nl.json, catalog/en.json; see
// catalog.go), and turns domain error codes into messages a user can act on.
package i18n

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Langs are the supported languages; the first is the default.
var Langs = []string{"nl", "en"}

// Normalize returns a supported language for s ("nl" when unknown).
func Normalize(s string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "en") {
		return "en"
	}
	return "nl"
}

// ForPage picks the language of a page: the "lang" cookie set by the
// language switch, else Dutch. Pages are Dutch first whatever the browser's
// settings; the switch is on every page.
func ForPage(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil {
		return Normalize(c.Value)
	}
	return "nl"
}

// FromRequest picks the language: the "lang" cookie, else Accept-Language.
func FromRequest(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil {
		return Normalize(c.Value)
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		if strings.HasPrefix(tag, "nl") {
			return "nl"
		}
		if strings.HasPrefix(tag, "en") {
			return "en"
		}
	}
	return "nl"
}

// T returns the text for key in lang, formatted with args (fmt verbs). A
// text with plural forms takes the form for its count (see catalog.go). An
// unknown key returns the key itself, so a missing text is visible.
func T(lang, key string, args ...any) string {
	l := "nl"
	if lang == "en" {
		l = "en"
	}
	e, ok := catalogs[l][key]
	if !ok {
		return key
	}
	s := e.form(args)
	if len(args) > 0 {
		fa := fmtArgs(lang, args)
		s = fmt.Sprintf(s, fa...)
		for _, a := range fa {
			if v, ok := a.(string); ok && strings.HasSuffix(v, ".") && !strings.HasSuffix(v, "..") {
				s = oneFullStop(s, v)
			}
		}
	}
	return s
}

// oneFullStop drops the sentence's full stop after v where v ends in one
// itself ("Welkom, %s." with "Zorg B.V."), but leaves an ellipsis.
func oneFullStop(s, v string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, v+".")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(v) + 1
		if end < len(s) && s[end] == '.' { // an ellipsis: keep it
			b.WriteString(s[:end])
		} else {
			b.WriteString(s[:end-1])
		}
		s = s[end:]
	}
}

// Has reports whether key has a text.
func Has(key string) bool { _, ok := catalogs["nl"][key]; return ok }

func fmtArgs(lang string, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case domain.Cents:
			out[i] = v.Format(lang)
		case domain.Date: // in a sentence: "6 december 2026"
			out[i] = v.Long(lang)
		case domain.Month:
			out[i] = v.Format(lang)
		case domain.UnitCount:
			out[i] = v.Format(lang)
		default:
			out[i] = a
		}
	}
	return out
}

// FieldMessage is the message for one field error. A check that refuses a
// declaration at entry (domain.CheckAt) is a field error with the check's
// code: its message is "err."+code where the entry needs its own words,
// else the check's.
// A check about the declaration as a whole (the budget, the IBAN) is at
// the field "declaration", where the check's own words apply.
func FieldMessage(lang string, f domain.FieldError) string {
	if Has("check."+f.Code) && (f.Field == "declaration" || !Has("err."+f.Code)) {
		return T(lang, "check."+f.Code, f.Args...)
	}
	return T(lang, "err."+f.Code, f.Args...)
}

// ErrorMessage is the message for an error as a whole (not its fields).
func ErrorMessage(lang string, err error) string {
	if e, ok := domain.AsError(err); ok {
		if e.Code == "not_found" {
			return T(lang, "err.not_found")
		}
		return T(lang, "err."+e.Code, e.Args...)
	}
	return T(lang, "err.internal")
}
