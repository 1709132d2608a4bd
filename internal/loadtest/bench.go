package loadtest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/api"
	"github.com/pgbportaal/pgbportaal/internal/app"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/datakey"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/loadtest/synth"
	"github.com/pgbportaal/pgbportaal/internal/progress"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/postgres"
	"github.com/pgbportaal/pgbportaal/internal/store/sqlite"
)

// sizeFlags registers the dataset's sizes (national by default).
func sizeFlags(fs *flag.FlagSet) *synth.Config {
	c := synth.National()
	fs.IntVar(&c.BudgetHolders, "holders", c.BudgetHolders, "budget holders")
	fs.IntVar(&c.Agreements, "agreements", c.Agreements, "care agreements")
	fs.IntVar(&c.DeclarationsPerMonth, "per-month", c.DeclarationsPerMonth, "declarations a month")
	fs.IntVar(&c.Months, "months", c.Months, "months of declarations (before the month the bench declares)")
	fs.Int64Var(&c.Seed, "seed", c.Seed, "random seed: the same seed gives the same data")
	return &c
}

// parseMonth reads "2026-10" (empty: zero).
func parseMonth(s string) (domain.Date, error) {
	if s == "" {
		return domain.Date{}, nil
	}
	d, err := domain.ParseDate(s + "-01")
	if err != nil {
		return d, fmt.Errorf("month %q: want YYYY-MM", s)
	}
	return d, nil
}

