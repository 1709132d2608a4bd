// Package config reads pgbportaal's configuration from flags with
// environment fallbacks, in one place.
package config

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/identity"
)

// Config is the whole configuration.
type Config struct {
	Addr          string // PGB_ADDR: listen address
	MetricsAddr   string // PGB_METRICS_ADDR: listen address of /metrics (off when empty; never on the site's own port)
	Database      string // PGB_DATABASE: SQLite file path, or a postgres:// URL
	Demo          bool   // PGB_DEMO: load the demo dataset when the database is empty
	SecureCookies bool   // PGB_SECURE_COOKIES: set the Secure flag on cookies
	LogFormat     string // PGB_LOG: "text" or "json"
	PublicURL     string // PGB_PUBLIC_URL: the portal's address for links in e-mail (default: http://<addr>)
	FileDir       string // PGB_FILES: where payment files and list exports are kept (default: pgb-files beside a SQLite file)
	TLSCert       string // PGB_TLS_CERT: certificate (PEM) for HTTPS; with TLSKey
	TLSKey        string // PGB_TLS_KEY: its private key (PEM)
	ClientCA      string // PGB_CLIENT_CA: CA (PEM) whose client certificates log providers in
	SMTPHost      string // PGB_SMTP_HOST: mail server; empty: mail waits in the outbox
	SMTPPort      int    // PGB_SMTP_PORT
	SMTPUser      string // PGB_SMTP_USER
	SMTPPassword  string // PGB_SMTP_PASSWORD
	SMTPStartTLS  string // PGB_SMTP_STARTTLS: auto, always or never
	MailFrom      string // PGB_MAIL_FROM: the sender address

	// anchor: the audit log's checkpoints, signed outside the database
	// (pgb audit keygen|checkpoint|verify, and pgb serve).
	AuditKey             string        // PGB_AUDIT_KEY_FILE: Ed25519 private key (PEM) that signs checkpoints
	AuditPubKey          string        // PGB_AUDIT_PUBKEY_FILE: its public key (PEM), to check them
	AuditCheckpoints     string        // PGB_AUDIT_CHECKPOINTS: file the checkpoints are appended to (JSON lines)
	AuditCheckpointEvery time.Duration // PGB_AUDIT_CHECKPOINT_EVERY: pgb serve writes one this often (0: never)
	// atrest: the data key that seals BSNs and TOTP secrets (base64 of 32
	// random bytes), from the environment only, or a file holding it.
	DataKey     string // PGB_DATA_KEY
	DataKeyFile string // PGB_DATA_KEY_FILE: default <database>.key beside a SQLite file (made on first start)
	// auth branch:
	TrustedProxies string // PGB_TRUSTED_PROXIES: CIDRs of proxies whose Forwarded/X-Forwarded-For is believed
	TokenDays      int    // PGB_TOKEN_DAYS: lifetime of a new API token in days
	// A client must move at least MinRate bytes per second, averaged over
	// RateWindow of the time the server waits on it, for uploads and
	// downloads alike; slower, and it is cut off (no whole-request timeout).
	MinRate    int           // PGB_MIN_RATE: bytes per second
	RateWindow time.Duration // PGB_RATE_WINDOW
	// docs: the account the SVB pays from, the debtor of every payment
	// file (pain.001). Without it (and without -demo) no file is written.
	DebtorName string // PGB_DEBTOR_NAME: the account holder's name
	DebtorIBAN string // PGB_DEBTOR_IBAN
	DebtorBIC  string // PGB_DEBTOR_BIC: 8 or 11 characters; empty: the file says NOTPROVIDED

	// metrics: operating several instances (issue 18) and certificate
	// login behind a TLS-terminating proxy (issue 17).
	Instance      string // PGB_INSTANCE: this process's name in every log line (default <host>:<port of -addr>)
	DBMaxConns    int    // PGB_DB_MAX_CONNS: connections of the PostgreSQL pool (default 20)
	MetricsToken  string // PGB_METRICS_TOKEN: when set, /metrics asks for "Authorization: Bearer <token>" (environment only)
	ClientCertHdr string // PGB_CLIENT_CERT_HEADER: header in which a trusted proxy passes the client certificate (default X-Client-Cert)

	// oidc: identity providers (DigiD, eHerkenning, staff) people log in
	// through, from a JSON file (see docs/identity.md and LoadIdentity),
	// and the local simulator that stands in for them with -demo.
	OIDCConfig  string // PGB_OIDC_CONFIG: the identity providers' JSON file (empty: none)
	OIDCSimAddr string // PGB_OIDC_SIM_ADDR: listen address of the demo's simulated identity provider (only with -demo)
}

