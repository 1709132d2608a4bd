package i18n

import (
	"os"
	"regexp"
	"testing"
)

// TestEveryCheckHasMessages reads the codes the declaration checks can
// produce from their source and requires a Dutch and English message for
// each, so that nobody gets a bare code.
func TestEveryCheckHasMessages(t *testing.T) {
	src, err := os.ReadFile("../domain/declaration.go")
	if err != nil {
		t.Fatal(err)
	}
	codes := regexp.MustCompile(`(?:add|sig)\("([a-z_0-9]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(codes) < 20 {
		t.Fatalf("found %d codes; the pattern is broken", len(codes))
	}
	for _, m := range codes {
		key := "check." + m[1]
		if !Has(key) || T("nl", key) == T("en", key) {
			t.Errorf("%s lacks a Dutch or English message", key)
		}
	}
}

func TestLanguage(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "EN-gb": "en", "nl": "nl", "de": "nl", "": "nl"} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q", in, got)
		}
	}
	if T("en", "err.not_found") != "Not found." || T("nl", "no.such.key") != "no.such.key" {
		t.Error("T")
	}
}

// TestOneFullStop: a name that ends in a full stop ("B.V.") at the end of
// a sentence gives one full stop, not two; other texts stay as they are.
func TestOneFullStop(t *testing.T) {
	for k, v := range map[string][2]string{"test.welcome": {"Welkom, %s.", "Welcome, %s."}, "test.mid": {"%s. Daarna %s...", "%s. Then %s..."}} {
		catalogs["nl"][k], catalogs["en"][k] = entry{text: v[0]}, entry{text: v[1]}
		t.Cleanup(func() { delete(catalogs["nl"], k); delete(catalogs["en"], k) })
	}
	for _, tc := range []struct{ lang, key, arg, want string }{
		{"nl", "test.welcome", "Thuiszorg Midden B.V.", "Welkom, Thuiszorg Midden B.V."},
		{"en", "test.welcome", "Thuiszorg Midden B.V.", "Welcome, Thuiszorg Midden B.V."},
		{"nl", "test.welcome", "R. Smit", "Welkom, R. Smit."},
		{"nl", "test.mid", "Zorg B.V.", "Zorg B.V. Daarna Zorg B.V...."}, // the ellipsis stays
	} {
		args := []any{tc.arg}
		if tc.key == "test.mid" {
			args = append(args, tc.arg)
		}
		if got := T(tc.lang, tc.key, args...); got != tc.want {
			t.Errorf("T(%s, %q) = %q, want %q", tc.key, tc.arg, got, tc.want)
		}
	}
}
