package api

import (
	"context"
	"database/sql"
	"strconv"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store"
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

// TestAgreementsAndDeclarationsPageInTheDatabase: the lists of agreements
// and declarations are paged by the database, on both databases: read page
// by page through _links.next they hold each of the role's objects once,
// newest first as before (the service's whole list), page 2 starting with
// the one after page 1's last; the count over the pages is the database's
// count of the role's objects, and only the last page has no next.
func TestAgreementsAndDeclarationsPageInTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		count := func(q string, args ...any) int {
			t.Helper()
			var n int
			if err := db.RawQuery(ctx, q, args, func(r *sql.Rows) error { return r.Scan(&n) }); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, email := range []string{"zorgverlener@pgbportaal.demo", "budgethouder@pgbportaal.demo"} {
			tok := f.token(email, "")
			actor, err := f.svc.ActorForToken(ctx, tok)
			if err != nil {
				t.Fatal(err)
			}
			ags, err := f.svc.Agreements(ctx, actor)
			if err != nil {
				t.Fatal(err)
			}
			decls, err := f.svc.Declarations(ctx, actor)
			if err != nil {
				t.Fatal(err)
			}
			var wantAgs, wantDecls []float64
			for _, a := range ags {
				wantAgs = append(wantAgs, float64(a.ID))
			}
			for _, d := range decls {
				wantDecls = append(wantDecls, float64(d.ID))
			}
			party, id := "provider_id", actor.Role.ProviderID
			if id == 0 {
				party, id = "budget_holder_id", actor.Role.BudgetHolderID
			}
			size := 2 // the provider has more than the holder
			if party == "budget_holder_id" {
				size = 1
			}
			for _, c := range []struct {
				path  string
				want  []float64
				total int
			}{
				{"/api/v1/agreements", wantAgs, count(`SELECT COUNT(*) FROM agreements WHERE `+party+` = ?`, id)},
				{"/api/v1/declarations", wantDecls, count(`SELECT COUNT(*) FROM declarations WHERE `+party+` = ?`, id)},
			} {
				where := email + " " + c.path
				if len(c.want) < 2 {
					t.Fatalf("%s: %d items, too few to page", where, len(c.want))
				}
				var got []float64
				var pages [][]float64
				for href := c.path + "?pageSize=" + strconv.Itoa(size); href != "" && len(pages) < 200; {
					r := f.do("GET", href, tok, "")
					if r.status != 200 {
						t.Fatalf("%s: %d %s", href, r.status, r.raw)
					}
					var page []float64
					for _, it := range r.body["items"].([]any) {
						page = append(page, it.(map[string]any)["id"].(float64))
					}
					pages, got = append(pages, page), append(got, page...)
					links := r.body["_links"].(map[string]any)
					_, hasPrev := links["prev"]
					if hasPrev != (len(pages) > 1) {
						t.Errorf("%s: page %d has prev %v", where, len(pages), hasPrev)
					}
					href = ""
					if next, ok := links["next"].(map[string]any); ok {
						href = next["href"].(string)
					}
				}
				if len(got) != c.total || len(got) != len(c.want) || len(pages) != (c.total+size-1)/size {
					t.Errorf("%s: %d items in %d pages; the database counts %d, the whole list has %d", where, len(got), len(pages), c.total, len(c.want))
					continue
				}
				for i := range got {
					if got[i] != c.want[i] {
						t.Errorf("%s: item %d is %v paged, %v in the whole list", where, i, got[i], c.want[i])
					}
					if i > 0 && got[i] >= got[i-1] {
						t.Errorf("%s: item %d (%v) is not older than the one before (%v)", where, i, got[i], got[i-1])
					}
				}
				if len(pages[0]) != size || len(pages[1]) == 0 || pages[1][0] != c.want[size] {
					t.Errorf("%s: page 1 %v, page 2 %v; page 2 must start with %v", where, pages[0], pages[1], c.want[size])
				}
			}
		}
	})
}
