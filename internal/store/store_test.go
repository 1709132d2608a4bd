package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

var at = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// seed creates a verstrekker, a budget holder and a grant of 'granted' cents.
func seed(t *testing.T, db *store.DB, granted domain.Cents) (orgID, bhID, grantID int64) {
	t.Helper()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		var err error
		orgID, err = tx.CreateOrganisation(ctx, domain.Organisation{Kind: domain.Gemeente, Name: "Gemeente Test", Code: "GM0001"}, at)
		if err != nil {
			return err
		}
		bhID, err = tx.CreateBudgetHolder(ctx, domain.BudgetHolder{BSN: "123456782", Initials: "A.", FamilyName: "Bakker",
			BirthDate: domain.MustDate("1950-02-28"), Postcode: "1234 AB", City: "Utrecht"}, at)
		if err != nil {
			return err
		}
		if err := tx.LinkClient(ctx, orgID, bhID, at); err != nil {
			return err
		}
		g := domain.Grant{BudgetHolderID: bhID, VerstrekkerID: orgID, Law: domain.Wmo, Reference: "WMO-1",
			Period:    domain.Period{Start: domain.MustDate("2026-01-01"), End: domain.MustDate("2026-12-31")},
			DecidedOn: domain.MustDate("2025-12-15"), CreatedAt: at,
			Revisions: []domain.GrantRevision{{EffectiveFrom: domain.MustDate("2026-01-01"), Lines: []domain.GrantLine{{CareFunction: "begeleiding", Yearly: granted}}}}}
		grantID, err = tx.CreateGrant(ctx, g, 1)
		if err != nil {
			return err
		}
		p, _ := ledger.New(ledger.Granted, granted)
		return tx.Post(ctx, grantID, p, g.Period.Start, store.Ref{Type: "grant", ID: grantID}, at)
	})
	if err != nil {
		t.Fatal(err)
	}
	return
}

func TestPeopleAndGrants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orgID, bhID, grantID := seed(t, db, 1200000)
		err := db.View(ctx, func(tx *store.Tx) error {
			b, err := tx.BudgetHolder(ctx, bhID)
			if err != nil {
				return err
			}
			if b.BSN.Full() != "123456782" || b.BirthDate != domain.MustDate("1950-02-28") || b.Name() != "A. Bakker" {
				t.Errorf("budget holder read back wrong: %+v", b)
			}
			list, err := tx.SearchClients(ctx, orgID, "bak", 10, 0)
			if err != nil || len(list) != 1 {
				t.Errorf("search by name: %v %v", list, err)
			}
			list, _ = tx.SearchClients(ctx, orgID, "1234ab", 10, 0)
			if len(list) != 1 {
				t.Errorf("search by postcode: %v", list)
			}
			list, _ = tx.SearchClients(ctx, orgID+999, "", 10, 0)
			if len(list) != 0 {
				t.Errorf("another verstrekker sees %v", list)
			}
			g, err := tx.Grant(ctx, grantID)
			if err != nil {
				return err
			}
			if g.Law != domain.Wmo || len(g.Revisions) != 1 || g.Revisions[0].Lines[0].Yearly != 1200000 || g.Period.End != domain.MustDate("2026-12-31") {
				t.Errorf("grant read back wrong: %+v", g)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// A second budget holder with the same BSN is refused as a conflict.
		err = db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateBudgetHolder(ctx, domain.BudgetHolder{BSN: "123456782", Initials: "B.", FamilyName: "X", BirthDate: domain.MustDate("1990-01-01")}, at)
			return err
		})
		if domain.KindOf(err) != domain.KindConflict {
			t.Errorf("duplicate BSN: %v", err)
		}
		// A failed transaction leaves nothing behind.
		boom := errors.New("boom")
		err = db.Update(ctx, func(tx *store.Tx) error {
			if _, err := tx.CreateProvider(ctx, domain.Provider{Kind: domain.ProviderZZP, Name: "Rolled Back", IBAN: "NL91ABNA0417164300"}, at); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		_ = db.View(ctx, func(tx *store.Tx) error {
			ps, _ := tx.Providers(ctx, "rolled", 10)
			if len(ps) != 0 {
				t.Errorf("rolled-back provider is visible: %v", ps)
			}
			return nil
		})
	})
}

func TestLedgerInvariantInDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, _, grantID := seed(t, db, 10000)
		post := func(k ledger.Kind, a domain.Cents) error {
			return db.Update(ctx, func(tx *store.Tx) error {
				p, err := ledger.New(k, a)
				if err != nil {
					return err
				}
				return tx.Post(ctx, grantID, p, domain.MustDate("2026-02-01"), store.Ref{}, at)
			})
		}
		if err := post(ledger.Reserved, 7000); err != nil {
			t.Fatal(err)
		}
		err := post(ledger.Reserved, 3001)
		if e, ok := domain.AsError(err); !ok || e.Code != "insufficient_budget" {
			t.Fatalf("over-reservation: %v", err)
		}
		if err := post(ledger.Paid, 7001); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("paying more than reserved: %v", err)
		}
		if err := post(ledger.Paid, 5000); err != nil {
			t.Fatal(err)
		}
		if err := post(ledger.Granted, -3001); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("lowering below reserved+paid: %v", err)
		}
		_ = db.View(ctx, func(tx *store.Tx) error {
			b, _ := tx.Balance(ctx, grantID)
			ps, _ := tx.Postings(ctx, grantID)
			var raw []ledger.Posting
			for _, p := range ps {
				raw = append(raw, p.Posting)
			}
			if want := (ledger.Balance{Granted: 10000, Reserved: 2000, Paid: 5000}); b != want || ledger.Sum(raw) != want || len(ps) != 3 {
				t.Errorf("balance %+v, sum %+v, %d postings", b, ledger.Sum(raw), len(ps))
			}
			return nil
		})
	})
}

// TestPostLocked: a posting on a balance the transaction read decides on
// that balance, and the database still refuses it, with the whole
// transaction, when the balance given was not the row's.
func TestPostLocked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, _, grantID := seed(t, db, 10000)
		reserve := func(a domain.Cents, forge func(*ledger.Balance)) (ledger.Balance, error) {
			var after ledger.Balance
			err := db.Update(ctx, func(tx *store.Tx) error {
				b, err := tx.Balance(ctx, grantID)
				if err != nil {
					return err
				}
				if forge != nil {
					forge(&b)
				}
				p, _ := ledger.New(ledger.Reserved, a)
				if after, err = tx.PostLocked(ctx, grantID, b, p, domain.MustDate("2026-02-01"), store.Ref{Type: "test"}, at); err != nil {
					return err
				}
				return tx.Audit(ctx, audit.Record{At: at, ActorRole: "test", Action: "reserve", ObjectType: "grant", ObjectID: grantID})
			})
			return after, err
		}
		if after, err := reserve(7000, nil); err != nil || after != (ledger.Balance{Granted: 10000, Reserved: 7000}) {
			t.Fatalf("reserve 7000: %+v %v", after, err)
		}
		if _, err := reserve(3001, nil); !isCode(err, "insufficient_budget") {
			t.Errorf("over-reservation: %v", err)
		}
		// A balance that claims more room than the row has passes the
		// ledger here; the database's condition fails the transaction.
		if _, err := reserve(5000, func(b *ledger.Balance) { b.Granted = 20000 }); !errors.Is(err, store.ErrNotOneRow) {
			t.Errorf("stale balance: %v", err)
		}
		_ = db.View(ctx, func(tx *store.Tx) error {
			b, _ := tx.Balance(ctx, grantID)
			ps, _ := tx.Postings(ctx, grantID)
			recs, _ := tx.AuditRecords(ctx, 0, 100)
			if b != (ledger.Balance{Granted: 10000, Reserved: 7000}) || len(ps) != 2 || len(recs) != 1 {
				t.Errorf("after a refused and a failed posting: balance %+v, %d postings, %d audit records", b, len(ps), len(recs))
			}
			return nil
		})
	})
}

