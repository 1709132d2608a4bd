package testpg

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Wire is a TCP proxy between a test and the PostgreSQL server that reads
// what the client sends (the frontend messages of PostgreSQL's protocol),
// so that a test can count what a piece of code costs the database: round
// trips, statements and commits, whatever the driver does underneath.
type Wire struct {
	mu    sync.Mutex
	count WireCount
}

// WireCount is what clients sent through a Wire.
type WireCount struct {
	// RoundTrips counts the messages after which a client waits for the
	// server to be ready again: Sync (the end of an extended-protocol
	// pipeline, as a pgx batch of several statements ends with one) and
	// Query (a simple-protocol query: pgx's begin, commit and ping).
	RoundTrips int
	// Statements are the texts of the statements executed, in order
	// (an Execute of a prepared statement counts with its text).
	Statements []string
}

// Writes is how many of the statements change data (INSERT, UPDATE,
// DELETE) or commit a transaction that may have (COMMIT).
func (c WireCount) Writes() (changes, commits int) {
	for _, s := range c.Statements {
		w, _, _ := strings.Cut(strings.ToUpper(strings.TrimSpace(s)), " ")
		switch w {
		case "INSERT", "UPDATE", "DELETE":
			changes++
		case "COMMIT":
			commits++
		}
	}
	return changes, commits
}

// Counting returns u (a URL of $PGB_TEST_POSTGRES, e.g. from URL) through
// a Wire of its own, and the wire. Its listener closes in t.Cleanup.
func Counting(t testing.TB, u string) (string, *Wire) {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w := &Wire{}
	target := p.Host
	var conns sync.Map
	t.Cleanup(func() {
		l.Close()
		conns.Range(func(k, _ any) bool { k.(net.Conn).Close(); return true })
	})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			conns.Store(c, true)
			conns.Store(s, true)
			go func() { w.relay(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
	p.Host = l.Addr().String()
	return p.String(), w
}

// Take returns what was counted since the last Take (or the start) and
// starts again from zero.
func (w *Wire) Take() WireCount {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.count
	w.count = WireCount{}
	return c
}

// relay copies a client's messages to the server, counting them. The
// first messages have no type byte: SSLRequest or GSSENCRequest (answered
// with one byte, then another untyped message) and StartupMessage.
func (w *Wire) relay(server io.Writer, client io.Reader) {
	r := bufio.NewReader(client)
	named := map[string]string{} // this connection's prepared statements: name → text
	portal := ""                 // the text of the statement last bound
	typed := false
	for {
		var typ byte
		if typed {
			b, err := r.ReadByte()
			if err != nil {
				return
			}
			typ = b
		}
		var n [4]byte
		if _, err := io.ReadFull(r, n[:]); err != nil {
			return
		}
		body := make([]byte, binary.BigEndian.Uint32(n[:])-4)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var msg []byte
		if typed {
			msg = append(msg, typ)
		}
		msg = append(append(msg, n[:]...), body...)
		if _, err := server.Write(msg); err != nil {
			return
		}
		if !typed {
			code := binary.BigEndian.Uint32(body[:4])
			typed = code != 80877103 && code != 80877104 // after the startup message
			continue
		}
		w.mu.Lock()
		switch typ {
		case 'Q':
			w.count.RoundTrips++
			w.count.Statements = append(w.count.Statements, cstring(body))
		case 'S':
			w.count.RoundTrips++
		case 'P':
			name := cstring(body)
			named[name] = cstring(body[len(name)+1:])
		case 'B':
			p := cstring(body)
			portal = named[cstring(body[len(p)+1:])]
		case 'E':
			w.count.Statements = append(w.count.Statements, portal)
		}
		w.mu.Unlock()
	}
}

// cstring is the NUL-terminated string at the start of b.
func cstring(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return string(b[:i])
	}
	return string(b)
}
