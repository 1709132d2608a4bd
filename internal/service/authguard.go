package service

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// The throttle on checks of secrets (passwords, TOTP codes, recovery
// codes). Its state is in the database (auth_throttle), so every instance
// of the portal counts together and a restart forgets nothing. Every check
// first counts as an attempt, in a transaction of its own and before any
// hashing; a check that succeeds takes its attempt back. So parallel
// guesses cannot slip past the limit, and the hashing never runs inside a
// write transaction.

// limit allows max attempts per key in a window (fixed, from the first
// attempt; a key blocked waits until its window ends).
type limit struct {
	scope  string // "account", "network", "reset"
	max    int
	window time.Duration
}

var (
	// accountLimit: every check of an account's secrets (login, second
	// factor, recovery code, signing, password change) counts here.
	accountLimit = limit{"account", 5, 15 * time.Minute}
	// networkLimit: failed logins from one client network (an IPv4
	// address, an IPv6 /64).
	networkLimit = limit{"network", 50, 15 * time.Minute}
	// resetLimit: password reset mails per address and per network.
	resetLimit = limit{"reset", 5, 15 * time.Minute}
)

// throttleKey is a key under a limit. Only its SHA-256 is stored.
type throttleKey struct {
	lim limit
	key string
}

func (k throttleKey) hash() string {
	return auth.HashToken("throttle\x00" + k.lim.scope + "\x00" + k.key)
}

func normEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// accountKey is the throttle key of an account's secrets: its e-mail
// address as typed (normalised), so that unknown addresses count alike.
func accountKey(email string) throttleKey { return throttleKey{accountLimit, normEmail(email)} }

// networkKey is the client's network: an IPv6 client usually has a whole
// /64, so that is one key; anything unparsable counts as itself.
func networkKey(lim limit, ip string) throttleKey { return throttleKey{lim, clientNetwork(ip)} }

