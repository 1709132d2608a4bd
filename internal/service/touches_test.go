package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestSessionIdleWithNotedUse (issue 18): a page view notes the session's
// use instead of writing it, and the notes are written together
// (FlushTouches). The idle timeout still holds: a session used within its
// thirty minutes stays valid for thirty more, one not used expires, and one
// logged out stays out, also when a use of it was noted before.
func TestSessionIdleWithNotedUse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		holderActor(t, w.svc, w.holderA, "idle@example.nl")
		clock := &clocked{t: now}
		svc := service.New(db, service.Options{Now: clock.now})
		login := func() string {
			t.Helper()
			res, err := svc.Login(ctx, "idle@example.nl", pw, "192.0.2.40")
			if err != nil {
				t.Fatal(err)
			}
			return res.Token
		}
		valid := func(token, when string) {
			t.Helper()
			if _, err := svc.SessionFor(ctx, token); err != nil {
				t.Fatalf("%s: %v", when, err)
			}
		}
		expired := func(token, when string) {
			t.Helper()
			if _, err := svc.SessionFor(ctx, token); domain.KindOf(err) != domain.KindUnauthenticated {
				t.Fatalf("%s: valid (%v)", when, err)
			}
		}
		flush := func() {
			t.Helper()
			if err := svc.FlushTouches(ctx); err != nil {
				t.Fatal(err)
			}
		}

		used, idle := login(), login()
		clock.add(29 * time.Minute)
		valid(used, "used after 29 minutes")
		flush()
		clock.add(2 * time.Minute)
		expired(idle, "not used for 31 minutes")
		clock.add(27 * time.Minute)
		valid(used, "used 29 minutes after its last use") // 58 minutes after the login
		flush()
		clock.add(31 * time.Minute)
		expired(used, "not used for 31 minutes after its last use")
		flush()
		expired(used, "expired, after a flush")

		// A use noted and not yet written: the session stays valid while
		// it is used (each use within 30 minutes of the last written one).
		s := login()
		for range 5 {
			clock.add(10 * time.Minute)
			valid(s, "used every ten minutes")
			flush()
		}
		// Logged out with a use noted: the flush brings nothing back.
		clock.add(2 * time.Minute)
		valid(s, "used again")
		if err := svc.Logout(ctx, auth.HashToken(s)); err != nil {
			t.Fatal(err)
		}
		expired(s, "logged out")
		flush()
		expired(s, "logged out, after the flush")
	})
}

// TestTouchCredentials (issue 18): the written last uses only move forward,
// a session is extended only if it was valid when seen, and a session that
// is gone stays gone.
func TestTouchCredentials(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		holder := holderActor(t, w.svc, w.holderA, "touch@example.nl")
		var ids []int64
		for range 70 { // more than a statement of 64 rows
			if _, err := w.svc.CreateAPIToken(ctx, holder, 0, 0, "script"); err != nil {
				t.Fatal(err)
			}
		}
		toks, _ := w.svc.APITokens(ctx, holder)
		for _, k := range toks {
			ids = append(ids, k.ID)
		}
		t0 := now.UTC()
		sess := func(hash string, lastSeen, expires time.Time) store.Session {
			return store.Session{TokenHash: hash, AccountID: holder.AccountID, RoleID: holder.Role.ID, MFAOK: true,
				CreatedAt: t0, LastSeenAt: lastSeen, ExpiresAt: expires}
		}
		err := db.Update(ctx, func(tx *store.Tx) error {
			for _, s := range []store.Session{
				sess("valid", t0, t0.Add(30*time.Minute)),
				sess("expired", t0, t0.Add(time.Minute)),
				sess("later", t0.Add(time.Hour), t0.Add(90*time.Minute)),
			} {
				if err := tx.CreateSession(ctx, s); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		touch := func(u store.CredentialUses) {
			t.Helper()
			if err := db.Update(ctx, func(tx *store.Tx) error { return tx.TouchCredentials(ctx, u) }); err != nil {
				t.Fatal(err)
			}
		}
		u := store.CredentialUses{Tokens: map[int64]time.Time{}, Sessions: map[string]store.SessionUse{
			"valid":   {Seen: t0.Add(10 * time.Minute), Expires: t0.Add(40 * time.Minute)},
			"expired": {Seen: t0.Add(10 * time.Minute), Expires: t0.Add(40 * time.Minute)},
			"later":   {Seen: t0.Add(10 * time.Minute), Expires: t0.Add(40 * time.Minute)},
			"gone":    {Seen: t0.Add(10 * time.Minute), Expires: t0.Add(40 * time.Minute)},
		}}
		for _, id := range ids {
			u.Tokens[id] = t0.Add(5 * time.Minute)
		}
		touch(u)
		touch(store.CredentialUses{Tokens: map[int64]time.Time{ids[0]: t0.Add(time.Minute)}}) // older: stays
		toks, _ = w.svc.APITokens(ctx, holder)
		for _, k := range toks {
			if !k.LastUsedAt.Equal(t0.Add(5 * time.Minute)) {
				t.Errorf("token %d: last used %v, want %v", k.ID, k.LastUsedAt, t0.Add(5*time.Minute))
			}
		}
		_ = db.View(ctx, func(tx *store.Tx) error {
			for hash, want := range map[string]time.Time{"valid": t0.Add(40 * time.Minute), "expired": t0.Add(time.Minute), "later": t0.Add(90 * time.Minute)} {
				s, err := tx.Session(ctx, hash)
				if err != nil || !s.ExpiresAt.Equal(want) {
					t.Errorf("session %s: expires %v (%v), want %v", hash, s.ExpiresAt, err, want)
				}
			}
			if _, err := tx.Session(ctx, "gone"); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("a session that was not there: %v", err)
			}
			return nil
		})
	})
}
