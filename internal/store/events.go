package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Event is one entry of the change feed: a state change of an object, in
// the order the changes were committed (ID), with the parties that may see
// it (0: none of that kind).
type Event struct {
	ID             int64
	At             time.Time
	Type           string // domain.FeedEvent's name, e.g. "declaration.accepted"
	ObjectType     string
	ObjectID       int64
	State          string // the object's state after the change ("" when it has none)
	BudgetHolderID int64
	ProviderID     int64
	VerstrekkerID  int64
	SVB            bool
}

// EventFilter is who reads the feed: the events of a budget holder, of a
// provider, of a verstrekker, or those the SVB follows. Exactly one is set.
type EventFilter struct {
	BudgetHolderID, ProviderID, VerstrekkerID int64
	SVB                                       bool
}

// writeEvents appends the change feed's events of the audit records that
// are events (domain.FeedEvent), in the transaction of the change: Audit
// calls it, so no change that is audited can miss its event. The parties
// come from the object's row as it now is.
//
// The feed's order is the events' ids, and a reader must never pass an id
// that commits later. PostgreSQL hands out identity values at insert, not
// at commit: two writers could commit 11 before 10, and a reader that
// served 11 would skip 10. So a transaction takes, before its first
// event, the feed's advisory lock in shared mode (Dialect.EventLock),
// held until its commit; writers do not wait for each other. A reader
// takes it in exclusive mode (EventReadLock, in Events): it waits until
// every writer that holds an id has committed or rolled back, and writers
// that come later wait for the reader and take their ids after. What the
// reader then sees is every event up to the largest id handed out, and
// the next ids are larger. Within one object the order is the order of
// its changes: a change waits for the row lock of the one before, which
// is held until that one's commit, after its event. SQLite has one
// writer: ids are in commit order already.
func (t *Tx) writeEvents(ctx context.Context, recs []audit.Record) error {
	for _, r := range recs {
		typ, ok := domain.FeedEvent(r.Action)
		if !ok {
			continue
		}
		if !t.eventLocked && t.db.d.EventLock != "" {
			if err := t.later(ctx, t.db.d.EventLock); err != nil {
				return err
			}
			t.eventLocked = true
		}
		at := r.At.UTC()
		head := `INSERT INTO events (at, type, object_type, object_id, state, budget_holder_id, provider_id, verstrekker_id, svb) SELECT ` +
			t.param("TIMESTAMPTZ") + `, ` + t.param("TEXT") + `, `
		var q string
		args := []any{at, typ}
		switch {
		case r.ObjectType == "declaration":
			q = head + `'declaration', d.id, d.state, d.budget_holder_id, d.provider_id, g.verstrekker_id, TRUE
				FROM declarations d JOIN grants g ON g.id = d.grant_id WHERE d.id = ?`
			args = append(args, r.ObjectID)
		case r.ObjectType == "agreement":
			q = head + `'agreement', a.id, CASE WHEN a.ended THEN 'beeindigd' ELSE COALESCE((SELECT v.state FROM agreement_versions v
				WHERE v.agreement_id = a.id ORDER BY v.number DESC LIMIT 1), '') END, a.budget_holder_id, a.provider_id, a.verstrekker_id, TRUE
				FROM agreements a WHERE a.id = ?`
			args = append(args, r.ObjectID)
		case r.ObjectType == "settlement":
			q = head + `'settlement', s.id, s.state, s.budget_holder_id, NULL, s.verstrekker_id, FALSE FROM settlements s WHERE s.id = ?`
			args = append(args, r.ObjectID)
		case r.Action == "settlement.make": // about the organisation: each settlement it made now
			q = head + `'settlement', s.id, s.state, s.budget_holder_id, NULL, s.verstrekker_id, FALSE FROM settlements s
				WHERE s.verstrekker_id = ? AND s.state = ? AND NOT EXISTS (SELECT 1 FROM events e WHERE e.object_type = 'settlement' AND e.object_id = s.id)
				ORDER BY s.id`
			args = append(args, r.ObjectID, string(domain.SettlementOpen))
		case r.ObjectType == "grant":
			q = head + `'grant', g.id, '', g.budget_holder_id, NULL, g.verstrekker_id, TRUE FROM grants g WHERE g.id = ?`
			args = append(args, r.ObjectID)
		case r.ObjectType == "job": // for the organisation of the staff member who started it
			var role string
			if err := t.queryRow(ctx, `SELECT started_role FROM jobs WHERE id = ?`, r.ObjectID).Scan(&role); err != nil {
				return err
			}
			var who domain.AccountRole
			if err := json.Unmarshal([]byte(role), &who); err != nil {
				return fmt.Errorf("store: job %d: started_role: %w", r.ObjectID, err)
			}
			var verstrekker any
			if who.Role == domain.RoleVerstrekker && who.OrganisationID != 0 {
				verstrekker = who.OrganisationID
			}
			q = head + `'job', j.id, j.state, NULL, NULL, ` + t.param("BIGINT") + `, ` + t.param("BOOLEAN") + ` FROM jobs j WHERE j.id = ?`
			args = append(args, verstrekker, who.Role == domain.RoleSVB, r.ObjectID)
		case r.ObjectType == "payrun":
			q = head + `'payrun', p.id, p.state, NULL, NULL, NULL, TRUE FROM payment_runs p WHERE p.id = ?`
			args = append(args, r.ObjectID)
		default:
			continue
		}
		if err := t.later(ctx, q, args...); err != nil {
			return err
		}
		if r.Action == "payrun.executed" { // and each declaration it paid, in id order
			if err := t.later(ctx, head+`'declaration', d.id, d.state, d.budget_holder_id, d.provider_id, g.verstrekker_id, TRUE
				FROM declarations d JOIN grants g ON g.id = d.grant_id JOIN payment_transfers pt ON pt.id = d.payment_transfer_id
				WHERE pt.run_id = ? AND pt.state = ? AND d.state = ? ORDER BY d.id`,
				at, domain.EventDeclarationPaid, r.ObjectID, string(domain.TransferExecuted), string(domain.DeclPaid)); err != nil {
				return err
			}
		}
	}
	return nil
}

const eventCols = `id, at, type, object_type, object_id, state, COALESCE(budget_holder_id, 0), COALESCE(provider_id, 0), COALESCE(verstrekker_id, 0), svb`

// Events returns up to limit events after the id after that f may see, in
// id order. On PostgreSQL it holds the feed's lock exclusively until its
// transaction ends (see writeEvents): keep that transaction short.
func (t *Tx) Events(ctx context.Context, f EventFilter, after int64, limit int) ([]Event, error) {
	where, arg := `svb = ?`, any(true)
	switch {
	case f.BudgetHolderID != 0:
		where, arg = `budget_holder_id = ?`, f.BudgetHolderID
	case f.ProviderID != 0:
		where, arg = `provider_id = ?`, f.ProviderID
	case f.VerstrekkerID != 0:
		where, arg = `verstrekker_id = ?`, f.VerstrekkerID
	case !f.SVB:
		return nil, nil
	}
	if t.db.d.EventReadLock != "" {
		if _, err := t.exec(ctx, t.db.d.EventReadLock); err != nil {
			return nil, err
		}
	}
	rows, err := t.query(ctx, `SELECT `+eventCols+` FROM events WHERE `+where+` AND id > ? ORDER BY id LIMIT ?`, arg, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.At, &e.Type, &e.ObjectType, &e.ObjectID, &e.State, &e.BudgetHolderID, &e.ProviderID, &e.VerstrekkerID, &e.SVB); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
