package domain

import (
	"strconv"
	"strings"
)

// UnitCount is a number of care units in hundredths (hours, days, visits), as
// a declaration line and an agreement's maximum keep them. It is a type of
// its own so that a message shows it as a number, never as money.
type UnitCount int64

// Format shows units as people write them: "10", "7,5", "0,25" (en: "7.5").
func (u UnitCount) Format(lang string) string {
	v := int64(u)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	s := sign + strconv.FormatInt(v/100, 10)
	if frac := v % 100; frac != 0 {
		dec := ","
		if lang == "en" {
			dec = "."
		}
		s += dec + strings.TrimRight(strconv.FormatInt(100+frac, 10)[1:], "0")
	}
	return s
}
