package web

import "testing"

// TestLocalTarget: only paths on this site are redirect targets; anything a
// browser could read as another host, a scheme, or a control character,
// also percent-encoded (once or more), falls back.
func TestLocalTarget(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"/", true},
		{"/declaraties/3", true},
		{"/declaraties/nieuw?overeenkomst=2&maand=2026-11", true},
		{"/budgethouders?q=J.+de+Vries", true},
		{"/zoek?q=caf%C3%A9", true},
		{"/a//b", true},
		{"/100%", true},
		{"", false},
		{"declaraties", false},
		{"//evil.example", false},
		{"//evil.example/", false},
		{"/\\evil.example/", false},
		{"\\\\evil.example", false},
		{"/%5Cevil.example/", false},   // the review's case: decoded by the query to /\evil.example/
		{"/%5cevil.example/", false},   // lower case hex
		{"/%255Cevil.example/", false}, // encoded twice
		{"/%25255Cevil.example/", false},
		{"/%2Fevil.example", false},    // decodes to //evil.example
		{"/%2F%2Fevil.example", false}, // decodes to ///evil.example
		{"/%252F%252Fevil.example", false},
		{"/x%5C..%5C", false},
		{"https://evil.example/", false},
		{"http:evil.example", false},
		{"javascript:alert(1)", false},
		{" /x", false},
		{"/\t/evil.example", false},
		{"/%09/evil.example", false}, // a tab browsers drop: //evil.example
		{"/%0d%0aSet-Cookie:x=1", false},
		{"/\r\nLocation: //evil.example", false},
		{"/%00", false},
		{"/%7F", false},
		{"/%C2%85", false}, // NEL, a C1 control
		{"/%E2%80%A8", false},
		{"/é", false}, // not as on the wire
		{"/%FF", false},
	} {
		if got := isLocalPath(tc.in); got != tc.want {
			t.Errorf("isLocalPath(%q) = %v, want %v", tc.in, got, tc.want)
		}
		want := "/"
		if tc.want {
			want = tc.in
		}
		if got := localTarget(tc.in, "/"); got != want {
			t.Errorf("localTarget(%q) = %q, want %q", tc.in, got, want)
		}
	}
}
