package api

// A declaration's files (invoices, time sheets, a paper declaration's
// scan): listed in the declaration's JSON and at .../attachments, and
// downloaded by their parties only, through the same service call as the
// page's download (DeclarationAttachment).

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerAttachments() {
	a.handle("GET /api/v1/declarations/{id}/attachments", a.listAttachments)
	a.handle("GET /api/v1/declarations/{id}/attachments/{aid}", a.downloadAttachment)
}

// attachmentJSON is a stored file as the API shows it (a declaration's
// invoice, a paper agreement's scan, a representation's proof): never its
// bytes, which are at href. One schema, Attachment, for all of them.
type attachmentJSON struct {
	ID          int64  `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size_bytes"`
	SHA256      string `json:"sha256"`
	CreatedAt   string `json:"created_at"`
	Href        string `json:"href"`
}

func attachmentAt(att store.Attachment, href string) attachmentJSON {
	return attachmentJSON{ID: att.ID, Filename: att.Filename, ContentType: att.ContentType, Size: att.Size, SHA256: att.SHA256,
		CreatedAt: att.CreatedAt.UTC().Format(time.RFC3339), Href: href}
}

func toAttachment(declarationID int64, att store.Attachment) attachmentJSON {
	return attachmentAt(att, "/api/v1/declarations/"+strconv.FormatInt(declarationID, 10)+"/attachments/"+strconv.FormatInt(att.ID, 10))
}

func toAttachments(v service.DeclarationView) []attachmentJSON {
	out := []attachmentJSON{}
	for _, att := range v.Attachments {
		out = append(out, toAttachment(v.ID, att))
	}
	return out
}

func (a *API) listAttachments(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.svc.Declaration(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return replyPage(w, r, p, toAttachments(v), nil)
}

// downloadAttachment sends the file as stored, with the type sniffed from
// its bytes when it was uploaded (PDF, PNG or JPEG only), never shown in
// the browser (attachment), under a name the portal makes: the uploader's
// file name is not put in a header.
func (a *API) downloadAttachment(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := httpkit.PathID(r, "aid")
	if err != nil {
		return err
	}
	att, err := a.svc.DeclarationAttachment(r.Context(), actor, id, aid)
	if err != nil {
		return err
	}
	return sendFile(w, att, "bijlage")
}