// DefaultDBMaxConns is the PostgreSQL pool's size unless configured.
const DefaultDBMaxConns = 20

// InstanceName is the process's tag in the log: -instance, or the host's
// name with the port of -addr ("web1:8080"), so that the lines of two
// instances can be told apart.
func (c Config) InstanceName() string {
	if c.Instance != "" {
		return c.Instance
	}
	host, _ := os.Hostname()
	if host == "" {
		host = "localhost"
	}
	if _, port, err := net.SplitHostPort(c.Addr); err == nil && port != "" && port != "0" {
		return host + ":" + port
	}
	return host
}

// DemoDebtor is the demo's own paying account (a test IBAN), used with
// -demo when no debtor is configured.
var DemoDebtor = [3]string{"SVB pgb demo", "NL97INGB0000002445", "INGBNL2A"}

// Debtor is the payment files' debtor: the configured account, or with
// -demo and none configured the demo's; all empty when there is none.
func (c Config) Debtor() (name, iban, bic string) {
	if c.DebtorIBAN == "" && c.Demo {
		return DemoDebtor[0], DemoDebtor[1], DemoDebtor[2]
	}
	return c.DebtorName, c.DebtorIBAN, c.DebtorBIC
}

// KeyFile is the data key's file: PGB_DATA_KEY_FILE, or beside the SQLite
// database (pgb.db.key), or none for PostgreSQL, which must be given a key.
func (c Config) KeyFile() string {
	switch {
	case c.DataKeyFile != "":
		return c.DataKeyFile
	case c.IsPostgres():
		return ""
	}
	return c.Database + ".key"
}

