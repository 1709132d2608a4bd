// Package datakey seals personal data at rest: BSNs and TOTP secrets are
// stored encrypted with AES-256-GCM, and BSNs are found through a keyed
// hash (HMAC-SHA256) instead of their plain value.
//
// One data key of 32 random bytes (from PGB_DATA_KEY or a key file, base64)
// gives three keys, derived with HKDF-SHA256 so that no key serves two
// algorithms: the AES-256-GCM key, the HMAC key of the BSN hash, and the
// key's id. A sealed value is written as text:
//
//	v1:<key id>:<base64 of nonce (12 random bytes) || ciphertext || tag>
//
// The key id (8 hex digits, a hash of the key that reveals nothing of it)
// says under which key a value was sealed, so that a value under another
// key is refused with a clear error and a rotation can tell the values it
// has done from the ones still to do. The additional data of each value is
// its column ("budget_holders.bsn"): a TOTP secret cannot be passed off as
// a BSN or the other way round.
//
// The BSN hash is keyed by the data key too: when the key is rotated, the
// hashes are rewritten with the values (pgb key rotate does both in one
// transaction). A BSN has fewer than 10^9 possible values, so anyone with
// the hash key and the table finds every BSN by trying them all: a retired
// key must therefore stop opening the hashes as well as the values.
package datakey

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Size is the length of a data key in bytes.
const Size = 32

// prefix starts every sealed value (the format's version).
const prefix = "v1:"

// Key is a data key, ready to seal, open and hash.
type Key struct {
	id      string
	aead    cipher.AEAD
	hashKey []byte
}

// New makes a Key of raw, which must be Size random bytes.
func New(raw []byte) (*Key, error) {
	if len(raw) != Size {
		return nil, fmt.Errorf("datakey: a data key is %d bytes, not %d", Size, len(raw))
	}
	derive := func(info string) []byte {
		k, err := hkdf.Key(sha256.New, raw, nil, "pgbportaal "+info, 32)
		if err != nil {
			panic(err) // only for lengths HKDF cannot give
		}
		return k
	}
	block, err := aes.NewCipher(derive("aes-256-gcm v1"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Key{id: hex.EncodeToString(derive("key id v1")[:4]), aead: aead, hashKey: derive("bsn hash v1")}, nil
}

// Parse reads a key written as base64 (standard or URL alphabet, with or
// without padding), as in PGB_DATA_KEY or a key file.
func Parse(s string) (*Key, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if raw, err := enc.DecodeString(s); err == nil {
			return New(raw)
		}
	}
	return nil, errors.New("datakey: the data key is not base64 (of 32 random bytes)")
}

// Generate returns a new random key and its base64 text.
func Generate() (*Key, string) {
	raw := make([]byte, Size)
	rand.Read(raw) // never fails (crypto/rand)
	k, err := New(raw)
	if err != nil {
		panic(err)
	}
	return k, base64.StdEncoding.EncodeToString(raw)
}

// Load reads a key file: the key's base64 on one line.
func Load(path string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("datakey: %w", err)
	}
	k, err := Parse(string(b))
	if err != nil {
		return nil, fmt.Errorf("%w (file %s)", err, path)
	}
	return k, nil
}

// Create writes a new key to a file that must not exist yet, readable by
// its owner only (0600), and returns it.
func Create(path string) (*Key, error) {
	k, text := Generate()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("datakey: %w", err)
	}
	_, err = f.WriteString(text + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("datakey: writing %s: %w", path, err)
	}
	return k, nil
}

// ID is the key's id: 8 hex digits that name it without revealing it.
func (k *Key) ID() string { return k.id }

// Seal encrypts plaintext for the column named by aad.
func (k *Key) Seal(aad, plaintext string) string {
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(plaintext)+k.aead.Overhead())
	rand.Read(nonce)
	out := k.aead.Seal(nonce, nonce, []byte(plaintext), []byte(aad))
	return prefix + k.id + ":" + base64.RawStdEncoding.EncodeToString(out)
}

// ErrOtherKey: a value was sealed under another key than this one.
var ErrOtherKey = errors.New("datakey: sealed under another data key")

// Open decrypts a value Seal made for the column aad.
func (k *Key) Open(aad, sealed string) (string, error) {
	id, body, ok := split(sealed)
	if !ok {
		return "", errors.New("datakey: not a sealed value")
	}
	if id != k.id {
		return "", fmt.Errorf("%w (value under key %s, this key is %s)", ErrOtherKey, id, k.id)
	}
	raw, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil || len(raw) < k.aead.NonceSize() {
		return "", errors.New("datakey: a sealed value is damaged")
	}
	n := k.aead.NonceSize()
	plain, err := k.aead.Open(nil, raw[:n], raw[n:], []byte(aad))
	if err != nil {
		return "", errors.New("datakey: a sealed value does not open (damaged, or moved from another column)")
	}
	return string(plain), nil
}

// Hash is the keyed hash of a BSN (HMAC-SHA256), by which it is looked up
// and kept unique.
func (k *Key) Hash(bsn string) []byte {
	m := hmac.New(sha256.New, k.hashKey)
	m.Write([]byte(bsn))
	return m.Sum(nil)
}

// IsSealed reports whether s is a sealed value (of any key).
func IsSealed(s string) bool {
	_, _, ok := split(s)
	return ok
}

// KeyID returns the id of the key a sealed value was sealed under.
func KeyID(sealed string) string {
	id, _, _ := split(sealed)
	return id
}

func split(s string) (id, body string, ok bool) {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return "", "", false
	}
	id, body, ok = strings.Cut(rest, ":")
	return id, body, ok && len(id) == 8
}
