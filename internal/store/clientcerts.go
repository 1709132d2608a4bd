package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// ClientCert is an issued client certificate.
type ClientCert struct {
	Serial    string    `json:"serial"`
	AGB       string    `json:"agb"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	IssuedAt  time.Time `json:"issued_at"`
	RevokedAt time.Time `json:"revoked_at"`
}

// AddClientCert records an issued certificate.
func (t *Tx) AddClientCert(ctx context.Context, c ClientCert) error {
	_, err := t.exec(ctx, `INSERT INTO client_certificates (serial, agb, not_before, not_after, issued_at) VALUES (?, ?, ?, ?, ?)`,
		c.Serial, c.AGB, c.NotBefore.UTC(), c.NotAfter.UTC(), c.IssuedAt.UTC())
	return err
}

// ClientCert loads one by serial.
func (t *Tx) ClientCert(ctx context.Context, serial string) (ClientCert, error) {
	var c ClientCert
	var rev sql.NullTime
	err := t.queryRow(ctx, `SELECT serial, agb, not_before, not_after, issued_at, revoked_at FROM client_certificates WHERE serial = ?`, serial).
		Scan(&c.Serial, &c.AGB, &c.NotBefore, &c.NotAfter, &c.IssuedAt, &rev)
	c.RevokedAt = rev.Time
	return c, notFound(err, "certificate")
}

// RevokeClientCert revokes a certificate (once).
func (t *Tx) RevokeClientCert(ctx context.Context, serial string, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE client_certificates SET revoked_at = ? WHERE serial = ? AND revoked_at IS NULL`, at.UTC(), serial)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.NotFound("certificate")
	}
	return nil
}

// ClientCerts lists the newest certificates.
func (t *Tx) ClientCerts(ctx context.Context, limit int) ([]ClientCert, error) {
	rows, err := t.query(ctx, `SELECT serial, agb, not_before, not_after, issued_at, revoked_at FROM client_certificates ORDER BY issued_at DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ClientCert
	for rows.Next() {
		var c ClientCert
		var rev sql.NullTime
		if err := rows.Scan(&c.Serial, &c.AGB, &c.NotBefore, &c.NotAfter, &c.IssuedAt, &rev); err != nil {
			return nil, err
		}
		c.RevokedAt = rev.Time
		out = append(out, c)
	}
	return out, rows.Err()
}

// ProviderAccount finds the oldest account with the provider role for the
// provider with this AGB code.
func (t *Tx) ProviderAccount(ctx context.Context, agb string) (int64, int64, error) {
	var accountID, roleID int64
	err := t.queryRow(ctx, `SELECT r.account_id, r.id FROM account_roles r JOIN providers p ON p.id = r.provider_id
		WHERE p.agb = ? AND r.role = ? ORDER BY r.id LIMIT 1`, agb, string(domain.RoleProvider)).Scan(&accountID, &roleID)
	return accountID, roleID, notFound(err, "provider_account")
}
