package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func TestBulkInsert(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cols := []string{"id", "bsn", "initials", "prefix", "family_name", "birth_date", "created_at"}
		for _, tc := range []struct {
			name    string
			rows    int
			wantErr bool
		}{
			{"none", 0, false},
			{"one", 1, false},
			{"more than one statement, not a multiple", 1234, false},
			{"a duplicate BSN", -1, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				base, err := db.MaxID(ctx, "budget_holders")
				if err != nil {
					t.Fatal(err)
				}
				var rows [][]any
				for i := 0; i < tc.rows; i++ {
					id := base + int64(i) + 1
					rows = append(rows, []any{id, fmt.Sprintf("b%08d", id), "A.", "", "Jansen", domain.MustDate("1950-01-02"), at})
				}
				if tc.rows < 0 {
					rows = [][]any{{base + 1, "dup", "A.", "", "X", domain.MustDate("1950-01-02"), at}, {base + 2, "dup", "B.", "", "Y", domain.Date{}, at}}
				}
				n, err := db.BulkInsert(ctx, "budget_holders", cols, rows)
				if (err != nil) != tc.wantErr {
					t.Fatalf("err = %v, want error %v", err, tc.wantErr)
				}
				if !tc.wantErr && n != int64(tc.rows) {
					t.Fatalf("%d rows written, want %d", n, tc.rows)
				}
				if tc.wantErr {
					if got, _ := db.MaxID(ctx, "budget_holders"); got != base {
						t.Errorf("a failed batch left rows behind: max id %d, was %d", got, base)
					}
				}
			})
		}
		// A row of the wrong width is refused before anything is written.
		if _, err := db.BulkInsert(ctx, "budget_holders", cols, [][]any{{1}}); err == nil {
			t.Error("a short row was accepted")
		}
		// After ResetIdentities, ordinary inserts continue after the loaded ids.
		if err := db.ResetIdentities(ctx, "budget_holders"); err != nil {
			t.Fatal(err)
		}
		max, _ := db.MaxID(ctx, "budget_holders")
		var id int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			id, err = tx.CreateBudgetHolder(ctx, domain.BudgetHolder{BSN: "123456782", Initials: "C.", FamilyName: "Z", BirthDate: domain.MustDate("1960-05-06")}, at)
			return err
		})
		if err != nil || id != max+1 {
			t.Fatalf("insert after bulk: id %d (max was %d), %v", id, max, err)
		}
		// What was loaded reads back as the store wrote it.
		var birth domain.Date
		var count int
		err = db.RawQuery(ctx, `SELECT COUNT(*), MIN(birth_date) FROM budget_holders WHERE family_name = ?`, []any{"Jansen"}, func(r *sql.Rows) error {
			var s any
			if err := r.Scan(&count, &s); err != nil {
				return err
			}
			return birth.Scan(s)
		})
		if err != nil || count != 1235 || birth != domain.MustDate("1950-01-02") {
			t.Errorf("read back %d rows, birth %s, %v", count, birth, err)
		}
		if err := db.Analyze(ctx); err != nil {
			t.Error(err)
		}
		if err := db.RawExec(ctx, `UPDATE budget_holders SET city = ? WHERE id = ?`, "Utrecht", id); err != nil {
			t.Error(err)
		}
	})
}