// TestLedgerConcurrency reserves from many goroutines at once against one
// grant: the total reserved never exceeds the grant, every accepted
// reservation has its posting, and every refused one left nothing.
func TestLedgerConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const granted, each, workers, tries = 100_000, 700, 16, 20 // room for 142 of 320 attempts
		_, _, grantID := seed(t, db, granted)
		var ok, refused atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < tries; i++ {
					err := db.Update(ctx, func(tx *store.Tx) error {
						p, _ := ledger.New(ledger.Reserved, each)
						if err := tx.Post(ctx, grantID, p, domain.MustDate("2026-02-01"), store.Ref{Type: "test"}, at); err != nil {
							return err
						}
						return tx.Audit(ctx, audit.Record{At: at, ActorRole: "test", Action: "reserve", ObjectType: "grant", ObjectID: grantID})
					})
					switch e, _ := domain.AsError(err); {
					case err == nil:
						ok.Add(1)
					case e != nil && e.Code == "insufficient_budget":
						refused.Add(1)
					default:
						t.Errorf("unexpected error: %v", err)
						return
					}
				}
			}()
		}
		wg.Wait()
		if ok.Load() != granted/each || ok.Load()+refused.Load() != workers*tries {
			t.Errorf("accepted %d (want %d), refused %d", ok.Load(), granted/each, refused.Load())
		}
		_ = db.View(ctx, func(tx *store.Tx) error {
			b, _ := tx.Balance(ctx, grantID)
			ps, _ := tx.Postings(ctx, grantID)
			if b.Reserved != domain.Cents(ok.Load()*each) || !b.Holds() || len(ps) != int(ok.Load())+1 {
				t.Errorf("balance %+v with %d postings after %d reservations", b, len(ps), ok.Load())
			}
			return nil
		})
		if _, recs := auditLog(t, db); int64(len(recs)) != ok.Load() { // auditLog verifies the chain
			t.Errorf("audit after concurrency: %d records for %d reservations", len(recs), ok.Load())
		}
	})
}

