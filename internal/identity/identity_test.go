package identity

import (
	"reflect"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

func providers() (digid, eh, staff Provider) {
	digid = Provider{Name: "digid", Kind: DigiD, Claims: Claims{ActingFor: "machtiging.bsn"}, RequiredACR: []string{"substantieel", "hoog"}}
	eh = Provider{Name: "eh", Kind: EHerkenning, Claims: Claims{KvK: "urn:kvk"}}
	staff = Provider{Name: "gemeente", Kind: Staff, Claims: Claims{Groups: "roles"},
		Groups: map[string]GroupRole{
			"pgb-wijkteam":   {Role: domain.RoleVerstrekker, Organisation: "GM0344"},
			"pgb-wijkteam-2": {Role: domain.RoleVerstrekker, Organisation: "GM0344"},
			"pgb-beheer":     {Role: domain.RoleAdmin},
		},
		TrustMFA: MFATrust{ACR: []string{"urn:mfa"}, AMR: []string{"otp", "hwk"}}}
	return
}

func TestMap(t *testing.T) {
	digid, eh, staff := providers()
	for _, c := range []struct {
		name   string
		p      Provider
		claims map[string]any
		want   Identity
		code   string
	}{
		{"holder", digid, map[string]any{"sub": "s1", "bsn": "173291004", "acr": "substantieel"},
			Identity{Provider: "digid", Kind: DigiD, Subject: "s1", BSN: "173291004"}, ""},
		{"representative acting for someone (nested claim)", digid,
			map[string]any{"sub": "s2", "bsn": "111222333", "acr": "hoog", "machtiging": map[string]any{"bsn": "258371006"}},
			Identity{Provider: "digid", Kind: DigiD, Subject: "s2", BSN: "111222333", ActingFor: "258371006"}, ""},
		{"acting for oneself is oneself", digid, map[string]any{"sub": "s1", "bsn": "173291004", "acr": "hoog", "machtiging": map[string]any{"bsn": "173291004"}},
			Identity{Provider: "digid", Kind: DigiD, Subject: "s1", BSN: "173291004"}, ""},
		{"level too low", digid, map[string]any{"sub": "s1", "bsn": "173291004", "acr": "basis"}, Identity{}, "oidc_level_too_low"},
		{"no bsn", digid, map[string]any{"sub": "s1", "acr": "hoog"}, Identity{}, "oidc_claims_missing"},
		{"no sub", digid, map[string]any{"bsn": "173291004", "acr": "hoog"}, Identity{}, "oidc_claims_missing"},
		{"bsn fails the 11-test", digid, map[string]any{"sub": "s1", "bsn": "173291005", "acr": "hoog"}, Identity{}, "oidc_claims_invalid"},
		{"acting-for bsn fails the 11-test", digid, map[string]any{"sub": "s1", "bsn": "173291004", "acr": "hoog", "machtiging": map[string]any{"bsn": "123"}}, Identity{}, "oidc_claims_invalid"},
		{"provider by kvk", eh, map[string]any{"sub": "e1", "urn:kvk": "34567890"},
			Identity{Provider: "eh", Kind: EHerkenning, Subject: "e1", KvK: "34567890"}, ""},
		{"kvk as a number", eh, map[string]any{"sub": "e1", "urn:kvk": float64(34567890)},
			Identity{Provider: "eh", Kind: EHerkenning, Subject: "e1", KvK: "34567890"}, ""},
		{"kvk missing", eh, map[string]any{"sub": "e1", "kvk": "34567890"}, Identity{}, "oidc_claims_missing"},
		{"kvk not 8 digits", eh, map[string]any{"sub": "e1", "urn:kvk": "3456"}, Identity{}, "oidc_claims_invalid"},
		{"staff by group, mfa by amr", staff, map[string]any{"sub": "u1", "email": "A@Utrecht.demo", "name": "Anna", "amr": []any{"pwd", "otp"},
			"roles": []any{"pgb-wijkteam", "pgb-wijkteam-2", "other", "pgb-beheer"}},
			Identity{Provider: "gemeente", Kind: Staff, Subject: "u1", Email: "a@utrecht.demo", Name: "Anna", MFA: true,
				Roles: []GroupRole{{Role: domain.RoleAdmin}, {Role: domain.RoleVerstrekker, Organisation: "GM0344"}}}, ""},
		{"staff, mfa by acr, one group as a string", staff, map[string]any{"sub": "u1", "acr": "urn:mfa", "roles": "pgb-wijkteam"},
			Identity{Provider: "gemeente", Kind: Staff, Subject: "u1", MFA: true, Roles: []GroupRole{{Role: domain.RoleVerstrekker, Organisation: "GM0344"}}}, ""},
		{"staff, password only: no mfa", staff, map[string]any{"sub": "u1", "amr": []any{"pwd"}, "acr": "urn:pwd", "roles": []any{"pgb-wijkteam"}},
			Identity{Provider: "gemeente", Kind: Staff, Subject: "u1", Roles: []GroupRole{{Role: domain.RoleVerstrekker, Organisation: "GM0344"}}}, ""},
		{"staff without a mapped group", staff, map[string]any{"sub": "u1", "roles": []any{"everyone"}}, Identity{}, "oidc_no_role"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.p.Map(c.claims)
			if c.code != "" {
				if !domain.HasCode(err, c.code) || domain.KindOf(err) != domain.KindForbidden {
					t.Fatalf("err = %v, want %s", err, c.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	ok := Provider{Name: "digid", Kind: DigiD, Issuer: "https://broker.example/", ClientID: "pgb"}
	for _, c := range []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"one provider", Config{Providers: []Provider{ok}}, true},
		{"loopback http", Config{Providers: []Provider{{Name: "sim", Kind: DigiD, Issuer: "http://127.0.0.1:9000", ClientID: "x"}}}, true},
		{"plain http elsewhere", Config{Providers: []Provider{{Name: "sim", Kind: DigiD, Issuer: "http://broker.example", ClientID: "x"}}}, false},
		{"bad name", Config{Providers: []Provider{{Name: "DigiD!", Kind: DigiD, Issuer: "https://x", ClientID: "x"}}}, false},
		{"twice", Config{Providers: []Provider{ok, ok}}, false},
		{"unknown kind", Config{Providers: []Provider{{Name: "x", Kind: "saml", Issuer: "https://x", ClientID: "x"}}}, false},
		{"no client id", Config{Providers: []Provider{{Name: "x", Kind: DigiD, Issuer: "https://x"}}}, false},
		{"staff without groups", Config{Providers: []Provider{{Name: "x", Kind: Staff, Issuer: "https://x", ClientID: "x"}}}, false},
		{"staff group to a citizen's role", Config{Providers: []Provider{{Name: "x", Kind: Staff, Issuer: "https://x", ClientID: "x",
			Groups: map[string]GroupRole{"g": {Role: domain.RoleBudgetHolder, Organisation: "GM0344"}}}}}, false},
		{"staff group without organisation", Config{Providers: []Provider{{Name: "x", Kind: Staff, Issuer: "https://x", ClientID: "x",
			Groups: map[string]GroupRole{"g": {Role: domain.RoleVerstrekker}}}}}, false},
		{"password off for a known role", Config{PasswordOff: []domain.Role{domain.RoleBudgetHolder}}, true},
		{"password off for an unknown role", Config{PasswordOff: []domain.Role{"iedereen"}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.cfg.Validate()
			if (err == nil) != c.ok {
				t.Fatalf("err = %v, want ok=%v", err, c.ok)
			}
		})
	}
	cfg := Config{Providers: []Provider{ok}, PasswordOff: []domain.Role{domain.RoleBudgetHolder}}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	p, _ := cfg.Provider("digid")
	if p.Claims != DefaultClaims || !reflect.DeepEqual(p.Scopes, []string{"openid"}) || p.Label != "digid" {
		t.Fatalf("defaults not filled in: %+v", p)
	}
	if cfg.PasswordAllowed(domain.RoleBudgetHolder) || !cfg.PasswordAllowed(domain.RoleProvider) {
		t.Fatal("password_login_off not applied")
	}
	var none *Config
	if !none.PasswordAllowed(domain.RoleBudgetHolder) {
		t.Fatal("without a configuration every role logs in by password")
	}
}
