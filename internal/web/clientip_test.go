package web

import (
	"net/http"
	"net/netip"
	"testing"
)

// TestClientIP (issue 15 item 10): only a trusted proxy's forwarding
// headers are believed, read from the right.
func TestClientIP(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:1::/48")}
	for _, c := range []struct {
		remote, xff, fwd, want string
	}{
		{"203.0.113.5:4000", "", "", "203.0.113.5"},
		{"203.0.113.5:4000", "198.51.100.1", "", "203.0.113.5"},        // an untrusted peer's header is ignored
		{"10.0.0.2:4000", "198.51.100.1", "", "198.51.100.1"},          // the proxy names the client
		{"10.0.0.2:4000", "6.6.6.6, 198.51.100.1", "", "198.51.100.1"}, // what the client wrote itself is not believed
		{"10.0.0.2:4000", "198.51.100.1, 10.0.0.9", "", "198.51.100.1"},
		{"10.0.0.2:4000", "", `for=192.0.2.60;proto=http, for="[2001:db8:cafe::17]:4711"`, "2001:db8:cafe::17"},
		{"10.0.0.2:4000", "6.6.6.6", `for=unknown`, "10.0.0.2"},
		{"10.0.0.2:4000", "", "", "10.0.0.2"},
		{"[2001:db8:1::5]:443", "198.51.100.7", "", "198.51.100.7"},
	} {
		r := &http.Request{RemoteAddr: c.remote, Header: http.Header{}}
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if c.fwd != "" {
			r.Header.Set("Forwarded", c.fwd)
		}
		if got := ClientIP(r, trusted); got != c.want {
			t.Errorf("%s xff=%q fwd=%q: %s, want %s", c.remote, c.xff, c.fwd, got, c.want)
		}
		if got := ClientIP(r, nil); got != netip.MustParseAddrPort(c.remote).Addr().String() {
			t.Errorf("without trusted proxies: %s", got)
		}
	}
}
