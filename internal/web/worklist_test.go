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

var workLink = regexp.MustCompile(`<li><a href="([^"]+)">([^<]+)</a></li>`)

// TestOverviewStartsWithTheWorkList: every demo role's overview starts with
// what waits for them, in both languages, and each item's link opens.
func TestOverviewStartsWithTheWorkList(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	for _, a := range demo.Accounts() {
		c := p.client(t) // one login (a TOTP code opens one), both languages
		c.login(a)
		for _, lang := range []string{"nl", "en"} {
			if lang == "en" {
				c.get("/taal?lang=en&terug=/")
			}
			code, body := c.get("/")
			if code != 200 {
				t.Fatalf("%s %s: overview %d", a.Email, lang, code)
			}
			i := strings.Index(body, "data-worklist")
			if i < 0 {
				t.Errorf("%s %s: the overview has no work list", a.Email, lang)
				continue
			}
			section := body[i:]
			section = section[:strings.Index(section, "</section>")]
			title := map[string]string{"nl": "Wat op u wacht", "en": "Waiting for you"}[lang]
			if !strings.Contains(section, title) {
				t.Errorf("%s %s: work list titled otherwise: %s", a.Email, lang, section)
			}
			items := workLink.FindAllStringSubmatch(section, -1)
			if len(items) == 0 && a.Role == "vertegenwoordiger" {
				t.Errorf("%s %s: nothing waits for the parent: %s", a.Email, lang, section)
			}
			for _, m := range items {
				link, text := html.UnescapeString(m[1]), m[2]
				if strings.Contains(text, "work.") || strings.Contains(text, "%!") {
					t.Errorf("%s %s: item text %q", a.Email, lang, text)
				}
				if code, _ := c.get(link); code != 200 {
					t.Errorf("%s %s: %q links to %s, which answers %d", a.Email, lang, text, link, code)
				}
			}
		}
	}
}

// TestProviderDetailsPage: a provider reads its own details (an institution
// its AGB and KvK) in both languages, and a wrong IBAN is refused at the
// field with what was typed kept.
func TestProviderDetailsPage(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c := p.client(t)
	c.login(demoAccount(t, "zorgverlener"))
	code, body := c.get("/gegevens")
	if code != 200 || !strings.Contains(body, "01234567") || !strings.Contains(body, "34567890") || !strings.Contains(body, "NL61 SNSB 0987 6543 21") {
		t.Fatalf("details: %d\n%s", code, body)
	}
	code, _, body = c.post("/gegevens", url.Values{"email": {"administratie@thuiszorgmidden.demo"}, "iban": {"NL61 SNSB 0987 6543 22"}, "secret": {"x"}})
	if code != 422 || !strings.Contains(body, `value="NL61 SNSB 0987 6543 22"`) || !strings.Contains(body, "f-iban-error") {
		t.Errorf("a wrong IBAN: %d\n%s", code, body)
	}
	if strings.Contains(body, `name="secret" value="x"`) {
		t.Error("the password is shown again")
	}
	c.get("/taal?lang=en&terug=/gegevens")
	if code, body := c.get("/gegevens"); code != 200 || !strings.Contains(body, "My details") {
		t.Errorf("in English: %d", code)
	}
}
