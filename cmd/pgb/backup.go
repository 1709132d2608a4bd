package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the driver of the backup's own connections
)

// errPostgresBackup: PostgreSQL is backed up with its own tools.
var errPostgresBackup = errors.New("on PostgreSQL back up with PostgreSQL's own tools: pg_basebackup with WAL archiving " +
	"(national size, any point in time), or pg_dump -Fc for a small installation; see docs/operations.md, \"Backups\"")

// backup runs "pgb backup -out FILE": an online copy of the SQLite database
// (VACUUM INTO, in a read transaction of its own: a running pgb serve goes on
// writing meanwhile), never over an existing file, checked afterwards.
func backup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cp := commandFlags("pgb backup", getenv, stderr)
	out := fs.String("out", "", "file to write the backup to (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := *cp
	if c.IsPostgres() {
		return errPostgresBackup
	}
	if *out == "" {
		return errors.New("backup: -out FILE names the backup to write")
	}
	src := sqlitePath(c.Database)
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// Made empty here, readable by its owner only (names and addresses are
	// in it), and never over another file: VACUUM INTO fills an empty one.
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("backup: %s exists: a backup is never written over another file", *out)
		}
		return fmt.Errorf("backup: %w", err)
	}
	f.Close()
	ok := false
	defer func() {
		if !ok {
			os.Remove(*out)
		}
	}()
	start := time.Now()
	db, err := sql.Open("sqlite", sqliteURL(src, "_pragma=busy_timeout(10000)"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, *out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := quickCheck(ctx, *out); err != nil {
		return err
	}
	st, err := os.Stat(*out)
	if err != nil {
		return err
	}
	ok = true
	fmt.Fprintf(stdout, "backup of %s written to %s: %.1f MB in %s, checked (quick_check ok)\n", src, *out, float64(st.Size())/1e6, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(stdout, "the data key is not in it: keep %s apart from the backups (without it the BSNs cannot be read)\n", keyName(c.KeyFile()))
	return nil
}

// sqlitePath is the file of a SQLite database setting.
func sqlitePath(database string) string {
	return strings.TrimPrefix(strings.TrimPrefix(database, "sqlite://"), "file:")
}

func sqliteURL(path, params string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + params
}

// quickCheck opens a SQLite file read-only and runs PRAGMA quick_check.
func quickCheck(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", sqliteURL(path, "mode=ro&_pragma=busy_timeout(10000)"))
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&res); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("%s: quick_check: %s", path, res)
	}
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('audit_log', 'declarations')`).Scan(&tables); err != nil || tables != 2 {
		return fmt.Errorf("%s: not a pgbportaal database", path)
	}
	return nil
}

func keyName(f string) string {
	if f == "" {
		return "the data key (PGB_DATA_KEY)"
	}
	return "the data key " + filepath.Clean(f)
}
