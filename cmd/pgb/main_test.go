package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

func pgb(t *testing.T, env map[string]string, stdin string, args ...string) (string, error) {
	t.Helper()
	if env["PGB_FILES"] == "" { // the payment files and uploads of the test, not beside the source
		env["PGB_FILES"] = t.TempDir()
	}
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errb)
	return out.String() + errb.String(), err
}

func TestCommands(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "pgb.db")
	env := map[string]string{"PGB_DATABASE": dbPath}

	if out, err := pgb(t, env, "", "help"); err != nil || !strings.Contains(out, "audit verify") || !strings.Contains(out, "token create") {
		t.Fatalf("help: %v\n%s", err, out)
	}
	if out, err := pgb(t, env, "", "version"); err != nil || !strings.HasPrefix(out, "pgb ") {
		t.Fatalf("version: %v %s", err, out)
	}
	if _, err := pgb(t, env, "", "bogus"); err == nil {
		t.Error("unknown command accepted")
	}
	if out, err := pgb(t, env, "", "migrate"); err != nil {
		t.Fatalf("migrate: %v %s", err, out)
	}
	if out, err := pgb(t, env, "", "demo"); err != nil || !strings.Contains(out, "demo dataset loaded") {
		t.Fatalf("demo: %v %s", err, out)
	}
	if _, err := pgb(t, env, "", "demo"); err == nil {
		t.Error("demo loaded twice")
	}
	// An account, its password from stdin, a role, a token.
	out, err := pgb(t, env, "heel geheim wachtwoord\n", "user", "create", "-email", "beheer2@example.nl", "-name", "B. Heer", "-password", "-", "-role", "beheerder")
	if err != nil || !strings.Contains(out, "role beheerder added") {
		t.Fatalf("user create: %v %s", err, out)
	}
	if out, err := pgb(t, env, "", "user", "create", "-email", "x@example.nl", "-name", "X", "-password", "kort"); err == nil || !strings.Contains(err.Error(), "password_too_short") {
		t.Errorf("weak password: %v %s", err, out)
	}
	out, err = pgb(t, env, "", "token", "create", "-email", "beheer2@example.nl", "-name", "script")
	if err != nil || !strings.HasPrefix(out, "pgb_") {
		t.Fatalf("token create: %v %s", err, out)
	}
	if out, err := pgb(t, env, "", "user", "reset-password", "-email", "beheer2@example.nl", "-password", "nog een lang wachtwoord"); err != nil {
		t.Errorf("reset: %v %s", err, out)
	}
	out, err = pgb(t, env, "", "audit", "verify")
	if err != nil || !strings.Contains(out, "audit log intact") {
		t.Fatalf("audit verify: %v %s", err, out)
	}

	// Someone changes a record behind the portal's back: verify says so.
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE audit_log SET action = 'nothing.happened' WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, err = pgb(t, env, "", "audit", "verify")
	if err == nil || !strings.Contains(out, "record 3: contents were changed") {
		t.Errorf("tampering not detected: %v %s", err, out)
	}
}
