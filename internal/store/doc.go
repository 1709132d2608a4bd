/*
Package store keeps pgbportaal's data in SQLite or PostgreSQL, with one set
of SQL for both where they agree.

# Transactions

Every change runs in [DB.Update]: fn gets a [Tx], and what fn does (the
change, its ledger postings, its audit record) is committed together when fn
returns nil, or not at all. A deadlock or a busy lock runs fn again (up to
five times), so fn keeps no state across calls. Reads run in [DB.View], a
read-only transaction.
What must happen only once a change is committed (a metric's count) is
handed to [Tx.OnCommit]: it runs after the commit, for the run of fn that
committed, and not at all when the change is rolled back.

A Tx's methods are grouped by what they keep, one file each (accounts.go,
declarations.go, ledger.go, auditlog.go, ...). Each runs its statements
itself, in one of these ways and no other:

  - exec runs a write. It runs where it is written: its error (a constraint
    turned into a domain conflict, see wrap) is the caller's at once.
  - execOne runs an UPDATE that must change one row it read under a lock (a
    balance, a declaration this transaction holds); a row that did not
    match returns ErrNotOneRow.
  - insert runs an INSERT ... RETURNING id and returns the new id.
  - query and queryRow read.
  - batch reads several queries that do not need each other's results. On
    PostgreSQL they go to the server together, one round trip (a pgx batch
    on the transaction's connection); on SQLite, in the same process, they
    run one after another: loading a declaration with its lines and
    agreement, and everything the checks need (LoadCheckContext), one round
    trip each. Without batches pgb bench's client used 30-60% more CPU time
    for the same declarations.
  - later and laterOne are exec and execOne for a write nobody reads back
    and whose failure can only fail the change: a declaration's lines, a
    notice, an e-mail in the outbox, a posting, a held declaration's save,
    a balance the ledger decided on under its lock, the audit records, the
    feed's lock and events. On PostgreSQL they wait in the Tx and go to the
    server together, in order, as one batch, before the transaction's next
    statement of any kind (in the same round trip where that is a batch or
    an insert) and before the commit: every statement sees them as if they
    had run at once. One that fails (or laterOne's that changed no row)
    gives its error there, and the transaction has failed: every statement
    after it and the commit return that error, so nothing of the change is
    committed, also when a caller ignores an error. A savepoint rolled back
    drops the writes waiting since. On SQLite they run at once. A
    declaration submitted with its invoice and approved waits for the
    server 7 and 7 times instead of 12 and 14 (TestDeclarationRoundTrips).

Placeholders are written '?' and renumbered ($1, $2) for PostgreSQL.

# What differs: the Dialect

The sqlite and postgres packages open the database and supply a [Dialect]:
how each says a few things (row locks, types in migrations, the audit
order, error codes) and the SQL only one of them has. PostgreSQL-only SQL
lives in store/postgres (the audit statement sealed in the database, COPY,
identity sequences, casts), SQLite-only SQL in store/sqlite (bulk INSERTs,
dropping ANALYZE's samples). The files of this package hold SQL both
databases run.

Migrations are migrations/NNNN_name.sql, run once each in order and recorded
in schema_migrations; NNNN_name.sqlite.sql and NNNN_name.postgres.sql are one
version written for each database where they differ.

# SQLite

One writer connection (WAL, transactions BEGIN IMMEDIATE) and a pool of
readers. Two things make its declarations cheap, and are measured with
pgb bench on SQLite:

  - Group commit: changes that arrive together share one transaction, each
    fn in a savepoint of its own (groupcommit.go). A fn that fails is rolled
    back to its savepoint and gets its error; the others commit together,
    each hearing only after the commit. Each fn is still atomic: the writer
    was alone anyway. Without it pgb bench's service flow did fewer
    declarations a second (235 against 353 in one pair of runs).
  - Prepared statements, kept per connection (stmtcache.go): the driver
    compiles every statement it is given, and parsing and planning were a
    third of the flow's CPU time. A statement not yet cached runs
    unprepared and is prepared after its transaction.

pgb gen's ANALYZE keeps no sqlite_stat4 samples: with them SQLite
recompiles a statement whenever a bound range changes. Temporary data stays
in memory and each connection caches 64 MB of pages.

# PostgreSQL

Transactions run at READ COMMITTED through pgx. The budget invariant is one
conditional UPDATE of the balance row plus a CHECK; rows read to be changed
are locked FOR NO KEY UPDATE, so a locked grant does not hold up the
foreign-key checks of rows entered under it. A domain.Date goes to pgx as a
binary date.

# The audit log

Every change appends audit records to a hash chain (package audit), in one
of eight lanes: a transaction takes a lane no other transaction of this
process writes in, so writers wait only for another process's writer in
the same lane. On SQLite the store reads the lane's head, hashes the
records in Go and writes them. On PostgreSQL one statement takes the head
under its lock, hashes the records in SQL (sha256 over the same encoding as
audit.ComputeHash), inserts them and moves the head; call Audit last, so the
head is locked only until the commit.

# The change feed

Audit also writes the change feed's events (events.go, the table events):
an audit record whose action domain.FeedEvent names gets an event row, its
parties (who may see it) read from the object's row, in the transaction of
the change. So every audited change path has its event and none is lost.
The feed's cursor is the event id; on PostgreSQL an identity value is
taken at insert and may commit after a larger one. So a transaction that
writes events holds the feed's advisory lock in shared mode until its
commit (writers do not wait for each other), and a reader takes it
exclusively (Dialect.EventLock, EventReadLock): it waits for the writers
in flight, holds new ones back while it reads, and never passes an id
that commits later. BenchmarkEventWrite measures the cost: in one run on
a loaded 2-core machine an audited change took 0.75-0.95 ms without an
event, 1.3-1.6 ms with one, and 1.45-1.7 ms with one while a reader
followed the feed without pause (60-90 reads/s). Serializing the writers
instead (an exclusive lock from the event to the commit) cost 6 ms.
*/
package store
