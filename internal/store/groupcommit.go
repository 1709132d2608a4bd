package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// groupWriter runs the changes of a database with one writer (SQLite):
// Update hands its fn to one goroutine, which runs every fn waiting at that
// moment in one transaction, each inside a savepoint of its own. A fn that
// fails is rolled back to its savepoint and gets its error; the others
// commit together and each gets nil only once that commit is durable. Each
// fn is still atomic and sees the ones before it as if they had committed
// first: the writer was alone anyway, and now one commit (WAL frames, the
// audit head's page, the tails of the log tables) serves a whole batch.
type groupWriter struct {
	db   *DB
	reqs chan *writeReq
	stop chan struct{}
	once sync.Once
	done sync.WaitGroup
}

type writeReq struct {
	ctx      context.Context
	fn       func(*Tx) error
	result   chan error
	panicked any
}

// maxGroup bounds a batch, so that one commit never waits on too many.
const maxGroup = 64

// errRegroup asks Update to run a fn again: the batch it was in failed
// through no fault of its own.
var errRegroup = errors.New("store: batch aborted; run again")

func newGroupWriter(db *DB) *groupWriter {
	g := &groupWriter{db: db, reqs: make(chan *writeReq), stop: make(chan struct{})}
	g.done.Add(1)
	go g.loop()
	return g
}

func (g *groupWriter) close() {
	if g == nil {
		return
	}
	g.once.Do(func() { close(g.stop) }) // Close may be called twice
	g.done.Wait()
}

// do runs fn through the writer and waits for its outcome.
func (g *groupWriter) do(ctx context.Context, fn func(*Tx) error) error {
	r := &writeReq{ctx: ctx, fn: fn, result: make(chan error, 1)}
	select {
	case g.reqs <- r:
	case <-ctx.Done():
		return ctx.Err()
	case <-g.stop:
		return errors.New("store: closed")
	}
	err := <-r.result // always answered, also after ctx ends: the fn may have committed
	if r.panicked != nil {
		panic(r.panicked)
	}
	return err
}

func (g *groupWriter) loop() {
	defer g.done.Done()
	for {
		var first *writeReq
		select {
		case first = <-g.reqs:
		case <-g.stop:
			return
		}
		batch := []*writeReq{first}
	gather:
		for len(batch) < maxGroup {
			select {
			case r := <-g.reqs:
				batch = append(batch, r)
			default:
				break gather
			}
		}
		g.run(batch)
		g.db.ws.prepare(context.Background())
	}
}

// run executes a batch in one transaction and answers every request.
func (g *groupWriter) run(batch []*writeReq) {
	ctx := context.Background() // the transaction outlives any one caller's context
	stx, err := g.db.w.BeginTx(ctx, nil)
	if err != nil {
		for _, r := range batch {
			r.result <- fmt.Errorf("store: begin: %w", err)
		}
		return
	}
	alone := len(batch) == 1
	var ok []*writeReq
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.result <- err
			continue
		}
		if !alone {
			if _, err := stx.ExecContext(ctx, "SAVEPOINT w"); err != nil {
				g.abort(stx, ok, batch[i:], fmt.Errorf("store: savepoint: %w", err))
				return
			}
		}
		tx := &Tx{tx: stx, db: g.db, stmts: g.db.ws}
		ferr := call(r, tx)
		if ferr == nil {
			ferr = r.ctx.Err() // its caller went away: undone, as a transaction of its own would be
		}
		switch {
		case ferr == nil && alone:
			ok = append(ok, r)
		case ferr == nil:
			if _, err := stx.ExecContext(ctx, "RELEASE w"); err != nil {
				g.abort(stx, ok, batch[i:], fmt.Errorf("store: release: %w", err))
				return
			}
			ok = append(ok, r)
		case alone:
			_ = stx.Rollback()
			r.result <- ferr
			return
		default:
			if _, err := stx.ExecContext(ctx, "ROLLBACK TO w"); err != nil {
				// The database ended the transaction (a full disk, say):
				// this fn has its error, the rest run again.
				r.result <- ferr
				g.abort(stx, ok, batch[i+1:], errRegroup)
				return
			}
			if _, err := stx.ExecContext(ctx, "RELEASE w"); err != nil {
				r.result <- ferr
				g.abort(stx, ok, batch[i+1:], errRegroup)
				return
			}
			r.result <- ferr
		}
	}
	if len(ok) == 0 {
		_ = stx.Rollback()
		return
	}
	if err := stx.Commit(); err != nil {
		err = fmt.Errorf("store: commit: %w", err)
		for _, r := range ok {
			r.result <- err
		}
		return
	}
	for _, r := range ok {
		r.result <- nil
	}
}

// abort rolls the batch back: the fns that had run are run again, the
// others get err.
func (g *groupWriter) abort(stx interface{ Rollback() error }, ran, rest []*writeReq, err error) {
	_ = stx.Rollback()
	for _, r := range ran {
		r.result <- errRegroup
	}
	for _, r := range rest {
		r.result <- err
	}
}

// call runs a request's fn, turning a panic into an error for the batch
// and a panic again in the caller's goroutine.
func call(r *writeReq, tx *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			r.panicked = p
			err = fmt.Errorf("store: panic in transaction: %v", p)
		}
	}()
	return r.fn(tx)
}
