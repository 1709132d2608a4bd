package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The container's health check passes on a 200 and fails otherwise: on
// another status, and when nothing listens.
func TestHealthcheck(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	env := map[string]string{"PGB_ADDR": addr}
	if out, err := pgb(t, env, "", "healthcheck"); err != nil || !strings.Contains(out, "ok") {
		t.Errorf("healthy server: %v %s", err, out)
	}
	// A wildcard listen address is asked on loopback.
	_, port, _ := strings.Cut(addr, ":")
	if out, err := pgb(t, map[string]string{"PGB_ADDR": "0.0.0.0:" + port}, "", "healthcheck"); err != nil {
		t.Errorf("wildcard address: %v %s", err, out)
	}
	status = http.StatusServiceUnavailable
	if out, err := pgb(t, env, "", "healthcheck"); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("unhealthy server passed: %v %s", err, out)
	}
	srv.Close()
	if _, err := pgb(t, env, "", "healthcheck", "-timeout", "1s"); err == nil {
		t.Error("no server, yet healthy")
	}
}
