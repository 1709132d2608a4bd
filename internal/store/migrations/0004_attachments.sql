-- Attachments: scans of paper documents (and later invoices), stored with
-- their SHA-256, served only to the parties.

CREATE TABLE attachments (
    id {{ID}},
    owner_type TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data {{BLOB}} NOT NULL,
    uploaded_by BIGINT NOT NULL,
    created_at {{TS}} NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner_type, owner_id);
