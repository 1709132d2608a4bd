package domain

import "testing"

func TestPayRunMsgID(t *testing.T) {
	day := MustDate("2026-11-24")
	for _, c := range []struct {
		instance string
		run      int64
		nonce    string
		want     string
	}{
		{"1A2B3C4D", 12, "Q7XK", "PGB-1A2B3C4D-20261124-12-Q7XK"},
		{"1A2B3C4D", 99_999_999, "Q7XK", "PGB-1A2B3C4D-20261124-99999999-Q7XK"},        // 35
		{"1A2B3C4D", 123_456_789, "Q7XK", "PGB-1A2B3C4D-20261124-123456789"},           // the nonce gives way
		{"1A2B3C4D", 1_234_567_890_123, "Q7XK", "PGB-1A2B3C4D-20261124-1234567890123"}, // 35
	} {
		got := PayRunMsgID(c.instance, day, c.run, c.nonce)
		if got != c.want || len(got) > 35 {
			t.Errorf("PayRunMsgID(%s, %d, %s) = %q (%d), want %q", c.instance, c.run, c.nonce, got, len(got), c.want)
		}
	}
	// Two databases (prefixes) or two days never share an id for the same run number.
	if PayRunMsgID("AAAAAAAA", day, 1, "") == PayRunMsgID("BBBBBBBB", day, 1, "") || PayRunMsgID("AAAAAAAA", day, 1, "") == PayRunMsgID("AAAAAAAA", day.AddDays(1), 1, "") {
		t.Error("ids repeat across instances or days")
	}
}
