// Command pgb is pgbportaal: the portal server and its administration
// commands. Run "pgb help" for the list.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/app"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/loadtest"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// gcPercent is the garbage collector's target unless GOGC says otherwise:
// the portal's live heap is small (tens of MB), so collecting at 5× it
// instead of 2× spends the CPU on requests instead (about 8% more
// declarations a second on PostgreSQL, measured with pgb bench).
const gcPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "pgb:", err)
		}
		os.Exit(1)
	}
}

const usage = `pgb — pgbportaal, the administration of the persoonsgebonden budget

Usage: pgb <command> [flags]

Commands:
  serve          run the portal (web pages, JSON API under /api/v1, /healthz, /readyz; /metrics on -metrics-addr)
                 flags: -addr (PGB_ADDR, default 127.0.0.1:8080), -database (PGB_DATABASE, default pgb.db;
                 a postgres:// URL selects PostgreSQL), -demo (PGB_DEMO=1: load the demo dataset when
                 the database is empty), -secure-cookies (PGB_SECURE_COOKIES, default true), -log text|json,
                 -public-url (PGB_PUBLIC_URL: the address in e-mailed links; default http://<addr>),
                 -tls-cert FILE -tls-key FILE (PGB_TLS_CERT, PGB_TLS_KEY): serve HTTPS, -client-ca FILE
                 (PGB_CLIENT_CA): providers log in with a client certificate of that CA,
                 -smtp-host -smtp-port -smtp-user -smtp-starttls -mail-from (PGB_SMTP_*, PGB_MAIL_FROM;
                 password in PGB_SMTP_PASSWORD): send the outbox
  migrate        apply the database migrations and exit
  backup         -out FILE: an online copy of the SQLite database while pgb serve runs (VACUUM INTO), never over
                 an existing file; PostgreSQL is backed up with pg_basebackup or pg_dump (docs/operations.md)
  restore        -from FILE: put a backup in the place of the SQLite database (stop every pgb first; -force after a
                 crash), keep the replaced one beside it, and verify the restored audit log
  demo           load the demo dataset into an empty database
  user create    create an account:  -email E -name N -password P (or - to read it from stdin)
                 [-role beheerder|verstrekker|svb -org CODE]
  user reset-password   -email E -password P (or -)
  user add-role  -email E -role R [-org CODE | -provider ID | -budget-holder ID]
  token create   create a personal API token: -email E -name N [-role-id ID] (prints the token once)
  token revoke   -id ID
  token list     -email E: the account's tokens, when each expires and when it was last used
  audit verify   check the hash chains of the audit log, and with -audit-checkpoints FILE (or - for stdin) and
                 -audit-pubkey FILE also against the newest signed checkpoint; exits non-zero when it is broken
  audit checkpoint  sign the heads of the audit log's lanes and its number of records with -audit-key FILE
                 (PGB_AUDIT_KEY_FILE, Ed25519, not in the database) and append it to -audit-checkpoints FILE
                 (PGB_AUDIT_CHECKPOINTS), or print it (one JSON line) for a log stream. Protected then: deleting,
                 changing or re-chaining any record before the checkpoint. Not protected: changes after the newest
                 checkpoint by whoever holds the database, and anything by whoever also holds the private key.
                 pgb serve -audit-checkpoint-every 1h (PGB_AUDIT_CHECKPOINT_EVERY) writes one periodically
  audit keygen   make the checkpoint key pair: -audit-key FILE (private, 0600) [-audit-pubkey FILE, default FILE.pub]
  gen            load a synthetic dataset (national size by default): -holders -agreements -per-month -months -seed
  bench          measure the checks, the declaration flow (service and HTTP) on an empty and the configured database,
                 and show the checks' query plans: -n -workers -http-n -concurrency -check-n -month -empty -pgbench;
                 -surge: the month-end surge over HTTP against real pgb serve processes (-surge-n -instances
                 -concurrency -browsers -think), then pgbench in the same run
  bench-lists    time the list pages at the server for the provider with the most budget holders and the
                 verstrekker with the most clients (a dataset of gen): p50 and p99 of each page; -n
  payrun         pay accepted declarations (for a scheduler): start or resume the open run, write its pain.001
                 file, and with -execute record it executed. Safe to run again after a crash: nothing is paid twice.
                 flags: -cutoff DATE (default: end of last month) -execution-date DATE -execute -out FILE
                 (copy of the file) -files DIR (PGB_FILES); the paying account: -debtor-name -debtor-iban
                 -debtor-bic (PGB_DEBTOR_NAME, PGB_DEBTOR_IBAN, PGB_DEBTOR_BIC; the demo has its own)
  cert init      make a local CA for provider client certificates: -dir DIR (writes ca.pem, ca-key.pem)
  cert issue     issue a client certificate to a provider's AGB code: -dir DIR -agb CODE [-name N] [-days 365] -out PREFIX
  cert revoke    -serial HEX: the certificate logs in no more
  cert list      the issued certificates
  settle         make the yearly settlements of every verstrekker's ended grants: -until DATE (default yesterday) -org CODE
  key new        make a data key (for PGB_DATA_KEY_FILE): -out FILE (0600)
  key rotate     seal every BSN and TOTP secret again under a new data key, in one transaction, audited:
                 -new-key-file FILE (made when it does not exist) or PGB_NEW_DATA_KEY; stop every server first
                 and start them with the new key (-data-key-file or PGB_DATA_KEY) afterwards
  healthcheck    ask a running pgb serve for /healthz (a container's HEALTHCHECK): -url URL (default
                 http://<PGB_ADDR>/healthz) -timeout 3s; exits non-zero unless it answers 200
  version        print the version (-ldflags -X main.version=..., else the commit from the build information)
  help           this text

Every command takes -database (PGB_DATABASE) and the data key: PGB_DATA_KEY, or -data-key-file (PGB_DATA_KEY_FILE);
on SQLite the default is a key file beside the database (pgb.db.key, made on first start); PostgreSQL needs one.
`