func TestAuditChainDetectsTampering(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i := 1; i <= 30; i++ { // transactions in lanes of their own choosing
			err := db.Update(ctx, func(tx *store.Tx) error {
				return tx.Audit(ctx, audit.Record{At: at.Add(time.Duration(i) * time.Second), ActorID: 5, ActorRole: "verstrekker", ActingFor: 9,
					Action: "grant.create", ObjectType: "grant", ObjectID: int64(i), After: `{"total":100}`})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		read := func() ([]audit.Record, []audit.Problem) {
			var recs []audit.Record
			var probs []audit.Problem
			_ = db.View(ctx, func(tx *store.Tx) error {
				lanes, _ := tx.AuditLanes(ctx)
				recs, _ = tx.AuditRecords(ctx, 0, 100)
				probs = audit.Verify(recs, lanes)
				return nil
			})
			return recs, probs
		}
		recs, p := read()
		if len(p) != 0 || len(recs) != 30 {
			t.Fatalf("intact log of %d records reported: %v", len(recs), p)
		}
		// A record with a later one in its lane.
		var victim, next audit.Record
		for i, r := range recs {
			for _, later := range recs[i+1:] {
				if audit.LaneOf(later.Seq, 0) == audit.LaneOf(r.Seq, 0) {
					victim, next = r, later
					break
				}
			}
			if next.Seq != 0 {
				break
			}
		}
		at := " WHERE seq = " + strconv.FormatInt(victim.Seq, 10)
		if err := store.ExecForTest(ctx, db, `UPDATE audit_log SET after_json = '{"total":999}'`+at); err != nil {
			t.Fatal(err)
		}
		if _, p := read(); len(p) != 1 || p[0].Seq != victim.Seq {
			t.Errorf("changed record %d not detected: %v", victim.Seq, p)
		}
		if err := store.ExecForTest(ctx, db, `DELETE FROM audit_log`+at); err != nil {
			t.Fatal(err)
		}
		if _, p := read(); len(p) != 1 || p[0].Seq != next.Seq {
			t.Errorf("deleted record %d not detected at %d: %v", victim.Seq, next.Seq, p)
		}
		// The last record of all: its lane's head says more.
		last := recs[len(recs)-1]
		if err := store.ExecForTest(ctx, db, `DELETE FROM audit_log WHERE seq = `+strconv.FormatInt(last.Seq, 10)); err != nil {
			t.Fatal(err)
		}
		if _, p := read(); len(p) != 2 || p[1].Seq != last.Seq {
			t.Errorf("deleted last record %d not detected: %v", last.Seq, p)
		}
	})
}

func isCode(err error, code string) bool {
	e, ok := domain.AsError(err)
	return ok && e.Code == code
}

// TestSaveDeclarationStaleRow: a declaration read without its lock and
// changed by someone else meanwhile is not overwritten (a conflict the
// user sees); one held by the transaction is written with the next round
// trip, and a wrong row version there still fails the whole transaction.
func TestSaveDeclarationStaleRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		row := declarationFixture(t, db, domain.DeclCare)
		var id int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			id, err = tx.CreateDeclaration(ctx, row)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		save := func(lock bool, version int, reason string) error {
			return db.Update(ctx, func(tx *store.Tx) error {
				r, _, err := tx.DeclarationWithAgreement(ctx, id, lock)
				if err != nil {
					return err
				}
				r.RowVersion, r.Reason = version, reason
				if err := tx.SaveDeclaration(ctx, r, r.State, at); err != nil {
					return err
				}
				return tx.Audit(ctx, audit.Record{At: at, ActorRole: "test", Action: "save", ObjectType: "declaration", ObjectID: id})
			})
		}
		if err := save(false, 0, "oud"); !isCode(err, "declaration_changed") {
			t.Errorf("stale save without the lock: %v", err)
		}
		if err := save(true, 0, "oud"); !errors.Is(err, store.ErrNotOneRow) {
			t.Errorf("stale save under the lock: %v", err)
		}
		if err := save(true, 1, "nieuw"); err != nil {
			t.Fatal(err)
		}
		_ = db.View(ctx, func(tx *store.Tx) error {
			r, _, err := tx.DeclarationWithAgreement(ctx, id, false)
			recs, _ := tx.AuditRecords(ctx, 0, 100)
			if err != nil || r.Reason != "nieuw" || r.RowVersion != 2 || len(recs) != 1 {
				t.Errorf("after two refused saves and one good one: %v, reason %q, version %d, %d audit records", err, r.Reason, r.RowVersion, len(recs))
			}
			return nil
		})
	})
}

