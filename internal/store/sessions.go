package store

import (
	"context"
	"database/sql"
	"time"
)

// Session is a server-side login session; the cookie holds a random token,
// the database only its SHA-256.
type Session struct {
	TokenHash  string
	AccountID  int64
	RoleID     int64 // the role the user acts in now (0: none chosen yet)
	MFAOK      bool  // the second factor was given (or is not required)
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	CertSerial string // the client certificate it was opened with ("": a password)
	IdP        string // the identity provider it was opened through ("": none)
	IdPMFA     bool   // that provider asserted a second factor
}

// CreateSession stores a new session.
func (t *Tx) CreateSession(ctx context.Context, s Session) error {
	_, err := t.exec(ctx, `INSERT INTO sessions (token_hash, account_id, role_id, mfa_ok, created_at, last_seen_at, expires_at, client_cert_serial, idp, idp_mfa) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.TokenHash, s.AccountID, nullID(s.RoleID), s.MFAOK, s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC(), s.CertSerial, s.IdP, s.IdPMFA)
	return err
}

// Session loads a session by token hash (expired ones too; the caller checks).
func (t *Tx) Session(ctx context.Context, tokenHash string) (Session, error) {
	s, err := scanSession(t.queryRow(ctx, `SELECT `+sessionCols+` FROM sessions WHERE token_hash = ?`, tokenHash))
	return s, notFound(err, "session")
}

const sessionCols = `token_hash, account_id, role_id, mfa_ok, created_at, last_seen_at, expires_at, client_cert_serial, idp, idp_mfa`

func scanSession(r interface{ Scan(...any) error }) (Session, error) {
	var s Session
	var role sql.NullInt64
	err := r.Scan(&s.TokenHash, &s.AccountID, &role, &s.MFAOK, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.CertSerial, &s.IdP, &s.IdPMFA)
	s.RoleID = role.Int64
	return s, err
}

// DeleteSession ends one session (logout).
func (t *Tx) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// DeleteSessionsOf ends an account's sessions except keep ("" for all), e.g.
// after a password change.
func (t *Tx) DeleteSessionsOf(ctx context.Context, accountID int64, keep string) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?`, accountID, keep)
	return err
}

// DeleteExpiredSessions removes sessions that expired before now.
func (t *Tx) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := t.exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, now.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// APIToken is a personal bearer token, tied to one role of its account.
type APIToken struct {
	ID         int64
	AccountID  int64
	RoleID     int64
	Name       string
	TokenHash  string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
	ExpiresAt  time.Time // zero: made before tokens expired; the service counts from CreatedAt
}

// CreateAPIToken stores a token (its hash).
func (t *Tx) CreateAPIToken(ctx context.Context, k APIToken) (int64, error) {
	return t.insert(ctx, `INSERT INTO api_tokens (account_id, role_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		k.AccountID, k.RoleID, k.Name, k.TokenHash, k.CreatedAt.UTC(), k.ExpiresAt.UTC())
}

func scanToken(s interface{ Scan(...any) error }) (APIToken, error) {
	var k APIToken
	var used, revoked, expires sql.NullTime
	err := s.Scan(&k.ID, &k.AccountID, &k.RoleID, &k.Name, &k.TokenHash, &k.CreatedAt, &used, &revoked, &expires)
	k.LastUsedAt, k.RevokedAt, k.ExpiresAt = used.Time, revoked.Time, expires.Time
	return k, err
}

const tokenCols = `id, account_id, role_id, name, token_hash, created_at, last_used_at, revoked_at, expires_at`

// APITokens lists an account's tokens.
func (t *Tx) APITokens(ctx context.Context, accountID int64) ([]APIToken, error) {
	rows, err := t.query(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE account_id = ? ORDER BY id`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		k, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeAPIToken marks a token revoked.
func (t *Tx) RevokeAPIToken(ctx context.Context, id int64, at time.Time) error {
	_, err := t.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, at.UTC(), id)
	return err
}

// SessionsOf lists an account's sessions that have not expired, newest first.
func (t *Tx) SessionsOf(ctx context.Context, accountID int64, now time.Time) ([]Session, error) {
	rows, err := t.query(ctx, `SELECT token_hash, account_id, role_id, mfa_ok, created_at, last_seen_at, expires_at FROM sessions
		WHERE account_id = ? AND expires_at >= ? ORDER BY last_seen_at DESC`, accountID, now.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var s Session
		var role sql.NullInt64
		if err := rows.Scan(&s.TokenHash, &s.AccountID, &role, &s.MFAOK, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt); err != nil {
			return nil, err
		}
		s.RoleID = role.Int64
		out = append(out, s)
	}
	return out, rows.Err()
}
