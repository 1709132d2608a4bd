package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/datakey"
	"github.com/pgbportaal/pgbportaal/internal/domain"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Dialect is what differs between the databases: how they say a few
// things, and the statements only one of them has.
type Dialect struct {
	Name        string            // "sqlite" or "postgres"
	Numbered    bool              // placeholders are $1, $2 (PostgreSQL) instead of ?
	ForUpdate   string            // row-lock suffix for SELECT that will change the row ("" when the database has one writer)
	Types       map[string]string // replacements in migrations: {{ID}}, {{TS}}, {{BLOB}}
	AuditOrder  string            // the audit log's column in the order records were written (the lanes' numbers interleave)
	GroupConcat string            // an aggregate joining the texts of %s with commas (NULLs left out)
	IsUnique    func(error) bool  // a unique constraint was violated
	IsCheck     func(error) bool  // a CHECK constraint was violated
	IsRetry     func(error) bool  // the transaction may succeed when run again (deadlock, busy)
	// Unavailable: err says the database could not be reached or could not
	// take the work (connection refused or lost, shut down, a standby not
	// yet writable), rather than refusing the statement; readOnly is true
	// in a transaction declared read-only, where a refused write is the
	// program's fault. nil: only a deadline while waiting for a connection.
	Unavailable func(err error, readOnly bool) bool
	ReadOnly    bool // View's transactions are declared read-only (BEGIN READ ONLY)

	// What makes a declaration cheap, each measured (see doc.go).
	CacheStmts  bool // keep prepared statements per connection (the driver does not)
	GroupCommit bool // one writer: concurrent changes share a transaction, each in a savepoint
	// Batch sends queries on a connection in one round trip: the writes
	// waiting (Tx.later) and reads (nil: they run one by one, and a write
	// runs where it is written).
	Batch func(ctx context.Context, driverConn any, qs []BatchQuery) error

	// SQL only one of the databases has.
	//
	// Cast is a placeholder whose type the database cannot infer (in the
	// select list of an INSERT ... SELECT) for a value of sqlType.
	Cast func(sqlType string) string
	// SealAudit is one statement that appends recs to lane's chain of the
	// audit log, hashed by the database, and moves the lane's head (nil:
	// the store reads the head, hashes in Go and writes).
	SealAudit func(lane int, recs []audit.Record) (string, []any)
	// BulkInsert loads rows into table on the write pool (pgb gen).
	BulkInsert func(ctx context.Context, w *sql.DB, table string, cols []string, rows [][]any) (int64, error)
	// MaxID is a query for the highest id of a table that a bulk loader
	// may number its rows after.
	MaxID func(table string) string
	// ResetIdentity moves a table's id sequence past its rows ("": the
	// database numbers after the highest id by itself).
	ResetIdentity func(table string) string
	// AfterAnalyze runs after ANALYZE (nil: nothing).
	AfterAnalyze func(ctx context.Context, w *sql.DB) error
	// EventLock is taken by a transaction that writes change feed events,
	// before its first, and EventReadLock by a reader of the feed: they
	// keep a reader from passing an event id that commits later (see
	// Tx.writeEvents; "": the database has one writer).
	EventLock     string
	EventReadLock string
	LockSchema    string // statement taking a lock while migrating ("" for none)
	UnlockSchema  string // statement releasing it
}

// DB is the store: a write pool and a read pool (the same pool on
// PostgreSQL; on SQLite one writer connection and several readers).
type DB struct {
	w, r    *sql.DB
	d       Dialect
	rebinds sync.Map // query → rebound query
	ws, rs  *stmtCache
	group   *groupWriter // nil: each Update is a transaction of its own
	lanes   chan int     // audit lanes no transaction of this process writes in now

	dataKey atomic.Pointer[datakey.Key] // seals BSNs and TOTP secrets (see UseDataKey)
	updates atomic.Int64                // Updates running now (InUpdate)

	decls declCounts // declarations by the state committed changes left them in (DeclarationCounts)
}

