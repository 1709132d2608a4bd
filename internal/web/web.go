// Package web serves the portal's HTML pages: server-rendered with
// html/template, embedded with go:embed, Dutch first with English, mobile
// first, usable without JavaScript. Handlers are short: parse the form, call
// the service, render; each returns its error, which becomes a page in one
// place (fail, in errors.go).
package web

import (
	"context"
	"crypto/x509"
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/identity"
	"github.com/pgbportaal/pgbportaal/internal/metrics"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// DemoAccount is a demo login shown on the start page in demo mode.
type DemoAccount struct {
	Role, Label, Email, Password, TOTPSecret string
}

// Config configures the web server.
type Config struct {
	Service       *service.Service
	Logger        *slog.Logger
	Metrics       *metrics.Registry
	API           http.Handler         // mounted at /api/v1/ when set
	DemoAccounts  func() []DemoAccount // non-nil in demo mode
	SecureCookies bool                 // Secure flag on cookies (true unless testing over plain HTTP on a LAN)
	Version       string
	// ClientCAs verifies provider client certificates (the listener only
	// requests them, so that a wrong one gets a clear page, not a failed
	// handshake). Nil: no certificate login.
	ClientCAs *x509.CertPool
	// TrustedProxies are the peers (reverse proxies, load balancers) whose
	// Forwarded or X-Forwarded-For header names the client (auth branch).
	TrustedProxies []netip.Prefix
	// ClientCertHeader is the header in which a trusted proxy that ends
	// TLS passes the client certificate it was shown (PGB_CLIENT_CERT_HEADER;
	// "": none is read). It is checked against ClientCAs like one of a
	// direct handshake; from a peer that is not a trusted proxy it is ignored.
	ClientCertHeader string

	// oidc: the identity providers people log in through (nil: none),
	// the HTTP client that talks to them (nil: one with a timeout), and
	// the portal's public address they send people back to (empty: the
	// service's).
	Identity   *identity.Config
	OIDCClient *http.Client
	PublicURL  string
}

// Server is the HTTP side of the portal.
type Server struct {
	cfg  Config
	svc  *service.Service
	log  *slog.Logger
	tmpl *templates
	// routes are the page patterns Handler registered (for Routes).
	routes []string
	mux    *http.ServeMux // the last Handler's, to find a page's GET address
	// certFailures counts client certificates that did not log in.
	certFailures atomic.Int64
	rps          rps // the identity providers' discovery
}

// New builds the server and parses its templates.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.Logger = httpkit.LoggerWithRequestID(cfg.Logger) // lines logged with a request's context name its id
	if cfg.Metrics == nil {
		cfg.Metrics = metrics.New()
	}
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	srv := &Server{cfg: cfg, svc: cfg.Service, log: cfg.Logger, tmpl: t}
	if cfg.Service != nil { // auth branch: failed checks of secrets and lockouts
		cfg.Metrics.Counters(metrics.AuthFailures, "Failed checks of a password, TOTP code or recovery code, by check.", "check",
			func() map[string]int64 { f, _ := cfg.Service.AuthCounts(); return f })
		cfg.Metrics.Counters(metrics.AuthLockouts, "Throttle keys that used up their attempts, by scope (account, network, reset).", "scope",
			func() map[string]int64 { _, l := cfg.Service.AuthCounts(); return l })
		cfg.Metrics.Counters(metrics.LoginFailures, "Failed logins by method: password (wrong address or password), second_factor (TOTP or recovery code), certificate (a client certificate that did not log in).", "method",
			func() map[string]int64 {
				f, _ := cfg.Service.AuthCounts()
				return map[string]int64{"password": f["login"], "second_factor": f["totp"] + f["recovery_code"], "certificate": srv.certFailures.Load()}
			})
	}
	return srv, nil
}