// TestWritesOfOneTransactionInOrder: a declaration entered and sent in one
// transaction (its row, its lines, then its new state and its lines'
// counting, with an audit record) is stored as if each write ran after the
// one before, also where the writes waiting go to the server as one
// statement (PostgreSQL): the lines inserted count for the checks.
func TestWritesOfOneTransactionInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		row := declarationFixture(t, db, domain.DeclCare)
		row.State = domain.DeclConcept
		var id int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			if id, err = tx.CreateDeclaration(ctx, row); err != nil {
				return err
			}
			r := row
			r.ID, r.RowVersion, r.State = id, 1, domain.DeclAtHolder
			if err := tx.SaveDeclaration(ctx, r, domain.DeclConcept, at); err != nil {
				return err
			}
			return tx.Audit(ctx, audit.Record{At: at, ActorRole: "test", Action: "declaration.send", ObjectType: "declaration", ObjectID: id},
				audit.Record{At: at, ActorRole: "test", Action: "declaration.create", ObjectType: "declaration", ObjectID: id})
		})
		if err != nil {
			t.Fatal(err)
		}
		var lines, counting int
		if err := db.RawQuery(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN counts THEN 1 ELSE 0 END), 0) FROM declaration_lines WHERE declaration_id = ?`, []any{id},
			func(rows *sql.Rows) error { return rows.Scan(&lines, &counting) }); err != nil {
			t.Fatal(err)
		}
		if lines != len(row.D.Lines) || counting != lines {
			t.Errorf("%d lines of %d stored, %d of them counting; want all", lines, len(row.D.Lines), counting)
		}
		_ = db.View(ctx, func(tx *store.Tx) error {
			r, _, err := tx.DeclarationWithAgreement(ctx, id, false)
			recs, _ := tx.AuditRecords(ctx, 0, 100)
			if err != nil || r.State != domain.DeclAtHolder || r.RowVersion != 2 || len(recs) != 2 {
				t.Errorf("stored: %v, state %s, version %d, %d audit records", err, r.State, r.RowVersion, len(recs))
			}
			return nil
		})
		if seq, _ := auditLog(t, db); seq != 2 { // (auditLog verifies the chain)
			t.Errorf("audit lanes hold %d records, want 2", seq)
		}
	})
}

// TestAuditLanesContinueASingleChain: a log written as one chain before
// the lanes (migration 0021) is continued in lanes from its last record;
// the whole log verifies, and "newest first" is the order of writing.
func TestAuditLanesContinueASingleChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// Back to the schema before the lanes, with three records in one chain.
		undo := []string{`DROP TABLE audit_lanes`, `CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL)`,
			`DELETE FROM schema_migrations WHERE version IN (21, 22)`} // the lanes' migrations run again; later ones stay applied
		if db.Dialect().Name == "postgres" {
			undo = append(undo, `ALTER TABLE audit_log DROP COLUMN n`, `CREATE INDEX audit_log_object ON audit_log (object_type, object_id)`,
				`CREATE INDEX audit_log_actor ON audit_log (actor_account_id, seq)`)
		}
		for _, q := range undo {
			if err := db.RawExec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		rec := func(i int) audit.Record {
			return audit.Record{At: at.Add(time.Duration(i) * time.Second), ActorID: 5, ActorRole: "verstrekker", Action: "grant.change",
				ObjectType: "grant", ObjectID: 1, After: fmt.Sprintf(`{"change":%d}`, i)}
		}
		prevSeq, prevHash := int64(0), audit.Genesis
		for i := 1; i <= 3; i++ {
			r := rec(i)
			r.Seq, r.PrevHash, r.At = prevSeq+1, prevHash, r.At.UTC()
			r.Hash = audit.ComputeHash(r)
			if err := db.RawExec(ctx, `INSERT INTO audit_log (seq, at, actor_account_id, actor_role, acting_for, action, object_type, object_id, before_json, after_json, prev_hash, hash)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.Seq, r.At, r.ActorID, r.ActorRole, r.ActingFor, r.Action, r.ObjectType, r.ObjectID, r.Before, r.After, r.PrevHash, r.Hash); err != nil {
				t.Fatal(err)
			}
			prevSeq, prevHash = r.Seq, r.Hash
		}
		if err := db.RawExec(ctx, `INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)`, prevSeq, prevHash); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		for i := 4; i <= 20; i++ {
			if err := db.Update(ctx, func(tx *store.Tx) error { return tx.Audit(ctx, rec(i)) }); err != nil {
				t.Fatal(err)
			}
		}
		_ = db.View(ctx, func(tx *store.Tx) error {
			lanes, _ := tx.AuditLanes(ctx)
			recs, _ := tx.AuditRecords(ctx, 0, 100)
			if p := audit.Verify(recs, lanes); len(p) != 0 || len(recs) != 20 || lanes[0].Fork != 3 {
				t.Errorf("%d records from a fork at %d: %v", len(recs), lanes[0].Fork, p)
			}
			newest, _ := tx.AuditOf(ctx, "grant", 1, 100)
			for i, r := range newest {
				if want := fmt.Sprintf(`{"change":%d}`, 20-i); r.After != want {
					t.Errorf("newest first, place %d: %s, want %s", i, r.After, want)
				}
			}
			return nil
		})
	})
}

