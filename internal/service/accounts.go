package service

import (
	"context"

	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// LoginResult says what happened at a login.
type LoginResult struct {
	Token      string // the session token for the cookie
	NeedsTOTP  bool   // a code must be entered before anything else
	MustEnroll bool   // staff without TOTP must set it up first
}

// Login checks e-mail and password, throttled per account and per client
// network (in the database, for every instance), and opens a session. A
// wrong e-mail and a wrong password give the same answer after the same
// time. The password is hashed outside any write transaction: the attempt
// is counted first (a short write), the account read, the hash checked,
// and only then the session written.
func (s *Service) Login(ctx context.Context, email, password, ip string) (LoginResult, error) {
	email = normEmail(email)
	at, err := s.attempt(ctx, ip, accountKey(email), networkKey(networkLimit, ip))
	if err != nil {
		return LoginResult{}, err
	}
	var acc domain.Account
	err = s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		acc, err = tx.AccountByEmail(ctx, email)
		return err
	})
	switch {
	case domain.KindOf(err) == domain.KindNotFound:
		auth.CheckMissing(password)
		s.failed(at, "login")
		return LoginResult{}, domain.Unauthenticated("login_failed")
	case err != nil:
		return LoginResult{}, err
	case !auth.CheckPassword(acc.PasswordHash, password) || acc.Disabled:
		s.failed(at, "login")
		return LoginResult{}, domain.Unauthenticated("login_failed")
	}
	now := s.now()
	var res LoginResult
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.Account(ctx, acc.ID)
		if err != nil {
			return err
		}
		if cur.PasswordHash != acc.PasswordHash || cur.Disabled { // changed since it was checked
			return domain.Unauthenticated("login_failed")
		}
		roles, err := tx.Roles(ctx, cur.ID)
		if err != nil {
			return err
		}
		if !s.passwordAllowed(roles) {
			return domain.Unauthenticated("password_login_off")
		}
		staff := false
		for _, r := range roles {
			staff = staff || r.Role.IsStaff()
		}
		token, hash := auth.NewToken("")
		sess := store.Session{TokenHash: hash, AccountID: cur.ID, MFAOK: !cur.TOTPEnabled && !staff,
			CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.SessionIdle)}
		if len(roles) > 0 {
			sess.RoleID = roles[0].ID
		}
		if err := tx.CreateSession(ctx, sess); err != nil {
			return err
		}
		// Without a second factor the login is complete: the account's
		// failures are forgotten. With one, only this attempt is taken
		// back, so that a known password does not reset the count of
		// guessed codes.
		if err := s.succeeded(ctx, tx, at, !cur.TOTPEnabled); err != nil {
			return err
		}
		res = LoginResult{Token: token, NeedsTOTP: cur.TOTPEnabled, MustEnroll: staff && !cur.TOTPEnabled}
		a := Actor{AccountID: cur.ID}
		return tx.Audit(ctx, s.record(a, "account.login", "account", cur.ID, nil, nil))
	})
	return res, err
}

// Session is an open login session as the web layer sees it.
type Session struct {
	Actor      Actor
	TokenHash  string
	NeedsTOTP  bool // the account has TOTP and it was not given yet
	HasTOTP    bool // the account has a second factor set up
	MustEnroll bool // staff without TOTP: set it up first
	Roles      []domain.AccountRole
}

