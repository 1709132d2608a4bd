package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/datakey"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestOIDCLoginIsTakenOnce: a login under way at an identity provider is
// found by its state once, not after it expired, and a choice of
// providers keeps its list.
func TestOIDCLoginIsTakenOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		save := func(l store.OIDCLogin) {
			if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SaveOIDCLogin(ctx, l, at) }); err != nil {
				t.Fatal(err)
			}
		}
		take := func(hash string, when time.Time) (store.OIDCLogin, error) {
			var l store.OIDCLogin
			err := db.Update(ctx, func(tx *store.Tx) (err error) { l, err = tx.TakeOIDCLogin(ctx, hash, when); return err })
			return l, err
		}
		save(store.OIDCLogin{StateHash: "s1", Provider: "digid", Nonce: "n", Verifier: "v", Target: "/x", ExpiresAt: at.Add(10 * time.Minute)})
		save(store.OIDCLogin{StateHash: "s2", Provider: "eh", Choices: []int64{3, 5}, ExpiresAt: at.Add(10 * time.Minute)})
		save(store.OIDCLogin{StateHash: "s3", Provider: "digid", ExpiresAt: at.Add(10 * time.Minute)})
		l, err := take("s1", at.Add(time.Minute))
		if err != nil || l.Provider != "digid" || l.Nonce != "n" || l.Verifier != "v" || l.Target != "/x" || len(l.Choices) != 0 {
			t.Fatalf("take: %+v %v", l, err)
		}
		if _, err := take("s1", at.Add(time.Minute)); domain.KindOf(err) != domain.KindNotFound {
			t.Fatalf("taken twice: %v", err)
		}
		if l, err := take("s2", at); err != nil || len(l.Choices) != 2 || l.Choices[1] != 5 {
			t.Fatalf("choices: %+v %v", l, err)
		}
		if _, err := take("s3", at.Add(11*time.Minute)); domain.KindOf(err) != domain.KindNotFound {
			t.Fatalf("expired state taken: %v", err)
		}
		if _, err := take("onbekend", at); domain.KindOf(err) != domain.KindNotFound {
			t.Fatalf("unknown state: %v", err)
		}
	})
}

// TestIdentityLinks: an identity key links to one account, is stored
// sealed (never the BSN in plain text), and is still found after the data
// key is rotated.
func TestIdentityLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var a1, a2 int64
		if err := db.Update(ctx, func(tx *store.Tx) (err error) {
			if a1, err = tx.CreateAccount(ctx, domain.Account{Email: "a@example.nl", Name: "A", Lang: "nl", CreatedAt: at, PasswordChangedAt: at}); err != nil {
				return err
			}
			a2, err = tx.CreateAccount(ctx, domain.Account{Email: "b@example.nl", Name: "B", Lang: "nl", CreatedAt: at, PasswordChangedAt: at})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		key := store.IdentityKey{Kind: "bsn", Value: "111222333"}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.LinkIdentity(ctx, key, a1, at) }); err != nil {
			t.Fatal(err)
		}
		err := db.Update(ctx, func(tx *store.Tx) error { return tx.LinkIdentity(ctx, key, a2, at) })
		if domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("a key linked to a second account: %v", err)
		}
		found := func(stage string) {
			t.Helper()
			var id int64
			err := db.View(ctx, func(tx *store.Tx) (err error) { id, err = tx.AccountByIdentity(ctx, key); return err })
			if err != nil || id != a1 {
				t.Fatalf("%s: found %d %v, want %d", stage, id, err, a1)
			}
			err = db.View(ctx, func(tx *store.Tx) (err error) {
				_, err = tx.AccountByIdentity(ctx, store.IdentityKey{Kind: "sub", Value: "111222333"})
				return err
			})
			if domain.KindOf(err) != domain.KindNotFound {
				t.Fatalf("%s: another kind of key found: %v", stage, err)
			}
		}
		found("linked")
		if where := plainTextIn(t, db, "111222333"); len(where) > 0 {
			t.Fatalf("the BSN in plain text in %v", where)
		}
		next, _ := datakey.Generate()
		if err := db.RotateDataKey(ctx, next, func(h, a int) audit.Record {
			return audit.Record{At: at, ActorRole: "systeem", Action: "data_key.rotate", ObjectType: "data_key", ObjectID: 1}
		}); err != nil {
			t.Fatal(err)
		}
		found("after rotation")
		var sealed string
		if err := db.RawQuery(ctx, `SELECT key_sealed FROM account_identities`, nil, func(rows *sql.Rows) error { return rows.Scan(&sealed) }); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sealed, "v1:") || datakey.KeyID(sealed) != next.ID() {
			t.Fatalf("sealed %q, not under the new key", sealed)
		}
	})
}
