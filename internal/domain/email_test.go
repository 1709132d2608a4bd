package domain

import (
	"errors"
	"testing"
)

// TestParseEmail: an address is refused at input when it carries a control
// character (CR, LF, TAB, NUL...), a space, a display name or brackets, so
// that it can never smuggle a header into a mail (review finding L7); the
// refusal is a field error on "email".
func TestParseEmail(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Jan@Example.NL", "jan@example.nl"},
		{"  a.b+c@sub.example.nl ", "a.b+c@sub.example.nl"},
		{"o'neil@example.nl", "o'neil@example.nl"},
		{"zoë@example.nl", "zoë@example.nl"},
	} {
		got, err := ParseEmail(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseEmail(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{
		"0@.\r0", // what the fuzz target found
		"a@example.nl\r\nBcc: victim@example.nl",
		"a@example.nl\nBcc: victim@example.nl",
		"a\r@example.nl",
		"a@exam\tple.nl",
		"a@example.nl\x00",
		"a\x7f@example.nl",
		"a\u0085@example.nl",
		"a\u200b@example.nl", // zero-width space
		"a\u202e@example.nl", // right-to-left override
		"a b@example.nl",
		"Jan <jan@example.nl>",
		"<jan@example.nl>",
		"jan@example.nl (Jan)",
		`"jan"@example.nl`,
		"jan@example.nl,piet@example.nl",
		"jan@@example.nl",
		"jan@example",
		"@example.nl",
		"jan@",
		"jan@.",
		"jan@example..nl",
		"\xff@example.nl",
	} {
		_, err := ParseEmail(in)
		var de *Error
		if !errors.As(err, &de) || de.Kind != KindInvalid || len(de.Fields) != 1 || de.Fields[0].Field != "email" || de.Fields[0].Code != "email_invalid" {
			t.Errorf("ParseEmail(%q): %v, want a field error email/email_invalid", in, err)
		}
	}
	if _, err := ParseEmail("  "); err == nil {
		t.Error("an empty address was accepted")
	}
}
