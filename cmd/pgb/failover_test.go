package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/loadtest/synth"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/postgres"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// TestFailover makes a PostgreSQL primary with a synchronous standby on this
// machine (initdb, pg_basebackup -R), runs the declaration flow through a
// pgb serve connected with a multi-host URL (target_session_attrs=read-write),
// kills the primary mid-load (immediate shutdown: no checkpoint, like a
// crash), and promotes the standby. It shows that pgb serve carries on
// without a restart, that every declaration answered "accepted" is on the
// promoted standby, and that a payment run afterwards pays none twice. It
// logs the time to recover and the requests that failed meanwhile.
//
// It runs only with PGB_TEST_FAILOVER=1 and PostgreSQL's server binaries
// (PGB_PG_BIN, default /usr/lib/postgresql/15/bin); as root it runs them as
// the postgres user.
func TestFailover(t *testing.T) {
	if os.Getenv("PGB_TEST_FAILOVER") != "1" {
		t.Skip("PGB_TEST_FAILOVER=1 runs the failover test (it makes two PostgreSQL clusters)")
	}
	bin := os.Getenv("PGB_PG_BIN")
	if bin == "" {
		bin = "/usr/lib/postgresql/15/bin"
	}
	dir, err := os.MkdirTemp("", "pgb-failover-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	asPostgres := os.Geteuid() == 0
	if asPostgres {
		exec.Command("chown", "postgres:postgres", dir).Run()
	}
	pg := func(name string, args ...string) string {
		t.Helper()
		var cmd *exec.Cmd
		if asPostgres {
			cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(bin, name)}, args...)...)
		} else {
			cmd = exec.Command(filepath.Join(bin, name), args...)
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	freePort := func() int {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		return l.Addr().(*net.TCPAddr).Port
	}
	primary, standby := filepath.Join(dir, "primary"), filepath.Join(dir, "standby")
	p1, p2 := freePort(), freePort()
	t.Cleanup(func() {
		for _, d := range []string{primary, standby} {
			if _, err := os.Stat(filepath.Join(d, "postmaster.pid")); err == nil {
				c := exec.Command("runuser", "-u", "postgres", "--", filepath.Join(bin, "pg_ctl"), "-D", d, "stop", "-m", "immediate")
				if !asPostgres {
					c = exec.Command(filepath.Join(bin, "pg_ctl"), "-D", d, "stop", "-m", "immediate")
				}
				c.Run()
			}
		}
		os.RemoveAll(dir)
	})
	appendConf := func(dataDir, text string) {
		t.Helper()
		f, err := os.OpenFile(filepath.Join(dataDir, "postgresql.auto.conf"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
	}

	// The primary: every commit waits until the standby has it on disk.
	pg("initdb", "-D", primary, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C")
	appendConf(primary, fmt.Sprintf("port = %d\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n"+
		"wal_level = replica\nmax_wal_senders = 5\nsynchronous_commit = on\n"+
		"shared_buffers = 64MB\nfsync = on\n", p1, dir))
	pg("pg_ctl", "-D", primary, "-l", filepath.Join(dir, "primary.log"), "-w", "start")
	pg("createdb", "-h", "127.0.0.1", "-p", strconv.Itoa(p1), "-U", "postgres", "pgb")
	// The standby: a base backup with the replication settings (-R).
	pg("pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(p1), "-U", "postgres", "-D", standby, "-R", "-X", "stream", "-c", "fast")
	appendConf(standby, fmt.Sprintf("port = %d\nprimary_conninfo = 'host=127.0.0.1 port=%d user=postgres application_name=standby1'\n", p2, p1))
	pg("pg_ctl", "-D", standby, "-l", filepath.Join(dir, "standby.log"), "-w", "start")
	psql := func(port int, q string) string {
		return strings.TrimSpace(pg("psql", "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-U", "postgres", "-d", "pgb", "-Atc", q))
	}
	// Synchronous from now on (before, the database's creation would wait
	// for a standby that did not exist yet).
	psql(p1, "ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (standby1)'")
	psql(p1, "SELECT pg_reload_conf()")
	for i := 0; psql(p1, "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'") != "1"; i++ {
		if i > 100 {
			t.Fatal("the standby did not become synchronous")
		}
		time.Sleep(100 * time.Millisecond)
	}

	// /readyz's question: the primary is ready, the standby (read-only) not.
	for port, want := range map[int]error{p1: nil, p2: store.ErrReadOnly} {
		raw, err := sql.Open("pgx", fmt.Sprintf("postgres://postgres@127.0.0.1:%d/pgb?sslmode=disable", port))
		if err != nil {
			t.Fatal(err)
		}
		if got := store.New(raw, raw, postgres.Dialect).Ready(context.Background()); !errors.Is(got, want) {
			t.Errorf("port %d: ready %v, want %v", port, got, want)
		}
		raw.Close()
	}

	url := fmt.Sprintf("postgres://postgres@127.0.0.1:%d,127.0.0.1:%d/pgb?sslmode=disable&target_session_attrs=read-write&connect_timeout=2", p1, p2)
	env := map[string]string{"PGB_DATABASE": url, "PGB_DATA_KEY": testpg.DataKey, "PGB_FILES": t.TempDir(),
		"PGB_DEBTOR_NAME": "SVB pgb test", "PGB_DEBTOR_IBAN": "NL97INGB0000002445"}
	if out, err := pgb(t, env, "", "gen", "-holders", "80", "-agreements", "200", "-per-month", "100", "-months", "2", "-first-month", "2026-09", "-analyze=false"); err != nil {
		t.Fatalf("gen: %v\n%s", err, out)
	}
	ctx := context.Background()
	c, _, err := config.Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	svc, db, err := openService(ctx, c, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	month := domain.Date{Year: 2026, Month: 11, Day: 1}
	work, err := synth.FindWork(ctx, db, month, domain.ProviderInformal, 200, 0)
	if err != nil || len(work) < 60 {
		t.Fatalf("work: %d, %v", len(work), err)
	}
	tk := workTokens(t, ctx, svc, work)
	db.Close()

	srv := startInstance(t, "A", []string{"PGB_DATABASE=" + url, "PGB_DATA_KEY=" + testpg.DataKey, "PGB_FILES=" + t.TempDir()})
	pid := srv.cmd.Process.Pid

	// The load: four clients, each a provider submitting and the holder
	// approving, one work item after another; a failed step is counted and
	// the item tried again after a pause, as a client would.
	type outcome struct {
		at         time.Time
		code       int
		retryAfter string
		err        string
	}
	var mu sync.Mutex
	var failures []outcome
	var successes []time.Time
	accepted := map[int64]bool{}
	next := make(chan int)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range next {
				var id int64
				for attempt := 0; attempt < 100; attempt++ {
					step, code, out, hdr := "submit", 0, []byte(nil), http.Header(nil)
					if id == 0 {
						code, out, hdr = srv.callHeader(t, "POST", "/api/v1/declarations", tk[i].provider, declarationBody(work[i]))
						var d struct {
							ID int64 `json:"id"`
						}
						if code == http.StatusCreated && json.Unmarshal(out, &d) == nil {
							id = d.ID
						} else if code == http.StatusUnprocessableEntity && strings.Contains(string(out), "second_declaration_month") {
							// Made before the failure cut the answer off: look it up,
							// page by page (the list pages by _links.next).
							for page := 1; id == 0; page++ {
								code, out, hdr = srv.callHeader(t, "GET", "/api/v1/declarations?pageSize=200&page="+strconv.Itoa(page), tk[i].provider, nil)
								var list struct {
									Items []struct {
										ID          int64         `json:"id"`
										AgreementID int64         `json:"agreement_id"`
										Period      domain.Period `json:"period"`
									} `json:"items"`
									Links struct {
										Next *struct{} `json:"next"`
									} `json:"_links"`
								}
								if code != http.StatusOK || json.Unmarshal(out, &list) != nil {
									break
								}
								for _, d := range list.Items {
									if d.AgreementID == work[i].AgreementID && d.Period.Start == month {
										id = d.ID
									}
								}
								if list.Links.Next == nil {
									break
								}
							}
						}
					}
					if id != 0 {
						step = "approve"
						code, out, hdr = srv.callHeader(t, "POST", "/api/v1/declarations/"+strconv.FormatInt(id, 10)+"/approve", tk[i].holder, nil)
						var d struct {
							State string `json:"state"`
						}
						if code == http.StatusOK && json.Unmarshal(out, &d) == nil {
							mu.Lock()
							successes = append(successes, time.Now())
							if d.State == string(domain.DeclAccepted) {
								accepted[id] = true
							}
							mu.Unlock()
							break
						}
						if code == http.StatusConflict { // approved before the failure cut the answer off
							break
						}
					}
					mu.Lock()
					failures = append(failures, outcome{time.Now(), code, hdr.Get("Retry-After"), fmt.Sprintf("%s %d %.120s", step, code, out)})
					mu.Unlock()
					time.Sleep(200 * time.Millisecond)
				}
			}
		})
	}
	var killed, promoted time.Time
	failedOver := make(chan bool)
	go func() {
		defer close(next)
		for i := range work {
			if i == len(work)/3 {
				// Mid-load: the primary dies (no shutdown checkpoint), then
				// the operator (or a tool like Patroni) promotes the standby.
				// The clients carry on meanwhile, and are told to wait.
				killed = time.Now()
				go func() {
					defer close(failedOver)
					pg("pg_ctl", "-D", primary, "stop", "-m", "immediate")
					time.Sleep(2 * time.Second)
					pg("pg_ctl", "-D", standby, "promote", "-w")
					promoted = time.Now()
				}()
			}
			next <- i
		}
	}()
	wg.Wait()
	<-failedOver

	// pgb serve is the same process, still serving.
	if err := srv.cmd.Process.Signal(syscall.Signal(0)); err != nil || srv.cmd.Process.Pid != pid {
		t.Fatalf("pgb serve is gone: %v", err)
	}
	if code, out := srv.call(t, "GET", "/readyz", "", nil); code != http.StatusOK {
		t.Errorf("readyz after the failover: %d %s", code, out)
	}
	var firstAfter time.Time
	for _, s := range successes {
		if s.After(killed) && (firstAfter.IsZero() || s.Before(firstAfter)) {
			firstAfter = s
		}
	}
	if firstAfter.IsZero() {
		t.Fatal("nothing succeeded after the failover")
	}
	failedDuring, byCode := 0, map[int]int{}
	for _, f := range failures {
		if !f.at.Before(killed) {
			failedDuring++
			byCode[f.code]++
			// The database out of reach is told as such: 503, and when to
			// try again; never 500 (the server's own failure).
			if f.code >= 500 && (f.code != http.StatusServiceUnavailable || f.retryAfter == "") {
				t.Errorf("failure at +%s answered %d, Retry-After %q, want 503 with Retry-After: %s", f.at.Sub(killed).Round(time.Millisecond), f.code, f.retryAfter, f.err)
			}
		}
	}
	if byCode[http.StatusInternalServerError] > 0 {
		for _, l := range strings.Split(srv.log.String(), "\n") {
			if strings.Contains(l, "level=ERROR") {
				t.Logf("server: %.400s", l)
			}
		}
	}
	if byCode[http.StatusServiceUnavailable] == 0 {
		t.Errorf("no request answered 503 while the primary was gone (failures by status: %v)", byCode)
	}
	t.Logf("%d work items; %d accepted; primary killed, standby promoted after %s; first success %s after the kill; %d requests failed (%d since the kill, by status %v)",
		len(work), len(accepted), promoted.Sub(killed).Round(time.Millisecond), firstAfter.Sub(killed).Round(time.Millisecond), len(failures), failedDuring, byCode)
	for i, f := range failures {
		if i < 5 || i == len(failures)-1 {
			t.Logf("failure at +%s: %s", f.at.Sub(killed).Round(time.Millisecond), f.err)
		}
	}

	// Every accepted declaration is on the promoted standby, accepted.
	var ids []string
	for id := range accepted {
		ids = append(ids, strconv.FormatInt(id, 10))
	}
	n, _ := strconv.Atoi(psql(p2, "SELECT count(*) FROM declarations WHERE state = '"+string(domain.DeclAccepted)+"' AND id IN ("+strings.Join(ids, ",")+")"))
	if n != len(accepted) {
		t.Errorf("%d declarations were answered accepted, %d of them are on the promoted standby", len(accepted), n)
	}
	// A payment run (twice, as a scheduler after a doubt) pays each once.
	env2 := map[string]string{}
	for k, v := range env {
		env2[k] = v
	}
	for range 2 {
		if out, err := pgb(t, env2, "", "payrun", "-execute", "-cutoff", "2026-11-30"); err != nil && !strings.Contains(out+err.Error(), "payrun_nothing_to_pay") {
			t.Fatalf("payrun: %v\n%s", err, out)
		}
	}
	if n := psql(p2, "SELECT count(*) FROM (SELECT ref_id FROM postings WHERE kind = 'paid' GROUP BY ref_id HAVING count(*) > 1) x"); n != "0" {
		t.Errorf("%s declarations paid twice", n)
	}
	paid, _ := strconv.Atoi(psql(p2, "SELECT count(*) FROM declarations WHERE state = 'betaald' AND id IN ("+strings.Join(ids, ",")+")"))
	if paid != len(accepted) {
		t.Errorf("%d of %d accepted declarations paid", paid, len(accepted))
	}
}
