// Command pgb is pgbportaal: the portal server and its administration
// commands. Run "pgb help" for the list.
package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/app"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/mail"
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
                 and show the checks' query plans: -n -workers -http-n -concurrency -check-n -month -empty -pgbench
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
  version        print the version
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
		fmt.Fprintln(stdout, "pgb", version)
		return nil
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "gen":
		return gen(ctx, rest, getenv, stdout, stderr)
	case "bench":
		return bench(ctx, rest, getenv, stdout, stderr)
	case "bench-lists":
		return benchLists(ctx, rest, getenv, stdout, stderr)
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
	case "migrate", "demo", "user create", "user reset-password", "user add-role", "token create", "token revoke", "token list":
		return admin(ctx, cmd, rest, getenv, stdin, stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", strings.Join(args[:min(2, len(args))], " "))
}

func newLogger(c config.Config, w io.Writer) *slog.Logger {
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
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

// isEmpty reports whether the database holds no organisations yet.
func isEmpty(ctx context.Context, svc *service.Service) (bool, error) {
	orgs, err := svc.Organisations(ctx)
	return len(orgs) == 0, err
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, _, err := config.Parse("serve", args, getenv, stderr)
	if err != nil {
		return err
	}
	log := newLogger(c, stderr)
	svc, db, err := openService(ctx, c, log)
	if err != nil {
		return err
	}
	defer db.Close()
	demoMode := false
	if c.Demo {
		empty, err := isEmpty(ctx, svc)
		if err != nil {
			return err
		}
		if empty {
			log.Info("loading the demo dataset")
			if err := demo.Load(ctx, svc); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
		}
		demoMode = true
	}
	if err := checkpointEvery(ctx, c, svc, log); err != nil {
		return fmt.Errorf("audit checkpoints: %w", err)
	}
	h, metricsHandler, err := app.Handlers(svc, log, c, demoMode, version)
	if err != nil {
		return err
	}
	if c.MetricsAddr != "" { // a listener of its own, never the site's port
		mln, err := net.Listen("tcp", c.MetricsAddr)
		if err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
		msrv := &http.Server{Handler: metricsHandler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
		go msrv.Serve(mln)
		defer msrv.Close()
		log.Info("metrics listening", "url", "http://"+mln.Addr().String()+"/metrics")
	}
	srv := &http.Server{Addr: c.Addr, Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	kind := "sqlite"
	if c.IsPostgres() {
		kind = "postgres"
	}
	scheme := "http"
	if c.TLSCert != "" {
		scheme = "https"
		cert, err := tls.LoadX509KeyPair(c.TLSCert, c.TLSKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("tls: %w", err)
		}
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
		if c.ClientCA != "" {
			// Requested, not verified in the handshake: the portal checks it
			// against the CA (app.Handler) and shows a clear page when it is wrong.
			srv.TLSConfig.ClientAuth = tls.RequestClientCert
		}
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	log.Info("pgbportaal listening", "url", scheme+"://"+ln.Addr().String()+"/", "database", kind, "demo", demoMode, "version", version)
	fmt.Fprintf(stdout, "pgbportaal: %s://%s/\n", scheme, ln.Addr())

	// Expired sessions, and idempotency keys past their day, are removed
	// every ten minutes.
	go func() {
		t := time.NewTicker(10 * time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if n, err := svc.PurgeSessions(ctx); err != nil {
					log.Warn("session purge failed", "err", err)
				} else if n > 0 {
					log.Info("sessions purged", "count", n)
				}
				if n, err := svc.PurgeIdempotencyKeys(ctx); err != nil {
					log.Warn("idempotency key purge failed", "err", err)
				} else if n > 0 {
					log.Info("idempotency keys purged", "count", n)
				}
			}
		}
	}()

	// Mail in the outbox goes out through the configured SMTP server.
	if c.SMTPHost != "" {
		sender := mail.SMTP{C: mail.Config{Host: c.SMTPHost, Port: c.SMTPPort, Username: c.SMTPUser, Password: c.SMTPPassword,
			StartTLS: c.SMTPStartTLS, From: c.MailFrom}}
		go func() {
			t := time.NewTicker(15 * time.Second)
			defer t.Stop()
			for {
				if sent, failed, err := svc.DeliverMail(ctx, sender, c.MailFrom, 50); err != nil {
					log.Warn("mail delivery stopped", "err", err)
				} else if sent+failed > 0 {
					log.Info("mail delivered", "sent", sent, "failed", failed)
				}
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
			}
		}()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing open requests")
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// admin runs the administration commands.
func admin(ctx context.Context, cmd string, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pgb "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cp := config.Register(fs, getenv)
	email := fs.String("email", "", "account e-mail address")
	name := fs.String("name", "", "account or token name")
	password := fs.String("password", "", "password, or - to read one line from stdin")
	role := fs.String("role", "", "role: beheerder, verstrekker, svb, zorgverlener, budgethouder")
	org := fs.String("org", "", "organisation code (for verstrekker and svb roles)")
	provider := fs.Int64("provider", 0, "provider id (zorgverlener role)")
	bh := fs.Int64("budget-holder", 0, "budget holder id (budgethouder role)")
	roleID := fs.Int64("role-id", 0, "the role a token acts in (default: the account's first role)")
	id := fs.Int64("id", 0, "token id")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := *cp
	if err := c.Validate(); err != nil {
		return err
	}
	log := newLogger(c, stderr)
	svc, db, err := openService(ctx, c, log)
	if err != nil {
		return err
	}
	defer db.Close()
	pw := func() (string, error) {
		if *password != "-" {
			return *password, nil
		}
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	accountID := func() (int64, []domain.AccountRole, error) {
		acc, roles, err := svc.AccountByEmail(ctx, service.System, *email)
		if err != nil {
			return 0, nil, fmt.Errorf("account %q: %w", *email, err)
		}
		return acc.ID, roles, nil
	}
	addRole := func(accID int64) error {
		r := domain.AccountRole{AccountID: accID, Role: domain.Role(*role), ProviderID: *provider, BudgetHolderID: *bh}
		if *org != "" {
			orgs, err := svc.Organisations(ctx)
			if err != nil {
				return err
			}
			for _, o := range orgs {
				if o.Code == *org {
					r.OrganisationID = o.ID
				}
			}
			if r.OrganisationID == 0 {
				return fmt.Errorf("no organisation with code %q", *org)
			}
		}
		r, err := svc.AddRole(ctx, service.System, r)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "role %s added (role id %d)\n", r.Role, r.ID)
		return nil
	}

	switch cmd {
	case "migrate":
		fmt.Fprintln(stdout, "migrations applied")
	case "demo":
		empty, err := isEmpty(ctx, svc)
		if err != nil {
			return err
		}
		if !empty {
			return fmt.Errorf("the database is not empty; the demo dataset loads only into an empty one")
		}
		if err := demo.Load(ctx, svc); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "demo dataset loaded; accounts:")
		for _, a := range demo.Accounts() {
			fmt.Fprintf(stdout, "  %-28s %-36s %s\n", a.Label, a.Email, a.Password)
		}
	case "user create":
		p, err := pw()
		if err != nil {
			return err
		}
		acc, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: *email, Name: *name, Password: p})
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "account %d created for %s\n", acc.ID, acc.Email)
		if *role != "" {
			return addRole(acc.ID)
		}
	case "user reset-password":
		accID, _, err := accountID()
		if err != nil {
			return err
		}
		p, err := pw()
		if err != nil {
			return err
		}
		if err := svc.ResetPassword(ctx, service.System, accID, p); err != nil {
			return explain(err)
		}
		fmt.Fprintln(stdout, "password reset; the account's sessions were ended")
	case "user add-role":
		accID, _, err := accountID()
		if err != nil {
			return err
		}
		return addRole(accID)
	case "token create":
		accID, roles, err := accountID()
		if err != nil {
			return err
		}
		rid := *roleID
		if rid == 0 {
			if len(roles) == 0 {
				return fmt.Errorf("account %s has no role; add one first", *email)
			}
			rid = roles[0].ID
		}
		tok, err := svc.CreateAPIToken(ctx, service.System, accID, rid, *name)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintln(stdout, tok)
	case "token revoke":
		if err := svc.RevokeAPIToken(ctx, service.System, *id); err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "token %d revoked\n", *id)
	case "token list":
		accID, _, err := accountID()
		if err != nil {
			return err
		}
		toks, err := svc.TokensOf(ctx, service.System, accID)
		if err != nil {
			return explain(err)
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tCREATED\tEXPIRES\tLAST USED\tSTATE")
		day := func(t time.Time) string {
			if t.IsZero() {
				return "never"
			}
			return t.UTC().Format("2006-01-02 15:04")
		}
		for _, k := range toks {
			state := "active"
			switch {
			case k.Revoked:
				state = "revoked"
			case k.Expired:
				state = "expired"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, day(k.CreatedAt), day(k.ExpiresAt), day(k.LastUsedAt), state)
		}
		return tw.Flush()
	}
	return nil
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
