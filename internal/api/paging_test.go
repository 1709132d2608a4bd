package api

import (
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestListsPageByLinks: a list read page by page through _links.next holds
// the same items, in the same order, as the list read in one page; other
// query parameters stay in the links, and the last page has no next.
func TestListsPageByLinks(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	zzp := f.token("zzp@pgbportaal.demo", "")
	svb := f.token("medewerker@svb.demo", "")
	for _, c := range []struct{ token, path string }{
		{zzp, "/api/v1/tariffs?law=wlz"},
		{f.token("budgethouder@pgbportaal.demo", ""), "/api/v1/inbox"},
		{svb, "/api/v1/payruns"},
	} {
		whole := f.do("GET", c.path+sep(c.path)+"pageSize=200", c.token, "")
		all := whole.body["items"].([]any)
		if len(all) < 3 {
			t.Fatalf("%s: %d items, too few to page", c.path, len(all))
		}
		var paged []any
		href, pages := c.path+sep(c.path)+"pageSize=2", 0
		for href != "" && pages < 200 {
			r := f.do("GET", href, c.token, "")
			pages++
			paged = append(paged, r.body["items"].([]any)...)
			links := r.body["_links"].(map[string]any)
			href = ""
			if next, ok := links["next"].(map[string]any); ok {
				href = next["href"].(string)
			}
		}
		if len(paged) != len(all) || pages != (len(all)+1)/2 {
			t.Errorf("%s: %d items in %d pages, want %d", c.path, len(paged), pages, len(all))
			continue
		}
		for i := range all {
			if a, b := all[i].(map[string]any), paged[i].(map[string]any); a["id"] != b["id"] {
				t.Errorf("%s: item %d is %v in one page, %v paged", c.path, i, a["id"], b["id"])
			}
		}
	}
}

func sep(path string) string {
	for _, c := range path {
		if c == '?' {
			return "&"
		}
	}
	return "?"
}
