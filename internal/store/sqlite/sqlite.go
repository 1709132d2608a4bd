// Package sqlite opens the store on an embedded SQLite database (pure Go,
// modernc.org/sqlite) in WAL mode: one writer connection whose transactions
// start IMMEDIATE, so writers queue instead of failing, and a pool of readers.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/pgbportaal/pgbportaal/internal/datakey"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// Dialect is SQLite's.
var Dialect = store.Dialect{
	Name:        "sqlite",
	Numbered:    false,
	ForUpdate:   "",
	AuditOrder:  "rowid",
	GroupConcat: "group_concat(%s, ',')",
	Types:       map[string]string{"{{ID}}": "INTEGER PRIMARY KEY", "{{TS}}": "TIMESTAMP", "{{BLOB}}": "BLOB"},
	IsUnique: func(err error) bool {
		return code(err) == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code(err) == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	},
	IsCheck: func(err error) bool { return code(err) == sqlite3.SQLITE_CONSTRAINT_CHECK },
	IsRetry: func(err error) bool {
		return code(err)&0xff == sqlite3.SQLITE_BUSY || code(err)&0xff == sqlite3.SQLITE_LOCKED
	},
	CacheStmts:   true,
	GroupCommit:  true,
	BulkInsert:   bulkInsert,
	AfterAnalyze: afterAnalyze,
}

func code(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// Open opens (creating if needed) the database file at path, applies the
// migrations and seals personal data with key (store.UseDataKey).
func Open(ctx context.Context, path string, key *datakey.Key) (*store.DB, error) {
	if key == nil {
		return nil, fmt.Errorf("sqlite: %w", store.ErrNoDataKey)
	}
	path = strings.TrimPrefix(path, "sqlite://")
	path = strings.TrimPrefix(path, "file:")
	if path == "" || strings.Contains(path, ":memory:") {
		return nil, fmt.Errorf("sqlite: a file path is needed (readers and the writer share it)")
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	// temp_store(MEMORY): the savepoints of a group of changes (and sorts) stay
	// in memory instead of a temporary file; cache_size: 64 MB of pages per
	// connection instead of 2 MB, so that the check queries read from memory.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-65536)&_time_format=sqlite"
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?"
	w, err := sql.Open("sqlite", base+pragmas+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", base+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	db := store.New(w, r, Dialect)
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.UseDataKey(ctx, key); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// createPrivate creates a new database file readable by its owner only
// (0600; SQLite gives its -wal and -shm files the same mode). An existing
// file keeps the mode its administrator gave it.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sqlite: create %s: %w", path, err)
	}
	return f.Close()
}
