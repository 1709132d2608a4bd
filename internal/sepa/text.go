package sepa

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Lengths the SEPA rulebook (EPC) allows in a credit transfer file.
const (
	MaxIDLen         = 35  // MsgId, PmtInfId, EndToEndId
	MaxNameLen       = 70  // InitgPty/Nm, Dbtr/Nm, Cdtr/Nm
	MaxRemittanceLen = 140 // RmtInf/Ustrd
)

// isSEPAChar reports whether c is in the SEPA Latin character set:
// a-z A-Z 0-9 / - ? : ( ) . , ' + and space.
func isSEPAChar(c rune) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.ContainsRune("/-?:().,'+ ", c)
}

// latinFrom is the first rune of latinTable.
const latinFrom = 0xC0

// latinTable transliterates U+00C0..U+017F (Latin-1 Supplement and Latin
// Extended-A), one byte per rune: the letter without its accents, a space for
// × and ÷, and '*' where latinMulti has a longer replacement.
const latinTable = "" +
	"AAAAAA*CEEEEIIIIDNOOOOO OUUUUY**" + // U+00C0 À Á Â Ã Ä Å Æ Ç ... Ø ... Ý Þ ß
	"aaaaaa*ceeeeiiiidnooooo ouuuuy*y" + // U+00E0 à ... ÿ
	"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGg" + // U+0100 Ā ... ğ
	"GgGgHhHhIiIiIiIiIi**JjKkkLlLlLlL" + // U+0120 Ġ ... Ŀ (Ĳ ĳ at U+0132)
	"lLlNnNnNn*NnOoOoOo**RrRrRrSsSsSs" + // U+0140 ŀ ... ş (ŉ, Œ œ)
	"SsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs" // U+0160 Š ... ſ

// latinMulti holds the letters that become more than one letter.
var latinMulti = map[rune]string{
	'Æ': "AE", 'æ': "ae", 'Þ': "TH", 'þ': "th", 'ß': "ss", 'Ĳ': "IJ", 'ĳ': "ij",
	'ŉ': "'n", 'Œ': "OE", 'œ': "oe",
}

// otherRunes maps letters beyond latinTable and common punctuation to the
// SEPA set.
var otherRunes = map[rune]string{
	'Ș': "S", 'ș': "s", 'Ț': "T", 'ț': "t", 'ẞ': "SS", 'Ə': "E", 'ə': "e",
	'&': "+", '’': "'", '‘': "'", '‚': "'", '`': "'", '´': "'", '"': "'", '“': "'", '”': "'", '„': "'",
	'–': "-", '—': "-", '‐': "-", '‑': "-", '_': "-", '[': "(", ']': ")", '{': "(", '}': ")",
	'\\': "/", ';': ",", '!': ".", '€': "EUR",
}

// transliterate returns the SEPA-set replacement of one rune outside the set:
// a letter without accents, "" to drop it, or " " for anything else.
func transliterate(r rune) string {
	if r >= latinFrom && r < latinFrom+rune(len(latinTable)) {
		if c := latinTable[r-latinFrom]; c != '*' {
			return latinTable[r-latinFrom : r-latinFrom+1]
		}
		return latinMulti[r]
	}
	if s, ok := otherRunes[r]; ok {
		return s
	}
	// A letter with accents beyond the table (Vietnamese ễ, ư, ơ; Latin
	// Extended Additional): its base letter, from the canonical decomposition.
	if d := norm.NFD.String(string(r)); d != string(r) {
		switch base, _ := utf8.DecodeRuneInString(d); {
		case base < 0x80 && isSEPAChar(base):
			return string(base)
		case base != r && base >= latinFrom && base < latinFrom+rune(len(latinTable)):
			return transliterate(base)
		}
	}
	switch {
	case r >= 0x300 && r <= 0x36F: // combining diacritical marks (decomposed "é")
		return ""
	case unicode.IsSpace(r):
		return " "
	case unicode.IsControl(r), unicode.Is(unicode.Cf, r): // zero-width space, BOM, ...
		return ""
	}
	return " "
}

