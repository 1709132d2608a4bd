package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/datakey"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

const (
	plainBSN  = "123456782"        // seed's budget holder
	plainTOTP = "JBSWY3DPEHPK3PXP" // a TOTP secret (base32)
)

// plainTextIn reads every row of every table as text and returns where
// one of the values appears.
func plainTextIn(t *testing.T, db *store.DB, values ...string) []string {
	t.Helper()
	ctx := context.Background()
	q := `SELECT name FROM sqlite_schema WHERE type = 'table'`
	if db.Dialect().Name == "postgres" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`
	}
	var tables []string
	if err := db.RawQuery(ctx, q, nil, func(rows *sql.Rows) error {
		var n string
		tables = append(tables, n)
		return rows.Scan(&tables[len(tables)-1])
	}); err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, table := range tables {
		err := db.RawQuery(ctx, `SELECT * FROM `+table, nil, func(rows *sql.Rows) error {
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			for i, v := range vals {
				text := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					text = string(b)
				}
				for _, p := range values {
					if strings.Contains(text, p) {
						found = append(found, table+"."+cols[i])
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return found
}

// rawBSN is the column bsn of budget holder id as stored.
func rawBSN(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	var s string
	if err := db.RawQuery(context.Background(), `SELECT bsn FROM budget_holders WHERE id = ?`, []any{id}, func(rows *sql.Rows) error { return rows.Scan(&s) }); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPersonalDataSealedAtRest: no row of any table holds a BSN or a TOTP
// secret in plain text, after they were written and after an older
// database's plain rows were sealed at start; the BSN is still found, kept
// unique and read back whole, the secret read back; a rotation seals
// everything under the new key, after which the old one opens nothing and
// does not start the store.
func TestPersonalDataSealedAtRest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orgID, bhID, _ := seed(t, db, 100000)
		var accID int64
		if err := db.Update(ctx, func(tx *store.Tx) (err error) {
			accID, err = tx.CreateAccount(ctx, domain.Account{Email: "staff@example.nl", Name: "Staff", PasswordHash: "x", TOTPSecret: plainTOTP, TOTPEnabled: true, Lang: "nl", CreatedAt: at, PasswordChangedAt: at})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		check := func(stage string, k *datakey.Key) {
			t.Helper()
			if where := plainTextIn(t, db, plainBSN, plainTOTP); len(where) > 0 {
				t.Errorf("%s: plain text in %v", stage, where)
			}
			if raw := rawBSN(t, db, bhID); datakey.KeyID(raw) != k.ID() {
				t.Errorf("%s: the BSN is stored as %q, not sealed under key %s", stage, raw, k.ID())
			}
			err := db.View(ctx, func(tx *store.Tx) error {
				b, err := tx.BudgetHolderByBSN(ctx, plainBSN)
				if err != nil || b.ID != bhID || b.BSN.Full() != plainBSN || b.BSN.Masked() != "******782" {
					t.Errorf("%s: by BSN: %v %d %s", stage, err, b.ID, b.BSN.Masked())
				}
				found, err := tx.SearchClients(ctx, orgID, plainBSN, 10, 0)
				if err != nil || len(found) != 1 || found[0].ID != bhID {
					t.Errorf("%s: search by BSN: %v %v", stage, err, found)
				}
				if none, _ := tx.SearchClients(ctx, orgID, "111222333", 10, 0); len(none) != 0 {
					t.Errorf("%s: another BSN found %v", stage, none)
				}
				a, err := tx.Account(ctx, accID)
				if err != nil || a.TOTPSecret != plainTOTP {
					t.Errorf("%s: TOTP secret read back %v", stage, err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.CreateBudgetHolder(ctx, domain.BudgetHolder{BSN: plainBSN, Initials: "X.", FamilyName: "Other", BirthDate: domain.MustDate("1970-01-01")}, at)
				return err
			})
			if de := (*domain.Error)(nil); !errors.As(err, &de) || de.Code != "already_exists" {
				t.Errorf("%s: a second holder with the same BSN: %v", stage, err)
			}
		}
		check("written", storetest.Key)

		// An older database: its rows in plain text (as before migration
		// 0027), sealed when the store starts with its key.
		if err := db.RawExec(ctx, `UPDATE budget_holders SET bsn = ?, bsn_hash = NULL WHERE id = ?`, plainBSN, bhID); err != nil {
			t.Fatal(err)
		}
		if err := db.RawExec(ctx, `UPDATE accounts SET totp_secret = ? WHERE id = ?`, plainTOTP, accID); err != nil {
			t.Fatal(err)
		}
		if len(plainTextIn(t, db, plainBSN, plainTOTP)) != 2 {
			t.Fatal("the plain rows were not written")
		}
		if err := db.UseDataKey(ctx, storetest.Key); err != nil {
			t.Fatal(err)
		}
		check("upgraded", storetest.Key)

		// Rotation.
		old := rawBSN(t, db, bhID)
		next, _ := datakey.Generate()
		if err := db.RotateDataKey(ctx, next, func(h, a int) audit.Record {
			if h != 1 || a != 1 {
				t.Errorf("rotated %d holders and %d accounts, want 1 and 1", h, a)
			}
			return audit.Record{At: at, ActorRole: "systeem", Action: "data_key.rotate", ObjectType: "data_key", ObjectID: 1}
		}); err != nil {
			t.Fatal(err)
		}
		check("rotated", next)
		if _, err := storetest.Key.Open("budget_holders.bsn", rawBSN(t, db, bhID)); !errors.Is(err, datakey.ErrOtherKey) {
			t.Errorf("the old key opens the rotated BSN: %v", err)
		}
		if v, err := storetest.Key.Open("budget_holders.bsn", old); err != nil || v != plainBSN {
			t.Errorf("the old key does not open what it sealed: %v", err) // (the test's own check of the line above)
		}
		if err := db.UseDataKey(ctx, storetest.Key); err == nil || !strings.Contains(err.Error(), "sealed under data key "+next.ID()) {
			t.Errorf("the store started with the old key: %v", err)
		}
		check("old key refused", next)
		var rotations int
		_ = db.View(ctx, func(tx *store.Tx) error {
			recs, err := tx.AuditOf(ctx, "data_key", 1, 10)
			for _, r := range recs {
				if r.Action == "data_key.rotate" {
					rotations++
				}
			}
			return err
		})
		if rotations != 1 {
			t.Errorf("%d audit records of the rotation", rotations)
		}
	})
}
