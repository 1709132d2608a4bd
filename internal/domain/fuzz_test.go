package domain

// Fuzz targets for the parsers of outside input. Each asserts properties of
// what a parser accepts (it re-formats and re-parses to itself, it passes an
// independent check) and of what it refuses (a field error, never a panic).
// `go test` runs the seeds; `.ci/run` fuzzes each for a few seconds.

import (
	"math/big"
	"net/http"
	"net/mail"
	"strings"
	"testing"
	"unicode"
)

// wantFieldError fails unless err is a validation error of field with one
// of the codes.
func wantFieldError(t *testing.T, in any, err error, field string, codes ...string) {
	t.Helper()
	e, ok := AsError(err)
	if !ok || e.Kind != KindInvalid || len(e.Fields) != 1 || e.Fields[0].Field != field {
		t.Fatalf("%q: %v, want a field error on %q", in, err, field)
	}
	for _, c := range codes {
		if e.Fields[0].Code == c {
			return
		}
	}
	t.Fatalf("%q: code %q, want one of %v", in, e.Fields[0].Code, codes)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// elevenProofOf is the 11-proef written out again, as the register
// describes it, to check ParseBSN against.
func elevenProofOf(s string) bool {
	weights := []int{9, 8, 7, 6, 5, 4, 3, 2, -1}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	return sum%11 == 0 && sum != 0
}

func FuzzParseBSN(f *testing.F) {
	for _, s := range []string{"111222333", "123456782", "1234.56.782", " 123 456 782 ", "12345678", "012345671",
		"123456789", "000000000", "1234567", "12345678a", "", "１２３４５６７８２", "123-456-782", "\u00a0123456782",
		"99999999999999999999", "-123456782", "+31123456782"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		b, err := ParseBSN(in)
		if err != nil {
			wantFieldError(t, in, err, "bsn", "bsn_required", "bsn_length", "bsn_invalid")
			// Nine plain digits are refused only by the 11-proef.
			if len(in) == 9 && isDigits(in) && elevenProofOf(in) {
				t.Fatalf("%q passes the 11-proef but was refused: %v", in, err)
			}
			return
		}
		s := b.Full()
		if len(s) != 9 || !isDigits(s) || !elevenProofOf(s) {
			t.Fatalf("%q accepted as %q, which is no valid BSN", in, s)
		}
		if again, err := ParseBSN(s); err != nil || again != b {
			t.Fatalf("%q does not re-parse to itself: %q %v", s, again, err)
		}
		if m := b.Masked(); m != "******"+s[6:] || b.String() != m {
			t.Fatalf("masked %q / %q for %q", m, b.String(), s)
		}
	})
}

// mod97 is the IBAN check (ISO 7064) with big integers, to check ParseIBAN
// against.
func mod97(s string) int64 {
	var digits strings.Builder
	for _, c := range s[4:] + s[:4] {
		if c >= 'A' && c <= 'Z' {
			digits.WriteString(big.NewInt(int64(c - 'A' + 10)).String())
		} else {
			digits.WriteRune(c)
		}
	}
	n, ok := new(big.Int).SetString(digits.String(), 10)
	if !ok {
		return -1
	}
	return new(big.Int).Mod(n, big.NewInt(97)).Int64()
}

func FuzzParseIBAN(f *testing.F) {
	for _, s := range []string{"NL91ABNA0417164300", "nl91 abna 0417 1643 00", "NL02ABNA0123456789", "DE89370400440532013000",
		"GB82WEST12345698765432", "NL91ABNA0417164301", "NL91ABNA041716430", "XX91ABNA0417164300", "NL91ABNA04171643!0",
		"", "NL", "NL91-ABNA-0417-1643-00", "NLAAABNA0417164300", "nl91abna0417164300", "MT84MALT011000012345MTLCAST001S",
		"NL91ABNA0417164300\u00a0", "ＮＬ91ABNA0417164300", "NL91ABNA0417164300\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		i, err := ParseIBAN(in)
		if err != nil {
			wantFieldError(t, in, err, "iban", "iban_required", "iban_invalid", "iban_country", "iban_length", "iban_checksum")
			return
		}
		s := string(i)
		if n, ok := ibanLengths[s[:2]]; !ok || len(s) != n {
			t.Fatalf("%q accepted as %q: not a SEPA country's length", in, s)
		}
		for _, r := range s {
			if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
				t.Fatalf("%q accepted as %q: holds %q", in, s, r)
			}
		}
		if !isDigits(s[2:4]) || mod97(s) != 1 {
			t.Fatalf("%q accepted as %q, which fails mod 97", in, s)
		}
		for _, form := range []string{s, i.Formatted(), strings.ToLower(i.Formatted())} {
			if again, err := ParseIBAN(form); err != nil || again != i {
				t.Fatalf("%q does not re-parse to %q: %q %v", form, s, again, err)
			}
		}
	})
}