// SEPAText transliterates s to the SEPA Latin character set: accents go
// (é→e, ü→u, ç→c), ligatures are spelt out (ß→ss, ĳ→ij, Æ→AE), Ø→O, & → +,
// typographic quotes and dashes become ' and -, other characters become a
// space (control and zero-width characters vanish). Runs of spaces collapse to
// one, leading and trailing spaces go, and the result is cut to max characters
// (max <= 0: no limit). Text already in the set comes back unchanged.
func SEPAText(s string, max int) string {
	if isCleanText(s, max) {
		return s
	}
	t := textBuilder{max: max}
	t.b.Grow(len(s))
	for _, r := range s {
		ok := false
		if r < 0x80 && isSEPAChar(r) {
			ok = t.put(byte(r))
		} else {
			ok = t.putString(transliterate(r))
		}
		if !ok {
			break
		}
	}
	return t.b.String()
}

// isCleanText reports whether s is already what SEPAText would make of it.
func isCleanText(s string, max int) bool {
	if max > 0 && len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || !isSEPAChar(rune(c)) {
			return false
		}
		if c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}

// textBuilder collects SEPA text, collapsing spaces and stopping at max.
type textBuilder struct {
	b     strings.Builder
	max   int
	space bool // a space is due before the next character
}

// putString adds the characters of s; false once the text is full.
func (t *textBuilder) putString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !t.put(s[i]) {
			return false
		}
	}
	return true
}

// put adds one ASCII character; false when it no longer fits.
func (t *textBuilder) put(c byte) bool {
	if c == ' ' {
		t.space = t.b.Len() > 0
		return true
	}
	need := 1
	if t.space {
		need = 2
	}
	if t.max > 0 && t.b.Len()+need > t.max {
		return false
	}
	if t.space {
		t.b.WriteByte(' ')
		t.space = false
	}
	t.b.WriteByte(c)
	return true
}

// checkID returns why s is no valid SEPA identification (MsgId, PmtInfId,
// EndToEndId), or "" when it is one: 1 to 35 characters of the SEPA set
// without spaces, not starting or ending with '/' and without "//" (EPC rule).
func checkID(s string) string {
	switch {
	case s == "":
		return "is leeg"
	case len(s) > MaxIDLen:
		return "is langer dan " + strconv.Itoa(MaxIDLen) + " tekens"
	case s[0] == '/' || s[len(s)-1] == '/' || strings.Contains(s, "//"):
		return "mag niet met '/' beginnen of eindigen en geen '//' bevatten"
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == ' ' || !isSEPAChar(rune(s[i])) {
			return "bevat een teken buiten de SEPA-tekenset: " + strconv.QuoteRune(rune(s[i]))
		}
	}
	return ""
}

// Remittance builds the unstructured remittance information of a transfer
// that pays several declarations: "pgb declaraties D123 D456 D789". When not
// all ids fit in max characters (max <= 0: no limit; a transfer allows
// MaxRemittanceLen), it names as many as fit and ends with "+N meer" for the
// rest: "pgb declaraties D123 D456 +5 meer". Ids are transliterated with
// SEPAText; empty ones are skipped. No ids give "".
func Remittance(ids []string, max int) string {
	clean := make([]string, 0, len(ids))
	for _, id := range ids {
		if id = SEPAText(id, 0); id != "" {
			clean = append(clean, id)
		}
	}
	if len(clean) == 0 {
		return ""
	}
	prefix := "pgb declaratie"
	if len(clean) > 1 {
		prefix += "s"
	}
	if all := prefix + " " + strings.Join(clean, " "); max <= 0 || len(all) <= max {
		return all
	}
	// Name the first k ids and "+(n-k) meer" for the largest k that fits; the
	// length grows with k, so the first k that does not fit ends the search.
	var b strings.Builder
	b.WriteString(prefix)
	for i, id := range clean {
		if b.Len()+1+len(id)+len(moreSuffix(len(clean)-i-1)) > max {
			b.WriteString(moreSuffix(len(clean) - i))
			break
		}
		b.WriteString(" " + id)
	}
	return SEPAText(b.String(), max) // only cuts when even "pgb declaraties +N meer" is too long
}

// moreSuffix is the tail naming n ids that did not fit.
func moreSuffix(n int) string { return " +" + strconv.Itoa(n) + " meer" }
