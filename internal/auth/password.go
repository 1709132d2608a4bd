// Package auth holds the building blocks of logging in: password hashing
// (argon2id), TOTP second factors, random tokens for sessions and API access,
// and login throttling. It knows nothing of HTTP or storage.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: the OWASP recommendation m=19 MiB, t=2, p=1.
// Chosen so that one hash takes some tens of milliseconds on a server core.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// HashPassword returns an encoded argon2id hash:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>.
func HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the encoded hash, in
// constant time with respect to the key.
func CheckPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || m > 1<<20 || t > 10 || p == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when an account does not exist, so that the
// answer takes as long as for a wrong password.
var dummyHash, _ = HashPassword("no account has this password")

// CheckMissing spends the same time as CheckPassword and returns false.
func CheckMissing(password string) bool {
	CheckPassword(dummyHash, password)
	return false
}

// ErrWeakPassword is returned by ValidatePassword.
var ErrWeakPassword = errors.New("password too weak")

// ValidatePassword returns a message code when a new password is too weak:
// at least MinPasswordLength characters, not only digits, not the e-mail.
func ValidatePassword(password, email string) string {
	switch {
	case len([]rune(password)) < MinPasswordLength:
		return "password_too_short"
	case strings.Trim(password, "0123456789") == "":
		return "password_only_digits"
	case strings.EqualFold(password, email):
		return "password_is_email"
	}
	return ""
}

// NewToken returns a random token (URL-safe, 256 bits) and its SHA-256 hex
// digest; only the digest is stored.
func NewToken(prefix string) (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