// SessionFor resolves a session cookie's token: checks expiry (idle and
// absolute), extends it, and returns the actor in the session's role.
// The check is one read (store.DB.SessionCheck: one round trip on
// PostgreSQL) and writes nothing: the session's use is noted for
// FlushTouches. An expired session is refused and left for PurgeSessions.
func (s *Service) SessionFor(ctx context.Context, token string) (Session, error) {
	now := s.now()
	c, err := s.db.SessionCheck(ctx, auth.HashToken(token))
	if domain.KindOf(err) == domain.KindNotFound {
		return Session{}, domain.Unauthenticated("session_unknown")
	}
	if err != nil {
		return Session{}, err
	}
	sess, acc, roles := c.Session, c.Account, c.Roles
	if now.After(sess.ExpiresAt) || now.Sub(sess.CreatedAt) > s.SessionMax {
		return Session{}, domain.Unauthenticated("session_expired")
	}
	if acc.Disabled {
		return Session{}, domain.Unauthenticated("session_expired")
	}
	out := Session{TokenHash: sess.TokenHash, Roles: roles,
		Actor: Actor{AccountID: acc.ID, Name: acc.Name, Email: acc.Email, Lang: acc.Lang, MFA: sess.MFAOK}}
	for _, r := range roles {
		if r.ID == sess.RoleID {
			out.Actor.Role = r
		}
	}
	staff := false
	for _, r := range roles {
		staff = staff || r.Role.IsStaff()
	}
	out.NeedsTOTP = acc.TOTPEnabled && !sess.MFAOK
	out.HasTOTP = acc.TOTPEnabled
	out.MustEnroll = staff && !acc.TOTPEnabled && !sess.IdPMFA
	if s.roleActive(out.Actor.Role, c.Representation) != nil {
		out.Actor.Role = domain.AccountRole{}
	}
	// Extend the idle timeout at most once a minute, to spare writes.
	if now.Sub(sess.LastSeenAt) > touchAfter {
		s.noteSession(sess.TokenHash, now, now.Add(s.SessionIdle))
	}
	return out, nil
}

// PageSession is SessionFor with what every page shows beside it: the
// labels of the account's roles (RoleLabels) and, after a complete login,
// the unread notices of the current role (UnreadCount), read together
// after the check (store.DB.RoleSubjects): two round trips in all, without
// a transaction.
func (s *Service) PageSession(ctx context.Context, token string) (Session, []RoleLabel, int, error) {
	sess, err := s.SessionFor(ctx, token)
	if err != nil {
		return sess, nil, 0, err
	}
	var inbox store.Target
	if !sess.NeedsTOTP && !sess.MustEnroll {
		inbox, _ = targetOf(sess.Actor)
	}
	subjects, err := s.db.RoleSubjects(ctx, sess.Roles, inbox, sess.Actor.AccountID)
	if err != nil {
		return sess, nil, 0, err
	}
	return sess, labelRoles(sess.Roles, subjects), subjects.Unread, nil
}

// checkRoleActive refuses a representative's role outside its period.
func (s *Service) checkRoleActive(ctx context.Context, tx *store.Tx, r domain.AccountRole) error {
	if r.Role != domain.RoleRepresentative {
		return nil
	}
	rep, err := tx.Representation(ctx, r.RepresentationID)
	if err != nil {
		return err
	}
	return s.roleActive(r, rep)
}

// roleActive is checkRoleActive with the representation read (ID 0: none
// was found).
func (s *Service) roleActive(r domain.AccountRole, rep domain.Representation) error {
	if r.Role != domain.RoleRepresentative {
		return nil
	}
	if rep.ID == 0 || rep.ID != r.RepresentationID {
		return domain.NotFound("representation")
	}
	if !rep.ActiveOn(s.Today()) {
		return domain.Forbidden("representation_inactive")
	}
	return nil
}

// VerifyTOTP completes a login with the second factor (a TOTP code, once
// per time step, or a recovery code) and returns the session's new token:
// the session id changes with its privilege. Every check counts against the
// account's throttle.
func (s *Service) VerifyTOTP(ctx context.Context, tokenHash, code string) (string, error) {
	now := s.now()
	var acc domain.Account
	err := s.db.View(ctx, func(tx *store.Tx) error {
		sess, err := tx.Session(ctx, tokenHash)
		if err != nil {
			return domain.Unauthenticated("session_unknown")
		}
		acc, err = tx.Account(ctx, sess.AccountID)
		return err
	})
	if err != nil {
		return "", err
	}
	at, err := s.attempt(ctx, "", accountKey(acc.Email))
	if err != nil {
		return "", err
	}
	code = strings.TrimSpace(code)
	check := "totp"
	if isRecoveryCode(code) {
		check = "recovery_code"
	}
	var token string
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		sess, err := tx.Session(ctx, tokenHash)
		if err != nil {
			return domain.Unauthenticated("session_unknown")
		}
		acc, err := tx.Account(ctx, sess.AccountID)
		if err != nil {
			return err
		}
		if err := s.checkSecondFactor(ctx, tx, acc, code, now); err != nil {
			return err
		}
		if err := s.succeeded(ctx, tx, at, true); err != nil {
			return err
		}
		sess.MFAOK = true
		token, err = s.renewSession(ctx, tx, sess)
		return err
	})
	if domain.KindOf(err) == domain.KindInvalid {
		s.failed(at, check)
	}
	return token, err
}

