package store

import (
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/audit"
)

// Waiting writes go to the server as one statement where that keeps their
// meaning: the queries of one statement see the database as it was before
// it, so a write that reads a table (an UPDATE, an INSERT ... SELECT) never
// joins a write to the same table, and laterOne's check stays on the server.
func TestMergeWrites(t *testing.T) {
	ins := func(table string) PipelineQuery {
		q := `INSERT INTO ` + table + ` (a, b) VALUES (?, ?)`
		return PipelineQuery{SQL: q, Args: []any{1, 2}, Scan: noRows, write: writeOf(q)}
	}
	upd := func(table string, oneRow bool) PipelineQuery {
		q := `UPDATE ` + table + ` SET a = ? WHERE id = ?`
		return PipelineQuery{SQL: q, Args: []any{3, 4}, Scan: noRows, OneRow: oneRow, write: writeOf(q)}
	}
	insSelect := PipelineQuery{SQL: `INSERT INTO outbox (a) SELECT email FROM accounts WHERE id = ?`, Args: []any{5}, Scan: noRows}
	insSelect.write = writeOf(insSelect.SQL)
	ctes, q := sealedAuditSQL(2, "FOR NO KEY UPDATE")
	auditQ := PipelineQuery{SQL: q, Args: sealedAuditArgs(1, make([]audit.Record, 2)), Scan: noRows, write: &write{ctes: ctes, tables: []string{"audit_lanes", "audit_log"}}}
	begin := control("BEGIN")
	other := PipelineQuery{SQL: `SELECT 1`, Scan: noRows}

	for _, tc := range []struct {
		name string
		in   []PipelineQuery
		want []int // writes per statement sent (0: a statement that is not a write)
	}{
		{"a declaration, its lines, notices, mail and audit", []PipelineQuery{begin, ins("declarations"), ins("declaration_lines"), ins("declaration_lines"), ins("notices"), insSelect, auditQ}, []int{0, 6}},
		{"approval: balance, posting, notices, mail, state, audit", []PipelineQuery{upd("grant_balances", true), ins("postings"), ins("notices"), insSelect, upd("declarations", true), auditQ}, []int{6}},
		{"lines inserted, then their counts changed", []PipelineQuery{ins("declaration_lines"), upd("declarations", true), upd("declaration_lines", false)}, []int{2, 1}},
		{"a row updated twice", []PipelineQuery{upd("declarations", true), upd("declarations", true)}, []int{1, 1}},
		{"two audits: the second follows the first's head", []PipelineQuery{auditQ, ins("notices"), auditQ}, []int{2, 1}},
		{"mail read from a table written before it", []PipelineQuery{ins("outbox"), insSelect}, []int{1, 1}},
		{"a query between writes", []PipelineQuery{ins("notices"), other, ins("notices")}, []int{1, 0, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := mergeWrites(tc.in)
			if len(out) != len(tc.want) {
				t.Fatalf("%d statements, want %d: %v", len(out), len(tc.want), sqls(out))
			}
			for i, q := range out {
				if q.write != nil {
					t.Errorf("statement %d still marked as waiting", i)
				}
				n := strings.Count(q.SQL, " RETURNING 1)")
				if tc.want[i] == 1 && n <= 1 || tc.want[i] == 0 {
					continue // alone: its own form
				}
				if n != tc.want[i] {
					t.Errorf("statement %d joins %d writes, want %d:\n%s", i, n, tc.want[i], q.SQL)
				}
			}
		})
	}

	// The arguments follow the placeholders in order, and each of laterOne's
	// writes is checked by the statement itself.
	out := mergeWrites([]PipelineQuery{upd("grant_balances", true), ins("postings"), auditQ})
	if len(out) != 1 {
		t.Fatalf("%d statements", len(out))
	}
	m := out[0]
	if got, want := strings.Count(m.SQL, "?"), len(m.Args); got != want {
		t.Errorf("%d placeholders, %d arguments", got, want)
	}
	if !m.OneRow || !strings.Contains(m.SQL, "SELECT 1 / (SELECT COUNT(*) FROM w1)") || strings.Contains(m.SQL, "FROM w2)") {
		t.Errorf("the balance's check is missing or the posting's is there:\n%s", m.SQL)
	}
	if !strings.HasPrefix(m.SQL, "WITH w1 AS (UPDATE grant_balances") || !strings.Contains(m.SQL, "r0 AS (SELECT seq, hash FROM audit_lanes") {
		t.Errorf("statement:\n%s", m.SQL)
	}
}

func sqls(qs []PipelineQuery) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.SQL)
	}
	return out
}
