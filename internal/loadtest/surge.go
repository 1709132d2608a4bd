package loadtest

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/loadtest/synth"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// surgeOpts are the settings of pgb bench -surge.
type surgeOpts struct {
	n         int           // declarations
	conc      int           // clients submitting and approving (half each)
	instances int           // pgb serve processes
	browsers  int           // clients browsing pages
	think     time.Duration // a browser's pause between pages
}

// served is a pgb serve process the surge sends its requests to.
type served struct {
	url string
	cmd *exec.Cmd
}

// startServe starts `pgb serve` (this program's own binary) on a free
// loopback port against the configured database and waits for its address.
func startServe(ctx context.Context, c config.Config) (*served, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "serve")
	cmd.Env = append(os.Environ(), "PGB_ADDR=127.0.0.1:0", "PGB_DATABASE="+c.Database, "PGB_SECURE_COOKIES=false", "PGB_DEMO=")
	if c.DataKey != "" {
		cmd.Env = append(cmd.Env, "PGB_DATA_KEY="+c.DataKey)
	} else {
		cmd.Env = append(cmd.Env, "PGB_DATA_KEY=", "PGB_DATA_KEY_FILE="+c.KeyFile())
	}
	var errb bytes.Buffer
	cmd.Stderr = &limitedWriter{b: &errb, n: 4096} // its request log: formatted as in production, kept only to explain a failed start
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "pgbportaal: "); ok {
				urls <- strings.TrimSuffix(u, "/")
			}
		}
		close(urls)
	}()
	select {
	case u, ok := <-urls:
		if ok {
			return &served{url: u, cmd: cmd}, nil
		}
	case <-time.After(2 * time.Minute):
	}
	cmd.Process.Kill()
	cmd.Wait()
	return nil, fmt.Errorf("pgb serve did not start: %s", errb.String())
}

// stop ends the process as an operator does (SIGINT: it finishes its requests).
func (s *served) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

type limitedWriter struct {
	mu sync.Mutex
	b  *bytes.Buffer
	n  int
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if room := w.n - w.b.Len(); room > 0 {
		w.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// procCPU is the CPU time (user and system) a process has used, from
// /proc/<pid>/stat; 0 where it cannot be read.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	_, rest, ok := bytes.Cut(b, []byte(") "))
	if !ok {
		return 0
	}
	f := strings.Fields(string(rest))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+s) * time.Second / 100 // USER_HZ
}

