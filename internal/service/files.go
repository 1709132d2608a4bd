package service

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/store"
)

// newAttachment is a file kept with an object: its bytes with the type
// they were sniffed as and their SHA-256, under the uploaded name (or
// fallback when there is none, or one over 200 characters).
func (s *Service) newAttachment(a Actor, ownerType string, ownerID int64, name, fallback, contentType string, data []byte) store.Attachment {
	sum := sha256.Sum256(data)
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 200 {
		name = fallback
	}
	return store.Attachment{OwnerType: ownerType, OwnerID: ownerID, Filename: name, ContentType: contentType, Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), Data: data, UploadedBy: a.AccountID, CreatedAt: s.now()}
}
