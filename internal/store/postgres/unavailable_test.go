package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/postgres"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// TestUnavailableIsClassified: what pgx answers when the database cannot
// be reached or cannot take the work (a closed port, a connection the
// server terminates, a standby that refuses the write, no connection free
// in time) gets the kind unavailable at the store's transaction boundary,
// which the one status table answers with 503; a statement the database
// refuses, or a client that went away, does not.
func TestUnavailableIsClassified(t *testing.T) {
	ctx := context.Background()
	base := testpg.URL(t)
	db, err := postgres.Open(ctx, base, storetest.Key)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	open := func(t *testing.T, u string, params ...string) *store.DB {
		t.Helper()
		p, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		q := p.Query()
		for i := 0; i+1 < len(params); i += 2 {
			q.Set(params[i], params[i+1])
		}
		p.RawQuery = q.Encode()
		raw, err := sql.Open("pgx", p.String())
		if err != nil {
			t.Fatal(err)
		}
		s := store.New(raw, raw, postgres.Dialect)
		t.Cleanup(func() { s.Close() })
		return s
	}
	write := func(tx *store.Tx) error { _, err := tx.AddCareNeed(ctx, 1, time.Now()); return err }
	unavailable := func(t *testing.T, err error) {
		t.Helper()
		t.Logf("pgx said: %v", err)
		if err == nil || domain.KindOf(err) != domain.KindUnavailable || httpkit.Status(err) != http.StatusServiceUnavailable {
			t.Errorf("kind %v, status %d, want unavailable (503): %v", domain.KindOf(err), httpkit.Status(err), err)
		}
	}

	t.Run("closed port", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		u, _ := url.Parse(base)
		u.Host = addr
		closed := open(t, u.String(), "connect_timeout", "2")
		unavailable(t, closed.View(ctx, func(*store.Tx) error { return nil }))
		unavailable(t, closed.Update(ctx, write))
	})

	t.Run("terminated by the server (admin_shutdown)", func(t *testing.T) {
		victim := open(t, base, "application_name", "pgb_victim")
		err := victim.Update(ctx, func(tx *store.Tx) error {
			// The transaction's connection is ended from outside, as a
			// primary that shuts down ends every session.
			if err := db.RawExec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pgb_victim'`); err != nil {
				t.Fatal(err)
			}
			for i := 0; ; i++ {
				var n int
				if err := db.RawQuery(ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'pgb_victim'`, nil, func(r *sql.Rows) error { return r.Scan(&n) }); err != nil {
					t.Fatal(err)
				}
				if n == 0 || i > 100 {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			return write(tx)
		})
		unavailable(t, err)
	})

	t.Run("a standby refuses the write (read_only_sql_transaction)", func(t *testing.T) {
		standby := open(t, base, "default_transaction_read_only", "on")
		err := standby.Update(ctx, write)
		if !strings.Contains(err.Error(), "25006") {
			t.Errorf("not a refused write: %v", err)
		}
		unavailable(t, err)
		// A write in a transaction the portal declared read-only is the
		// program's fault: 500, logged.
		err = db.View(ctx, write)
		if err == nil || domain.KindOf(err) != domain.KindInternal || httpkit.Status(err) != http.StatusInternalServerError || !httpkit.Internal(err) {
			t.Errorf("a write in View: kind %v, status %d: %v", domain.KindOf(err), httpkit.Status(err), err)
		}
	})

	t.Run("no connection free in time", func(t *testing.T) {
		busy := open(t, base)
		raw := busy.Pools()["write"]
		raw.SetMaxOpenConns(1)
		held, release := make(chan bool), make(chan bool)
		done := make(chan error, 1)
		go func() {
			done <- busy.View(ctx, func(*store.Tx) error { held <- true; <-release; return nil })
		}()
		<-held
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		err := busy.Update(short, write)
		cancel()
		unavailable(t, err)
		// A client that went away is no outage: not 503, not logged.
		gone, cancel := context.WithCancel(ctx)
		cancel()
		err = busy.View(gone, func(*store.Tx) error { return nil })
		if !errors.Is(err, context.Canceled) || domain.KindOf(err) == domain.KindUnavailable || httpkit.Internal(err) {
			t.Errorf("a cancelled request: kind %v, status %d: %v", domain.KindOf(err), httpkit.Status(err), err)
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})

	t.Run("a refused statement stays what it is", func(t *testing.T) {
		err := db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.AddCareNeed(ctx, -7, time.Now()) // no such account: a foreign key refuses it
			return err
		})
		if err == nil || domain.KindOf(err) == domain.KindUnavailable || httpkit.Status(err) == http.StatusServiceUnavailable {
			t.Errorf("a refused statement: kind %v, status %d: %v", domain.KindOf(err), httpkit.Status(err), err)
		}
	})
}
