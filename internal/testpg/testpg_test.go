package testpg

import (
	"context"
	"database/sql"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib"
)

func schemaOf(t *testing.T, u string) string {
	t.Helper()
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.RuntimeParams["search_path"]
}

func TestURLUsesFreshSchema(t *testing.T) {
	u := URL(t)
	want := schemaOf(t, u)
	if len(want) != 2+16 || want[:2] != "t_" {
		t.Fatalf("unexpected schema name %q in %s", want, u)
	}

	// database/sql with the pgx stdlib driver
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got string
	if err := db.QueryRow(`SELECT current_schema()`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("database/sql current_schema() = %q, want %q", got, want)
	}
	// unqualified tables land in the schema
	if _, err := db.Exec(`CREATE TABLE thing (id int primary key)`); err != nil {
		t.Fatal(err)
	}
	var tableSchema string
	if err := db.QueryRow(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'thing'`).Scan(&tableSchema); err != nil {
		t.Fatal(err)
	}
	if tableSchema != want {
		t.Errorf("table created in schema %q, want %q", tableSchema, want)
	}

	// pgxpool
	pool, err := pgxpool.New(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := pool.QueryRow(context.Background(), `SELECT current_schema()`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("pgxpool current_schema() = %q, want %q", got, want)
	}
	// plain pgx connection
	conn, err := pgx.Connect(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if err := conn.QueryRow(context.Background(), `SELECT current_schema()`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("pgx.Connect current_schema() = %q, want %q", got, want)
	}
}

func TestSchemasAreIsolatedAndDropped(t *testing.T) {
	if os.Getenv(EnvVar) == "" {
		URL(t) // skips or fails with the standard message
	}
	var first string
	t.Run("a", func(t *testing.T) {
		u := URL(t)
		first = schemaOf(t, u)
		db, err := sql.Open("pgx", u)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(`CREATE TABLE thing (id int)`); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("b", func(t *testing.T) {
		u := URL(t)
		if s := schemaOf(t, u); s == first {
			t.Fatalf("same schema %q twice", s)
		}
		db, err := sql.Open("pgx", u)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		// same table name again: no clash with subtest a
		if _, err := db.Exec(`CREATE TABLE thing (id int)`); err != nil {
			t.Fatal(err)
		}
		// schema of subtest a is gone after its cleanup
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM pg_namespace WHERE nspname = $1`, first).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("schema %s of a finished test still exists", first)
		}
	})
}
