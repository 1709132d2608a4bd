package store

import (
	"context"
	"time"
)

// ThrottleAttempt counts one attempt under a throttle key (a hash, never an
// e-mail or an address) and returns the attempts in the key's current
// window and when that window began. A window older than window starts
// again at now. One statement, atomic on both databases: two instances
// counting the same key at the same instant each see the other's attempt.
func (t *Tx) ThrottleAttempt(ctx context.Context, keyHash string, now time.Time, window time.Duration) (attempts int, since time.Time, err error) {
	ms, expired := now.UnixMilli(), now.Add(-window).UnixMilli()
	var start int64
	err = t.queryRow(ctx, `INSERT INTO auth_throttle (key_hash, attempts, window_start) VALUES (?, 1, ?)
		ON CONFLICT (key_hash) DO UPDATE SET
			attempts = CASE WHEN auth_throttle.window_start <= ? THEN 1 ELSE auth_throttle.attempts + 1 END,
			window_start = CASE WHEN auth_throttle.window_start <= ? THEN ? ELSE auth_throttle.window_start END
		RETURNING attempts, window_start`, keyHash, ms, expired, expired, ms).Scan(&attempts, &start)
	return attempts, time.UnixMilli(start), err
}

// ThrottleRefund takes back one attempt of a key (it succeeded).
func (t *Tx) ThrottleRefund(ctx context.Context, keyHash string) error {
	_, err := t.exec(ctx, `UPDATE auth_throttle SET attempts = attempts - 1 WHERE key_hash = ? AND attempts > 0`, keyHash)
	return err
}

// ThrottleClear forgets a key's attempts (a complete login).
func (t *Tx) ThrottleClear(ctx context.Context, keyHash string) error {
	_, err := t.exec(ctx, `DELETE FROM auth_throttle WHERE key_hash = ?`, keyHash)
	return err
}

// PurgeThrottle removes windows that began before before.
func (t *Tx) PurgeThrottle(ctx context.Context, before time.Time) (int64, error) {
	res, err := t.exec(ctx, `DELETE FROM auth_throttle WHERE window_start < ?`, before.UnixMilli())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// UseTOTPStep records that the account used the TOTP code of time step
// step, when it is later than the last one used: a code opens one login.
// It reports whether the step was new.
func (t *Tx) UseTOTPStep(ctx context.Context, accountID, step int64) (bool, error) {
	res, err := t.exec(ctx, `UPDATE accounts SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, accountID, step)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeleteSessionsOfCert ends the sessions opened with a client certificate.
func (t *Tx) DeleteSessionsOfCert(ctx context.Context, serial string) (int64, error) {
	if serial == "" {
		return 0, nil
	}
	res, err := t.exec(ctx, `DELETE FROM sessions WHERE client_cert_serial = ?`, serial)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// RevokeAPITokensOf revokes every token of an account (a new password).
func (t *Tx) RevokeAPITokensOf(ctx context.Context, accountID int64, at time.Time) (int64, error) {
	res, err := t.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL`, at.UTC(), accountID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
