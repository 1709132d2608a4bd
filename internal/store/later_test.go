package store_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

const mailTo = `INSERT INTO outbox (to_email, subject, body, created_at) VALUES (?, ?, ?, ?)`

// outboxFor counts the committed e-mails to one address.
func outboxFor(t *testing.T, db *store.DB, email string) int {
	t.Helper()
	var n int
	if err := db.RawQuery(context.Background(), `SELECT COUNT(*) FROM outbox WHERE to_email = ?`, []any{email},
		func(rows *sql.Rows) error { return rows.Scan(&n) }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWaitingWriteSeenByTheNextStatement: a write that waits to be sent
// with the next round trip (PostgreSQL) is there for every statement after
// it in its transaction, whichever way that statement goes to the server;
// a transaction rolled back leaves none of it.
func TestWaitingWriteSeenByTheNextStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		paths := store.CountPathsForTest(`UPDATE outbox SET subject = subject WHERE to_email = ?`,
			`INSERT INTO notices (target_kind, target_id, agreement_id, text_key, args_json, created_at, object_type, object_id)
			SELECT 'provider', 0, 0, 'test', '[]', created_at, '', 0 FROM outbox WHERE to_email = ?`)
		undo := errors.New("undo")
		for name, count := range paths {
			email := name + "@example.nl"
			err := db.Update(ctx, func(tx *store.Tx) error {
				if err := store.LaterForTest(ctx, tx, false, mailTo, email, "s", "b", at); err != nil {
					return err
				}
				if w := store.WaitingForTest(tx); db.Dialect().Batch != nil && w != 1 {
					t.Errorf("%s: %d writes waiting, want the one", name, w)
				}
				n, err := count(ctx, tx, `SELECT COUNT(*) FROM outbox WHERE to_email = ?`, email)
				if err != nil {
					return err
				}
				if n != 1 {
					t.Errorf("%s: the write before it is not there (%d rows)", name, n)
				}
				return undo
			})
			if !errors.Is(err, undo) {
				t.Errorf("%s: %v", name, err)
			}
			if n := outboxFor(t, db, email); n != 0 {
				t.Errorf("%s: a rolled-back transaction left %d rows", name, n)
			}
		}
	})
}

// TestWaitingWriteRefusedFailsTheChange: a write the database refuses when
// it is sent, after the caller went on, fails the whole change, with the
// refusal's error (a constraint as a conflict), also when the caller
// ignored the error of the statement it went with; nothing of it is
// committed. A savepoint rolled back drops the writes waiting since.
func TestWaitingWriteRefusedFailsTheChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, _, grantID := seed(t, db, 10000)
		refused := map[string]struct {
			q    string
			args []any
			one  bool
			want func(error) bool
		}{
			"null": {mailTo, []any{"x@example.nl", nil, "b", at}, false, func(err error) bool { return err != nil && domain.KindOf(err) == domain.KindInternal }},
			"check": {`INSERT INTO notices (target_kind, target_id, agreement_id, text_key, args_json, created_at, object_type, object_id) VALUES ('nobody', 0, 0, 'x', '[]', ?, '', 0)`,
				[]any{at}, false, func(err error) bool { return domain.HasCode(err, "constraint") }},
			"no row": {`UPDATE grant_balances SET reserved_cents = reserved_cents + 1 WHERE grant_id = ?`, []any{grantID + 1000}, true,
				func(err error) bool { return errors.Is(err, store.ErrNotOneRow) }},
		}
		for name, bad := range refused {
			for _, ignore := range []bool{false, true} {
				email := name + "@example.nl"
				err := db.Update(ctx, func(tx *store.Tx) error {
					if err := store.LaterForTest(ctx, tx, false, mailTo, email, "s", "b", at); err != nil {
						return err
					}
					if err := store.LaterForTest(ctx, tx, bad.one, bad.q, bad.args...); err != nil {
						return err // SQLite: refused at once
					}
					if ignore { // a caller that goes on regardless
						_, _ = tx.Balance(ctx, grantID)
						return nil
					}
					_, err := tx.Balance(ctx, grantID)
					return err
				})
				if !bad.want(err) {
					t.Errorf("%s (ignored: %v): %v", name, ignore, err)
				}
				if n := outboxFor(t, db, email); n != 0 {
					t.Errorf("%s (ignored: %v): the failed change committed %d rows", name, ignore, n)
				}
			}
		}
		// Sent with the commit only: it fails the commit.
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := store.LaterForTest(ctx, tx, false, mailTo, "commit@example.nl", "s", "b", at); err != nil {
				return err
			}
			return store.LaterForTest(ctx, tx, true, `UPDATE grant_balances SET reserved_cents = reserved_cents + 1 WHERE grant_id = ?`, grantID+1000)
		})
		if !errors.Is(err, store.ErrNotOneRow) || outboxFor(t, db, "commit@example.nl") != 0 {
			t.Errorf("refused at the commit: %v, %d rows", err, outboxFor(t, db, "commit@example.nl"))
		}
		// An item of a batch undone to its savepoint takes the writes
		// waiting since with it, also one that would have been refused.
		err = db.Update(ctx, func(tx *store.Tx) error {
			if err := store.LaterForTest(ctx, tx, false, mailTo, "kept@example.nl", "s", "b", at); err != nil {
				return err
			}
			if err := tx.Savepoint(ctx, "item"); err != nil {
				return err
			}
			if err := store.LaterForTest(ctx, tx, false, mailTo, "undone@example.nl", "s", "b", at); err != nil {
				return err
			}
			if db.Dialect().Batch != nil { // (SQLite would refuse it at once)
				if err := store.LaterForTest(ctx, tx, false, mailTo, "undone@example.nl", nil, "b", at); err != nil {
					return err
				}
			}
			if err := tx.RollbackTo(ctx, "item"); err != nil {
				return err
			}
			return tx.Release(ctx, "item")
		})
		if err != nil || outboxFor(t, db, "kept@example.nl") != 1 || outboxFor(t, db, "undone@example.nl") != 0 {
			t.Errorf("savepoint: %v; kept %d, undone %d", err, outboxFor(t, db, "kept@example.nl"), outboxFor(t, db, "undone@example.nl"))
		}
	})
}
