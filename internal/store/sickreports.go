package store

import (
	"context"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// SickReport is a ziekmelding: an employee on an employment agreement
// reported sick from a day; Recovered is the first day back at work (zero
// while still sick).
type SickReport struct {
	ID          int64       `json:"id"`
	AgreementID int64       `json:"agreement_id"`
	From        domain.Date `json:"sick_from"`
	Recovered   domain.Date `json:"recovered_on,omitempty"`
	Note        string      `json:"note,omitempty"`
	ReportedBy  int64       `json:"-"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// AddSickReport stores a new sick report.
func (t *Tx) AddSickReport(ctx context.Context, r SickReport) (int64, error) {
	return t.insert(ctx, `INSERT INTO sick_reports (agreement_id, sick_from, recovered_on, note, reported_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.AgreementID, r.From, r.Recovered, r.Note, r.ReportedBy, r.CreatedAt.UTC(), r.CreatedAt.UTC())
}

// SetRecovered records the first day back at work.
func (t *Tx) SetRecovered(ctx context.Context, id int64, on domain.Date, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE sick_reports SET recovered_on = ?, updated_at = ? WHERE id = ?`, on, at.UTC(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.NotFound("sick_report")
	}
	return nil
}

// SickReports lists an agreement's sick reports, newest first.
func (t *Tx) SickReports(ctx context.Context, agreementID int64) ([]SickReport, error) {
	rows, err := t.query(ctx, `SELECT id, agreement_id, sick_from, recovered_on, note, reported_by, created_at, updated_at
		FROM sick_reports WHERE agreement_id = ? ORDER BY sick_from DESC, id DESC`, agreementID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SickReport
	for rows.Next() {
		var r SickReport
		if err := rows.Scan(&r.ID, &r.AgreementID, &r.From, &r.Recovered, &r.Note, &r.ReportedBy, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
