// Package identity holds the rules of logging in through an OpenID Connect
// identity provider, without I/O: which providers are configured and what
// their claims mean. A DigiD broker's BSN claim names the budget holder (or,
// with a claim that someone acts for another, the representative and the
// budget holder they act for); an eHerkenning broker's KvK claim names the
// provider or providers of that KvK number; a staff provider's group claims
// name the roles and organisations, through a configured mapping; its acr
// and amr claims may assert that the person used a second factor.
//
// Verifying the ID token (signature, issuer, audience, expiry, nonce) is
// not done here: internal/web does it with go-oidc before it asks Map.
package identity

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Kind is what kind of people a provider logs in.
type Kind string

const (
	// DigiD: citizens by BSN, budget holders and their representatives.
	DigiD Kind = "digid"
	// EHerkenning: businesses by KvK number, the care providers.
	EHerkenning Kind = "eherkenning"
	// Staff: an organisation's own identity provider, roles by group.
	Staff Kind = "staff"
)

// Config is the identity providers' configuration (the JSON file named by
// PGB_OIDC_CONFIG).
type Config struct {
	Providers []Provider `json:"providers"`
	// PasswordOff lists the roles that may no longer log in with a
	// password (and the e-mail address): they use a provider.
	PasswordOff []domain.Role `json:"password_login_off,omitempty"`
}

// Provider is one OpenID Connect identity provider (or broker).
type Provider struct {
	// Name is the provider's short name, in the portal's addresses
	// (/inloggen/oidc/{name}): lower-case letters, digits and '-'.
	Name string `json:"name"`
	// Label is shown on the button: "Inloggen met {label}".
	Label            string   `json:"label"`
	Kind             Kind     `json:"kind"`
	Issuer           string   `json:"issuer"`
	ClientID         string   `json:"client_id"`
	ClientSecretFile string   `json:"client_secret_file"`
	ClientSecret     string   `json:"-"` // read from ClientSecretFile
	Scopes           []string `json:"scopes,omitempty"`
	// ACRValues is sent as acr_values (the level of assurance asked for,
	// e.g. DigiD Substantieel); RequiredACR, when set, lists the acr
	// values a token must carry to be accepted.
	ACRValues   string   `json:"acr_values,omitempty"`
	RequiredACR []string `json:"required_acr,omitempty"`
	Claims      Claims   `json:"claims"`
	// Groups maps a staff provider's group names to a role in an
	// organisation (by the organisation's code).
	Groups map[string]GroupRole `json:"groups,omitempty"`
	// TrustMFA: acr or amr values that assert a second factor; a staff
	// login that carries one skips the portal's own TOTP step.
	TrustMFA MFATrust `json:"trust_mfa"`
}

// Claims names the claims a provider's ID token carries; empty names get
// DefaultClaims' names.
type Claims struct {
	BSN       string `json:"bsn,omitempty"`
	ActingFor string `json:"acting_for,omitempty"` // the BSN of the person the logged-in person acts for
	KvK       string `json:"kvk,omitempty"`
	Groups    string `json:"groups,omitempty"`
	Email     string `json:"email,omitempty"`
	Name      string `json:"name,omitempty"`
}

// DefaultClaims are the claim names used when a provider names none.
var DefaultClaims = Claims{BSN: "bsn", ActingFor: "acting_for_bsn", KvK: "kvk", Groups: "groups", Email: "email", Name: "name"}

// GroupRole is what a staff group grants: a role in an organisation.
type GroupRole struct {
	Role         domain.Role `json:"role"`
	Organisation string      `json:"organisation"` // the organisation's code
}