// checkSecondFactor checks a TOTP code (a time step is accepted once) or a
// recovery code (used up) of acc, in tx.
func (s *Service) checkSecondFactor(ctx context.Context, tx *store.Tx, acc domain.Account, code string, now time.Time) error {
	if !acc.TOTPEnabled {
		return domain.Invalid("code", "totp_invalid")
	}
	if isRecoveryCode(code) {
		used, err := tx.UseRecoveryCode(ctx, acc.ID, auth.HashToken(strings.ToLower(code)), now)
		if err != nil {
			return err
		}
		if !used {
			return domain.Invalid("code", "totp_invalid")
		}
		return tx.Audit(ctx, s.record(Actor{AccountID: acc.ID}, "account.recovery_code_used", "account", acc.ID, nil, nil))
	}
	return s.useTOTP(ctx, tx, acc, code, now)
}

// useTOTP accepts a TOTP code of acc once: its time step must be later than
// the last one the account used.
func (s *Service) useTOTP(ctx context.Context, tx *store.Tx, acc domain.Account, code string, now time.Time) error {
	step, ok := auth.TOTPStep(acc.TOTPSecret, code, now)
	if !ok {
		return domain.Invalid("code", "totp_invalid")
	}
	fresh, err := tx.UseTOTPStep(ctx, acc.ID, step)
	if err != nil {
		return err
	}
	if !fresh {
		return domain.Invalid("code", "totp_used")
	}
	return nil
}

// renewSession replaces a session by one with a new token (and the same
// account, role, times and certificate): a new session id at every change
// of privilege, so that a token seen before it is worth nothing after.
func (s *Service) renewSession(ctx context.Context, tx *store.Tx, sess store.Session) (string, error) {
	if err := tx.DeleteSession(ctx, sess.TokenHash); err != nil {
		return "", err
	}
	token, hash := auth.NewToken("")
	sess.TokenHash = hash
	return token, tx.CreateSession(ctx, sess)
}

// StartTOTP creates a new (not yet active) TOTP secret for the account and
// returns it with its otpauth link.
func (s *Service) StartTOTP(ctx context.Context, accountID int64) (secret, url string, err error) {
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		acc, err := tx.Account(ctx, accountID)
		if err != nil {
			return err
		}
		if acc.TOTPEnabled {
			return domain.Conflict("totp_already_on")
		}
		if acc.TOTPSecret == "" {
			if acc.TOTPSecret, _, err = auth.NewTOTP(acc.Email); err != nil {
				return err
			}
			if err := tx.UpdateAccount(ctx, acc); err != nil {
				return err
			}
		}
		secret, url = acc.TOTPSecret, auth.TOTPURL(acc.Email, acc.TOTPSecret)
		return nil
	})
	return
}

// ConfirmTOTP switches TOTP on once the user proves the app shows the right
// code; the session counts as having given the second factor and gets a new
// token, which is returned.
func (s *Service) ConfirmTOTP(ctx context.Context, tokenHash string, accountID int64, code string) (string, error) {
	var email string
	if err := s.db.View(ctx, func(tx *store.Tx) error {
		acc, err := tx.Account(ctx, accountID)
		email = acc.Email
		return err
	}); err != nil {
		return "", err
	}
	at, err := s.attempt(ctx, "", accountKey(email))
	if err != nil {
		return "", err
	}
	now := s.now()
	var token string
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		acc, err := tx.Account(ctx, accountID)
		if err != nil {
			return err
		}
		if acc.TOTPSecret == "" {
			return domain.Invalid("code", "totp_invalid")
		}
		acc.TOTPEnabled = true
		if err := s.useTOTP(ctx, tx, acc, strings.TrimSpace(code), now); err != nil {
			return err
		}
		if err := tx.UpdateAccount(ctx, acc); err != nil {
			return err
		}
		if err := s.succeeded(ctx, tx, at, true); err != nil {
			return err
		}
		if sess, err := tx.Session(ctx, tokenHash); err == nil && sess.AccountID == accountID {
			sess.MFAOK = true
			if token, err = s.renewSession(ctx, tx, sess); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, s.record(Actor{AccountID: acc.ID}, "account.totp_on", "account", acc.ID, nil, nil))
	})
	if domain.KindOf(err) == domain.KindInvalid {
		s.failed(at, "totp_enroll")
	}
	return token, err
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, tokenHash string) error {
	return s.db.Update(ctx, func(tx *store.Tx) error { return tx.DeleteSession(ctx, tokenHash) })
}

