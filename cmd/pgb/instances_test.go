package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/loadtest/synth"
	"github.com/pgbportaal/pgbportaal/internal/mail/smtptest"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// instance is a running `pgb serve` OS process.
type instance struct {
	name string
	url  string
	cmd  *exec.Cmd
	log  *syncBuffer // its log (stderr)
}

// startInstance starts this test binary as `pgb serve` (TestMain runs
// main() under PGB_TEST_RUN_MAIN=1): a process of its own that shares
// nothing with the test or the other instance but the database.
func startInstance(t *testing.T, name string, env []string) *instance {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), append([]string{"PGB_TEST_RUN_MAIN=1"}, env...)...)
	stdout, _ := cmd.StdoutPipe()
	logs := &syncBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "pgbportaal: "); ok {
				urls <- strings.TrimSuffix(u, "/")
			}
		}
	}()
	select {
	case u := <-urls:
		return &instance{name: name, url: u, cmd: cmd, log: logs}
	case <-time.After(90 * time.Second):
		t.Fatalf("instance %s did not start", name)
	}
	return nil
}

var client = &http.Client{Timeout: 2 * time.Minute}

// call sends a JSON request with a bearer token and returns the status and body.
func (in *instance) call(t *testing.T, method, path, token string, body any) (int, []byte) {
	t.Helper()
	code, out, _ := in.callHeader(t, method, path, token, body)
	return code, out
}

// callHeader is call with the answer's header.
func (in *instance) callHeader(t *testing.T, method, path, token string, body any) (int, []byte, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, in.url+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Errorf("%s %s %s: %v", in.name, method, path, err)
		return 0, nil, nil
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out, resp.Header
}

// declarationBody is the API's body for a work item, sent to the holder at once.
func declarationBody(wk synth.Work) map[string]any {
	var lines []map[string]any
	for _, l := range wk.Lines {
		lines = append(lines, map[string]any{"date": l.Date.String(), "care_type": l.CareType, "unit": string(l.Unit), "units_hundredths": l.Units})
	}
	return map[string]any{"agreement_id": wk.AgreementID, "month": wk.Month.String()[:7], "lines": lines, "send": true}
}

