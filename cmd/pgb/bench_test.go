package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// TestGenAndBench loads a tiny synthetic dataset and runs every part of the
// bench on it (SQLite; the PostgreSQL path is the same code over the
// store's bulk functions, tested in internal/loadtest/synth).
func TestGenAndBench(t *testing.T) {
	env := map[string]string{"PGB_DATABASE": filepath.Join(t.TempDir(), "pgb.db")}
	sizes := []string{"-holders", "60", "-agreements", "150", "-per-month", "150", "-months", "2", "-seed", "3"}
	for _, tc := range []struct {
		name    string
		args    []string
		want    []string
		wantErr bool
	}{
		{"gen", append([]string{"gen", "-first-month", "2026-04"}, sizes...), []string{"60 budget holders", "the bench month is 2026-06"}, false},
		{"gen: bad month", []string{"gen", "-first-month", "april"}, nil, true},
		{"bench", append([]string{"bench", "-n", "6", "-workers", "2", "-http-n", "4", "-concurrency", "2", "-check-n", "50", "-pgbench=false"}, sizes...),
			[]string{"checks alone", "empty database", "configured database: 60 budget holders", "outcome map[geaccepteerd:6]",
				"submit (POST /api/v1/declarations, \"send\": true)", "outcome map[geaccepteerd:4]", "full vs empty", "query plans", "declaration_lines_provider_counted"}, false},
		{"bench: zzp'ers, with invoices", append([]string{"bench", "-kind", "zzp", "-n", "4", "-workers", "2", "-http-n", "3", "-concurrency", "2", "-check-n", "0",
			"-explain=false", "-pgbench=false"}, sizes...),
			[]string{"outcome map[geaccepteerd:4]", "outcome map[geaccepteerd:3]"}, false},
		{"bench: an institution's", []string{"bench", "-kind", "instelling", "-n", "1"}, nil, true},
		{"bench: too much work", []string{"bench", "-n", "5000", "-http-n", "0", "-check-n", "0", "-empty=false"}, []string{}, true},
		{"list pages", []string{"bench-lists", "-n", "3"}, []string{"provider     /declaraties                               200", "verstrekker  /declaraties?q=jans                        200", "budgethouder /declaraties                               200", "p99"}, false},
		{"audit chain intact", []string{"audit", "verify"}, []string{"audit log intact"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := pgb(t, env, "", tc.args...)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v\n%s", err, tc.wantErr, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestSurge runs pgb bench -surge on a small dataset: declarations
// submitted and approved over HTTP against real pgb serve processes while
// budget holders and staff browse their pages, on SQLite and, with
// PGB_TEST_POSTGRES, on PostgreSQL against two instances with pgbench.
func TestSurge(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Setenv("PGB_TEST_RUN_MAIN", "1") // the pgb serve it starts is this test binary's main()
	sizes := []string{"-holders", "80", "-agreements", "200", "-per-month", "150", "-months", "2", "-seed", "5"}
	for _, tc := range []struct {
		name    string
		env     map[string]string
		args    []string
		want    []string
		noPages bool // -browsers 0
	}{
		{"sqlite", map[string]string{"PGB_DATABASE": filepath.Join(t.TempDir(), "pgb.db")}, nil, nil, false},
		{"postgres, two instances", map[string]string{"PGB_DATABASE": testpgURL(t), "PGB_DATA_KEY": testpg.DataKey},
			[]string{"-instances", "2", "-pgbench-seconds", "2"},
			[]string{"2 pgb serve process(es)", "PostgreSQL's backends of this database", "surge vs pgbench in this run", "(goal under 100 ms: ", "the floor, a declaration's rows alone: "}, false},
		// Without browsers the page goal is not judged on no page views.
		{"postgres, no browsers", map[string]string{"PGB_DATABASE": testpgURL(t), "PGB_DATA_KEY": testpg.DataKey},
			[]string{"-browsers", "0", "-pgbench-seconds", "1"},
			[]string{"page views (0)", "no page views, so the page goal was not measured"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env["PGB_DATABASE"] == "" {
				t.Skip(testpg.EnvVar + " not set")
			}
			if out, err := pgb(t, tc.env, "", append([]string{"gen"}, sizes...)...); err != nil {
				t.Fatalf("gen: %v %s", err, out)
			}
			args := append([]string{"bench", "-surge", "-surge-n", "40", "-concurrency", "4", "-browsers", "3", "-think", "10ms"}, tc.args...)
			out, err := pgb(t, tc.env, "", append(args, sizes...)...)
			if err != nil {
				t.Fatalf("bench -surge: %v\n%s", err, out)
			}
			want := []string{"declarations: 40 submitted and approved", "outcome map[geaccepteerd:40]", "submit (POST", "approve (checks + reserve)", "CPU time a declaration", "load average"}
			if !tc.noPages {
				want = append(want, "budgethouder's pages", "verstrekker's pages")
			}
			for _, w := range append(want, tc.want...) {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if tc.noPages {
				if strings.Contains(out, "goal under 100 ms") {
					t.Errorf("the page goal judged without page views:\n%s", out)
				}
			} else if m := regexp.MustCompile(`status map\[([^\]]*)\]`).FindStringSubmatch(out); m == nil || !regexp.MustCompile(`^200:\d+$`).MatchString(m[1]) {
				t.Errorf("page views answered other than 200: %v\n%s", m, out)
			}
			// What the surge made is sound: the audit log verifies.
			if out, err := pgb(t, tc.env, "", "audit", "verify"); err != nil || !strings.Contains(out, "audit log intact") {
				t.Errorf("audit verify after the surge: %v %s", err, out)
			}
		})
	}
}

// testpgURL is a fresh schema when PGB_TEST_POSTGRES is set, else "".
func testpgURL(t *testing.T) string {
	if os.Getenv(testpg.EnvVar) == "" {
		return ""
	}
	return testpg.URL(t)
}
