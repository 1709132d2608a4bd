package web

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"net/url"
	"strings"
)

// maxCertHeader bounds the header a proxy passes a client certificate in
// (a chain of a few certificates in URL-encoded PEM).
const maxCertHeader = 32 << 10

// clientCertChain is the client certificate a request shows, leaf first,
// with any intermediates: the one of its own TLS handshake, or, behind a
// TLS-terminating proxy, the one a trusted proxy (TrustedProxies) passes
// in ClientCertHeader. A header from any other peer is ignored: it is not
// proof of anything (a certificate is public; only the proxy's handshake
// proved its key). via says where it came from ("tls", "proxy").
func (s *Server) clientCertChain(r *http.Request) (chain []*x509.Certificate, via string) {
	if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
		return r.TLS.PeerCertificates, "tls"
	}
	h := s.cfg.ClientCertHeader
	if h == "" {
		return nil, ""
	}
	v := r.Header.Get(h)
	if v == "" {
		return nil, ""
	}
	if peer, ok := parseAddr(r.RemoteAddr); !ok || !isTrusted(peer, s.cfg.TrustedProxies) {
		return nil, ""
	}
	if len(v) > maxCertHeader {
		s.log.WarnContext(r.Context(), "client certificate header too long; ignored", "bytes", len(v))
		return nil, ""
	}
	chain = ParseCertHeader(v)
	if len(chain) == 0 {
		s.log.WarnContext(r.Context(), "client certificate header from the proxy does not hold a certificate; ignored")
		return nil, ""
	}
	return chain, "proxy"
}

// ParseCertHeader reads the certificates a proxy passes in a header, in
// the forms proxies send: URL-encoded PEM (nginx's $ssl_client_escaped_cert,
// HAProxy and Apache alike), PEM as it is, or base64 of the DER (with or
// without padding; Traefik, AWS and Azure load balancers). Several
// certificates (a chain) may follow each other. Nothing readable: nil.
func ParseCertHeader(v string) []*x509.Certificate {
	v = strings.TrimSpace(v)
	unescape := url.PathUnescape // '+' is base64's own
	if strings.Contains(v, "BEGIN+CERTIFICATE") {
		unescape = url.QueryUnescape // spaces written '+' (and base64's '+' as %2B)
	}
	if strings.Contains(v, "%") || strings.Contains(v, "BEGIN+") {
		if u, err := unescape(v); err == nil {
			v = u
		}
	}
	if strings.Contains(v, "-----BEGIN") {
		var out []*x509.Certificate
		rest := []byte(v)
		for {
			var b *pem.Block
			b, rest = pem.Decode(rest)
			if b == nil {
				break
			}
			if b.Type != "CERTIFICATE" {
				continue
			}
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil
			}
			out = append(out, c)
		}
		return out
	}
	v = strings.Map(func(r rune) rune { // base64 folded over lines, or with spaces
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, v)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		der, err := enc.DecodeString(v)
		if err != nil || !bytes.HasPrefix(der, []byte{0x30}) {
			continue
		}
		if cs, err := x509.ParseCertificates(der); err == nil && len(cs) > 0 {
			return cs
		}
	}
	return nil
}
