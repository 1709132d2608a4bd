package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// IdemRecord is the stored answer to a request made with an
// Idempotency-Key: the hash of the request it belongs to, and the response.
type IdemRecord struct {
	RequestSHA256 string
	Status        int // 0 while the first request is still being handled
	Response      []byte
}

// IdempotencyKey returns what is stored under an account's key.
func (t *Tx) IdempotencyKey(ctx context.Context, accountID int64, key string) (IdemRecord, bool, error) {
	var r IdemRecord
	var resp string
	err := t.queryRow(ctx, `SELECT request_sha256, status, response FROM idempotency_keys WHERE account_id = ? AND idem_key = ?`, accountID, key).
		Scan(&r.RequestSHA256, &r.Status, &resp)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	r.Response = []byte(resp)
	return r, err == nil, err
}

// ClaimIdempotencyKey records a key before the work it guards, in the same
// transaction: a concurrent request with the same key waits for this one
// (PostgreSQL) or runs after it (SQLite's single writer), and then finds
// the key taken (a domain conflict "already_exists").
func (t *Tx) ClaimIdempotencyKey(ctx context.Context, accountID int64, key, requestSHA256 string, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO idempotency_keys (account_id, idem_key, request_sha256, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		accountID, key, requestSHA256, 0, "", at.UTC())
	return err
}

// FinishIdempotencyKey stores the response of the claimed key.
func (t *Tx) FinishIdempotencyKey(ctx context.Context, accountID int64, key string, status int, response []byte) error {
	res, err := t.exec(ctx, `UPDATE idempotency_keys SET status = ?, response = ? WHERE account_id = ? AND idem_key = ?`, status, string(response), accountID, key)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return domain.NotFound("idempotency_key")
	}
	return nil
}

// PurgeIdempotencyKeys forgets keys older than before.
func (t *Tx) PurgeIdempotencyKeys(ctx context.Context, before time.Time) (int64, error) {
	res, err := t.exec(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, before.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Savepoint marks a point in the transaction to roll back to, so that one
// item of a batch can fail without undoing the others.
func (t *Tx) Savepoint(ctx context.Context, name string) error {
	_, err := t.exec(ctx, "SAVEPOINT "+name)
	return err
}

// RollbackTo undoes everything since the savepoint (which stays).
func (t *Tx) RollbackTo(ctx context.Context, name string) error {
	t.providers, t.holders, t.attachments = nil, nil, nil // what was loaded since may be undone
	// The writes waiting came after the savepoint (it was a statement, and
	// they go before every statement): undone, they need not be sent. A
	// lock for the events taken since is let go with them.
	t.pending, t.eventLocked = nil, false
	_, err := t.exec(ctx, "ROLLBACK TO SAVEPOINT "+name)
	return err
}

// Release forgets the savepoint and keeps what was done since.
func (t *Tx) Release(ctx context.Context, name string) error {
	_, err := t.exec(ctx, "RELEASE SAVEPOINT "+name)
	return err
}
