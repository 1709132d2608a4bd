package loadtest

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/store"
)

// floorScript is the pgbench script of a declaration's floor: its rows,
// written with nothing else (floor.sql).
//
//go:embed floor.sql
var floorScript string

// floorTables are the tables a declaration writes. The floor writes them
// in a schema of its own, as copies (indexes, defaults and constraints
// included) that start empty, except for the two whose rows it changes:
// the balances of the grants and the heads of the audit lanes.
var floorTables = []string{"declarations", "declaration_lines", "notices", "outbox", "audit_log", "audit_lanes", "events", "postings", "grant_balances"}

// runFloor measures the floor of a declaration on the surge's database:
// pgbench runs floor.sql with the clients and seconds of the TPC-B
// reference, each of its transactions a declaration submitted and approved
// (two of the database's transactions, the rows of the surge's
// declaration and nothing else). No program that keeps these rows can
// write declarations faster on this server than this, so it bounds what
// the surge can reach. It returns declarations a second, 0 when it could
// not run.
func runFloor(ctx context.Context, w io.Writer, db *store.DB, dbURL string, secs int) float64 {
	bin := findPgbench()
	if bin == "" {
		return 0
	}
	fail := func(what string, err error, out ...byte) float64 {
		fmt.Fprintf(w, "\nfloor: %s: %v\n%s", what, err, out)
		return 0
	}
	// The tables are in the connection's schema (public, or a test's).
	var home string
	if err := db.RawQuery(ctx, `SELECT current_schema()`, nil, func(rows *sql.Rows) error { return rows.Scan(&home) }); err != nil || home == "" {
		return fail("schema", fmt.Errorf("no current schema (%v)", err))
	}
	schema := fmt.Sprintf("pgb_floor_%d", os.Getpid())
	ddl := []string{`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`, `CREATE SCHEMA ` + schema}
	for _, t := range floorTables {
		ddl = append(ddl, fmt.Sprintf(`CREATE TABLE %s.%s (LIKE %s.%[2]s INCLUDING ALL)`, schema, t, home))
	}
	ddl = append(ddl,
		`INSERT INTO `+schema+`.grant_balances SELECT * FROM `+home+`.grant_balances`,
		`INSERT INTO `+schema+`.audit_lanes SELECT * FROM `+home+`.audit_lanes`)
	// The foreign keys as the real tables have them, to the copies where
	// the table referred to is copied.
	var fks []string
	if err := db.RawQuery(ctx, `SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE contype = 'f' AND connamespace = current_schema()::regnamespace AND conrelid::regclass::text = ANY(?)`, []any{floorTables},
		func(rows *sql.Rows) error {
			var table, def string
			if err := rows.Scan(&table, &def); err != nil {
				return err
			}
			for _, t := range floorTables {
				def = strings.Replace(def, "REFERENCES "+t+"(", "REFERENCES "+schema+"."+t+"(", 1)
			}
			fks = append(fks, fmt.Sprintf(`ALTER TABLE %s.%s ADD %s`, schema, strings.TrimPrefix(table, home+"."), def))
			return nil
		}); err != nil {
		return fail("foreign keys", err)
	}
	defer db.RawExec(context.WithoutCancel(ctx), `DROP SCHEMA IF EXISTS `+schema+` CASCADE`)
	for _, s := range append(ddl, fks...) {
		if err := db.RawExec(ctx, s); err != nil {
			return fail("copies of the tables", err)
		}
	}
	var agreements int64
	if err := db.RawQuery(ctx, `SELECT COALESCE(MAX(id), 0) FROM agreements`, nil, func(rows *sql.Rows) error { return rows.Scan(&agreements) }); err != nil || agreements == 0 {
		return fail("agreements", fmt.Errorf("none to declare under (%v)", err))
	}
	script := filepath.Join(os.TempDir(), schema+".sql")
	if err := os.WriteFile(script, []byte(floorScript), 0o600); err != nil {
		return fail("script", err)
	}
	defer os.Remove(script)
	u, err := url.Parse(dbURL)
	if err != nil {
		return fail("database", err)
	}
	q := u.Query()
	q.Del("search_path")
	q.Set("options", "-csearch_path="+schema+","+home)
	u.RawQuery = q.Encode()
	out, err := exec.CommandContext(ctx, bin, "-n", "-M", "prepared", "-c", "4", "-j", "2", "-T", strconv.Itoa(max(1, secs)),
		"-D", "agreements="+strconv.FormatInt(agreements, 10), "-f", script, u.String()).CombinedOutput()
	if err != nil {
		return fail("pgbench", err, out...)
	}
	m := regexp.MustCompile(`tps = ([0-9.]+)`).FindStringSubmatch(string(out))
	if len(m) < 2 {
		return fail("pgbench", fmt.Errorf("no tps"), out...)
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	fmt.Fprintf(w, "floor (a declaration's rows alone, written by pgbench in two transactions, -M prepared -c 4 -j 2 -T %d, in copies of the tables, empty at the start): %.0f declarations/s\n", max(1, secs), v)
	return v
}
