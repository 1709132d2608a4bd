package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// CreateOrganisation inserts an organisation and returns its id.
func (t *Tx) CreateOrganisation(ctx context.Context, o domain.Organisation, at time.Time) (int64, error) {
	return t.insert(ctx, `INSERT INTO organisations (kind, name, code, created_at) VALUES (?, ?, ?, ?)`,
		string(o.Kind), o.Name, o.Code, at.UTC())
}

// Organisation loads one organisation.
func (t *Tx) Organisation(ctx context.Context, id int64) (domain.Organisation, error) {
	var o domain.Organisation
	var kind string
	err := t.queryRow(ctx, `SELECT id, kind, name, code FROM organisations WHERE id = ?`, id).Scan(&o.ID, &kind, &o.Name, &o.Code)
	o.Kind = domain.OrgKind(kind)
	return o, notFound(err, "organisation")
}

// Organisations lists all organisations by name.
func (t *Tx) Organisations(ctx context.Context) ([]domain.Organisation, error) {
	rows, err := t.query(ctx, `SELECT id, kind, name, code FROM organisations ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Organisation
	for rows.Next() {
		var o domain.Organisation
		var kind string
		if err := rows.Scan(&o.ID, &kind, &o.Name, &o.Code); err != nil {
			return nil, err
		}
		o.Kind = domain.OrgKind(kind)
		out = append(out, o)
	}
	return out, rows.Err()
}

const accountCols = `id, email, name, password_hash, totp_secret, totp_enabled, lang, disabled, created_at, password_changed_at`

// scanAccount scans accountCols; the TOTP secret is opened with db's data key.
func (db *DB) scanAccount(s interface{ Scan(...any) error }) (domain.Account, error) {
	var a domain.Account
	err := s.Scan(&a.ID, &a.Email, &a.Name, &a.PasswordHash, &a.TOTPSecret, &a.TOTPEnabled, &a.Lang, &a.Disabled, &a.CreatedAt, &a.PasswordChangedAt)
	if err == nil {
		a.TOTPSecret, err = db.openTOTP(a.TOTPSecret)
	}
	return a, err
}

// CreateAccount inserts an account; the e-mail address must be new. The
// TOTP secret is written sealed.
func (t *Tx) CreateAccount(ctx context.Context, a domain.Account) (int64, error) {
	return t.insert(ctx, `INSERT INTO accounts (email, name, password_hash, totp_secret, totp_enabled, lang, disabled, created_at, password_changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		strings.ToLower(a.Email), a.Name, a.PasswordHash, t.db.sealTOTP(a.TOTPSecret), a.TOTPEnabled, a.Lang, a.Disabled, a.CreatedAt.UTC(), a.PasswordChangedAt.UTC())
}

// Account loads an account by id.
func (t *Tx) Account(ctx context.Context, id int64) (domain.Account, error) {
	a, err := t.db.scanAccount(t.queryRow(ctx, `SELECT `+accountCols+` FROM accounts WHERE id = ?`, id))
	return a, notFound(err, "account")
}

// AccountByEmail loads an account by e-mail address (case-insensitive).
func (t *Tx) AccountByEmail(ctx context.Context, email string) (domain.Account, error) {
	a, err := t.db.scanAccount(t.queryRow(ctx, `SELECT `+accountCols+` FROM accounts WHERE email = ?`, strings.ToLower(strings.TrimSpace(email))))
	return a, notFound(err, "account")
}

// Accounts lists accounts whose e-mail or name contains q.
func (t *Tx) Accounts(ctx context.Context, q string, limit int) ([]domain.Account, error) {
	like := "%" + strings.ToLower(q) + "%"
	rows, err := t.query(ctx, `SELECT `+accountCols+` FROM accounts WHERE email LIKE ? OR lower(name) LIKE ? ORDER BY email LIMIT ?`, like, like, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Account
	for rows.Next() {
		a, err := t.db.scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// UpdateAccount writes an account's mutable fields (the TOTP secret sealed).
func (t *Tx) UpdateAccount(ctx context.Context, a domain.Account) error {
	_, err := t.exec(ctx, `UPDATE accounts SET name = ?, password_hash = ?, totp_secret = ?, totp_enabled = ?, lang = ?, disabled = ?, password_changed_at = ? WHERE id = ?`,
		a.Name, a.PasswordHash, t.db.sealTOTP(a.TOTPSecret), a.TOTPEnabled, a.Lang, a.Disabled, a.PasswordChangedAt.UTC(), a.ID)
	return err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const roleCols = `id, account_id, role, organisation_id, budget_holder_id, provider_id, representation_id`

func scanRole(s interface{ Scan(...any) error }) (domain.AccountRole, error) {
	var r domain.AccountRole
	var role string
	var org, bh, prov, rep sql.NullInt64
	err := s.Scan(&r.ID, &r.AccountID, &role, &org, &bh, &prov, &rep)
	r.Role, r.OrganisationID, r.BudgetHolderID, r.ProviderID, r.RepresentationID = domain.Role(role), org.Int64, bh.Int64, prov.Int64, rep.Int64
	return r, err
}

// AddRole gives an account a role.
func (t *Tx) AddRole(ctx context.Context, r domain.AccountRole, at time.Time) (int64, error) {
	return t.insert(ctx, `INSERT INTO account_roles (account_id, role, organisation_id, budget_holder_id, provider_id, representation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.AccountID, string(r.Role), nullID(r.OrganisationID), nullID(r.BudgetHolderID), nullID(r.ProviderID), nullID(r.RepresentationID), at.UTC())
}

// Roles lists an account's roles in the order they were given.
func (t *Tx) Roles(ctx context.Context, accountID int64) ([]domain.AccountRole, error) {
	rows, err := t.query(ctx, `SELECT `+roleCols+` FROM account_roles WHERE account_id = ? ORDER BY id`, accountID)
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

// Role loads one role.
func (t *Tx) Role(ctx context.Context, id int64) (domain.AccountRole, error) {
	r, err := scanRole(t.queryRow(ctx, `SELECT `+roleCols+` FROM account_roles WHERE id = ?`, id))
	return r, notFound(err, "role")
}
