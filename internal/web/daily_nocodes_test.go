package web_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestCitizenPagesShowNoCodes: every page a budget holder, a parent or a
// provider reaches from their overview (following links, both languages)
// shows dates and months in words and no internal codes: no ISO dates or
// months ("2026-11"), no hashes, no content types, no code elements, no
// state or action codes.
func TestCitizenPagesShowNoCodes(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	iso := regexp.MustCompile(`\b20\d\d-[01]\d(-[0-3]\d)?\b`)
	hash := regexp.MustCompile(`\b[0-9a-f]{40,64}\b`)
	codes := regexp.MustCompile(`\b(application/pdf|image/png|image/jpeg|SHA-256|bij_budgethouder|afgekeurd_bh|agreement\.[a-z_]+|declaration\.[a-z_]+|settlement\.[a-z_]+|[a-z]+_[a-z_]+_[a-z_]+)\b`)
	link := regexp.MustCompile(`href="(/[^"#]*)"`)
	tags := regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	for _, role := range []string{"budgethouder", "vertegenwoordiger"} {
		crawlCitizen(t, p, demoAccount(t, role).Email, false, iso, hash, codes, link, tags)
	}
	crawlCitizen(t, p, "zorgverlener@pgbportaal.demo", true, iso, hash, codes, link, tags)
	crawlCitizen(t, p, "zzp@pgbportaal.demo", true, iso, hash, codes, link, tags)
}

func crawlCitizen(t *testing.T, p *portal, email string, provider bool, iso, hash, codes, link, tags *regexp.Regexp) {
	t.Helper()
	var acc demo.Account
	for _, a := range demo.Accounts() {
		if a.Email == email {
			acc = a
		}
	}
	for _, lang := range []string{"nl", "en"} {
		c := p.client(t)
		c.login(acc)
		c.get("/taal?lang=" + lang + "&terug=/")
		seen := map[string]bool{}
		visited := 0
		queue := []string{"/"}
		for len(queue) > 0 && len(seen) < 80 {
			path := queue[0]
			queue = queue[1:]
			if seen[path] {
				continue
			}
			seen[path] = true
			visited++
			code, body := c.get(path)
			if code != 200 || !strings.Contains(body, "<html") || path == "/declaraties/bulk" { // the bulk page documents the CSV format
				continue
			}
			text := html.UnescapeString(tags.ReplaceAllString(body, " "))
			// The list filter's hint says how to type a month.
			text = strings.NewReplacer("Bijvoorbeeld 2026-10 voor", "", "For example 2026-10 for", "").Replace(text)
			checks := []*regexp.Regexp{iso, codes}
			if !provider {
				// A provider keeps the fingerprint of the terms it signed.
				checks = append(checks, hash)
			}
			for _, re := range checks {
				if m := re.FindString(text); m != "" {
					i := strings.Index(text, m)
					t.Errorf("%s (%s) %s shows %q: …%s…", email, lang, path, m, strings.Join(strings.Fields(text[max(0, i-80):min(len(text), i+60)]), " "))
				}
			}
			if strings.Contains(body, "<code") && !provider && path != "/tweestaps" { // the TOTP secret is typed over
				t.Errorf("%s (%s) %s shows a code element", email, lang, path)
			}
			for _, m := range link.FindAllStringSubmatch(body, -1) {
				u, err := url.Parse(html.UnescapeString(m[1]))
				if err != nil || skipCrawl(u.Path) {
					continue
				}
				if !seen[u.RequestURI()] {
					queue = append(queue, u.RequestURI())
				}
			}
		}
		if visited < 8 {
			t.Errorf("%s (%s) reached only %d pages", email, lang, visited)
		}
	}
}

// skipCrawl: downloads, logging out, switching language or role, and
// static files are not pages to read.
func skipCrawl(path string) bool {
	for _, p := range []string{"/static/", "/uitloggen", "/taal", "/rol", "/bijlage/", "/scan/", "/pdf", "/export", ".csv", "/bestand"} {
		if strings.Contains(path, p) {
			return true
		}
	}
	return false
}
