// Package ledger is the double-entry bookkeeping of a grant's budget.
//
// Every movement of a grant's money is a Posting from one account to another.
// The accounts of a grant are:
//
//	verstrekker → available   granted (a raise; a lowering goes back)
//	available   → reserved    reserved (a declaration is accepted)
//	reserved    → available   released (an accepted declaration is rejected)
//	reserved    → paid        paid (the SVB paid the provider)
//	paid        → available   returned (a payment came back)
//
// A Balance is what the postings add up to; the invariant
// paid + reserved <= granted holds after every posting. The package is pure:
// the store applies postings inside its transaction and uses Apply to decide.
package ledger

import (
	"fmt"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Kind is the kind of a posting.
type Kind string

const (
	Granted  Kind = "granted"  // budget granted or revised (amount may be negative)
	Reserved Kind = "reserved" // an accepted declaration reserves budget
	Released Kind = "released" // a reservation is released
	Paid     Kind = "paid"     // a reservation is paid out
	Returned Kind = "returned" // a payment came back
)

// Account is one side of a posting.
type Account string

const (
	Verstrekker Account = "verstrekker"
	Available   Account = "available"
	ReservedAcc Account = "reserved"
	PaidAcc     Account = "paid"
)

// Accounts returns the debit and credit side of a posting of kind k with a
// positive amount: money moves from 'from' to 'to'.
func Accounts(k Kind) (from, to Account, err error) {
	switch k {
	case Granted:
		return Verstrekker, Available, nil
	case Reserved:
		return Available, ReservedAcc, nil
	case Released:
		return ReservedAcc, Available, nil
	case Paid:
		return ReservedAcc, PaidAcc, nil
	case Returned:
		return PaidAcc, Available, nil
	}
	return "", "", fmt.Errorf("ledger: unknown posting kind %q", k)
}

// Posting is one movement on a grant.
type Posting struct {
	Kind   Kind
	From   Account
	To     Account
	Amount domain.Cents // always > 0; a lowering of a grant is From available To verstrekker
}

// New builds the posting for kind k and amount a. A negative Granted amount
// becomes a posting back to the verstrekker; other kinds need a > 0.
func New(k Kind, a domain.Cents) (Posting, error) {
	from, to, err := Accounts(k)
	if err != nil {
		return Posting{}, err
	}
	if a < 0 && k == Granted {
		return Posting{Kind: k, From: to, To: from, Amount: -a}, nil
	}
	if a <= 0 {
		return Posting{}, fmt.Errorf("ledger: %s posting needs a positive amount, got %d", k, a)
	}
	return Posting{Kind: k, From: from, To: to, Amount: a}, nil
}

// Balance is a grant's position: granted, reserved, paid; Left is derived.
type Balance struct {
	Granted  domain.Cents `json:"granted_cents"`
	Reserved domain.Cents `json:"reserved_cents"`
	Paid     domain.Cents `json:"paid_cents"`
}

// Left is what may still be reserved: granted − reserved − paid.
func (b Balance) Left() domain.Cents { return b.Granted - b.Reserved - b.Paid }

// Holds reports whether the invariant paid + reserved <= granted holds and no
// account is negative.
func (b Balance) Holds() bool {
	return b.Reserved >= 0 && b.Paid >= 0 && b.Paid+b.Reserved <= b.Granted
}

// Delta is the change a posting makes to the balance's three figures.
func (p Posting) Delta() (granted, reserved, paid domain.Cents) {
	sign := func(acc Account) domain.Cents {
		var d domain.Cents
		if p.To == acc {
			d += p.Amount
		}
		if p.From == acc {
			d -= p.Amount
		}
		return d
	}
	return -sign(Verstrekker), sign(ReservedAcc), sign(PaidAcc)
}

// Apply returns the balance after p, or a conflict error when p would break
// the invariant (e.g. reserving more than is left, lowering a grant below
// what is reserved and paid, paying more than is reserved).
func Apply(b Balance, p Posting) (Balance, error) {
	g, r, pd := p.Delta()
	n := Balance{Granted: b.Granted + g, Reserved: b.Reserved + r, Paid: b.Paid + pd}
	if !n.Holds() {
		if p.Kind == Reserved || p.Kind == Granted {
			return b, domain.Conflict("insufficient_budget", b.Left())
		}
		return b, domain.Conflict("ledger_invariant", string(p.Kind))
	}
	return n, nil
}

// Sum recomputes a balance from postings (to verify the stored projection).
func Sum(ps []Posting) Balance {
	var b Balance
	for _, p := range ps {
		g, r, pd := p.Delta()
		b.Granted += g
		b.Reserved += r
		b.Paid += pd
	}
	return b
}
