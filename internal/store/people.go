package store

import (
	"context"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

const bhCols = `id, bsn, initials, prefix, family_name, birth_date, street, house_number, postcode, city, email, phone, iban`

func (db *DB) scanBH(s interface{ Scan(...any) error }) (domain.BudgetHolder, error) {
	var b domain.BudgetHolder
	err := scanParts(s, &holderPart{b: &b, db: db})
	return b, err
}

// holderPart is a budget holder's bhCols in a row; its BSN is opened with
// db's data key.
type holderPart struct {
	b         *domain.BudgetHolder
	db        *DB
	bsn, iban string
}

func (x *holderPart) dest() []any {
	b := x.b
	return []any{&b.ID, &x.bsn, &b.Initials, &b.Prefix, &b.FamilyName, &b.BirthDate, &b.Street, &b.HouseNumber, &b.Postcode, &b.City, &b.Email, &b.Phone, &x.iban}
}

func (x *holderPart) done() (err error) {
	x.b.IBAN = domain.IBAN(x.iban)
	x.b.BSN, err = x.db.OpenBSN(x.bsn)
	return err
}

// CreateBudgetHolder inserts a budget holder; the BSN must be new (its
// keyed hash is unique). The BSN is written sealed.
func (t *Tx) CreateBudgetHolder(ctx context.Context, b domain.BudgetHolder, at time.Time) (int64, error) {
	bsn, hash := t.db.SealBSN(b.BSN)
	return t.insert(ctx, `INSERT INTO budget_holders (bsn, bsn_hash, initials, prefix, family_name, birth_date, street, house_number, postcode, city, email, phone, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		bsn, hash, b.Initials, b.Prefix, b.FamilyName, b.BirthDate, b.Street, b.HouseNumber, b.Postcode, b.City, b.Email, b.Phone, at.UTC())
}

// BudgetHolder loads a budget holder by id.
// A transaction keeps what it loaded: a step that checks, notifies and
// shows a declaration asks for the same budget holder several times.
func (t *Tx) BudgetHolder(ctx context.Context, id int64) (domain.BudgetHolder, error) {
	if b, ok := t.holders[id]; ok {
		return b, nil
	}
	var b domain.BudgetHolder
	if err := t.batch(ctx, t.holderQuery(id, &b)); err != nil {
		return b, notFound(err, "budget_holder")
	}
	remember(&t.holders, id, b)
	return b, nil
}

// holderQuery loads budget holder id into b.
func (t *Tx) holderQuery(id int64, b *domain.BudgetHolder) BatchQuery {
	return BatchQuery{SQL: `SELECT ` + bhCols + ` FROM budget_holders WHERE id = ?`, Args: []any{id}, Scan: one(func(rows Rows) (err error) {
		*b, err = t.db.scanBH(rows)
		return err
	})}
}

// BudgetHolderByBSN loads a budget holder by BSN (by its keyed hash).
func (t *Tx) BudgetHolderByBSN(ctx context.Context, bsn domain.BSN) (domain.BudgetHolder, error) {
	b, err := t.db.scanBH(t.queryRow(ctx, `SELECT `+bhCols+` FROM budget_holders WHERE bsn_hash = ?`, t.db.bsnHash(bsn)))
	return b, notFound(err, "budget_holder")
}

// UpdateContact changes a budget holder's e-mail and phone, the fields that
// do not come from the population register.
func (t *Tx) UpdateContact(ctx context.Context, id int64, email, phone string) error {
	delete(t.holders, id)
	_, err := t.exec(ctx, `UPDATE budget_holders SET email = ?, phone = ? WHERE id = ?`, email, phone, id)
	return err
}

// LinkClient makes a budget holder visible to a verstrekker's staff.
func (t *Tx) LinkClient(ctx context.Context, verstrekkerID, budgetHolderID int64, at time.Time) error {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM clients WHERE verstrekker_id = ? AND budget_holder_id = ?`, verstrekkerID, budgetHolderID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	_, err := t.exec(ctx, `INSERT INTO clients (verstrekker_id, budget_holder_id, created_at) VALUES (?, ?, ?)`, verstrekkerID, budgetHolderID, at.UTC())
	return err
}

// IsClient reports whether the budget holder is a client of the verstrekker.
func (t *Tx) IsClient(ctx context.Context, verstrekkerID, budgetHolderID int64) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM clients WHERE verstrekker_id = ? AND budget_holder_id = ?`, verstrekkerID, budgetHolderID).Scan(&n)
	return n > 0, err
}

// HasCurrentGrant reports whether the verstrekker grants the budget holder a
// budget that has not ended on today (one that starts later counts too).
func (t *Tx) HasCurrentGrant(ctx context.Context, verstrekkerID, budgetHolderID int64, today domain.Date) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM grants WHERE verstrekker_id = ? AND budget_holder_id = ? AND period_end >= ?`, verstrekkerID, budgetHolderID, today).Scan(&n)
	return n > 0, err
}

