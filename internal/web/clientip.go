package web

import (
	"net/http"
	"net/netip"
	"strings"
)

// clientIP is the address of the client, for the login throttle: the peer
// of the connection, unless that peer is a trusted proxy
// (PGB_TRUSTED_PROXIES); then the address that proxy forwarded.
func (s *Server) clientIP(r *http.Request) string {
	return ClientIP(r, s.cfg.TrustedProxies)
}

// ClientIP finds the client's address. A peer that is not a trusted proxy
// is the client, whatever headers it sends. A trusted peer's Forwarded
// header (RFC 7239; X-Forwarded-For when there is none) is read from the
// right, the hop nearest to us: the first address that is not a trusted
// proxy itself is the client. Anything left of it was written by the client
// and is not believed; an entry that is no address ("unknown", an
// obfuscated name) stops the walk at the proxy that wrote it.
func ClientIP(r *http.Request, trusted []netip.Prefix) string {
	peer, ok := parseAddr(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	if !isTrusted(peer, trusted) {
		return peer.String()
	}
	hops := forwardedFor(r.Header)
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseAddr(hops[i])
		if !ok {
			break
		}
		client = a
		if !isTrusted(a, trusted) {
			break
		}
	}
	return client.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedFor lists the client addresses a proxy chain recorded, oldest
// first: the for= parameters of Forwarded, or else X-Forwarded-For.
func forwardedFor(h http.Header) []string {
	var out []string
	for _, line := range h.Values("Forwarded") {
		for _, elem := range strings.Split(line, ",") {
			for _, pair := range strings.Split(elem, ";") {
				k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "for") {
					out = append(out, strings.Trim(strings.TrimSpace(v), `"`))
				}
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, line := range h.Values("X-Forwarded-For") {
		for _, v := range strings.Split(line, ",") {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}

// parseAddr reads an address with or without a port: "192.0.2.1",
// "192.0.2.1:4711", "2001:db8::1", "[2001:db8::1]:4711".
func parseAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	if a, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		return a.Unmap(), true
	}
	return netip.Addr{}, false
}
