package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// aadIdentity binds a sealed identity key (account_identities.key_sealed).
const aadIdentity = "account_identities.key"

// OIDCLogin is a login under way at an identity provider, or one that
// came back with several providers to choose from (Choices).
type OIDCLogin struct {
	StateHash string // SHA-256 of the state (or of the choice's token)
	Provider  string // the identity provider's name
	Nonce     string
	Verifier  string // the PKCE code verifier
	Target    string // the local page to go to after login
	Choices   []int64
	ExpiresAt time.Time
}

// SaveOIDCLogin stores a login under way, and forgets those expired.
func (t *Tx) SaveOIDCLogin(ctx context.Context, l OIDCLogin, now time.Time) error {
	if _, err := t.exec(ctx, `DELETE FROM oidc_logins WHERE expires_at < ?`, now.UTC()); err != nil {
		return err
	}
	ids := make([]string, len(l.Choices))
	for i, id := range l.Choices {
		ids[i] = strconv.FormatInt(id, 10)
	}
	_, err := t.exec(ctx, `INSERT INTO oidc_logins (state_hash, provider, nonce, verifier, target, choices, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		l.StateHash, l.Provider, l.Nonce, l.Verifier, l.Target, strings.Join(ids, ","), l.ExpiresAt.UTC())
	return err
}

// TakeOIDCLogin takes a login under way by its state's hash: it is deleted
// as it is read, so that a state (and the code that came with it) is used
// once. Unknown, already used or expired (at now): not found.
func (t *Tx) TakeOIDCLogin(ctx context.Context, stateHash string, now time.Time) (OIDCLogin, error) {
	var l OIDCLogin
	var choices string
	err := t.queryRow(ctx, `DELETE FROM oidc_logins WHERE state_hash = ? RETURNING state_hash, provider, nonce, verifier, target, choices, expires_at`, stateHash).
		Scan(&l.StateHash, &l.Provider, &l.Nonce, &l.Verifier, &l.Target, &choices, &l.ExpiresAt)
	if err != nil {
		return l, notFound(err, "oidc_login")
	}
	if now.After(l.ExpiresAt) {
		return OIDCLogin{}, domain.NotFound("oidc_login")
	}
	for _, f := range strings.Split(choices, ",") {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil {
			l.Choices = append(l.Choices, id)
		}
	}
	return l, nil
}

// IdentityKey is what an account is known by at identity providers: a
// representative's BSN (kind "bsn") or a provider's name and subject
// (kind "sub", value "provider\x00sub").
type IdentityKey struct {
	Kind, Value string
}

// identityHash is the keyed hash an identity key is found by.
func (db *DB) identityHash(k IdentityKey) []byte { return db.dk().Hash(k.Kind + ":" + k.Value) }

// AccountByIdentity finds the account linked to an identity key.
func (t *Tx) AccountByIdentity(ctx context.Context, k IdentityKey) (int64, error) {
	var id int64
	err := t.queryRow(ctx, `SELECT account_id FROM account_identities WHERE kind = ? AND key_hash = ?`, k.Kind, t.db.identityHash(k)).Scan(&id)
	return id, notFound(err, "identity")
}

// LinkIdentity links an identity key to an account; a key already linked
// is a conflict (one account per key).
func (t *Tx) LinkIdentity(ctx context.Context, k IdentityKey, accountID int64, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO account_identities (kind, key_hash, key_sealed, account_id, created_at) VALUES (?, ?, ?, ?, ?)`,
		k.Kind, t.db.identityHash(k), t.db.dk().Seal(aadIdentity, k.Kind+":"+k.Value), accountID, at.UTC())
	return err
}

// HolderAccounts lists the accounts with the budget holder's own role (the
// holder themself, not a representative), oldest first.
func (t *Tx) HolderAccounts(ctx context.Context, holderID int64) ([]domain.AccountRole, error) {
	return t.roleList(ctx, `SELECT `+roleCols+` FROM account_roles WHERE budget_holder_id = ? AND role = ? ORDER BY id`, holderID, string(domain.RoleBudgetHolder))
}

// ProviderRoles lists the provider roles held for a provider, oldest first.
func (t *Tx) ProviderRoles(ctx context.Context, providerID int64) ([]domain.AccountRole, error) {
	return t.roleList(ctx, `SELECT `+roleCols+` FROM account_roles WHERE provider_id = ? AND role = ? ORDER BY id`, providerID, string(domain.RoleProvider))
}

func (t *Tx) roleList(ctx context.Context, q string, args ...any) ([]domain.AccountRole, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.AccountRole
	for rows.Next() {
		r, err := scanRole(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ProvidersByKvK lists the providers registered under a KvK number, by
// name.
func (t *Tx) ProvidersByKvK(ctx context.Context, kvk domain.KvK) ([]domain.Provider, error) {
	rows, err := t.query(ctx, `SELECT `+provCols+` FROM providers WHERE kvk = ? ORDER BY name, id`, string(kvk))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Provider
	for rows.Next() {
		p, err := scanProvider(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
