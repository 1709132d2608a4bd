package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// Several records in one Audit call are chained as if appended one by one
// (on PostgreSQL the database seals them: Verify, in Go, must agree, also
// over text that is not ASCII);
// writers running at once, each with new statements to prepare (SQLite
// prepares them after the transaction, when its one connection is free),
// neither block each other nor lose a record.
func TestAuditSeveralAtOnceConcurrently(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const writers, each = audit.Lanes + 2, 10 // more than the lanes: some share a lane, and queue on its lock
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					err := db.Update(ctx, func(tx *store.Tx) error {
						recs := make([]audit.Record, 1+i%3) // one, two or three records per transaction
						for k := range recs {
							recs[k] = audit.Record{At: at, ActorID: int64(w), ActorRole: "zorgverlener", Action: "declaration.create",
								ObjectType: "declaration", ObjectID: int64(w*100 + i), After: `{"k":"€ 12,50 — Zoë"}`}
						}
						return tx.Audit(ctx, recs...)
					})
					if err != nil {
						errs <- err
					}
					// Reads go through the statement cache of the readers.
					err = db.View(ctx, func(tx *store.Tx) error {
						_, err := tx.AuditOf(ctx, "declaration", int64(w*100+i), 5)
						return err
					})
					if err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		want := int64(0)
		for i := range each {
			want += int64(writers * (1 + i%3))
		}
		seq, recs := auditLog(t, db)
		if seq != want || int64(len(recs)) != want {
			t.Errorf("head at %d with %d records, want %d", seq, len(recs), want)
		}
	})
}

// Changes made at the same time (on SQLite, run in one transaction, each in
// a savepoint) keep their own outcome: a refused one leaves nothing behind,
// the others are all there, and a panic reaches its own caller only.
func TestConcurrentChangesKeepTheirOwnOutcome(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 40
		var wg sync.WaitGroup
		errs := make([]error, n)
		panics := make([]any, n)
		for i := range n {
			wg.Go(func() {
				defer func() { panics[i] = recover() }()
				errs[i] = db.Update(ctx, func(tx *store.Tx) error {
					if err := tx.Audit(ctx, audit.Record{At: at, ActorID: int64(i), ActorRole: "beheerder", Action: "test", ObjectType: "t", ObjectID: int64(i)}); err != nil {
						return err
					}
					switch i % 4 {
					case 1: // refused after writing: its record must go
						return errRefused
					case 2:
						if i%8 == 2 {
							panic("boom")
						}
					}
					return nil
				})
			})
		}
		wg.Wait()
		want := map[int64]bool{}
		for i := range n {
			switch {
			case i%4 == 1:
				if !errors.Is(errs[i], errRefused) {
					t.Errorf("change %d: %v, want its own refusal", i, errs[i])
				}
			case i%8 == 2:
				if panics[i] != "boom" {
					t.Errorf("change %d: panic %v reached its caller as %v", i, "boom", panics[i])
				}
			default:
				if errs[i] != nil || panics[i] != nil {
					t.Errorf("change %d: %v %v", i, errs[i], panics[i])
				}
				want[int64(i)] = true
			}
		}
		seq, recs := auditLog(t, db)
		got := map[int64]bool{}
		for _, r := range recs {
			got[r.ObjectID] = true
		}
		if len(got) != len(want) || int(seq) != len(recs) {
			t.Errorf("kept %d records (head %d), want %d", len(got), seq, len(want))
		}
		for id := range want {
			if !got[id] {
				t.Errorf("change %d lost", id)
			}
		}
	})
}

var errRefused = errors.New("refused")

