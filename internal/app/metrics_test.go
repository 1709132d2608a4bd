package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/metrics"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// scrape reads the metrics listener as Prometheus does and parses it.
func scrape(t *testing.T, base string, token string) map[string]*dto.MetricFamily {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("scrape: %d", resp.StatusCode)
	}
	fams, err := metrics.Parse(resp.Body)
	if err != nil {
		t.Fatalf("the exposition does not parse: %v", err)
	}
	return fams
}

// TestMetricsNotOnTheSite: /metrics is not answered on the site's own
// handler; the metrics handler (served by pgb serve on -metrics-addr)
// counts the site's requests.
func TestMetricsNotOnTheSite(t *testing.T) {
	svc := service.New(storetest.OpenSQLite(t), service.Options{Now: time.Now, FileDir: filepath.Join(t.TempDir(), "files")})
	site, metricsHandler, err := Handlers(svc, slog.New(slog.NewTextHandler(io.Discard, nil)), config.Defaults, false, "test")
	if err != nil {
		t.Fatal(err)
	}
	get := func(h http.Handler, path string) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Code, rec.Body.String()
	}
	get(site, "/inloggen")
	if code, body := get(site, "/metrics"); code != http.StatusNotFound || strings.Contains(body, "pgb_http_requests_total") {
		t.Errorf("/metrics on the site: %d", code)
	}
	msrv := httptest.NewServer(metricsHandler)
	defer msrv.Close()
	fams := scrape(t, msrv.URL, "")
	if n, ok := metrics.Value(fams, metrics.HTTPRequests, "route", "GET /inloggen", "code", "200"); !ok || n != 1 {
		t.Errorf("the login page's request: %v %v", n, ok)
	}
}

