package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/examples/apiclient"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// contractTransport checks every exchange of a client against the document,
// as fixture.do does for the tests' own requests.
type contractTransport struct{ t *testing.T }

func (c contractTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	checkContract(c.t, req, body, resp.StatusCode, resp.Header, b)
	return resp, nil
}

// TestExampleClientFlow runs the example client (examples/apiclient) against
// the real API: a provider sends a declaration; the budget holder's system,
// the example command pgb-approver built from its source, follows the feed
// and approves it; the provider's system, through the client package,
// follows its own feed and sees the declaration submitted and then
// accepted. Each request and answer of the package is checked against the
// document.
func TestExampleClientFlow(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	zzp := f.token("zzp@pgbportaal.demo", "")
	holder := f.token("budgethouder@pgbportaal.demo", "")
	hc := &http.Client{Transport: contractTransport{t}}
	provider := &apiclient.Client{BaseURL: f.srv.URL + "/api/v1", Token: zzp, HTTP: hc}
	owner := &apiclient.Client{BaseURL: f.srv.URL + "/api/v1", Token: holder, HTTP: hc}

	providerAt, err := provider.Follow(ctx, "", func(apiclient.Event) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	holderAt, err := owner.Follow(ctx, "", func(apiclient.Event) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	cursor := filepath.Join(t.TempDir(), "approver.cursor")
	if err := os.WriteFile(cursor, []byte(holderAt+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	agID := int(f.do("GET", "/api/v1/agreements", zzp, "").body["items"].([]any)[0].(map[string]any)["id"].(float64))
	r := f.do("POST", "/api/v1/declarations", zzp, `{"agreement_id":`+strconv.Itoa(agID)+`,"month":"2026-10","invoice_number":"RS-10","invoice_total_cents":10500,
		"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200}],"send":true,
		"files":[{"filename":"factuur.pdf","content_base64":"JVBERi0xLjQKJSVFT0YK"}]}`)
	if r.status != 201 || r.body["state"] != "bij_budgethouder" {
		t.Fatalf("create and send: %d %s", r.status, r.raw)
	}
	id := int64(r.num("id"))

	// The holder's system: the example command, built and run once.
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build the example with")
	}
	bin := filepath.Join(t.TempDir(), "pgb-approver")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-o", bin, "github.com/pgbportaal/pgbportaal/examples/apiclient/cmd/pgb-approver")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("the example does not build: %v\n%s", err, out)
	}
	run := exec.Command(bin, "-once", "-url", f.srv.URL+"/api/v1", "-cursor", cursor)
	run.Env = append(os.Environ(), "PGB_TOKEN="+holder)
	out, err := run.CombinedOutput()
	if want := "declaration " + strconv.FormatInt(id, 10) + " approved: geaccepteerd"; err != nil || !strings.Contains(string(out), want) {
		t.Fatalf("pgb-approver: %v\n%s\nwant %q", err, out, want)
	}
	if r := f.do("GET", "/api/v1/declarations/"+strconv.FormatInt(id, 10), zzp, ""); r.body["state"] != "geaccepteerd" {
		t.Errorf("after the approver: %s", r.raw)
	}
	// Run again from the cursor it kept: nothing left to approve.
	b, _ := os.ReadFile(cursor)
	again, _, err := owner.ApproveSubmitted(ctx, strings.TrimSpace(string(b)))
	if err != nil || len(again) != 0 {
		t.Errorf("from the kept cursor %q: approved %v again (%v)", b, again, err)
	}

	// The provider's system follows its own feed.
	var seen []string
	if _, err := provider.Follow(ctx, providerAt, func(e apiclient.Event) error {
		if e.ObjectType == "declaration" && e.ObjectID == id {
			seen = append(seen, e.Type+" "+e.State)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(seen, ", ") != "declaration.submitted bij_budgethouder, declaration.accepted geaccepteerd" {
		t.Errorf("the provider follows %v", seen)
	}
	// A problem comes back as one.
	if _, err := provider.Events(ctx, "not-a-cursor", 0); err == nil || err.(*apiclient.Problem).Code != "bad_cursor" {
		t.Errorf("bad cursor: %v", err)
	}
}
