package sepa

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSEPAText(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"Jansen Zorg B.V.", 70, "Jansen Zorg B.V."},
		{"Zoë & Søren", 0, "Zoe + Soren"},
		{"Nguyễn Văn Ước, Şükrü Yılmaz-Ærø", 0, "Nguyen Van Uoc, Sukru Yilmaz-AEro"},
		{"Café Ĳsselmonde", 0, "Cafe IJsselmonde"},
		{"ĳzer", 0, "ijzer"},
		{"Straße", 0, "Strasse"},
		{"Müller-Lüdenscheidt", 0, "Muller-Ludenscheidt"},
		{"Ørsted Æbelø", 0, "Orsted AEbelo"},
		{"François Œuvre", 0, "Francois OEuvre"},
		{"Łódź Ștefan", 0, "Lodz Stefan"},
		{"e\u0301e\u0308", 0, "ee"}, // decomposed é ë
		{"  veel   spaties\t\nen tab  ", 0, "veel spaties en tab"},
		{"<b>vet</b>", 0, "b vet /b"},
		{"a@b.nl #1 * 2 = 3", 0, "a b.nl 1 2 3"},
		{"’s-Hertogenbosch – “zorg”", 0, "'s-Hertogenbosch - 'zorg'"},
		{"prijs €12,50", 0, "prijs EUR12,50"},
		{"zero\u200bwidth\ufeff", 0, "zerowidth"},
		{"日本語 naam", 0, "naam"},
		{"abcdefghij", 5, "abcde"},
		{"abcd efghij", 5, "abcd"}, // no trailing space after the cut
		{"ßßß", 5, "sssss"},
		{"", 10, ""},
		{"?:().,'+/-", 0, "?:().,'+/-"},
	}
	for _, tt := range tests {
		got := SEPAText(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("SEPAText(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		if !isCleanText(got, tt.max) {
			t.Errorf("SEPAText(%q, %d) = %q is not clean SEPA text", tt.in, tt.max, got)
		}
	}
}

// Every rune of the tables comes out as SEPA text, and SEPAText is idempotent.
func TestSEPATextAllRunes(t *testing.T) {
	for r := rune(0); r < 0x2100; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		in := "x" + string(r) + "y"
		got := SEPAText(in, 0)
		if !isCleanText(got, 0) {
			t.Fatalf("SEPAText(%q) = %q is not clean", in, got)
		}
		if again := SEPAText(got, 0); again != got {
			t.Fatalf("SEPAText not idempotent on %q: %q then %q", in, got, again)
		}
	}
}

func TestRemittance(t *testing.T) {
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "D" + strings.Repeat("1", 5) + string(rune('0'+i%10))
		}
		return out
	}
	tests := []struct {
		name string
		ids  []string
		max  int
		want string
	}{
		{"none", nil, 140, ""},
		{"one", []string{"D123"}, 140, "pgb declaratie D123"},
		{"three", []string{"D123", "D456", "D789"}, 140, "pgb declaraties D123 D456 D789"},
		{"exact fit", []string{"D1", "D2"}, len("pgb declaraties D1 D2"), "pgb declaraties D1 D2"},
		{"one too many", []string{"D1", "D2", "D3"}, len("pgb declaraties D1 D2 D3") - 1, "pgb declaraties +3 meer"},
		{"two of three", []string{"D100", "D200", "D300"}, len("pgb declaraties D100 +2 meer"), "pgb declaraties D100 +2 meer"},
		{"cleaned ids", []string{"D-é1", "", "  "}, 140, "pgb declaratie D-e1"},
		{"nothing fits", []string{"D123456"}, 10, "pgb declar"},
		{"no limit", ids(30), 0, "pgb declaraties " + strings.Join(ids(30), " ")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Remittance(tt.ids, tt.max); got != tt.want {
				t.Errorf("Remittance = %q, want %q", got, tt.want)
			}
		})
	}
	// Many ids: always within 140, naming how many were left out.
	for n := 1; n <= 60; n++ {
		got := Remittance(ids(n), MaxRemittanceLen)
		if len(got) > MaxRemittanceLen {
			t.Fatalf("n=%d: %d characters: %q", n, len(got), got)
		}
		named := len(strings.Fields(got)) - 2
		if strings.HasSuffix(got, " meer") {
			f := strings.Fields(got)
			named = len(f) - 4
			if want := "+" + strconv.Itoa(n-named); f[len(f)-2] != want {
				t.Fatalf("n=%d: %q does not end with %q meer", n, got, want)
			}
		} else if named != n {
			t.Fatalf("n=%d: names %d ids without '+N meer': %q", n, named, got)
		}
	}
}

func TestCheckID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"RUN-2024-01-0001", true},
		{strings.Repeat("A", 35), true},
		{strings.Repeat("A", 36), false},
		{"", false},
		{"met spatie", false},
		{"/begin", false},
		{"eind/", false},
		{"a//b", false},
		{"a/b?c:d(e)f.g,h'i+j", true},
		{"é", false},
		{"a&b", false},
	}
	for _, tt := range tests {
		if why := checkID(tt.id); (why == "") != tt.ok {
			t.Errorf("checkID(%q) = %q, want ok=%v", tt.id, why, tt.ok)
		}
	}
}
