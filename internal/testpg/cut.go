package testpg

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
)

// Link is a TCP proxy between a test and the PostgreSQL server, which the
// test can cut (every connection reset, new ones refused: the server is
// gone, as during a failover) and mend (connections are taken again).
type Link struct {
	t      testing.TB
	target string // the server's host:port
	addr   string // the proxy's host:port

	mu    sync.Mutex
	l     net.Listener
	conns map[net.Conn]bool
}

// Cuttable returns u (a URL of $PGB_TEST_POSTGRES, e.g. from URL) through
// a Link of its own, and the link. It is closed in t.Cleanup.
func Cuttable(t testing.TB, u string) (string, *Link) {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	k := &Link{t: t, target: p.Host, conns: map[net.Conn]bool{}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	k.addr = l.Addr().String()
	k.serve(l)
	t.Cleanup(k.Cut)
	p.Host = k.addr
	return p.String(), k
}

// Cut resets every connection through the link and refuses new ones.
func (k *Link) Cut() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.l != nil {
		k.l.Close()
		k.l = nil
	}
	for c := range k.conns {
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0) // a reset, as from a server that died
		}
		c.Close()
	}
	clear(k.conns)
}

// Mend takes connections again, on the same address.
func (k *Link) Mend() {
	k.t.Helper()
	l, err := net.Listen("tcp", k.addr)
	if err != nil {
		k.t.Fatal(err)
	}
	k.serve(l)
}

func (k *Link) serve(l net.Listener) {
	k.mu.Lock()
	k.l = l
	k.mu.Unlock()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", k.target)
			if err != nil {
				c.Close()
				continue
			}
			k.mu.Lock()
			if k.l != l { // cut meanwhile
				k.mu.Unlock()
				c.Close()
				s.Close()
				return
			}
			k.conns[c], k.conns[s] = true, true
			k.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}
