package domain

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Separators people type inside numbers, built once (a Replacer is costly
// to make and safe to share).
var (
	digitSeparators = strings.NewReplacer(" ", "", ".", "", "-", "", "\u00a0", "")
	ibanSpaces      = strings.NewReplacer(" ", "", "-", "", "\u00a0", "")
)

// digitsOnly removes spaces, dots and dashes people type in numbers.
func digitsOnly(s string) string {
	return digitSeparators.Replace(strings.TrimSpace(s))
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// BSN is a burgerservicenummer: nine digits passing the 11-proef. It is
// personal data of the highest care: show it masked, never log it.
type BSN string

// ParseBSN normalises and validates a BSN with the 11-proef: the digits
// weighted 9,8,...,2 and the last −1 must sum to a multiple of 11 (and not 0).
// An 8-digit number is read with a leading zero, as the register does.
func ParseBSN(s string) (BSN, error) {
	s = digitsOnly(s)
	if s == "" {
		return "", Invalid("bsn", "bsn_required")
	}
	if len(s) == 8 {
		s = "0" + s
	}
	if len(s) != 9 || !allDigits(s) {
		return "", Invalid("bsn", "bsn_length")
	}
	if !elevenProof(s) {
		return "", Invalid("bsn", "bsn_invalid")
	}
	return BSN(s), nil
}

func elevenProof(s string) bool {
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(s[i]-'0') * (9 - i)
	}
	sum -= int(s[8] - '0')
	return sum != 0 && sum%11 == 0
}

// Masked shows only the last three digits: "******782".
func (b BSN) Masked() string {
	if len(b) < 3 {
		return "*********"
	}
	return "******" + string(b[len(b)-3:])
}

// String is the masked form, so that a BSN printed by accident stays hidden.
func (b BSN) String() string { return b.Masked() }

// GoString is masked too (fmt's %#v).
func (b BSN) GoString() string { return b.Masked() }

// Full returns the full number, for its owner and the database only.
func (b BSN) Full() string { return string(b) }

// AGB is the 8-digit code of a care provider in the AGB register (Vektis).
type AGB string

// ParseAGB validates an AGB code: exactly 8 digits.
func ParseAGB(s string) (AGB, error) {
	s = digitsOnly(s)
	if len(s) != 8 || !allDigits(s) {
		return "", Invalid("agb", "agb_invalid")
	}
	return AGB(s), nil
}

// KvK is a Chamber of Commerce (Kamer van Koophandel) number: 8 digits.
type KvK string

// ParseKvK validates a KvK number: exactly 8 digits.
func ParseKvK(s string) (KvK, error) {
	s = digitsOnly(s)
	if len(s) != 8 || !allDigits(s) {
		return "", Invalid("kvk", "kvk_invalid")
	}
	return KvK(s), nil
}

// IBAN is an International Bank Account Number (ISO 13616), stored without
// spaces in upper case.
type IBAN string

// ibanLengths are the lengths of the SEPA countries' IBANs.
var ibanLengths = map[string]int{
	"AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
	"EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28,
	"IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31,
	"NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
	"VA": 22,
}

// ParseIBAN normalises (spaces out, upper case) and validates an IBAN: a SEPA
// country, that country's length (NL: 18) and the mod-97 check.
func ParseIBAN(s string) (IBAN, error) {
	s = strings.ToUpper(ibanSpaces.Replace(strings.TrimSpace(s)))
	if s == "" {
		return "", Invalid("iban", "iban_required")
	}
	if len(s) < 5 {
		return "", Invalid("iban", "iban_invalid")
	}
	want, ok := ibanLengths[s[:2]]
	if !ok {
		return "", Invalid("iban", "iban_country")
	}
	if len(s) != want {
		return "", Invalid("iban", "iban_length", s[:2], want)
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return "", Invalid("iban", "iban_invalid")
		}
	}
	if !allDigits(s[2:4]) || ibanMod97(s) != 1 {
		return "", Invalid("iban", "iban_checksum")
	}
	return IBAN(s), nil
}

// ibanMod97 moves the first four characters to the end, turns letters into
// 10..35 and returns the remainder modulo 97, digit by digit.
func ibanMod97(s string) int {
	r := 0
	for _, c := range s[4:] + s[:4] {
		if c >= 'A' && c <= 'Z' {
			n := int(c-'A') + 10
			r = (r*100 + n) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

// Masked shows an IBAN's country, check digits and last four characters
// only ("NL91 … 4300"), for a mail that confirms a change.
func (i IBAN) Masked() string {
	if len(i) < 8 {
		return ""
	}
	return string(i[:4]) + " … " + string(i[len(i)-4:])
}

// Formatted groups the IBAN in fours: "NL91 ABNA 0417 1643 00".
func (i IBAN) Formatted() string {
	var b strings.Builder
	for n, r := range string(i) {
		if n > 0 && n%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ParseEmail reads an e-mail address as typed and returns it in lower case.
// It must be a bare address that net/mail reads back unchanged: no display
// name, no angle brackets, no comments, and no control character (CR, LF,
// TAB, NUL...), space or invisible format character anywhere, so that an
// address can never carry a header of its own into a mail.
func ParseEmail(s string) (string, error) {
	if !utf8.ValidString(s) { // before ToLower, which would turn a bad byte into U+FFFD
		return "", Invalid("email", "email_invalid")
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", Invalid("email", "email_required")
	}
	if len(s) > 254 || strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
	}) {
		return "", Invalid("email", "email_invalid")
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at == len(s)-1 || !strings.Contains(s[at:], ".") || strings.ContainsAny(s, " <>,;\"") {
		return "", Invalid("email", "email_invalid")
	}
	if a, err := mail.ParseAddress(s); err != nil || a.Name != "" || a.Address != s {
		return "", Invalid("email", "email_invalid")
	}
	return s, nil
}

// ParsePostcode validates a Dutch postcode "1234 AB" and returns it in that form.
func ParsePostcode(s string) (string, error) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if len(s) != 6 || !allDigits(s[:4]) || s[0] == '0' || s[4] < 'A' || s[4] > 'Z' || s[5] < 'A' || s[5] > 'Z' {
		return "", Invalid("postcode", "postcode_invalid")
	}
	return s[:4] + " " + s[4:], nil
}