// SwitchRole makes another of the account's roles the active one, under a
// new session token (returned): the privilege changes, so does the id.
func (s *Service) SwitchRole(ctx context.Context, tokenHash string, accountID, roleID int64) (string, error) {
	var token string
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.Role(ctx, roleID)
		if err != nil || r.AccountID != accountID {
			return domain.NotFound("role")
		}
		if err := s.checkRoleActive(ctx, tx, r); err != nil {
			return err
		}
		sess, err := tx.Session(ctx, tokenHash)
		if err != nil || sess.AccountID != accountID {
			return domain.Unauthenticated("session_unknown")
		}
		sess.RoleID = roleID
		token, err = s.renewSession(ctx, tx, sess)
		return err
	})
	return token, err
}

// SetLanguage stores the account's language ("nl" or "en").
func (s *Service) SetLanguage(ctx context.Context, accountID int64, lang string) error {
	if lang != "nl" && lang != "en" {
		return domain.Invalid("lang", "invalid")
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		acc, err := tx.Account(ctx, accountID)
		if err != nil {
			return err
		}
		acc.Lang = lang
		return tx.UpdateAccount(ctx, acc)
	})
}

// ChangePassword sets a new password after checking the old one (counted
// against the account's throttle), and ends the account's other sessions
// and its API tokens. Both hashes are computed before the write.
func (s *Service) ChangePassword(ctx context.Context, a Actor, keepSession, oldPassword, newPassword string) error {
	var acc domain.Account
	if err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		acc, err = tx.Account(ctx, a.AccountID)
		return err
	}); err != nil {
		return err
	}
	at, err := s.attempt(ctx, "", accountKey(acc.Email))
	if err != nil {
		return err
	}
	var v domain.Validation
	oldOK := auth.CheckPassword(acc.PasswordHash, oldPassword)
	if !oldOK {
		v.Add("old_password", "password_wrong")
		s.failed(at, "password_change")
	}
	if code := auth.ValidatePassword(newPassword, acc.Email, acc.Name); code != "" {
		v.Add("new_password", code, auth.MinPasswordLength)
	}
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := auth.HashPassword(newPassword)
	if err != nil {
		return err
	}
	now := s.now()
	return s.db.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.Account(ctx, a.AccountID)
		if err != nil {
			return err
		}
		if cur.PasswordHash != acc.PasswordHash {
			return domain.Conflict("password_changed_meanwhile")
		}
		cur.PasswordHash, cur.PasswordChangedAt = hash, now
		if err := tx.UpdateAccount(ctx, cur); err != nil {
			return err
		}
		if err := s.succeeded(ctx, tx, at, false); err != nil {
			return err
		}
		if err := s.endCredentials(ctx, tx, cur.ID, keepSession, now); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "account.password_changed", "account", cur.ID, nil, nil))
	})
}

// endCredentials ends an account's sessions (except keep) and revokes its
// API tokens: after a new password nothing made with the old one works.
func (s *Service) endCredentials(ctx context.Context, tx *store.Tx, accountID int64, keep string, now time.Time) error {
	if err := tx.DeleteSessionsOf(ctx, accountID, keep); err != nil {
		return err
	}
	_, err := tx.RevokeAPITokensOf(ctx, accountID, now)
	return err
}

// NewAccount is the input for CreateAccount.
type NewAccount struct {
	Email    string
	Name     string
	Password string
	Lang     string
}

