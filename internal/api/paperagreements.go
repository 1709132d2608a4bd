// Paper agreements: SVB or verstrekker staff register an agreement that
// came by post, with its scan; the agreement's parties download the scan.
// As on the pages /overeenkomsten/papier and /overeenkomsten/{id}/scan/{sid}.

package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerPaperAgreements() {
	a.handle("POST /api/v1/paper-agreements", a.registerPaperAgreement)
	a.handle("GET /api/v1/agreements/{id}/scans/{scanId}", a.agreementScan)
}

// scansJSON are a paper agreement's scans as the agreement shows them.
func scansJSON(agreementID int64, list []store.Attachment) []attachmentJSON {
	out := []attachmentJSON{}
	for _, at := range list {
		out = append(out, attachmentAt(at, "/api/v1/agreements/"+strconv.FormatInt(agreementID, 10)+"/scans/"+strconv.FormatInt(at.ID, 10)))
	}
	return out
}

// maxUploadBody is the largest JSON body that carries one file in base64
// besides at most 1 MiB of other fields.
const maxUploadBody = 1<<20 + (domain.MaxUploadBytes+2)/3*4

func (a *API) registerPaperAgreement(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in struct {
		agreementInputJSON
		Scan *fileJSON `json:"scan"`
	}
	if err := decodeWithFile(w, r, &in, "scan", &in.Scan); err != nil {
		return unembed(err)
	}
	var name string
	var data []byte
	if in.Scan != nil {
		name, data = in.Scan.Filename, in.Scan.Content
	}
	v, err := a.svc.RegisterPaperAgreement(r.Context(), actor, in.service(), name, data)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/agreements/"+strconv.FormatInt(v.ID, 10))
	return reply(w, http.StatusCreated, toAgreement(v))
}

// agreementScan sends a scan to the agreement's parties, with the type it
// was sniffed as, never cached.
func (a *API) agreementScan(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	sid, err := httpkit.PathID(r, "scanId")
	if err != nil {
		return err
	}
	att, err := a.svc.AgreementScan(r.Context(), actor, id, sid)
	if err != nil {
		return err
	}
	return sendFile(w, att, "scan")
}

// sendFile sends a stored file as a download named prefix-<id>.<ext>, with
// the type it was sniffed as, never sniffed again by the browser (nosniff):
// a declaration's invoice, a paper agreement's scan, a representation's proof.
func sendFile(w http.ResponseWriter, att store.Attachment, prefix string) error {
	h := w.Header()
	h.Set("Content-Type", att.ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+prefix+"-"+strconv.FormatInt(att.ID, 10)+fileExtension(att.ContentType)+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(att.Data)))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(att.Data)
	return err
}

func fileExtension(contentType string) string {
	switch contentType {
	case "application/pdf":
		return ".pdf"
	case "image/png":
		return ".png"
	}
	return ".jpg"
}

// unembed names a field of the embedded agreementInputJSON as the body
// has it ("grant_id", not "agreementInputJSON.grant_id").
func unembed(err error) error {
	if re, ok := err.(*requestError); ok {
		c := *re
		c.field = strings.TrimPrefix(c.field, "agreementInputJSON.")
		return &c
	}
	return err
}
