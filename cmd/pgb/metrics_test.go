package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/metrics"
)

// TestServeMetricsListener runs `pgb serve -metrics-addr` as an operator
// would: /metrics answers on its own listener only (with the token), counts
// the site's requests per route, and every log line names the instance and
// each request's line its id.
func TestServeMetricsListener(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole portal")
	}
	dir := t.TempDir()
	env := map[string]string{"PGB_DATABASE": filepath.Join(dir, "pgb.db"), "PGB_FILES": dir, "PGB_INSTANCE": "web-a", "PGB_METRICS_TOKEN": "scrape-me"}
	if out, err := pgb(t, env, "", "demo"); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	tok, err := pgb(t, env, "", "token", "create", "-email", "budgethouder@pgbportaal.demo", "-name", "metrics")
	if err != nil {
		t.Fatalf("token: %v %s", err, tok)
	}
	base, murl, logs := serveWithMetrics(t, env)
	if !strings.Contains(logs.String(), `msg="metrics listening" instance=web-a `) {
		t.Errorf("the metrics listener's line does not name the instance:\n%s", logs.String())
	}
	get := func(u, auth string) (*http.Response, string) { return call(t, "GET", u, auth, "") }
	resp, _ := get(base+"/api/v1/me", "Bearer "+strings.TrimSpace(tok))
	if resp.StatusCode != 200 {
		t.Fatalf("me: %d", resp.StatusCode)
	}
	id := resp.Header.Get("X-Request-ID")
	if id == "" || !regexp.MustCompile(`msg=http instance=web-a route="GET /api/v1/me" status=200 ms=\d+ request_id=`+id).MatchString(logs.String()) {
		t.Errorf("the request's line lacks the instance or id %q:\n%s", id, logs.String())
	}
	if resp, _ := get(base+"/metrics", "Bearer scrape-me"); resp.StatusCode != 404 {
		t.Errorf("/metrics on the site: %d", resp.StatusCode)
	}
	if resp, _ := get(murl, ""); resp.StatusCode != 401 {
		t.Errorf("/metrics without the token: %d", resp.StatusCode)
	}
	resp, body := get(murl, "Bearer scrape-me")
	fams, err := metrics.Parse(strings.NewReader(body))
	if resp.StatusCode != 200 || err != nil {
		t.Fatalf("scrape: %d %v", resp.StatusCode, err)
	}
	if n, _ := metrics.Value(fams, metrics.HTTPDuration, "route", "GET /api/v1/me"); n != 1 {
		t.Errorf("GET /api/v1/me in the histogram %g times", n)
	}
	if n, ok := metrics.Value(fams, "go_sql_max_open_connections", "db_name", "read"); !ok || n < 1 {
		t.Errorf("no read pool gauge: %g %v", n, ok)
	}
	if _, ok := metrics.Value(fams, metrics.MailQueued); !ok {
		t.Errorf("no mail queue gauge")
	}
}

// serveWithMetrics runs `pgb serve -demo` with a metrics listener on env's
// database until the test ends: the site's and the metrics' addresses, and
// the server's log.
func serveWithMetrics(t *testing.T, env map[string]string) (base, murl string, logs *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	logs = &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-demo", "-addr", "127.0.0.1:0", "-metrics-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, nil, stdoutW, logs)
		stdoutW.Close()
	}()
	line, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("serve did not start: %v\n%s", err, logs.String())
	}
	go io.Copy(io.Discard, stdoutR)
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	base = strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, "pgbportaal: ")), "/")
	m := regexp.MustCompile(`msg="metrics listening" instance=\S+ url=(http://\S+/metrics)`).FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no metrics listener in the log:\n%s", logs.String())
	}
	return base, m[1], logs
}

// call sends a request with an optional Authorization and JSON body, and
// reads the whole answer.
func call(t *testing.T, method, u, auth, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// TestPayRunPaidInMetrics executes a payment run through the API of a
// running `pgb serve` and scrapes its metrics listener:
// pgb_declarations_total{outcome="paid"} moves by the number of
// declarations the run paid (after the commit); executing the run again
// moves nothing.
func TestPayRunPaidInMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole portal")
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "pgb.db")
	env := map[string]string{"PGB_DATABASE": dbPath, "PGB_FILES": dir, "PGB_METRICS_TOKEN": "scrape-me",
		"PGB_DEBTOR_NAME": "SVB pgb test", "PGB_DEBTOR_IBAN": "NL97INGB0000002445"}
	if out, err := pgb(t, env, "", "demo"); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	tok, err := pgb(t, env, "", "token", "create", "-email", "medewerker@svb.demo", "-name", "metrics")
	if err != nil {
		t.Fatalf("token: %v %s", err, tok)
	}
	svb := "Bearer " + strings.TrimSpace(tok)
	base, murl, _ := serveWithMetrics(t, env)
	paid := func() float64 {
		t.Helper()
		resp, body := call(t, "GET", murl, "Bearer scrape-me", "")
		fams, err := metrics.Parse(strings.NewReader(body))
		if resp.StatusCode != 200 || err != nil {
			t.Fatalf("scrape: %d %v", resp.StatusCode, err)
		}
		n, _ := metrics.Value(fams, metrics.Declarations, "outcome", "paid")
		return n
	}
	before := paid()

	today := time.Now().Format("2006-01-02")
	resp, body := call(t, "POST", base+"/api/v1/payruns", svb, `{"cutoff":"`+today+`"}`)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("start the run: %d %s", resp.StatusCode, body)
	}
	var job struct {
		State  string `json:"state"`
		Result struct {
			PayRunID int64 `json:"payrun_id"`
		} `json:"result"`
	}
	loc := resp.Header.Get("Location")
	for deadline := time.Now().Add(60 * time.Second); job.State != "done"; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) || job.State == "failed" {
			t.Fatalf("the run's job: %+v", job)
		}
		resp, body := call(t, "GET", base+loc, svb, "")
		if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &job) != nil {
			t.Fatalf("poll: %d %s", resp.StatusCode, body)
		}
	}
	run := strconv.FormatInt(job.Result.PayRunID, 10)
	if got := paid(); got != before {
		t.Errorf("paid moved from %g to %g before the run was executed", before, got)
	}
	if resp, body := call(t, "POST", base+"/api/v1/payruns/"+run+"/execute", svb, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("execute: %d %s", resp.StatusCode, body)
	}

	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var inRun int64
	if err := db.QueryRow(`SELECT COUNT(*) FROM declarations WHERE payment_run_id = ? AND state = ?`, job.Result.PayRunID, string(domain.DeclPaid)).Scan(&inRun); err != nil {
		t.Fatal(err)
	}
	if inRun == 0 {
		t.Fatal("the demo's run paid no declaration")
	}
	if got := paid(); got-before != float64(inRun) {
		t.Errorf("pgb_declarations_total{outcome=\"paid\"} moved by %g, the run paid %d declarations", got-before, inRun)
	}
	if resp, body := call(t, "POST", base+"/api/v1/payruns/"+run+"/execute", svb, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("execute again: %d %s", resp.StatusCode, body)
	}
	if got := paid(); got-before != float64(inRun) {
		t.Errorf("executing the run again moved paid to %g (from %g, %d paid)", got, before, inRun)
	}
}
