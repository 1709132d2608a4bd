// Package storetest runs a test against every database the store supports:
// SQLite always, PostgreSQL when PGB_TEST_POSTGRES is set (and required in CI).
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/datakey"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/postgres"
	"github.com/pgbportaal/pgbportaal/internal/store/sqlite"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// Key is the data key test stores seal personal data with (testpg.DataKey).
var Key = func() *datakey.Key {
	k, err := datakey.Parse(testpg.DataKey)
	if err != nil {
		panic(err)
	}
	return k
}()

// OpenSQLite opens a fresh, migrated SQLite database in a temporary directory.
func OpenSQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), Key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// OpenPostgres opens a fresh, migrated schema on the test PostgreSQL server
// (skipped without PGB_TEST_POSTGRES outside CI).
func OpenPostgres(t testing.TB) *store.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), testpg.URL(t), Key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Each runs f as a subtest per database: "sqlite" and "postgres".
func Each(t *testing.T, f func(t *testing.T, db *store.DB)) {
	t.Run("sqlite", func(t *testing.T) { f(t, OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, OpenPostgres(t)) })
}