// Handler returns the root handler with every route and middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.mux = mux
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", cacheForever(s.styledNotFound(http.StripPrefix("/static/", http.FileServerFS(static)))))
	mux.Handle("GET /favicon.ico", cacheForever(http.RedirectHandler("/static/favicon.svg", http.StatusMovedPermanently)))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", s.readyz)
	// /metrics is not served here: it tells anyone the routes, counts, heap and
	// goroutines; cmd/pgb serves it on a listener of its own (-metrics-addr).
	if s.cfg.API != nil {
		mux.Handle("/api/v1/", s.cfg.API)
	}

	s.routes = nil
	page := func(pattern string, h handlerFunc) {
		mux.Handle(pattern, s.withSession(h, false))
		s.routes = append(s.routes, pattern)
	}
	public := func(pattern string, h handlerFunc) {
		mux.Handle(pattern, s.withSession(h, true))
		s.routes = append(s.routes, pattern)
	}
	public("GET /{$}", s.home)
	public("GET /inloggen", s.loginPage)
	public("POST /inloggen", s.loginPost)
	public("GET /taal", s.setLanguage)
	public("GET /toegankelijkheid", s.staticPage("accessibility"))
	public("GET /privacy", s.staticPage("privacy"))
	public("GET /wachtwoord-vergeten", s.forgotForm)
	public("POST /wachtwoord-vergeten", s.forgotPost)
	public("GET /wachtwoord-herstellen/{token}", s.resetForm)
	public("POST /wachtwoord-herstellen/{token}", s.resetPost)
	public("GET /uitnodiging/{token}", s.invitation)
	public("POST /uitnodiging/{token}", s.invitationAccept)
	public("GET /uitnodiging-budgethouder/{token}", s.holderInvitation)
	public("POST /uitnodiging-budgethouder/{token}", s.holderInvitationAccept)
	public("GET /inloggen/oidc/{provider}", s.oidcStart)
	public("GET "+oidcCallback, s.oidcReturn)
	public("POST /inloggen/oidc/kies", s.oidcChoose)
	page("GET /inloggen/code", s.totpPage)
	page("POST /inloggen/code", s.totpPost)
	page("GET /tweestaps", s.enrollForm)
	page("POST /tweestaps", s.enrollPost)
	page("POST /uitloggen", s.logout)
	page("POST /rol", s.switchRole)
	page("GET /account", s.account)
	page("POST /account/wachtwoord", s.passwordPost)
	page("POST /account/tokens", s.tokenCreate)
	page("POST /account/tokens/{id}/intrekken", s.tokenRevoke)
	page("POST /account/sessies/{ref}/beeindigen", s.sessionEnd)
	page("POST /account/herstelcodes", s.recoveryCodes)
	page("POST /account/meldingen", s.mailNoticesPost)
	page("GET /account/mijn-gegevens", s.ownData)
	page("GET /account/mijn-gegevens.json", s.ownDataJSON)

	page("GET /gegevens", s.myDetails)
	page("POST /gegevens", s.myDetailsPost)
	page("POST /gegevens/machtigingen", s.mandateGrant)
	page("POST /gegevens/machtigingen/{id}/intrekken", s.mandateRevoke)

	page("GET /budgethouders", s.budgetHolders)
	page("GET /budgethouders/nieuw", s.budgetHolderNew)
	page("POST /budgethouders/nieuw", s.budgetHolderCreate)
	page("GET /budgethouders/{id}", s.budgetHolderShow)
	page("POST /budgethouders/{id}/vertegenwoordigers", s.representativeAdd)
	page("GET /budgethouders/{id}/vertegenwoordigers/{rid}/bewijs", s.representativeProof)
	page("GET /budgethouders/{id}/toekenningen/nieuw", s.grantNew)
	page("POST /budgethouders/{id}/toekenningen/nieuw", s.grantCreate)
	page("GET /toekenningen/{id}", s.grantShow)
	page("POST /toekenningen/{id}/vrij-besteedbaar", s.grantClaimFree)
	page("GET /toekenningen/{id}/herzien", s.grantReviseForm)
	page("POST /toekenningen/{id}/herzien", s.grantRevise)

	page("GET /overeenkomsten", s.agreements)
	page("GET /overeenkomsten/nieuw", s.agreementNew)
	page("POST /overeenkomsten/nieuw", s.agreementCreate)
	page("GET /overeenkomsten/papier", s.paperNew)
	page("POST /overeenkomsten/papier", s.paperCreate)
	page("GET /overeenkomsten/{id}/scan/{sid}", s.agreementScan)
	page("GET /overeenkomsten/{id}", s.agreementShow)
	page("GET /overeenkomsten/{id}/pdf", s.agreementPDF)
	page("GET /overeenkomsten/{id}/bewerken", s.agreementEdit)
	page("POST /overeenkomsten/{id}/bewerken", s.agreementUpdate)
	page("POST /overeenkomsten/{id}/actie", s.agreementAct)
	page("POST /overeenkomsten/{id}/berichten", s.agreementMessage)
	page("GET /overeenkomsten/{id}/berichten", s.threadPage(s.agreementThread))
	page("GET /overeenkomsten/{id}/berichten/pdf", s.threadPDF(s.agreementThread))
	page("POST /overeenkomsten/{id}/ziekmelding", s.agreementSick)
	page("GET /declaraties", s.declarations)
	page("GET /declaraties/nieuw", s.declarationNew)
	page("POST /declaraties/nieuw", s.declarationCreate)
	page("POST /declaraties/export", s.declarationsExport)
	page("GET /declaraties/bulk", s.declarationBulk)
	page("POST /declaraties/bulk", s.declarationBulkUpload)
	page("GET /declaraties/papier", s.paperStart)
	page("GET /betaalruns", s.payRuns)
	page("POST /betaalruns", s.payRunStart)
	page("GET /betaalruns/{id}", s.payRunShow)
	page("GET /betaalruns/{id}/bestand", s.payRunFile)
	page("POST /betaalruns/{id}/bestand", s.payRunWrite)
	page("POST /betaalruns/{id}/uitgevoerd", s.payRunExecuted)
	page("POST /betaalruns/{id}/bankbestand", s.payRunStatus)
	page("GET /taken/{id}", s.jobShow)
	page("GET /taken/{id}/bestand", s.jobFile)
	page("GET /taken/{id}/uitkomst", s.jobBatchResult)
	page("GET /betalingen", s.payments)
	page("GET /betalingen/jaaropgave/{year}", s.jaaropgave)
	page("GET /betalingen/jaaropgave/{year}/pdf", s.jaaropgavePDF)
	page("GET /jaaroverzicht/{year}", s.yearPage)
	page("GET /jaaroverzicht/{year}/pdf", s.yearPDF)
	page("GET /eindafrekeningen", s.settlements)
	page("POST /eindafrekeningen", s.settlementsMake)
	page("GET /eindafrekeningen.csv", s.settlementsCSV)
	page("GET /eindafrekeningen/{id}", s.settlementShow)
	page("POST /eindafrekeningen/{id}/actie", s.settlementAct)
	page("GET /eindafrekeningen/{id}/pdf", s.settlementPDF)
	page("POST /declaraties/papier", s.paperDeclarationCreate)
	page("GET /declaraties/{id}", s.declarationShow)
	page("GET /declaraties/{id}/pdf", s.declarationPDF)
	page("POST /declaraties/{id}/actie", s.declarationAct)
	page("POST /declaraties/{id}/bijlage", s.declarationAttach)
	page("POST /declaraties/{id}/berichten", s.declarationMessage)
	page("GET /declaraties/{id}/berichten", s.threadPage(s.declarationThread))
	page("GET /declaraties/{id}/berichten/pdf", s.threadPDF(s.declarationThread))
	page("GET /declaraties/{id}/bijlage/{aid}", s.declarationFile)
	page("GET /berichten", s.inbox)
	page("POST /berichten/gelezen", s.inboxReadAll)
	page("POST /berichten/{id}/openen", s.inboxOpen)

	// Find care (handlers_findcare.go, handlers_careneed.go).
	page("GET /zorg-vinden", s.findCare)
	page("GET /zorg-vinden/profiel", s.findCareProfileForm)
	page("POST /zorg-vinden/profiel", s.findCareProfileSave)
	page("GET /zorgprofielen/{id}", s.findCareProfileShow)
	page("POST /zorgprofielen/{id}/melden", s.findCareReport("profile", s.findCareProfileRender))
	page("POST /zorgprofielen/{id}/verbergen", s.findCareHide("profile", s.findCareProfileRender))
	page("GET /zorgvragen/nieuw", s.findCareRequestNew)
	page("POST /zorgvragen/nieuw", s.findCareRequestCreate)
	page("GET /zorgvragen/{id}", s.findCareRequestShow)
	page("POST /zorgvragen/{id}/berichten", s.findCareAnswer)
	page("POST /zorgvragen/{id}/sluiten", s.findCareRequestClose)
	page("POST /zorgvragen/{id}/melden", s.findCareReport("request", s.findCareRequestRender))
	page("POST /zorgvragen/{id}/verbergen", s.findCareHide("request", s.findCareRequestRender))
	page("GET /zorgbehoefte", s.careNeeds)
	page("POST /zorgbehoefte", s.careNeedStart)
	page("GET /zorgbehoefte/{id}", s.careNeedShow)
	page("POST /zorgbehoefte/{id}", s.careNeedSave)
	page("GET /zorgbehoefte/{id}/rapport", s.careNeedReport)
	page("GET /zorgbehoefte/{id}/pdf", s.careNeedPDF)
	page("POST /zorgbehoefte/{id}/verwijderen", s.careNeedDelete)

	page("GET /tarieven", s.tariffs)
	page("POST /tarieven", s.tariffPut)

	page("GET /zorgverleners", s.providers)
	page("POST /zorgverleners", s.providerCreate)

	page("GET /beheer/uitgaande-mail", s.outbox)
	page("GET /beheer/accounts", s.adminAccounts)
	page("POST /beheer/accounts", s.adminAccountCreate)
	page("POST /beheer/accounts/{id}/rollen", s.adminRoleAdd)
	page("POST /beheer/accounts/{id}/wachtwoord", s.adminPasswordReset)

	var h http.Handler = s.styledErrors(mux)
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.securityHeaders(h)
	h = s.observe(mux, h)
	return h
}

