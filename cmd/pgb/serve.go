package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/app"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/identity"
	"github.com/pgbportaal/pgbportaal/internal/identity/idpsim"
	"github.com/pgbportaal/pgbportaal/internal/mail"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// serve runs the portal until ctx ends, then finishes the open requests.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, _, err := config.Parse("serve", args, getenv, stderr)
	if err != nil {
		return err
	}
	log := app.NewLogger(c, stderr)
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
	var idp *identity.Config
	if demoMode && c.OIDCSimAddr != "" && c.OIDCConfig == "" {
		stop, ic := startIdentitySimulator(c, svc, log)
		defer stop()
		idp = ic
	}
	h, metricsHandler, err := app.Handlers(svc, log, c, demoMode, buildVersion(), idp)
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
	// No timeout for a whole request: bodies and responses must keep moving
	// at -min-rate instead, so slow links are served and slowloris is not.
	srv := app.NewServer(c.Addr, h, app.LimitsOf(c), log)
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
			// against the CA (app.Handlers) and shows a clear page when it is wrong.
			srv.TLSConfig.ClientAuth = tls.RequestClientCert
		}
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	log.Info("pgbportaal listening", "url", scheme+"://"+ln.Addr().String()+"/", "database", kind, "demo", demoMode, "version", buildVersion())
	fmt.Fprintf(stdout, "pgbportaal: %s://%s/\n", scheme, ln.Addr())

	// Expired sessions, idempotency keys past their day and export files
	// past service.ExportKeep are removed every ten minutes.
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
				if n, err := svc.PurgeExports(ctx); err != nil {
					log.Warn("export purge failed", "err", err)
				} else if n > 0 {
					log.Info("export files purged", "count", n)
				}
			}
		}
	}()

	// Jobs (a payment run started on a page or with the API) start at once
	// in the process that queued them; this runner also picks up, every
	// ten seconds, the jobs whose process died (their lease ran out), of
	// this instance or another, and resumes them.
	go svc.NewJobRunner().Run(ctx, 10*time.Second)

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
	err = srv.Shutdown(shutCtx)
	// The last uses of tokens and sessions noted by the requests it
	// finished, written before the store closes (service.FlushTouches).
	if ferr := svc.FlushTouches(shutCtx); ferr != nil {
		log.Warn("recording the last use of credentials failed", "err", ferr)
	}
	if err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// startIdentitySimulator starts, for -demo only, the simulated identity
// provider (DigiD, eHerkenning, staff; package idpsim) on -oidc-sim-addr
// and returns how to stop it and the configuration that logs in through
// it. A taken port is no reason to stop the demo: it runs without.
func startIdentitySimulator(c config.Config, svc *service.Service, log *slog.Logger) (stop func(), ic *identity.Config) {
	ln, err := net.Listen("tcp", c.OIDCSimAddr)
	if err != nil {
		log.Warn("simulated identity provider not started", "err", err)
		return func() {}, nil
	}
	issuer := "http://" + ln.Addr().String()
	secret := make([]byte, 24)
	rand.Read(secret)
	ic = demo.IdentityConfig(issuer, hex.EncodeToString(secret))
	_, h, err := idpsim.New(issuer, demo.IdentityPersons(), demo.IdentityClients(ic, strings.TrimRight(svc.PublicURL(), "/")))
	if err != nil {
		ln.Close()
		log.Warn("simulated identity provider not started", "err", err)
		return func() {}, nil
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	log.Info("simulated identity provider listening (demo only: no real DigiD or eHerkenning)", "url", issuer)
	return func() { srv.Close() }, ic
}