// CreateAccount makes a login (beheerder or the command line).
func (s *Service) CreateAccount(ctx context.Context, a Actor, in NewAccount) (domain.Account, error) {
	if !a.isSystem() && !a.Is(domain.RoleAdmin) {
		return domain.Account{}, domain.Forbidden("admin_only")
	}
	if err := requireStaffMFA(a); err != nil {
		return domain.Account{}, err
	}
	var v domain.Validation
	email, err := domain.ParseEmail(in.Email)
	v.AddErr("email", err)
	name := strings.TrimSpace(in.Name)
	if name == "" {
		v.Add("name", "required")
	}
	if code := auth.ValidatePassword(in.Password, email, name); code != "" {
		v.Add("password", code, auth.MinPasswordLength)
	}
	if in.Lang != "en" {
		in.Lang = "nl"
	}
	if err := v.Err(); err != nil {
		return domain.Account{}, err
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return domain.Account{}, err
	}
	now := s.now()
	acc := domain.Account{Email: email, Name: name, PasswordHash: hash, Lang: in.Lang, CreatedAt: now, PasswordChangedAt: now}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		id, err := tx.CreateAccount(ctx, acc)
		if domain.HasCode(err, "already_exists") {
			return domain.Invalid("email", "email_taken")
		} else if err != nil {
			return err
		}
		acc.ID = id
		return tx.Audit(ctx, s.record(a, "account.create", "account", id, nil, map[string]any{"email": email, "name": name}))
	})
	return acc, err
}

// AddRole gives an account a role. The beheerder (or the command line) may
// give any role; the tie (organisation, budget holder, provider) must exist
// and fit the role.
func (s *Service) AddRole(ctx context.Context, a Actor, r domain.AccountRole) (domain.AccountRole, error) {
	if !a.isSystem() && !a.Is(domain.RoleAdmin) {
		return r, domain.Forbidden("admin_only")
	}
	if err := requireStaffMFA(a); err != nil {
		return r, err
	}
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.Account(ctx, r.AccountID); err != nil {
			return err
		}
		if err := checkRoleTie(ctx, tx, &r); err != nil {
			return err
		}
		existing, err := tx.Roles(ctx, r.AccountID)
		if err != nil {
			return err
		}
		for _, e := range existing {
			if e.Role == r.Role && e.OrganisationID == r.OrganisationID && e.BudgetHolderID == r.BudgetHolderID && e.ProviderID == r.ProviderID && e.RepresentationID == r.RepresentationID {
				return domain.Invalid("role", "role_exists")
			}
		}
		id, err := tx.AddRole(ctx, r, s.now())
		if err != nil {
			return err
		}
		r.ID = id
		return tx.Audit(ctx, s.record(a, "account.role_add", "account", r.AccountID, nil, r))
	})
	return r, err
}

// checkRoleTie checks that a role is tied to what it needs, and nothing else.
func checkRoleTie(ctx context.Context, tx *store.Tx, r *domain.AccountRole) error {
	var v domain.Validation
	switch r.Role {
	case domain.RoleVerstrekker, domain.RoleSVB:
		o, err := tx.Organisation(ctx, r.OrganisationID)
		if err != nil {
			v.Add("organisation_id", "not_found")
		} else if (r.Role == domain.RoleSVB) != (o.Kind == domain.SVB) {
			v.Add("organisation_id", "role_org_mismatch")
		}
		r.BudgetHolderID, r.ProviderID, r.RepresentationID = 0, 0, 0
	case domain.RoleBudgetHolder:
		if _, err := tx.BudgetHolder(ctx, r.BudgetHolderID); err != nil {
			v.Add("budget_holder_id", "not_found")
		}
		r.OrganisationID, r.ProviderID, r.RepresentationID = 0, 0, 0
	case domain.RoleRepresentative:
		rep, err := tx.Representation(ctx, r.RepresentationID)
		if err != nil || rep.AccountID != r.AccountID {
			v.Add("representation_id", "not_found")
		}
		r.BudgetHolderID, r.OrganisationID, r.ProviderID = rep.BudgetHolderID, 0, 0
	case domain.RoleProvider:
		if _, err := tx.Provider(ctx, r.ProviderID); err != nil {
			v.Add("provider_id", "not_found")
		}
		r.OrganisationID, r.BudgetHolderID, r.RepresentationID = 0, 0, 0
	case domain.RoleAdmin:
		r.OrganisationID, r.BudgetHolderID, r.ProviderID, r.RepresentationID = 0, 0, 0, 0
	default:
		v.Add("role", "invalid")
	}
	return v.Err()
}

