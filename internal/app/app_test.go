package app

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
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

// PGB_DB_MAX_CONNS sizes the PostgreSQL pool: with 3, the pool opens no
// fourth connection, and six queries at once wait for one.
func TestPoolSizeIsConfigured(t *testing.T) {
	url := testpg.URL(t)
	c, _, err := config.Parse("serve", nil, func(k string) string {
		return map[string]string{"PGB_DATABASE": url, "PGB_DB_MAX_CONNS": "3", "PGB_DATA_KEY": testpg.DataKey}[k]
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := Open(ctx, c, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pool := db.Pools()["write"]
	if got := pool.Stats().MaxOpenConnections; got != 3 {
		t.Fatalf("pool of %d, want 3", got)
	}
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			if err := db.RawQuery(ctx, "SELECT pg_sleep(0.2)", nil, func(*sql.Rows) error { return nil }); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if st := pool.Stats(); st.OpenConnections > 3 || st.WaitCount == 0 {
		t.Errorf("six queries at once on a pool of 3: %d open, %d waited", st.OpenConnections, st.WaitCount)
	}
	if config.Defaults.DBMaxConns != 20 {
		t.Errorf("the default pool is %d", config.Defaults.DBMaxConns)
	}
}

// Every log line names the instance (PGB_INSTANCE, or host:port), so that
// the logs of two instances can be told apart; a line logged with a
// request's context names the request id, once.
func TestLogLinesNameInstanceAndRequest(t *testing.T) {
	var b bytes.Buffer
	c := config.Defaults
	c.Instance = "web-2"
	log := NewLogger(c, &b)
	log = httpkit.LoggerWithRequestID(log) // as web and the API wrap it: no second request_id
	log.InfoContext(httpkit.WithRequestID(context.Background(), "abc123"), "http", "route", "GET /{$}")
	if got := b.String(); !strings.Contains(got, "instance=web-2") || strings.Count(got, "request_id=abc123") != 1 {
		t.Errorf("log line: %s", got)
	}
	c.Instance, c.Addr, c.LogFormat = "", "0.0.0.0:8081", "json"
	b.Reset()
	NewLogger(c, &b).Info("started")
	host, _ := os.Hostname()
	if !strings.Contains(b.String(), `"instance":"`+host+`:8081"`) {
		t.Errorf("default instance tag: %s", b.String())
	}
}
