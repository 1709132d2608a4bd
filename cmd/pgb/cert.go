package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/app"
	"github.com/pgbportaal/pgbportaal/internal/certs"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// cert runs the small local CA for provider client certificates.
func cert(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("cert: say init, issue, revoke or list")
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("cert "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := config.Register(fs, getenv)
	dir := fs.String("dir", "pgb-ca", "folder of the CA (ca.pem, ca-key.pem)")
	agb := fs.String("agb", "", "the provider's AGB code")
	name := fs.String("name", "", "the name in the certificate (default: the AGB code)")
	days := fs.Int("days", 365, "validity in days")
	out := fs.String("out", "", "file prefix for the certificate and key (PREFIX.pem, PREFIX-key.pem)")
	serial := fs.String("serial", "", "serial number (hex) of the certificate to revoke")
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if sub == "init" {
		certPEM, keyPEM, err := certs.NewCA("pgbportaal lokale CA", time.Now(), 10)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(*dir, 0o700); err != nil {
			return err
		}
		if _, err := os.Stat(filepath.Join(*dir, "ca-key.pem")); err == nil {
			return fmt.Errorf("cert init: %s already holds a CA", *dir)
		}
		if err := os.WriteFile(filepath.Join(*dir, "ca.pem"), certPEM, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(*dir, "ca-key.pem"), keyPEM, 0o600); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "CA written to %s (ca.pem, ca-key.pem); serve with -client-ca %s\n", *dir, filepath.Join(*dir, "ca.pem"))
		return nil
	}
	if err := c.Validate(); err != nil {
		return err
	}
	svc, db, err := openService(ctx, *c, app.NewLogger(*c, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "issue":
		certPEM, err := os.ReadFile(filepath.Join(*dir, "ca.pem"))
		if err != nil {
			return err
		}
		keyPEM, err := os.ReadFile(filepath.Join(*dir, "ca-key.pem"))
		if err != nil {
			return err
		}
		ca, err := certs.LoadCA(certPEM, keyPEM)
		if err != nil {
			return err
		}
		if *out == "" {
			return errors.New("cert issue: -out is required")
		}
		if *name == "" {
			*name = "AGB " + *agb
		}
		now := time.Now()
		is, err := ca.Issue(*agb, *name, now.Add(-time.Minute), now.AddDate(0, 0, *days))
		if err != nil {
			return err
		}
		if err := svc.RecordClientCert(ctx, service.System, store.ClientCert{Serial: is.Serial, AGB: is.AGB, NotBefore: is.NotBefore, NotAfter: is.NotAfter}); err != nil {
			return err
		}
		if err := os.WriteFile(*out+".pem", is.CertPEM, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(*out+"-key.pem", is.KeyPEM, 0o600); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "certificate %s for AGB %s, valid until %s: %s.pem, %s-key.pem\n", is.Serial, is.AGB, is.NotAfter.Format("2006-01-02"), *out, *out)
	case "revoke":
		if err := svc.RevokeClientCert(ctx, service.System, *serial); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "certificate %s revoked\n", *serial)
	case "list":
		list, err := svc.ClientCerts(ctx, service.System)
		if err != nil {
			return err
		}
		for _, x := range list {
			state := "valid"
			switch {
			case !x.RevokedAt.IsZero():
				state = "revoked " + x.RevokedAt.Format("2006-01-02")
			case time.Now().After(x.NotAfter):
				state = "expired"
			}
			fmt.Fprintf(stdout, "%s  AGB %s  until %s  %s\n", x.Serial, x.AGB, x.NotAfter.Format("2006-01-02"), state)
		}
	default:
		return fmt.Errorf("cert: unknown %q (init, issue, revoke, list)", sub)
	}
	return nil
}