// ResetPassword sets a new password for an account (beheerder or command
// line) and ends its sessions and API tokens.
func (s *Service) ResetPassword(ctx context.Context, a Actor, accountID int64, password string) error {
	if !a.isSystem() && !a.Is(domain.RoleAdmin) {
		return domain.Forbidden("admin_only")
	}
	if err := requireStaffMFA(a); err != nil {
		return err
	}
	var acc domain.Account
	if err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		acc, err = tx.Account(ctx, accountID)
		return err
	}); err != nil {
		return err
	}
	if code := auth.ValidatePassword(password, acc.Email, acc.Name); code != "" {
		return domain.Invalid("password", code, auth.MinPasswordLength)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	now := s.now()
	return s.db.Update(ctx, func(tx *store.Tx) error {
		acc, err := tx.Account(ctx, accountID)
		if err != nil {
			return err
		}
		acc.PasswordHash, acc.PasswordChangedAt = hash, now
		if err := tx.UpdateAccount(ctx, acc); err != nil {
			return err
		}
		if err := s.endCredentials(ctx, tx, acc.ID, "", now); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "account.password_reset", "account", acc.ID, nil, nil))
	})
}

// AccountByEmail finds an account (command line, beheerder).
func (s *Service) AccountByEmail(ctx context.Context, a Actor, email string) (domain.Account, []domain.AccountRole, error) {
	if !a.isSystem() && !a.Is(domain.RoleAdmin) {
		return domain.Account{}, nil, domain.NotFound("account")
	}
	var acc domain.Account
	var roles []domain.AccountRole
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		if acc, err = tx.AccountByEmail(ctx, email); err != nil {
			return err
		}
		roles, err = tx.Roles(ctx, acc.ID)
		return err
	})
	return acc, roles, err
}

// AccountSummary is a row of the beheerder's account list.
type AccountSummary struct {
	domain.Account
	Roles []domain.AccountRole
}

// ListAccounts lists accounts matching q (beheerder).
func (s *Service) ListAccounts(ctx context.Context, a Actor, q string) ([]AccountSummary, error) {
	if !a.isSystem() && !a.Is(domain.RoleAdmin) {
		return nil, domain.Forbidden("admin_only")
	}
	if err := requireStaffMFA(a); err != nil {
		return nil, err
	}
	var out []AccountSummary
	err := s.db.View(ctx, func(tx *store.Tx) error {
		accs, err := tx.Accounts(ctx, q, 200)
		if err != nil {
			return err
		}
		for _, acc := range accs {
			roles, err := tx.Roles(ctx, acc.ID)
			if err != nil {
				return err
			}
			out = append(out, AccountSummary{acc, roles})
		}
		return nil
	})
	return out, err
}

// CreateAPIToken makes a personal API token for the actor's current role (or
// for roleID of accountID when the system creates it). The token is shown
// once; only its hash is kept.
func (s *Service) CreateAPIToken(ctx context.Context, a Actor, accountID, roleID int64, name string) (string, error) {
	if !a.isSystem() {
		accountID, roleID = a.AccountID, a.Role.ID
	}
	if strings.TrimSpace(name) == "" {
		return "", domain.Invalid("name", "required")
	}
	token, hash := auth.NewToken("pgb_")
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.Role(ctx, roleID)
		if err != nil || r.AccountID != accountID {
			return domain.NotFound("role")
		}
		now := s.now()
		id, err := tx.CreateAPIToken(ctx, store.APIToken{AccountID: accountID, RoleID: roleID, Name: strings.TrimSpace(name), TokenHash: hash,
			CreatedAt: now, ExpiresAt: now.Add(s.TokenTTL)})
		if err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "token.create", "api_token", id, nil, map[string]any{"account_id": accountID, "role_id": roleID, "name": name}))
	})
	return token, err
}

