package config

import (
	"io"
	"os"
	"path/filepath"
	"strings"
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
	if _, _, err := Parse("serve", []string{"-smtp-starttls", "maybe"}, func(string) string { return "" }, io.Discard); err == nil {
		t.Error("bad STARTTLS mode accepted")
	}
	if _, _, err := Parse("serve", []string{"-tls-cert", "c.pem"}, func(string) string { return "" }, io.Discard); err == nil {
		t.Error("a certificate without its key accepted")
	}
	env = map[string]string{"PGB_DATA_KEY": "a2V5"}
	if c, _, err := Parse("serve", nil, func(k string) string { return env[k] }, io.Discard); err != nil || c.DataKey != "a2V5" || c.KeyFile() != "pgb.db.key" {
		t.Errorf("data key from the environment: %v %+v", err, c)
	}
	if _, _, err := Parse("serve", []string{"-data-key-file", "k"}, func(k string) string { return env[k] }, io.Discard); err == nil {
		t.Error("a data key both in the environment and in a file accepted")
	}
	if c, _, _ := Parse("serve", []string{"-database", "postgres://x/y"}, func(string) string { return "" }, io.Discard); c.KeyFile() != "" {
		t.Error("a key file made up for PostgreSQL")
	}
	env = map[string]string{"PGB_SMTP_HOST": "mail.example.nl", "PGB_SMTP_PORT": "2525", "PGB_SMTP_PASSWORD": "geheim"}
	c, _, err = Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil || c.SMTPHost != "mail.example.nl" || c.SMTPPort != 2525 || c.SMTPPassword != "geheim" {
		t.Errorf("smtp from the environment: %v %+v", err, c)
	}
}

// TestDebtor: the paying account comes from the environment or flags, is
// checked, and the demo has its own when none is configured.
func TestDebtor(t *testing.T) {
	none := func(string) string { return "" }
	env := map[string]string{"PGB_DEBTOR_NAME": "Sociale Verzekeringsbank", "PGB_DEBTOR_IBAN": "NL91ABNA0417164300", "PGB_DEBTOR_BIC": "ABNANL2A"}
	c, _, err := Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if name, iban, bic := c.Debtor(); err != nil || name != "Sociale Verzekeringsbank" || iban != "NL91ABNA0417164300" || bic != "ABNANL2A" {
		t.Errorf("debtor from the environment: %v %q %q %q", err, name, iban, bic)
	}
	c, _, err = Parse("serve", []string{"-debtor-iban", "NL02ABNA0123456789", "-debtor-bic", ""}, func(k string) string { return env[k] }, io.Discard)
	if _, iban, bic := c.Debtor(); err != nil || iban != "NL02ABNA0123456789" || bic != "" {
		t.Errorf("flags over the environment: %v %q %q", err, iban, bic)
	}
	c, _, _ = Parse("serve", []string{"-demo"}, none, io.Discard)
	if name, iban, _ := c.Debtor(); name != DemoDebtor[0] || iban != DemoDebtor[1] {
		t.Errorf("the demo's own account: %q %q", name, iban)
	}
	c, _, _ = Parse("serve", nil, none, io.Discard)
	if _, iban, _ := c.Debtor(); iban != "" {
		t.Errorf("an account made up without configuration: %q", iban)
	}
	for _, args := range [][]string{
		{"-debtor-name", "SVB", "-debtor-iban", "NL91ABNA0417164301"},                            // check digits
		{"-debtor-iban", "NL91ABNA0417164300"},                                                   // no name
		{"-debtor-name", "SVB", "-debtor-iban", "NL91ABNA0417164300", "-debtor-bic", "abnanl2a"}, // not a BIC
	} {
		if _, _, err := Parse("serve", args, none, io.Discard); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
}

// TestOperatingOptions: the pool size, the instance tag, the metrics token
// and the client certificate header come from the environment or flags and
// are checked; a client CA without HTTPS is taken only behind a trusted
// proxy that passes the certificate.
func TestOperatingOptions(t *testing.T) {
	none := func(string) string { return "" }
	c, _, err := Parse("serve", nil, none, io.Discard)
	if err != nil || c.DBMaxConns != 20 || c.ClientCertHdr != "X-Client-Cert" || c.MetricsToken != "" {
		t.Fatalf("defaults: %v %+v", err, c)
	}
	env := map[string]string{"PGB_DB_MAX_CONNS": "7", "PGB_INSTANCE": "web-3", "PGB_METRICS_TOKEN": "t0k", "PGB_CLIENT_CERT_HEADER": "X-SSL-Client-Cert"}
	c, _, err = Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil || c.DBMaxConns != 7 || c.InstanceName() != "web-3" || c.MetricsToken != "t0k" || c.ClientCertHdr != "X-SSL-Client-Cert" {
		t.Errorf("from the environment: %v %+v", err, c)
	}
	c, _, _ = Parse("serve", []string{"-addr", "0.0.0.0:8443"}, none, io.Discard)
	if !strings.HasSuffix(c.InstanceName(), ":8443") {
		t.Errorf("default instance tag %q", c.InstanceName())
	}
	for _, args := range [][]string{
		{"-db-max-conns", "0"},
		{"-client-cert-header", "X Client Cert"},
		{"-client-ca", "ca.pem"}, // no HTTPS and no proxy
		{"-client-ca", "ca.pem", "-trusted-proxies", "10.0.0.1", "-client-cert-header", "off"},
	} {
		if _, _, err := Parse("serve", args, none, io.Discard); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
	if _, _, err := Parse("serve", []string{"-db-max-conns", "x"}, func(k string) string { return map[string]string{"PGB_DB_MAX_CONNS": "many"}[k] }, io.Discard); err == nil {
		t.Error("PGB_DB_MAX_CONNS=many accepted")
	}
	if _, _, err := Parse("serve", []string{"-client-ca", "ca.pem", "-trusted-proxies", "10.0.0.1"}, none, io.Discard); err != nil {
		t.Errorf("a client CA behind a trusted proxy: %v", err)
	}
}

// The identity providers' file: the client secret comes from its own
// file (relative to the configuration), unknown fields and a bad
// configuration are refused at start.
func TestLoadIdentity(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("secret", "s3cret\n")
	good := write("good.json", `{"providers": [{"name": "digid", "label": "DigiD", "kind": "digid", "issuer": "https://broker.example/", "client_id": "pgb",
		"client_secret_file": "secret", "claims": {"bsn": "sub"}}], "password_login_off": ["budgethouder"]}`)
	ic, err := LoadIdentity(good)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := ic.Provider("digid")
	if !ok || p.ClientSecret != "s3cret" || p.Claims.BSN != "sub" || p.Claims.KvK != "kvk" || ic.PasswordAllowed("budgethouder") {
		t.Fatalf("loaded %+v", ic)
	}
	if ic, err := LoadIdentity(""); ic != nil || err != nil {
		t.Fatalf("no file: %v %v", ic, err)
	}
	for name, body := range map[string]string{
		"unknown.json":   `{"providers": [{"name": "digid", "kind": "digid", "issuer": "https://x/", "client_id": "pgb", "secret": "inline"}]}`,
		"nosecret.json":  `{"providers": [{"name": "digid", "kind": "digid", "issuer": "https://x/", "client_id": "pgb", "client_secret_file": "missing"}]}`,
		"plainhttp.json": `{"providers": [{"name": "digid", "kind": "digid", "issuer": "http://broker.example/", "client_id": "pgb"}]}`,
	} {
		if _, err := LoadIdentity(write(name, body)); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}