func FuzzParseAGBKvK(f *testing.F) {
	for _, s := range []string{"01234567", "0123 4567", "12.345.678", "1234-5678", "1234567", "123456789", "1234567a", "",
		"   ", "١٢٣٤٥٦٧٨", "12345678\x00", "+1234567"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if a, err := ParseAGB(in); err != nil {
			wantFieldError(t, in, err, "agb", "agb_invalid")
		} else if len(a) != 8 || !isDigits(string(a)) {
			t.Fatalf("AGB %q accepted as %q", in, a)
		} else if again, err := ParseAGB(string(a)); err != nil || again != a {
			t.Fatalf("AGB %q does not re-parse: %q %v", a, again, err)
		}
		if k, err := ParseKvK(in); err != nil {
			wantFieldError(t, in, err, "kvk", "kvk_invalid")
		} else if len(k) != 8 || !isDigits(string(k)) {
			t.Fatalf("KvK %q accepted as %q", in, k)
		} else if again, err := ParseKvK(string(k)); err != nil || again != k {
			t.Fatalf("KvK %q does not re-parse: %q %v", k, again, err)
		}
	})
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"jan@example.nl", "Jan.Jansen+pgb@Sub.Example.NL", " a@b.nl ", "0@.\r0", "a@example.nl\r\nBcc: b@example.nl",
		"a\t@example.nl", "Jan <jan@example.nl>", "<jan@example.nl>", `"a b"@example.nl`, "a@b", "@b.nl", "a@", "zoë@example.nl",
		"a@[127.0.0.1]", "a@example.nl (Jan)", "a\u200b@example.nl", "a@example.nl\x00", "İ@example.nl", "\xff@example.nl",
		strings.Repeat("a", 250) + "@b.nl", "a.@example.nl", "a@-example.nl"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		e, err := ParseEmail(in)
		if err != nil {
			wantFieldError(t, in, err, "email", "email_required", "email_invalid")
			return
		}
		if strings.ContainsFunc(e, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }) {
			t.Fatalf("%q accepted as %q, which holds a control character or a space", in, e)
		}
		if strings.ContainsAny(e, "<>,;\"()") || strings.Count(e, "@") < 1 || len(e) > 254 || strings.ToLower(e) != e {
			t.Fatalf("%q accepted as %q", in, e)
		}
		if a, err := mail.ParseAddress(e); err != nil || a.Name != "" || a.Address != e {
			t.Fatalf("%q accepted as %q, which net/mail reads as %v, %v", in, e, a, err)
		}
		if again, err := ParseEmail(e); err != nil || again != e {
			t.Fatalf("%q does not re-parse to itself: %q %v", e, again, err)
		}
	})
}

