package store

import (
	"context"
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
func (p *idPool) take(ctx context.Context, t *Tx) (int64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.ids) == 0 {
		err := t.batch(ctx, PipelineQuery{SQL: `SELECT nextval(pg_get_serial_sequence('declarations', 'id')) FROM generate_series(1, ?)`, Args: []any{idBlock},
			Scan: func(rows Rows) error {
				for rows.Next() {
					var id int64
					if err := rows.Scan(&id); err != nil {
						return err
					}
					p.ids = append(p.ids, id)
				}
				return nil
			}})
		if err != nil {
			return 0, err
		}
	}
	id := p.ids[0]
	p.ids = p.ids[1:]
	return id, nil
}