func clientNetwork(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// authGuard keeps the process's counts of failed checks and lockouts for
// the metrics, and the key that makes a client address's log tag.
type authGuard struct {
	mu       sync.Mutex
	failures map[string]int64 // by check: login, totp, recovery_code, reauth, password_change, ...
	lockouts map[string]int64 // by scope
	tagKey   [32]byte
}

func newAuthGuard() *authGuard {
	g := &authGuard{failures: map[string]int64{}, lockouts: map[string]int64{}}
	if _, err := rand.Read(g.tagKey[:]); err != nil {
		panic(err)
	}
	return g
}

// sourceTag names a client address in the log without the address: an
// HMAC under a key that lives only in this process's memory. Lines of one
// process about the same network share a tag, so an operator sees a flood
// from one source; nobody can turn a tag back into an address (IPv4 has
// only 2^32 of them, so an unkeyed hash could be reversed), and after a
// restart the tags no longer link to the old ones.
func (g *authGuard) sourceTag(ip string) string {
	if ip == "" {
		return ""
	}
	m := hmac.New(sha256.New, g.tagKey[:])
	m.Write([]byte(clientNetwork(ip)))
	return hex.EncodeToString(m.Sum(nil)[:6])
}

// AuthCounts returns the failed checks of secrets by check, and the
// lockouts by scope, since the process started (for the metrics).
func (s *Service) AuthCounts() (failures, lockouts map[string]int64) {
	g := s.guard
	g.mu.Lock()
	defer g.mu.Unlock()
	failures, lockouts = map[string]int64{}, map[string]int64{}
	for k, v := range g.failures {
		failures[k] = v
	}
	for k, v := range g.lockouts {
		lockouts[k] = v
	}
	return failures, lockouts
}

// attempt is a counted attempt: the keys it counted under and how many
// attempts each had with it.
type attempt struct {
	keys  []throttleKey
	count []int
	ip    string
}

// attempt counts one attempt under every key, in a transaction of its own,
// and refuses it when a key has used up its limit: then nothing is checked.
func (s *Service) attempt(ctx context.Context, ip string, keys ...throttleKey) (*attempt, error) {
	now := s.now()
	at := &attempt{keys: keys, count: make([]int, len(keys)), ip: ip}
	var wait time.Duration
	blocked := ""
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		blocked, wait = "", 0
		for i, k := range keys {
			n, since, err := tx.ThrottleAttempt(ctx, k.hash(), now, k.lim.window)
			if err != nil {
				return err
			}
			at.count[i] = n
			if n > k.lim.max {
				if w := since.Add(k.lim.window).Sub(now); w > wait {
					blocked, wait = k.lim.scope, w
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if blocked != "" {
		s.log.Warn("auth throttled", "scope", blocked, "source", s.guard.sourceTag(ip), "wait_s", int(wait.Seconds()))
		return nil, &domain.Error{Kind: domain.KindTooMany, Code: "login_throttled", Args: []any{int(wait.Minutes()) + 1}}
	}
	return at, nil
}

// failed notes that the attempt's check failed: the attempt stays counted.
// It is logged without personal data (no e-mail, no address: a source
// tag) and counted; a key that has now used up its limit is a lockout,
// logged and counted once.
func (s *Service) failed(at *attempt, check string) {
	g := s.guard
	g.mu.Lock()
	g.failures[check]++
	var locked []string
	for i, k := range at.keys {
		if at.count[i] == k.lim.max {
			g.lockouts[k.lim.scope]++
			locked = append(locked, k.lim.scope)
		}
	}
	g.mu.Unlock()
	tag := g.sourceTag(at.ip)
	s.log.Info("auth failed", "check", check, "source", tag)
	for _, scope := range locked {
		s.log.Warn("auth lockout", "scope", scope, "check", check, "source", tag)
	}
}

// succeeded takes the attempt back under every key (in the caller's
// transaction); complete also forgets the account's earlier failures (a
// login with every factor the account has).
func (s *Service) succeeded(ctx context.Context, tx *store.Tx, at *attempt, complete bool) error {
	for _, k := range at.keys {
		var err error
		if complete && k.lim == accountLimit {
			err = tx.ThrottleClear(ctx, k.hash())
		} else {
			err = tx.ThrottleRefund(ctx, k.hash())
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// purgeThrottle forgets windows that ended.
func (s *Service) purgeThrottle(ctx context.Context, tx *store.Tx) error {
	longest := max(accountLimit.window, networkLimit.window, resetLimit.window)
	_, err := tx.PurgeThrottle(ctx, s.now().Add(-longest))
	return err
}

// reauth is a secret given again to confirm an action (signing): checked
// before the action's transaction, finished in it.
type reauth struct {
	at        *attempt
	accountID int64
	pwHash    string // the password hash it matched ("": a TOTP code)
	step      int64  // the TOTP time step it matched
}

// checkReauth checks the actor's password or a TOTP code, counted against
// the account's throttle, outside any write transaction.
func (s *Service) checkReauth(ctx context.Context, a Actor, secret string) (*reauth, error) {
	var acc domain.Account
	if err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		acc, err = tx.Account(ctx, a.AccountID)
		return err
	}); err != nil {
		return nil, err
	}
	at, err := s.attempt(ctx, "", accountKey(acc.Email))
	if err != nil {
		return nil, err
	}
	secret = strings.TrimSpace(secret)
	r := &reauth{at: at, accountID: acc.ID}
	if acc.TOTPEnabled {
		if step, ok := auth.TOTPStep(acc.TOTPSecret, secret, s.now()); ok {
			r.step = step
			return r, nil
		}
	}
	if auth.CheckPassword(acc.PasswordHash, secret) {
		r.pwHash = acc.PasswordHash
		return r, nil
	}
	s.failed(at, "reauth")
	return nil, domain.Invalid("secret", "signature_reauth")
}

// reauthUse finishes a checked re-authentication in the action's
// transaction: a TOTP code's step is used up (once per account), a password
// must still be the account's, and the attempt is taken back.
func (s *Service) reauthUse(ctx context.Context, tx *store.Tx, r *reauth) error {
	if r.step != 0 {
		fresh, err := tx.UseTOTPStep(ctx, r.accountID, r.step)
		if err != nil {
			return err
		}
		if !fresh {
			return domain.Invalid("secret", "signature_reauth")
		}
	} else {
		acc, err := tx.Account(ctx, r.accountID)
		if err != nil {
			return err
		}
		if acc.PasswordHash != r.pwHash {
			return domain.Invalid("secret", "signature_reauth")
		}
	}
	return s.succeeded(ctx, tx, r.at, false)
}

// fieldIs reports whether err is a validation error about field.
func fieldIs(err error, field string) bool {
	if e, ok := domain.AsError(err); ok {
		for _, f := range e.Fields {
			if f.Field == field {
				return true
			}
		}
	}
	return false
}
