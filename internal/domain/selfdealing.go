package domain

// Self-dealing: one person on both sides of a care agreement. A parent who
// represents their child and is also the child's care provider may be paid
// from the child's budget (that is allowed, and common in the Jeugdwet), but
// then nobody independent of the provider agrees to the terms or approves
// the hours on the child's behalf. These rules keep a second person, or the
// verstrekker, in the loop.

// CheckSignatureNotOtherSide refuses a signature by an account that already
// signed this version for the other party: one person cannot both offer
// care and accept it for the budget holder. The other side is signed by
// someone else (another representative), or the agreement is registered on
// paper by staff.
func CheckSignatureNotOtherSide(v AgreementVersion, party Party, accountID int64) error {
	for _, s := range v.Signatures {
		if s.Party != party && s.AccountID == accountID && s.TermsHash == v.TermsHash {
			return Conflict("sign_both_sides")
		}
	}
	return nil
}

// CheckApproverNotProvider refuses the budget holder's approval of a
// declaration by someone who is also the provider that declares it: the
// approval is the budget holder's confirmation that the care was given, and
// a provider cannot give that about their own claim.
func CheckApproverNotProvider(approverIsProvider bool) error {
	if approverIsProvider {
		return Conflict("approve_own_declaration")
	}
	return nil
}

// ChangeNeedsApprovalBetween is ChangeNeedsApproval for an agreement whose
// provider may also represent the budget holder: then every change goes to
// the verstrekker, who approves it knowing this (AgreementView shows it), as
// each of its declarations is held by signal_provider_represents_holder.
func ChangeNeedsApprovalBetween(old, new AgreementTerms, providerRepresentsHolder bool) bool {
	return providerRepresentsHolder || ChangeNeedsApproval(old, new)
}