// New wraps opened pools. r may equal w.
func New(w, r *sql.DB, d Dialect) *DB {
	db := &DB{w: w, r: r, d: d, lanes: make(chan int, audit.Lanes)}
	for l := range audit.Lanes {
		db.lanes <- l + 1
	}
	if d.CacheStmts {
		db.ws = newStmtCache(w)
		db.rs = db.ws
		if r != w {
			db.rs = newStmtCache(r)
		}
	}
	if d.GroupCommit {
		db.group = newGroupWriter(db)
	}
	return db
}

// Dialect returns the database's dialect.
func (db *DB) Dialect() Dialect { return db.d }

// Close closes the pools.
func (db *DB) Close() error {
	db.group.close()
	db.ws.close()
	if db.rs != db.ws {
		db.rs.close()
	}
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Ping checks that the database answers (for /readyz).
func (db *DB) Ping(ctx context.Context) error { return db.r.PingContext(ctx) }

// Update runs fn in a read-write transaction and commits when fn returns
// nil. A transaction the database aborted for a deadlock or a busy lock is
// run again, up to five times; fn must therefore not keep state across calls.
// With one writer (SQLite), concurrent Updates share a transaction, each fn
// in a savepoint of its own (see groupWriter); fn must not call Update.
func (db *DB) Update(ctx context.Context, fn func(*Tx) error) (err error) {
	db.updates.Add(1)
	defer db.updates.Add(-1)
	// What fn's last run asked to do once committed (OnCommit); a run that
	// is undone and run again starts a new list.
	var hooks []func()
	run := func(tx *Tx) error {
		err := fn(tx)
		hooks = tx.committed
		return err
	}
	defer func() {
		if err == nil {
			for _, h := range hooks {
				h()
			}
		}
	}()
	for attempt := 0; attempt < 5; attempt++ {
		if db.group != nil {
			err = db.group.do(ctx, run)
			if errors.Is(err, errRegroup) {
				continue
			}
		} else {
			err = db.run(ctx, db.w, false, run)
		}
		if err == nil || db.d.IsRetry == nil || !db.d.IsRetry(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 5 * time.Millisecond):
		}
	}
	return err
}

// InUpdate is how many Updates of this process are running (waiting for
// the writer or holding it): tests assert that no CPU-heavy work (password
// hashing) happens inside one.
func (db *DB) InUpdate() int64 { return db.updates.Load() }

// View runs fn in a read-only transaction.
func (db *DB) View(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, db.r, true, fn)
}

// run runs fn in a transaction on a connection of pool: committed when fn
// returns nil, rolled back when it returns an error or panics. An error
// that says the database cannot be reached now gets the kind
// domain.KindUnavailable here, for every caller (see unavailable).
func (db *DB) run(ctx context.Context, pool *sql.DB, readOnly bool, fn func(*Tx) error) (err error) {
	stmts := db.ws
	if pool != db.w {
		stmts = db.rs
	}
	defer stmts.prepare(ctx) // what missed the cache, now that the connection is free
	conn, err := db.conn(ctx, pool, readOnly)
	if err != nil {
		return err
	}
	defer func() { err = db.unavailable(err, readOnly) }()
	defer conn.Close()
	var opts *sql.TxOptions
	if readOnly && db.d.ReadOnly {
		opts = &sql.TxOptions{ReadOnly: true}
	}
	stx, err := conn.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{tx: stx, conn: conn, db: db, stmts: stmts}
	defer tx.freeLane()
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = stx.Rollback()
			return
		}
		if cerr := stx.Commit(); cerr != nil {
			err = fmt.Errorf("store: commit: %w", cerr)
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.flush(ctx) // the writes still waiting, before the commit
}

