package store

import (
	"context"
	"errors"
	"slices"
	"sync"
)

// idPool hands out declaration ids taken from the table's sequence ahead of
// time, a block at a time, so that entering a declaration need not wait for
// the database to name its id before its lines and audit record can be
// sent. An id is used once or never (a rolled-back or unused id is a gap,
// as a rolled-back INSERT leaves one too).
type idPool struct {
	mu  sync.Mutex
	ids []int64
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
	err := t.batch(ctx, PipelineQuery{SQL: `SELECT nextval(pg_get_serial_sequence('declarations', 'id')) FROM generate_series(1, ?)`, Args: []any{idBlock},
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
		return 0, errors.New("store: no declaration id from the sequence")
	}
	slices.Reverse(block) // handed out from the end: lowest first
	p.mu.Lock()
	p.ids = append(block[:len(block)-1], p.ids...)
	p.mu.Unlock()
	return block[len(block)-1], nil
}
