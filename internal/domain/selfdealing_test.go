package domain

import "testing"

func TestSelfDealingRules(t *testing.T) {
	v := AgreementVersion{TermsHash: "h", Signatures: []Signature{{Party: PartyProvider, AccountID: 7, TermsHash: "h"}}}
	for _, c := range []struct {
		name    string
		v       AgreementVersion
		party   Party
		account int64
		refused bool
	}{
		{"the provider's account signs for the holder", v, PartyHolder, 7, true},
		{"another account signs for the holder", v, PartyHolder, 8, false},
		{"a signature on an older text does not count", AgreementVersion{TermsHash: "new", Signatures: v.Signatures}, PartyHolder, 7, false},
		{"nobody signed yet", AgreementVersion{TermsHash: "h"}, PartyHolder, 7, false},
	} {
		err := CheckSignatureNotOtherSide(c.v, c.party, c.account)
		if (err != nil) != c.refused || (err != nil && CodeOf(err) != "sign_both_sides") {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if CodeOf(CheckApproverNotProvider(true)) != "approve_own_declaration" || CheckApproverNotProvider(false) != nil {
		t.Error("approval by the provider itself")
	}
	terms := AgreementTerms{Start: MustDate("2026-01-01")}
	if ChangeNeedsApproval(terms, terms) || !ChangeNeedsApprovalBetween(terms, terms, true) {
		t.Error("a change between a provider and the holder it represents goes to the verstrekker")
	}
	d := Declaration{Kind: DeclCare, Period: Period{Start: MustDate("2026-10-01"), End: MustDate("2026-10-31")}}
	_, signals := Check(d, CheckInput{Today: MustDate("2026-11-05"), ProviderRepresentsHolder: true})
	found := false
	for _, s := range signals {
		found = found || s.Code == "signal_provider_represents_holder"
	}
	if !found {
		t.Errorf("no signal: %v", signals)
	}
}