func FuzzParsePostcode(f *testing.F) {
	for _, s := range []string{"1234 AB", "1234ab", " 1234 ab ", "0123 AB", "1234 A", "12345AB", "1234 A1", "", "1234\tAB", "1234 ÄB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := ParsePostcode(in)
		if err != nil {
			wantFieldError(t, in, err, "postcode", "postcode_invalid")
			return
		}
		if len(p) != 7 || !isDigits(p[:4]) || p[0] == '0' || p[4] != ' ' || p[5] < 'A' || p[5] > 'Z' || p[6] < 'A' || p[6] > 'Z' {
			t.Fatalf("%q accepted as %q", in, p)
		}
		if again, err := ParsePostcode(p); err != nil || again != p {
			t.Fatalf("%q does not re-parse: %q %v", p, again, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "29-02-2024", "1-3-2024", "01/03/2024", "1/3/2024", "2023-02-29", "31-04-2024",
		"2024-13-01", "", "gisteren", "1899-12-31", "2200-12-31", "2201-01-01", "0000-01-01", "2024-1-1", " 2024-02-29 ",
		"2024-02-29T00:00:00Z", "+2024-02-29", "２０２４-02-29"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ParseDate(in)
		if err != nil {
			if e, ok := AsError(err); !ok || e.Kind != KindInvalid {
				t.Fatalf("%q: %v, want a validation error", in, err)
			}
			if !d.IsZero() {
				t.Fatalf("%q refused but gave %v", in, d)
			}
		} else {
			if d.Year < 1900 || d.Year > 2200 || NewDate(d.Year, d.Month, d.Day) != d {
				t.Fatalf("%q accepted as %+v", in, d)
			}
			iso := d.String()
			if again, err := ParseDate(iso); err != nil || again != d {
				t.Fatalf("%q (%q) does not re-parse: %v %v", in, iso, again, err)
			}
			dutch := d.Time().Format("02-01-2006")
			if again, err := ParseDate(dutch); err != nil || again != d {
				t.Fatalf("%q (%q) does not re-parse: %v %v", in, dutch, again, err)
			}
		}
		// JSON dates: strict ISO, and what is read is written back the same.
		var j Date
		if err := j.UnmarshalText([]byte(in)); err == nil && !j.IsZero() {
			out, _ := j.MarshalText()
			var back Date
			if err := back.UnmarshalText(out); err != nil || back != j {
				t.Fatalf("JSON date %q → %q → %v %v", in, out, back, err)
			}
		}
	})
}

func FuzzParseCents(f *testing.F) {
	for _, s := range []string{"1234", "1234,5", "1.234,56", "1234.56", "€ 12,00", "1,234.56", "-3,00", "-€ 3,00", "€ -3,00",
		"0,01", ",5", "1,2,3", "12,345", "", "-", ".", ",", "€", "1.234.567,89", "999999999999999", "9999999999999999",
		"1\u00a0234,56", "1 234,56", "12,3a", "--1", "+1", "١٢", "0x10", "1e3", "€\u00a012,00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c, err := ParseCents(in)
		if err != nil {
			if e, ok := AsError(err); !ok || e.Kind != KindInvalid {
				t.Fatalf("%q: %v, want a validation error", in, err)
			}
			return
		}
		if !strings.ContainsAny(in, "0123456789") {
			t.Fatalf("%q has no digit but was read as %d", in, c)
		}
		if c > 1e17 || c < -1e17 {
			t.Fatalf("%q read as %d, out of range", in, c)
		}
		for _, form := range []string{c.Plain("nl"), c.Plain("en"), c.Format("nl"), c.Format("en")} {
			if again, err := ParseCents(form); err != nil || again != c {
				t.Fatalf("%q read as %d, formatted %q, read back as %d %v", in, c, form, again, err)
			}
		}
	})
}

// FuzzCentsFormat: every amount the portal shows is read back as itself.
func FuzzCentsFormat(f *testing.F) {
	for _, c := range []int64{0, 1, -1, 99, 100, 123456, -123456, 1e15, -1e15, 99999999999999999, -99999999999999999} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, v int64) {
		c := Cents(v % 1e17) // ParseCents reads up to 15 digits of euros
		for _, form := range []string{c.Plain("nl"), c.Plain("en"), c.Format("nl"), c.Format("en")} {
			if again, err := ParseCents(form); err != nil || again != c {
				t.Fatalf("%d formatted %q, read back as %d %v", c, form, again, err)
			}
		}
	})
}

func FuzzSniffUpload(f *testing.F) {
	for _, s := range []string{"%PDF-1.7\n...", "\x89PNG\r\n\x1a\nxxxx", "\xff\xd8\xff\xe0xxxx", "MZ\x90\x00 an exe named scan.pdf",
		"<html>not a pdf</html>", "", "%PDF", "\x89PNG\r\n", "\xff\xd8", "GIF89a", "<svg xmlns='http://www.w3.org/2000/svg'/>",
		" %PDF-1.7", "\xef\xbb\xbf%PDF-1.7", "PK\x03\x04"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, err := SniffUpload("scan", data)
		if err != nil {
			wantFieldError(t, data, err, "scan", "file_required", "file_too_large", "file_type")
			if ct != "" {
				t.Fatalf("refused but typed %q", ct)
			}
			return
		}
		// Only the three types, and only what the standard sniffer (the
		// WHATWG algorithm a browser follows) reads as the same type.
		if ct != "application/pdf" && ct != "image/png" && ct != "image/jpeg" {
			t.Fatalf("%.16q accepted as %q", data, ct)
		}
		if got := http.DetectContentType(data); got != ct {
			t.Fatalf("%.16q accepted as %q; a browser sniffs %q", data, ct, got)
		}
	})
}
