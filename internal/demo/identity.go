package demo

import (
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/identity"
	"github.com/pgbportaal/pgbportaal/internal/identity/idpsim"
)

// RepresentativeBSN is M. Bakker's own BSN (the parent of S. Bakker), by
// which DigiD knows them when they act for their child.
const RepresentativeBSN domain.BSN = "111222333"

// DigiD's level of assurance Substantieel, as the NL GOV profile's brokers
// send it in acr.
const acrSubstantieel = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"

// IdentityPersons are the demo's people on the simulated identity
// provider's page: budget holders and a representative at DigiD, providers
// at eHerkenning, staff at their organisation's identity provider.
func IdentityPersons() []idpsim.Person {
	digid := func(id, label, bsn string, extra map[string]any) idpsim.Person {
		c := map[string]any{"bsn": bsn}
		for k, v := range extra {
			c[k] = v
		}
		return idpsim.Person{ID: id, Group: "DigiD", Label: label, Claims: c, ACR: acrSubstantieel}
	}
	return []idpsim.Person{
		digid("digid-vries", "J. de Vries, budgethouder (Wmo)", "173291004", nil),
		digid("digid-amrani", "A. El Amrani, budgethouder (eerste keer inloggen)", "304181006", nil),
		digid("digid-ouder", "M. Bakker, ouder, namens S. Bakker (DigiD Machtigen)", RepresentativeBSN.Full(), map[string]any{"acting_for_bsn": "258371006"}),
		digid("digid-geen-pgb", "Burger zonder pgb", "123456782", nil),
		{ID: "eh-thuiszorg", Group: "eHerkenning", Label: "Thuiszorg Midden B.V. (KvK 34567890)", Claims: map[string]any{"kvk": "34567890", "name": "Thuiszorg Midden B.V."},
			ACR: "urn:etoegang:core:assurance-class:loa3"},
		{ID: "eh-smit", Group: "eHerkenning", Label: "Zorg met Aandacht – R. Smit (KvK 12345678)", Claims: map[string]any{"kvk": "12345678"},
			ACR: "urn:etoegang:core:assurance-class:loa3"},
		{ID: "staff-utrecht", Group: "Medewerkers (inlogdienst van de organisatie)", Label: "R. Hoekstra, Gemeente Utrecht (met tweede factor)",
			Claims: map[string]any{"email": "medewerker@utrecht.demo", "name": "R. Hoekstra", "groups": []string{"pgb-utrecht"}}, AMR: []string{"pwd", "otp"}},
		{ID: "staff-svb", Group: "Medewerkers (inlogdienst van de organisatie)", Label: "D. Koster, SVB (alleen wachtwoord: de portal vraagt de TOTP-code)",
			Claims: map[string]any{"email": "medewerker@svb.demo", "name": "D. Koster", "groups": []string{"pgb-svb"}}, AMR: []string{"pwd"}},
	}
}

// IdentityConfig is the demo's identity configuration: DigiD, eHerkenning
// and a staff provider, all served by the simulator at issuer, each its
// own client with secret.
func IdentityConfig(issuer, secret string) *identity.Config {
	c := &identity.Config{Providers: []identity.Provider{
		{Name: "digid", Label: "DigiD", Kind: identity.DigiD, Issuer: issuer, ClientID: "pgb-digid", ClientSecret: secret,
			RequiredACR: []string{acrSubstantieel}, ACRValues: acrSubstantieel},
		{Name: "eherkenning", Label: "eHerkenning", Kind: identity.EHerkenning, Issuer: issuer, ClientID: "pgb-eherkenning", ClientSecret: secret},
		{Name: "medewerkers", Label: "uw organisatie (medewerkers)", Kind: identity.Staff, Issuer: issuer, ClientID: "pgb-medewerkers", ClientSecret: secret,
			Groups: map[string]identity.GroupRole{
				"pgb-utrecht": {Role: domain.RoleVerstrekker, Organisation: "GM0344"},
				"pgb-svb":     {Role: domain.RoleSVB, Organisation: "SVB"},
			},
			TrustMFA: identity.MFATrust{AMR: []string{"otp", "hwk", "mfa"}}},
	}}
	if err := c.Validate(); err != nil {
		panic(err) // the demo's own configuration
	}
	return c
}

// IdentityClients are the simulator's clients for IdentityConfig, sending
// people back to portal (its public address).
func IdentityClients(c *identity.Config, portal string) []idpsim.Client {
	var out []idpsim.Client
	for _, p := range c.Providers {
		out = append(out, idpsim.Client{ID: p.ClientID, Secret: p.ClientSecret, RedirectURIs: []string{portal + "/inloggen/oidc/terug"},
			PostLogoutRedirectURIs: []string{portal + "/"}})
	}
	return out
}
