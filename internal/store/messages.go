package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Message is one message in an agreement's thread.
type Message struct {
	ID          int64 `json:"id"`
	AgreementID int64 `json:"agreement_id"`
	// DeclarationID names the declaration the message is about (0: the agreement).
	DeclarationID int64        `json:"declaration_id,omitempty"`
	AuthorID      int64        `json:"author_account_id"`
	AuthorName    string       `json:"author_name"`
	Party         domain.Party `json:"author_party"`
	Body          string       `json:"body"`
	CreatedAt     time.Time    `json:"created_at"`
}

// AddMessage appends a message to an agreement's thread.
func (t *Tx) AddMessage(ctx context.Context, m Message) (int64, error) {
	return t.insert(ctx, `INSERT INTO messages (agreement_id, declaration_id, author_account_id, author_party, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		m.AgreementID, m.DeclarationID, m.AuthorID, string(m.Party), m.Body, m.CreatedAt.UTC())
}

// Messages lists an agreement's thread, oldest first, with author names.
func (t *Tx) Messages(ctx context.Context, agreementID int64) ([]Message, error) {
	return t.messages(ctx, `m.agreement_id = ?`, agreementID)
}

// DeclarationMessages lists the thread about one declaration.
func (t *Tx) DeclarationMessages(ctx context.Context, declarationID int64) ([]Message, error) {
	return t.messages(ctx, `m.declaration_id = ?`, declarationID)
}

func (t *Tx) messages(ctx context.Context, where string, id int64) ([]Message, error) {
	rows, err := t.query(ctx, `SELECT m.id, m.agreement_id, m.declaration_id, m.author_account_id, a.name, m.author_party, m.body, m.created_at
		FROM messages m JOIN accounts a ON a.id = m.author_account_id WHERE `+where+` ORDER BY m.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var party string
		if err := rows.Scan(&m.ID, &m.AgreementID, &m.DeclarationID, &m.AuthorID, &m.AuthorName, &party, &m.Body, &m.CreatedAt); err != nil {
			return nil, err
		}
		m.Party = domain.Party(party)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Target is who a notice is for.
type Target struct {
	Kind string // "budget_holder", "provider", "organisation"
	ID   int64
}

// Notice is an item in a party's inbox. Its text is a message key with
// arguments, so each reader sees it in their own language.
type Notice struct {
	ID          int64     `json:"id"`
	Target      Target    `json:"-"`
	AgreementID int64     `json:"agreement_id,omitempty"`
	Object      Ref       `json:"-"` // what it is about, when not (only) the agreement
	TextKey     string    `json:"text_key"`
	Args        []string  `json:"args"`
	CreatedAt   time.Time `json:"created_at"`
	Read        bool      `json:"read"`
}

// AddNotices puts notices in their inboxes, in one statement.
func (t *Tx) AddNotices(ctx context.Context, ns []Notice) error {
	if len(ns) == 0 {
		return nil
	}
	args := make([]any, 0, 8*len(ns))
	for _, n := range ns {
		a, _ := json.Marshal(n.Args)
		args = append(args, n.Target.Kind, n.Target.ID, n.AgreementID, n.TextKey, string(a), n.CreatedAt.UTC(), n.Object.Type, n.Object.ID)
	}
	return t.later(ctx, `INSERT INTO notices (target_kind, target_id, agreement_id, text_key, args_json, created_at, object_type, object_id) VALUES `+valueRows(len(ns), 8), args...)
}

// Inbox lists a target's notices, newest first, with whether accountID read them.
func (t *Tx) Inbox(ctx context.Context, target Target, accountID int64, limit int) ([]Notice, error) {
	rows, err := t.query(ctx, `SELECT n.id, n.agreement_id, n.object_type, n.object_id, n.text_key, n.args_json, n.created_at, r.account_id
		FROM notices n LEFT JOIN notice_reads r ON r.notice_id = n.id AND r.account_id = ?
		WHERE n.target_kind = ? AND n.target_id = ? ORDER BY n.id DESC LIMIT ?`, accountID, target.Kind, target.ID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var args string
		var reader *int64
		if err := rows.Scan(&n.ID, &n.AgreementID, &n.Object.Type, &n.Object.ID, &n.TextKey, &args, &n.CreatedAt, &reader); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(args), &n.Args)
		n.Target, n.Read = target, reader != nil
		out = append(out, n)
	}
	return out, rows.Err()
}

// unreadSQL counts a target's notices an account has not read.
const unreadSQL = `SELECT COUNT(*) FROM notices n WHERE n.target_kind = ? AND n.target_id = ?
		AND NOT EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.account_id = ?)`

// Unread counts a target's notices accountID has not read.
func (t *Tx) Unread(ctx context.Context, target Target, accountID int64) (int, error) {
	var n int
	err := t.queryRow(ctx, unreadSQL, target.Kind, target.ID, accountID).Scan(&n)
	return n, err
}

// Notice loads one notice of a target (not found for another target's).
func (t *Tx) Notice(ctx context.Context, target Target, id int64) (Notice, error) {
	var n Notice
	var args string
	err := t.queryRow(ctx, `SELECT id, agreement_id, object_type, object_id, text_key, args_json, created_at FROM notices
		WHERE id = ? AND target_kind = ? AND target_id = ?`, id, target.Kind, target.ID).Scan(&n.ID, &n.AgreementID, &n.Object.Type, &n.Object.ID, &n.TextKey, &args, &n.CreatedAt)
	if err != nil {
		return n, notFound(err, "notice")
	}
	_ = json.Unmarshal([]byte(args), &n.Args)
	n.Target = target
	return n, nil
}

// MarkNoticeRead marks one notice read for an account (once).
func (t *Tx) MarkNoticeRead(ctx context.Context, noticeID, accountID int64, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO notice_reads (notice_id, account_id, read_at) SELECT `+t.param("BIGINT")+`, `+t.param("BIGINT")+`, `+t.param("TIMESTAMPTZ")+`
		WHERE NOT EXISTS (SELECT 1 FROM notice_reads WHERE notice_id = ? AND account_id = ?)`, noticeID, accountID, at.UTC(), noticeID, accountID)
	return err
}

// NoticeSettlementsOpened puts a notice in the inbox of each budget holder
// whose settlement the verstrekker made at 'at' (one statement).
func (t *Tx) NoticeSettlementsOpened(ctx context.Context, verstrekkerID int64, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO notices (target_kind, target_id, agreement_id, text_key, args_json, created_at, object_type, object_id)
		SELECT 'budget_holder', s.budget_holder_id, 0, 'notice.settlement_waiting', '[]', `+t.param("TIMESTAMPTZ")+`, 'settlement', s.id
		FROM settlements s WHERE s.verstrekker_id = ? AND s.created_at = ? AND s.state = ?`, at.UTC(), verstrekkerID, at.UTC(), string(domain.SettlementOpen))
	return err
}

