package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// writer keeps making audited changes (new accounts) through the service,
// as a running portal does, until stopped; made counts those committed.
type writer struct {
	made atomic.Int64
	stop func()
	wg   sync.WaitGroup
	err  error
}

func startWriter(t *testing.T, env map[string]string) *writer {
	t.Helper()
	c := config.Config{Database: env["PGB_DATABASE"], DataKey: env["PGB_DATA_KEY"], DataKeyFile: env["PGB_DATA_KEY_FILE"]}
	svc, db, err := openService(context.Background(), c, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &writer{}
	w.stop = func() { cancel(); w.wg.Wait(); db.Close() }
	w.wg.Go(func() {
		for i := 0; ctx.Err() == nil; i++ {
			_, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: fmt.Sprintf("schrijver-%d@example.nl", i), Name: "Schrijver", Password: "een lang genoeg wachtwoord"})
			if err != nil {
				if ctx.Err() == nil {
					w.err = err
				}
				return
			}
			w.made.Add(1)
		}
	})
	t.Cleanup(func() {
		if ctx.Err() == nil {
			w.stop()
		}
	})
	return w
}

// count runs a COUNT(*) query on a database/sql handle.
func count(t *testing.T, db *sql.DB, q string) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestBackupWhileWritingAndRestore: pgb backup copies a SQLite database
// while changes are being written to it, never over an existing file; pgb
// restore puts a backup in a fresh place, where the store opens with the
// data key, the audit log's chains verify and the data are there.
func TestBackupWhileWritingAndRestore(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PGB_DATABASE": filepath.Join(dir, "pgb.db")} // its data key in pgb.db.key beside it
	if out, err := pgb(t, env, "", "demo"); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	orig, err := sql.Open("sqlite", env["PGB_DATABASE"])
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	declarations := count(t, orig, `SELECT COUNT(*) FROM declarations`)
	if declarations == 0 {
		t.Fatal("the demo made no declarations")
	}

	w := startWriter(t, env)
	for w.made.Load() < 3 { // writes are going on
		time.Sleep(10 * time.Millisecond)
	}
	before := count(t, orig, `SELECT COUNT(*) FROM accounts`)
	bk := filepath.Join(dir, "backup.db")
	out, err := pgb(t, env, "", "backup", "-out", bk)
	if err != nil || !strings.Contains(out, "checked (quick_check ok)") {
		t.Fatalf("backup: %v %s", err, out)
	}
	after := count(t, orig, `SELECT COUNT(*) FROM accounts`)
	for m := w.made.Load(); w.made.Load() < m+2; { // and go on after it
		time.Sleep(10 * time.Millisecond)
	}
	w.stop()
	if w.err != nil {
		t.Fatalf("the writes during the backup failed: %v", w.err)
	}
	if st, err := os.Stat(bk); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, mode %v; want 0600 (it holds names)", err, st.Mode().Perm())
	}

	// Never over another file: the backup stays as it was.
	sum := fileBytes(t, bk)
	if out, err := pgb(t, env, "", "backup", "-out", bk); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("backup over an existing file: %v %s", err, out)
	}
	if fileBytes(t, bk) != sum {
		t.Error("the existing backup was changed")
	}

	// Restored into a fresh place, with the data key kept apart.
	fresh := map[string]string{"PGB_DATABASE": filepath.Join(t.TempDir(), "pgb.db"), "PGB_DATA_KEY_FILE": env["PGB_DATABASE"] + ".key"}
	out, err = pgb(t, fresh, "", "restore", "-from", bk)
	if err != nil || !strings.Contains(out, "audit log intact") {
		t.Fatalf("restore: %v %s", err, out)
	}
	if out, err := pgb(t, fresh, "", "audit", "verify"); err != nil || !strings.Contains(out, "audit log intact") {
		t.Fatalf("audit verify on the restored copy: %v %s", err, out)
	}
	got, err := sql.Open("sqlite", fresh["PGB_DATABASE"])
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	if n := count(t, got, `SELECT COUNT(*) FROM declarations`); n != declarations {
		t.Errorf("restored: %d declarations, want %d", n, declarations)
	}
	// A consistent moment between the start and the end of the backup, each
	// account with its audit record.
	if n := count(t, got, `SELECT COUNT(*) FROM accounts`); n < before || n > after {
		t.Errorf("restored: %d accounts, want between %d (at the backup's start) and %d (at its end)", n, before, after)
	}
	if a, r := count(t, got, `SELECT COUNT(*) FROM accounts WHERE email LIKE 'schrijver-%'`), count(t, got, `SELECT COUNT(*) FROM audit_log WHERE action = 'account.create' AND object_type = 'account' AND object_id IN (SELECT id FROM accounts WHERE email LIKE 'schrijver-%')`); a == 0 || a != r {
		t.Errorf("restored: %d of the written accounts with %d audit records; want some, each with its record", a, r)
	}
	// The restored copy serves: the store starts on it.
	if out, err := pgb(t, fresh, "", "migrate"); err != nil {
		t.Errorf("migrate on the restored copy: %v %s", err, out)
	}

	// Over a database in use (its write-ahead log is there): refused.
	if err := os.WriteFile(env["PGB_DATABASE"]+"-wal", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := pgb(t, env, "", "restore", "-from", bk); err == nil || !strings.Contains(err.Error(), "stop every pgb serve") {
		t.Errorf("restore over a database in use: %v %s", err, out)
	}
	// With -force (after a crash) it replaces it and keeps the old one.
	out, err = pgb(t, env, "", "restore", "-from", bk, "-force")
	if err != nil || !strings.Contains(out, "the database replaced is kept as") {
		t.Errorf("restore -force: %v %s", err, out)
	}
	if kept, _ := filepath.Glob(env["PGB_DATABASE"] + ".before-restore-*"); len(kept) != 1 {
		t.Errorf("the replaced database is not kept: %v", kept)
	}
	if out, err := pgb(t, env, "", "restore", "-from", env["PGB_DATABASE"]+".key"); err == nil {
		t.Errorf("a file that is no database restored: %s", out)
	}
}