// conn takes a connection of pool; one that cannot be had (none came free,
// or none could be made, in time; the server out of reach) is an error of
// the kind domain.KindUnavailable.
func (db *DB) conn(ctx context.Context, pool *sql.DB, readOnly bool) (*sql.Conn, error) {
	conn, err := pool.Conn(ctx)
	if err != nil {
		err = fmt.Errorf("store: connect: %w", err)
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, domain.Unavailable(err)
		}
		return nil, db.unavailable(err, readOnly)
	}
	return conn, nil
}

// unavailable gives err the kind domain.KindUnavailable when the dialect
// says the database could not be reached or take the work now (an error
// that has a kind already keeps it).
func (db *DB) unavailable(err error, readOnly bool) error {
	if err == nil || db.d.Unavailable == nil || domain.KindOf(err) != domain.KindInternal || !db.d.Unavailable(err, readOnly) {
		return err
	}
	return domain.Unavailable(err)
}

// Tx is one transaction. Its methods are grouped by concern in this package's
// files (accounts, people, grants, ledger, audit, sessions). Every statement
// runs where it is called: exec for a write, query and queryRow for a read,
// insert for a new row's id, batch for reads sent together; except the
// writes nobody reads back (later), which on PostgreSQL wait for the next
// statement or the commit and go to the server with it (see doc.go).
type Tx struct {
	tx    *sql.Tx
	conn  *sql.Conn // the connection under tx, for batch (nil in a group of changes: SQLite does not batch)
	db    *DB
	stmts *stmtCache // nil: the driver caches (pgx) or nothing is kept

	// Writes waiting to be sent before the transaction's next statement
	// (later, laterOne), and the error one of them gave: the transaction
	// has then failed, and every statement after it returns that error.
	pending []BatchQuery
	failed  error

	// Loaded in this transaction, by id; a change through Tx forgets the row.
	providers   map[int64]domain.Provider
	holders     map[int64]domain.BudgetHolder
	attachments map[owner][]Attachment

	lane        int  // the audit lane this transaction writes in (0: none yet)
	eventLocked bool // the change feed's lock is taken (writeEvents)
	laneHeld    bool // taken from db.lanes: given back when the transaction ends

	// Declarations this transaction holds: created in it, or read with
	// their row lock. Nobody else can change them before the commit.
	held map[int64]bool

	committed []func() // run once the change is committed (OnCommit)
}

// OnCommit runs f once the Update that t belongs to has committed (not at
// all when it is rolled back, and only for the run that committed when a
// retried fn ran several times): for counters that must count only what
// happened.
func (t *Tx) OnCommit(f func()) { t.committed = append(t.committed, f) }

// hold notes that the transaction holds declaration id.
func (t *Tx) hold(id int64) { remember(&t.held, id, true) }

// valueRows is the placeholders of a VALUES list of rows rows of cols
// columns each: "(?, ?), (?, ?)".
func valueRows(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

// remember puts v under k in one of the transaction's maps, made on first use.
func remember[K comparable, V any](m *map[K]V, k K, v V) {
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[k] = v
}

func (db *DB) rebind(q string) string {
	if !db.d.Numbered {
		return q
	}
	if v, ok := db.rebinds.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	out := b.String()
	db.rebinds.Store(q, out)
	return out
}

// exec runs a write; its error (a constraint as a domain conflict) is the
// caller's. Like every statement, it sends the writes waiting first (later)
// and fails with their error if one failed.
func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if err := t.flush(ctx); err != nil {
		return nil, err
	}
	if st := t.stmt(ctx, q); st != nil {
		res, err := st.ExecContext(ctx, args...)
		return res, t.wrap(err)
	}
	res, err := t.tx.ExecContext(ctx, t.db.rebind(q), args...)
	return res, t.wrap(err)
}

// query runs a read of many rows.
func (t *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if err := t.flush(ctx); err != nil {
		return nil, err
	}
	if st := t.stmt(ctx, q); st != nil {
		rows, err := st.QueryContext(ctx, args...)
		return rows, t.wrap(err)
	}
	rows, err := t.tx.QueryContext(ctx, t.db.rebind(q), args...)
	return rows, t.wrap(err)
}

