package main

import (
	"path/filepath"
	"strings"
	"testing"
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
		{"list pages", []string{"bench-lists", "-n", "3"}, []string{"provider    /declaraties                               200", "verstrekker /declaraties?q=jans                        200", "p99"}, false},
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
