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
	for pw, want := range map[string]string{"short": "password_too_short", "12345678901": "password_only_digits",
		"a@b.nl.example": "password_is_email", "lang genoeg wachtwoord": ""} {
		if got := ValidatePassword(pw, "a@b.nl.example"); got != want {
			t.Errorf("ValidatePassword(%q) = %q, want %q", pw, got, want)
		}
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
}

func TestThrottle(t *testing.T) {
	th := NewThrottle(3, time.Minute)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if b, _ := th.Blocked("x", now); b {
			t.Fatalf("blocked after %d failures", i)
		}
		th.Fail("x", now.Add(time.Duration(i)*time.Second))
	}
	if b, wait := th.Blocked("x", now.Add(3*time.Second)); !b || wait != 57*time.Second {
		t.Errorf("not blocked after 3 failures: %v %v", b, wait)
	}
	if b, _ := th.Blocked("y", now); b {
		t.Error("other key blocked")
	}
	if b, _ := th.Blocked("x", now.Add(61*time.Second)); b {
		t.Error("still blocked after the window")
	}
	th.Fail("z", now)
	th.Reset("z")
	if _, kept := th.fails["z"]; kept {
		t.Errorf("state kept: %v", th.fails)
	}
}

func TestToken(t *testing.T) {
	tok, hash := NewToken("pgb_")
	if !strings.HasPrefix(tok, "pgb_") || len(tok) < 40 || HashToken(tok) != hash {
		t.Errorf("token %q hash %q", tok, hash)
	}
}
