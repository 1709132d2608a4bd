package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// pgbOutErr runs pgb with stdout and stderr apart.
func pgbOutErr(t *testing.T, env map[string]string, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	if err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatalf("pgb %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String(), errb.String()
}

// The long commands say how far they are on stderr when asked (-progress;
// on a terminal without asking): the step, done of total. Their output on
// stdout stays as it was, and without -progress a log file or pipe gets no
// progress lines.
func TestLongCommandsShowProgress(t *testing.T) {
	env := map[string]string{"PGB_DATABASE": filepath.Join(t.TempDir(), "pgb.db"), "PGB_FILES": t.TempDir(), "PGB_DATA_KEY": testpg.DataKey,
		"PGB_DEBTOR_NAME": "SVB pgb test", "PGB_DEBTOR_IBAN": "NL97INGB0000002445"}
	gen := []string{"gen", "-holders", "60", "-agreements", "120", "-per-month", "100", "-months", "2", "-first-month", "2026-08", "-analyze=false"}

	_, quiet := pgbOutErr(t, env, gen...)
	if strings.Contains(quiet, "progress") {
		t.Fatalf("progress without -progress on a pipe:\n%s", quiet)
	}
	out, stderr := pgbOutErr(t, env, append(gen[:1:1], append([]string{"-progress"}, gen[1:]...)...)...)
	if !strings.Contains(out, "loaded") {
		t.Errorf("gen's report is gone from stdout:\n%s", out)
	}
	mustProgress(t, stderr, "gen", "writing parties", -1)

	out, stderr = pgbOutErr(t, env, "payrun", "-progress", "-execute", "-cutoff", "2026-10-31")
	m := regexp.MustCompile(`payment run \d+ \(new\): (\d+) transfers`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("payrun's report is gone from stdout:\n%s", out)
	}
	var transfers int64
	fmt.Sscan(m[1], &transfers)
	mustProgress(t, stderr, "payrun", service.StepTextSelect, -1)
	// Done prints where the run ended: the last step, all of it.
	mustProgress(t, stderr, "payrun", service.StepTextExecute, transfers)
	if strings.Count(stderr, "msg=progress") > 6 {
		t.Errorf("a run of a second printed more than a line a second:\n%s", stderr)
	}

	_, stderr = pgbOutErr(t, env, "settle", "-progress")
	mustProgress(t, stderr, "settle", "settling the verstrekkers' grants", -1)
}

// mustProgress finds a progress line of command at step in stderr, with
// done of total; with all >= 0, one where done = total = all.
func mustProgress(t *testing.T, stderr, command, step string, all int64) {
	t.Helper()
	re := regexp.MustCompile(`msg=progress command=` + command + ` step="` + regexp.QuoteMeta(step) + `" done=(\d+) total=(\d+)`)
	ms := re.FindAllStringSubmatch(stderr, -1)
	if len(ms) == 0 {
		t.Fatalf("no progress of %s at %q on stderr:\n%s", command, step, stderr)
	}
	if all < 0 {
		return
	}
	want := fmt.Sprint(all)
	for _, m := range ms {
		if m[1] == want && m[2] == want {
			return
		}
	}
	t.Fatalf("%s at %q never says %d of %d:\n%s", command, step, all, all, stderr)
}