func fileBytes(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pgTool finds one of PostgreSQL's client programs.
func pgTool(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	ms, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(ms) > 0 {
		return ms[len(ms)-1]
	}
	return ""
}

// TestPostgresDumpRestore: what docs/operations.md tells a small
// installation to do. The store's schema is dumped with pg_dump -Fc while
// changes are written, restored with pg_restore into a new database, and
// there the store opens, the audit log's chains verify and the data are
// there.
func TestPostgresDumpRestore(t *testing.T) {
	dbURL := testpg.URL(t)
	dump, rest := pgTool("pg_dump"), pgTool("pg_restore")
	if dump == "" || rest == "" {
		t.Skip("pg_dump or pg_restore not installed")
	}
	u, _ := url.Parse(dbURL)
	schema := u.Query().Get("search_path")
	plain := *u // libpq knows no search_path parameter
	q := plain.Query()
	q.Del("search_path")
	plain.RawQuery = q.Encode()
	env := map[string]string{"PGB_DATABASE": dbURL, "PGB_DATA_KEY": testpg.DataKey}
	if out, err := pgb(t, env, "", "demo"); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	if out, err := pgb(t, env, "", "backup", "-out", filepath.Join(t.TempDir(), "x")); err == nil || !strings.Contains(err.Error(), "pg_basebackup") {
		t.Errorf("pgb backup on PostgreSQL: %v %s", err, out)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	one := func(c *pgx.Conn, q string) int64 {
		t.Helper()
		var n int64
		if err := c.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	declarations := one(conn, `SELECT COUNT(*) FROM declarations`)

	w := startWriter(t, env)
	for w.made.Load() < 2 {
		time.Sleep(10 * time.Millisecond)
	}
	file := filepath.Join(t.TempDir(), "pgb.dump")
	if out, err := exec.Command(dump, "-Fc", "-n", schema, "-f", file, plain.String()).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v %s", err, out)
	}
	w.stop()
	if w.err != nil {
		t.Fatalf("the writes during the dump failed: %v", w.err)
	}

	target := "pgb_restore_" + schema
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+target); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), plain.String())
		if err == nil {
			_, err = c.Exec(context.Background(), `DROP DATABASE IF EXISTS `+target+` WITH (FORCE)`)
			c.Close(context.Background())
		}
		if err != nil {
			t.Errorf("dropping %s: %v", target, err)
		}
	})
	into := plain
	into.Path = "/" + target
	if out, err := exec.Command(rest, "--no-owner", "-d", into.String(), file).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v %s", err, out)
	}
	q = into.Query()
	q.Set("search_path", schema)
	into.RawQuery = q.Encode()
	restored := map[string]string{"PGB_DATABASE": into.String(), "PGB_DATA_KEY": testpg.DataKey}
	if out, err := pgb(t, restored, "", "audit", "verify"); err != nil || !strings.Contains(out, "audit log intact") {
		t.Fatalf("audit verify on the restored database: %v %s", err, out)
	}
	rc, err := pgx.Connect(ctx, into.String())
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close(ctx)
	if n := one(rc, `SELECT COUNT(*) FROM declarations`); n != declarations {
		t.Errorf("restored: %d declarations, want %d", n, declarations)
	}
	if a, r := one(rc, `SELECT COUNT(*) FROM accounts WHERE email LIKE 'schrijver-%'`), one(rc, `SELECT COUNT(*) FROM audit_log WHERE action = 'account.create' AND object_id IN (SELECT id FROM accounts WHERE email LIKE 'schrijver-%')`); a == 0 || a != r {
		t.Errorf("restored: %d of the written accounts with %d audit records; want some, each with its record", a, r)
	}
	// The store starts on it and takes changes.
	if out, err := pgb(t, restored, "", "user", "create", "-email", "na-herstel@example.nl", "-name", "N. Herstel", "-password", "een lang genoeg wachtwoord"); err != nil {
		t.Errorf("a change on the restored database: %v %s", err, out)
	}
	if out, err := pgb(t, restored, "", "audit", "verify"); err != nil || !strings.Contains(out, "audit log intact") {
		t.Errorf("audit verify after a change on the restored database: %v %s", err, out)
	}
}