// selfCPU is this process's CPU time (getrusage).
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backendPIDs are the PostgreSQL server processes serving the configured
// database (the pgb serve pools' connections and this bench's own).
func backendPIDs(ctx context.Context, db *store.DB) []int {
	var pids []int
	_ = db.RawQuery(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`, nil,
		func(r *sql.Rows) error {
			var p int
			if err := r.Scan(&p); err != nil {
				return err
			}
			pids = append(pids, p)
			return nil
		})
	return pids
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// browser is a session that browses its own pages.
type browser struct {
	who    string // "budgethouder" or "verstrekker"
	cookie string
	pages  []string
}

// browsers opens sessions for budget holders who take no part in the
// declaration flow and for staff of the largest verstrekkers, with the
// pages each looks at.
func surgeBrowsers(ctx context.Context, svc *service.Service, db *store.DB, busy map[int64]bool, n int) ([]browser, error) {
	var out []browser
	holderPages := []string{"/", "/declaraties", "/overeenkomsten", "/berichten"}
	var holders [][2]int64
	err := db.RawQuery(ctx, `SELECT account_id, id, budget_holder_id FROM account_roles WHERE role = ? ORDER BY id DESC LIMIT ?`,
		[]any{string(domain.RoleBudgetHolder), 4 * n}, func(r *sql.Rows) error {
			var acc, role, bh int64
			if err := r.Scan(&acc, &role, &bh); err != nil {
				return err
			}
			if !busy[bh] && len(holders) < 3*n {
				holders = append(holders, [2]int64{acc, role})
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	for _, h := range holders {
		cookie, err := openSession(ctx, db, h[0], h[1], true)
		if err != nil {
			return nil, err
		}
		out = append(out, browser{"budgethouder", cookie, holderPages})
	}
	var orgs []int64
	err = db.RawQuery(ctx, `SELECT verstrekker_id FROM clients GROUP BY verstrekker_id ORDER BY COUNT(*) DESC LIMIT 3`, nil, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		orgs = append(orgs, id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	staffPages := []string{"/", "/declaraties", "/declaraties?status=aangehouden", "/budgethouders", "/overeenkomsten?status=bij_verstrekker"}
	stamp := time.Now().UnixNano()
	for i, org := range orgs {
		cookie, err := staffSession(ctx, svc, db, domain.AccountRole{Role: domain.RoleVerstrekker, OrganisationID: org}, fmt.Sprintf("surge-%d-%d", stamp, i))
		if err != nil {
			return nil, err
		}
		out = append(out, browser{"verstrekker", cookie, staffPages})
	}
	if len(out) == 0 {
		return nil, errors.New("no budget holders or verstrekkers to browse as")
	}
	r := rand.New(rand.NewPCG(1, 2)) // staff among the holders
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out, nil
}

// surge replays the first days after a month ends over HTTP against real
// pgb serve processes: providers submit their declarations while their
// budget holders approve them, other budget holders and staff browse their
// pages. It reports declarations a second, the p99 of submit, approve and
// page views, the CPU time a declaration takes, and then pgbench as the
// reference of the same run.
func surge(ctx context.Context, w io.Writer, c config.Config, db *store.DB, o benchOpts) error {
	so := o.surge
	svc := service.New(db, service.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t := time.Now()
	work, err := synth.FindWork(ctx, db, o.month, o.kind, so.n, 0)
	if err != nil {
		return err
	}
	if len(work) < so.n {
		return fmt.Errorf("only %d agreements of %s providers free for %s; %d needed (lower -surge-n, or generate more)", len(work), o.kind, o.month.String()[:7], so.n)
	}
	work = interleaveHolders(work)
	busy := map[int64]bool{}
	type toks struct{ provider, holder string }
	tk := make([]toks, len(work))
	for _, wk := range work {
		busy[wk.Holder.Role.BudgetHolderID] = true
	}
	var tokErr error
	var tokMu sync.Mutex
	var twg sync.WaitGroup
	for g := range 4 { // made side by side: at national size there are thousands
		twg.Go(func() {
			for i := g; i < len(work); i += 4 {
				wk := work[i]
				p, err := svc.CreateAPIToken(ctx, service.System, wk.Provider.AccountID, wk.Provider.Role.ID, "surge")
				if err == nil {
					tk[i].holder, err = svc.CreateAPIToken(ctx, service.System, wk.Holder.AccountID, wk.Holder.Role.ID, "surge")
				}
				tk[i].provider = p
				if err != nil {
					tokMu.Lock()
					tokErr = fmt.Errorf("token: %w", err)
					tokMu.Unlock()
					return
				}
			}
		})
	}
	twg.Wait()
	if tokErr != nil {
		return tokErr
	}
	brs, err := surgeBrowsers(ctx, svc, db, busy, max(1, so.browsers))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nsurge: %d declarations for %s (informal care, as in the first days after the month) with their %d pairs of API tokens and %d browsing sessions made in %s\n",
		len(work), o.month.String()[:7], len(work), len(brs), time.Since(t).Round(time.Millisecond))

	var servers []*served
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	for range max(1, so.instances) {
		s, err := startServe(ctx, c)
		if err != nil {
			return err
		}
		servers = append(servers, s)
	}
	var urls []string
	for _, s := range servers {
		urls = append(urls, s.url)
	}
	conns := so.conc + so.browsers
	client := &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}
	defer client.CloseIdleConnections()
	var rr atomic.Uint64 // the load balancer: round robin over the instances
	do := func(method, path, token, cookie string, body any) (int, []byte, error) {
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequestWithContext(ctx, method, urls[rr.Add(1)%uint64(len(urls))]+path, rd)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: "pgb_session", Value: cookie})
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		out, err := io.ReadAll(resp.Body)
		return resp.StatusCode, out, err
	}
	// Warm up: every instance's connections and templates, as a server
	// that has run a while.
	for range 2 * len(urls) {
		for _, b := range brs[:min(len(brs), 4)] {
			if code, out, err := do(http.MethodGet, b.pages[0], "", b.cookie, nil); err != nil || code != http.StatusOK {
				return fmt.Errorf("warm-up GET %s as %s: %d %v %.200s", b.pages[0], b.who, code, err, out)
			}
		}
	}

	submitters := max(1, so.conc/2)
	approvers := max(1, so.conc-submitters)
	fmt.Fprintf(w, "  %d pgb serve process(es) %s; %d clients submitting, %d approving, %d browsing (a page, then %s), load average %s\n",
		len(servers), strings.Join(urls, " "), submitters, approvers, len(brs[:min(len(brs), so.browsers)]), so.think, loadAvg())

	submit := make([]time.Duration, len(work))
	approve := make([]time.Duration, len(work))
	states := map[string]int{}
	var mu sync.Mutex
	var firstErr error
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	type pageView struct {
		who, page string
		took      time.Duration
	}
	var views []pageView
	pageStatus := map[int]int{}

	pids := func() []int {
		var ps []int
		for _, s := range servers {
			ps = append(ps, s.cmd.Process.Pid)
		}
		return ps
	}
	cpuOf := func(ps []int) map[int]time.Duration {
		m := map[int]time.Duration{}
		for _, p := range ps {
			m[p] = procCPU(p)
		}
		return m
	}
	serve0, pg0, self0, machine0 := cpuOf(pids()), cpuOf(backendPIDs(ctx, db)), selfCPU(), machineBusy()
	io0 := dbIO(ctx, db, c.IsPostgres())

	done := make(chan struct{})
	var bwg sync.WaitGroup
	for i := range min(len(brs), max(0, so.browsers)) {
		bwg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), 7))
			for k := i; ; k += so.browsers { // at least one page each
				b := brs[k%len(brs)]
				page := b.pages[r.IntN(len(b.pages))]
				t0 := time.Now()
				code, _, err := do(http.MethodGet, page, "", b.cookie, nil)
				took := time.Since(t0)
				mu.Lock()
				views = append(views, pageView{b.who, page, took})
				pageStatus[code]++
				mu.Unlock()
				if err != nil {
					fail(fmt.Errorf("GET %s: %w", page, err))
				}
				select {
				case <-done:
					return
				case <-time.After(so.think):
				}
			}
		})
	}

	toApprove := make(chan [2]int64, len(work))
	next := make(chan int)
	start := time.Now()
	var swg, awg sync.WaitGroup
	for range submitters {
		swg.Go(func() {
			for i := range next {
				wk := work[i]
				t0 := time.Now()
				code, out, err := do(http.MethodPost, "/api/v1/declarations", tk[i].provider, "", surgeBody(wk))
				submit[i] = time.Since(t0)
				var d struct {
					ID    int64  `json:"id"`
					State string `json:"state"`
				}
				if err == nil && code != http.StatusCreated {
					err = fmt.Errorf("submit: %d %.300s", code, out)
				}
				if err == nil {
					err = json.Unmarshal(out, &d)
				}
				if err != nil {
					fail(fmt.Errorf("agreement %d: %w", wk.AgreementID, err))
					continue
				}
				toApprove <- [2]int64{int64(i), d.ID}
			}
		})
	}
	var completed atomic.Int64
	for range approvers {
		awg.Go(func() {
			for x := range toApprove {
				i := int(x[0])
				t0 := time.Now()
				code, out, err := do(http.MethodPost, "/api/v1/declarations/"+strconv.FormatInt(x[1], 10)+"/approve", tk[i].holder, "", nil)
				approve[i] = time.Since(t0)
				var d struct {
					State string `json:"state"`
				}
				if err == nil && code != http.StatusOK {
					err = fmt.Errorf("approve: %d %.300s", code, out)
				}
				if err == nil {
					err = json.Unmarshal(out, &d)
				}
				if err != nil {
					fail(fmt.Errorf("agreement %d: %w", work[i].AgreementID, err))
					continue
				}
				completed.Add(1)
				mu.Lock()
				states[d.State]++
				mu.Unlock()
			}
		})
	}
	for i := range work {
		next <- i
	}
	close(next)
	swg.Wait()
	close(toApprove)
	awg.Wait()
	wall := time.Since(start)
	close(done)
	bwg.Wait()
	serve1, pg1, self1, machine1 := cpuOf(pids()), cpuOf(backendPIDs(ctx, db)), selfCPU(), machineBusy()
	io1 := dbIO(ctx, db, c.IsPostgres())
	if firstErr != nil {
		return firstErr
	}
	used := func(before, after map[int]time.Duration) time.Duration {
		var d time.Duration
		for p, t := range after {
			d += t - before[p] // a backend started during the surge counts whole
		}
		return d
	}
	n := completed.Load()
	rate := float64(n) / wall.Seconds()
	fmt.Fprintf(w, "  declarations: %d submitted and approved in %s: %.0f/s   outcome %v\n", n, wall.Round(time.Millisecond), rate, states)
	fmt.Fprintf(w, "    %-31s %s\n", "submit (POST, \"send\": true)", summarize(submit, wall))
	fmt.Fprintf(w, "    %-31s %s\n", "approve (checks + reserve)", summarize(approve, wall))
	var all []time.Duration
	byWho := map[string][]time.Duration{}
	byPage := map[string][]time.Duration{}
	for _, v := range views {
		all = append(all, v.took)
		byWho[v.who] = append(byWho[v.who], v.took)
		byPage[v.who+" "+v.page] = append(byPage[v.who+" "+v.page], v.took)
	}
	pages := summarize(all, wall)
	fmt.Fprintf(w, "    %-31s %s   status %v\n", fmt.Sprintf("page views (%d)", len(all)), pages, pageStatus)
	for _, who := range slices.Sorted(maps.Keys(byWho)) {
		fmt.Fprintf(w, "      %-29s %s\n", who+"'s pages", summarize(byWho[who], wall))
		for _, page := range slices.Sorted(maps.Keys(byPage)) {
			if rest, ok := strings.CutPrefix(page, who+" "); ok {
				fmt.Fprintf(w, "        %-27s %s\n", rest, summarize(byPage[page], wall))
			}
		}
	}
	if n > 0 {
		per := func(d time.Duration) string {
			return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000/float64(n))
		}
		serveCPU, pgCPU, selfUsed, machine := used(serve0, serve1), used(pg0, pg1), self1-self0, machine1-machine0
		db := ""
		if c.IsPostgres() {
			db = ", PostgreSQL's backends of this database " + per(pgCPU)
		}
		fmt.Fprintf(w, "    CPU time a declaration (page views included): pgb serve %s%s, this bench's clients %s;\n", per(serveCPU), db, per(selfUsed))
		fmt.Fprintf(w, "      the whole machine %s (%.0f%% of its %d CPUs busy, other work on it included)\n",
			per(machine), 100*machine.Seconds()/(wall.Seconds()*float64(runtime.NumCPU())), runtime.NumCPU())
		if io1.ok && io0.ok {
			f := func(a, b int64) float64 { return float64(a-b) / float64(n) }
			fmt.Fprintf(w, "      PostgreSQL a declaration: %.0f blocks found in its shared buffers (%s), %.0f read from outside them, %.1f kB of the server's WAL; %d checkpoints meanwhile\n",
				f(io1.hit, io0.hit), io1.sharedBuffers, f(io1.read, io0.read), f(io1.wal, io0.wal)/1024, io1.checkpoints-io0.checkpoints)
		}
		if ours := serveCPU + pgCPU + selfUsed; ours > 0 {
			fmt.Fprintf(w, "      ceiling on these CPUs were they ours alone: %.0f declarations/s (%d CPUs ÷ %s a declaration of pgb serve, its database backends and the clients)\n",
				float64(runtime.NumCPU())*float64(n)/ours.Seconds(), runtime.NumCPU(), per(ours))
		}
	}
	fmt.Fprintf(w, "  load average after the surge: %s\n", loadAvg())
	for _, s := range servers {
		s.stop()
	}
	servers = nil
	if o.pgbench && c.IsPostgres() {
		tps := runPgbench(ctx, w, db, c.Database, o.pgbenchSecs)
		floor := runFloor(ctx, w, db, c.Database, o.pgbenchSecs)
		if tps > 0 {
			verdict := func(ok bool) string {
				if ok {
					return "met"
				}
				return "NOT met"
			}
			pageGoal := fmt.Sprintf("page p99 %s (goal under 100 ms: %s)", pages.p99.Round(100*time.Microsecond), verdict(pages.p99 < 100*time.Millisecond))
			if len(all) == 0 {
				pageGoal = "no page views, so the page goal was not measured"
			}
			fmt.Fprintf(w, "\nsurge vs pgbench in this run: %.0f declarations/s over HTTP = %.2f of pgbench's %.0f tps (goal at least 0.25: %s); %s\n",
				rate, rate/tps, tps, verdict(rate/tps >= 0.25), pageGoal)
			if floor > 0 {
				fmt.Fprintf(w, "  the floor, a declaration's rows alone: %.0f/s = %.2f of pgbench's tps; the surge reached %.2f of the floor\n", floor, floor/tps, rate/floor)
			}
		}
	}
	return nil
}

// ioStats is what PostgreSQL did for this database: blocks found in its
// shared buffers and read from outside them (the kernel's cache or the
// disk), the WAL position, the checkpoints so far, and shared_buffers.
type ioStats struct {
	ok                          bool
	hit, read, wal, checkpoints int64
	sharedBuffers               string
}

// dbIO reads ioStats (nothing on SQLite): with the CPU it shows where a
// declaration's time in the database goes, and what the server's memory
// settings do to it.
func dbIO(ctx context.Context, db *store.DB, postgres bool) ioStats {
	var s ioStats
	if !postgres {
		return s
	}
	err := db.RawQuery(ctx, `SELECT blks_hit, blks_read, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,
		(SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter), current_setting('shared_buffers')
		FROM pg_stat_database WHERE datname = current_database()`, nil, func(r *sql.Rows) error {
		return r.Scan(&s.hit, &s.read, &s.wal, &s.checkpoints, &s.sharedBuffers)
	})
	s.ok = err == nil
	return s
}

// surgeBody is the API's body of a work item's declaration, sent to the
// budget holder at once.
func surgeBody(wk synth.Work) map[string]any {
	type line struct {
		Date       string `json:"date"`
		CareType   string `json:"care_type"`
		Unit       string `json:"unit"`
		Hundredths int64  `json:"units_hundredths"`
	}
	var ls []line
	for _, l := range wk.Lines {
		ls = append(ls, line{l.Date.String(), l.CareType, string(l.Unit), l.Units})
	}
	body := map[string]any{"agreement_id": wk.AgreementID, "month": wk.Month.String()[:7], "lines": ls, "send": true}
	if wk.Invoice {
		body["invoice_number"], body["invoice_total_cents"] = wk.InvoiceNumber(), int64(wk.Total())
		body["files"] = []map[string]any{{"filename": wk.InvoiceNumber() + ".pdf", "content_base64": wk.InvoicePDF()}}
	}
	return body
}
