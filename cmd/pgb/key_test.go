package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// pgb key rotate seals the demo's data under a new key: the portal then
// starts with the new key and not with the old one, and the audit log
// (with the rotation's record) verifies.
func TestKeyRotate(t *testing.T) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"PGB_DATABASE": filepath.Join(dir, "pgb.db")}
			if name == "postgres" {
				env = map[string]string{"PGB_DATABASE": testpg.URL(t), "PGB_DATA_KEY": testpg.DataKey}
			}
			if out, err := pgb(t, env, "", "demo"); err != nil {
				t.Fatalf("demo: %v\n%s", err, out)
			}
			newKey := filepath.Join(dir, "new.key")
			out, err := pgb(t, env, "", "key", "rotate", "-new-key-file", newKey)
			if err != nil || !strings.Contains(out, "sealed under data key") {
				t.Fatalf("rotate: %v\n%s", err, out)
			}
			if out, err := pgb(t, env, "", "audit", "verify"); err == nil || !strings.Contains(err.Error(), "sealed under data key") {
				t.Errorf("started with the old key: %v\n%s", err, out)
			}
			withNew := map[string]string{"PGB_DATABASE": env["PGB_DATABASE"], "PGB_DATA_KEY_FILE": newKey}
			if out, err := pgb(t, withNew, "", "audit", "verify"); err != nil {
				t.Errorf("with the new key: %v\n%s", err, out)
			}
			if out, err := pgb(t, withNew, "", "key", "rotate", "-new-key-file", newKey); err == nil {
				t.Errorf("rotated to the key in use:\n%s", out)
			}
		})
	}
}
