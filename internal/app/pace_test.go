//go:build linux

package app

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// These tests run a real server on a real socket with small socket
// buffers, so that a slow client really holds the server up, at a short
// scale: a minimum rate of 32 KB/s over a window of 1 s. What is true at
// that scale is true at 1 KB/s over 30 s: the server no longer has a time
// for the whole request, only a rate.

var testLimits = Limits{HeaderTimeout: time.Second, IdleTimeout: 10 * time.Second, MinRate: 32 << 10, Window: time.Second}

const smallBuffer = 16 << 10 // socket buffers, both ends

func smallBuffers(network, address string, c syscall.RawConn) error {
	var serr error
	err := c.Control(func(fd uintptr) {
		if serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_SNDBUF, smallBuffer); serr != nil {
			return
		}
		serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, smallBuffer)
	})
	if err != nil {
		return err
	}
	return serr
}

// syncBuffer is a log that the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits up to d for the log to contain want.
func (s *syncBuffer) waitFor(want string, d time.Duration) bool {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		if strings.Contains(s.String(), want) {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// startServer serves h as pgb serve does (NewServer), with l.
func startServer(t *testing.T, h http.Handler, l Limits) (addr string, log *syncBuffer) {
	t.Helper()
	lc := net.ListenConfig{Control: smallBuffers}
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log = &syncBuffer{}
	srv := NewServer("", h, l, slog.New(slog.NewTextHandler(log, nil)))
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), log
}

// dial connects with small socket buffers, as a phone's slow link keeps
// little in flight.
func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{Control: smallBuffers}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func randomBytes(t *testing.T, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// throttled reads or writes at about rate bytes per second.
type throttle struct {
	rate  int
	start time.Time
	n     int
}

func (th *throttle) wait(n int) {
	if th.start.IsZero() {
		th.start = time.Now()
	}
	th.n += n
	if d := time.Until(th.start.Add(time.Duration(float64(th.n) / float64(th.rate) * float64(time.Second)))); d > 0 {
		time.Sleep(d)
	}
}

type slowReader struct {
	r  io.Reader
	th throttle
}

func (s *slowReader) Read(p []byte) (int, error) {
	if len(p) > 4096 {
		p = p[:4096]
	}
	n, err := s.r.Read(p)
	s.th.wait(n)
	return n, err
}

// fileHandler serves data as a download, with its length, in the pieces
// http.ServeContent uses.
func fileHandler(data []byte, wrote *error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		_, err := io.CopyBuffer(w, bytes.NewReader(data), make([]byte, 32<<10))
		if wrote != nil {
			*wrote = err
		}
	})
}

// uploadHandler takes a file of at most 4 MiB as the API does: a read
// error is answered as too large, as the handlers did when the server's
// read timeout cut a slow upload off. It answers the file's SHA-256.
func uploadHandler(work time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4<<20))
		if err != nil {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		time.Sleep(work) // the service works on it: no client's time
		if r.Context().Err() != nil {
			http.Error(w, "request cancelled while working", http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "%x", sha256.Sum256(data))
	})
}

