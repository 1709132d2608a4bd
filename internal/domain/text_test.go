package domain

import "testing"

func TestTextAllowed(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"", true},
		{"Şükrü Yılmaz-Ærø", true},
		{"regel één\r\nregel twee\tmet tab", true},
		{"Nguyễn 🙂", true},
		{"a\x00b", false},
		{"\x1b[31m", false},
		{"bel\x07", false},
		{"del\x7f", false},
		{"c1\u0085", false},
		{"\xff\xfe", false},
		{"half \xe2\x82", false},
	} {
		if got := TextAllowed(c.in); got != c.ok {
			t.Errorf("TextAllowed(%q) = %v, want %v", c.in, got, c.ok)
		}
	}
}

func TestCheckValuesNamesEachField(t *testing.T) {
	err := CheckValues(map[string][]string{"name": {"Jan"}, "note": {"ok", "x\x00"}, "iban": {"\x01"}})
	if err == nil || err.Kind != KindInvalid || len(err.Fields) != 2 || err.Fields[0].Field != "iban" || err.Fields[1].Field != "note" {
		t.Fatalf("got %+v", err)
	}
	if CheckValues(map[string][]string{"q": {"de Vries"}}) != nil {
		t.Error("plain text refused")
	}
}
