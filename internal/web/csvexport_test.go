package web

import "testing"

func TestCSVCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Jansen", "Jansen"},
		{"=1+2", "'=1+2"},
		{`=HYPERLINK("http://evil.example")`, `'=HYPERLINK("http://evil.example")`},
		{"+31612345678", "'+31612345678"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-12,50", "-12,50"}, // an amount stays a number
		{"-0.5", "-0.5"},
		{"1234", "1234"},
		{"-", "'-"},
		{"-12,50 €", "'-12,50 €"},
		{"a=b", "a=b"},
	} {
		if got := csvCell(c.in); got != c.want {
			t.Errorf("csvCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
