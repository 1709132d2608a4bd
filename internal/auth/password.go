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
	"fmt"
	"strings"
	"sync/atomic"
	"unicode"

	"github.com/trustelem/zxcvbn"
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

// MinPasswordLength is the shortest password accepted (NIST SP 800-63B
// asks at least 8; ASVS level 2 asks 12).
const MinPasswordLength = 12

// MinPasswordScore is the lowest zxcvbn score (0-4) a new password may
// have: 3 is "safely unguessable: moderate protection from an offline
// slow-hash scenario" (about 10^8 guesses and more).
const MinPasswordScore = 3

// scoredRunes bounds the part of a password zxcvbn looks at: its matching
// grows faster than linearly with the length, and a long password is strong
// by its length alone.
const scoredRunes = 64

// heavyHook, when set, is called before each CPU-heavy step (argon2,
// zxcvbn): tests use it to assert that none runs inside a database write.
var heavyHook atomic.Pointer[func()]

// OnHeavyWork sets f to be called before each CPU-heavy step (nil: none).
func OnHeavyWork(f func()) {
	if f == nil {
		heavyHook.Store(nil)
		return
	}
	heavyHook.Store(&f)
}

func heavy() {
	if f := heavyHook.Load(); f != nil {
		(*f)()
	}
}

// HashPassword returns an encoded argon2id hash:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>.
func HashPassword(password string) (string, error) {
	heavy()
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
	heavy()
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

// ValidatePassword returns a message code when a new password is too weak,
// as NIST SP 800-63B asks: at least MinPasswordLength characters, no
// composition rules, and not a common or guessable password. zxcvbn judges
// the latter (frequency lists of passwords, names and words, keyboard
// patterns, repeats, sequences, dates, l33t), with the account's own
// details (e-mail, name) as words an attacker tries first.
func ValidatePassword(password string, userInputs ...string) string {
	runes := []rune(password)
	if len(runes) < MinPasswordLength {
		return "password_too_short"
	}
	for _, in := range userInputs {
		if in != "" && strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(in)) {
			return "password_is_email"
		}
	}
	heavy()
	if len(runes) > scoredRunes {
		runes = runes[:scoredRunes]
	}
	if zxcvbn.PasswordStrength(string(runes), userWords(userInputs)).Score < MinPasswordScore {
		return "password_guessable"
	}
	return ""
}

// userWords splits e-mail addresses and names into the words zxcvbn should
// treat as known to an attacker: "j.de.vries@example.nl" gives the address,
// "j.de.vries", "j", "de", "vries" and "example".
func userWords(inputs []string) []string {
	var out []string
	for _, in := range inputs {
		in = strings.ToLower(strings.TrimSpace(in))
		if in == "" {
			continue
		}
		out = append(out, in)
		local, domainPart, _ := strings.Cut(in, "@")
		if domainPart != "" {
			out = append(out, local)
			if label, _, ok := strings.Cut(domainPart, "."); ok {
				out = append(out, label)
			}
		}
		words := strings.FieldsFunc(local, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len(words) > 1 {
			out = append(out, strings.Join(words, "")) // "jandevries"
		}
		for _, w := range words {
			if len(w) > 2 {
				out = append(out, w)
			}
		}
	}
	return out
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
