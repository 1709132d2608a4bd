package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/datakey"
)

// Every connection plans its statements once: without the guarantee,
// binding a new value re-prepares many of them on every run. (The setting
// comes with Open, through a hook on every connection the driver opens.)
func TestConnectionsPlanOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pgb.db")
	key, _ := datakey.Generate()
	db, err := Open(ctx, path, key)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.Raw(func(dc any) error {
		on, err := qpsg(dc, -1)
		if err == nil && !on {
			t.Error("a connection plans with the values bound to its statements (ENABLE_QPSG is off)")
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
