package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/identity"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// OIDCLoginTTL is how long a login may stay at the identity provider (and
// a choice of provider on the portal's page) before its state expires.
const OIDCLoginTTL = 10 * time.Minute

// SetPasswordOff switches password login off for the roles (from the
// identity configuration): an account holding one of them logs in through
// an identity provider only. Call it before the service is used
// concurrently.
func (s *Service) SetPasswordOff(roles []domain.Role) { s.passwordOff = slices.Clone(roles) }

// passwordAllowed reports whether an account with these roles may log in
// by password.
func (s *Service) passwordAllowed(roles []domain.AccountRole) bool {
	for _, r := range roles {
		if slices.Contains(s.passwordOff, r.Role) {
			return false
		}
	}
	return true
}

// OIDCStart records a login that goes to the identity provider now: the
// state (kept as its hash), nonce and PKCE verifier it must come back with,
// and the local page to return to.
func (s *Service) OIDCStart(ctx context.Context, provider, state, nonce, verifier, target string) error {
	now := s.now()
	return s.db.Update(ctx, func(tx *store.Tx) error {
		return tx.SaveOIDCLogin(ctx, store.OIDCLogin{StateHash: auth.HashToken(state), Provider: provider, Nonce: nonce, Verifier: verifier,
			Target: target, ExpiresAt: now.Add(OIDCLoginTTL)}, now)
	})
}

// OIDCTake takes the login a provider sent the person back with, by its
// state, once: a state that is unknown, used before or expired is refused
// (oidc_state).
func (s *Service) OIDCTake(ctx context.Context, state string) (store.OIDCLogin, error) {
	var l store.OIDCLogin
	if state == "" {
		return l, domain.Forbidden("oidc_state")
	}
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		l, err = tx.TakeOIDCLogin(ctx, auth.HashToken(state), s.now())
		if domain.KindOf(err) == domain.KindNotFound || (err == nil && len(l.Choices) > 0) {
			return domain.Forbidden("oidc_state")
		}
		return err
	})
	return l, err
}

// OIDCResult is what a login through an identity provider did: a session
// (LoginResult), or, for a KvK number with several providers, the
// providers to choose from and the one-time token the choice is made with.
type OIDCResult struct {
	LoginResult
	Choices     []domain.Provider
	ChoiceToken string
	// Target is the page to go to after the choice.
	Target string
}

// LoginByIdentity logs in who a verified ID token names (identity.Map):
//
//   - a budget holder by BSN: the account that holds their own role (the
//     first OIDC login of a holder who has an account links to it, by the
//     BSN; nobody gets two), or a new one;
//   - a representative by their BSN, acting for the budget holder whose BSN
//     the token names (DigiD Machtigen): their linked account (or a new
//     one), in a representation of that holder: one in force, or else a
//     mandate (gemachtigde) for today, from the token; what they do is
//     recorded as done for the holder;
//   - a provider by KvK number: the provider's account; with several
//     providers for the number, the person chooses (ChooseProvider);
//   - staff by the provider's subject (or, the first time, their e-mail
//     address), in the roles their groups grant, which are given to the
//     account when it lacks them.
//
// A BSN without a pgb is refused (oidc_no_pgb), a KvK number without a
// provider too (oidc_no_provider); nothing is created then.
func (s *Service) LoginByIdentity(ctx context.Context, id identity.Identity, target string) (OIDCResult, error) {
	var res OIDCResult
	now := s.now()
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		res = OIDCResult{}
		switch {
		case id.Kind == identity.DigiD && id.ActingFor == "":
			return s.holderLogin(ctx, tx, id, &res, now)
		case id.Kind == identity.DigiD:
			return s.representativeLogin(ctx, tx, id, &res, now)
		case id.Kind == identity.EHerkenning:
			ps, err := tx.ProvidersByKvK(ctx, id.KvK)
			if err != nil {
				return err
			}
			switch len(ps) {
			case 0:
				return domain.Forbidden("oidc_no_provider")
			case 1:
				return s.providerLogin(ctx, tx, id, ps[0], &res, now)
			}
			token, hash := auth.NewToken("")
			l := store.OIDCLogin{StateHash: hash, Provider: id.Provider, Target: target, ExpiresAt: now.Add(OIDCLoginTTL)}
			for _, p := range ps {
				l.Choices = append(l.Choices, p.ID)
			}
			res.Choices, res.ChoiceToken, res.Target = ps, token, target
			return tx.SaveOIDCLogin(ctx, l, now)
		case id.Kind == identity.Staff:
			return s.staffLogin(ctx, tx, id, &res, now)
		}
		return domain.Forbidden("oidc_claims_invalid")
	})
	return res, err
}

