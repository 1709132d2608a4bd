package main

import (
	"bufio"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// TestMain lets the test binary be the pgb command for the crash test: a
// child started with PGB_TEST_RUN_MAIN=1 runs main() and can be killed.
func TestMain(m *testing.M) {
	if os.Getenv("PGB_TEST_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestPayRunKilledAtEveryStep kills a real pgb payrun process with SIGKILL
// at each step of the run, then runs it again: every declaration that was
// accepted ends up paid exactly once, in one executed transfer, with one
// paid posting, and the ledger's balances add up.
func TestPayRunKilledAtEveryStep(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dbs := map[string]func(t *testing.T) (string, string){
		"sqlite": func(t *testing.T) (string, string) {
			p := filepath.Join(t.TempDir(), "pgb.db")
			return p, "sqlite"
		},
		"postgres": func(t *testing.T) (string, string) { return testpg.URL(t), "pgx" },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		for _, step := range []string{service.StepPrepared, service.StepFileTemp, service.StepFileRenamed, service.StepExecute} {
			t.Run(name+"/"+step, func(t *testing.T) {
				database, driver := dbs[name](t)
				files := t.TempDir()
				env := map[string]string{"PGB_DATABASE": database, "PGB_FILES": files, "PGB_DATA_KEY": testpg.DataKey, "PGB_DEBTOR_NAME": "SVB pgb test", "PGB_DEBTOR_IBAN": "NL97INGB0000002445"}
				if out, err := pgb(t, env, "", "gen", "-holders", "60", "-agreements", "120", "-per-month", "100", "-months", "2", "-first-month", "2026-08", "-analyze=false"); err != nil {
					t.Fatalf("gen: %v\n%s", err, out)
				}
				db, err := sql.Open(driver, database)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				count := func(q string) int64 {
					t.Helper()
					var n int64
					if err := db.QueryRow(q).Scan(&n); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
					return n
				}
				accepted := count(`SELECT COUNT(*) FROM declarations WHERE state = 'geaccepteerd' AND total_cents > 0 AND period_end <= '2026-10-31'`)
				if accepted == 0 {
					t.Fatal("the generated data has no accepted declarations to pay")
				}

				// The child pauses at the step; then it is killed outright.
				cmd := exec.Command(os.Args[0], "payrun", "-execute", "-cutoff", "2026-10-31")
				cmd.Env = append(os.Environ(), "PGB_TEST_RUN_MAIN=1", "PGB_PAUSE_AT="+step, "PGB_DATABASE="+database, "PGB_FILES="+files, "PGB_DATA_KEY="+testpg.DataKey, "PGB_DEBTOR_NAME=SVB pgb test", "PGB_DEBTOR_IBAN=NL97INGB0000002445")
				stderr, _ := cmd.StderrPipe()
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				paused := make(chan bool, 1)
				go func() {
					sc := bufio.NewScanner(stderr)
					for sc.Scan() {
						if strings.Contains(sc.Text(), "paused at "+step) {
							paused <- true
						}
					}
					close(paused)
				}()
				select {
				case ok := <-paused:
					if !ok {
						cmd.Wait()
						t.Fatal("the child ended without reaching the step")
					}
				case <-time.After(60 * time.Second):
					cmd.Process.Kill()
					t.Fatal("the child did not reach the step in time")
				}
				if err := cmd.Process.Kill(); err != nil { // SIGKILL: no deferred code, no rollback by the program
					t.Fatal(err)
				}
				cmd.Wait()

				// Start again, as a scheduler would.
				out, err := pgb(t, env, "", "payrun", "-execute", "-cutoff", "2026-10-31")
				if err != nil || !strings.Contains(out, "state: uitgevoerd") {
					t.Fatalf("after the kill: %v\n%s", err, out)
				}
				if step != service.StepPrepared && !strings.Contains(out, "(resumed)") {
					t.Errorf("the open run was not resumed:\n%s", out)
				}
				if n := count(`SELECT COUNT(*) FROM payment_runs`); n != 1 {
					t.Errorf("%d runs", n)
				}
				if n := count(`SELECT COUNT(*) FROM declarations WHERE state = 'betaald'`); n != accepted {
					t.Errorf("%d paid, %d were accepted", n, accepted)
				}
				if n := count(`SELECT COUNT(*) FROM postings WHERE kind = 'paid'`); n != accepted {
					t.Errorf("%d paid postings for %d declarations", n, accepted)
				}
				if n := count(`SELECT COUNT(*) FROM (SELECT ref_id FROM postings WHERE kind = 'paid' GROUP BY ref_id HAVING COUNT(*) > 1) x`); n != 0 {
					t.Errorf("%d declarations paid twice", n)
				}
				if n := count(`SELECT COUNT(*) FROM declarations d LEFT JOIN payment_transfers t ON t.id = d.payment_transfer_id
					WHERE d.state = 'betaald' AND (t.state IS NULL OR t.state <> 'uitgevoerd')`); n != 0 {
					t.Errorf("%d paid declarations without an executed transfer", n)
				}
				if n := count(`SELECT COUNT(*) FROM payment_transfers t WHERE t.amount_cents <> (SELECT SUM(total_cents) FROM declarations d WHERE d.payment_transfer_id = t.id)`); n != 0 {
					t.Errorf("%d transfers whose amount is not the sum of their declarations", n)
				}
				if n := count(`SELECT COUNT(*) FROM grant_balances b WHERE b.paid_cents <> (SELECT COALESCE(SUM(amount_cents), 0) FROM postings p WHERE p.grant_id = b.grant_id AND p.kind = 'paid')`); n != 0 {
					t.Errorf("%d grants whose paid balance differs from their postings", n)
				}
				if out, err := pgb(t, env, "", "audit", "verify"); err != nil {
					t.Errorf("audit: %v %s", err, out)
				}
			})
		}
	}
}

func TestSettleCommand(t *testing.T) {
	// A payment run pays from the configured account (pgb demo uses the
	// demo's own; a later command is configured as production would be).
	env := map[string]string{"PGB_DATABASE": filepath.Join(t.TempDir(), "pgb.db"), "PGB_DEBTOR_NAME": "SVB pgb test", "PGB_DEBTOR_IBAN": "NL97INGB0000002445"}
	if out, err := pgb(t, env, "", "demo"); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	out, err := pgb(t, env, "", "settle")
	if err != nil || !strings.Contains(out, "ZK-MN: 1 settlements") || !strings.Contains(out, "1 settlements made") {
		t.Fatalf("settle: %v\n%s", err, out)
	}
	// Settled grants are not settled again.
	if out, err := pgb(t, env, "", "settle"); err != nil || !strings.Contains(out, "0 settlements made") {
		t.Errorf("second settle: %v\n%s", err, out)
	}
	// The demo leaves accepted declarations waiting for the SVB's next run
	// (its work list): the run pays them; in January, before any month of
	// this year's grants has passed, there is nothing to pay.
	if out, err := pgb(t, env, "", "payrun"); err != nil || !strings.Contains(out, "payment run") && !strings.Contains(out, "nothing to pay") {
		t.Errorf("payrun on the demo: %v\n%s", err, out)
	}
}

func TestCertCommands(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PGB_DATABASE": filepath.Join(dir, "pgb.db")}
	if out, err := pgb(t, env, "", "demo"); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	ca := filepath.Join(dir, "ca")
	if out, err := pgb(t, env, "", "cert", "init", "-dir", ca); err != nil || !strings.Contains(out, "ca.pem") {
		t.Fatalf("init: %v %s", err, out)
	}
	if _, err := pgb(t, env, "", "cert", "init", "-dir", ca); err == nil {
		t.Error("a second CA over the first")
	}
	if _, err := pgb(t, env, "", "cert", "issue", "-dir", ca, "-agb", "123", "-out", filepath.Join(dir, "x")); err == nil {
		t.Error("a certificate for a bad AGB code")
	}
	out, err := pgb(t, env, "", "cert", "issue", "-dir", ca, "-agb", "01234567", "-out", filepath.Join(dir, "thuiszorg"))
	serial := strings.Fields(out)
	if err != nil || len(serial) < 2 {
		t.Fatalf("issue: %v %s", err, out)
	}
	if out, _ := pgb(t, env, "", "cert", "list"); !strings.Contains(out, serial[1]) || !strings.Contains(out, "valid") {
		t.Errorf("list: %s", out)
	}
	if out, err := pgb(t, env, "", "cert", "revoke", "-serial", serial[1]); err != nil {
		t.Fatalf("revoke: %v %s", err, out)
	}
	if out, _ := pgb(t, env, "", "cert", "list"); !strings.Contains(out, "revoked") {
		t.Errorf("list after revoke: %s", out)
	}
}
