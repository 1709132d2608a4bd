// Package app wires the parts together: it opens the store named by the
// configuration and builds the service, the API and the web server.
package app

import (
	"context"
	"crypto/subtle"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"

	"github.com/pgbportaal/pgbportaal/internal/api"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/datakey"
	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/identity"
	"github.com/pgbportaal/pgbportaal/internal/metrics"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/postgres"
	"github.com/pgbportaal/pgbportaal/internal/store/sqlite"
	"github.com/pgbportaal/pgbportaal/internal/web"
)

// NewLogger is the program's logger: text, or JSON when c.LogFormat is
// "json", written to w. Every line names the instance (c.InstanceName),
// and a line logged with a request's context its request id.
func NewLogger(c config.Config, w io.Writer) *slog.Logger {
	var h slog.Handler = slog.NewTextHandler(w, nil)
	if c.LogFormat == "json" {
		h = slog.NewJSONHandler(w, nil)
	}
	return slog.New(httpkit.LogRequestID(h)).With("instance", c.InstanceName())
}

// Open opens the database of c (SQLite file or PostgreSQL URL), migrated,
// its personal data sealed with c's data key (see DataKey). A key file made
// for this start is removed again when the database does not open with it.
func Open(ctx context.Context, c config.Config, log *slog.Logger) (*store.DB, error) {
	key, created, err := DataKey(c)
	if err != nil {
		return nil, err
	}
	var db *store.DB
	if c.IsPostgres() {
		db, err = postgres.OpenPool(ctx, c.Database, key, postgres.Pool{MaxConns: c.DBMaxConns})
	} else {
		db, err = sqlite.Open(ctx, c.Database, key)
	}
	if err != nil {
		if created {
			os.Remove(c.KeyFile())
		}
		return nil, err
	}
	if created {
		log.Warn("data key created: BSNs and TOTP secrets are sealed with the key in this file; keep a copy of it apart from the database, without it they cannot be read",
			"file", c.KeyFile(), "key_id", key.ID())
	}
	return db, nil
}

// ErrNoDataKey: PostgreSQL was given no data key.
var ErrNoDataKey = errors.New("no data key: a PostgreSQL database is started only with the key that seals its BSNs and TOTP secrets: " +
	"set PGB_DATA_KEY (base64 of 32 random bytes; pgb key new makes one) or -data-key-file FILE (PGB_DATA_KEY_FILE)")

// DataKey returns the data key of c: PGB_DATA_KEY, or the key file
// (-data-key-file), or on SQLite the file beside the database (pgb.db.key),
// made (0600) when it is not there yet; created says it was made now.
// PostgreSQL without a key is refused: its data are not beside a file the
// portal could keep a key in.
func DataKey(c config.Config) (key *datakey.Key, created bool, err error) {
	switch {
	case c.DataKey != "":
		key, err = datakey.Parse(c.DataKey)
		return key, false, err
	case c.KeyFile() == "":
		return nil, false, ErrNoDataKey
	case c.DataKeyFile != "":
		key, err = datakey.Load(c.DataKeyFile)
		return key, false, err
	}
	key, err = datakey.Load(c.KeyFile())
	if errors.Is(err, fs.ErrNotExist) {
		key, err = datakey.Create(c.KeyFile())
		return key, err == nil, err
	}
	return key, false, err
}

// Handlers builds the portal's HTTP handler over svc (demoMode lists the
// demo accounts on the start page) and the handler of /metrics, which counts
// the site's requests and is served on a listener of its own
// (-metrics-addr), never on the site's port.
//
// The identity providers come from c.OIDCConfig (PGB_OIDC_CONFIG), or
// from idp when given (the demo's simulated one); their
// password_login_off is applied to the service.
func Handlers(svc *service.Service, log *slog.Logger, c config.Config, demoMode bool, version string, idp ...*identity.Config) (site, metricsHandler http.Handler, err error) {
	reg := metrics.New()
	reg.Store(svc.DB())
	svc.UseMeter(reg)
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metricsAuth(c.MetricsToken, reg.Handler()))
	cfg := web.Config{Service: svc, Logger: log, Metrics: reg, API: api.New(svc, log), SecureCookies: c.SecureCookies, Version: version}
	// oidc:
	if cfg.Identity, err = config.LoadIdentity(c.OIDCConfig); err != nil {
		return nil, nil, err
	}
	if len(idp) > 0 && idp[0] != nil {
		cfg.Identity = idp[0]
	}
	if cfg.Identity != nil {
		svc.SetPasswordOff(cfg.Identity.PasswordOff)
	}
	proxies, err := c.Proxies()
	if err != nil {
		return nil, nil, err
	}
	cfg.TrustedProxies = proxies
	if len(proxies) > 0 && c.ClientCertHdr != "off" {
		cfg.ClientCertHeader = c.ClientCertHdr
	}
	if c.ClientCA != "" {
		pem, err := os.ReadFile(c.ClientCA)
		if err != nil {
			return nil, nil, fmt.Errorf("client CA: %w", err)
		}
		cfg.ClientCAs = x509.NewCertPool()
		if !cfg.ClientCAs.AppendCertsFromPEM(pem) {
			return nil, nil, fmt.Errorf("client CA %s: no certificate", c.ClientCA)
		}
	}
	if demoMode {
		cfg.DemoAccounts = func() []web.DemoAccount {
			var out []web.DemoAccount
			for _, a := range demo.Accounts() {
				out = append(out, web.DemoAccount{Role: a.Role, Label: a.Label, Email: a.Email, Password: a.Password, TOTPSecret: a.TOTPSecret})
			}
			return out
		}
	}
	srv, err := web.New(cfg)
	if err != nil {
		return nil, nil, err
	}
	return srv.Handler(), mux, nil
}

// metricsAuth asks for "Authorization: Bearer <token>" when a token is
// configured (PGB_METRICS_TOKEN), compared in constant time.
func metricsAuth(token string, h http.Handler) http.Handler {
	if token == "" {
		return h
	}
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "unauthorized\n", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}
