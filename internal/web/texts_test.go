package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/i18n"
)

// TestEveryTextExistsInBothLanguages finds each literal text key used by the
// templates and the Go code of the pages, and checks it has a Dutch and an
// English text, so no page shows a bare key.
func TestEveryTextExistsInBothLanguages(t *testing.T) {
	keyInTemplate := regexp.MustCompile(`\.T "([a-z_.]+)"`)
	keyInGo := regexp.MustCompile(`(?:flash\(w, |i18n\.T\([a-zA-Z.]+, )"([a-z_.]+)"`)
	seen := map[string]bool{}
	_ = fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if d.IsDir() || strings.HasPrefix(filepath.Base(p), "_") {
			return nil
		}
		b, _ := templateFS.ReadFile(p)
		for _, m := range keyInTemplate.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
		return nil
	})
	goFiles, _ := filepath.Glob("*.go")
	serviceFiles, _ := filepath.Glob("../service/*.go")
	goFiles = append(goFiles, serviceFiles...)
	noticeKey := regexp.MustCompile(`"(notice\.[a-z_]+)"`)
	for _, f := range serviceFiles {
		b, _ := os.ReadFile(f)
		for _, m := range noticeKey.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
	}
	for _, f := range goFiles {
		b, _ := os.ReadFile(f)
		for _, m := range keyInGo.FindAllStringSubmatch(string(b), -1) {
			if strings.HasSuffix(m[1], ".") {
				continue // a prefix completed at run time
			}
			seen[m[1]] = true
		}
	}
	if len(seen) < 100 {
		t.Fatalf("found only %d keys; the pattern is broken", len(seen))
	}
	for k := range seen {
		if !i18n.Has(k) {
			t.Errorf("text %q is used but has no translation", k)
			continue
		}
		if nl, en := i18n.T("nl", k), i18n.T("en", k); nl == "" || en == "" || nl == k {
			t.Errorf("text %q lacks a language: %q / %q", k, nl, en)
		}
	}
}
