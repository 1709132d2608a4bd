package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-demo", "-addr", "127.0.0.1:0", "-metrics-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, nil, stdoutW, logs)
		stdoutW.Close()
	}()
	line, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		t.Fatalf("serve did not start: %v\n%s", err, logs.String())
	}
	go io.Copy(io.Discard, stdoutR)
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	base := strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, "pgbportaal: ")), "/")
	m := regexp.MustCompile(`msg="metrics listening" instance=web-a url=(http://\S+/metrics)`).FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no metrics listener in the log:\n%s", logs.String())
	}
	murl := m[1]
	get := func(u, auth string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", u, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
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
