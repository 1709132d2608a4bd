package store

// Personal data at rest: BSNs and TOTP secrets are sealed (AES-256-GCM,
// package datakey) when written and opened when read, here at the store's
// boundary; a BSN is found and kept unique by its keyed hash (bsn_hash).
// The data_key table names the key the data are sealed under, so that a
// start with another key is refused before it writes anything under it.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/datakey"
	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// The columns sealed values are bound to (their additional data).
const (
	aadBSN  = "budget_holders.bsn"
	aadTOTP = "accounts.totp_secret"
	aadMail = "outbox_mail.body" // (not "outbox.body", which reads as a text key)
)

// ErrNoDataKey: the store was opened without a data key.
var ErrNoDataKey = errors.New("store: no data key")

// dk is the data key the store seals and opens with.
func (db *DB) dk() *datakey.Key { return db.dataKey.Load() }

// DataKeyID is the id of the key the store seals with.
func (db *DB) DataKeyID() string { return db.dk().ID() }

// SealBSN returns a BSN's sealed form and its keyed hash, as the columns
// bsn and bsn_hash hold them (for bulk loaders that write rows directly).
func (db *DB) SealBSN(b domain.BSN) (sealed string, hash []byte) {
	k := db.dk()
	return k.Seal(aadBSN, b.Full()), k.Hash(b.Full())
}

// OpenBSN opens a sealed BSN (the column bsn).
func (db *DB) OpenBSN(sealed string) (domain.BSN, error) {
	s, err := db.dk().Open(aadBSN, sealed)
	if err != nil {
		return "", fmt.Errorf("store: budget holder's BSN: %w", err)
	}
	return domain.BSN(s), nil
}

// bsnHash is the keyed hash a BSN is looked up by.
func (db *DB) bsnHash(b domain.BSN) []byte { return db.dk().Hash(b.Full()) }

// sealTOTP seals a TOTP secret; no secret stays empty.
func (db *DB) sealTOTP(secret string) string {
	if secret == "" {
		return ""
	}
	return db.dk().Seal(aadTOTP, secret)
}

// openTOTP opens a sealed TOTP secret; empty stays empty.
func (db *DB) openTOTP(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	s, err := db.dk().Open(aadTOTP, sealed)
	if err != nil {
		return "", fmt.Errorf("store: account's TOTP secret: %w", err)
	}
	return s, nil
}

// sealMail seals the body of a mail put in the outbox: until it is sent it
// may hold a one-time link (an invitation, a password reset), which nobody
// who reads the database may use. Once sent, the outbox keeps the body with
// its links masked, in plain text (MailSent).
func (db *DB) sealMail(body string) string { return db.dk().Seal(aadMail, body) }

// openMail opens a mail's body; a body in plain text (sent, masked, or a
// notice written by the database itself) is returned as it is.
func (db *DB) openMail(body string) (string, error) {
	if !datakey.IsSealed(body) {
		return body, nil
	}
	s, err := db.dk().Open(aadMail, body)
	if err != nil {
		return "", fmt.Errorf("store: a mail's body: %w", err)
	}
	return s, nil
}

// UseDataKey makes k the store's data key. The first key a database sees
// is written down in it; a later start with another key is refused (a lost
// or wrong key file must not start sealing new data under a new key). Rows
// still in plain text, from before the data were sealed (migration 0027),
// are sealed here in one transaction with an audit record; their plain text
// is overwritten in the same statements.
func (db *DB) UseDataKey(ctx context.Context, k *datakey.Key) error {
	if k == nil {
		return ErrNoDataKey
	}
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO data_key (id, key_id, since) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING`, k.ID(), time.Now().UTC()); err != nil {
			return err
		}
		var id string
		if err := tx.batch(ctx, BatchQuery{SQL: `SELECT key_id FROM data_key WHERE id = 1`, Scan: one(func(rows Rows) error { return rows.Scan(&id) })}); err != nil {
			return err
		}
		if id != k.ID() {
			return fmt.Errorf("store: the data in this database are sealed under data key %s, and the key given is %s: "+
				"start with the key they were sealed under (PGB_DATA_KEY or -data-key-file)", id, k.ID())
		}
		holders, accounts, err := tx.reseal(ctx, nil, k)
		if err != nil || holders+accounts == 0 {
			return err
		}
		return tx.Audit(ctx, audit.Record{At: time.Now(), ActorRole: "systeem", Action: "data_key.seal_plaintext", ObjectType: "data_key", ObjectID: 1,
			After: audit.Snapshot(map[string]any{"key_id": k.ID(), "budget_holders": holders, "accounts": accounts})})
	})
	if err == nil {
		db.dataKey.Store(k)
	}
	return err
}

// RotateDataKey seals every sealed value again under next, rewrites the
// BSN hashes with next's hash key and records next as the database's key,
// in one transaction with the audit record rec gives (from the numbers of
// budget holders and accounts done). Values already under next (a rotation
// run again after a server kept writing under the old key) are opened with
// next. From then on the store seals with next; the old key opens nothing.
func (db *DB) RotateDataKey(ctx context.Context, next *datakey.Key, rec func(holders, accounts int) audit.Record) error {
	prev := db.dk()
	if next.ID() == prev.ID() {
		return fmt.Errorf("store: the new data key is the current one (%s)", prev.ID())
	}
	err := db.Update(ctx, func(tx *Tx) error {
		holders, accounts, err := tx.reseal(ctx, prev, next)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE data_key SET key_id = ?, since = ? WHERE id = 1`, next.ID(), time.Now().UTC()); err != nil {
			return err
		}
		return tx.Audit(ctx, rec(holders, accounts))
	})
	if err == nil {
		db.dataKey.Store(next)
	}
	return err
}

