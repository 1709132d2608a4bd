package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// auditDB is a database the test tampers with, as someone holding it would.
type auditDB struct {
	t      *testing.T
	db     *sql.DB
	rebind func(string) string
}

func (d auditDB) exec(q string, args ...any) {
	d.t.Helper()
	if _, err := d.db.Exec(d.rebind(q), args...); err != nil {
		d.t.Fatalf("%s: %v", q, err)
	}
}

// state reads the log's records and lanes straight from the tables.
func (d auditDB) state() ([]audit.Record, []audit.Lane) {
	d.t.Helper()
	rows, err := d.db.Query(`SELECT seq, at, actor_account_id, actor_role, acting_for, action, object_type, object_id, before_json, after_json, prev_hash, hash FROM audit_log ORDER BY seq`)
	if err != nil {
		d.t.Fatal(err)
	}
	defer rows.Close()
	var rs []audit.Record
	for rows.Next() {
		var r audit.Record
		if err := rows.Scan(&r.Seq, &r.At, &r.ActorID, &r.ActorRole, &r.ActingFor, &r.Action, &r.ObjectType, &r.ObjectID, &r.Before, &r.After, &r.PrevHash, &r.Hash); err != nil {
			d.t.Fatal(err)
		}
		r.At = r.At.UTC()
		rs = append(rs, r)
	}
	lrows, err := d.db.Query(`SELECT lane, seq, hash, fork_seq FROM audit_lanes ORDER BY lane`)
	if err != nil {
		d.t.Fatal(err)
	}
	defer lrows.Close()
	var ls []audit.Lane
	for lrows.Next() {
		var l audit.Lane
		if err := lrows.Scan(&l.Lane, &l.Seq, &l.Hash, &l.Fork); err != nil {
			d.t.Fatal(err)
		}
		ls = append(ls, l)
	}
	return rs, ls
}

// truncate deletes the newest record and moves its lane's head back.
func (d auditDB) truncate() {
	rs, ls := d.state()
	last := rs[len(rs)-1]
	lane := audit.LaneOf(last.Seq, ls[0].Fork)
	d.exec(`DELETE FROM audit_log WHERE seq = ?`, last.Seq)
	d.exec(`UPDATE audit_lanes SET seq = ?, hash = ? WHERE lane = ?`, last.Seq-audit.Lanes, last.PrevHash, lane)
}

// rechain rewrites the first record of the busiest lane and gives it and
// every later record of that lane new hashes, moving the head along: the
// chains verify again.
func (d auditDB) rechain() {
	rs, ls := d.state()
	fork := ls[0].Fork
	count := map[int]int{}
	busiest := 0
	for _, r := range rs {
		l := audit.LaneOf(r.Seq, fork)
		if count[l]++; count[l] > count[busiest] {
			busiest = l
		}
	}
	prev := ""
	for _, r := range rs {
		if audit.LaneOf(r.Seq, fork) != busiest {
			continue
		}
		if prev == "" {
			r.Action = "nothing.happened"
		} else {
			r.PrevHash = prev
		}
		r.Hash = audit.ComputeHash(r)
		prev = r.Hash
		d.exec(`UPDATE audit_log SET action = ?, prev_hash = ?, hash = ? WHERE seq = ?`, r.Action, r.PrevHash, r.Hash, r.Seq)
		d.exec(`UPDATE audit_lanes SET seq = ?, hash = ? WHERE lane = ?`, r.Seq, r.Hash, busiest)
	}
}