// declarationFixture stores a grant, a provider and an agreement, and
// returns a declaration of kind on it for February 2026, not yet stored.
func declarationFixture(t *testing.T, db *store.DB, kind domain.DeclarationKind) store.DeclarationRow {
	t.Helper()
	ctx := context.Background()
	orgID, bhID, grantID := seed(t, db, 100000)
	var row store.DeclarationRow
	err := db.Update(ctx, func(tx *store.Tx) error {
		pID, err := tx.CreateProvider(ctx, domain.Provider{Kind: domain.ProviderZZP, Name: "Zorg BV", KvK: "12345678", IBAN: "NL91ABNA0417164300"}, at)
		if err != nil {
			return err
		}
		agID, err := tx.CreateAgreement(ctx, domain.Agreement{BudgetHolderID: bhID, ProviderID: pID, GrantID: grantID, VerstrekkerID: orgID, Source: "online", CreatedAt: at}, 0)
		row = store.DeclarationRow{AgreementID: agID, BudgetHolderID: bhID, ProviderID: pID, GrantID: grantID,
			State: domain.DeclAtHolder, CreatedAt: at, RowVersion: 1,
			D: domain.Declaration{Kind: kind, Period: domain.Period{Start: domain.MustDate("2026-02-01"), End: domain.MustDate("2026-02-28")}}}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return row
}

// TestDeclarationRefusedByTheDatabase: a declaration the database refuses
// (a second wage for the month) fails its transaction with the conflict,
// on both databases; nothing of that transaction is kept, and each stored
// declaration has its own id.
func TestDeclarationRefusedByTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		row := declarationFixture(t, db, domain.DeclWage)
		row.D.Amount = 250000
		create := func() (int64, error) {
			var id int64
			err := db.Update(ctx, func(tx *store.Tx) error {
				var err error
				if id, err = tx.CreateDeclaration(ctx, row); err != nil {
					return err
				}
				return tx.Audit(ctx, audit.Record{At: at, ActorRole: "test", Action: "declaration.create", ObjectType: "declaration", ObjectID: id})
			})
			return id, err
		}
		first, err := create()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := create(); !isCode(err, "already_exists") {
			t.Errorf("a second wage for the month: %v", err)
		}
		row.D.Period = domain.Period{Start: domain.MustDate("2026-03-01"), End: domain.MustDate("2026-03-31")}
		second, err := create()
		if err != nil || second == first {
			t.Fatalf("the next month: id %d after %d, %v", second, first, err)
		}
		_ = db.View(ctx, func(tx *store.Tx) error {
			recs, _ := tx.AuditRecords(ctx, 0, 100)
			for _, id := range []int64{first, second} {
				if r, _, err := tx.DeclarationWithAgreement(ctx, id, false); err != nil || r.D.Kind != domain.DeclWage || r.D.Amount != 250000 {
					t.Errorf("declaration %d: %+v %v", id, r, err)
				}
			}
			if len(recs) != 2 {
				t.Errorf("%d audit records, want 2 (the refused one's is gone)", len(recs))
			}
			return nil
		})
	})
}

// TestDeclarationIDsUnderConcurrency: declarations entered at the same
// time from many goroutines each get an id of their own, and each id is
// the declaration stored under it.
func TestDeclarationIDsUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		row := declarationFixture(t, db, domain.DeclCare)
		const workers, each = 8, 25
		ids := make(chan [2]int64, workers*each)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					r := row
					r.D.InvoiceNumber = fmt.Sprintf("F-%d-%d", w, i)
					err := db.Update(ctx, func(tx *store.Tx) error {
						id, err := tx.CreateDeclaration(ctx, r)
						ids <- [2]int64{id, int64(w*each + i)}
						return err
					})
					if err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(ids)
		seen := map[int64]bool{}
		_ = db.View(ctx, func(tx *store.Tx) error {
			for p := range ids {
				id, n := p[0], p[1]
				if seen[id] {
					t.Errorf("id %d given twice", id)
				}
				seen[id] = true
				r, _, err := tx.DeclarationWithAgreement(ctx, id, false)
				if want := fmt.Sprintf("F-%d-%d", n/each, n%each); err != nil || r.D.InvoiceNumber != want {
					t.Errorf("declaration %d: %q %v, want %q", id, r.D.InvoiceNumber, err, want)
				}
			}
			return nil
		})
		if len(seen) != workers*each {
			t.Errorf("%d ids for %d declarations", len(seen), workers*each)
		}
	})
}