// Proxies parses TrustedProxies: CIDRs or single addresses, separated by
// commas or spaces.
func (c Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(c.TrustedProxies, func(r rune) bool { return r == ',' || r == ' ' }) {
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("config: -trusted-proxies: %q is no CIDR or address", f)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Files is the folder for payment files: PGB_FILES, or pgb-files beside
// the SQLite database, or in the working directory for PostgreSQL.
func (c Config) Files() string {
	switch {
	case c.FileDir != "":
		return c.FileDir
	case c.IsPostgres():
		return "pgb-files"
	}
	return filepath.Join(filepath.Dir(c.Database), "pgb-files")
}

// Defaults are used when neither flag nor environment says otherwise.
var Defaults = Config{Addr: "127.0.0.1:8080", Database: "pgb.db", SecureCookies: true, LogFormat: "text",
	SMTPPort: 587, SMTPStartTLS: "always", MailFrom: "noreply@pgbportaal.nl", TokenDays: 90,
	MinRate: 1024, RateWindow: 30 * time.Second, DBMaxConns: DefaultDBMaxConns, ClientCertHdr: "X-Client-Cert",
	OIDCSimAddr: "127.0.0.1:8081"}

// IsPostgres reports whether the database is a PostgreSQL URL.
func (c Config) IsPostgres() bool {
	return strings.HasPrefix(c.Database, "postgres://") || strings.HasPrefix(c.Database, "postgresql://")
}

// Register adds the configuration's flags to fs, with the environment
// (read through getenv) as their defaults, and returns the Config they fill
// once fs is parsed. Subcommands add their own flags to the same set.
func Register(fs *flag.FlagSet, getenv func(string) string) *Config {
	c := Defaults
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	envBool := func(key string, def bool) bool {
		if b, err := strconv.ParseBool(getenv(key)); err == nil {
			return b
		}
		return def
	}
	fs.StringVar(&c.Addr, "addr", env("PGB_ADDR", c.Addr), "listen address (env PGB_ADDR)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("PGB_METRICS_ADDR", c.MetricsAddr), "listen address of /metrics, e.g. 127.0.0.1:9090; off when empty (env PGB_METRICS_ADDR)")
	fs.StringVar(&c.Database, "database", env("PGB_DATABASE", c.Database), "SQLite file, or postgres:// URL (env PGB_DATABASE)")
	fs.BoolVar(&c.Demo, "demo", envBool("PGB_DEMO", false), "load the demo dataset when the database is empty (env PGB_DEMO=1)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool("PGB_SECURE_COOKIES", c.SecureCookies), "Secure flag on cookies (env PGB_SECURE_COOKIES)")
	fs.StringVar(&c.PublicURL, "public-url", env("PGB_PUBLIC_URL", ""), "the portal's address for links in e-mail (env PGB_PUBLIC_URL; default http://<addr>)")
	fs.StringVar(&c.TLSCert, "tls-cert", env("PGB_TLS_CERT", ""), "certificate (PEM) to serve HTTPS with (env PGB_TLS_CERT)")
	fs.StringVar(&c.TLSKey, "tls-key", env("PGB_TLS_KEY", ""), "private key (PEM) of -tls-cert (env PGB_TLS_KEY)")
	fs.StringVar(&c.ClientCA, "client-ca", env("PGB_CLIENT_CA", ""), "CA certificate (PEM) of provider client certificates; needs -tls-cert (env PGB_CLIENT_CA)")
	fs.StringVar(&c.SMTPHost, "smtp-host", env("PGB_SMTP_HOST", ""), "SMTP server for e-mail (env PGB_SMTP_HOST; empty: mail waits in the outbox)")
	port, err := strconv.Atoi(env("PGB_SMTP_PORT", strconv.Itoa(c.SMTPPort)))
	if err != nil {
		port = c.SMTPPort
	}
	fs.IntVar(&c.SMTPPort, "smtp-port", port, "SMTP port (env PGB_SMTP_PORT)")
	fs.StringVar(&c.SMTPUser, "smtp-user", env("PGB_SMTP_USER", ""), "SMTP user name (env PGB_SMTP_USER)")
	c.SMTPPassword = getenv("PGB_SMTP_PASSWORD") // from the environment only: a flag would show in the process list
	fs.StringVar(&c.SMTPStartTLS, "smtp-starttls", env("PGB_SMTP_STARTTLS", c.SMTPStartTLS), "STARTTLS: always, auto or never (env PGB_SMTP_STARTTLS)")
	fs.StringVar(&c.MailFrom, "mail-from", env("PGB_MAIL_FROM", c.MailFrom), "sender address of e-mail (env PGB_MAIL_FROM)")
	fs.StringVar(&c.FileDir, "files", env("PGB_FILES", ""), "folder for payment files (env PGB_FILES; default pgb-files beside the SQLite database)")
	fs.StringVar(&c.LogFormat, "log", env("PGB_LOG", c.LogFormat), "log format: text or json (env PGB_LOG)")
	// anchor:
	fs.StringVar(&c.AuditKey, "audit-key", env("PGB_AUDIT_KEY_FILE", ""), "Ed25519 private key (PEM) that signs audit checkpoints; keep it away from the database (env PGB_AUDIT_KEY_FILE)")
	fs.StringVar(&c.AuditPubKey, "audit-pubkey", env("PGB_AUDIT_PUBKEY_FILE", ""), "public key (PEM) that checks audit checkpoints (env PGB_AUDIT_PUBKEY_FILE; default: the half of -audit-key)")
	fs.StringVar(&c.AuditCheckpoints, "audit-checkpoints", env("PGB_AUDIT_CHECKPOINTS", ""), "file of audit checkpoints, one JSON line each (env PGB_AUDIT_CHECKPOINTS)")
	every, err := time.ParseDuration(env("PGB_AUDIT_CHECKPOINT_EVERY", "0s"))
	if err != nil {
		every = -1 // refused by Validate
	}
	fs.DurationVar(&c.AuditCheckpointEvery, "audit-checkpoint-every", every, "pgb serve signs an audit checkpoint this often, e.g. 1h (env PGB_AUDIT_CHECKPOINT_EVERY; 0: never)")
	c.DataKey = getenv("PGB_DATA_KEY") // from the environment only: a flag would show in the process list
	fs.StringVar(&c.DataKeyFile, "data-key-file", env("PGB_DATA_KEY_FILE", ""), "file with the data key sealing BSNs and TOTP secrets (env PGB_DATA_KEY_FILE, or the key itself in PGB_DATA_KEY; default <database>.key beside a SQLite file)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("PGB_TRUSTED_PROXIES", ""), "CIDRs of reverse proxies whose Forwarded or X-Forwarded-For header names the client (env PGB_TRUSTED_PROXIES; default none)")
	days, err := strconv.Atoi(env("PGB_TOKEN_DAYS", strconv.Itoa(c.TokenDays)))
	if err != nil {
		days = c.TokenDays
	}
	fs.IntVar(&c.TokenDays, "token-days", days, "days a new API token works (env PGB_TOKEN_DAYS)")
	minRate, err := strconv.Atoi(env("PGB_MIN_RATE", strconv.Itoa(c.MinRate)))
	if err != nil {
		minRate = -1 // refused by Validate
	}
	fs.IntVar(&c.MinRate, "min-rate", minRate, "bytes per second a client must at least send or take, averaged over -rate-window; slower, it is cut off (env PGB_MIN_RATE)")
	window, err := time.ParseDuration(env("PGB_RATE_WINDOW", c.RateWindow.String()))
	if err != nil {
		window = -1 // refused by Validate
	}
	fs.DurationVar(&c.RateWindow, "rate-window", window, "time over which -min-rate is averaged; a client that stalls this long is cut off (env PGB_RATE_WINDOW)")
	fs.StringVar(&c.DebtorName, "debtor-name", env("PGB_DEBTOR_NAME", ""), "name of the account payments are made from, in the payment files (env PGB_DEBTOR_NAME)")
	fs.StringVar(&c.DebtorIBAN, "debtor-iban", env("PGB_DEBTOR_IBAN", ""), "IBAN payments are made from (env PGB_DEBTOR_IBAN; without it and without -demo no payment file is written)")
	fs.StringVar(&c.DebtorBIC, "debtor-bic", env("PGB_DEBTOR_BIC", ""), "BIC of -debtor-iban, 8 or 11 characters (env PGB_DEBTOR_BIC; empty: NOTPROVIDED)")
	// metrics:
	fs.StringVar(&c.Instance, "instance", env("PGB_INSTANCE", ""), "this process's name in every log line (env PGB_INSTANCE; default <host>:<port of -addr>)")
	conns, err := strconv.Atoi(env("PGB_DB_MAX_CONNS", strconv.Itoa(c.DBMaxConns)))
	if err != nil {
		conns = -1 // refused by Validate
	}
	fs.IntVar(&c.DBMaxConns, "db-max-conns", conns, "connections of the PostgreSQL pool, kept open while idle up to this many (env PGB_DB_MAX_CONNS)")
	c.MetricsToken = getenv("PGB_METRICS_TOKEN") // from the environment only: a flag would show in the process list
	fs.StringVar(&c.ClientCertHdr, "client-cert-header", env("PGB_CLIENT_CERT_HEADER", c.ClientCertHdr), "header in which a trusted proxy (-trusted-proxies) passes the client certificate, URL-encoded PEM or base64 DER; off: none is read (env PGB_CLIENT_CERT_HEADER)")
	// oidc:
	fs.StringVar(&c.OIDCConfig, "oidc-config", env("PGB_OIDC_CONFIG", ""), "JSON file of the identity providers (DigiD, eHerkenning, staff) to log in through (env PGB_OIDC_CONFIG; see docs/identity.md)")
	fs.StringVar(&c.OIDCSimAddr, "oidc-sim-addr", env("PGB_OIDC_SIM_ADDR", c.OIDCSimAddr), "with -demo: listen address of the simulated identity provider (env PGB_OIDC_SIM_ADDR; empty: none)")
	return &c
}

// LoadIdentity reads the identity providers' configuration (a JSON file,
// unknown fields refused) and each provider's client secret from its
// client_secret_file (relative to the configuration's folder), and checks
// it. No file: nil.
func LoadIdentity(path string) (*identity.Config, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("oidc config: %w", err)
	}
	var ic identity.Config
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ic); err != nil {
		return nil, fmt.Errorf("oidc config %s: %w", path, err)
	}
	for i := range ic.Providers {
		p := &ic.Providers[i]
		if p.ClientSecretFile == "" {
			continue // a public client (PKCE only)
		}
		f := p.ClientSecretFile
		if !filepath.IsAbs(f) {
			f = filepath.Join(filepath.Dir(path), f)
		}
		secret, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("oidc config: provider %s: client secret: %w", p.Name, err)
		}
		p.ClientSecret = strings.TrimSpace(string(secret))
	}
	if err := ic.Validate(); err != nil {
		return nil, fmt.Errorf("oidc config %s: %w", path, err)
	}
	return &ic, nil
}

// bicPattern is the schema's pattern of a BIC.
var bicPattern = regexp.MustCompile(`^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$`)

// Validate checks the values after parsing.
func (c Config) Validate() error {
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("config: -log must be text or json, not %q", c.LogFormat)
	}
	if c.Database == "" {
		return fmt.Errorf("config: -database is empty")
	}
	switch c.SMTPStartTLS {
	case "always", "auto", "never":
	default:
		return fmt.Errorf("config: -smtp-starttls must be always, auto or never, not %q", c.SMTPStartTLS)
	}
	if c.ClientCA != "" && c.TLSCert == "" && (c.TrustedProxies == "" || c.ClientCertHdr == "off") {
		return fmt.Errorf("config: -client-ca needs HTTPS (-tls-cert and -tls-key), or a TLS-terminating proxy in -trusted-proxies that passes the certificate in -client-cert-header")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("config: -tls-cert and -tls-key go together")
	}
	// anchor:
	if c.AuditCheckpointEvery < 0 {
		return fmt.Errorf("config: -audit-checkpoint-every must be a duration such as 1h")
	}
	if c.AuditCheckpointEvery > 0 && (c.AuditKey == "" || c.AuditCheckpoints == "") {
		return fmt.Errorf("config: -audit-checkpoint-every needs -audit-key and -audit-checkpoints")
	}
	if c.DataKey != "" && c.DataKeyFile != "" {
		return fmt.Errorf("config: give the data key in PGB_DATA_KEY or in -data-key-file (PGB_DATA_KEY_FILE), not both")
	}
	if _, err := c.Proxies(); err != nil {
		return err
	}
	if c.DebtorIBAN != "" || c.DebtorName != "" || c.DebtorBIC != "" {
		if strings.TrimSpace(c.DebtorName) == "" || c.DebtorIBAN == "" {
			return fmt.Errorf("config: -debtor-name and -debtor-iban go together (and -debtor-bic with them)")
		}
		if _, err := domain.ParseIBAN(c.DebtorIBAN); err != nil {
			return fmt.Errorf("config: -debtor-iban %q is no valid IBAN: %v", c.DebtorIBAN, err)
		}
		if c.DebtorBIC != "" && !bicPattern.MatchString(c.DebtorBIC) {
			return fmt.Errorf("config: -debtor-bic %q is no BIC (8 or 11 letters and digits, e.g. INGBNL2A)", c.DebtorBIC)
		}
	}
	if c.MinRate < 1 {
		return fmt.Errorf("config: -min-rate must be a number of bytes per second, at least 1")
	}
	if c.RateWindow < time.Second {
		return fmt.Errorf("config: -rate-window must be a duration of at least 1s, such as 30s")
	}
	// metrics:
	if c.DBMaxConns < 1 || c.DBMaxConns > 1000 {
		return fmt.Errorf("config: -db-max-conns must be 1 to 1000")
	}
	if c.ClientCertHdr == "" || strings.ContainsAny(c.ClientCertHdr, " :\t\r\n") {
		return fmt.Errorf("config: -client-cert-header must be a header name such as X-Client-Cert")
	}
	if c.TokenDays < 1 || c.TokenDays > 3660 {
		return fmt.Errorf("config: -token-days must be 1 to 3660, not %d", c.TokenDays)
	}
	return nil
}

// Parse registers the flags on a new set, parses args and validates.
func Parse(name string, args []string, getenv func(string) string, out io.Writer) (Config, *flag.FlagSet, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	c := Register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return *c, fs, err
	}
	return *c, fs, c.Validate()
}