// auditLog reads the lanes' heads and every record, and fails t when the
// log does not verify; it returns how many records the heads count.
func auditLog(t *testing.T, db *store.DB) (int64, []audit.Record) {
	t.Helper()
	var seq int64
	var recs []audit.Record
	err := db.View(context.Background(), func(tx *store.Tx) error {
		lanes, err := tx.AuditLanes(context.Background())
		if err != nil {
			return err
		}
		for _, l := range lanes {
			seq += l.Records()
		}
		if recs, err = tx.AuditRecords(context.Background(), 0, 10000); err != nil {
			return err
		}
		if probs := audit.Verify(recs, lanes); len(probs) != 0 {
			t.Errorf("chain: %v", probs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return seq, recs
}

// A change that only writes (on PostgreSQL its writes wait for the commit
// and go with it) is committed; one that fails after writing leaves
// nothing, also when the write itself fails at the commit, and the
// connections stay usable.
func TestWritesThatWaitForTheCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		queue := func(to string, fail error) error {
			return db.Update(ctx, func(tx *store.Tx) error {
				if err := tx.QueueMail(ctx, store.Mail{To: to, Subject: "s", Body: "b", CreatedAt: at}); err != nil {
					return err
				}
				return fail
			})
		}
		for i := range 12 { // more than the pool has connections
			if err := queue("kept@example.nl", nil); err != nil {
				t.Fatal(err)
			}
			if err := queue("refused@example.nl", errRefused); !errors.Is(err, errRefused) {
				t.Fatalf("round %d: %v", i, err)
			}
		}
		// A write that the database refuses (a NOT NULL column) fails its
		// change, wherever it was sent.
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.QueueMail(ctx, store.Mail{To: "ok@example.nl", Subject: "s", Body: "b", CreatedAt: at}); err != nil {
				return err
			}
			return store.BadWriteForTest(ctx, tx)
		})
		if err == nil {
			t.Fatal("a refused write committed")
		}
		var kept, refused int
		err = db.View(ctx, func(tx *store.Tx) error {
			ms, err := tx.Outbox(ctx, 100)
			for _, m := range ms {
				switch m.To {
				case "kept@example.nl":
					kept++
				default:
					refused++
				}
			}
			return err
		})
		if err != nil || kept != 12 || refused != 0 {
			t.Errorf("outbox: %d kept, %d that should not be there (%v)", kept, refused, err)
		}
	})
}

// On PostgreSQL a failed statement fails the whole transaction: a change
// that ignores the failure and returns nil is told at its commit, and
// nothing of it is stored.
func TestIgnoredFailureFailsTheCommit(t *testing.T) {
	db := storetest.OpenPostgres(t)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.QueueMail(ctx, store.Mail{To: "lost@example.nl", Subject: "s", Body: "b", CreatedAt: at}); err != nil {
			return err
		}
		_ = store.BadWriteForTest(ctx, tx)
		_, _ = tx.Outbox(ctx, 1) // refused: the transaction is aborted
		return nil
	})
	if err == nil {
		t.Fatal("a failed transaction reported as committed")
	}
	_ = db.View(ctx, func(tx *store.Tx) error {
		if ms, _ := tx.Outbox(ctx, 10); len(ms) != 0 {
			t.Errorf("stored %d mails of a failed transaction", len(ms))
		}
		return nil
	})
}

// A change whose caller goes away (its context ends) before the commit is
// not committed, and the connection it had does not carry its transaction
// to the next change.
func TestCancelledChangeLeavesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for i := range 12 { // more than the pool has connections
			ctx, cancel := context.WithCancel(context.Background())
			err := db.Update(ctx, func(tx *store.Tx) error {
				if _, err := tx.Outbox(ctx, 1); err != nil {
					return err
				}
				if err := tx.QueueMail(ctx, store.Mail{To: "gone@example.nl", Subject: "s", Body: "b", CreatedAt: at}); err != nil {
					return err
				}
				cancel()
				return nil
			})
			cancel()
			if err == nil {
				t.Fatalf("round %d: a change whose caller went away reported committed", i)
			}
			if err := db.Update(context.Background(), func(tx *store.Tx) error {
				return tx.QueueMail(context.Background(), store.Mail{To: "kept@example.nl", Subject: "s", Body: "b", CreatedAt: at})
			}); err != nil {
				t.Fatalf("round %d: the next change: %v", i, err)
			}
		}
		_ = db.View(context.Background(), func(tx *store.Tx) error {
			ms, err := tx.Outbox(context.Background(), 100)
			var kept, gone int
			for _, m := range ms {
				if m.To == "gone@example.nl" {
					gone++
				} else {
					kept++
				}
			}
			if err != nil || kept != 12 || gone != 0 {
				t.Errorf("outbox: %d kept, %d of cancelled changes (%v)", kept, gone, err)
			}
			return nil
		})
	})
}
