package web_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// postMultipart sends a form with a file in the field "scan", as a browser does.
func (c *client) postMultipart(path string, fields map[string]string, filename string, file []byte) (int, string, string) {
	return c.postFile(path, fields, "scan", filename, file)
}

// postFile sends a form with a file in the given field (none when filename
// is empty).
func (c *client) postFile(path string, fields map[string]string, field, filename string, file []byte) (int, string, string) {
	c.t.Helper()
	values := url.Values{}
	for k, v := range fields {
		values.Set(k, v)
	}
	var files []upFile
	if filename != "" {
		files = append(files, upFile{name: filename, data: file})
	}
	return c.postFiles(path, values, field, files...)
}

func TestSVBRegistersPaperAgreementWithScan(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	svb := p.client(t)
	svb.login(demoAccount(t, "svb"))
	_, form := svb.get("/overeenkomsten/papier")
	prov := regexp.MustCompile(`<option value="(\d+)">Dagbesteding De Linde`).FindStringSubmatch(form)
	if prov == nil {
		t.Fatalf("no providers to choose:\n%s", form)
	}
	fields := map[string]string{"bsn": "304181006", "birth_date": "1985-11-30", "law": "wmo", "provider_id": prov[1], "kind": "zorginstelling",
		"kvk": "45678901", "agb": "02345678", "start": "2026-11-01",
		"lines[0].care_type": "dagbesteding", "lines[0].unit": "dagdeel", "lines[0].rate": "58,00", "lines[0].max_units": "4", "lines[0].per": "week"}
	// A file that is no PDF, whatever its name: refused, the rest kept.
	code, _, body := svb.postMultipart("/overeenkomsten/papier", fields, "overeenkomst.pdf", []byte("MZ\x90\x00 not a pdf"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Alleen pdf, png of jpeg") || !strings.Contains(body, `value="58,00"`) {
		t.Fatalf("disguised file: %d", code)
	}
	code, _, body = svb.postMultipart("/overeenkomsten/papier", fields, "groot.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 11<<20)...))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "groter dan 10 MB") {
		t.Fatalf("oversize file: %d", code)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	code, loc, body := svb.postMultipart("/overeenkomsten/papier", fields, "overeenkomst.pdf", pdf)
	if code != http.StatusSeeOther {
		t.Fatalf("register: %d\n%s", code, body)
	}
	_, page := svb.get(loc)
	scan := regexp.MustCompile(`href="(/overeenkomsten/\d+/scan/\d+)"`).FindStringSubmatch(page)
	if scan == nil || !strings.Contains(page, "Ondertekend") || !strings.Contains(page, "papier") && !strings.Contains(page, "Papier") {
		t.Fatalf("registered agreement page:\n%s", page)
	}
	// The scan is served to the parties only, with the sniffed type.
	resp, err := svb.http.Get(p.srv.URL + scan[1])
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "application/pdf" || !bytes.Equal(got, pdf) {
		t.Errorf("scan: %s, %d bytes", resp.Header.Get("Content-Type"), len(got))
	}
	outsider := p.client(t)
	outsider.login(demoAccount(t, "budgethouder")) // J. de Vries, not El Amrani
	if code, _ := outsider.get(scan[1]); code != http.StatusNotFound {
		t.Errorf("outsider reads the scan: %d", code)
	}
	// From here the same rules: the SVB sends it to the gemeente.
	rv := regexp.MustCompile(`name="row_version" value="(\d+)"`).FindStringSubmatch(page)
	if code, _, body := svb.post(loc+"/actie", map[string][]string{"action": {"submit"}, "row_version": {rv[1]}}); code != http.StatusSeeOther {
		t.Errorf("submit: %d\n%s", code, body)
	}
}
