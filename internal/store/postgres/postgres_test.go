package postgres_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store/postgres"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// TestDateParameters: a domain.Date reaches PostgreSQL as that day, where
// the statement wants a date and where it wants text, and a zero date is
// NULL.
func TestDateParameters(t *testing.T) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, testpg.URL(t), storetest.Key)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d := domain.MustDate("2026-02-28")
	for _, q := range []string{
		`SELECT ?::date, ?::text, ?::date IS NULL, ?::date + 1, ? = DATE '2026-02-28'`,
		`SELECT ?, ?, CAST(? AS DATE) IS NULL, (CAST(? AS DATE) + 1), CAST(? AS DATE) = DATE '2026-02-28'`,
	} {
		var got, next domain.Date
		var text sql.NullString
		var null, equal bool
		err := db.RawQuery(ctx, q, []any{d, d, domain.Date{}, d, d}, func(rows *sql.Rows) error {
			return rows.Scan(&got, &text, &null, &next, &equal)
		})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if got != d || !text.Valid || text.String != "2026-02-28" || !null || next != domain.MustDate("2026-03-01") || !equal {
			t.Errorf("%s: date %v, text %q, zero is NULL %v, next day %v, equal %v", q, got, text.String, null, next, equal)
		}
	}
}
