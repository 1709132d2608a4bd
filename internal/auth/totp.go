package auth

import (
	"crypto/subtle"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Issuer names the portal in authenticator apps.
const Issuer = "pgbportaal"

// NewTOTP creates a TOTP secret for an account; URL is the otpauth:// link
// an authenticator app reads.
func NewTOTP(email string) (secret, url string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: Issuer, AccountName: email})
	if err != nil {
		return "", "", err
	}
	return key.Secret(), key.URL(), nil
}

// TOTPURL is the otpauth:// link for an existing secret.
func TOTPURL(email, secret string) string {
	k, err := otp.NewKeyFromURL("otpauth://totp/" + Issuer + ":" + email + "?secret=" + secret + "&issuer=" + Issuer)
	if err != nil {
		return ""
	}
	return k.URL()
}

// CheckTOTP validates a 6-digit code at now, allowing one 30-second step of
// clock drift either way.
func CheckTOTP(secret, code string, now time.Time) bool {
	ok, err := totp.ValidateCustom(code, secret, now.UTC(), totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return err == nil && ok
}

// TOTPStep validates a 6-digit code at now like CheckTOTP and returns the
// 30-second time step whose code it is: an account accepts a step once
// (store.UseTOTPStep), so that a code cannot open a second login.
func TOTPStep(secret, code string, now time.Time) (step int64, ok bool) {
	code = strings.TrimSpace(code)
	if len(code) != 6 {
		return 0, false
	}
	for _, skew := range []int64{0, -1, 1} {
		t := now.UTC().Add(time.Duration(skew) * totpPeriod * time.Second)
		want, err := totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return t.Unix() / totpPeriod, true
		}
	}
	return 0, false
}

// totpPeriod is the length of a TOTP time step in seconds.
const totpPeriod = 30

// TOTPCode is the current code for a secret (demo mode and tests).
func TOTPCode(secret string, now time.Time) string {
	c, err := totp.GenerateCode(secret, now.UTC())
	if err != nil {
		return ""
	}
	return c
}
