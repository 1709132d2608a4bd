// Package service holds pgbportaal's use cases. Each method checks who may do
// what (authorization lives here, not in templates), opens one transaction,
// asks the domain what is allowed, writes the change with its ledger postings
// and its audit record, and commits. The HTML pages, the JSON API and the
// command line all call these methods.
package service

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// Service is the set of use cases over one store.
type Service struct {
	db  *store.DB
	now func() time.Time
	log *slog.Logger

	// guard counts failed checks of secrets and lockouts (the throttle
	// itself is in the database: authguard.go).
	guard *authGuard
	meter Meter // the metrics' business counters (meter.go)

	// publicURL is the portal's address, for links in e-mail.
	publicURL string

	fileDir string
	payer   Payer
	fault   func(step string) error

	// The background runner of jobs started in this process (kickJobs).
	jobs *jobsState
	// exportPage is how many rows an export job reads at a time.
	exportPage int
	// The last uses of tokens and sessions waiting to be written (touches.go).
	touches *touches

	// SessionIdle and SessionMax bound a login session.
	SessionIdle time.Duration
	SessionMax  time.Duration
	// TokenTTL is how long a new API token works.
	TokenTTL time.Duration

	// passwordOff: roles that log in through an identity provider only
	// (SetPasswordOff).
	passwordOff []domain.Role
}

// Options configure a Service; zero values get defaults.
type Options struct {
	Now       func() time.Time // the clock; time.Now by default
	Logger    *slog.Logger
	PublicURL string // the portal's address for links in e-mail; http://127.0.0.1:8080 by default

	// FileDir keeps the payment files (pain.001); the system's temp
	// directory by default.
	FileDir string
	// Payer is the account the SVB pays from (the debtor of the payment
	// files), from the configuration (-debtor-name, -debtor-iban,
	// -debtor-bic) or the demo's. Without one no payment file is written.
	Payer Payer
	// Fault, when set, is called at each step of a payment run; an error
	// stops the run there (tests inject failures with it, and the command
	// line can pause at a step to be killed).
	Fault func(step string) error
	// TokenTTL is how long a new API token works; DefaultTokenTTL (90
	// days) by default.
	TokenTTL time.Duration
	// Meter counts payment runs for the metrics (nil: not counted).
	Meter Meter
	// JobsByHand leaves queued jobs to a JobRunner the caller runs (tests);
	// by default a job starts at once in the background of this process.
	JobsByHand bool
	// ExportPage is how many rows an export job reads from the database at
	// a time; 2000 by default (tests make it small to walk many pages).
	ExportPage int
}

// DefaultTokenTTL is an API token's lifetime unless configured otherwise.
const DefaultTokenTTL = 90 * 24 * time.Hour

// UsePayerIfNone makes p the account payment files pay from when none was
// configured: the demo pays its story's runs from its own account. Call it
// before the service is used concurrently.
func (s *Service) UsePayerIfNone(p Payer) {
	if s.payer.IBAN == "" {
		s.payer = p
	}
}

// Payer is the debtor of the payment files: its name, IBAN and BIC (the
// BIC may be empty: NOTPROVIDED).
type Payer struct {
	Name, IBAN, BIC string
}

// New returns the use cases over db.
func New(db *store.DB, o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.PublicURL == "" {
		o.PublicURL = "http://127.0.0.1:8080"
	}
	if o.FileDir == "" {
		o.FileDir = filepath.Join(os.TempDir(), "pgbportaal-files")
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = DefaultTokenTTL
	}
	if o.Meter == nil {
		o.Meter = noMeter{}
	}
	if o.ExportPage <= 0 {
		o.ExportPage = 2000
	}
	return &Service{
		db: db, now: o.Now, log: o.Logger, publicURL: o.PublicURL, fileDir: o.FileDir, payer: o.Payer, fault: o.Fault,
		guard:       newAuthGuard(),
		meter:       o.Meter,
		SessionIdle: 30 * time.Minute,
		SessionMax:  12 * time.Hour,
		TokenTTL:    o.TokenTTL,
		jobs:        &jobsState{byHand: o.JobsByHand},
		exportPage:  o.ExportPage,
		touches:     &touches{},
	}
}

// DB exposes the store (for readiness checks and tools).
func (s *Service) DB() *store.DB { return s.db }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Today is the civil date in Europe/Amsterdam.
func (s *Service) Today() domain.Date { return domain.Today(s.now()) }

// Actor is who acts: an account in one of its roles. The zero Actor is
// nobody; System is the command line and the demo loader.
type Actor struct {
	AccountID int64
	Name      string
	Email     string
	Lang      string
	Role      domain.AccountRole
	MFA       bool // the second factor was given this session
}

// System acts for the command line and the demo loader (account 0).
var System = Actor{Name: "system", Role: domain.AccountRole{Role: "systeem"}}

func (a Actor) isSystem() bool { return a.AccountID == 0 && a.Role.Role == "systeem" }

// Is reports whether the actor acts in role r.
func (a Actor) Is(r domain.Role) bool { return a.Role.Role == r }

// actingFor is the budget holder the actor acts as or for (0 for staff).
func (a Actor) actingFor() int64 {
	if a.Is(domain.RoleBudgetHolder) || a.Is(domain.RoleRepresentative) {
		return a.Role.BudgetHolderID
	}
	return 0
}

// record is the audit record of an action by a.
func (s *Service) record(a Actor, action, objType string, objID int64, before, after any) audit.Record {
	return audit.Record{
		At: s.now(), ActorID: a.AccountID, ActorRole: string(a.Role.Role), ActingFor: a.actingFor(),
		Action: action, ObjectType: objType, ObjectID: objID,
		Before: audit.Snapshot(before), After: audit.Snapshot(after),
	}
}

// requireStaffMFA refuses staff who have not given their second factor.
func requireStaffMFA(a Actor) error {
	if a.Role.Role.IsStaff() && !a.MFA && !a.isSystem() {
		return domain.Forbidden("mfa_required")
	}
	return nil
}

// VerifyAudit reads the whole audit log in pages and checks the hash chain.
func (s *Service) VerifyAudit(ctx context.Context) (records int64, problems []audit.Problem, err error) {
	return s.VerifyAuditAgainst(ctx, nil)
}