// Gen is pgb gen: it loads a synthetic dataset into the configured database.
func Gen(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pgb gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cp := config.Register(fs, getenv)
	sc := sizeFlags(fs)
	first := fs.String("first-month", "", "first month of declarations, YYYY-MM (default: the latest that leaves the last full month for the bench, in one year)")
	batch := fs.Int("batch", 20000, "rows per bulk batch")
	analyze := fs.Bool("analyze", true, "refresh the planner's statistics afterwards (ANALYZE)")
	showProgress := fs.Bool("progress", false, "show how far it is on stderr even when that is not a terminal (as log lines)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := *cp
	if err := c.Validate(); err != nil {
		return err
	}
	cfg := *sc
	var err error
	if cfg.FirstMonth, err = parseMonth(*first); err != nil {
		return err
	}
	cfg.Batch, cfg.Analyze, cfg.Progress = *batch, *analyze, stdout
	db, err := app.Open(ctx, c, app.NewLogger(c, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	pr := progress.New(stderr, "gen", *showProgress)
	p, sum, err := synth.Load(progress.With(ctx, pr.Func()), db, cfg)
	pr.Done()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "loaded %d rows in %s (%.0f rows/s): %d budget holders, %d providers, %d agreements, %d declarations with %d lines; the bench month is %s\n",
		sum.Total(), sum.Elapsed.Round(time.Second), float64(sum.Total())/sum.Elapsed.Seconds(), sum.Rows["budget_holders"], sum.Rows["providers"],
		sum.Rows["agreements"], sum.Rows["declarations"], sum.Rows["declaration_lines"], p.Config.BenchMonth().String()[:7])
	fmt.Fprintf(stdout, "every synthetic account has the password %q\n", p.Config.Password)
	return nil
}

// benchOpts are pgb bench's settings.
type benchOpts struct {
	n, workers     int
	httpN, conc    int
	checkN         int
	month          domain.Date
	empty, explain bool
	separate       bool
	pgbench        bool
	pgbenchSecs    int
	kind           domain.ProviderKind // whose agreements the flows declare on
	sizes          synth.Config
	surge          *surgeOpts // pgb bench -surge: the month-end surge over HTTP instead
	invoiceBytes   int        // -kind zzp: the size of each invoice PDF
}

// Bench is pgb bench: it measures, on the configured database (and, for
// comparison, on an empty one): the checks alone, the declaration flow
// through the service with concurrent workers, and the HTTP submit under
// concurrent load.
func Bench(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pgb bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cp := config.Register(fs, getenv)
	var o benchOpts
	sc := sizeFlags(fs)
	fs.IntVar(&o.n, "n", 2000, "declarations through the service layer (submit, approve: one transaction each)")
	fs.BoolVar(&o.separate, "separate-send", false, "submit as two transactions, a concept and then its sending (as a provider who saves first)")
	fs.IntVar(&o.workers, "workers", 4, "concurrent workers for the service layer, on distinct agreements")
	fs.IntVar(&o.httpN, "http-n", 1000, "declarations submitted over HTTP (JSON API)")
	fs.IntVar(&o.conc, "concurrency", 8, "concurrent HTTP clients")
	fs.IntVar(&o.checkN, "check-n", 100000, "generated declarations for the checks alone (from the plan of -holders ... -seed)")
	month := fs.String("month", "", "month to declare, YYYY-MM (default: the month after the generated history)")
	kind := fs.String("kind", string(domain.ProviderInformal), "providers whose agreements are declared on: informeel, or zzp (each declaration sent with its invoice, a PDF)")
	fs.IntVar(&o.invoiceBytes, "invoice-bytes", 0, "with -kind zzp: the size of each invoice PDF (default about 400 bytes; a scanned invoice is some 100-500 kB)")
	fs.BoolVar(&o.empty, "empty", true, "measure on an empty database too (a fresh SQLite file, or a fresh schema on the PostgreSQL server)")
	fs.BoolVar(&o.explain, "explain", true, "show the query plans of the checks' queries and flag table scans")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the service and HTTP runs to this file")
	fs.BoolVar(&o.pgbench, "pgbench", true, "on PostgreSQL, run pgbench as a reference when it is installed (-i -s 10, -c 4 -j 2 -T 20, in a separate database)")
	fs.IntVar(&o.pgbenchSecs, "pgbench-seconds", 20, "how long pgbench runs (-T)")
	surgeMode := fs.Bool("surge", false, "replay the first days after a month ends instead: -surge-n declarations submitted and approved over HTTP by -concurrency clients "+
		"against -instances pgb serve processes, while -browsers budget holders and staff browse their pages; then pgbench")
	var so surgeOpts
	fs.IntVar(&so.n, "surge-n", 6000, "declarations in the surge")
	fs.IntVar(&so.instances, "instances", 1, "pgb serve processes of the surge, on the same database (requests go round robin, as from a load balancer)")
	fs.IntVar(&so.browsers, "browsers", 8, "clients browsing budget holders' and staff's pages during the surge")
	fs.DurationVar(&so.think, "think", 250*time.Millisecond, "a browser's pause after each page")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := *cp
	if err := c.Validate(); err != nil {
		return err
	}
	var err error
	if o.month, err = parseMonth(*month); err != nil {
		return err
	}
	o.sizes = *sc
	switch o.kind = domain.ProviderKind(*kind); o.kind {
	case domain.ProviderInformal, domain.ProviderZZP:
	default:
		return fmt.Errorf("-kind %q: informeel or zzp (an institution's many budget holders hold its declarations for review)", *kind)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Fprintf(stdout, "pgb bench on %s (%s), %d CPUs, %s\n", kindOf(c), redact(c.Database), runtime.NumCPU(), runtime.Version())
	if *surgeMode {
		so.conc = o.conc
		o.surge = &so
		db, err := app.Open(ctx, c, app.NewLogger(c, stderr))
		if err != nil {
			return err
		}
		defer db.Close()
		if o.month.IsZero() {
			if o.month, err = nextMonth(ctx, db); err != nil {
				return err
			}
		}
		return surge(ctx, stdout, c, db, o)
	}

	if o.checkN > 0 {
		if err := benchChecks(stdout, o); err != nil {
			return err
		}
	}
	db, err := app.Open(ctx, c, app.NewLogger(c, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	if o.month.IsZero() {
		if o.month, err = nextMonth(ctx, db); err != nil {
			return err
		}
	}
	var emptyRes *flowResult
	if o.empty {
		edb, cleanup, err := openEmpty(ctx, c, db)
		if err != nil {
			return err
		}
		holders := max(50, (o.n+o.httpN)*3/2)
		ecfg := synth.Config{BudgetHolders: holders, Agreements: holders * 5 / 2, Months: 0, FirstMonth: o.month, Seed: o.sizes.Seed}
		t := time.Now()
		if _, _, err := synth.Load(ctx, edb, ecfg); err != nil {
			edb.Close()
			cleanup()
			return err
		}
		fmt.Fprintf(stdout, "\nempty database: %d budget holders with agreements and no declarations (loaded in %s)\n", holders, time.Since(t).Round(time.Millisecond))
		emptyRes, err = benchFlow(ctx, stdout, edb, o)
		edb.Close()
		cleanup()
		if err != nil {
			return err
		}
	}
	var counts [3]int64
	_ = db.RawQuery(ctx, `SELECT (SELECT COUNT(*) FROM budget_holders), (SELECT COUNT(*) FROM agreements), (SELECT COUNT(*) FROM declarations)`, nil,
		func(r *sql.Rows) error { return r.Scan(&counts[0], &counts[1], &counts[2]) })
	fmt.Fprintf(stdout, "\nconfigured database: %d budget holders, %d agreements, %d declarations before the bench\n", counts[0], counts[1], counts[2])
	res, err := benchFlow(ctx, stdout, db, o)
	if err != nil {
		return err
	}
	if emptyRes != nil {
		fmt.Fprintf(stdout, "\nfull vs empty: service %.2f× the empty p50 latency (%.0f vs %.0f declarations/s); HTTP submit p99 %.2f× (goal: at most 2×)\n",
			ratio(res.svc.p50, emptyRes.svc.p50), res.svc.rate, emptyRes.svc.rate, ratio(res.submit.p99, emptyRes.submit.p99))
	}
	if o.explain && res.sample != nil {
		if err := explainChecks(ctx, stdout, db, *res.sample, "an informal provider's"); err != nil {
			return err
		}
		if big, ok := busiestProviderDeclaration(ctx, db); ok {
			if err := explainChecks(ctx, stdout, db, big, "the provider with the most budget holders'"); err != nil {
				return err
			}
		}
	}
	if o.pgbench && c.IsPostgres() {
		runPgbench(ctx, stdout, db, c.Database, o.pgbenchSecs)
	}
	return nil
}

func kindOf(c config.Config) string {
	if c.IsPostgres() {
		return "PostgreSQL"
	}
	return "SQLite"
}

// redact drops a password from a database URL.
func redact(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxx")
			return u.String()
		}
	}
	return s
}

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// nextMonth is the month after the generated history: after the last month
// with at least half as many declarations as the busiest one (so months a
// bench added a few to do not count).
func nextMonth(ctx context.Context, db *store.DB) (domain.Date, error) {
	type m struct {
		start domain.Date
		n     int64
	}
	var ms []m
	err := db.RawQuery(ctx, `SELECT period_start, COUNT(*) FROM declarations GROUP BY period_start`, nil, func(r *sql.Rows) error {
		var x m
		var s any
		if err := r.Scan(&s, &x.n); err != nil {
			return err
		}
		if err := x.start.Scan(s); err != nil {
			return err
		}
		ms = append(ms, x)
		return nil
	})
	if err != nil {
		return domain.Date{}, err
	}
	var busiest int64
	for _, x := range ms {
		busiest = max(busiest, x.n)
	}
	var last domain.Date
	for _, x := range ms {
		if x.n*2 >= busiest && x.start.After(last) {
			last = x.start
		}
	}
	if last.IsZero() {
		return last, errors.New("the database has no declarations: run pgb gen first, or name the month with -month")
	}
	return last.FirstOfMonth().AddMonths(1), nil
}

// openEmpty opens a fresh database of the same kind: a temporary SQLite
// file, or a new schema on the PostgreSQL server, with a data key of its own.
func openEmpty(ctx context.Context, c config.Config, main *store.DB) (*store.DB, func(), error) {
	key, _ := datakey.Generate()
	if !c.IsPostgres() {
		dir, err := os.MkdirTemp("", "pgb-bench-empty-")
		if err != nil {
			return nil, nil, err
		}
		db, err := sqlite.Open(ctx, filepath.Join(dir, "empty.db"), key)
		if err != nil {
			os.RemoveAll(dir)
			return nil, nil, err
		}
		return db, func() { os.RemoveAll(dir) }, nil
	}
	schema := fmt.Sprintf("pgb_bench_empty_%d", os.Getpid())
	if err := main.RawExec(ctx, `CREATE SCHEMA `+schema); err != nil {
		return nil, nil, err
	}
	drop := func() { _ = main.RawExec(context.WithoutCancel(ctx), `DROP SCHEMA IF EXISTS `+schema+` CASCADE`) }
	u, err := url.Parse(c.Database)
	if err != nil {
		drop()
		return nil, nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := postgres.Open(ctx, u.String(), key)
	if err != nil {
		drop()
		return nil, nil, err
	}
	return db, drop, nil
}

// benchChecks times domain.Check alone on generated declarations.
func benchChecks(w io.Writer, o benchOpts) error {
	t := time.Now()
	cfg := o.sizes
	cfg.FirstMonth = o.month
	if !cfg.FirstMonth.IsZero() {
		cfg.FirstMonth = cfg.FirstMonth.AddMonths(-cfg.Months)
	}
	p, err := synth.NewPlan(cfg, synth.Base{})
	if err != nil {
		return err
	}
	cases := p.CheckCases(o.checkN)
	if len(cases) == 0 {
		return errors.New("no declarations to check")
	}
	fmt.Fprintf(w, "\nchecks alone (domain.Check): %d generated declarations of %s, %.1f lines each (plan of %d budget holders built in %s)\n",
		len(cases), p.Config.BenchMonth().String()[:7], avgLines(cases), cfg.BudgetHolders, time.Since(t).Round(time.Millisecond))
	for _, par := range []int{1, runtime.GOMAXPROCS(0)} {
		var refused sync.Map
		start := time.Now()
		var wg sync.WaitGroup
		for g := 0; g < par; g++ {
			wg.Go(func() {
				for i := g; i < len(cases); i += par {
					if r, _ := domain.Check(cases[i].D, cases[i].In); len(r) > 0 {
						refused.Store(i, r)
					}
				}
			})
		}
		wg.Wait()
		el := time.Since(start)
		n := 0
		refused.Range(func(any, any) bool { n++; return true })
		fmt.Fprintf(w, "  %d goroutine(s): %.0f declarations/s (%.1f µs each), %d refused\n", par, float64(len(cases))/el.Seconds(),
			float64(el.Microseconds())/float64(len(cases))*float64(par), n)
		if par == runtime.GOMAXPROCS(0) {
			break
		}
	}
	return nil
}

func avgLines(cs []synth.CheckCase) float64 {
	n := 0
	for _, c := range cs {
		n += len(c.D.Lines)
	}
	return float64(n) / float64(len(cs))
}

// stats summarises latencies.
type stats struct {
	n             int
	rate          float64 // per second over the wall time
	p50, p99, max time.Duration
}

func summarize(lat []time.Duration, wall time.Duration) stats {
	if len(lat) == 0 {
		return stats{}
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	at := func(q float64) time.Duration { return s[min(len(s)-1, int(q*float64(len(s))))] }
	return stats{n: len(s), rate: float64(len(s)) / wall.Seconds(), p50: at(0.50), p99: at(0.99), max: s[len(s)-1]}
}

func (s stats) String() string {
	return fmt.Sprintf("%6.0f/s  p50 %7s  p99 %7s  max %7s", s.rate, s.p50.Round(10*time.Microsecond), s.p99.Round(10*time.Microsecond), s.max.Round(10*time.Microsecond))
}

type flowResult struct {
	svc, submit stats
	sample      *store.DeclarationRow
}

// benchFlow declares o.n months through the service and o.httpN over HTTP
// on distinct generated agreements.
func benchFlow(ctx context.Context, w io.Writer, db *store.DB, o benchOpts) (*flowResult, error) {
	clock := synth.Config{FirstMonth: o.month}.Clock()
	svc := service.New(db, service.Options{Now: func() time.Time { return clock }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t := time.Now()
	work, err := synth.FindWork(ctx, db, o.month, o.kind, o.n+o.httpN, 0)
	if err != nil {
		return nil, err
	}
	if len(work) < o.n+o.httpN {
		return nil, fmt.Errorf("only %d agreements of %s providers free for %s; %d needed (lower -n and -http-n, or generate more)", len(work), o.kind, o.month.String()[:7], o.n+o.httpN)
	}
	fmt.Fprintf(w, "  %d agreements without a declaration for %s found in %s; clock %s\n", len(work), o.month.String()[:7],
		time.Since(t).Round(time.Millisecond), clock.Format("2006-01-02 15:04"))
	work = interleaveHolders(work)
	for i := range work {
		work[i].InvoiceSize = o.invoiceBytes
	}
	res := &flowResult{}

	// Through the service layer: submit (enter and send to the budget
	// holder), approve (the checks and the reservation), one transaction each.
	svcWork := work[:o.n]
	steps := make([][2]time.Duration, len(svcWork))
	total := make([]time.Duration, len(svcWork))
	outcome := map[domain.DeclarationState]int{}
	var mu sync.Mutex
	var firstErr error
	var sampleID int64
	next := make(chan int)
	busy0 := machineBusy()
	start := time.Now()
	var wg sync.WaitGroup
	for range max(1, o.workers) {
		wg.Go(func() {
			for i := range next {
				wk := svcWork[i]
				t0 := time.Now()
				var v service.DeclarationView
				var err error
				if o.separate { // concept first, then sent: two transactions
					if v, err = svc.CreateDeclaration(ctx, wk.Provider, wk.Input()); err == nil {
						_, err = svc.SendDeclaration(ctx, wk.Provider, v.ID)
					}
				} else {
					v, err = svc.SubmitDeclaration(ctx, wk.Provider, wk.Input())
				}
				t1 := time.Now()
				if err == nil {
					v, err = svc.ApproveDeclaration(ctx, wk.Holder, v.ID)
				}
				t2 := time.Now()
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("agreement %d: %w", wk.AgreementID, err)
				}
				outcome[v.State]++
				if v.State == domain.DeclAccepted {
					sampleID = v.ID
				}
				mu.Unlock()
				steps[i] = [2]time.Duration{t1.Sub(t0), t2.Sub(t1)}
				total[i] = t2.Sub(t0)
			}
		})
	}
	for i := range svcWork {
		next <- i
	}
	close(next)
	wg.Wait()
	wall := time.Since(start)
	busy := machineBusy() - busy0
	if firstErr != nil {
		return nil, firstErr
	}
	res.svc = summarize(total, wall)
	submit := "submit (1 transaction)"
	if o.separate {
		submit = "create, send (2 transactions)"
	}
	fmt.Fprintf(w, "  service, %d workers, %d declarations (submit+approve): %s   outcome %v\n", o.workers, len(svcWork), res.svc, outcome)
	if busy > 0 && len(svcWork) > 0 {
		fmt.Fprintf(w, "    machine's CPU time (this process and the database's, %d CPUs): %s a declaration, %.0f%% busy\n",
			runtime.NumCPU(), (busy / time.Duration(len(svcWork))).Round(10*time.Microsecond), 100*busy.Seconds()/(wall.Seconds()*float64(runtime.NumCPU())))
	}
	for k, name := range []string{submit, "approve (checks + reserve)"} {
		var l []time.Duration
		for _, s := range steps {
			l = append(l, s[k])
		}
		fmt.Fprintf(w, "    %-27s %s\n", name, summarize(l, wall))
	}
	if sampleID != 0 {
		_ = db.View(ctx, func(tx *store.Tx) error {
			r, err := tx.DeclarationByID(ctx, sampleID, false)
			if err == nil {
				res.sample = &r
			}
			return err
		})
	}
	if o.httpN > 0 {
		if res.submit, err = benchHTTP(ctx, w, svc, work[o.n:], o.conc); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// machineBusy is the CPU time all processes of the machine have used since
// it started (Linux's /proc/stat: user, nice, system, irq and softirq),
// or 0 where that cannot be read. The database server's share counts too.
func machineBusy() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return 0
	}
	var ticks int64
	for _, i := range []int{1, 2, 3, 6, 7} {
		n, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			return 0
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / 100 // USER_HZ
}

// interleaveHolders orders the work so that neighbours belong to different
// budget holders: a budget holder approves one declaration at a time, and
// the workers, taking the work in order, act for different people (found in
// agreement order, a holder's two or three agreements would be approved at
// the same instant, queueing on the grant's lock).
func interleaveHolders(work []synth.Work) []synth.Work {
	rank := map[int64]int{} // how many of the holder's came before
	ranks := make([]int, len(work))
	for i, wk := range work {
		ranks[i] = rank[wk.Holder.Role.BudgetHolderID]
		rank[wk.Holder.Role.BudgetHolderID]++
	}
	idx := make([]int, len(work))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return ranks[a] - ranks[b] })
	out := make([]synth.Work, len(work))
	for i, j := range idx {
		out[i] = work[j]
	}
	return out
}

// benchHTTP submits declarations through the JSON API with bearer tokens
// made through the service, from conc concurrent clients on loopback.
func benchHTTP(ctx context.Context, w io.Writer, svc *service.Service, work []synth.Work, conc int) (stats, error) {
	type toks struct{ provider, holder string }
	tk := make([]toks, len(work))
	t := time.Now()
	for i, wk := range work {
		var err error
		if tk[i].provider, err = svc.CreateAPIToken(ctx, service.System, wk.Provider.AccountID, wk.Provider.Role.ID, "bench"); err != nil {
			return stats{}, fmt.Errorf("token: %w", err)
		}
		if tk[i].holder, err = svc.CreateAPIToken(ctx, service.System, wk.Holder.AccountID, wk.Holder.Role.ID, "bench"); err != nil {
			return stats{}, fmt.Errorf("token: %w", err)
		}
	}
	srv := httptest.NewServer(api.New(svc, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}}
	defer client.CloseIdleConnections()
	fmt.Fprintf(w, "  HTTP: %d pairs of API tokens made in %s; %s\n", len(work), time.Since(t).Round(time.Millisecond), srv.URL)
	post := func(path, token string, body any) (int, []byte, error) {
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+path, rd)
		req.Header.Set("Authorization", "Bearer "+token)
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
	type line struct {
		Date       string `json:"date"`
		CareType   string `json:"care_type"`
		Unit       string `json:"unit"`
		Hundredths int64  `json:"units_hundredths"`
	}
	submit := make([]time.Duration, len(work))
	approve := make([]time.Duration, len(work))
	states := map[string]int{}
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	start := time.Now()
	var wg sync.WaitGroup
	for range max(1, conc) {
		wg.Go(func() {
			for i := range next {
				wk := work[i]
				body := map[string]any{"agreement_id": wk.AgreementID, "month": wk.Month.String()[:7]}
				var ls []line
				for _, l := range wk.Lines {
					ls = append(ls, line{l.Date.String(), l.CareType, string(l.Unit), l.Units})
				}
				body["lines"] = ls
				body["send"] = true // entered and sent to the budget holder at once
				if wk.Invoice {     // with its invoice, in the same request
					body["invoice_number"], body["invoice_total_cents"] = wk.InvoiceNumber(), int64(wk.Total())
					body["files"] = []map[string]any{{"filename": wk.InvoiceNumber() + ".pdf", "content_base64": wk.InvoicePDF()}}
				}
				t0 := time.Now()
				code, out, err := post("/api/v1/declarations", tk[i].provider, body)
				submit[i] = time.Since(t0)
				var d struct {
					ID    int64  `json:"id"`
					State string `json:"state"`
				}
				if err == nil && code != http.StatusCreated {
					err = fmt.Errorf("submit: %d %s", code, out)
				}
				if err == nil {
					err = json.Unmarshal(out, &d)
				}
				if err == nil {
					t2 := time.Now()
					code, out, err = post("/api/v1/declarations/"+strconv.FormatInt(d.ID, 10)+"/approve", tk[i].holder, nil)
					approve[i] = time.Since(t2)
					if err == nil && code != http.StatusOK {
						err = fmt.Errorf("approve: %d %s", code, out)
					}
					if err == nil {
						err = json.Unmarshal(out, &d)
					}
				}
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("agreement %d: %w", wk.AgreementID, err)
				}
				states[d.State]++
				mu.Unlock()
			}
		})
	}
	for i := range work {
		next <- i
	}
	close(next)
	wg.Wait()
	wall := time.Since(start)
	if firstErr != nil {
		return stats{}, firstErr
	}
	sub := summarize(submit, wall)
	fmt.Fprintf(w, "  HTTP, %d clients, %d declarations: submit (POST /api/v1/declarations, \"send\": true) %s   outcome %v\n", conc, len(work), sub, states)
	fmt.Fprintf(w, "    %-27s %s\n", "approve (checks + reserve)", summarize(approve, wall))
	return sub, nil
}

// checkQueries are the queries of the checks' facts (the store's own: the
// provider's days, and the counts of one row there, timed here one by one)
// and the declaration's own reads, with the arguments they take for r.
func checkQueries(d store.Dialect, r store.DeclarationRow) []store.FactQuery {
	daysQ, daysArgs := store.ProviderDaysSQL(d, r)
	qs := []store.FactQuery{{Name: "provider's hours and this budget holder's care types per day around the period", SQL: daysQ, Args: daysArgs}}
	qs = append(qs, store.FactQueries(r)...)
	for i := range qs {
		qs[i].Name = "CheckFacts: " + qs[i].Name
	}
	year := r.D.Period.Start.Year
	return append(qs,
		store.FactQuery{Name: "declaration's lines", SQL: `SELECT ` + store.DeclLineCols + ` FROM declaration_lines WHERE declaration_id = ? ORDER BY day, id`, Args: []any{r.ID}},
		store.FactQuery{Name: "tariff", SQL: `SELECT max_rate_cents FROM tariffs WHERE law = ? AND care_type = ? AND provider_kind = ? AND year <= ? AND organisation_id IN (0, ?)
			ORDER BY organisation_id DESC, year DESC LIMIT 1`, Args: []any{"wlz", "begeleiding", "informeel", year, int64(1)}},
		store.FactQuery{Name: "attachments", SQL: `SELECT id FROM attachments WHERE owner_type = ? AND owner_id = ?`, Args: []any{"declaration", r.ID}},
		store.FactQuery{Name: "grant's postings", SQL: `SELECT id FROM postings WHERE grant_id = ? ORDER BY id`, Args: []any{r.GrantID}})
}

// scanLine matches a plan line that reads a whole table.
var scanLine = regexp.MustCompile(`(?i)(?:Seq Scan on (\w+)|^\W*SCAN (\w+)$|SCAN (\w+) *$)`)

// scannedTable is the table a plan line scans whole, or "".
func scannedTable(line string) string {
	m := scanLine.FindStringSubmatch(strings.TrimSpace(line))
	for _, t := range m[min(1, len(m)):] {
		if t != "" {
			return t
		}
	}
	return ""
}

// busiestProviderDeclaration loads the latest declaration of the provider
// with the most agreements: the checks' queries read the most rows for it.
func busiestProviderDeclaration(ctx context.Context, db *store.DB) (store.DeclarationRow, bool) {
	var id int64
	err := db.RawQuery(ctx, `SELECT d.id FROM declarations d WHERE d.provider_id =
		(SELECT provider_id FROM agreements GROUP BY provider_id ORDER BY COUNT(*) DESC LIMIT 1) ORDER BY d.period_start DESC, d.id DESC LIMIT 1`, nil,
		func(r *sql.Rows) error { return r.Scan(&id) })
	if err != nil || id == 0 {
		return store.DeclarationRow{}, false
	}
	var r store.DeclarationRow
	err = db.View(ctx, func(tx *store.Tx) error {
		var err error
		r, err = tx.DeclarationByID(ctx, id, false)
		return err
	})
	return r, err == nil
}

// timeQuery runs a query five times and returns the median time and the
// rows it returned.
func timeQuery(ctx context.Context, db *store.DB, q string, args []any) (time.Duration, int, error) {
	var ts []time.Duration
	n := 0
	for range 5 {
		n = 0
		t := time.Now()
		err := db.RawQuery(ctx, q, args, func(*sql.Rows) error { n++; return nil })
		if err != nil {
			return 0, 0, err
		}
		ts = append(ts, time.Since(t))
	}
	slices.Sort(ts)
	return ts[2], n, nil
}

// explainChecks prints the plan of each of the checks' queries for a real
// declaration, flags table scans, and times each query.
func explainChecks(ctx context.Context, w io.Writer, db *store.DB, r store.DeclarationRow, whose string) error {
	prefix := "EXPLAIN "
	if db.Dialect().Name == "sqlite" {
		prefix = "EXPLAIN QUERY PLAN "
	}
	var lines int64
	_ = db.RawQuery(ctx, `SELECT COUNT(*) FROM declaration_lines WHERE provider_id = ?`, []any{r.ProviderID}, func(rows *sql.Rows) error { return rows.Scan(&lines) })
	fmt.Fprintf(w, "\nquery plans of the checks' queries for %s declaration %d (provider %d, %d declaration lines in all):\n", whose, r.ID, r.ProviderID, lines)
	for _, q := range checkQueries(db.Dialect(), r) {
		var lines []string
		err := db.RawQuery(ctx, prefix+q.SQL, q.Args, func(rows *sql.Rows) error {
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
			return nil
		})
		if err != nil {
			fmt.Fprintf(w, "  %s: %v\n", q.Name, err)
			continue
		}
		// A table scan is flagged; of a table without rows it is what a
		// planner rightly does (no sick reports or invoices generated).
		flag := "index"
		for _, l := range lines {
			if table := scannedTable(l); table != "" {
				rows := 0 // (a plan may name the table by its alias: then the query fails, and the scan is flagged)
				err := db.RawQuery(ctx, `SELECT 1 FROM `+table+` LIMIT 1`, nil, func(*sql.Rows) error { rows++; return nil })
				if err != nil || rows > 0 {
					flag = "TABLE SCAN"
				} else if flag == "index" {
					flag = "scan of an empty table"
				}
			}
		}
		el, n, err := timeQuery(ctx, db, q.SQL, q.Args)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  [%s] %s: %s median of 5, %d row(s)\n", flag, q.Name, el.Round(time.Microsecond), n)
		for _, l := range lines {
			fmt.Fprintf(w, "      %s\n", l)
		}
	}
	return nil
}

// findPgbench looks for pgbench on PATH and in Debian's PostgreSQL folders.
func findPgbench() string {
	if p, err := exec.LookPath("pgbench"); err == nil {
		return p
	}
	ms, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pgbench")
	if len(ms) > 0 {
		return ms[len(ms)-1]
	}
	return ""
}

// runPgbench runs pgbench in a database of its own beside the configured
// one, as a reference for what the server does with a simple workload.
func runPgbench(ctx context.Context, w io.Writer, db *store.DB, dbURL string, secs int) (tps float64) {
	bin := findPgbench()
	if bin == "" {
		fmt.Fprintln(w, "\npgbench: not installed; skipped")
		return 0
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		fmt.Fprintln(w, "pgbench:", err)
		return 0
	}
	name := fmt.Sprintf("%s_pgbench_%d", strings.TrimPrefix(u.Path, "/"), os.Getpid()) // a scratch database, dropped afterwards
	_ = db.RawExec(ctx, `DROP DATABASE IF EXISTS `+name)
	if err := db.RawExec(ctx, `CREATE DATABASE `+name); err != nil {
		fmt.Fprintln(w, "\npgbench: cannot create its database:", err)
		return 0
	}
	defer db.RawExec(context.WithoutCancel(ctx), `DROP DATABASE IF EXISTS `+name)
	u.Path = "/" + name
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	if out, err := exec.CommandContext(ctx, bin, "-q", "-i", "-s", "10", u.String()).CombinedOutput(); err != nil {
		fmt.Fprintf(w, "\npgbench -i: %v\n%s", err, out)
		return 0
	}
	out, err := exec.CommandContext(ctx, bin, "-c", "4", "-j", "2", "-T", strconv.Itoa(max(1, secs)), u.String()).CombinedOutput()
	if err != nil {
		fmt.Fprintf(w, "\npgbench: %v\n%s", err, out)
		return 0
	}
	m := regexp.MustCompile(`tps = ([0-9.]+)`).FindStringSubmatch(string(out))
	lat := regexp.MustCompile(`latency average = ([0-9.]+ ms)`).FindStringSubmatch(string(out))
	if len(m) < 2 || len(lat) < 2 {
		fmt.Fprintf(w, "\npgbench:\n%s", out)
		return 0
	}
	fmt.Fprintf(w, "\npgbench reference (TPC-B-like, scale 10, -c 4 -j 2 -T %d): %s tps, latency average %s\n", max(1, secs), m[1], lat[1])
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}
