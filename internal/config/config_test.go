package config

import (
	"io"
	"testing"
)

func TestParse(t *testing.T) {
	env := map[string]string{"PGB_ADDR": ":9000", "PGB_DEMO": "1", "PGB_DATABASE": "postgres://x/y"}
	c, _, err := Parse("serve", []string{"-addr", "127.0.0.1:1"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:1" || !c.Demo || !c.IsPostgres() || !c.SecureCookies {
		t.Errorf("flags over env over defaults broken: %+v", c)
	}
	c, _, _ = Parse("serve", nil, func(string) string { return "" }, io.Discard)
	if c != Defaults {
		t.Errorf("defaults: %+v", c)
	}
	if _, _, err := Parse("serve", []string{"-log", "xml"}, func(string) string { return "" }, io.Discard); err == nil {
		t.Error("bad log format accepted")
	}
}