// RevokeAPIToken revokes a token of the actor's account (any, for the system).
func (s *Service) RevokeAPIToken(ctx context.Context, a Actor, tokenID int64) error {
	return s.db.Update(ctx, func(tx *store.Tx) error {
		var toks []store.APIToken
		var err error
		if a.isSystem() {
			if err := tx.RevokeAPIToken(ctx, tokenID, s.now()); err != nil {
				return err
			}
			return tx.Audit(ctx, s.record(a, "token.revoke", "api_token", tokenID, nil, nil))
		}
		if toks, err = tx.APITokens(ctx, a.AccountID); err != nil {
			return err
		}
		for _, k := range toks {
			if k.ID == tokenID {
				if err := tx.RevokeAPIToken(ctx, tokenID, s.now()); err != nil {
					return err
				}
				return tx.Audit(ctx, s.record(a, "token.revoke", "api_token", tokenID, nil, nil))
			}
		}
		return domain.NotFound("token")
	})
}

// ActorForToken resolves a bearer token to the actor in the token's role.
// API tokens count as a second factor: they are made after a full login.
// The check is one read (store.DB.APITokenCheck: one round trip on
// PostgreSQL, no transaction of its own) and writes nothing: the token's
// use is noted for FlushTouches. A revoked token fails at once, on every
// instance: each request reads the row.
func (s *Service) ActorForToken(ctx context.Context, token string) (Actor, error) {
	now := s.now()
	c, err := s.db.APITokenCheck(ctx, auth.HashToken(token))
	if err != nil && domain.KindOf(err) != domain.KindNotFound {
		return Actor{}, err
	}
	k, acc, r := c.Token, c.Account, c.Role
	if err != nil || !k.RevokedAt.IsZero() || acc.Disabled || !now.Before(s.tokenExpiry(k)) || s.roleActive(r, c.Representation) != nil {
		return Actor{}, domain.Unauthenticated("token_invalid")
	}
	if now.Sub(k.LastUsedAt) > touchAfter {
		s.noteToken(k.ID, now)
	}
	return Actor{AccountID: acc.ID, Name: acc.Name, Email: acc.Email, Lang: acc.Lang, Role: r, MFA: true}, nil
}

// tokenExpiry is when a token stops working: its own expiry, or for a
// token made before tokens expired, its creation plus the lifetime.
func (s *Service) tokenExpiry(k store.APIToken) time.Time {
	if k.ExpiresAt.IsZero() {
		return k.CreatedAt.Add(s.TokenTTL)
	}
	return k.ExpiresAt
}

// TokenView is an API token as its owner sees it (never the token itself).
type TokenView struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"` // zero: never used
	ExpiresAt  time.Time `json:"expires_at"`
	Revoked    bool      `json:"revoked"`
	Expired    bool      `json:"expired"`
}

func (s *Service) tokenView(k store.APIToken) TokenView {
	exp := s.tokenExpiry(k)
	return TokenView{ID: k.ID, Name: k.Name, CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt, ExpiresAt: exp,
		Revoked: !k.RevokedAt.IsZero(), Expired: !s.now().Before(exp)}
}

// APITokens lists the actor's own API tokens.
func (s *Service) APITokens(ctx context.Context, a Actor) ([]TokenView, error) {
	var out []TokenView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		toks, err := tx.APITokens(ctx, a.AccountID)
		for _, k := range toks {
			out = append(out, s.tokenView(k))
		}
		return err
	})
	return out, err
}

// TokensOf lists an account's API tokens (the command line).
func (s *Service) TokensOf(ctx context.Context, a Actor, accountID int64) ([]TokenView, error) {
	if !a.isSystem() {
		return nil, domain.Forbidden("not_allowed")
	}
	return s.APITokens(ctx, Actor{AccountID: accountID})
}

// PurgeSessions removes expired sessions and the throttle's ended windows.
func (s *Service) PurgeSessions(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		if n, err = tx.DeleteExpiredSessions(ctx, s.now()); err != nil {
			return err
		}
		return s.purgeThrottle(ctx, tx)
	})
	return n, err
}

// MyRoles lists the roles of the actor's own account.
func (s *Service) MyRoles(ctx context.Context, a Actor) ([]domain.AccountRole, error) {
	var out []domain.AccountRole
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.Roles(ctx, a.AccountID)
		return err
	})
	return out, err
}