// queryRow runs a read of one row.
func (t *Tx) queryRow(ctx context.Context, q string, args ...any) row {
	if err := t.flush(ctx); err != nil {
		return row{err: err}
	}
	if st := t.stmt(ctx, q); st != nil {
		return row{Row: st.QueryRowContext(ctx, args...)}
	}
	return row{Row: t.tx.QueryRowContext(ctx, t.db.rebind(q), args...)}
}

// row is queryRow's row, or the error of the writes sent before it.
type row struct {
	*sql.Row
	err error
}

// Scan is sql.Row's Scan, or the error of the writes before.
func (r row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return r.Row.Scan(dest...)
}

// stmt returns q as a statement of this transaction, prepared once per
// connection, or nil where statements are not kept (PostgreSQL: pgx keeps
// them itself) or q could not be prepared (the plain call then reports why).
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	ps := t.stmts.get(t.db.rebind(q))
	if ps == nil {
		return nil
	}
	return t.tx.StmtContext(ctx, ps)
}

// insert runs an INSERT and returns the new row's id (RETURNING id). It
// goes as a batch: in the same round trip as the writes waiting, if any.
func (t *Tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := t.batch(ctx, BatchQuery{SQL: q + " RETURNING id", Args: args, Scan: one(func(rows Rows) error { return rows.Scan(&id) })})
	return id, t.wrap(err)
}

// wrap turns constraint violations into domain conflicts.
func (t *Tx) wrap(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return err
	case t.db.d.IsUnique != nil && t.db.d.IsUnique(err):
		return &domain.Error{Kind: domain.KindConflict, Code: "already_exists", Err: err}
	case t.db.d.IsCheck != nil && t.db.d.IsCheck(err):
		return &domain.Error{Kind: domain.KindConflict, Code: "constraint", Err: err}
	}
	return err
}

// notFound maps sql.ErrNoRows to a domain not-found error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound(what)
	}
	return err
}

// Migrate applies the embedded migrations that have not run yet, each in its
// own transaction, recorded in schema_migrations.
func (db *DB) Migrate(ctx context.Context) error {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if db.d.LockSchema != "" {
		if _, err := conn.ExecContext(ctx, db.d.LockSchema); err != nil {
			return fmt.Errorf("store: lock for migration: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), db.d.UnlockSchema)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: schema_migrations: %w", err)
	}
	done := map[int64]bool{}
	rows, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		done[v] = true
	}
	rows.Close()
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.ParseInt(strings.SplitN(base, "_", 2)[0], 10, 64)
		if err != nil {
			return fmt.Errorf("store: migration %s: bad version", base)
		}
		if done[v] {
			continue
		}
		// NNNN_name.sqlite.sql and NNNN_name.postgres.sql: one version,
		// written for each database where they differ.
		if d := strings.Split(strings.TrimSuffix(base, ".sql"), "."); len(d) > 1 && d[len(d)-1] != db.d.Name {
			continue
		}
		body, _ := migrations.ReadFile(name)
		sqlText := string(body)
		for k, val := range db.d.Types {
			sqlText = strings.ReplaceAll(sqlText, k, val)
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for _, stmt := range splitStatements(sqlText) {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				_ = tx.Rollback()
				return fmt.Errorf("store: migration %s: %w\n%s", base, err, stmt)
			}
		}
		if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
			v, base, time.Now().UTC().Format(time.RFC3339)); err != nil {
			_ = tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", base, err)
		}
	}
	return nil
}

// splitStatements splits a migration on semicolons at line ends, dropping
// comment lines. Migrations keep one statement per ';'-terminated block.
func splitStatements(s string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(s, "\n") {
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "--") || trim == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trim, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, cur.String())
	}
	return out
}
