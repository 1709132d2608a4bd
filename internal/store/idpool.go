package store

import (
	"context"
	"errors"
	"slices"
	"sync"
)

// insertAhead inserts a row into table (columns cols, values args) and
// returns its id. Where the dialect pipelines, the id is taken ahead from
// the table's sequence (idPool) and the row waits for the next round trip,
// as the writes after it do (its lines, its audit record): a refusal fails
// the transaction there. Elsewhere the database names the id at once.
func (t *Tx) insertAhead(ctx context.Context, table, cols string, args ...any) (int64, error) {
	if !t.pipelines() {
		return t.insert(ctx, `INSERT INTO `+table+` (`+cols+`) VALUES `+valueRows(1, len(args)), args...)
	}
	p, _ := t.db.idPools.LoadOrStore(table, &idPool{table: table})
	id, err := p.(*idPool).take(ctx, t)
	if err != nil {
		return 0, err
	}
	return id, t.later(ctx, `INSERT INTO `+table+` (`+cols+`, id) VALUES `+valueRows(1, len(args)+1), append(args, id)...)
}

// idPool hands out a table's ids taken from its sequence ahead of time, a
// block at a time, so that a new row need not wait for the database to
// name its id before the rows that refer to it can be sent. An id is used
// once or never (a rolled-back or unused id is a gap, as a rolled-back
// INSERT leaves one too).
type idPool struct {
	table string
	mu    sync.Mutex
	ids   []int64
}

// idBlock is how many ids one round trip takes.
const idBlock = 64

// take returns an unused id, taking a new block in t when none is left.
// No lock is held while t fetches: t may wait for row locks of other
// transactions, which may themselves be taking an id.
func (p *idPool) take(ctx context.Context, t *Tx) (int64, error) {
	p.mu.Lock()
	if n := len(p.ids); n > 0 {
		id := p.ids[n-1]
		p.ids = p.ids[:n-1]
		p.mu.Unlock()
		return id, nil
	}
	p.mu.Unlock()
	var block []int64
	err := t.batch(ctx, PipelineQuery{SQL: `SELECT nextval(pg_get_serial_sequence('` + p.table + `', 'id')) FROM generate_series(1, ?)`, Args: []any{idBlock},
		Scan: func(rows Rows) error {
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return err
				}
				block = append(block, id)
			}
			return nil
		}})
	if err != nil {
		return 0, err
	}
	if len(block) == 0 {
		return 0, errors.New("store: no id from the sequence of " + p.table)
	}
	slices.Reverse(block) // handed out from the end: lowest first
	p.mu.Lock()
	p.ids = append(block[:len(block)-1], p.ids...)
	p.mu.Unlock()
	return block[len(block)-1], nil
}