// TestAuditCheckpoint: a checkpoint signed with a key outside the database
// lets pgb audit verify see what the hash chains alone cannot: the newest
// record deleted with its lane's head moved back, and a record rewritten
// with its lane re-chained. A checkpoint whose signature does not match is
// refused. On both databases.
func TestAuditCheckpoint(t *testing.T) {
	dbs := map[string]func(t *testing.T) (string, string, func(string) string){
		"sqlite": func(t *testing.T) (string, string, func(string) string) {
			return filepath.Join(t.TempDir(), "pgb.db"), "sqlite", func(q string) string { return q }
		},
		"postgres": func(t *testing.T) (string, string, func(string) string) {
			return testpg.URL(t), "pgx", func(q string) string {
				for i := 1; strings.Contains(q, "?"); i++ {
					q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
				}
				return q
			}
		},
	}
	for _, name := range []string{"sqlite", "postgres"} {
		for _, attack := range []string{"truncate", "rechain"} {
			t.Run(name+"/"+attack, func(t *testing.T) {
				database, driver, rebind := dbs[name](t)
				dir := t.TempDir()
				keyFile, points := filepath.Join(dir, "audit.key"), filepath.Join(dir, "checkpoints.jsonl")
				env := map[string]string{"PGB_DATABASE": database, "PGB_DATA_KEY": testpg.DataKey, "PGB_AUDIT_KEY_FILE": keyFile}
				if out, err := pgb(t, env, "", "audit", "keygen"); err != nil || !strings.Contains(out, "audit key written") {
					t.Fatalf("keygen: %v %s", err, out)
				}
				if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
					t.Fatalf("private key: %v %v", fi.Mode(), err)
				}
				if _, err := pgb(t, env, "", "audit", "keygen"); err == nil {
					t.Error("keygen overwrote the key")
				}
				for i := range 4 {
					if out, err := pgb(t, env, "", "user", "create", "-email", fmt.Sprintf("staf%d@example.nl", i), "-name", "S. Taf",
						"-password", "een lang genoeg wachtwoord", "-role", "beheerder"); err != nil {
						t.Fatalf("user create: %v %s", err, out)
					}
				}
				// The key is not in the database; verify needs only the public half.
				pubEnv := map[string]string{"PGB_DATABASE": database, "PGB_DATA_KEY": testpg.DataKey, "PGB_AUDIT_PUBKEY_FILE": keyFile + ".pub", "PGB_AUDIT_CHECKPOINTS": points}
				if out, err := pgb(t, map[string]string{"PGB_DATABASE": database, "PGB_DATA_KEY": testpg.DataKey, "PGB_AUDIT_KEY_FILE": keyFile, "PGB_AUDIT_CHECKPOINTS": points}, "", "audit", "checkpoint"); err != nil || !strings.Contains(out, "audit checkpoint appended") {
					t.Fatalf("checkpoint: %v %s", err, out)
				}
				if out, err := pgb(t, pubEnv, "", "audit", "verify"); err != nil || !strings.Contains(out, "consistent with the signed checkpoint") {
					t.Fatalf("intact log: %v %s", err, out)
				}
				// The log grows after the checkpoint: still intact.
				if out, err := pgb(t, env, "", "user", "create", "-email", "later@example.nl", "-name", "L. Ater", "-password", "een lang genoeg wachtwoord"); err != nil {
					t.Fatalf("user create: %v %s", err, out)
				}
				if out, err := pgb(t, pubEnv, "", "audit", "verify"); err != nil {
					t.Fatalf("grown log: %v %s", err, out)
				}
				// A checkpoint on stdout, for a log stream, read back from stdin.
				line, err := pgb(t, env, "", "audit", "checkpoint")
				if err != nil || !strings.HasPrefix(line, `{"v":1,`) {
					t.Fatalf("checkpoint to stdout: %v %s", err, line)
				}
				stdinEnv := map[string]string{"PGB_DATABASE": database, "PGB_DATA_KEY": testpg.DataKey, "PGB_AUDIT_PUBKEY_FILE": keyFile + ".pub", "PGB_AUDIT_CHECKPOINTS": "-"}
				if out, err := pgb(t, stdinEnv, "some other log line\n"+line, "audit", "verify"); err != nil {
					t.Fatalf("verify from stdin: %v %s", err, out)
				}

				// A checkpoint whose signature does not match is refused.
				forged := strings.Replace(line, `"records":`, `"records":1`, 1)
				if out, err := pgb(t, stdinEnv, forged, "audit", "verify"); err == nil || !strings.Contains(err.Error(), "refused") {
					t.Errorf("a forged checkpoint accepted: %v %s", err, out)
				}
				otherKey := filepath.Join(dir, "other.key")
				if _, err := pgb(t, map[string]string{"PGB_AUDIT_KEY_FILE": otherKey}, "", "audit", "keygen"); err != nil {
					t.Fatal(err)
				}
				if out, err := pgb(t, map[string]string{"PGB_DATABASE": database, "PGB_DATA_KEY": testpg.DataKey, "PGB_AUDIT_PUBKEY_FILE": otherKey + ".pub", "PGB_AUDIT_CHECKPOINTS": points}, "", "audit", "verify"); err == nil || !strings.Contains(err.Error(), "refused") {
					t.Errorf("a checkpoint checked with another key accepted: %v %s", err, out)
				}

				// The attack, on the database only.
				sqlDB, err := sql.Open(driver, database)
				if err != nil {
					t.Fatal(err)
				}
				defer sqlDB.Close()
				d := auditDB{t: t, db: sqlDB, rebind: rebind}
				want := "truncated"
				if attack == "truncate" {
					d.truncate()
					d.truncate() // the record made after the checkpoint, and then one before it
				} else {
					d.rechain()
					want = "re-chained"
				}
				sqlDB.Close()
				// The chains alone do not see it (the finding)...
				if out, err := pgb(t, map[string]string{"PGB_DATABASE": database, "PGB_DATA_KEY": testpg.DataKey}, "", "audit", "verify"); err != nil || !strings.Contains(out, "audit log intact") {
					t.Fatalf("expected the chains alone to pass: %v %s", err, out)
				}
				// ...the checkpoint does.
				out, err := pgb(t, pubEnv, "", "audit", "verify")
				if err == nil || !strings.Contains(out, want) {
					t.Errorf("%s not detected: %v\n%s", attack, err, out)
				}
			})
		}
	}
}
