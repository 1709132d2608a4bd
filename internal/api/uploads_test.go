package api

import (
	"bytes"
	"mime/multipart"
	"net/textproto"
	"strconv"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// multipartBody is a multipart/form-data body: each part is name, content
// type ("" for none), filename and content.
func multipartBody(t *testing.T, parts ...[4]string) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		disp := `form-data; name="` + p[0] + `"`
		if p[2] != "" {
			disp += `; filename="` + p[2] + `"`
		}
		h.Set("Content-Disposition", disp)
		if p[1] != "" {
			h.Set("Content-Type", p[1])
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p[3]))
	}
	mw.Close()
	return b.String(), mw.FormDataContentType()
}

// TestScansUploadAsMultipart: a paper agreement's scan and a legal
// representative's proof are sent as a file part, without base64.
func TestScansUploadAsMultipart(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	svb := f.token("medewerker@svb.demo", "")
	gemeente := f.token("medewerker@utrecht.demo", "")
	holder := f.token("budgethouder@pgbportaal.demo", "")
	bh := strconv.Itoa(int(f.do("GET", "/api/v1/me", holder, "").num("role", "budget_holder_id")))
	grant := strconv.Itoa(int(f.do("GET", "/api/v1/budget-holders/"+bh+"/grants", holder, "").items()[0]["id"].(float64)))
	var prov string
	for _, p := range f.do("GET", "/api/v1/providers", svb, "").items() {
		if p["name"] == "T. de Vries" {
			prov = strconv.Itoa(int(p["id"].(float64)))
		}
	}
	data := `{"grant_id":` + grant + `,"provider_id":` + prov + `,"kind":"familielid_bekende","start":"2026-11-01",
		"lines":[{"care_type":"begeleiding","unit":"uur","rate_cents":2000,"max_units_hundredths":400,"per":"week"}]}`
	pdf := "%PDF-1.4\n%%EOF\n"
	count := func() int { return len(f.do("GET", "/api/v1/agreements", svb, "").items()) }
	before := count()

	send := func(tok, path string, parts ...[4]string) response {
		t.Helper()
		body, ct := multipartBody(t, parts...)
		return f.do("POST", path, tok, body, "Content-Type", ct)
	}
	// Refused: an unknown part, a part twice, a wrong type in data, no scan.
	mustField(t, send(svb, "/api/v1/paper-agreements", [4]string{"data", "application/json", "", data}, [4]string{"bijlage", "application/pdf", "x.pdf", pdf}), 400, "unknown_field", "bijlage")
	mustField(t, send(svb, "/api/v1/paper-agreements", [4]string{"data", "application/json", "", data}, [4]string{"data", "application/json", "", data}), 400, "malformed_multipart", "data")
	mustField(t, send(svb, "/api/v1/paper-agreements", [4]string{"data", "application/json", "", `{"grant_id":"x"}`}, [4]string{"scan", "application/pdf", "x.pdf", pdf}), 400, "wrong_type", "grant_id")
	mustField(t, send(svb, "/api/v1/paper-agreements", [4]string{"data", "application/json", "", data}), 422, "validation", "scan")
	mustField(t, send(svb, "/api/v1/paper-agreements", [4]string{"data", "application/json", "", data}, [4]string{"scan", "text/plain", "x.txt", "hallo"}), 422, "validation", "scan")
	mustProblem(t, f.do("POST", "/api/v1/paper-agreements", svb, "--x\r\n", "Content-Type", "multipart/form-data; boundary=x"), 400, "malformed_multipart")
	if n := count(); n != before {
		t.Fatalf("refused uploads registered agreements: %d, was %d", n, before)
	}

	r := send(svb, "/api/v1/paper-agreements", [4]string{"data", "application/json", "", data}, [4]string{"scan", "application/pdf", "overeenkomst.pdf", pdf})
	scans, _ := r.body["scans"].([]any)
	if r.status != 201 || len(scans) != 1 || scans[0].(map[string]any)["filename"] != "overeenkomst.pdf" || scans[0].(map[string]any)["size_bytes"] != float64(len(pdf)) {
		t.Fatalf("paper agreement by multipart: %d %s", r.status, r.raw)
	}

	// A curator's proof, as a file part.
	path := "/api/v1/budget-holders/" + bh + "/representatives"
	rep := `{"email":"zzp@pgbportaal.demo","kind":"curator","valid_from":"2026-01-01"}`
	mustField(t, send(gemeente, path, [4]string{"data", "application/json", "", rep}), 422, "validation", "proof")
	r = send(gemeente, path, [4]string{"data", "application/json", "", rep}, [4]string{"proof", "application/pdf", "beschikking.pdf", pdf})
	if r.status != 201 || r.body["kind"] != "curator" {
		t.Fatalf("representative by multipart: %d %s", r.status, r.raw)
	}
	// Staff of another verstrekker: as if the budget holder did not exist.
	zk := f.token("medewerker@zorgkantoor.demo", "")
	mustProblem(t, send(zk, path, [4]string{"data", "application/json", "", rep}, [4]string{"proof", "application/pdf", "b.pdf", pdf}), 404, "not_found")
}
