package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Invitation invites a provider who has no account yet to an agreement.
type Invitation struct {
	ID             int64
	TokenHash      string
	Email          string
	BudgetHolderID int64
	GrantID        int64
	Terms          domain.AgreementTerms
	CreatedBy      int64
	CreatedAt      time.Time
	ExpiresAt      time.Time
	AcceptedAt     time.Time
	AgreementID    int64
}

// CreateInvitation stores an invitation.
func (t *Tx) CreateInvitation(ctx context.Context, in Invitation) (int64, error) {
	terms, err := json.Marshal(in.Terms)
	if err != nil {
		return 0, err
	}
	return t.insert(ctx, `INSERT INTO invitations (token_hash, email, budget_holder_id, grant_id, terms_json, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		in.TokenHash, in.Email, in.BudgetHolderID, in.GrantID, string(terms), in.CreatedBy, in.CreatedAt.UTC(), in.ExpiresAt.UTC())
}

// InvitationByToken loads an invitation by its token's hash; lock takes its
// row lock so that two acceptances queue.
func (t *Tx) InvitationByToken(ctx context.Context, hash string, lock bool) (Invitation, error) {
	q := `SELECT id, token_hash, email, budget_holder_id, grant_id, terms_json, created_by, created_at, expires_at, accepted_at, agreement_id FROM invitations WHERE token_hash = ?`
	if lock {
		q += " " + t.db.d.ForUpdate
	}
	var in Invitation
	var terms string
	var accepted sql.NullTime
	err := t.queryRow(ctx, q, hash).Scan(&in.ID, &in.TokenHash, &in.Email, &in.BudgetHolderID, &in.GrantID, &terms, &in.CreatedBy, &in.CreatedAt, &in.ExpiresAt, &accepted, &in.AgreementID)
	if err != nil {
		return in, notFound(err, "invitation")
	}
	in.AcceptedAt = accepted.Time
	return in, json.Unmarshal([]byte(terms), &in.Terms)
}

// AcceptInvitation marks an invitation used, for the agreement it became.
func (t *Tx) AcceptInvitation(ctx context.Context, id, agreementID int64, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE invitations SET accepted_at = ?, agreement_id = ? WHERE id = ? AND accepted_at IS NULL`, at.UTC(), agreementID, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("invitation_used")
	}
	return nil
}

// Mail is an e-mail in the outbox.
type Mail struct {
	ID        int64     `json:"id"`
	To        string    `json:"to"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	SentAt    time.Time `json:"sent_at"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
	FailedAt  time.Time `json:"failed_at"`
}

// QueueMail puts an e-mail in the outbox.
func (t *Tx) QueueMail(ctx context.Context, m Mail) error {
	return t.QueueMails(ctx, []Mail{m})
}

// QueueMails writes e-mails to the outbox, in one statement.
func (t *Tx) QueueMails(ctx context.Context, ms []Mail) error {
	if len(ms) == 0 {
		return nil
	}
	q := `INSERT INTO outbox (to_email, subject, body, created_at) VALUES ` + valueRows(len(ms), 4)
	args := make([]any, 0, 4*len(ms))
	for _, m := range ms {
		args = append(args, m.To, m.Subject, t.db.sealMail(m.Body), m.CreatedAt.UTC())
	}
	_, err := t.exec(ctx, q, args...)
	return err
}

// Outbox lists the newest e-mails.
func (t *Tx) Outbox(ctx context.Context, limit int) ([]Mail, error) {
	rows, err := t.query(ctx, `SELECT id, to_email, subject, body, created_at, sent_at, attempts, last_error, failed_at FROM outbox ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Mail
	for rows.Next() {
		var m Mail
		var sent, failed sql.NullTime
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.CreatedAt, &sent, &m.Attempts, &m.LastError, &failed); err != nil {
			return nil, err
		}
		m.SentAt, m.FailedAt = sent.Time, failed.Time
		if m.Body, err = t.db.openMail(m.Body); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
