// Accounts and API tokens: the beheerder lists and makes accounts, gives
// them roles and resets passwords (as on /beheer/accounts); everyone lists,
// makes and revokes their own API tokens (as on /account).

package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (a *API) registerAccounts() {
	a.handle("GET /api/v1/accounts", a.listAccounts)
	a.handle("POST /api/v1/accounts", a.createAccount)
	a.handle("POST /api/v1/accounts/{id}/roles", a.addRole)
	a.handle("POST /api/v1/accounts/{id}/password-reset", a.resetPassword)
	a.handle("GET /api/v1/me/tokens", a.listTokens)
	a.handle("POST /api/v1/me/tokens", a.createToken)
	a.handle("POST /api/v1/me/tokens/{id}/revoke", a.revokeToken)
}

type accountJSON struct {
	ID          int64      `json:"id"`
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Lang        string     `json:"lang"`
	TOTPEnabled bool       `json:"totp_enabled"`
	Disabled    bool       `json:"disabled"`
	CreatedAt   time.Time  `json:"created_at"`
	Roles       []roleJSON `json:"roles"`
}

func toAccount(acc domain.Account, roles []domain.AccountRole) accountJSON {
	out := accountJSON{ID: acc.ID, Email: acc.Email, Name: acc.Name, Lang: acc.Lang, TOTPEnabled: acc.TOTPEnabled, Disabled: acc.Disabled,
		CreatedAt: acc.CreatedAt.UTC(), Roles: []roleJSON{}}
	for _, r := range roles {
		out.Roles = append(out.Roles, toRole(r))
	}
	return out
}

func (a *API) listAccounts(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	list, err := a.svc.ListAccounts(r.Context(), actor, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	out := []accountJSON{}
	for _, s := range list {
		out = append(out, toAccount(s.Account, s.Roles))
	}
	return replyPage(w, r, p, out, nil)
}

// createAccount makes a login without a role; POST /accounts/{id}/roles
// gives it one (the page does both from one form, one after the other).
func (a *API) createAccount(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in struct {
		Email    string `json:"email"`
		Name     string `json:"name"`
		Password string `json:"password"`
		Lang     string `json:"lang"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	acc, err := a.svc.CreateAccount(r.Context(), actor, service.NewAccount(in))
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/accounts/"+strconv.FormatInt(acc.ID, 10))
	return reply(w, http.StatusCreated, toAccount(acc, nil))
}

func (a *API) addRole(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Role             string `json:"role"`
		OrganisationID   int64  `json:"organisation_id"`
		BudgetHolderID   int64  `json:"budget_holder_id"`
		ProviderID       int64  `json:"provider_id"`
		RepresentationID int64  `json:"representation_id"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ro, err := a.svc.AddRole(r.Context(), actor, domain.AccountRole{AccountID: id, Role: domain.Role(in.Role), OrganisationID: in.OrganisationID,
		BudgetHolderID: in.BudgetHolderID, ProviderID: in.ProviderID, RepresentationID: in.RepresentationID})
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, toRole(ro))
}

// resetPassword sets a new password; the account's sessions and API tokens
// end with it.
func (a *API) resetPassword(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Password string `json:"password"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := a.svc.ResetPassword(r.Context(), actor, id, in.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type tokenJSON struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	ExpiresAt  time.Time `json:"expires_at"`
	Revoked    bool      `json:"revoked"`
	Expired    bool      `json:"expired"`
	// Token is the secret itself: only in the answer that makes it.
	Token string `json:"token,omitempty"`
}

func toToken(t service.TokenView) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt.UTC(), LastUsedAt: t.LastUsedAt.UTC(), ExpiresAt: t.ExpiresAt.UTC(), Revoked: t.Revoked, Expired: t.Expired}
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	list, err := a.svc.APITokens(r.Context(), actor)
	if err != nil {
		return err
	}
	out := []tokenJSON{}
	for _, t := range list {
		out = append(out, toToken(t))
	}
	return replyPage(w, r, p, out, nil)
}

// createToken makes a token for the caller's account in the role the
// calling token acts in; the secret is in this answer only.
func (a *API) createToken(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	secret, err := a.svc.CreateAPIToken(r.Context(), actor, 0, 0, in.Name)
	if err != nil {
		return err
	}
	list, err := a.svc.APITokens(r.Context(), actor)
	if err != nil {
		return err
	}
	// The newest token of that name is the one just made (ids grow).
	var newest service.TokenView
	for _, t := range list {
		if t.Name == strings.TrimSpace(in.Name) && t.ID > newest.ID {
			newest = t
		}
	}
	out := toToken(newest)
	out.Token = secret
	return reply(w, http.StatusCreated, out)
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.svc.RevokeAPIToken(r.Context(), actor, id); err != nil {
		return err
	}
	list, err := a.svc.APITokens(r.Context(), actor)
	if err != nil {
		return err
	}
	for _, t := range list {
		if t.ID == id {
			return reply(w, http.StatusOK, toToken(t))
		}
	}
	return domain.NotFound("token")
}
