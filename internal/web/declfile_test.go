package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// upFile is a file as a browser sends it from a file input; an empty name
// is the input left empty (a part with filename="").
type upFile struct {
	name string
	data []byte
}

// postFiles sends a multipart form as a browser does: the values in order,
// then the files of one input.
func (c *client) postFiles(path string, fields url.Values, field string, files ...upFile) (int, string, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, field, f.name))
		h.Set("Content-Type", "application/octet-stream")
		pw, _ := mw.CreatePart(h)
		pw.Write(f.data)
	}
	mw.Close()
	return c.postBody(path, mw.FormDataContentType(), &buf)
}

// TestMonthFormSubmitsWithInvoice: a zzp'er attaches the invoice on the
// month form and submits at once; the declaration is at the budget holder
// with its invoice and passes the checks on approval. A file that is not
// PDF, PNG or JPEG (or too large, or too many) refuses it all: nothing is
// stored, the error shows at the file input and in the summary, and the
// rest of what was typed comes back.
func TestMonthFormSubmitsWithInvoice(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c, agID := zzpClient(t, p)
	zzp := mustActor(t, p, zzpAccount(t))
	ctx := context.Background()
	count := func() int { return declarationCount(t, p, zzp) }
	auditHead := func() int {
		t.Helper()
		var n int
		if err := p.db.View(ctx, func(tx *store.Tx) error {
			recs, err := tx.AuditRecords(ctx, 0, 100000)
			n = len(recs)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	view := func(loc string) service.DeclarationView { return declarationAt(t, p, zzp, loc) }

	// The form takes the file, multipart, and no longer sends the invoice to a concept.
	_, page := c.get("/declaraties/nieuw?overeenkomst=" + agID + "&maand=2026-10")
	for _, want := range []string{`enctype="multipart/form-data"`, `<label class="label" for="f-file">Factuur of urenbriefje (PDF, PNG of JPEG, max. 10 MB)</label>`,
		`type="file" id="f-file" name="file" multiple accept="application/pdf,image/png,image/jpeg"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the month form lacks %s", want)
		}
	}
	if strings.Contains(page, "eerst op als concept") {
		t.Error("the month form still sends formal providers to a concept for the invoice")
	}

	fields := url.Values{"agreement_id": {agID}, "month": {"2026-10"}, "kind": {"zorg"}, "invoice_number": {"RS-2026-10"}, "invoice_total": {"105,00"},
		"u/2026-10-05/begeleiding/uur": {"2"}, "action": {"submit"}}
	pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	before, head := count(), auditHead()

	// Refused files: 422, the error at the file input and in the summary,
	// everything typed kept, nothing stored.
	for _, tc := range []struct {
		name  string
		files []upFile
		want  string
	}{
		{"a GIF as invoice", []upFile{{"factuur.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")}}, "Alleen pdf, png of jpeg"},
		{"a GIF beside a PDF", []upFile{{"factuur.pdf", pdf}, {"uren.gif", []byte("GIF89a\x01\x00")}}, "Alleen pdf, png of jpeg"},
		{"an empty file", []upFile{{"leeg.pdf", nil}}, "Voeg een bestand toe"},
		{"a file over 10 MB", []upFile{{"groot.pdf", append(append([]byte{}, pdf...), make([]byte, 10<<20)...)}}, "Het bestand is groter dan 10 MB"},
		{"a body over the limit", []upFile{{"enorm.pdf", append(append([]byte{}, pdf...), make([]byte, 34<<20)...)}}, "Het bestand is groter dan 10 MB"},
		{"four files", []upFile{{"a.pdf", pdf}, {"b.pdf", pdf}, {"c.pdf", pdf}, {"d.pdf", pdf}}, "Kies hoogstens 3 bestanden"},
	} {
		code, _, body := c.postFiles("/declaraties/nieuw", fields, "file", tc.files...)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d, want 422", tc.name, code)
		}
		for _, want := range []string{
			`<p class="field-error" id="f-file-error"><span class="field-error__prefix">Fout:</span> ` + tc.want, // at the input
			`<a href="#f-file">` + tc.want, // in the summary
			"Kies het bestand opnieuw",
			`aria-describedby="f-file-hint f-file-error" aria-invalid="true"`,
			`id="u-2026-10-05-begeleiding-uur" name="u/2026-10-05/begeleiding/uur" inputmode="decimal" value="2"`,
			`value="RS-2026-10"`, `value="105,00"`, `id="submit-declaration"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the form shown again lacks %s", tc.name, want)
			}
		}
		if n, h := count(), auditHead(); n != before || h != head {
			t.Fatalf("%s stored something: %d declarations (was %d), audit at %d (was %d)", tc.name, n, before, h, head)
		}
	}

	// A wrong cell with a good file: the error at the cell, and a word that
	// the chosen file has to be chosen again.
	bad := url.Values{}
	for k, v := range fields {
		bad[k] = v
	}
	bad.Set("u/2026-10-12/begeleiding/uur", "1,1")
	code, _, body := c.postFiles("/declaraties/nieuw", bad, "file", upFile{"factuur.pdf", pdf})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="u-2026-10-12-begeleiding-uur-error"`) ||
		!strings.Contains(body, `id="f-file-again"`) || strings.Contains(body, `id="f-file-error"`) {
		t.Errorf("a wrong cell with a file: %d\n%s", code, body)
	}
	if n := count(); n != before {
		t.Fatalf("a refused submit with a file stored a declaration")
	}

	// The PDF invoice: submitted at once, at the budget holder with it.
	code, loc, body := c.postFiles("/declaraties/nieuw", fields, "file", upFile{"RS-2026-10.pdf", pdf})
	if code != http.StatusSeeOther {
		t.Fatalf("submit with the invoice: %d\n%s", code, body)
	}
	d := view(loc)
	sum := sha256.Sum256(pdf)
	if d.State != domain.DeclAtHolder || len(d.Attachments) != 1 {
		t.Fatalf("after submit with the invoice: %q with %d attachments", d.State, len(d.Attachments))
	}
	if a := d.Attachments[0]; a.Filename != "RS-2026-10.pdf" || a.ContentType != "application/pdf" || a.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("the stored invoice: %+v", a)
	}
	_, page = c.get(loc)
	if !strings.Contains(page, `download>RS-2026-10.pdf</a>`) || !strings.Contains(page, `id="decl-state">Wacht op budgethouder<`) {
		t.Errorf("the submitted declaration's page:\n%s", page)
	}

	// The budget holder approves: accepted, the invoice is there.
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	if code, _, body := holder.post(loc+"/actie", url.Values{"action": {"approve"}}); code != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", code, body)
	}
	d = view(loc)
	for _, f := range d.Findings {
		if f.Code == "invoice_missing" {
			t.Errorf("approved with its invoice, yet found %q", f.Code)
		}
	}
	if d.State != domain.DeclAccepted {
		t.Errorf("after approval the declaration is %q (findings %+v), want %q", d.State, d.Findings, domain.DeclAccepted)
	}

	// Without a file (the input left empty, as a browser sends it) the form
	// still saves a concept, with no attachment.
	concept := url.Values{"agreement_id": {agID}, "month": {"2026-09"}, "kind": {"zorg"}, "u/2026-09-07/begeleiding/uur": {"2"}, "action": {"concept"}}
	code, loc, body = c.postFiles("/declaraties/nieuw", concept, "file", upFile{"", nil})
	if code != http.StatusSeeOther {
		t.Fatalf("a concept without a file: %d\n%s", code, body)
	}
	if d := view(loc); d.State != domain.DeclConcept || len(d.Attachments) != 0 || len(d.D.Lines) != 1 {
		t.Errorf("the concept without a file: %q, %d attachments, %d lines", d.State, len(d.Attachments), len(d.D.Lines))
	}
}
