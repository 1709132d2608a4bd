// Package app wires the parts together: it opens the store named by the
// configuration and builds the service, the API and the web server.
package app

import (
	"context"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/pgbportaal/pgbportaal/internal/api"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/metrics"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/postgres"
	"github.com/pgbportaal/pgbportaal/internal/store/sqlite"
	"github.com/pgbportaal/pgbportaal/internal/web"
)

// Open opens the database of c (SQLite file or PostgreSQL URL), migrated.
func Open(ctx context.Context, c config.Config) (*store.DB, error) {
	if c.IsPostgres() {
		return postgres.Open(ctx, c.Database)
	}
	return sqlite.Open(ctx, c.Database)
}

// Handler builds the portal's HTTP handler over svc. demoMode lists the
// demo accounts on the start page.
func Handler(svc *service.Service, log *slog.Logger, c config.Config, demoMode bool, version string) (http.Handler, error) {
	cfg := web.Config{Service: svc, Logger: log, Metrics: metrics.New(), API: api.New(svc, log), SecureCookies: c.SecureCookies, Version: version}
	proxies, err := c.Proxies()
	if err != nil {
		return nil, err
	}
	cfg.TrustedProxies = proxies
	if c.ClientCA != "" {
		pem, err := os.ReadFile(c.ClientCA)
		if err != nil {
			return nil, fmt.Errorf("client CA: %w", err)
		}
		cfg.ClientCAs = x509.NewCertPool()
		if !cfg.ClientCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("client CA %s: no certificate", c.ClientCA)
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
		return nil, err
	}
	return srv.Handler(), nil
}