// TestCheckFactsOverAllBudgetHolders: the facts the checks read about a
// provider's other declarations: its hours per day and week over all its
// budget holders (hour lines of declarations that count only), and the days
// and care types already declared for this budget holder.
func TestCheckFactsOverAllBudgetHolders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		row := declarationFixture(t, db, domain.DeclCare)
		d := func(s string) domain.Date { return domain.MustDate("2026-02-" + s) }
		line := func(day string, careType string, unit domain.Unit, units int64) domain.DeclLine {
			return domain.DeclLine{Date: d(day), CareType: careType, Unit: unit, Units: units, Rate: 5000}
		}
		var mine int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			other, err := tx.CreateBudgetHolder(ctx, domain.BudgetHolder{BSN: "111222333", Initials: "B.", FamilyName: "Visser",
				BirthDate: domain.MustDate("1970-05-01"), Postcode: "1234 AB", City: "Utrecht"}, at)
			if err != nil {
				return err
			}
			for _, c := range []struct {
				holder int64
				state  domain.DeclarationState
				lines  []domain.DeclLine
			}{
				{row.BudgetHolderID, domain.DeclAccepted, []domain.DeclLine{line("05", "begeleiding", domain.UnitHour, 1000), line("02", "begeleiding", domain.UnitHour, 200)}},
				{other, domain.DeclAtHolder, []domain.DeclLine{line("05", "begeleiding", domain.UnitHour, 800), line("05", "dagbesteding", domain.UnitDayPart, 200),
					line("12", "begeleiding", domain.UnitHour, 300)}},
				{other, domain.DeclRefused, []domain.DeclLine{line("05", "begeleiding", domain.UnitHour, 2000)}},             // refused: does not count
				{row.BudgetHolderID, domain.DeclConcept, []domain.DeclLine{line("06", "begeleiding", domain.UnitHour, 400)}}, // a concept: neither
			} {
				r := row
				r.BudgetHolderID, r.State, r.D.Lines = c.holder, c.state, c.lines
				if _, err := tx.CreateDeclaration(ctx, r); err != nil {
					return err
				}
			}
			r := row
			r.D.Lines = []domain.DeclLine{line("05", "begeleiding", domain.UnitHour, 100)} // the one being checked: not its own fact
			mine, err = tx.CreateDeclaration(ctx, r)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		_ = db.Update(ctx, func(tx *store.Tx) error { // (the check context locks the grant)
			r, _, err := tx.DeclarationWithAgreement(ctx, mine, false)
			if err != nil {
				t.Fatal(err)
			}
			var in domain.CheckInput
			if _, err := tx.LoadCheckContext(ctx, r, &in); err != nil {
				t.Fatal(err)
			}
			wantDays := map[domain.Date]int64{d("05"): 1800, d("02"): 200, d("12"): 300}
			if !maps.Equal(in.ProviderDayUnits, wantDays) {
				t.Errorf("hours per day: %v, want %v", in.ProviderDayUnits, wantDays)
			}
			wantWeeks := map[domain.Week]int64{}
			for day, u := range wantDays {
				wantWeeks[domain.WeekOf(day)] += u
			}
			if !maps.Equal(in.ProviderWeekUnits, wantWeeks) {
				t.Errorf("hours per week: %v, want %v", in.ProviderWeekUnits, wantWeeks)
			}
			wantDeclared := map[domain.DupKey]bool{{Date: d("05"), CareType: "begeleiding"}: true, {Date: d("02"), CareType: "begeleiding"}: true}
			if !maps.Equal(in.Declared, wantDeclared) {
				t.Errorf("declared for this budget holder: %v, want %v", in.Declared, wantDeclared)
			}
			// At entry: the same facts for the checks of both steps, none of
			// those only the fraud signals read (judged at approval).
			if len(in.ProviderHoursHistory) != 3 {
				t.Errorf("approval: hours before %v, want three months", in.ProviderHoursHistory)
			}
			var entry domain.CheckInput
			if _, err := tx.LoadEntryCheckContext(ctx, r, &entry); err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(entry.ProviderDayUnits, wantDays) || !maps.Equal(entry.Declared, wantDeclared) {
				t.Errorf("entry: hours per day %v, declared %v; want %v and %v", entry.ProviderDayUnits, entry.Declared, wantDays, wantDeclared)
			}
			if entry.ProviderHoursHistory != nil {
				t.Errorf("entry read the hours before, a fraud signal's fact: %v", entry.ProviderHoursHistory)
			}
			return nil
		})
	})
}

