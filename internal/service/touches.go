package service

import (
	"context"
	"sync"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/store"
)

// The last use of a credential (an API token's last_used_at, shown to its
// owner by the minute; a session's last_seen_at and the idle expiry that
// slides with it) is recorded at most once a minute per credential, and
// not by the request that uses it: the request notes it here and goes on
// with a read only, and the notes of every request of the last few seconds
// are written together, in one transaction (FlushTouches). Under the
// month-end surge each declaration was two API requests with a write
// transaction of their own for this.
//
// What waits here is lost if the process dies: a few seconds of last use,
// noted again by the next request. A session cannot expire while used for
// it: its expiry is moved at most a minute after the last time it was, so
// a lost note costs a minute or so of its thirty idle minutes. Revocation
// is untouched: every request reads the token or session row itself, and a
// note for a row that is gone changes nothing (TouchCredentials).

// touchEvery is how long a noted use waits to be written.
const touchEvery = 5 * time.Second

// touchAfter is how old the recorded last use must be before a request
// notes a new one.
const touchAfter = time.Minute

// touches are the uses noted and not yet written.
type touches struct {
	mu      sync.Mutex
	pending store.CredentialUses
	timer   *time.Timer // the flush that is due (nil: none)
	// flushing is held while a flush writes: a server shutting down waits
	// for the one under way before it writes what is left.
	flushing sync.Mutex
}

// noteToken notes that token id was used at t.
func (s *Service) noteToken(id int64, t time.Time) {
	s.note(func(u *store.CredentialUses) {
		if u.Tokens == nil {
			u.Tokens = map[int64]time.Time{}
		}
		u.Tokens[id] = t
	})
}

// noteSession notes that the session with tokenHash was used at t and is
// valid until expires.
func (s *Service) noteSession(tokenHash string, t, expires time.Time) {
	s.note(func(u *store.CredentialUses) {
		if u.Sessions == nil {
			u.Sessions = map[string]store.SessionUse{}
		}
		u.Sessions[tokenHash] = store.SessionUse{Seen: t, Expires: expires}
	})
}

// note adds a use and makes sure a flush is due.
func (s *Service) note(add func(*store.CredentialUses)) {
	ts := s.touches
	ts.mu.Lock()
	defer ts.mu.Unlock()
	add(&ts.pending)
	if ts.timer == nil {
		ts.timer = time.AfterFunc(touchEvery, func() {
			// Bounded: a server shutting down waits for this flush.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := s.FlushTouches(ctx); err != nil {
				s.log.Warn("recording the last use of credentials failed", "err", err)
			}
		})
	}
}

// FlushTouches writes the uses noted so far (a server shutting down calls
// it last; tests call it to see them written). A failed write is not
// retried: the next use of each credential notes it again.
func (s *Service) FlushTouches(ctx context.Context) error {
	ts := s.touches
	ts.flushing.Lock()
	defer ts.flushing.Unlock()
	ts.mu.Lock()
	u := ts.pending
	ts.pending = store.CredentialUses{}
	if ts.timer != nil {
		ts.timer.Stop() // this call writes what it would have
		ts.timer = nil
	}
	ts.mu.Unlock()
	if len(u.Tokens) == 0 && len(u.Sessions) == 0 {
		return nil
	}
	return s.db.Update(ctx, func(tx *store.Tx) error { return tx.TouchCredentials(ctx, u) })
}
