package domain

// NeedsProof reports whether a representation of this kind is registered
// only with a scan of its proof: legal representation (a parent or
// guardian, a curator, a bewindvoerder) rests on a court decision or
// parental authority that staff must have seen; a gemachtigde is the budget
// holder's own choice and needs none. The service keeps this rule, so that
// pages and API keep it alike.
func (k RepresentationKind) NeedsProof() bool { return k.Valid() && k != Gemachtigde }