// TestMetricsTokenIsAsked: with PGB_METRICS_TOKEN the metrics listener
// answers only a scraper that sends it.
func TestMetricsTokenIsAsked(t *testing.T) {
	svc := service.New(storetest.OpenSQLite(t), service.Options{Now: time.Now, FileDir: filepath.Join(t.TempDir(), "files")})
	c := config.Defaults
	c.MetricsToken = "s3cret-scrape"
	_, h, err := Handlers(svc, slog.New(slog.DiscardHandler), c, false, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, auth := range []string{"", "Bearer wrong", "s3cret-scrape"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized || strings.Contains(rec.Body.String(), "pgb_") {
			t.Errorf("%q: %d", auth, rec.Code)
		}
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.Header.Set("Authorization", "Bearer s3cret-scrape")
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "pgb_uptime_seconds") {
		t.Errorf("with the token: %d", rec.Code)
	}
}

// TestMetricsOperatorsUse runs the portal over the demo on both databases,
// makes requests to the site and the API, and scrapes the metrics
// listener: the latency histogram of each API operation by its pattern,
// the pool's statistics, the mail queue, and the business counters moving
// as a declaration is accepted and another rejected, a login fails and a
// payment run is made.
func TestMetricsOperatorsUse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, domain.Amsterdam)
		svc := service.New(db, service.Options{Now: func() time.Time { return now }, FileDir: t.TempDir(),
			Payer: service.Payer{Name: "SVB pgb test", IBAN: "NL97INGB0000002445", BIC: "INGBNL2A"}})
		t.Cleanup(svc.WaitJobs) // before the database and the file folder go
		if err := demo.Load(ctx, svc); err != nil {
			t.Fatal(err)
		}
		c := config.Defaults
		c.SecureCookies = false
		site, metricsHandler, err := Handlers(svc, slog.New(slog.DiscardHandler), c, false, "test")
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(site)
		defer srv.Close()
		msrv := httptest.NewServer(metricsHandler) // the listener of -metrics-addr
		defer msrv.Close()

		token := func(email string) string {
			acc, roles, err := svc.AccountByEmail(ctx, service.System, email)
			if err != nil {
				t.Fatal(err)
			}
			tok, err := svc.CreateAPIToken(ctx, service.System, acc.ID, roles[0].ID, "metrics")
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		zzp, holder, svb := token("zzp@pgbportaal.demo"), token("budgethouder@pgbportaal.demo"), token("medewerker@svb.demo")
		do := func(method, path, tok, body string) (int, string, http.Header) {
			t.Helper()
			req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
			if tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			if strings.HasPrefix(body, "{") {
				req.Header.Set("Content-Type", "application/json")
			} else if body != "" && !strings.HasPrefix(body, "%PDF") {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Sec-Fetch-Site", "same-origin")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b), resp.Header
		}
		value := func(fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
			v, _ := metrics.Value(fams, name, labels...)
			return v
		}
		before := scrape(t, msrv.URL, "")

		if code, _, h := do("GET", "/api/v1/me", holder, ""); code != 200 || !saneID(h.Get("X-Request-ID")) {
			t.Fatalf("me: %d, request id %q", code, h.Get("X-Request-ID"))
		}
		_, raw, _ := do("GET", "/api/v1/agreements", zzp, "")
		agID := between(raw, `"id":`, ",")
		declare := func(month string) string {
			code, raw, _ := do("POST", "/api/v1/declarations", zzp, `{"agreement_id":`+agID+`,"month":"`+month+`","invoice_total_cents":10500,
				"lines":[{"date":"`+month+`-05","care_type":"begeleiding","unit":"uur","units_hundredths":200}]}`)
			if code != 201 {
				t.Fatalf("declare: %d %s", code, raw)
			}
			path := "/api/v1/declarations/" + between(raw, `"id":`, ",")
			do("POST", path+"/attachments", zzp, "%PDF-1.4\n%%EOF\n")
			if code, raw, _ := do("POST", path+"/send", zzp, ""); code != 200 {
				t.Fatalf("send: %d %s", code, raw)
			}
			return path
		}
		accepted, rejected := declare("2026-10"), declare("2026-09")
		if code, raw, _ := do("POST", accepted+"/approve", holder, ""); code != 200 || !strings.Contains(raw, `"geaccepteerd"`) {
			t.Fatalf("approve: %d %s", code, raw)
		}
		if code, raw, _ := do("POST", rejected+"/reject", holder, `{"reason":"Deze dag was er geen zorg."}`); code != 200 {
			t.Fatalf("reject: %d %s", code, raw)
		}
		if code, _, _ := do("POST", "/inloggen", "", url.Values{"email": {"budgethouder@pgbportaal.demo"}, "password": {"niet het wachtwoord"}}.Encode()); code != http.StatusUnauthorized {
			t.Fatalf("failed login answered %d", code)
		}
		// The payment run is a job: accepted at once, run in the background.
		if code, raw, _ := do("POST", "/api/v1/payruns", svb, `{"cutoff":"2026-10-31"}`); code != http.StatusAccepted {
			t.Fatalf("payment run: %d %s", code, raw)
		}
		svc.WaitJobs()
		prepared := scrape(t, msrv.URL, "")
		// Executed, the run's declarations are paid: counted once committed,
		// by the number the run paid (a free amount is no declaration).
		code, raw, _ := do("GET", "/api/v1/payruns", svb, "")
		runID := between(raw, `"id":`, ",")
		if code != 200 || runID == "" {
			t.Fatalf("payment runs: %d %s", code, raw)
		}
		if code, raw, _ := do("POST", "/api/v1/payruns/"+runID+"/execute", svb, ""); code != 200 {
			t.Fatalf("execute: %d %s", code, raw)
		}
		var paidInRun float64
		if err := db.Pools()["write"].QueryRow(`SELECT COUNT(*) FROM declarations WHERE state = '` + string(domain.DeclPaid) + `' AND payment_run_id = ` + runID).Scan(&paidInRun); err != nil {
			t.Fatal(err)
		}
		if paidInRun < 1 {
			t.Fatalf("the run paid %g declarations; the one accepted above at least", paidInRun)
		}
		if d := value(prepared, metrics.Declarations, "outcome", "paid") - value(before, metrics.Declarations, "outcome", "paid"); d != 0 {
			t.Errorf("paid moved by %g before the run was executed", d)
		}
		do("POST", "/api/v1/payruns/"+runID+"/execute", svb, "") // again: done before, nothing paid twice

		after := scrape(t, msrv.URL, "")
		for _, route := range []string{"GET /api/v1/me", "POST /api/v1/declarations/{id}/{action}", "POST /api/v1/payruns", "POST /inloggen"} {
			h := family(after, metrics.HTTPDuration, "route", route)
			if h == nil || h.Histogram == nil || h.Histogram.GetSampleCount() == 0 || len(h.Histogram.Bucket) < 5 {
				t.Errorf("no latency histogram of %s", route)
			}
		}
		if n := value(after, metrics.HTTPDuration, "route", "POST /api/v1/declarations/{id}/{action}"); n != 4 { // two sends, an approval, a rejection
			t.Errorf("%g declaration actions in the histogram, want 4", n)
		}
		if n := value(after, metrics.HTTPRequests, "route", "GET /api/v1/me", "code", "200"); n != 1 {
			t.Errorf("GET /api/v1/me counted %g times", n)
		}
		wantMax := 1.0 // SQLite's one writer
		if db.Dialect().Name == "postgres" {
			wantMax = 20
		}
		if n := value(after, "go_sql_max_open_connections", "db_name", "write"); n != wantMax {
			t.Errorf("pool gauge go_sql_max_open_connections{db_name=write} = %g, want %g", n, wantMax)
		}
		for _, name := range []string{"go_sql_open_connections", "go_sql_in_use_connections", "go_sql_idle_connections", "go_sql_wait_count_total", "go_sql_wait_duration_seconds_total"} {
			if _, ok := metrics.Value(after, name, "db_name", "write"); !ok {
				t.Errorf("no pool metric %s", name)
			}
		}
		moved := func(name string, want float64, labels ...string) {
			t.Helper()
			if d := value(after, name, labels...) - value(before, name, labels...); d != want {
				t.Errorf("%s%v moved by %g, want %g", name, labels, d, want)
			}
		}
		moved(metrics.Declarations, 1, "outcome", "accepted")
		moved(metrics.Declarations, 1, "outcome", "rejected")
		moved(metrics.Declarations, 2, "outcome", "submitted")
		moved(metrics.Declarations, 2, "outcome", "draft")
		moved(metrics.Declarations, 0, "outcome", "refused")
		moved(metrics.LoginFailures, 1, "method", "password")
		moved(metrics.AuthFailures, 1, "check", "login")
		moved(metrics.PayRuns, 1, "step", "prepare", "outcome", "ok")
		moved(metrics.PayRuns, 2, "step", "execute", "outcome", "ok")
		moved(metrics.Declarations, paidInRun, "outcome", "paid")
		if n := value(after, metrics.PayRunDuration, "step", "prepare"); n != 1 {
			t.Errorf("payment run durations: %g", n)
		}
		// The demo leaves mail in the outbox (no SMTP server here): it waits,
		// and its age is how long the oldest has waited.
		queued, age := value(after, metrics.MailQueued), value(after, metrics.MailOldestAge)
		if queued < 1 || age <= 0 {
			t.Errorf("mail queue: %g queued, oldest %g s", queued, age)
		}
	})
}

// family finds the metric of name whose labels include the pairs.
func family(fams map[string]*dto.MetricFamily, name string, labels ...string) *dto.Metric {
	f := fams[name]
	if f == nil {
		return nil
	}
next:
	for _, m := range f.Metric {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.Label {
				found = found || l.GetName() == labels[i] && l.GetValue() == labels[i+1]
			}
			if !found {
				continue next
			}
		}
		return m
	}
	return nil
}

// between is the text of s after the first from, up to the next to.
func between(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(after, to)
	return strings.TrimSpace(v)
}

func saneID(id string) bool {
	_, err := strconv.ParseUint(id, 16, 64)
	return len(id) == 16 && err == nil
}
