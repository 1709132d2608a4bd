// Package testpg gives tests an isolated, fresh PostgreSQL schema.
//
// The server comes from $PGB_TEST_POSTGRES (set by .ci/run, e.g.
// postgres://postgres@127.0.0.1:5432/pgbtest?sslmode=disable). Without it the
// test is skipped, except under CI=true where it fails.
package testpg

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvVar names the environment variable with the base PostgreSQL URL.
const EnvVar = "PGB_TEST_POSTGRES"

// DataKey is the data key (PGB_DATA_KEY) tests start PostgreSQL stores
// with: PostgreSQL refuses to start without one. For tests only.
const DataKey = "cGdicG9ydGFhbCB0ZXN0IGRhdGEga2V5IDMyIGJ5dGU="

// URL creates a new schema t_<random hex> on the server of $PGB_TEST_POSTGRES
// and returns a connection URL whose connections use that schema
// (search_path=<schema> as a runtime parameter; works with pgx.Connect,
// pgxpool and database/sql via github.com/jackc/pgx/v5/stdlib). The schema is
// dropped (CASCADE) in t.Cleanup.
func URL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvVar)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(EnvVar + " must be set in CI (.ci/run sets it up)")
		}
		t.Skip(EnvVar + " not set; PostgreSQL tests skipped")
	}

	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parsing %s: %v", EnvVar, err)
	}

	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schema := "t_" + hex.EncodeToString(b[:])

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connecting to %s: %v", EnvVar, err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating schema %s: %v", schema, err)
	}

	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("testpg cleanup: connecting: %v", err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
			t.Errorf("testpg cleanup: dropping schema %s: %v", schema, err)
		}
	})

	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