// reseal seals every BSN and TOTP secret under next and sets each BSN's
// hash under next. prev nil: only the rows in plain text (no hash yet, a
// secret without the sealed form); else every row, opened with prev or,
// when already under next, with next. It returns how many budget holders
// and accounts it wrote.
func (t *Tx) reseal(ctx context.Context, prev, next *datakey.Key) (holders, accounts int, err error) {
	type row struct {
		id  int64
		val string
	}
	read := func(q string) ([]row, error) {
		rows, err := t.query(ctx, q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.val); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, rows.Err()
	}
	open := func(aad, v string) (string, error) {
		switch {
		case !datakey.IsSealed(v):
			return v, nil // plain text, from before migration 0027
		case datakey.KeyID(v) == next.ID():
			return next.Open(aad, v)
		case prev != nil:
			return prev.Open(aad, v)
		}
		return "", fmt.Errorf("store: a value is sealed under data key %s, not %s", datakey.KeyID(v), next.ID())
	}
	hq, aq := `SELECT id, bsn FROM budget_holders WHERE bsn_hash IS NULL`, `SELECT id, totp_secret FROM accounts WHERE totp_secret <> '' AND totp_secret NOT LIKE 'v1:%'`
	if prev != nil {
		hq, aq = `SELECT id, bsn FROM budget_holders`, `SELECT id, totp_secret FROM accounts WHERE totp_secret <> ''`
	}
	hs, err := read(hq)
	if err != nil {
		return 0, 0, err
	}
	for _, r := range hs {
		bsn, err := open(aadBSN, r.val)
		if err != nil {
			return 0, 0, fmt.Errorf("store: budget holder %d: %w", r.id, err)
		}
		if _, err := t.exec(ctx, `UPDATE budget_holders SET bsn = ?, bsn_hash = ? WHERE id = ?`, next.Seal(aadBSN, bsn), next.Hash(bsn), r.id); err != nil {
			return 0, 0, err
		}
	}
	as, err := read(aq)
	if err != nil {
		return 0, 0, err
	}
	for _, r := range as {
		secret, err := open(aadTOTP, r.val)
		if err != nil {
			return 0, 0, fmt.Errorf("store: account %d: %w", r.id, err)
		}
		if _, err := t.exec(ctx, `UPDATE accounts SET totp_secret = ? WHERE id = ?`, next.Seal(aadTOTP, secret), r.id); err != nil {
			return 0, 0, err
		}
	}
	// The keys accounts are known by at identity providers: sealed
	// again, and hashed with next's hash key.
	if prev != nil {
		ids, err := read(`SELECT id, key_sealed FROM account_identities`)
		if err != nil {
			return 0, 0, err
		}
		for _, r := range ids {
			key, err := open(aadIdentity, r.val)
			if err != nil {
				return 0, 0, fmt.Errorf("store: identity %d: %w", r.id, err)
			}
			if _, err := t.exec(ctx, `UPDATE account_identities SET key_sealed = ?, key_hash = ? WHERE id = ?`, next.Seal(aadIdentity, key), next.Hash(key), r.id); err != nil {
				return 0, 0, err
			}
		}
	}
	// Mails not yet sent keep their body sealed (sealMail); a sent one
	// holds it masked, in plain text.
	ms, err := read(`SELECT id, body FROM outbox WHERE body LIKE 'v1:%'`)
	if err != nil {
		return 0, 0, err
	}
	for _, r := range ms {
		if prev == nil && datakey.KeyID(r.val) == next.ID() {
			continue
		}
		body, err := open(aadMail, r.val)
		if err != nil {
			return 0, 0, fmt.Errorf("store: mail %d: %w", r.id, err)
		}
		if _, err := t.exec(ctx, `UPDATE outbox SET body = ? WHERE id = ?`, next.Seal(aadMail, body), r.id); err != nil {
			return 0, 0, err
		}
	}
	return len(hs), len(as), nil
}