// TestBulkLoadAfterIDsTakenAhead: rows a bulk loader numbers itself after
// MaxID never take an id the portal has already taken from the sequence,
// and the sequence is not moved back under those ids.
func TestBulkLoadAfterIDsTakenAhead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		row := declarationFixture(t, db, domain.DeclCare)
		create := func() (int64, error) {
			var id int64
			err := db.Update(ctx, func(tx *store.Tx) error {
				var err error
				id, err = tx.CreateDeclaration(ctx, row)
				return err
			})
			return id, err
		}
		first, err := create()
		if err != nil {
			t.Fatal(err)
		}
		last, err := db.MaxID(ctx, "declarations")
		if err != nil || last < first {
			t.Fatalf("max id %d after declaration %d: %v", last, first, err)
		}
		// A loader's row just after it, copied from the first.
		cols := `agreement_id, budget_holder_id, provider_id, grant_id, kind, period_start, period_end, state, invoice_number, invoice_total_cents,
			total_cents, has_attachment, travel_km, travel_per_km_cents, amount_cents, source, entered_by, created_at, updated_at,
			sent_to_holder, submitted_by_holder, findings_json, reason`
		if err := db.RawExec(ctx, `INSERT INTO declarations (id, `+cols+`) SELECT ?, `+cols+` FROM declarations WHERE id = ?`, last+1, first); err != nil {
			t.Fatal(err)
		}
		if err := db.ResetIdentities(ctx, "declarations"); err != nil {
			t.Fatal(err)
		}
		for i := range 70 { // many new ids after the load
			if id, err := create(); err != nil || id == last+1 {
				t.Fatalf("declaration %d after the load: id %d, %v", i, id, err)
			}
		}
	})
}

// TestClientListsAlikeEitherWay: a verstrekker's budget holders come in
// the same name order, page by page, whether read from its clients (a
// small verstrekker) or from the name index (a large one); another
// verstrekker's holder is never among them.
func TestClientListsAlikeEitherWay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orgID, _, _ := seed(t, db, 100000)
		names := []string{"Visser", "de Jong", "Bakker", "Visser", "Aydın", "Jansen", "Bakker"}
		if err := db.Update(ctx, func(tx *store.Tx) error {
			other, err := tx.CreateOrganisation(ctx, domain.Organisation{Kind: domain.Gemeente, Name: "Gemeente Ander", Code: "GM0002"}, at)
			if err != nil {
				return err
			}
			for i, n := range names {
				var bsn domain.BSN
				for n := 100000000 + i*1000; bsn == ""; n++ {
					bsn, _ = domain.ParseBSN(strconv.Itoa(n))
				}
				id, err := tx.CreateBudgetHolder(ctx, domain.BudgetHolder{BSN: bsn, Initials: string(rune('A'+i%3)) + ".", FamilyName: n,
					BirthDate: domain.MustDate("1960-01-01"), City: "Utrecht"}, at)
				if err != nil {
					return err
				}
				org := orgID
				if i == 5 {
					org = other
				}
				if err := tx.LinkClient(ctx, org, id, at); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		pages := func() (out []string) {
			for page := 0; page < 5; page++ {
				_ = db.View(ctx, func(tx *store.Tx) error {
					list, err := tx.SearchClients(ctx, orgID, "", 3, page*3)
					for _, b := range list {
						out = append(out, fmt.Sprintf("%d %s", b.ID, b.Name()))
					}
					return err
				})
			}
			return out
		}
		small := pages()
		undo := store.SetManyClientsAtForTest(2)
		large := pages()
		undo()
		if len(small) != 7 || strings.Join(small, "|") != strings.Join(large, "|") {
			t.Fatalf("from the clients: %v\nfrom the names: %v", small, large)
		}
		for _, s := range small {
			if strings.Contains(s, "Jansen") {
				t.Errorf("another verstrekker's holder listed: %v", small)
			}
		}
	})
}