// run is the whole program, so that it starts inside a test as from a shell.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cmd, rest := args[0], args[1:]
	if (cmd == "user" || cmd == "token" || cmd == "audit") && len(rest) > 0 {
		cmd, rest = cmd+" "+rest[0], rest[1:]
	}
	switch cmd {
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	case "version":
		fmt.Fprintln(stdout, "pgb", buildVersion())
		return nil
	case "healthcheck":
		return healthcheck(ctx, rest, getenv, stdout, stderr)
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "gen":
		return loadtest.Gen(ctx, rest, getenv, stdout, stderr)
	case "bench":
		return loadtest.Bench(ctx, rest, getenv, stdout, stderr)
	case "bench-lists":
		return loadtest.BenchLists(ctx, rest, getenv, stdout, stderr)
	case "payrun":
		return payrun(ctx, rest, getenv, stdout, stderr)
	case "settle":
		return settle(ctx, rest, getenv, stdout, stderr)
	case "cert":
		return cert(ctx, rest, getenv, stdout, stderr)
	case "audit verify", "audit checkpoint", "audit keygen":
		return auditCmd(ctx, cmd, rest, getenv, stdin, stdout, stderr)
	case "key":
		return key(ctx, rest, getenv, stdout, stderr)
	case "backup":
		return backup(ctx, rest, getenv, stdout, stderr)
	case "restore":
		return restore(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout, stderr)
	case "demo":
		return demoCmd(ctx, rest, getenv, stdout, stderr)
	case "user create", "user reset-password", "user add-role":
		return user(ctx, cmd, rest, getenv, stdin, stdout, stderr)
	case "token create", "token revoke", "token list":
		return token(ctx, cmd, rest, getenv, stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", strings.Join(args[:min(2, len(args))], " "))
}

// openService opens the database and the use cases over it; adjust, when
// given, changes the service's options (a command's fault hook).
func openService(ctx context.Context, c config.Config, log *slog.Logger, adjust ...func(*service.Options)) (*service.Service, *store.DB, error) {
	db, err := app.Open(ctx, c, log)
	if err != nil {
		return nil, nil, err
	}
	public := c.PublicURL
	if public == "" {
		public = "http://" + c.Addr
	}
	opts := service.Options{Logger: log, PublicURL: public, FileDir: c.Files(), TokenTTL: time.Duration(c.TokenDays) * 24 * time.Hour}
	opts.Payer.Name, opts.Payer.IBAN, opts.Payer.BIC = c.Debtor()
	for _, f := range adjust {
		f(&opts)
	}
	return service.New(db, opts), db, nil
}

// commandFlags is the flag set of command name with the configuration's
// flags (-database, the data key, ...) registered; the command adds its own.
func commandFlags(name string, getenv func(string) string, stderr io.Writer) (*flag.FlagSet, *config.Config) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs, config.Register(fs, getenv)
}

// parseAndOpen parses a command's flags, checks the configuration and opens
// the service over its database (logging to stderr).
func parseAndOpen(ctx context.Context, fs *flag.FlagSet, cp *config.Config, args []string, stderr io.Writer) (*service.Service, *store.DB, error) {
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	c := *cp
	if err := c.Validate(); err != nil {
		return nil, nil, err
	}
	return openService(ctx, c, app.NewLogger(c, stderr))
}

// isEmpty reports whether the database holds no organisations yet.
func isEmpty(ctx context.Context, svc *service.Service) (bool, error) {
	orgs, err := svc.Organisations(ctx)
	return len(orgs) == 0, err
}

// explain turns a validation error into a readable line per field.
func explain(err error) error {
	e, ok := domain.AsError(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	var parts []string
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+f.Code)
	}
	return errors.New(strings.Join(parts, "; "))
}
