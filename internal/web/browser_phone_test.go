package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pgbportaal/pgbportaal/internal/browsertest"
	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// phonePageCheck says what does not fit the phone: the page scrolls
// sideways, a text shown as it is (<pre>) is wider than its box, or a caption of a table shown as cards is as wide as the
// cards (not squeezed to a word per line).
const phonePageCheck = `(() => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push("scrollWidth " + document.documentElement.scrollWidth + " > innerWidth " + window.innerWidth);
  }
  for (const c of document.querySelectorAll("table.table--stack caption:not(.visually-hidden)")) {
    const cw = c.getBoundingClientRect().width, tw = c.parentElement.getBoundingClientRect().width;
    if (cw < tw * 0.9) problems.push("caption " + JSON.stringify(c.textContent.trim()) + " " + Math.round(cw) + "px of " + Math.round(tw) + "px");
  }
  for (const pre of document.querySelectorAll("main pre:not(.code)")) {
    if (pre.scrollWidth > pre.clientWidth + 1) problems.push("a <pre> " + pre.scrollWidth + "px wide in " + pre.clientWidth + "px");
  }
  return problems.join("; ");
})()`

// pageLinks are the local links of the main content worth opening (no
// downloads, no language switch).
const pageLinks = `[...document.querySelectorAll("main a[href^='/']")].map(a => a.getAttribute("href"))`

var skipLink = regexp.MustCompile(`^/taal|/bestand$|/pdf$|\.csv$|\.json$|/bijlage/|/scan/|/bewijs$|#`)

// TestBrowserPhonePagesFitAndMenuFolds: for every demo role on a phone
// (390×844), the menu is folded behind a "Menu" button that opens it
// without JavaScript, and the role's main pages (its menu, and two levels
// of links from there) do not scroll sideways, with table captions whole,
// and none breaks WCAG 2.1 AA with a serious or critical violation
// (axe-core), in Dutch and in English.
func TestBrowserPhonePagesFitAndMenuFolds(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	for i, a := range demo.Accounts() {
		t.Run(fmt.Sprintf("%d-%s", i, a.Role), func(t *testing.T) {
			ctx, cancel := browsertest.NewContextTimeout(t, 390, 844, 10*time.Minute) // up to 80 pages with axe
			defer cancel()
			browserLogin(t, ctx, p, a)
			browsertest.Screenshot(t, ctx, "menu-closed")
			folded, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
			  const links = [...document.querySelectorAll(".site-nav__list a, .site-nav__list button")];
			  if (links.length < 3) return "only " + links.length + " menu items";
			  if (links.some(l => l.checkVisibility())) return "a menu item shows while the menu is folded";
			  const h = document.querySelector(".site-nav").getBoundingClientRect().height;
			  return h > 64 ? "the folded menu is " + h + "px high" : "";
			})()`))
			if err != nil || folded != "" {
				t.Errorf("menu on a phone: %s %v", folded, err)
			}
			if h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector(".site-nav").getBoundingClientRect().height`)); err == nil {
				t.Logf("folded menu: %.0f px high", h)
			}
			if has, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("nav-toggle") !== null`)); !has {
				t.Fatal("no menu button")
			}
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("nav-toggle"))); err != nil {
				t.Fatal(err)
			}
			open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll(".site-nav__list a, .site-nav__list button")].every(l => l.checkVisibility())`))
			if err != nil || !open {
				t.Errorf("the menu does not open: %v", err)
			}
			browsertest.Screenshot(t, ctx, "menu-open")
			nav, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".site-nav__list a")].map(a => a.getAttribute("href"))`))
			if err != nil {
				t.Fatal(err)
			}
			if a.Role == "beheerder" {
				nav = append(nav, "/beheer/uitgaande-mail")
			}
			// Every page reached, in Dutch and then in English: it fits the
			// phone and has no serious or critical WCAG 2.1 AA violation.
			for _, lang := range []string{"nl", "en"} {
				if lang == "en" {
					if err := chromedp.Do(ctx, chromedp.Navigate(p.srv.URL+"/taal?lang=en&terug=/")); err != nil {
						t.Fatal(err)
					}
				}
				seen := map[string]bool{}
				queue := nav
				for depth := 0; depth < 3 && len(queue) > 0; depth++ {
					var next []string
					for _, path := range queue {
						kind := regexp.MustCompile(`\d+`).ReplaceAllString(path, "N")
						if seen[kind] || skipLink.MatchString(path) || len(seen) >= 40 {
							continue
						}
						seen[kind] = true
						if err := chromedp.Do(ctx, chromedp.Navigate(p.srv.URL+path)); err != nil {
							t.Fatalf("open %s: %v", path, err)
						}
						problems, err := chromedp.Run(ctx, chromedp.Evaluate[string](phonePageCheck))
						if err != nil {
							t.Fatal(err)
						}
						if problems != "" {
							t.Errorf("%s (%s) on a phone: %s", path, lang, problems)
						}
						violations, err := browsertest.Axe(ctx)
						if err != nil {
							t.Fatalf("axe on %s: %v", path, err)
						}
						for _, v := range violations {
							t.Errorf("%s (%s): WCAG 2.1 AA: %s", path, lang, v)
						}
						browsertest.Screenshot(t, ctx, lang+strings.NewReplacer("/", "_", "?", "_", "=", "-", "&", "_").Replace(path))
						if depth < 2 {
							links, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](pageLinks))
							next = append(next, links...)
						}
					}
					queue = next
				}
				t.Logf("%s: %d pages", lang, len(seen))
				if len(seen) < 4 {
					t.Errorf("only %d pages opened", len(seen))
				}
			}
		})
	}
}

// TestBrowserDesktopMenuAndChart: on a desktop the menu is open without a
// button (a staff member's ten items take two rows at most), and the
// spending chart's month labels are of normal size and stand apart.
func TestBrowserDesktopMenuAndChart(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	for _, role := range []string{"verstrekker", "budgethouder"} {
		ctx, cancel := browsertest.NewContext(t, 1366, 900)
		browserLogin(t, ctx, p, demoAccount(t, role))
		menu, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		  if (document.getElementById("nav-toggle").checkVisibility()) return "the Menu button shows on a desktop";
		  const items = [...document.querySelectorAll(".site-nav__list > li")];
		  if (!items.every(li => li.checkVisibility())) return "a menu item is hidden";
		  const rows = new Set(items.map(li => Math.round(li.getBoundingClientRect().top)));
		  return rows.size > 2 ? "the menu takes " + rows.size + " rows" : "";
		})()`))
		if err != nil || menu != "" {
			t.Errorf("%s desktop menu: %s %v", role, menu, err)
		}
		browsertest.Screenshot(t, ctx, role+"-desktop")
		if role == "budgethouder" {
			labels, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
			  const texts = [...document.querySelectorAll("svg.chart text")].map(t => t.getBoundingClientRect());
			  if (texts.length < 6) return "only " + texts.length + " labels";
			  const out = [];
			  texts.forEach((r, i) => {
			    if (r.height > 24) out.push("label " + i + " is " + Math.round(r.height) + "px high");
			    texts.slice(i + 1).forEach((q, j) => {
			      // Apart by 4px at least: "jan '26feb" touched without overlapping.
			      if (r.left - 4 < q.right && q.left < r.right + 4 && r.top < q.bottom && q.top < r.bottom) out.push("labels " + i + " and " + (i + j + 1) + " run into each other");
			    });
			  });
			  return out.join("; ");
			})()`))
			if err != nil || labels != "" {
				t.Errorf("chart labels on a desktop: %s %v", labels, err)
			}
		}
		cancel()
	}
}
