package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash format: %s", h)
	}
	if !CheckPassword(h, "correct horse battery") {
		t.Error("right password refused")
	}
	if CheckPassword(h, "correct horse batterY") || CheckPassword(h, "") || CheckPassword("garbage", "x") {
		t.Error("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Error("salt not random")
	}
}

// TestValidatePassword: NIST SP 800-63B: at least 12 characters, no
// composition rules, common and guessable passwords refused (zxcvbn, with
// the account's own e-mail and name as words an attacker tries first).
func TestValidatePassword(t *testing.T) {
	email, name := "jan.devries@voorbeeld.nl", "Jan de Vries"
	for _, c := range []struct{ pw, want string }{
		{"short", "password_too_short"},
		{"password12", "password_too_short"}, // the audit's example: 10 characters
		{"elf tekens.", "password_too_short"},
		{"password1234", "password_guessable"},
		{"123456789012", "password_guessable"},
		{"qwertyuiop12", "password_guessable"},
		{"aaaaaaaaaaaa", "password_guessable"},
		{"Welkom012345", "password_guessable"},
		{"jan.devries@voorbeeld.nl", "password_is_email"},
		{"jandevries2026", "password_guessable"},   // the user's own name with a year
		{"devriesvoorbeeld", "password_guessable"}, // parts of the e-mail address
		// No composition rules: long lower-case phrases pass.
		{"lang genoeg wachtwoord", ""},
		{"correct horse battery staple", ""},
		{"een-lang-wachtwoord-2026", ""},
		{"fietsbel paraplu sneeuw", ""},
	} {
		if got := ValidatePassword(c.pw, email, name); got != c.want {
			t.Errorf("ValidatePassword(%q) = %q, want %q", c.pw, got, c.want)
		}
	}
	// A very long password is judged quickly (zxcvbn sees its start).
	var b strings.Builder
	for i := range 40_000 {
		b.WriteByte("abcdefghijklmnopqrstuvwxyz0123456789 -"[(i*7919+i*i*31)%38])
	}
	long := b.String()
	start := time.Now()
	if got := ValidatePassword(long); got != "" {
		t.Errorf("long password: %q", got)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("judging a 40,000-character password took %v", d)
	}
}

func TestTOTP(t *testing.T) {
	secret, url, err := NewTOTP("a@example.nl")
	if err != nil || !strings.HasPrefix(url, "otpauth://totp/") {
		t.Fatal(err, url)
	}
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	code := TOTPCode(secret, now)
	if !CheckTOTP(secret, code, now) || !CheckTOTP(secret, code, now.Add(30*time.Second)) {
		t.Error("current code refused")
	}
	if CheckTOTP(secret, code, now.Add(5*time.Minute)) {
		t.Error("old code accepted")
	}
	if CheckTOTP(secret, "000000", now) && code != "000000" {
		t.Error("wrong code accepted")
	}
	// TOTPStep names the time step of the code, whichever of the three
	// accepted steps it is, so that an account can accept each once.
	step := now.Unix() / 30
	for d := int64(-1); d <= 1; d++ {
		c := TOTPCode(secret, now.Add(time.Duration(d)*30*time.Second))
		if got, ok := TOTPStep(secret, c, now); !ok || got != step+d {
			t.Errorf("TOTPStep at offset %d: %d %v, want %d", d, got, ok, step+d)
		}
	}
	if _, ok := TOTPStep(secret, TOTPCode(secret, now.Add(-time.Minute)), now); ok {
		t.Error("a code two steps old accepted")
	}
	if _, ok := TOTPStep(secret, "12345", now); ok {
		t.Error("a five-digit code accepted")
	}
}

func TestToken(t *testing.T) {
	tok, hash := NewToken("pgb_")
	if !strings.HasPrefix(tok, "pgb_") || len(tok) < 40 || HashToken(tok) != hash {
		t.Errorf("token %q hash %q", tok, hash)
	}
}
