package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// The credential check that starts every API request and every page view:
// the token or session with its account, role(s) and, for a
// representative, the representation, read together; and the record of
// their last use, written for many at a time (TouchCredentials) rather
// than by each request.

// TokenCheck is what an API request's check reads about its bearer token.
type TokenCheck struct {
	Token   APIToken
	Account domain.Account
	Role    domain.AccountRole
	// Representation is the one Role acts under (ID 0: none, or Role is
	// no representative's).
	Representation domain.Representation
}

// APITokenCheck reads a token by its hash with its account, role and
// representation, in one round trip where the database batches and
// without a transaction of its own (readOnce). A token that is not there
// is not found.
func (db *DB) APITokenCheck(ctx context.Context, hash string) (TokenCheck, error) {
	var c TokenCheck
	err := db.readOnce(ctx,
		BatchQuery{SQL: `SELECT ` + tokenCols + ` FROM api_tokens WHERE token_hash = ?`, Args: []any{hash},
			Scan: one(func(rows Rows) (err error) { c.Token, err = scanToken(rows); return err })},
		BatchQuery{SQL: `SELECT ` + accountCols + ` FROM accounts WHERE id = (SELECT account_id FROM api_tokens WHERE token_hash = ?)`, Args: []any{hash},
			Scan: one(func(rows Rows) (err error) { c.Account, err = db.scanAccount(rows); return err })},
		BatchQuery{SQL: `SELECT ` + roleCols + ` FROM account_roles WHERE id = (SELECT role_id FROM api_tokens WHERE token_hash = ?)`, Args: []any{hash},
			Scan: one(func(rows Rows) (err error) { c.Role, err = scanRole(rows); return err })},
		BatchQuery{SQL: `SELECT ` + repCols + ` FROM representations WHERE id = (SELECT r.representation_id FROM api_tokens k JOIN account_roles r ON r.id = k.role_id WHERE k.token_hash = ?)`, Args: []any{hash},
			Scan: maybeRep(&c.Representation)})
	return c, notFound(err, "token")
}

// SessionCheck is what a page view's check reads about its session.
type SessionCheck struct {
	Session Session
	Account domain.Account
	Roles   []domain.AccountRole // the account's roles in the order they were given
	// Representation is the one the session's role acts under (ID 0:
	// none, or the role is no representative's).
	Representation domain.Representation
}

// SessionCheck reads a session by its token hash (expired ones too; the
// caller checks) with its account, the account's roles and the
// representation of the session's role: one round trip where the database
// batches, without a transaction of its own (readOnce).
func (db *DB) SessionCheck(ctx context.Context, tokenHash string) (SessionCheck, error) {
	var c SessionCheck
	err := db.readOnce(ctx, sessionReads(db, tokenHash, &c)...)
	return c, notFound(err, "session")
}

func sessionReads(db *DB, tokenHash string, c *SessionCheck) []BatchQuery {
	return []BatchQuery{
		{SQL: `SELECT ` + sessionCols + ` FROM sessions WHERE token_hash = ?`, Args: []any{tokenHash},
			Scan: one(func(rows Rows) (err error) { c.Session, err = scanSession(rows); return err })},
		{SQL: `SELECT ` + accountCols + ` FROM accounts WHERE id = (SELECT account_id FROM sessions WHERE token_hash = ?)`, Args: []any{tokenHash},
			Scan: one(func(rows Rows) (err error) { c.Account, err = db.scanAccount(rows); return err })},
		{SQL: `SELECT ` + roleCols + ` FROM account_roles WHERE account_id = (SELECT account_id FROM sessions WHERE token_hash = ?) ORDER BY id`, Args: []any{tokenHash},
			Scan: func(rows Rows) error {
				for rows.Next() {
					r, err := scanRole(rows)
					if err != nil {
						return err
					}
					c.Roles = append(c.Roles, r)
				}
				return rows.Err()
			}},
		{SQL: `SELECT ` + repCols + ` FROM representations WHERE id = (SELECT r.representation_id FROM sessions s JOIN account_roles r ON r.id = s.role_id WHERE s.token_hash = ?)`, Args: []any{tokenHash},
			Scan: maybeRep(&c.Representation)},
	}
}

