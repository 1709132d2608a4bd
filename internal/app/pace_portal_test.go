//go:build linux

package app

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// The portal itself, as pgb serve runs it, on a slow link: a provider
// uploads a 1.5 MB invoice at about 512 KB/s and it is taken whole (201, its
// SHA-256); an upload that stalls half-way is answered 408, not 413 (the
// file is under the 10 MB limit); and the SVB downloads the payment file
// read slowly over several windows, intact with the SHA-256 the run
// recorded.
func TestPortalOnASlowLink(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, domain.Amsterdam)
	svc := service.New(storetest.OpenSQLite(t), service.Options{Now: func() time.Time { return now }, FileDir: filepath.Join(t.TempDir(), "files"),
		Payer: service.Payer{Name: "SVB pgb test", IBAN: "NL97INGB0000002445", BIC: "INGBNL2A"}})
	if err := demo.Load(ctx, svc); err != nil {
		t.Fatal(err)
	}
	// The demo's waiting declarations are paid first, so the run below is
	// the one of the declaration made here.
	if _, _, err := svc.RunPayments(ctx, service.System, "2026-10-31", "2026-11-23", true); err != nil {
		t.Fatal(err)
	}
	site, _, err := Handlers(svc, slog.New(slog.DiscardHandler), config.Defaults, false, "test")
	if err != nil {
		t.Fatal(err)
	}
	addr, log := startServer(t, site, testLimits)
	token := func(email string) string {
		acc, roles, err := svc.AccountByEmail(ctx, service.System, email)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := svc.CreateAPIToken(ctx, service.System, acc.ID, roles[0].ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	zzp, holder, svb := token("zzp@pgbportaal.demo"), token("budgethouder@pgbportaal.demo"), token("medewerker@svb.demo")
	call := func(method, path, tok, body string) map[string]any {
		t.Helper()
		req, _ := http.NewRequest(method, "http://"+addr+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode >= 300 || json.Unmarshal(b, &out) != nil {
			t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
		}
		return out
	}
	list := call("GET", "/api/v1/agreements", zzp, "")
	agID := strconv.Itoa(int(list["items"].([]any)[0].(map[string]any)["id"].(float64)))
	decl := call("POST", "/api/v1/declarations", zzp, `{"agreement_id":`+agID+`,"month":"2026-10","invoice_total_cents":10500,
		"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200}]}`)
	path := "/api/v1/declarations/" + strconv.Itoa(int(decl["id"].(float64)))

	invoice := append(append([]byte("%PDF-1.4\n"), randomBytes(t, 3<<19)...), "\n%%EOF\n"...)
	head := func(n int) string {
		return fmt.Sprintf("POST %s/attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nX-Filename: factuur.pdf\r\nAccept-Language: nl\r\nContent-Length: %d\r\n\r\n", path, zzp, n)
	}

	t.Run("an upload that stalls is answered 408, not 413", func(t *testing.T) {
		c := dial(t, addr)
		fmt.Fprint(c, head(len(invoice)))
		c.Write(invoice[:64<<10])
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(body), "te traag") {
			t.Fatalf("a stalled upload of a file under the limit: %d %s", res.StatusCode, body)
		}
		if !log.waitFor("upload cut off", time.Second) || strings.Contains(log.String(), zzp) {
			t.Fatalf("log:\n%s", log)
		}
	})

	t.Run("a slow upload is taken whole", func(t *testing.T) {
		c := dial(t, addr)
		start := time.Now()
		fmt.Fprint(c, head(len(invoice)))
		th := throttle{rate: 512 << 10}
		for p := invoice; len(p) > 0; {
			k := min(len(p), 4096)
			if _, err := c.Write(p[:k]); err != nil {
				t.Fatalf("upload broke off after %d bytes: %v", len(invoice)-len(p), err)
			}
			th.wait(k)
			p = p[k:]
		}
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		var att map[string]any
		b, _ := io.ReadAll(res.Body)
		json.Unmarshal(b, &att)
		sum := sha256.Sum256(invoice)
		if res.StatusCode != http.StatusCreated || att["sha256"] != hex.EncodeToString(sum[:]) {
			t.Fatalf("slow upload: %d %s", res.StatusCode, b)
		}
		t.Logf("%d bytes uploaded in %v", len(invoice), time.Since(start).Round(time.Millisecond))
	})

	call("POST", path+"/send", zzp, "")
	call("POST", path+"/approve", holder, "")
	// The run is a job: poll it until it is done.
	job := call("POST", "/api/v1/payruns", svb, `{"cutoff":"2026-10-31"}`)["job"].(map[string]any)
	jobPath := job["_links"].(map[string]any)["self"].(string)
	for deadline := time.Now().Add(time.Minute); job["state"] != "done"; time.Sleep(100 * time.Millisecond) {
		if job = call("GET", jobPath, svb, ""); job["state"] == "failed" || time.Now().After(deadline) {
			t.Fatalf("the payment run job: %v", job)
		}
	}
	runPath := job["_links"].(map[string]any)["payrun"].(string)
	if run := call("GET", runPath, svb, ""); run["state"] == nil {
		t.Fatalf("the payment run: %v", run)
	}
	run := call("POST", runPath+"/file", svb, "")
	if r, ok := run["run"].(map[string]any); ok {
		run = r
	}

	t.Run("the payment file read slowly comes in whole", func(t *testing.T) {
		c := dial(t, addr)
		start := time.Now()
		fmt.Fprintf(c, "GET %s/file HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n", runPath, svb)
		res, err := http.ReadResponse(bufio.NewReader(&slowReader{r: c, th: throttle{rate: 1 << 10}}), nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("download: %d, %d bytes, %v", res.StatusCode, len(got), err)
		}
		sum := sha256.Sum256(got)
		if hex.EncodeToString(sum[:]) != run["file_sha256"] {
			t.Fatalf("the file differs from the recorded one: %d bytes, run %v", len(got), run)
		}
		if took := time.Since(start); took < 2*testLimits.Window {
			t.Fatalf("download took %v: too fast to outlast the window", took)
		}
	})
}
