package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/app"
	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// auditCmd runs "pgb audit keygen|checkpoint|verify": the audit log's hash
// chains, anchored by checkpoints signed with a key the database does not
// hold.
func auditCmd(ctx context.Context, cmd string, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pgb "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cp := config.Register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := *cp
	if err := c.Validate(); err != nil {
		return err
	}
	if cmd == "audit keygen" {
		return auditKeygen(c, stdout)
	}
	svc, db, err := openService(ctx, c, app.NewLogger(c, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	switch cmd {
	case "audit checkpoint":
		key, err := readAuditKey(c.AuditKey)
		if err != nil {
			return err
		}
		if c.AuditCheckpoints == "" {
			point, err := signCheckpoint(ctx, svc, key)
			if err != nil {
				return err
			}
			_, err = stdout.Write(point.Line())
			return err
		}
		point, err := writeCheckpoint(ctx, svc, key, c.AuditCheckpoints)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "audit checkpoint appended to %s: %d records, the heads of %d lanes, signed by key %.16s…\n", c.AuditCheckpoints, point.Records, len(point.Lanes), point.Key)
		return nil
	case "audit verify":
		var point *audit.Checkpoint
		if c.AuditCheckpoints != "" {
			p, err := latestCheckpoint(c, stdin)
			if err != nil {
				return err
			}
			point = &p
		}
		n, probs, err := svc.VerifyAuditAgainst(ctx, point)
		if err != nil {
			return err
		}
		if len(probs) > 0 {
			for _, p := range probs {
				fmt.Fprintln(stdout, "BROKEN:", p)
			}
			return fmt.Errorf("audit log: %d problem(s) in %d records", len(probs), n)
		}
		fmt.Fprintf(stdout, "audit log intact: %d records, hash chains of its %d lanes verified\n", n, audit.Lanes)
		if point != nil {
			fmt.Fprintf(stdout, "and consistent with the signed checkpoint of %s (%d records then): nothing before it was removed or re-chained\n",
				point.At.Format(time.RFC3339), point.Records)
		} else {
			fmt.Fprintln(stdout, "no checkpoint given (-audit-checkpoints): the removal of the newest records, or a re-chained lane, would not show")
		}
		return nil
	}
	return fmt.Errorf("unknown command %q", cmd)
}

// auditKeygen writes a new key pair: the private key readable by its owner
// only, and never over an existing file.
func auditKeygen(c config.Config, stdout io.Writer) error {
	if c.AuditKey == "" {
		return errors.New("audit keygen: -audit-key FILE (PGB_AUDIT_KEY_FILE) names the private key to write")
	}
	pubPath := c.AuditPubKey
	if pubPath == "" {
		pubPath = c.AuditKey + ".pub"
	}
	priv, pub, err := audit.NewKey(rand.Reader)
	if err != nil {
		return err
	}
	if err := writeNew(c.AuditKey, priv, 0o600); err != nil {
		return err
	}
	if err := writeNew(pubPath, pub, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "audit key written: %s (private, mode 0600: keep it where the database's administrators cannot read it) and %s (public, for pgb audit verify)\n", c.AuditKey, pubPath)
	return nil
}

func writeNew(path string, b []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("audit keygen: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func readAuditKey(path string) (ed25519.PrivateKey, error) {
	if path == "" {
		return nil, errors.New("audit checkpoint: -audit-key FILE (PGB_AUDIT_KEY_FILE) is needed to sign (make one with pgb audit keygen)")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return audit.ParsePrivateKey(b)
}

// signCheckpoint describes the log now and signs it.
func signCheckpoint(ctx context.Context, svc *service.Service, key ed25519.PrivateKey) (audit.Checkpoint, error) {
	point, err := svc.AuditCheckpoint(ctx)
	if err != nil {
		return point, err
	}
	point.Sign(key)
	return point, nil
}

// writeCheckpoint signs a checkpoint and appends it to the file (made when
// missing), synced to disk before it returns.
func writeCheckpoint(ctx context.Context, svc *service.Service, key ed25519.PrivateKey, path string) (audit.Checkpoint, error) {
	point, err := signCheckpoint(ctx, svc, key)
	if err != nil {
		return point, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return point, err
	}
	if _, err := f.Write(point.Line()); err != nil {
		f.Close()
		return point, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return point, err
	}
	return point, f.Close()
}

// latestCheckpoint reads the newest checkpoint of the file ("-": standard
// input, e.g. from a log stream) and checks its signature with the public
// key: one that does not match is refused.
func latestCheckpoint(c config.Config, stdin io.Reader) (audit.Checkpoint, error) {
	keyPath := c.AuditPubKey
	if keyPath == "" {
		keyPath = c.AuditKey
	}
	if keyPath == "" {
		return audit.Checkpoint{}, errors.New("audit verify: -audit-pubkey FILE (PGB_AUDIT_PUBKEY_FILE) is needed to check the checkpoints")
	}
	kb, err := os.ReadFile(keyPath)
	if err != nil {
		return audit.Checkpoint{}, err
	}
	pub, err := audit.ParsePublicKey(kb)
	if err != nil {
		return audit.Checkpoint{}, err
	}
	var r io.Reader = stdin
	if c.AuditCheckpoints != "-" {
		f, err := os.Open(c.AuditCheckpoints)
		if err != nil {
			return audit.Checkpoint{}, err
		}
		defer f.Close()
		r = f
	}
	point, err := audit.LatestCheckpoint(r)
	if err != nil {
		return point, fmt.Errorf("%s: %w", c.AuditCheckpoints, err)
	}
	if err := point.CheckSignature(pub); err != nil {
		return point, fmt.Errorf("%s: the checkpoint of %s is refused: %w", c.AuditCheckpoints, point.At.Format(time.RFC3339), err)
	}
	return point, nil
}

// checkpointEvery runs in pgb serve when configured: a signed checkpoint
// appended to the file every interval (and one at start).
func checkpointEvery(ctx context.Context, c config.Config, svc *service.Service, log *slog.Logger) error {
	if c.AuditCheckpointEvery <= 0 {
		return nil
	}
	key, err := readAuditKey(c.AuditKey)
	if err != nil {
		return err
	}
	write := func() {
		if point, err := writeCheckpoint(ctx, svc, key, c.AuditCheckpoints); err != nil {
			log.Warn("audit checkpoint failed", "err", err)
		} else {
			log.Info("audit checkpoint written", "records", point.Records, "file", c.AuditCheckpoints)
		}
	}
	write()
	go func() {
		t := time.NewTicker(c.AuditCheckpointEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				write()
			}
		}
	}()
	return nil
}
