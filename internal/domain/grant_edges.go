package domain

// edges: a revision from the grant's first day, and how far a grant can go down.

// LowestYearly is the lowest yearly amount a revision from from may give
// (over revs, the revisions before it, sorted) so that the grant's total is
// at least need: the smallest amount the verstrekker can still lower to.
func LowestYearly(period Period, revs []GrantRevision, from Date, need Cents) Cents {
	total := func(y Cents) Cents {
		all := append(append([]GrantRevision(nil), revs...), GrantRevision{EffectiveFrom: from, Lines: []GrantLine{{Yearly: y}}})
		return GrantedAmount(period, all)
	}
	lo, hi := Cents(0), Cents(1)
	for total(hi) < need {
		if hi > 1<<50 {
			return hi
		}
		hi *= 2
	}
	for lo < hi { // the smallest y with total(y) >= need
		mid := lo + (hi-lo)/2
		if total(mid) >= need {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}
