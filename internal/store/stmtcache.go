package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements of one pool by their text. SQLite
// compiles every statement it is given; parsing and planning were a third
// of the declaration flow's CPU time. database/sql keeps a cached statement
// prepared once per connection, and Tx.StmtContext reuses it.
//
// A statement cannot be prepared on the pool while a transaction holds its
// only connection (SQLite's one writer), so a query not yet cached runs
// unprepared and is prepared after the transaction, when the connection is
// free again.
type stmtCache struct {
	pool    *sql.DB
	mu      sync.RWMutex
	m       map[string]*sql.Stmt
	pending map[string]bool
}

// maxCachedStmts bounds the cache: queries built at run time (a multi-row
// INSERT of n rows, an IN list) come in a few shapes, but not unboundedly many.
const maxCachedStmts = 2000

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// get returns the prepared statement of q, or nil (q is then prepared by
// the next prepare).
func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.RLock()
	st, ok := c.m[q]
	_, seen := c.pending[q]
	c.mu.RUnlock()
	if ok || seen {
		return st
	}
	c.mu.Lock()
	if _, seen := c.pending[q]; !seen && len(c.m)+len(c.pending) < maxCachedStmts {
		c.pending[q] = true
	}
	c.mu.Unlock()
	return nil
}

// prepare prepares the queries that missed; call it with no transaction
// open on this goroutine. No lock is held while preparing: the pool's
// connection may be in another goroutine's transaction, which uses get. A
// query that cannot be prepared is not tried again.
func (c *stmtCache) prepare(ctx context.Context) {
	if c == nil {
		return
	}
	var todo []string
	c.mu.Lock()
	for q, wanted := range c.pending {
		if wanted {
			todo = append(todo, q)
			c.pending[q] = false // claimed
		}
	}
	c.mu.Unlock()
	for _, q := range todo {
		st, err := c.pool.PrepareContext(context.WithoutCancel(ctx), q)
		c.mu.Lock()
		if err == nil {
			c.m[q] = st
			delete(c.pending, q)
		} // else it stays claimed: left unprepared, the plain call reports any error
		c.mu.Unlock()
	}
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		_ = st.Close()
		delete(c.m, q)
	}
}
