package domain

// SettlementState is where a yearly settlement (eindafrekening) stands.
type SettlementState string

const (
	SettlementOpen     SettlementState = "open"        // made; waits for the budget holder
	SettlementAgreed   SettlementState = "akkoord"     // the budget holder agrees
	SettlementObjected SettlementState = "bezwaar"     // the budget holder objects, with a reason
	SettlementApproved SettlementState = "vastgesteld" // the verstrekker approved it; the return is booked
)

// Settlement is the yearly account of a grant: what was granted and paid,
// the free amount used, and what goes back to the verstrekker.
type Settlement struct {
	Granted      Cents `json:"granted_cents"`
	Paid         Cents `json:"paid_cents"`     // care and free amount paid out
	Reserved     Cents `json:"reserved_cents"` // accepted, still to be paid: not returned
	FreeUsed     Cents `json:"free_used_cents"`
	FreeAllowed  Cents `json:"free_allowed_cents"` // the free amount of the budget as it ended
	FreeToReturn Cents `json:"free_to_return_cents"`
	CareSpent    Cents `json:"care_spent_cents"`
	Left         Cents `json:"left_cents"`      // granted − paid − reserved
	ToReturn     Cents `json:"to_return_cents"` // left + the free amount to pay back
}

// Settle computes a grant's settlement. The free amount is paid back as far
// as it exceeds the free amount of the (lowered) budget, and wholly when
// nothing of the budget was spent on care.
func Settle(granted, paid, reserved, freeUsed, freeAllowed Cents) Settlement {
	s := Settlement{Granted: granted, Paid: paid, Reserved: reserved, FreeUsed: freeUsed, FreeAllowed: freeAllowed}
	s.CareSpent = paid + reserved - freeUsed
	switch {
	case s.CareSpent <= 0:
		s.FreeToReturn = freeUsed
	case freeUsed > freeAllowed:
		s.FreeToReturn = freeUsed - freeAllowed
	}
	s.Left = granted - paid - reserved
	s.ToReturn = s.Left + s.FreeToReturn
	return s
}
