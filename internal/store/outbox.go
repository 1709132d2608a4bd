package store

import (
	"context"
	"database/sql"
	"time"
)

// ClaimMail takes up to limit mails that are due (not sent, not given up,
// next try reached, no live claim) for this worker until the lease ends.
// A worker that dies leaves its claim to expire; the mail is then tried
// again, with the same Message-ID.
func (t *Tx) ClaimMail(ctx context.Context, claim string, now, until time.Time, limit int) ([]Mail, error) {
	// The conditions stand in the UPDATE's own WHERE as well as in the
	// subquery: at READ COMMITTED (PostgreSQL) two workers of two processes
	// can pick the same ids in their subqueries, and the second, once the
	// first commits, rechecks only the UPDATE's own WHERE on the row as the
	// first left it. Without the repeat it would claim (and send) the mail
	// again.
	if _, err := t.exec(ctx, `UPDATE outbox SET claim = ?, claimed_until = ? WHERE id IN (
			SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL
			AND (next_attempt_at IS NULL OR next_attempt_at <= ?) AND (claimed_until IS NULL OR claimed_until < ?)
			ORDER BY id LIMIT ?)
			AND sent_at IS NULL AND failed_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)`,
		claim, until.UTC(), now.UTC(), now.UTC(), limit, now.UTC()); err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, `SELECT id, to_email, subject, body, created_at, sent_at, attempts FROM outbox WHERE claim = ? AND sent_at IS NULL ORDER BY id`, claim)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Mail
	for rows.Next() {
		var m Mail
		var sent sql.NullTime
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.CreatedAt, &sent, &m.Attempts); err != nil {
			return nil, err
		}
		if m.Body, err = t.db.openMail(m.Body); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MailSent marks a mail delivered (only while this worker holds the claim)
// and keeps body, the mail without its one-time links, instead of what was sent.
func (t *Tx) MailSent(ctx context.Context, id int64, claim, body string, at time.Time) error {
	_, err := t.exec(ctx, `UPDATE outbox SET sent_at = ?, attempts = attempts + 1, claimed_until = NULL, last_error = '', body = ? WHERE id = ? AND claim = ?`, at.UTC(), body, id, claim)
	return err
}

// MailFailed records a failed try: again at next, or given up (failed).
func (t *Tx) MailFailed(ctx context.Context, id int64, claim, reason string, next time.Time, giveUp bool, at time.Time) error {
	var failed any
	if giveUp {
		failed = at.UTC()
	}
	_, err := t.exec(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_until = NULL, last_error = ?, failed_at = ? WHERE id = ? AND claim = ?`,
		next.UTC(), reason, failed, id, claim)
	return err
}
