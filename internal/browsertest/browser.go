// Package browsertest is the harness for tests that drive the portal with a
// real headless Chromium through chromedp.
//
// A test calls NewContext to get a chromedp context for a fresh browser with
// the requested viewport, then runs chromedp actions on it:
//
//	ctx, cancel := browsertest.NewContext(t, 390, 844) // phone
//	defer cancel()
//	err := chromedp.Do(ctx, chromedp.Navigate(srv.URL), ...)
//
// Chromium is found via $PGB_CHROMIUM, /usr/bin/chromium or $PATH. Without it
// the test is skipped, except under CI=true where it fails: CI must never
// silently skip the browser tests (.ci/run installs Chromium).
package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Timeout bounds the chromedp actions of one NewContext.
const Timeout = 60 * time.Second

// MobileWidth is the viewport width below which NewContext emulates a phone
// (mobile viewport, touch, device scale factor 2).
const MobileWidth = 600

// FindChromium returns the path of the Chromium binary to use, or "" if none
// is available. An explicitly set PGB_CHROMIUM wins: when it points to a
// missing or non-executable file, FindChromium returns "" and does not fall
// back to other locations.
func FindChromium() string {
	if p, ok := os.LookupEnv("PGB_CHROMIUM"); ok && p != "" {
		if isExecutable(p) {
			return p
		}
		return ""
	}
	if isExecutable("/usr/bin/chromium") {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// NewContext starts a fresh headless Chromium (own profile in t.TempDir())
// and returns a chromedp context for its first tab with a width x height
// viewport. Widths below MobileWidth are emulated as a phone, so CSS media
// queries and window.innerWidth see a mobile device (the page needs a
// <meta name="viewport" content="width=device-width, initial-scale=1">, like
// on a real phone).
//
// The context expires after Timeout. The browser is stopped in t.Cleanup;
// the returned cancel func only ends the context early. Console errors and
// uncaught exceptions of the page are written to t.Log.
func NewContext(t testing.TB, width, height int) (context.Context, context.CancelFunc) {
	t.Helper()
	return NewContextTimeout(t, width, height, Timeout)
}

// NewContextTimeout is NewContext with a context that expires after d, for
// a test that walks many pages in one browser (a crawl takes longer on a
// busy machine than one flow does).
func NewContextTimeout(t testing.TB, width, height int, d time.Duration) (context.Context, context.CancelFunc) {
	t.Helper()
	path := FindChromium()
	if path == "" {
		msg := "chromium not installed"
		if p := os.Getenv("PGB_CHROMIUM"); p != "" {
			msg = fmt.Sprintf("chromium not found: PGB_CHROMIUM=%q is not an executable file", p)
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s (CI=true: browser tests must not be skipped; .ci/run installs chromium and sets PGB_CHROMIUM)", msg)
		}
		t.Skipf("%s; run .ci/run or apt-get install chromium", msg)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	out := &limitedBuffer{max: 64 << 10}
	opts = append(opts, chromedp.CombinedOutput(out))

	logger := &testLogger{t: t}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, browserCancel := chromedp.NewContext(allocCtx,
		chromedp.WithErrorf(func(format string, args ...any) {
			logger.Logf("chromedp: "+format, args...)
		}),
	)

	// Start the browser with a context without deadline: the first Run binds
	// the browser's lifetime to its context.
	if err := chromedp.Do(browserCtx); err != nil {
		browserCancel()
		allocCancel()
		logger.close()
		t.Fatalf("starting chromium %s: %v\nchromium output:\n%s", path, err, out.String())
	}

	// Forward console errors / uncaught exceptions to t.Log until cleanup.
	consoleCtx, consoleCancel := context.WithCancel(browserCtx)
	consoleDone := make(chan struct{})
	messages := chromedp.Console(consoleCtx)
	go func() {
		defer close(consoleDone)
		for m, err := range messages {
			if err != nil {
				return
			}
			if (m.Type == chromedp.ConsoleError && !strings.HasSuffix(m.URL, "/favicon.ico")) || m.IsException() {
				where := ""
				if m.URL != "" {
					where = fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
				}
				logger.Logf("browser console %s%s", m, where)
			}
		}
	}()

	ctx, cancel := context.WithTimeout(browserCtx, d)
	t.Cleanup(func() {
		cancel()
		consoleCancel()
		<-consoleDone
		browserCancel()
		allocCancel() // waits for the browser process to exit, before t.TempDir is removed
		logger.close()
	})

	vp := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if width < MobileWidth {
		vp = []chromedp.EmulateViewportOption{
			chromedp.EmulateScale(2),
			chromedp.EmulateMobile,
			chromedp.EmulateTouch,
			chromedp.EmulatePortrait,
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height), vp...)); err != nil {
		t.Fatalf("emulating %dx%d viewport: %v", width, height, err)
	}
	return ctx, cancel
}

// Screenshot saves a full-page PNG screenshot of the current page to
// $PGB_SCREENSHOTS/<test name>_<name>.png, for humans to look at. Without
// PGB_SCREENSHOTS it does nothing. Failures are logged, not fatal.
func Screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("PGB_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %q: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("screenshot %q: %v", name, err)
		return
	}
	file := filepath.Join(dir, sanitize(t.Name()+"_"+name)+".png")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		t.Logf("screenshot %q: %v", name, err)
		return
	}
	t.Logf("screenshot written to %s", file)
}

func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
}

// limitedBuffer keeps the first max bytes written to it; safe for concurrent use.
type limitedBuffer struct {
	mu  sync.Mutex
	max int
	buf bytes.Buffer
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.max - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (b *limitedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testLogger forwards to t.Logf until closed; logging on a finished test panics,
// and chromedp may report errors from its own goroutines late.
type testLogger struct {
	mu     sync.Mutex
	t      testing.TB
	closed bool
}

func (l *testLogger) Logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		l.t.Logf(format, args...)
	}
}

func (l *testLogger) close() {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
}