// A download read slowly but above the minimum rate comes in whole, though
// it takes several windows: there is no time for the whole response.
func TestSlowDownloadCompletesIntact(t *testing.T) {
	data := randomBytes(t, 2<<20)
	addr, log := startServer(t, fileHandler(data, nil), testLimits)
	c := dial(t, addr)
	start := time.Now()
	fmt.Fprintf(c, "GET /betaalbestand HTTP/1.1\r\nHost: x\r\n\r\n")
	res, err := http.ReadResponse(bufio.NewReader(&slowReader{r: c, th: throttle{rate: 512 << 10}}), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(res.Body)
	took := time.Since(start)
	if err != nil {
		t.Fatalf("download broke off after %d of %d bytes in %v: %v", len(got), len(data), took, err)
	}
	if sha256.Sum256(got) != sha256.Sum256(data) {
		t.Fatalf("download differs: %d of %d bytes", len(got), len(data))
	}
	if took < 3*testLimits.Window {
		t.Fatalf("download took %v: too fast to show that a response may outlast the window of %v", took, testLimits.Window)
	}
	if strings.Contains(log.String(), "too slow") {
		t.Fatalf("an honest client was logged as too slow:\n%s", log)
	}
	t.Logf("%d bytes at about 512 KB/s in %v, minimum rate %d B/s", len(got), took, testLimits.MinRate)
}

// An upload sent slowly but above the minimum rate is taken whole, and a
// handler that then works longer than the window is not interrupted.
func TestSlowUploadIsAccepted(t *testing.T) {
	data := randomBytes(t, 2<<20)
	addr, _ := startServer(t, uploadHandler(2*testLimits.Window), testLimits)
	c := dial(t, addr)
	start := time.Now()
	fmt.Fprintf(c, "POST /api/v1/declarations/1/attachments HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", len(data))
	w := &throttle{rate: 512 << 10}
	for p := data; len(p) > 0; {
		k := min(len(p), 4096)
		if _, err := c.Write(p[:k]); err != nil {
			t.Fatalf("upload broke off after %d bytes: %v", len(data)-len(p), err)
		}
		w.wait(k)
		p = p[k:]
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("slow upload under the limit answered %d %s", res.StatusCode, body)
	}
	if want := fmt.Sprintf("%x", sha256.Sum256(data)); string(body) != want {
		t.Fatalf("upload arrived different: sha256 %s, sent %s", body, want)
	}
	if took := time.Since(start); took < 3*testLimits.Window {
		t.Fatalf("upload took %v: too fast to show that a request may outlast the window", took)
	}
}

// A client that stops sending, or sends below the minimum rate, is cut
// off within the window and told so with 408 (not 413: the file is not too
// large), and the cut is logged without the path.
func TestTooSlowUploadIsCutOff(t *testing.T) {
	for _, tc := range []struct {
		name string
		rate int // bytes per second after the first 64 KiB; 0: stops
	}{{"stalls", 0}, {"trickles below the minimum", int(testLimits.MinRate / 4)}} {
		t.Run(tc.name, func(t *testing.T) {
			addr, log := startServer(t, uploadHandler(0), testLimits)
			c := dial(t, addr)
			fmt.Fprintf(c, "POST /api/v1/declarations/123/attachments HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nContent-Length: %d\r\n\r\n", 1<<20)
			if _, err := c.Write(randomBytes(t, 64<<10)); err != nil {
				t.Fatal(err)
			}
			slowed := time.Now()
			stop := make(chan struct{})
			defer close(stop)
			if tc.rate > 0 {
				go func() {
					th := throttle{rate: tc.rate}
					for {
						select {
						case <-stop:
							return
						default:
						}
						if _, err := c.Write(make([]byte, 512)); err != nil {
							return
						}
						th.wait(512)
					}
				}()
			}
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			res, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatalf("no answer to a too-slow upload: %v", err)
			}
			body, _ := io.ReadAll(res.Body)
			took := time.Since(slowed)
			if res.StatusCode != http.StatusRequestTimeout {
				t.Fatalf("too-slow upload answered %d %q, want 408", res.StatusCode, body)
			}
			if !strings.Contains(string(body), "too slow") {
				t.Errorf("the answer does not say why: %q", body)
			}
			if limit := 2*testLimits.Window + 500*time.Millisecond; took > limit {
				t.Errorf("cut off after %v, later than %v", took, limit)
			}
			if !log.waitFor("upload cut off", time.Second) {
				t.Fatalf("the cut is not logged:\n%s", log)
			}
			if strings.Contains(log.String(), "/123/") {
				t.Errorf("the log names the path:\n%s", log)
			}
		})
	}
}

