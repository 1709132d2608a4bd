package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"time"
)

// healthcheck asks a running pgb serve whether it is up: GET /healthz (or
// -url, e.g. /readyz) answered 200 within -timeout. It is the container's
// HEALTHCHECK, where the image has no shell and no curl.
func healthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pgb healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := getenv("PGB_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	u := fs.String("url", "", "address to ask (default http://<PGB_ADDR>/healthz, a wildcard host asked on 127.0.0.1)")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *u == "" {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return fmt.Errorf("PGB_ADDR %q: %w", addr, err)
		}
		if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
			host = "127.0.0.1"
		}
		*u = "http://" + net.JoinHostPort(host, port) + "/healthz"
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("not healthy: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not healthy: %s answered %s", *u, resp.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

// buildVersion is the version set at build time (-ldflags -X main.version),
// else the module's version and commit from Go's build information.
func buildVersion() string {
	if version != "dev" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	v := info.Main.Version
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if v == "" || v == "(devel)" {
			return "dev-" + rev + dirty
		}
		return v + " (" + rev + dirty + ")"
	}
	if v != "" && v != "(devel)" {
		return v
	}
	return version
}
