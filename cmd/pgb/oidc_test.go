package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serveFor runs pgb serve with args until the test ends and returns its
// address.
func serveFor(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), func(k string) string { return env[k] }, nil, stdoutW, logs)
		stdoutW.Close()
	}()
	line, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("serve did not start: %v\n%s", err, logs.String())
	}
	go io.Copy(io.Discard, stdoutR)
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, "pgbportaal: ")), "/")
}

// TestDemoStartsTheIdentitySimulator: pgb serve -demo also runs the
// simulated identity provider; a newcomer clicks "Inloggen met DigiD",
// picks a demo person and lands in the portal as that person. Without
// -demo the simulator does not start and the portal shows no button.
func TestDemoStartsTheIdentitySimulator(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole portal")
	}
	dir := t.TempDir()
	addr, simAddr := freeAddr(t), freeAddr(t)
	env := map[string]string{"PGB_DATABASE": filepath.Join(dir, "pgb.db"), "PGB_FILES": dir, "PGB_SECURE_COOKIES": "false"}
	t.Run("with -demo", func(t *testing.T) {
		base := serveFor(t, env, "-demo", "-addr", addr, "-oidc-sim-addr", simAddr)
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		get := func(u string, form url.Values) (int, string, string) {
			t.Helper()
			var resp *http.Response
			var err error
			if form != nil {
				resp, err = c.PostForm(u, form)
			} else {
				resp, err = c.Get(u)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			loc := resp.Header.Get("Location")
			if loc != "" && !strings.HasPrefix(loc, "http") {
				r, _ := url.Parse(u)
				l, _ := r.Parse(loc)
				loc = l.String()
			}
			return resp.StatusCode, loc, string(b)
		}
		if code, _, body := get(base+"/inloggen", nil); code != 200 || !strings.Contains(body, "Inloggen met DigiD") {
			t.Fatalf("login page: %d", code)
		}
		code, loc, _ := get(base+"/inloggen/oidc/digid", nil)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "http://"+simAddr+"/authorize?") {
			t.Fatalf("to the simulator: %d %s", code, loc)
		}
		_, loc, _ = get(loc, nil)
		code, _, page := get(loc, nil)
		if code != 200 || !strings.Contains(page, "SIMULATOR") || !strings.Contains(page, "J. de Vries") {
			t.Fatalf("simulator page: %d %s", code, page)
		}
		id := regexp.MustCompile(`name="id" value="([^"]+)"`).FindStringSubmatch(page)
		_, loc, _ = get("http://"+simAddr+"/login", url.Values{"id": {id[1]}, "person": {"digid-vries"}})
		_, loc, _ = get(loc, nil) // the simulator's callback: to the portal
		_, loc, _ = get(loc, nil) // the portal's return
		code, _, home := get(base+"/", nil)
		if code != 200 || !strings.Contains(home, "Nog te besteden") || !strings.Contains(home, "Vries") {
			t.Fatalf("not logged in as J. de Vries (%s): %d %.300s", loc, code, home)
		}
	})
	t.Run("without -demo", func(t *testing.T) {
		base := serveFor(t, env, "-addr", addr, "-oidc-sim-addr", simAddr)
		resp, err := http.Get(base + "/inloggen")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), "idp-digid") {
			t.Fatal("a DigiD button without -demo and without an identity configuration")
		}
		if conn, err := net.DialTimeout("tcp", simAddr, time.Second); err == nil {
			conn.Close()
			t.Fatal("the simulator runs without -demo")
		}
	})
}
