package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// syncBuffer is the server's log, written by its goroutines while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDemoLogHoldsNoPersonalData runs the demo as `pgb serve -demo -log
// json`, logs in as every demo account, opens every page it can reach and
// every GET route of the API with each account's token, asks for password
// resets and fails logins; then the log holds no BSN of the demo data, no
// e-mail address of an account, no e-mail body and no token (session, API
// or one-time link), and every line is JSON.
func TestDemoLogHoldsNoPersonalData(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole portal")
	}
	dir := t.TempDir()
	env := map[string]string{"PGB_DATABASE": filepath.Join(dir, "pgb.db"), "PGB_SMTP_HOST": "127.0.0.1", "PGB_SMTP_PORT": "1"}
	out, err := pgb(t, env, "", "demo")
	if err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	// Loading the demo logs too (its story has a mail that bounces); only
	// its list of logins, on stdout, names addresses.
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "time=") && strings.Contains(l, "@") {
			t.Errorf("the demo's log holds an address: %s", l)
		}
	}
	var secrets []string // what must not reach the log
	var tokens = map[string]string{}
	for _, a := range demo.Accounts() {
		out, err = pgb(t, env, "", "token", "create", "-email", a.Email, "-name", "logtest")
		if err != nil {
			t.Fatalf("token for %s: %v %s", a.Email, err, out)
		}
		tokens[a.Email] = strings.TrimSpace(out)
		secrets = append(secrets, tokens[a.Email], a.Email, a.Password)
	}

	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-demo", "-log", "json", "-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, nil, stdoutW, logs)
		stdoutW.Close()
	}()
	line, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		t.Fatalf("serve did not start: %v\n%s", err, logs.String())
	}
	go io.Copy(io.Discard, stdoutR)
	base := strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, "pgbportaal: ")), "/")
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	hrefs := regexp.MustCompile(`href="(/[^"#]*)"`)
	noFollow := regexp.MustCompile(`^/(uitloggen|static/)|\.(pdf|csv|xml)$|/bestand$`)
	for _, a := range demo.Accounts() {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
		post := func(path string, form url.Values) string {
			req, _ := http.NewRequest("POST", base+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return string(b)
		}
		post("/inloggen", url.Values{"email": {a.Email}, "password": {"niet het wachtwoord"}})
		post("/wachtwoord-vergeten", url.Values{"email": {a.Email}})
		post("/inloggen", url.Values{"email": {a.Email}, "password": {a.Password}})
		if a.TOTPSecret != "" {
			post("/inloggen/code", url.Values{"code": {auth.TOTPCode(a.TOTPSecret, time.Now())}})
		}
		u, _ := url.Parse(base)
		for _, ck := range jar.Cookies(u) {
			secrets = append(secrets, ck.Value)
		}
		seen := map[string]bool{}
		queue := []string{"/"}
		for len(queue) > 0 && len(seen) < 120 {
			p := queue[0]
			queue = queue[1:]
			if seen[p] || noFollow.MatchString(p) {
				continue
			}
			seen[p] = true
			resp, err := c.Get(base + p)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			for _, m := range hrefs.FindAllStringSubmatch(string(b), -1) {
				queue = append(queue, strings.ReplaceAll(m[1], "&amp;", "&"))
			}
			// The demo shows the outbox with its live links: those are tokens too.
			for _, m := range regexp.MustCompile(`/(?:wachtwoord-herstellen|uitnodiging|uitnodiging-budgethouder)/([A-Za-z0-9_-]{20,})`).FindAllStringSubmatch(string(b), -1) {
				secrets = append(secrets, m[1])
			}
		}
		if len(seen) < 5 {
			t.Errorf("%s reached only %d pages", a.Email, len(seen))
		}
	}

	// Every GET route of the API, with every account's token.
	resp, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if len(doc.Paths) < 10 {
		t.Fatalf("the OpenAPI document lists %d paths", len(doc.Paths))
	}
	param := regexp.MustCompile(`\{[^}]+\}`)
	for _, tok := range tokens {
		for p, ops := range doc.Paths {
			if _, ok := ops["get"]; !ok {
				continue
			}
			req, _ := http.NewRequest("GET", base+"/api/v1"+strings.TrimPrefix(param.ReplaceAllString(p, "1"), "/api/v1"), nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	}

	// The demo's BSNs, read from its database.
	c, _, err := config.Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	_, db, err := openService(context.Background(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(context.Background(), func(tx *store.Tx) error {
		for id := int64(1); id < 100; id++ {
			if b, err := tx.BudgetHolder(context.Background(), id); err == nil {
				secrets = append(secrets, b.BSN.Full())
			}
		}
		return nil
	})
	db.Close()

	time.Sleep(100 * time.Millisecond) // the last lines of the mail worker
	log := logs.String()
	if strings.Count(log, "\n") < 20 {
		t.Fatalf("the log is too short to mean anything:\n%s", log)
	}
	for _, l := range strings.Split(strings.TrimSpace(log), "\n") {
		if !json.Valid([]byte(l)) {
			t.Errorf("a log line is not JSON: %s", l)
		}
	}
	found := 0
	for _, s := range secrets {
		if len(s) >= 6 && strings.Contains(log, s) {
			t.Errorf("the log holds %q", s)
			found++
		}
	}
	for _, body := range []string{"Beste ", "Dear ", "wachtwoord-herstellen/", "Kies het met deze link"} {
		if strings.Contains(log, body) {
			t.Errorf("the log holds a mail's text: %q", body)
		}
	}
	for _, want := range []string{`"msg":"mail not delivered"`, `"msg":"auth failed"`} {
		if !strings.Contains(log, want) { // the lines most likely to carry an address or a body
			t.Errorf("the log has no %s line", want)
		}
	}
	t.Logf("%d log lines checked against %d secrets", strings.Count(log, "\n"), len(secrets))
}