// SearchClients lists a verstrekker's budget holders whose family name
// starts with q, or whose BSN or postcode equals q; empty q lists all. Sorted
// by family name, paged by limit and offset.
func (t *Tx) SearchClients(ctx context.Context, verstrekkerID int64, q string, limit, offset int) ([]domain.BudgetHolder, error) {
	q = strings.TrimSpace(q)
	sqlq := `SELECT b.id, b.bsn, b.initials, b.prefix, b.family_name, b.birth_date, b.street, b.house_number, b.postcode, b.city, b.email, b.phone, b.iban
		FROM budget_holders b JOIN clients c ON c.budget_holder_id = b.id WHERE c.verstrekker_id = ?`
	args := []any{verstrekkerID}
	if q != "" {
		var hash []byte // (NULL: no BSN matches)
		if bsn, err := domain.ParseBSN(q); err == nil {
			hash = t.db.bsnHash(bsn)
		}
		sqlq += ` AND (lower(b.family_name) LIKE ? OR b.bsn_hash = ? OR replace(b.postcode, ' ', '') = ?)`
		args = append(args, strings.ToLower(q)+"%", hash, strings.ToUpper(strings.ReplaceAll(q, " ", "")))
	}
	if q == "" && t.manyClients(ctx, verstrekkerID) {
		// A large verstrekker's page in name order is read from the
		// name index, each holder checked for being its client, and ends
		// after the page: sorting all its clients (27,000 for the largest
		// gemeente of pgb gen) took most of its overview's time.
		sqlq = `SELECT b.id, b.bsn, b.initials, b.prefix, b.family_name, b.birth_date, b.street, b.house_number, b.postcode, b.city, b.email, b.phone, b.iban
			FROM budget_holders b WHERE EXISTS (SELECT 1 FROM clients c WHERE c.verstrekker_id = ? AND c.budget_holder_id = b.id)`
	}
	sqlq += ` ORDER BY b.family_name, b.initials, b.id LIMIT ? OFFSET ?`
	args = append(args, limit, offset)
	rows, err := t.query(ctx, sqlq, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.BudgetHolder
	for rows.Next() {
		b, err := t.db.scanBH(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// manyClientsAt is how many clients (counted no further) make a
// verstrekker's list best read in name order: then one in a hundred budget
// holders or more is its client, and a page ends after a few thousand rows.
var manyClientsAt = 2000

// manyClients reports whether a verstrekker has manyClientsAt clients.
func (t *Tx) manyClients(ctx context.Context, verstrekkerID int64) bool {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM clients WHERE verstrekker_id = ? LIMIT ?) x`, verstrekkerID, manyClientsAt).Scan(&n)
	return err == nil && n >= manyClientsAt
}

const provCols = `id, kind, name, agb, kvk, iban, email, phone, city`

func scanProvider(s interface{ Scan(...any) error }) (domain.Provider, error) {
	var p domain.Provider
	err := scanParts(s, &providerPart{p: &p})
	return p, err
}

// providerPart is a provider's provCols in a row.
type providerPart struct {
	p                    *domain.Provider
	kind, agb, kvk, iban string
}

func (x *providerPart) dest() []any {
	p := x.p
	return []any{&p.ID, &x.kind, &p.Name, &x.agb, &x.kvk, &x.iban, &p.Email, &p.Phone, &p.City}
}

func (x *providerPart) done() error {
	x.p.Kind, x.p.AGB, x.p.KvK, x.p.IBAN = domain.ProviderKind(x.kind), domain.AGB(x.agb), domain.KvK(x.kvk), domain.IBAN(x.iban)
	return nil
}

// keep remembers a provider and a budget holder for the rest of the
// transaction (see Provider).
func (t *Tx) keep(p domain.Provider, b domain.BudgetHolder) {
	remember(&t.providers, p.ID, p)
	remember(&t.holders, b.ID, b)
}

// CreateProvider inserts a provider.
func (t *Tx) CreateProvider(ctx context.Context, p domain.Provider, at time.Time) (int64, error) {
	return t.insert(ctx, `INSERT INTO providers (kind, name, agb, kvk, iban, email, phone, city, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(p.Kind), p.Name, string(p.AGB), string(p.KvK), string(p.IBAN), p.Email, p.Phone, p.City, at.UTC())
}

// Provider loads a provider.
// A transaction keeps what it loaded (see BudgetHolder).
func (t *Tx) Provider(ctx context.Context, id int64) (domain.Provider, error) {
	if p, ok := t.providers[id]; ok {
		return p, nil
	}
	var p domain.Provider
	if err := t.batch(ctx, providerQuery(id, &p)); err != nil {
		return p, notFound(err, "provider")
	}
	remember(&t.providers, id, p)
	return p, nil
}

// providerQuery loads provider id into p.
func providerQuery(id int64, p *domain.Provider) BatchQuery {
	return BatchQuery{SQL: `SELECT ` + provCols + ` FROM providers WHERE id = ?`, Args: []any{id}, Scan: one(func(rows Rows) (err error) {
		*p, err = scanProvider(rows)
		return err
	})}
}

// ProviderAndHolder loads a provider and a budget holder (those not kept
// already), in one round trip where the database batches.
func (t *Tx) ProviderAndHolder(ctx context.Context, providerID, holderID int64) (domain.Provider, domain.BudgetHolder, error) {
	var p domain.Provider
	var b domain.BudgetHolder
	qs := t.partiesQueries(providerID, holderID, &p, &b)
	if len(qs) == 0 {
		return p, b, nil
	}
	if err := t.batch(ctx, qs...); err != nil {
		return p, b, notFound(err, "provider")
	}
	t.keep(p, b)
	return p, b, nil
}

// KeepParties loads the providers and budget holders of a page of rows that
// the transaction does not keep yet, in one round trip where the database
// batches (two queries), so that ProviderAndHolder then answers each row
// from what is kept: a list page of 25 rows made 25 round trips before.
func (t *Tx) KeepParties(ctx context.Context, providerIDs, holderIDs []int64) error {
	var qs []BatchQuery
	if ids, in := unkept(providerIDs, func(id int64) bool { _, ok := t.providers[id]; return ok }); len(ids) > 0 {
		qs = append(qs, BatchQuery{SQL: `SELECT ` + provCols + ` FROM providers WHERE id IN (` + in + `)`, Args: ids, Scan: func(rows Rows) error {
			for rows.Next() {
				p, err := scanProvider(rows)
				if err != nil {
					return err
				}
				remember(&t.providers, p.ID, p)
			}
			return rows.Err()
		}})
	}
	if ids, in := unkept(holderIDs, func(id int64) bool { _, ok := t.holders[id]; return ok }); len(ids) > 0 {
		qs = append(qs, BatchQuery{SQL: `SELECT ` + bhCols + ` FROM budget_holders WHERE id IN (` + in + `)`, Args: ids, Scan: func(rows Rows) error {
			for rows.Next() {
				b, err := t.db.scanBH(rows)
				if err != nil {
					return err
				}
				remember(&t.holders, b.ID, b)
			}
			return rows.Err()
		}})
	}
	if len(qs) == 0 {
		return nil
	}
	return t.batch(ctx, qs...)
}

// unkept is the distinct ids that kept does not know, as arguments, with
// their placeholders.
func unkept(ids []int64, kept func(int64) bool) ([]any, string) {
	var out []any
	seen := map[int64]bool{}
	for _, id := range ids {
		if !seen[id] && !kept(id) {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, strings.TrimSuffix(strings.Repeat("?, ", len(out)), ", ")
}

// partiesQueries sets p and b from what the transaction keeps and returns
// the queries that load the ones it does not.
func (t *Tx) partiesQueries(providerID, holderID int64, p *domain.Provider, b *domain.BudgetHolder) []BatchQuery {
	var qs []BatchQuery
	var kept bool
	if *p, kept = t.providers[providerID]; !kept {
		qs = append(qs, providerQuery(providerID, p))
	}
	if *b, kept = t.holders[holderID]; !kept {
		qs = append(qs, t.holderQuery(holderID, b))
	}
	return qs
}

// Providers lists providers whose name starts with q (all when empty).
func (t *Tx) Providers(ctx context.Context, q string, limit int) ([]domain.Provider, error) {
	rows, err := t.query(ctx, `SELECT `+provCols+` FROM providers WHERE lower(name) LIKE ? OR agb = ? OR kvk = ? ORDER BY name, id LIMIT ?`,
		strings.ToLower(strings.TrimSpace(q))+"%", q, q, limit)
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

// CreateRepresentation links a representative's account to a budget holder.
func (t *Tx) CreateRepresentation(ctx context.Context, r domain.Representation, at time.Time) (int64, error) {
	return t.insert(ctx, `INSERT INTO representations (budget_holder_id, account_id, kind, valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		r.BudgetHolderID, r.AccountID, string(r.Kind), r.ValidFrom, r.ValidTo, at.UTC())
}

const repCols = `id, budget_holder_id, account_id, kind, valid_from, valid_to`

func scanRep(s interface{ Scan(...any) error }) (domain.Representation, error) {
	var r domain.Representation
	var kind string
	err := s.Scan(&r.ID, &r.BudgetHolderID, &r.AccountID, &kind, &r.ValidFrom, &r.ValidTo)
	r.Kind = domain.RepresentationKind(kind)
	return r, err
}

// Representation loads one representation.
func (t *Tx) Representation(ctx context.Context, id int64) (domain.Representation, error) {
	r, err := scanRep(t.queryRow(ctx, `SELECT `+repCols+` FROM representations WHERE id = ?`, id))
	return r, notFound(err, "representation")
}

// Representations lists the representatives of a budget holder.
func (t *Tx) Representations(ctx context.Context, budgetHolderID int64) ([]domain.Representation, error) {
	rows, err := t.query(ctx, `SELECT `+repCols+` FROM representations WHERE budget_holder_id = ? ORDER BY valid_from, id`, budgetHolderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Representation
	for rows.Next() {
		r, err := scanRep(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetHolderIBAN changes the account a budget holder's free amount is paid to.
func (t *Tx) SetHolderIBAN(ctx context.Context, id int64, iban domain.IBAN) error {
	delete(t.holders, id)
	_, err := t.exec(ctx, `UPDATE budget_holders SET iban = ? WHERE id = ?`, string(iban), id)
	return err
}

// EndRepresentation ends a representation on the given day (its last day).
func (t *Tx) EndRepresentation(ctx context.Context, id int64, last domain.Date) error {
	_, err := t.exec(ctx, `UPDATE representations SET valid_to = ? WHERE id = ?`, last, id)
	return err
}

// ProviderRepresentsHolder reports whether an account that acts as the
// provider is also the budget holder's representative on some day of
// [from, to]: one person on both sides of an agreement.
func (t *Tx) ProviderRepresentsHolder(ctx context.Context, providerID, budgetHolderID int64, from, to domain.Date) (bool, error) {
	var yes bool
	return yes, t.batch(ctx, representsQuery(providerID, budgetHolderID, from, to, &yes))
}

// representsQuery is ProviderRepresentsHolder's read, for a batch.
func representsQuery(providerID, budgetHolderID int64, from, to domain.Date, yes *bool) BatchQuery {
	return BatchQuery{SQL: `SELECT COUNT(*) FROM account_roles pr
		JOIN account_roles rr ON rr.account_id = pr.account_id AND rr.role = ? AND rr.budget_holder_id = ?
		JOIN representations p ON p.id = rr.representation_id
		WHERE pr.role = ? AND pr.provider_id = ? AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to >= ?)`,
		Args: []any{string(domain.RoleRepresentative), budgetHolderID, string(domain.RoleProvider), providerID, to, from},
		Scan: one(func(rows Rows) error {
			var n int
			err := rows.Scan(&n)
			*yes = n > 0
			return err
		})}
}

// providerAccountsQuery reads the accounts that hold the provider role of
// the provider, for a batch.
func providerAccountsQuery(providerID int64, out *[]int64) BatchQuery {
	return BatchQuery{SQL: `SELECT account_id FROM account_roles WHERE role = ? AND provider_id = ?`,
		Args: []any{string(domain.RoleProvider), providerID},
		Scan: func(rows Rows) error {
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return err
				}
				*out = append(*out, id)
			}
			return nil
		}}
}

// UpdateProviderDetails changes the details a provider keeps itself: e-mail,
// phone and the IBAN it is paid to (from the next payment run).
func (t *Tx) UpdateProviderDetails(ctx context.Context, id int64, email, phone string, iban domain.IBAN) error {
	delete(t.providers, id)
	_, err := t.exec(ctx, `UPDATE providers SET email = ?, phone = ?, iban = ? WHERE id = ?`, email, phone, string(iban), id)
	return err
}