// Routes lists the pattern of every page the portal serves ("GET
// /declaraties/{id}"), as Handler registers them: for tests that visit
// them all.
func (s *Server) Routes() []string {
	s.Handler()
	return append([]string(nil), s.routes...)
}

func cacheForever(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.svc.DB().Ready(ctx); errors.Is(err, store.ErrReadOnly) {
		s.log.Error("readyz: the database is a read-only standby")
		http.Error(w, "database read-only\n", http.StatusServiceUnavailable)
		return
	} else if err != nil {
		s.log.Error("readyz: database unreachable", "err", err)
		http.Error(w, "database unreachable\n", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ok\n"))
}

// securityHeaders sets a strict Content Security Policy and friends. The
// pages need no script at all.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if r.TLS != nil { // HSTS only means something over HTTPS
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	code int
	cut  bool // a write failed: the client did not get the whole response
}

// WriteHeader passes on the first status only (a form shown again after a
// refusal sets its 422 before the page renders).
func (w *statusWriter) WriteHeader(code int) {
	if w.code != 0 {
		return
	}
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	if err != nil {
		w.cut = true
	}
	return n, err
}

// observe logs each request (method, route pattern, status, duration, its
// request id; never the path, query string or form values: they may hold
// personal data) and counts it in the metrics. The request id is the one a
// trusted proxy sent in X-Request-ID, when it is sane, or a new one; it is
// sent back in the response and is in the request's context, so that the
// error logs of the request name it too.
func (s *Server) observe(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		r = httpkit.TagRequest(w, r, s.fromTrustedProxy)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		_, pattern := mux.Handler(r)
		if rt, ok := s.cfg.API.(interface{ Route(*http.Request) string }); ok && pattern == "/api/v1/" {
			pattern = rt.Route(r) // the API's own operation, e.g. POST /api/v1/declarations/{id}/{action}
		}
		if pattern == "" {
			pattern = "unmatched"
		}
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		d := time.Since(start)
		s.cfg.Metrics.Observe(pattern, sw.code, d)
		switch {
		case sw.cut: // never a broken-off file logged as if it were delivered
			s.log.WarnContext(r.Context(), "http", "route", pattern, "status", sw.code, "incomplete", true, "ms", d.Milliseconds())
		case pattern != "GET /static/" && pattern != "GET /healthz" && pattern != "GET /metrics":
			s.log.InfoContext(r.Context(), "http", "route", pattern, "status", sw.code, "ms", d.Milliseconds())
		}
	})
}

// fromTrustedProxy reports whether r came straight from a trusted proxy,
// whose X-Request-ID is kept (httpkit.TagRequest).
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	peer, ok := parseAddr(r.RemoteAddr)
	return ok && isTrusted(peer, s.cfg.TrustedProxies)
}