// maybeRep scans the representation a query found, if any, into rep.
func maybeRep(rep *domain.Representation) func(Rows) error {
	return func(rows Rows) (err error) {
		if rows.Next() {
			*rep, err = scanRep(rows)
		}
		return err
	}
}

// readOnce runs reads that need no transaction of their own. Where the
// dialect batches (PostgreSQL) they go to the server as one batch on a
// connection of the read pool, outside an explicit transaction: the
// server runs a batch (one Sync) in one implicit transaction, so this is
// one round trip where BEGIN READ ONLY, the batch and COMMIT were three.
// Elsewhere they run in a View (SQLite: a reader, never the writer).
func (db *DB) readOnce(ctx context.Context, qs ...BatchQuery) (err error) {
	if db.d.Batch == nil {
		return db.View(ctx, func(tx *Tx) error { return tx.batch(ctx, qs...) })
	}
	conn, err := db.conn(ctx, db.r, true)
	if err != nil {
		return err
	}
	defer conn.Close()
	bound := db.bind(nil, qs)
	err = conn.Raw(func(dc any) error { return db.d.Batch(ctx, dc, bound) })
	return db.unavailable(err, true)
}

// CredentialUses are the last uses of credentials that a process has
// seen and not yet written: API tokens by id, sessions by token hash.
type CredentialUses struct {
	Tokens   map[int64]time.Time
	Sessions map[string]SessionUse
}

// SessionUse is a session seen in use: at Seen, and valid until Expires.
type SessionUse struct {
	Seen, Expires time.Time
}

// touchSizes are the numbers of rows a statement of TouchCredentials has:
// a few fixed texts, so that each is prepared once per connection and the
// statement caches do not fill with one text per flush. The last bounds a
// statement: PostgreSQL joins up to some hundred rows of VALUES to the
// table through its primary key, and more by reading all of the table
// (api_tokens with 40,000 rows: from about 200 rows; a flush of 2,000
// uses in statements of 512 took 635 ms in the surge, most of it reading
// the table).
var touchSizes = []int{1, 8, 64}

// touchBatches splits n rows into statements of touchSizes: each returned
// size is the statement's, of which the rows [from, from+size) are real
// and the rest repeat the last real row (harmless in an UPDATE ... FROM).
func touchBatches(n int) (sizes []int) {
	for n > 0 {
		size := touchSizes[len(touchSizes)-1]
		for _, s := range touchSizes {
			if s >= n {
				size = s
				break
			}
		}
		sizes = append(sizes, size)
		n -= size
	}
	return sizes
}

// TouchCredentials writes the last uses in u, a few hundred rows per
// statement. A value only moves forward: a use that another instance (or
// an earlier flush) has recorded later stays. A session is extended only
// if it was still valid when seen, and one that is gone (logged out,
// ended by a password change) stays gone: an UPDATE brings back nothing.
func (t *Tx) TouchCredentials(ctx context.Context, u CredentialUses) error {
	ids := slices.Collect(maps.Keys(u.Tokens))
	err := t.touchAll(ctx, len(ids), `UPDATE api_tokens SET last_used_at = v.column2
		FROM (VALUES %s) AS v
		WHERE api_tokens.id = v.column1 AND (api_tokens.last_used_at IS NULL OR api_tokens.last_used_at < v.column2)`,
		[]string{"BIGINT", "TIMESTAMPTZ"}, func(i int, args []any) []any { return append(args, ids[i], u.Tokens[ids[i]].UTC()) })
	if err != nil {
		return err
	}
	hashes := slices.Collect(maps.Keys(u.Sessions))
	return t.touchAll(ctx, len(hashes), `UPDATE sessions SET last_seen_at = v.column2, expires_at = v.column3
		FROM (VALUES %s) AS v
		WHERE sessions.token_hash = v.column1 AND sessions.last_seen_at < v.column2 AND sessions.expires_at >= v.column2`,
		[]string{"TEXT", "TIMESTAMPTZ", "TIMESTAMPTZ"}, func(i int, args []any) []any {
			s := u.Sessions[hashes[i]]
			return append(args, hashes[i], s.Seen.UTC(), s.Expires.UTC())
		})
}