// MFATrust lists the acr and amr values taken as a second factor.
type MFATrust struct {
	ACR []string `json:"acr,omitempty"`
	AMR []string `json:"amr,omitempty"`
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,30}$`)

// Validate checks the configuration; the error names the provider.
func (c *Config) Validate() error {
	seen := map[string]bool{}
	for i := range c.Providers {
		p := &c.Providers[i]
		if !nameRE.MatchString(p.Name) {
			return fmt.Errorf("identity provider %d: name %q: lower-case letters, digits and '-' only", i+1, p.Name)
		}
		if seen[p.Name] {
			return fmt.Errorf("identity provider %s: named twice", p.Name)
		}
		seen[p.Name] = true
		if err := p.validate(); err != nil {
			return fmt.Errorf("identity provider %s: %w", p.Name, err)
		}
	}
	for _, r := range c.PasswordOff {
		if !r.Valid() {
			return fmt.Errorf("password_login_off: unknown role %q", r)
		}
	}
	return nil
}

func (p *Provider) validate() error {
	switch p.Kind {
	case DigiD, EHerkenning, Staff:
	default:
		return fmt.Errorf("kind %q: digid, eherkenning or staff", p.Kind)
	}
	if !strings.HasPrefix(p.Issuer, "https://") && !isLoopbackHTTP(p.Issuer) {
		return fmt.Errorf("issuer %q: must be an https:// address (http:// only on loopback)", p.Issuer)
	}
	if p.ClientID == "" {
		return fmt.Errorf("no client_id")
	}
	if p.Label == "" {
		p.Label = p.Name
	}
	if p.Kind == Staff {
		if len(p.Groups) == 0 {
			return fmt.Errorf("a staff provider needs groups (group name to role and organisation)")
		}
		for g, gr := range p.Groups {
			if !gr.Role.IsStaff() {
				return fmt.Errorf("group %q: role %q is no staff role (verstrekker, svb, beheerder)", g, gr.Role)
			}
			if gr.Role != domain.RoleAdmin && gr.Organisation == "" {
				return fmt.Errorf("group %q: no organisation", g)
			}
		}
	}
	p.Claims = p.Claims.withDefaults()
	if len(p.Scopes) == 0 {
		p.Scopes = []string{"openid"}
	} else if !slices.Contains(p.Scopes, "openid") {
		p.Scopes = append([]string{"openid"}, p.Scopes...)
	}
	return nil
}

func isLoopbackHTTP(u string) bool {
	for _, h := range []string{"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/", "http://[::1]:"} {
		if strings.HasPrefix(u, h) {
			return true
		}
	}
	return false
}

func (c Claims) withDefaults() Claims {
	d := DefaultClaims
	pick := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	return Claims{BSN: pick(c.BSN, d.BSN), ActingFor: pick(c.ActingFor, d.ActingFor), KvK: pick(c.KvK, d.KvK),
		Groups: pick(c.Groups, d.Groups), Email: pick(c.Email, d.Email), Name: pick(c.Name, d.Name)}
}

// Provider returns the configured provider named name.
func (c *Config) Provider(name string) (Provider, bool) {
	for _, p := range c.Providers {
		if p.Name == name {
			return p, true
		}
	}
	return Provider{}, false
}

// PasswordAllowed reports whether role r may still log in by password.
func (c *Config) PasswordAllowed(r domain.Role) bool {
	return c == nil || !slices.Contains(c.PasswordOff, r)
}

// Identity is who an ID token says logged in, in the portal's terms.
type Identity struct {
	Provider string
	Kind     Kind
	Subject  string // the token's sub
	// BSN is the citizen who logged in (DigiD); with ActingFor, the
	// representative, and ActingFor the budget holder they act for.
	BSN       domain.BSN
	ActingFor domain.BSN
	KvK       domain.KvK // the business (eHerkenning)
	Email     string     // staff: the e-mail address, when the provider gives it
	Name      string
	Roles     []GroupRole // staff: what the groups grant, sorted, each once
	MFA       bool        // the provider asserted a second factor (trusted acr/amr)
}

// Token claims an ID token carries that Map reads besides the configured
// ones.
const (
	ClaimSub = "sub"
	ClaimACR = "acr"
	ClaimAMR = "amr"
)

// refused is a login the token's claims do not allow; code is the
// message key's end (err.<code>).
func refused(code string) error { return &domain.Error{Kind: domain.KindForbidden, Code: code} }

// Map reads a verified ID token's claims as the provider's configuration
// says. It refuses a token without the claims its kind needs, with a BSN
// or KvK number that is not one, at a level of assurance the provider does
// not accept, or (staff) with no group that grants a role.
func (p Provider) Map(claims map[string]any) (Identity, error) {
	c := p.Claims.withDefaults()
	id := Identity{Provider: p.Name, Kind: p.Kind, Subject: str(claims, ClaimSub)}
	if id.Subject == "" {
		return id, refused("oidc_claims_missing")
	}
	acr := str(claims, ClaimACR)
	amr := strs(claims, ClaimAMR)
	if len(p.RequiredACR) > 0 && !slices.Contains(p.RequiredACR, acr) {
		return id, refused("oidc_level_too_low")
	}
	id.MFA = (acr != "" && slices.Contains(p.TrustMFA.ACR, acr)) || slices.ContainsFunc(amr, func(a string) bool { return slices.Contains(p.TrustMFA.AMR, a) })
	id.Name = strings.TrimSpace(str(claims, c.Name))
	switch p.Kind {
	case DigiD:
		raw := str(claims, c.BSN)
		if raw == "" {
			return id, refused("oidc_claims_missing")
		}
		b, err := domain.ParseBSN(raw)
		if err != nil {
			return id, refused("oidc_claims_invalid")
		}
		id.BSN = b
		if raw := str(claims, c.ActingFor); raw != "" {
			f, err := domain.ParseBSN(raw)
			if err != nil {
				return id, refused("oidc_claims_invalid")
			}
			if f != b { // acting for oneself is logging in as oneself
				id.ActingFor = f
			}
		}
	case EHerkenning:
		raw := str(claims, c.KvK)
		if raw == "" {
			return id, refused("oidc_claims_missing")
		}
		k, err := domain.ParseKvK(raw)
		if err != nil {
			return id, refused("oidc_claims_invalid")
		}
		id.KvK = k
	case Staff:
		id.Email = strings.ToLower(strings.TrimSpace(str(claims, c.Email)))
		id.Roles = p.RolesOf(strs(claims, c.Groups))
		if len(id.Roles) == 0 {
			return id, refused("oidc_no_role")
		}
	default:
		return id, refused("oidc_claims_invalid")
	}
	return id, nil
}

// RolesOf is what the groups grant by the provider's mapping: each role
// and organisation once, sorted by role and then organisation.
func (p Provider) RolesOf(groups []string) []GroupRole {
	var out []GroupRole
	for _, g := range groups {
		gr, ok := p.Groups[g]
		if ok && !slices.Contains(out, gr) {
			out = append(out, gr)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Role != out[j].Role {
			return out[i].Role < out[j].Role
		}
		return out[i].Organisation < out[j].Organisation
	})
	return out
}

// claim finds a claim by name; a name with dots ("act.bsn") walks into
// nested objects, as brokers put a representation's details in one.
func claim(claims map[string]any, name string) any {
	if v, ok := claims[name]; ok {
		return v
	}
	var cur any = claims
	for _, part := range strings.Split(name, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		if cur, ok = m[part]; !ok {
			return nil
		}
	}
	return cur
}

// str is a claim as a string (a number is written without a fraction:
// some brokers send a KvK number as a number).
func str(claims map[string]any, name string) string {
	switch v := claim(claims, name).(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		if v == float64(int64(v)) {
			return fmt.Sprintf("%d", int64(v))
		}
	}
	return ""
}

// strs is a claim as a list of strings: a JSON array, or one string (some
// providers send a single group, or space-separated amr values, so).
func strs(claims map[string]any, name string) []string {
	switch v := claim(claims, name).(type) {
	case string:
		return strings.Fields(v)
	case []string:
		return v
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