// MarkRead marks a target's notices about an agreement (all when 0) read
// for an account.
func (t *Tx) MarkRead(ctx context.Context, target Target, accountID, agreementID int64, at time.Time) error {
	rows, err := t.query(ctx, `SELECT n.id FROM notices n WHERE n.target_kind = ? AND n.target_id = ? AND (n.agreement_id = ? OR ? = 0)
		AND NOT EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.account_id = ?)`,
		target.Kind, target.ID, agreementID, agreementID, accountID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := t.exec(ctx, `INSERT INTO notice_reads (notice_id, account_id, read_at) VALUES (?, ?, ?)`, id, accountID, at.UTC()); err != nil {
			return err
		}
	}
	return nil
}

// NoticeMail is a notice's e-mail in each language: an account whose
// language is English gets EN, everyone else NL.
type NoticeMail struct {
	Kind      string // the kind the account must want by e-mail: agreements, declarations, messages, payments
	NL, EN    Mail   // To is left empty: it is each account's own address
	CreatedAt time.Time
}

// QueueNoticeMails puts the notice's e-mail in the outbox for every account
// behind the targets that wants its kind by e-mail: a budget holder and
// their representatives active on today, a provider's accounts, or an
// organisation's staff. It is one INSERT ... SELECT.
func (t *Tx) QueueNoticeMails(ctx context.Context, targets []Target, today domain.Date, m NoticeMail) error {
	var parts []string
	var args []any
	for _, target := range targets {
		sel := `SELECT DISTINCT a.id, a.email, a.lang FROM account_roles r JOIN accounts a ON a.id = r.account_id`
		// The pattern is built in SQL, not bound whole: SQLite plans a bare
		// "LIKE ?" with its value and compiles the statement again on
		// every run (a tenth of the declaration flow's CPU time).
		wants := ` AND a.disabled = ? AND (',' || a.mail_notices || ',') LIKE '%,' || CAST(? AS TEXT) || ',%'`
		kind := m.Kind
		switch target.Kind {
		case "budget_holder":
			parts = append(parts, sel+` LEFT JOIN representations p ON p.id = r.representation_id
				WHERE r.budget_holder_id = ? AND (r.role = ? OR (r.role = ? AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to >= ?)))`+wants)
			args = append(args, target.ID, string(domain.RoleBudgetHolder), string(domain.RoleRepresentative), today, today, false, kind)
		case "provider":
			parts = append(parts, sel+` WHERE r.provider_id = ? AND r.role = ?`+wants)
			args = append(args, target.ID, string(domain.RoleProvider), false, kind)
		case "organisation":
			parts = append(parts, sel+` WHERE r.organisation_id = ? AND r.role = ?`+wants)
			args = append(args, target.ID, string(domain.RoleVerstrekker), false, kind)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	q := `INSERT INTO outbox (to_email, subject, body, created_at)
		SELECT x.email, CASE WHEN x.lang = 'en' THEN ? ELSE ? END, CASE WHEN x.lang = 'en' THEN ? ELSE ? END, ?
		FROM (` + strings.Join(parts, " UNION ALL ") + `) x`
	return t.later(ctx, q, append([]any{m.EN.Subject, m.NL.Subject, m.EN.Body, m.NL.Body, m.CreatedAt.UTC()}, args...)...)
}

// QueueAccountMail puts a notice's e-mail in the outbox for one account
// (a job's starter), if it wants its kind by e-mail and is not disabled.
func (t *Tx) QueueAccountMail(ctx context.Context, accountID int64, m NoticeMail) error {
	if accountID == 0 {
		return nil
	}
	_, err := t.exec(ctx, `INSERT INTO outbox (to_email, subject, body, created_at)
		SELECT a.email, CASE WHEN a.lang = 'en' THEN ? ELSE ? END, CASE WHEN a.lang = 'en' THEN ? ELSE ? END, ?
		FROM accounts a WHERE a.id = ? AND a.disabled = ? AND (',' || a.mail_notices || ',') LIKE '%,' || CAST(? AS TEXT) || ',%'`,
		m.EN.Subject, m.NL.Subject, m.EN.Body, m.NL.Body, m.CreatedAt.UTC(), accountID, false, m.Kind)
	return err
}

// SetMailNotices stores which kinds of notices an account gets by e-mail.
func (t *Tx) SetMailNotices(ctx context.Context, accountID int64, kinds string) error {
	_, err := t.exec(ctx, `UPDATE accounts SET mail_notices = ? WHERE id = ?`, kinds, accountID)
	return err
}

// MailNotices reads them.
func (t *Tx) MailNotices(ctx context.Context, accountID int64) (string, error) {
	var s string
	err := t.queryRow(ctx, `SELECT mail_notices FROM accounts WHERE id = ?`, accountID).Scan(&s)
	return s, notFound(err, "account")
}