// ChooseProvider completes an eHerkenning login with several providers
// for one KvK number: the person chose providerID among them. The choice's
// token is used once.
func (s *Service) ChooseProvider(ctx context.Context, token string, providerID int64) (OIDCResult, error) {
	var res OIDCResult
	now := s.now()
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		res = OIDCResult{}
		l, err := tx.TakeOIDCLogin(ctx, auth.HashToken(token), now)
		if err != nil || len(l.Choices) == 0 {
			return domain.Forbidden("oidc_state")
		}
		if !slices.Contains(l.Choices, providerID) {
			return domain.NotFound("provider")
		}
		p, err := tx.Provider(ctx, providerID)
		if err != nil {
			return err
		}
		res.Target = l.Target
		return s.providerLogin(ctx, tx, identity.Identity{Provider: l.Provider, Kind: identity.EHerkenning, KvK: p.KvK}, p, &res, now)
	})
	return res, err
}

// holderLogin logs a budget holder in by BSN.
func (s *Service) holderLogin(ctx context.Context, tx *store.Tx, id identity.Identity, res *OIDCResult, now time.Time) error {
	h, err := tx.BudgetHolderByBSN(ctx, id.BSN)
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.Forbidden("oidc_no_pgb")
	}
	if err != nil {
		return err
	}
	roles, err := tx.HolderAccounts(ctx, h.ID)
	if err != nil {
		return err
	}
	var role domain.AccountRole
	if len(roles) > 0 {
		role = roles[0]
	} else {
		accID, err := s.oidcAccount(ctx, tx, h.Email, h.Name(), id, now)
		if err != nil {
			return err
		}
		role = domain.AccountRole{AccountID: accID, Role: domain.RoleBudgetHolder, BudgetHolderID: h.ID}
		if role.ID, err = tx.AddRole(ctx, role, now); err != nil {
			return err
		}
	}
	return s.oidcSession(ctx, tx, id, role, res, now)
}

// representativeLogin logs a representative in, acting for the budget
// holder the token names.
func (s *Service) representativeLogin(ctx context.Context, tx *store.Tx, id identity.Identity, res *OIDCResult, now time.Time) error {
	h, err := tx.BudgetHolderByBSN(ctx, id.ActingFor)
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.Forbidden("oidc_no_pgb")
	}
	if err != nil {
		return err
	}
	key := store.IdentityKey{Kind: "bsn", Value: id.BSN.Full()}
	accID, err := tx.AccountByIdentity(ctx, key)
	if domain.KindOf(err) == domain.KindNotFound {
		name := id.Name
		if name == "" {
			name = "Vertegenwoordiger"
		}
		if accID, err = s.oidcAccount(ctx, tx, "", name, id, now); err == nil {
			err = tx.LinkIdentity(ctx, key, accID, now)
		}
	}
	if err != nil {
		return err
	}
	reps, err := tx.Representations(ctx, h.ID)
	if err != nil {
		return err
	}
	today := s.Today()
	var rep domain.Representation
	for _, r := range reps {
		if r.AccountID == accID && r.ActiveOn(today) {
			rep = r
			break
		}
	}
	if rep.ID == 0 { // the token's mandate (DigiD Machtigen), for today
		rep = domain.Representation{BudgetHolderID: h.ID, AccountID: accID, Kind: domain.Gemachtigde, ValidFrom: today, ValidTo: today}
		if rep, err = s.addRepresentation(ctx, tx, rep); err != nil {
			return err
		}
		if err := tx.Audit(ctx, s.record(Actor{AccountID: accID}, "mandate.from_provider", "budget_holder", h.ID, nil,
			map[string]any{"representation_id": rep.ID, "valid_from": rep.ValidFrom, "valid_to": rep.ValidTo, "idp": id.Provider})); err != nil {
			return err
		}
	}
	roles, err := tx.Roles(ctx, accID)
	if err != nil {
		return err
	}
	for _, r := range roles {
		if r.Role == domain.RoleRepresentative && r.RepresentationID == rep.ID {
			return s.oidcSession(ctx, tx, id, r, res, now)
		}
	}
	return domain.Forbidden("representation_inactive")
}

