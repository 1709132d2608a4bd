package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// PasswordReset is a reset link's record (the link holds the token; the
// database its hash).
type PasswordReset struct {
	TokenHash string
	AccountID int64
	ExpiresAt time.Time
	UsedAt    time.Time
}

// CreatePasswordReset stores a reset.
func (t *Tx) CreatePasswordReset(ctx context.Context, r PasswordReset, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO password_resets (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)`, r.TokenHash, r.AccountID, at.UTC(), r.ExpiresAt.UTC())
	return err
}

// PasswordReset loads and locks a reset by its token's hash.
func (t *Tx) PasswordReset(ctx context.Context, hash string) (PasswordReset, error) {
	return t.passwordReset(ctx, hash, t.db.d.ForUpdate)
}

// PeekPasswordReset loads a reset by its token's hash without locking it
// (in a read-only transaction, before the password is hashed outside it).
func (t *Tx) PeekPasswordReset(ctx context.Context, hash string) (PasswordReset, error) {
	return t.passwordReset(ctx, hash, "")
}

func (t *Tx) passwordReset(ctx context.Context, hash, lock string) (PasswordReset, error) {
	var r PasswordReset
	var used sql.NullTime
	err := t.queryRow(ctx, `SELECT token_hash, account_id, expires_at, used_at FROM password_resets WHERE token_hash = ? `+lock, hash).
		Scan(&r.TokenHash, &r.AccountID, &r.ExpiresAt, &used)
	r.UsedAt = used.Time
	return r, notFound(err, "password_reset")
}

// UsePasswordReset marks a reset used (only once).
func (t *Tx) UsePasswordReset(ctx context.Context, hash string, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`, at.UTC(), hash)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("reset_used")
	}
	return nil
}

// ReplaceRecoveryCodes drops an account's recovery codes and stores new
// ones (their hashes).
func (t *Tx) ReplaceRecoveryCodes(ctx context.Context, accountID int64, hashes []string, at time.Time) error {
	if _, err := t.exec(ctx, `DELETE FROM recovery_codes WHERE account_id = ?`, accountID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := t.exec(ctx, `INSERT INTO recovery_codes (account_id, code_hash, created_at) VALUES (?, ?, ?)`, accountID, h, at.UTC()); err != nil {
			return err
		}
	}
	return nil
}

// UseRecoveryCode spends an unused code; false when there is none.
func (t *Tx) UseRecoveryCode(ctx context.Context, accountID int64, hash string, at time.Time) (bool, error) {
	res, err := t.exec(ctx, `UPDATE recovery_codes SET used_at = ? WHERE account_id = ? AND code_hash = ? AND used_at IS NULL`, at.UTC(), accountID, hash)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecoveryCodesLeft counts an account's unused codes.
func (t *Tx) RecoveryCodesLeft(ctx context.Context, accountID int64) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE account_id = ? AND used_at IS NULL`, accountID).Scan(&n)
	return n, err
}
