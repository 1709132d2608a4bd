package service

import (
	"context"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// AuditCheckpoint describes the audit log now (its lanes' heads and its
// number of records), for the caller to sign with a key the database does
// not hold (audit.Checkpoint).
func (s *Service) AuditCheckpoint(ctx context.Context) (audit.Checkpoint, error) {
	var cp audit.Checkpoint
	err := s.db.View(ctx, func(tx *store.Tx) error {
		// The heads first: records only grow, so the count read after
		// them is at least what they account for.
		lanes, err := tx.AuditLanes(ctx)
		if err != nil {
			return err
		}
		n, err := tx.AuditCount(ctx)
		cp = audit.NewCheckpoint(n, lanes, s.now())
		return err
	})
	return cp, err
}

// VerifyAuditAgainst reads the whole audit log in pages and checks its hash
// chains and, when cp is given (its signature already checked), that every
// record up to the checkpoint is still there unchanged.
func (s *Service) VerifyAuditAgainst(ctx context.Context, cp *audit.Checkpoint) (records int64, problems []audit.Problem, err error) {
	err = s.db.View(ctx, func(tx *store.Tx) error {
		lanes, err := tx.AuditLanes(ctx)
		if err != nil {
			return err
		}
		var all []audit.Record
		for after := int64(0); ; {
			page, err := tx.AuditRecords(ctx, after, 5000)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				break
			}
			all = append(all, page...)
			after = page[len(page)-1].Seq
		}
		records = int64(len(all))
		problems = audit.Verify(all, lanes)
		if cp != nil {
			problems = append(problems, audit.CheckAgainst(all, lanes, *cp)...)
		}
		return nil
	})
	return
}
