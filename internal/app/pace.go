package app

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
)

// Limits are the server's timeouts. There is no timeout for a whole
// request: a phone on a slow link may take minutes over a 9 MB invoice or
// the 139 MB payment file. Instead each request's body and response must
// keep moving: at least MinRate bytes per second, averaged over Window of
// the time the server waits on the client (time the server spends working
// does not count). A client that stalls is cut off within Window; the
// headers must come within HeaderTimeout (slowloris), and an idle
// keep-alive connection is closed after IdleTimeout.
type Limits struct {
	HeaderTimeout time.Duration
	IdleTimeout   time.Duration
	MinRate       int64 // bytes per second
	Window        time.Duration
}

// LimitsOf are the limits of configuration c.
func LimitsOf(c config.Config) Limits {
	return Limits{HeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute, MinRate: int64(c.MinRate), Window: c.RateWindow}
}

// NewServer is the portal's http.Server on addr for h, with the limits l:
// h is wrapped in Paced.
func NewServer(addr string, h http.Handler, l Limits, log *slog.Logger) *http.Server {
	return &http.Server{Addr: addr, Handler: Paced(h, l, log), ReadHeaderTimeout: l.HeaderTimeout, IdleTimeout: l.IdleTimeout,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
}

// ErrTooSlow is the error a handler reads from a request body whose
// client sends more slowly than the minimum rate.
var ErrTooSlow = fmt.Errorf("client sends too slowly: %w", os.ErrDeadlineExceeded)

// Paced moves the connection's read and write deadlines on as the bytes of
// a request body and its response flow (http.ResponseController), so
// that a client is held to the minimum rate of l, not to a time for the
// whole request. A too-slow upload is answered 408 Request Timeout, not
// with whatever the handler makes of the cut-off body (never 413: that is
// for bodies that are really too large); a too-slow download is cut off,
// so that the client sees the file is incomplete. Both are logged, without
// personal data: method, route, direction and bytes.
func Paced(h http.Handler, l Limits, log *slog.Logger) http.Handler {
	quota := l.MinRate * int64(l.Window/time.Second)
	if quota < 1 {
		quota = 1
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		// No write deadline until bytes flow (the server clears its own
		// between requests; this keeps it so whatever wraps it).
		_ = rc.SetWriteDeadline(time.Time{})
		pw := &pacedWriter{ResponseWriter: w, rc: rc, m: meter{quota: quota, window: l.Window}, r: r}
		var body *pacedBody
		if r.Body != nil && r.Body != http.NoBody {
			body = &pacedBody{body: r.Body, rc: rc, m: meter{quota: quota, window: l.Window}}
			pw.body = body
			r.Body = body
		}
		h.ServeHTTP(pw, r)
		// The rest of the response is flushed after this: it too must go.
		_ = rc.SetWriteDeadline(time.Now().Add(pw.m.left()))
		if body != nil && !body.eof {
			// Before the answer goes out the server reads what is left of
			// the body (up to 256 KiB), to keep the connection: a client
			// that stalls there is dropped once it has had the answer.
			_ = rc.SetReadDeadline(time.Now().Add(l.Window))
			_ = rc.SetWriteDeadline(time.Now().Add(l.Window + pw.m.left()))
		}
		// The route pattern, never the path (it may hold an id) or the query.
		attrs := []any{"method", r.Method}
		if r.Pattern != "" {
			attrs = append(attrs, "route", r.Pattern)
		}
		attrs = append(attrs, "min_rate", l.MinRate, "window", l.Window.String())
		switch {
		case body != nil && body.slow.Load():
			log.Warn("client too slow: upload cut off", append(attrs, "bytes", body.n)...)
		case pw.slow:
			log.Warn("client too slow: download cut off", append(attrs, "status", pw.code, "bytes", pw.n)...)
		}
	})
}

// meter holds a client to quota bytes in each window of the time the
// server waits on it.
type meter struct {
	quota  int64
	window time.Duration
	n      int64         // bytes moved in this window
	busy   time.Duration // time waited in this window
}

// left is the time the client has to finish this window's quota.
func (m *meter) left() time.Duration { return m.window - m.busy }

// room is how many bytes are still due in this window.
func (m *meter) room() int64 { return m.quota - m.n }

// moved records n bytes moved in waited; a full quota starts a new window.
func (m *meter) moved(n int, waited time.Duration) {
	m.n += int64(n)
	m.busy += waited
	if m.n >= m.quota {
		m.n, m.busy = 0, 0
	}
}

// pacedBody is a request body read under a moving read deadline.
type pacedBody struct {
	body interface {
		Read([]byte) (int, error)
		Close() error
	}
	rc   *http.ResponseController
	m    meter
	n    int64
	eof  bool // read to its end
	slow atomic.Bool
}

func (b *pacedBody) Read(p []byte) (int, error) {
	if b.slow.Load() {
		return 0, ErrTooSlow
	}
	start := time.Now()
	_ = b.rc.SetReadDeadline(start.Add(b.m.left()))
	n, err := b.body.Read(p)
	// No deadline between reads: time the handler spends working is not
	// the client's (the server clears it too once the body is read).
	_ = b.rc.SetReadDeadline(time.Time{})
	b.m.moved(n, time.Since(start))
	b.n += int64(n)
	if err == io.EOF {
		b.eof = true
	}
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		b.slow.Store(true)
		return n, ErrTooSlow
	}
	return n, err
}

func (b *pacedBody) Close() error { return b.body.Close() }

// pacedWriter writes the response in pieces of at most a window's quota,
// each under a write deadline.
type pacedWriter struct {
	http.ResponseWriter
	rc          *http.ResponseController
	m           meter
	r           *http.Request
	body        *pacedBody
	code        int
	n           int64
	slow        bool // the client took too long: the response is cut off
	replaced    bool // the upload was too slow: 408 was sent instead
	wroteHeader bool
}

func (w *pacedWriter) WriteHeader(code int) {
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		w.ResponseWriter.WriteHeader(code) // informational: the real answer follows
		return
	}
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	if w.body != nil && w.body.slow.Load() {
		w.tooSlow()
		return
	}
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// tooSlow answers a too-slow upload, whatever the handler made of it.
func (w *pacedWriter) tooSlow() {
	w.replaced = true
	w.code = http.StatusRequestTimeout
	lang := i18n.FromRequest(w.r)
	h := w.ResponseWriter.Header()
	for k := range h {
		delete(h, k)
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Connection", "close")
	h.Set("Cache-Control", "no-store")
	w.ResponseWriter.WriteHeader(http.StatusRequestTimeout)
	_, _ = w.write([]byte(i18n.T(lang, "http.too_slow") + "\n"))
}

func (w *pacedWriter) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.replaced {
		return len(p), nil // the handler's answer to a cut-off upload is not sent
	}
	return w.write(p)
}

func (w *pacedWriter) write(p []byte) (int, error) {
	if w.slow {
		return 0, ErrTooSlow
	}
	written := 0
	for len(p) > 0 {
		k := min(int64(len(p)), w.m.room())
		start := time.Now()
		_ = w.rc.SetWriteDeadline(start.Add(w.m.left()))
		n, err := w.ResponseWriter.Write(p[:k])
		w.m.moved(n, time.Since(start))
		w.n += int64(n)
		written += n
		p = p[n:]
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				w.slow = true
			}
			return written, err
		}
	}
	return written, nil
}

// Flush sends what is buffered, under the deadline too.
func (w *pacedWriter) Flush() {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.m.left()))
	_ = w.rc.Flush()
}

// Unwrap lets http.ResponseController reach the connection.
func (w *pacedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