// touchAll writes n rows with q, whose VALUES list (%s) has columns of
// types, in statements of touchBatches' sizes; row appends row i's values.
func (t *Tx) touchAll(ctx context.Context, n int, q string, types []string, row func(i int, args []any) []any) error {
	done := 0
	for _, size := range touchBatches(n) {
		args := make([]any, 0, len(types)*size)
		for i := range size {
			args = row(min(done+i, n-1), args) // past the real rows: the last one again
		}
		if _, err := t.exec(ctx, fmt.Sprintf(q, t.touchRows(size, types...)), args...); err != nil {
			return err
		}
		done += size
	}
	return nil
}

// touchRows is n rows of a VALUES list of parameters of the given types
// (typed where the database cannot infer them: a VALUES list has no
// column to take a type from).
func (t *Tx) touchRows(n int, types ...string) string {
	cols := make([]string, len(types))
	for i, ty := range types {
		cols[i] = t.param(ty)
	}
	row := "(" + strings.Join(cols, ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// RoleSubjects are the budget holders, providers and organisations an
// account's roles are for, by id, and the unread notices of one inbox:
// what every page shows beside its own content.
type RoleSubjects struct {
	Holders       map[int64]domain.BudgetHolder
	Providers     map[int64]domain.Provider
	Organisations map[int64]domain.Organisation
	Unread        int
}

// RoleSubjects reads the subjects of roles and, when inbox has a kind, the
// notices in inbox that account has not read: one round trip where the
// database batches, without a transaction of its own (readOnce), read
// after the session check that gave the roles.
func (db *DB) RoleSubjects(ctx context.Context, roles []domain.AccountRole, inbox Target, account int64) (RoleSubjects, error) {
	s := RoleSubjects{Holders: map[int64]domain.BudgetHolder{}, Providers: map[int64]domain.Provider{}, Organisations: map[int64]domain.Organisation{}}
	var holders, providers, orgs []int64
	for _, r := range roles {
		switch {
		case r.BudgetHolderID != 0:
			holders = append(holders, r.BudgetHolderID)
		case r.OrganisationID != 0:
			orgs = append(orgs, r.OrganisationID)
		case r.ProviderID != 0:
			providers = append(providers, r.ProviderID)
		}
	}
	var qs []BatchQuery
	each := func(cols, table string, ids []int64, scan func(Rows) error) {
		if args, in := unkept(ids, func(int64) bool { return false }); len(args) > 0 {
			qs = append(qs, BatchQuery{SQL: `SELECT ` + cols + ` FROM ` + table + ` WHERE id IN (` + in + `)`, Args: args, Scan: func(rows Rows) error {
				for rows.Next() {
					if err := scan(rows); err != nil {
						return err
					}
				}
				return rows.Err()
			}})
		}
	}
	each(bhCols, "budget_holders", holders, func(rows Rows) error {
		b, err := db.scanBH(rows)
		s.Holders[b.ID] = b
		return err
	})
	each(provCols, "providers", providers, func(rows Rows) error {
		p, err := scanProvider(rows)
		s.Providers[p.ID] = p
		return err
	})
	each(`id, kind, name, code`, "organisations", orgs, func(rows Rows) error {
		var o domain.Organisation
		var kind string
		err := rows.Scan(&o.ID, &kind, &o.Name, &o.Code)
		o.Kind = domain.OrgKind(kind)
		s.Organisations[o.ID] = o
		return err
	})
	if inbox.Kind != "" {
		qs = append(qs, BatchQuery{SQL: unreadSQL, Args: []any{inbox.Kind, inbox.ID, account}, Scan: one(func(rows Rows) error { return rows.Scan(&s.Unread) })})
	}
	if len(qs) == 0 {
		return s, nil
	}
	return s, db.readOnce(ctx, qs...)
}
