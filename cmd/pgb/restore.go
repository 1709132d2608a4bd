package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/app"
	"github.com/pgbportaal/pgbportaal/internal/audit"
)

// restore runs "pgb restore -from FILE": it puts a backup in the place of
// the SQLite database while no pgb runs on it, keeps the database it
// replaces beside it, and checks the restored copy: it opens with the data
// key and its audit log's hash chains are intact.
func restore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cp := commandFlags("pgb restore", getenv, stderr)
	from := fs.String("from", "", "the backup to restore (a file of pgb backup)")
	force := fs.Bool("force", false, "restore although the database's write-ahead log (-wal) is there: only when no pgb runs on it (one that crashed)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := *cp
	if c.IsPostgres() {
		return errors.New("restore: on PostgreSQL restore with pg_restore, or a base backup with its WAL archive; see docs/operations.md, \"Backups\"")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if *from == "" {
		return errors.New("restore: -from FILE names the backup to restore")
	}
	dst := sqlitePath(c.Database)
	if same, _ := sameFile(*from, dst); same {
		return errors.New("restore: the backup is the database itself")
	}
	if err := quickCheck(ctx, *from); err != nil {
		return fmt.Errorf("restore: %s is no sound backup: %w", *from, err)
	}
	// A running pgb keeps the write-ahead log open; it is removed when the
	// last one stops. Replacing the file under it would lose what it writes,
	// and its log applied to the restored file would corrupt it.
	if _, err := os.Stat(dst + "-wal"); err == nil && !*force {
		return fmt.Errorf("restore: %s-wal exists: a pgb still runs on %s (stop every pgb serve first), or one crashed (then -force)", dst, dst)
	}
	tmp := dst + ".restoring"
	if err := copyNew(*from, tmp); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	var kept string
	if _, err := os.Stat(dst); err == nil {
		kept = dst + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		if err := os.Rename(dst, kept); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("restore: %w", err)
		}
	}
	for _, side := range []string{"-wal", "-shm"} { // of the database replaced, never of the backup
		if err := os.Remove(dst + side); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if kept != "" {
		fmt.Fprintf(stdout, "the database replaced is kept as %s\n", kept)
	}
	fmt.Fprintf(stdout, "%s restored to %s\n", *from, dst)
	svc, db, err := openService(ctx, c, app.NewLogger(c, stderr))
	if err != nil {
		return fmt.Errorf("restore: the restored database does not open (is this its data key?): %w", err)
	}
	defer db.Close()
	n, probs, err := svc.VerifyAuditAgainst(ctx, nil)
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(stdout, "BROKEN:", p)
		}
		return fmt.Errorf("restore: the restored audit log has %d problem(s) in %d records", len(probs), n)
	}
	fmt.Fprintf(stdout, "audit log intact: %d records, hash chains of its %d lanes verified; start pgb serve again\n", n, audit.Lanes)
	return nil
}

// copyNew copies src to a new file dst (0600), synced to disk.
func copyNew(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}

func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}
