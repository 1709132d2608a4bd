package app

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/config"
)

// PostgreSQL without a data key refuses to start, saying what to set.
func TestPostgresWithoutKeyRefuses(t *testing.T) {
	c := config.Defaults
	c.Database = "postgres://pgb@127.0.0.1:1/pgb"
	_, err := Open(context.Background(), c, slog.New(slog.DiscardHandler))
	if !errors.Is(err, ErrNoDataKey) || !strings.Contains(err.Error(), "PGB_DATA_KEY") {
		t.Fatalf("started without a key: %v", err)
	}
}

// On SQLite a key file is made beside the database on first start (0600),
// the log says so without the key, and later starts use it; a start with
// another key is refused and leaves no key file behind.
func TestSQLiteMakesKeyFile(t *testing.T) {
	ctx := context.Background()
	c := config.Defaults
	c.Database = filepath.Join(t.TempDir(), "pgb.db")
	var log bytes.Buffer
	db, err := Open(ctx, c, slog.New(slog.NewTextHandler(&log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	id := db.DataKeyID()
	db.Close()
	keyFile := c.Database + ".key"
	st, err := os.Stat(keyFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", err, st)
	}
	text, _ := os.ReadFile(keyFile)
	if !strings.Contains(log.String(), "data key created") || !strings.Contains(log.String(), keyFile) || strings.Contains(log.String(), strings.TrimSpace(string(text))) {
		t.Errorf("log: %s", log.String())
	}
	log.Reset()
	db, err = Open(ctx, c, slog.New(slog.NewTextHandler(&log, nil)))
	if err != nil || db.DataKeyID() != id || log.Len() != 0 {
		t.Fatalf("second start: %v, log %q", err, log.String())
	}
	db.Close()
	os.Rename(keyFile, keyFile+".lost")
	if _, err := Open(ctx, c, slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "sealed under data key "+id) {
		t.Errorf("started with a new key on sealed data: %v", err)
	}
	if _, err := os.Stat(keyFile); !os.IsNotExist(err) {
		t.Errorf("the key made for a refused start stays: %v", err)
	}
}