// A client that stops reading a download is cut off within the window:
// the server stops writing, logs it, and the client sees that the file is
// incomplete (fewer bytes than its length), never a whole-looking file.
func TestStalledDownloadIsCutOff(t *testing.T) {
	data := randomBytes(t, 8<<20)
	var wrote error
	done := make(chan struct{})
	h := fileHandler(data, &wrote)
	addr, log := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		h.ServeHTTP(w, r)
	}), testLimits)
	c := dial(t, addr)
	fmt.Fprintf(c, "GET /betaalbestand HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(res.Body, make([]byte, 64<<10)); err != nil {
		t.Fatal(err)
	}
	stalled := time.Now()
	select {
	case <-done:
	case <-time.After(5 * testLimits.Window):
		t.Fatalf("the server still writes %v after the client stopped reading", 5*testLimits.Window)
	}
	if took := time.Since(stalled); took > 2*testLimits.Window+500*time.Millisecond {
		t.Errorf("cut off after %v", took)
	}
	if !errors.Is(wrote, ErrTooSlow) && wrote == nil {
		t.Errorf("the handler's write did not fail: %v", wrote)
	}
	if !log.waitFor("download cut off", time.Second) {
		t.Fatalf("the cut is not logged:\n%s", log)
	}
	rest, err := io.ReadAll(res.Body)
	if err == nil || 64<<10+len(rest) >= len(data) {
		t.Fatalf("the client got %d of %d bytes without an error (%v): a cut-off file looks whole", 64<<10+len(rest), len(data), err)
	}
}

// Headers sent slowly (slowloris) are still cut off by the header timeout.
func TestSlowHeadersAreCutOff(t *testing.T) {
	addr, _ := startServer(t, fileHandler([]byte("ok"), nil), testLimits)
	c := dial(t, addr)
	start := time.Now()
	fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n")
	go func() {
		for i := 0; i < 100; i++ {
			if _, err := fmt.Fprintf(c, "X-%d: y\r\n", i); err != nil {
				return
			}
			time.Sleep(100 * time.Millisecond) // far above any byte rate, but never done
		}
	}()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err := io.ReadAll(c)
	took := time.Since(start)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the connection is still open after %v", took)
	}
	if took > testLimits.HeaderTimeout+time.Second {
		t.Fatalf("closed after %v, header timeout %v", took, testLimits.HeaderTimeout)
	}
}

// A keep-alive connection serves its next request after a pause longer
// than the window: no deadline of the first request is left behind.
func TestKeepAliveAfterPause(t *testing.T) {
	addr, _ := startServer(t, fileHandler(randomBytes(t, 256<<10), nil), testLimits)
	c := dial(t, addr)
	br := bufio.NewReader(c)
	for i := range 2 {
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		if n, err := io.Copy(io.Discard, res.Body); err != nil || n != 256<<10 {
			t.Fatalf("request %d: %d bytes, %v", i+1, n, err)
		}
		time.Sleep(testLimits.Window + 500*time.Millisecond)
	}
}

// A body that is really too large is still refused as too large: 413 is
// for size, 408 for pace.
func TestOversizeUploadStill413(t *testing.T) {
	addr, log := startServer(t, uploadHandler(0), testLimits)
	c := dial(t, addr)
	data := randomBytes(t, 5<<20)
	fmt.Fprintf(c, "POST /api/v1/declarations/1/attachments HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", len(data))
	go c.Write(data)
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("a 5 MiB body over a 4 MiB limit answered %d", res.StatusCode)
	}
	if strings.Contains(log.String(), "too slow") {
		t.Fatalf("a fast client was logged as too slow:\n%s", log)
	}
}

// A client that stalls in a body the handler did not read (the server
// reads up to 256 KiB of it afterwards, to keep the connection) is
// dropped, not held on to without end.
func TestStallInUnreadBodyIsDropped(t *testing.T) {
	addr, _ := startServer(t, fileHandler([]byte("refused"), nil), testLimits)
	c := dial(t, addr)
	fmt.Fprintf(c, "POST /inloggen HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", 100<<10)
	c.Write(make([]byte, 10<<10))
	start := time.Now()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(res.Body); res.StatusCode != 200 || string(b) != "refused" {
		t.Fatalf("the answer did not come: %d %q", res.StatusCode, b)
	}
	_, err = br.ReadByte() // the server closes the connection
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the connection is held open %v after the answer", time.Since(start).Round(time.Millisecond))
	}
	if took := time.Since(start); took > testLimits.Window+time.Second {
		t.Errorf("dropped after %v", took)
	}
}