// TestTwoInstancesOneDatabase runs two real `pgb serve` processes on one
// PostgreSQL schema, as an operator runs them behind a load balancer, and
// checks what must hold across processes: a tariff changed is in force at
// once in both (nothing caches it); approvals against one grant on both
// never overspend it; payment runs started on both at once pay each
// declaration exactly once; each mail in the outbox is sent once although
// both processes deliver mail.
func TestTwoInstancesOneDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	database := testpg.URL(t)
	ctx := context.Background()
	sink, err := smtptest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	host, port, _ := strings.Cut(sink.Addr, ":")
	common := map[string]string{"PGB_DATABASE": database, "PGB_DATA_KEY": testpg.DataKey,
		"PGB_DEBTOR_NAME": "SVB pgb test", "PGB_DEBTOR_IBAN": "NL97INGB0000002445",
		"PGB_SMTP_HOST": host, "PGB_SMTP_PORT": port, "PGB_SMTP_STARTTLS": "never", "PGB_MAIL_FROM": "pgb@example.nl"}
	env := map[string]string{"PGB_FILES": t.TempDir()}
	for k, v := range common {
		env[k] = v
	}
	if out, err := pgb(t, env, "", "gen", "-holders", "40", "-agreements", "80", "-per-month", "60", "-months", "2", "-first-month", "2026-09", "-analyze=false"); err != nil {
		t.Fatalf("gen: %v\n%s", err, out)
	}

	// The test is the operator: it reads the database and makes tokens
	// through a service of its own (a third process, in effect).
	c, _, err := config.Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	svc, db, err := openService(ctx, c, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	queryRow := func(q string, args []any, dest ...any) error {
		found := false
		err := db.RawQuery(ctx, q, args, func(r *sql.Rows) error { found = true; return r.Scan(dest...) })
		if err == nil && !found {
			err = sql.ErrNoRows
		}
		return err
	}
	count := func(q string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := queryRow(q, args, &n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	month := domain.Date{Year: 2026, Month: 11, Day: 1}
	work, err := synth.FindWork(ctx, db, month, domain.ProviderInformal, 60, 0)
	if err != nil || len(work) < 20 {
		t.Fatalf("work: %d, %v", len(work), err)
	}
	tk := workTokens(t, ctx, svc, work)

	inst := make([]*instance, 2)
	var wg sync.WaitGroup
	for i, name := range []string{"A", "B"} {
		e := []string{"PGB_FILES=" + t.TempDir()} // each its own disk, as on two machines
		for k, v := range common {
			e = append(e, k+"="+v)
		}
		wg.Go(func() { inst[i] = startInstance(t, name, e) })
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	b := inst[1]

	// 1. A tariff changed is in force at once in both processes. Both have
	// served a declaration of the care type first (a cache would be warm).
	// The first three work items: three agreements under one law whose
	// first lines are of one care type.
	laws := make([]string, len(work))
	for i, wk := range work {
		if err := queryRow(`SELECT g.law FROM agreements a JOIN grants g ON g.id = a.grant_id WHERE a.id = ?`, []any{wk.AgreementID}, &laws[i]); err != nil {
			t.Fatal(err)
		}
	}
	picked := 1
	for i := 1; i < len(work) && picked < 3; i++ {
		if laws[i] == laws[0] && work[i].Lines[0].CareType == work[0].Lines[0].CareType {
			work[picked], work[i] = work[i], work[picked]
			tk[picked], tk[i] = tk[i], tk[picked]
			laws[picked], laws[i] = laws[i], laws[picked]
			picked++
		}
	}
	if picked < 3 {
		t.Fatal("the generated work has no three agreements of one law and care type")
	}
	w0, w1, w2 := work[0], work[1], work[2]
	careType, law := w0.Lines[0].CareType, laws[0]
	for i, wk := range []synth.Work{w1, w2} {
		if code, out := inst[i].call(t, "POST", "/api/v1/declarations", tk[1+i].provider, declarationBody(wk)); code != http.StatusCreated {
			t.Fatalf("%s: before the tariff change: %d %s", inst[i].name, code, out)
		}
	}
	// The rate in force is the funder's own where it set one, else the
	// national one: the change is made as whoever set it (the test's own
	// service, a third process).
	setter := service.System
	var org int64
	if err := queryRow(`SELECT t.organisation_id FROM tariffs t, agreements a JOIN grants g ON g.id = a.grant_id
		WHERE a.id = ? AND t.law = g.law AND t.care_type = ? AND t.provider_kind = ? AND t.organisation_id IN (0, g.verstrekker_id) AND t.year <= 2026
		ORDER BY t.organisation_id DESC, t.year DESC LIMIT 1`, []any{w0.AgreementID, careType, string(domain.ProviderInformal)}, &org); err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	}
	if org != 0 {
		setter = service.Actor{MFA: true, Role: domain.AccountRole{Role: domain.RoleVerstrekker, OrganisationID: org}}
		var code string
		if err := queryRow(`SELECT code FROM organisations WHERE id = ?`, []any{org}, &code); err != nil {
			t.Fatal(err)
		}
		if out, err := pgb(t, env, "een lang wachtwoord voor de gemeente\n", "user", "create", "-email", "gemeente-test@example.nl", "-name", "G. Meente", "-password", "-", "-role", "verstrekker", "-org", code); err != nil {
			t.Fatalf("staff account: %v %s", err, out)
		}
		if err := queryRow(`SELECT account_id, id FROM account_roles WHERE role = ? AND organisation_id = ? ORDER BY id LIMIT 1`,
			[]any{string(domain.RoleVerstrekker), org}, &setter.AccountID, &setter.Role.ID); err != nil {
			t.Fatalf("staff of organisation %d: %v", org, err)
		}
		setter.Role.AccountID = setter.AccountID
	}
	putTariff := func(rate string) {
		t.Helper()
		if _, err := svc.PutTariff(ctx, setter, service.TariffInput{Year: "2026", Law: law, CareType: careType,
			ProviderKind: string(domain.ProviderInformal), MaxRate: rate, Source: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	putTariff("0,01")
	for _, in := range inst {
		code, out := in.call(t, "POST", "/api/v1/declarations", tk[0].provider, declarationBody(w0))
		if code == http.StatusCreated || !strings.Contains(string(out), "rate") {
			t.Errorf("%s: a declaration above the new maximum rate: %d %s", in.name, code, out)
		}
	}
	putTariff("10000,00")
	if code, out := b.call(t, "POST", "/api/v1/declarations", tk[0].provider, declarationBody(w0)); code != http.StatusCreated {
		t.Errorf("B: after the maximum went up again: %d %s", code, out)
	}

	// 2. Approvals on both processes at once never overspend a grant. The
	// rest is submitted; then each grant keeps room for its largest pending
	// declaration only, and all are approved at once, alternating processes.
	ids := make([]int64, len(work))
	total := map[int64]int64{}
	for i := 3; i < len(work); i++ {
		code, out := inst[i%2].call(t, "POST", "/api/v1/declarations", tk[i].provider, declarationBody(work[i]))
		var d struct {
			ID int64 `json:"id"`
		}
		if code != http.StatusCreated || json.Unmarshal(out, &d) != nil {
			t.Fatalf("submit: %d %s", code, out)
		}
		ids[i] = d.ID
	}
	for i := range 3 { // the first three, sent in step 1
		if err := queryRow(`SELECT id FROM declarations WHERE agreement_id = ? AND period_start = ?`, []any{work[i].AgreementID, month}, &ids[i]); err != nil {
			t.Fatal(err)
		}
	}
	room := map[int64]int64{} // grant → room left for November
	if err := db.RawQuery(ctx, `SELECT grant_id, MAX(total_cents), SUM(total_cents) FROM declarations WHERE period_start = ? GROUP BY grant_id`, []any{month}, func(r *sql.Rows) error {
		var g, mx, sum int64
		if err := r.Scan(&g, &mx, &sum); err != nil {
			return err
		}
		room[g], total[g] = mx, sum
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	tight := 0
	for g, r := range room {
		if total[g] > r {
			tight++
		}
		if err := db.RawExec(ctx, `UPDATE grant_balances SET granted_cents = reserved_cents + paid_cents + ? WHERE grant_id = ?`, r, g); err != nil {
			t.Fatal(err)
		}
	}
	if tight == 0 {
		t.Fatal("no grant has two declarations this month: the test would not test overspending")
	}
	start := make(chan struct{})
	codes := make([]int, len(work))
	for i := range work {
		wg.Go(func() {
			<-start
			codes[i], _ = inst[i%2].call(t, "POST", "/api/v1/declarations/"+strconv.FormatInt(ids[i], 10)+"/approve", tk[i].holder, nil)
		})
	}
	close(start)
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusOK && code != http.StatusConflict {
			t.Errorf("approve %d: %d", ids[i], code)
		}
	}
	accepted := map[int64]int64{}
	if err := db.RawQuery(ctx, `SELECT grant_id, SUM(total_cents) FROM declarations WHERE period_start = ? AND state = ? GROUP BY grant_id`,
		[]any{month, string(domain.DeclAccepted)}, func(r *sql.Rows) error {
			var g, sum int64
			if err := r.Scan(&g, &sum); err != nil {
				return err
			}
			accepted[g] = sum
			return nil
		}); err != nil {
		t.Fatal(err)
	}
	for g, sum := range accepted {
		if sum > room[g] {
			t.Errorf("grant %d: %d cents accepted with room for %d", g, sum, room[g])
		}
	}
	refused := count(`SELECT COUNT(*) FROM declarations WHERE period_start = ? AND state <> ?`, month, string(domain.DeclAccepted))
	t.Logf("approvals: %d grants with room for one declaration of several; %d of %d declarations not accepted", tight, refused, len(work))
	if refused == 0 {
		t.Error("every declaration was accepted: the budgets did not bind")
	}

	// 3. Payment runs started on both processes at once: one run, each
	// declaration paid once. Each process writes the file on its own disk.
	svbOrg := "SVB-TEST"
	if _, err := svc.CreateOrganisation(ctx, service.System, domain.Organisation{Kind: domain.SVB, Name: "Sociale Verzekeringsbank", Code: svbOrg}); err != nil {
		t.Fatal(err)
	}
	if out, err := pgb(t, env, "een lang wachtwoord voor de svb\n", "user", "create", "-email", "svb-test@example.nl", "-name", "S. V. B.", "-password", "-", "-role", "svb", "-org", svbOrg); err != nil {
		t.Fatalf("svb account: %v %s", err, out)
	}
	var svbAcc, svbRole int64
	if err := queryRow(`SELECT account_id, id FROM account_roles WHERE role = ? ORDER BY id DESC LIMIT 1`, []any{string(domain.RoleSVB)}, &svbAcc, &svbRole); err != nil {
		t.Fatal(err)
	}
	svb, err := svc.CreateAPIToken(ctx, service.System, svbAcc, svbRole, "t")
	if err != nil {
		t.Fatal(err)
	}
	payable := count(`SELECT COUNT(*) FROM declarations WHERE state = ? AND total_cents > 0 AND payment_run_id IS NULL AND period_end <= '2026-11-30'`, string(domain.DeclAccepted))
	runIDs := make([]int64, 2)
	both := func(path string, body any) {
		start := make(chan struct{})
		for i, in := range inst {
			wg.Go(func() {
				<-start
				code, out := in.call(t, "POST", path, svb, body)
				var r struct {
					ID  int64 `json:"id"`
					Run struct {
						ID int64 `json:"id"`
					} `json:"run"`
				}
				if (code != http.StatusOK && code != http.StatusCreated) || json.Unmarshal(out, &r) != nil {
					t.Errorf("%s %s: %d %s", in.name, path, code, out)
				}
				runIDs[i] = max(r.ID, r.Run.ID)
			})
		}
		close(start)
		wg.Wait()
	}
	// The run is a job (202, the job at Location): started on both at once,
	// the exclusive jobs run one after the other, and the second finds the
	// run the first made.
	jobIDs := make([]int64, 2)
	begin := make(chan struct{})
	for i, in := range inst {
		wg.Go(func() {
			<-begin
			code, out := in.call(t, "POST", "/api/v1/payruns", svb, map[string]any{"cutoff": "2026-11-30"})
			var r struct {
				Job struct {
					ID int64 `json:"id"`
				} `json:"job"`
			}
			if code != http.StatusAccepted || json.Unmarshal(out, &r) != nil {
				t.Errorf("%s start: %d %s", in.name, code, out)
			}
			jobIDs[i] = r.Job.ID
		})
	}
	close(begin)
	wg.Wait()
	for i, in := range inst {
		for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
			code, out := in.call(t, "GET", "/api/v1/jobs/"+strconv.FormatInt(jobIDs[i], 10), svb, nil)
			var j struct {
				State  string `json:"state"`
				Result struct {
					PayRunID int64 `json:"payrun_id"`
				} `json:"result"`
			}
			if code != http.StatusOK || json.Unmarshal(out, &j) != nil || j.State == "failed" {
				t.Fatalf("%s job %d: %d %s", in.name, jobIDs[i], code, out)
			}
			if j.State == "done" {
				runIDs[i] = j.Result.PayRunID
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s job %d not done: %s", in.name, jobIDs[i], out)
			}
		}
	}
	if runIDs[0] != runIDs[1] || runIDs[0] == 0 {
		t.Fatalf("two runs started at once on two processes: %v", runIDs)
	}
	if n := count(`SELECT COUNT(*) FROM jobs WHERE kind = 'payrun' AND attempts <> 1`); n != 0 {
		t.Errorf("%d payment run jobs ran more than once", n)
	}
	run := "/api/v1/payruns/" + strconv.FormatInt(runIDs[0], 10)
	both(run+"/file", nil)
	both(run+"/execute", nil)
	if n := count(`SELECT COUNT(*) FROM payment_runs`); n != 1 {
		t.Errorf("%d runs", n)
	}
	if n := count(`SELECT COUNT(*) FROM postings WHERE kind = 'paid' AND ref_id IN (SELECT id FROM declarations WHERE payment_run_id = ?)`, runIDs[0]); n != payable {
		t.Errorf("%d paid postings, %d declarations were payable", n, payable)
	}
	if n := count(`SELECT COUNT(*) FROM (SELECT ref_id FROM postings WHERE kind = 'paid' GROUP BY ref_id HAVING COUNT(*) > 1) x`); n != 0 {
		t.Errorf("%d declarations paid twice", n)
	}
	if n := count(`SELECT COUNT(*) FROM payment_transfers t WHERE t.amount_cents <> (SELECT SUM(total_cents) FROM declarations d WHERE d.payment_transfer_id = t.id)`); n != 0 {
		t.Errorf("%d transfers whose amount is not the sum of their declarations", n)
	}
	t.Logf("payment run %d: %d declarations paid once", runIDs[0], payable)

	// 4. Both processes deliver the outbox (every 15 s, the first at once):
	// each mail reaches the SMTP server once.
	mails := count(`SELECT COUNT(*) FROM outbox`)
	if mails == 0 {
		t.Fatal("no mail in the outbox")
	}
	deadline := time.Now().Add(2 * time.Minute)
	for count(`SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the outbox was not delivered in time")
		}
		time.Sleep(time.Second)
	}
	seen := map[string]int{}
	msgID := regexp.MustCompile(`(?i)Message-ID: *<([^>]+)>`)
	for _, r := range sink.Received() {
		m := msgID.FindStringSubmatch(r.Data)
		if m == nil {
			t.Fatalf("a mail without Message-ID: %.200s", r.Data)
		}
		seen[m[1]]++
	}
	sent := count(`SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL`)
	for id, n := range seen {
		if n > 1 {
			t.Errorf("%s sent %d times", id, n)
		}
	}
	if int64(len(seen)) != sent {
		t.Errorf("%d distinct mails received, %d marked sent", len(seen), sent)
	}
	t.Logf("mail: %d in the outbox, %d received by SMTP from two processes", mails, len(sink.Received()))

	// 5. A revoked token fails at once on both processes: neither keeps
	// what it read of a token, only when it was last used, and that it
	// writes a few seconds later, or when it stops (SIGINT: what waits is
	// written before the store closes).
	job := "/api/v1/jobs/" + strconv.FormatInt(jobIDs[0], 10)
	token := func(name string) (string, int64) {
		tok, err := svc.CreateAPIToken(ctx, service.System, svbAcc, svbRole, name)
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		if err := queryRow(`SELECT id FROM api_tokens WHERE token_hash = ?`, []any{auth.HashToken(tok)}, &id); err != nil {
			t.Fatal(err)
		}
		return tok, id
	}
	revoked, revokedID := token("revoked")
	for _, in := range inst {
		if code, out := in.call(t, "GET", job, revoked, nil); code != http.StatusOK {
			t.Fatalf("%s: %d %s", in.name, code, out)
		}
	}
	if err := svc.RevokeAPIToken(ctx, service.System, revokedID); err != nil {
		t.Fatal(err)
	}
	for _, in := range inst {
		if code, _ := in.call(t, "GET", job, revoked, nil); code != http.StatusUnauthorized {
			t.Errorf("%s: a revoked token answered %d", in.name, code)
		}
	}
	stopped, stoppedID := token("stopped")
	if code, out := b.call(t, "GET", job, stopped, nil); code != http.StatusOK {
		t.Fatalf("B: %d %s", code, out)
	}
	b.cmd.Process.Signal(os.Interrupt) // before its flush is due
	b.cmd.Wait()
	var used sql.NullTime
	if err := queryRow(`SELECT last_used_at FROM api_tokens WHERE id = ?`, []any{stoppedID}, &used); err != nil || !used.Valid {
		t.Errorf("the last use of a token on a process that stopped was not written: %v %v", used, err)
	}
}

// workTokens are the API tokens of each work item's provider and holder.
type workToken struct{ provider, holder string }

func workTokens(t *testing.T, ctx context.Context, svc *service.Service, work []synth.Work) []workToken {
	t.Helper()
	tk := make([]workToken, len(work))
	for i, wk := range work {
		var err error
		if tk[i].provider, err = svc.CreateAPIToken(ctx, service.System, wk.Provider.AccountID, wk.Provider.Role.ID, "t"); err != nil {
			t.Fatal(err)
		}
		if tk[i].holder, err = svc.CreateAPIToken(ctx, service.System, wk.Holder.AccountID, wk.Holder.Role.ID, "t"); err != nil {
			t.Fatal(err)
		}
	}
	return tk
}
