package store

import (
	"context"
	"time"
)

// Attachment is a stored file.
type Attachment struct {
	ID          int64     `json:"id"`
	OwnerType   string    `json:"owner_type"`
	OwnerID     int64     `json:"owner_id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size_bytes"`
	SHA256      string    `json:"sha256"`
	Data        []byte    `json:"-"`
	UploadedBy  int64     `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
}

// AddAttachment stores a file.
func (t *Tx) AddAttachment(ctx context.Context, a Attachment) (int64, error) {
	delete(t.attachments, owner{a.OwnerType, a.OwnerID})
	return t.insert(ctx, `INSERT INTO attachments (owner_type, owner_id, filename, content_type, size_bytes, sha256, data, uploaded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.OwnerType, a.OwnerID, a.Filename, a.ContentType, a.Size, a.SHA256, a.Data, a.UploadedBy, a.CreatedAt.UTC())
}

// owner names what attachments belong to.
type owner struct {
	kind string
	id   int64
}

// Attachments lists an owner's files, without their bytes. A transaction
// keeps what it listed (the checks and the view of a declaration ask twice).
func (t *Tx) Attachments(ctx context.Context, ownerType string, ownerID int64) ([]Attachment, error) {
	if as, ok := t.attachments[owner{ownerType, ownerID}]; ok {
		return as, nil
	}
	as, err := t.loadAttachments(ctx, ownerType, ownerID)
	if err != nil {
		return nil, err
	}
	remember(&t.attachments, owner{ownerType, ownerID}, as)
	return as, nil
}

func (t *Tx) loadAttachments(ctx context.Context, ownerType string, ownerID int64) ([]Attachment, error) {
	out := []Attachment{}
	err := t.batch(ctx, attachmentsQuery(ownerType, ownerID, &out))
	return out, err
}

func attachmentsQuery(ownerType string, ownerID int64, out *[]Attachment) BatchQuery {
	return BatchQuery{SQL: `SELECT id, owner_type, owner_id, filename, content_type, size_bytes, sha256, created_at FROM attachments WHERE owner_type = ? AND owner_id = ? ORDER BY id`,
		Args: []any{ownerType, ownerID}, Scan: func(rows Rows) error {
			for rows.Next() {
				var a Attachment
				if err := rows.Scan(&a.ID, &a.OwnerType, &a.OwnerID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &a.CreatedAt); err != nil {
					return err
				}
				*out = append(*out, a)
			}
			return nil
		}}
}

// Attachment loads one file with its bytes.
func (t *Tx) Attachment(ctx context.Context, id int64) (Attachment, error) {
	var a Attachment
	err := t.queryRow(ctx, `SELECT id, owner_type, owner_id, filename, content_type, size_bytes, sha256, data, created_at FROM attachments WHERE id = ?`, id).
		Scan(&a.ID, &a.OwnerType, &a.OwnerID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &a.Data, &a.CreatedAt)
	return a, notFound(err, "attachment")
}