// providerLogin logs the person in as provider p.
func (s *Service) providerLogin(ctx context.Context, tx *store.Tx, id identity.Identity, p domain.Provider, res *OIDCResult, now time.Time) error {
	roles, err := tx.ProviderRoles(ctx, p.ID)
	if err != nil {
		return err
	}
	var role domain.AccountRole
	if len(roles) > 0 {
		role = roles[0]
	} else {
		accID, err := s.oidcAccount(ctx, tx, p.Email, p.Name, id, now)
		if err != nil {
			return err
		}
		role = domain.AccountRole{AccountID: accID, Role: domain.RoleProvider, ProviderID: p.ID}
		if role.ID, err = tx.AddRole(ctx, role, now); err != nil {
			return err
		}
	}
	return s.oidcSession(ctx, tx, id, role, res, now)
}

// staffLogin logs staff in, in the roles their groups grant.
func (s *Service) staffLogin(ctx context.Context, tx *store.Tx, id identity.Identity, res *OIDCResult, now time.Time) error {
	key := store.IdentityKey{Kind: "sub", Value: id.Provider + "\x00" + id.Subject}
	accID, err := tx.AccountByIdentity(ctx, key)
	if domain.KindOf(err) == domain.KindNotFound {
		var acc domain.Account
		if id.Email != "" {
			acc, err = tx.AccountByEmail(ctx, id.Email)
		}
		if id.Email == "" || domain.KindOf(err) == domain.KindNotFound {
			name := id.Name
			if name == "" {
				name = id.Email
			}
			acc.ID, err = s.oidcAccount(ctx, tx, id.Email, name, id, now)
		}
		if err != nil {
			return err
		}
		accID = acc.ID
		if err := tx.LinkIdentity(ctx, key, accID, now); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	orgs, err := tx.Organisations(ctx)
	if err != nil {
		return err
	}
	held, err := tx.Roles(ctx, accID)
	if err != nil {
		return err
	}
	var first domain.AccountRole
	for _, gr := range id.Roles {
		want := domain.AccountRole{AccountID: accID, Role: gr.Role}
		if gr.Role != domain.RoleAdmin {
			for _, o := range orgs {
				if o.Code == gr.Organisation {
					want.OrganisationID = o.ID
				}
			}
			if want.OrganisationID == 0 {
				continue // an organisation the portal does not know
			}
		}
		i := slices.IndexFunc(held, func(r domain.AccountRole) bool {
			return r.Role == want.Role && r.OrganisationID == want.OrganisationID
		})
		if i < 0 {
			if want.ID, err = tx.AddRole(ctx, want, now); err != nil {
				return err
			}
			if err := tx.Audit(ctx, s.record(Actor{AccountID: accID}, "account.role_from_provider", "account", accID, nil,
				map[string]any{"role": want.Role, "organisation_id": want.OrganisationID, "idp": id.Provider})); err != nil {
				return err
			}
		} else {
			want = held[i]
		}
		if first.ID == 0 {
			first = want
		}
	}
	if first.ID == 0 {
		return domain.Forbidden("oidc_no_role")
	}
	return s.oidcSession(ctx, tx, id, first, res, now)
}

// oidcAccount creates an account for someone who logs in through a
// provider for the first time: with the e-mail address when there is one
// nobody uses, else with a placeholder address under the reserved domain
// .invalid (the accounts table needs a unique one; no mail reaches it). It
// has no password.
func (s *Service) oidcAccount(ctx context.Context, tx *store.Tx, email, name string, id identity.Identity, now time.Time) (int64, error) {
	email = normEmail(email)
	if email != "" {
		if _, err := tx.AccountByEmail(ctx, email); err == nil {
			email = ""
		}
	}
	placeholder := email == ""
	if placeholder {
		tok, _ := auth.NewToken("")
		email = strings.ToLower(tok[:20]) + "@" + id.Provider + ".invalid"
	}
	if strings.TrimSpace(name) == "" {
		name = "–"
	}
	acc := domain.Account{Email: email, Name: name, Lang: "nl", CreatedAt: now, PasswordChangedAt: now}
	accID, err := tx.CreateAccount(ctx, acc)
	if err != nil {
		return 0, err
	}
	if placeholder { // no notices by e-mail to an address that is none
		if err := tx.SetMailNotices(ctx, accID, ""); err != nil {
			return 0, err
		}
	}
	return accID, tx.Audit(ctx, s.record(Actor{AccountID: accID}, "account.create_from_provider", "account", accID, nil,
		map[string]any{"idp": id.Provider, "kind": id.Kind}))
}

// oidcSession opens a session in role r for a login through provider
// id.Provider. The provider's level of assurance stands in for the
// password; a second factor the provider asserted (trusted acr/amr) stands
// in for the portal's TOTP; without one, an account with TOTP gives its
// code next, and staff without TOTP set it up.
func (s *Service) oidcSession(ctx context.Context, tx *store.Tx, id identity.Identity, r domain.AccountRole, res *OIDCResult, now time.Time) error {
	acc, err := tx.Account(ctx, r.AccountID)
	if err != nil {
		return err
	}
	if acc.Disabled {
		return domain.Forbidden("oidc_account_disabled")
	}
	if err := s.checkRoleActive(ctx, tx, r); err != nil {
		return err
	}
	staff := r.Role.IsStaff()
	token, hash := auth.NewToken("")
	sess := store.Session{TokenHash: hash, AccountID: acc.ID, RoleID: r.ID, MFAOK: id.MFA || (!acc.TOTPEnabled && !staff),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.SessionIdle), IdP: id.Provider, IdPMFA: id.MFA}
	if err := tx.CreateSession(ctx, sess); err != nil {
		return err
	}
	res.LoginResult = LoginResult{Token: token, NeedsTOTP: !sess.MFAOK && acc.TOTPEnabled, MustEnroll: staff && !acc.TOTPEnabled && !id.MFA}
	return tx.Audit(ctx, s.record(Actor{AccountID: acc.ID, Role: r}, "account.login_provider", "account", acc.ID, nil,
		map[string]any{"idp": id.Provider, "kind": id.Kind, "provider_mfa": id.MFA}))
}

// SessionIdP is the identity provider a session was opened through ("" for
// none), for the provider's logout.
func (s *Service) SessionIdP(ctx context.Context, tokenHash string) string {
	var idp string
	_ = s.db.View(ctx, func(tx *store.Tx) error {
		sess, err := tx.Session(ctx, tokenHash)
		idp = sess.IdP
		return err
	})
	return idp
}

// LinkRepresentativeBSN records the BSN a representative's account is
// known by at DigiD (the command line and the demo loader): their first
// DigiD login acting for someone then finds this account.
func (s *Service) LinkRepresentativeBSN(ctx context.Context, a Actor, accountID int64, bsn domain.BSN) error {
	if !a.isSystem() {
		return domain.Forbidden("not_allowed")
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.LinkIdentity(ctx, store.IdentityKey{Kind: "bsn", Value: bsn.Full()}, accountID, s.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "account.link_bsn", "account", accountID, nil, nil))
	})
}

// PublicURL is the portal's address (for the address identity providers
// send people back to).
func (s *Service) PublicURL() string { return s.publicURL }
