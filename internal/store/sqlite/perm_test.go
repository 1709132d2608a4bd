package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/datakey"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// TestNewDatabaseFileIsPrivate: a new database file (and its WAL) can be
// read by the portal's own user only.
func TestNewDatabaseFileIsPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pgb.db")
	key, err := datakey.Parse(testpg.DataKey)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), path, key)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, name := range []string{path, path + "-wal"} {
		st, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v", filepath.Base(name), st.Mode().Perm())
		}
	}
}
