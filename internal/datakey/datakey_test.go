package datakey

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	k, text := Generate()
	other, _ := Generate()
	if p, err := Parse(text); err != nil || p.ID() != k.ID() {
		t.Fatalf("parse: %v", err)
	}
	s := k.Seal("budget_holders.bsn", "123456782")
	if strings.Contains(s, "123456782") || !IsSealed(s) || KeyID(s) != k.ID() || s == k.Seal("budget_holders.bsn", "123456782") {
		t.Errorf("sealed: %q", s)
	}
	if v, err := k.Open("budget_holders.bsn", s); err != nil || v != "123456782" {
		t.Errorf("open: %q %v", v, err)
	}
	if _, err := k.Open("accounts.totp_secret", s); err == nil {
		t.Error("opened for another column")
	}
	if _, err := other.Open("budget_holders.bsn", s); !errors.Is(err, ErrOtherKey) {
		t.Errorf("another key: %v", err)
	}
	bad := []byte(s)
	bad[len(bad)-2] ^= 1
	if _, err := k.Open("budget_holders.bsn", string(bad)); err == nil {
		t.Error("a changed value opened")
	}
	h, again := k.Hash("123456782"), k.Hash("123456782")
	if string(h) != string(again) || string(h) == string(other.Hash("123456782")) {
		t.Error("the hash is not keyed")
	}
	for _, in := range []string{"", "abc", "c2hvcnQ="} {
		if _, err := Parse(in); err == nil {
			t.Errorf("parsed %q", in)
		}
	}
}

func TestCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k")
	k, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode())
	}
	if l, err := Load(path); err != nil || l.ID() != k.ID() {
		t.Errorf("load: %v", err)
	}
	if _, err := Create(path); err == nil {
		t.Error("an existing key file was overwritten")
	}
}
