package domain

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Cents is an amount of money in whole euro cents. Money is never a float.
type Cents int64

// Euros builds an amount from whole euros and cents, e.g. Euros(38, 56).
func Euros(euros, cents int64) Cents { return Cents(euros*100 + cents) }

// RoundHalfUp divides num by den (den > 0) and rounds half away from zero,
// the commercial rounding used for every amount ("afronden op de cent").
func RoundHalfUp(num, den int64) int64 {
	if den <= 0 {
		panic("domain.RoundHalfUp: non-positive denominator")
	}
	if num >= 0 {
		return (num + den/2) / den
	}
	return -((-num + den/2) / den)
}

// mulDivHalfUp computes a*b/den rounded half up without overflowing for the
// magnitudes money can have (uses 128-bit intermediate via big-free split).
func mulDivHalfUp(a, b, den int64) int64 {
	// Fast path: no overflow.
	if a == 0 || b == 0 {
		return 0
	}
	if abs(a) <= math.MaxInt64/abs(b) {
		return RoundHalfUp(a*b, den)
	}
	// Split a = q*den + r so that a*b/den = q*b + r*b/den.
	q, r := a/den, a%den
	return q*b + RoundHalfUp(r*b, den)
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// LineAmount is units × rate rounded half up to the cent. Units are given in
// hundredths (1.25 hours = 125), the finest step any unit has.
func LineAmount(unitsHundredths int64, rate Cents) Cents {
	return Cents(mulDivHalfUp(unitsHundredths, int64(rate), 100))
}

// String formats the amount the Dutch way: "€ 1.234,56" / "-€ 3,00".
func (c Cents) String() string { return c.Format("nl") }

// Format formats for a language: nl "€ 1.234,56", en "€1,234.56".
func (c Cents) Format(lang string) string {
	neg := c < 0
	v := int64(c)
	if neg {
		v = -v
	}
	whole, frac := v/100, v%100
	sep, dec, sym := ".", ",", "€ "
	if lang == "en" {
		sep, dec, sym = ",", ".", "€"
	}
	ws := strconv.FormatInt(whole, 10)
	var b strings.Builder
	for i, r := range ws {
		if i > 0 && (len(ws)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	s := fmt.Sprintf("%s%s%s%02d", sym, b.String(), dec, frac)
	if neg {
		return "-" + s
	}
	return s
}

// Plain formats without currency sign or thousands separator, with a decimal
// comma (nl) or point (en), as an input field shows it: "1234,56".
func (c Cents) Plain(lang string) string {
	v := int64(c)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	dec := ","
	if lang == "en" {
		dec = "."
	}
	return fmt.Sprintf("%s%d%s%02d", sign, v/100, dec, v%100)
}

// ParseCents reads an amount as people type it: "1234", "1234,5", "1.234,56",
// "1234.56", "€ 12,00", "1,234.56", and every form Format and Plain write. The last '.' or ',' followed by one or
// two digits is the decimal separator; other separators group thousands.
func ParseCents(s string) (Cents, error) {
	s = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), "\u00a0", ""), " ", "")
	// The sign before or after the euro sign: "-€ 3,00" (as Format writes
	// it) and "€ -3,00".
	neg := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		neg, s = true, rest
	}
	s = strings.TrimPrefix(s, "€")
	if rest, ok := strings.CutPrefix(s, "-"); ok && !neg {
		neg, s = true, rest
	}
	if !strings.ContainsAny(s, "0123456789") { // "", "-", "." and "," are no amount
		return 0, errBadAmount
	}
	intPart, fracPart := s, ""
	if i := strings.LastIndexAny(s, ".,"); i >= 0 && len(s)-i-1 <= 2 && len(s)-i-1 >= 1 {
		intPart, fracPart = s[:i], s[i+1:]
	}
	if groups := strings.FieldsFunc(intPart, func(r rune) bool { return r == '.' || r == ',' }); len(groups) > 1 {
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, errBadAmount // "1,2,3" is no amount
			}
		}
	}
	intPart = strings.NewReplacer(".", "", ",", "").Replace(intPart)
	if intPart == "" {
		intPart = "0"
	}
	for _, r := range intPart + fracPart {
		if r < '0' || r > '9' {
			return 0, errBadAmount
		}
	}
	if len(intPart) > 15 {
		return 0, errBadAmount
	}
	whole, _ := strconv.ParseInt(intPart, 10, 64)
	for len(fracPart) < 2 {
		fracPart += "0"
	}
	frac, _ := strconv.ParseInt(fracPart, 10, 64)
	v := whole*100 + frac
	if neg {
		v = -v
	}
	return Cents(v), nil
}

var errBadAmount = Invalid("", "amount_invalid")
