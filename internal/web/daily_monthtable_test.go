package web_test

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestEveryDemoHolderMonthTableFromPostings: for every demo budget holder's
// every grant, the month table on the grant page (as the verstrekker's
// staff see it, and as the holder or parent sees their own) is recomputed
// here from the ledger's postings: each posting in the month of the care it
// is for (a declaration's month; others in their booking month), reserved
// moving to paid there. Every figure must match, and none be negative.
func TestEveryDemoHolderMonthTableFromPostings(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	type flow struct{ reserved, paid domain.Cents }
	want := map[int64]map[string]*flow{} // grant → "2026-10" → flow
	verstrekker := map[int64]int64{}     // grant → its verstrekker
	holderOf := map[int64]int64{}        // grant → budget holder
	err := p.db.View(ctx, func(tx *store.Tx) error {
		for bh := int64(1); bh < 50; bh++ {
			gs, err := tx.GrantsOf(ctx, bh, 0)
			if err != nil {
				return err
			}
			for _, g := range gs {
				verstrekker[g.ID], holderOf[g.ID] = g.VerstrekkerID, bh
				months := map[string]*flow{}
				want[g.ID] = months
				ps, err := tx.Postings(ctx, g.ID)
				if err != nil {
					return err
				}
				for _, ps := range ps {
					month := ps.Booking.String()[:7]
					if ps.Ref.Type == "declaration" && ps.Ref.ID != 0 {
						d, err := tx.DeclarationByID(ctx, ps.Ref.ID, false)
						if err != nil {
							return err
						}
						month = d.D.Period.Start.String()[:7]
					}
					f := months[month]
					if f == nil {
						f = &flow{}
						months[month] = f
					}
					switch ps.Kind {
					case ledger.Reserved:
						f.reserved += ps.Amount
					case ledger.Released:
						f.reserved -= ps.Amount
					case ledger.Paid:
						f.reserved -= ps.Amount
						f.paid += ps.Amount
					case ledger.Returned:
						f.paid -= ps.Amount
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 6 {
		t.Fatalf("only %d demo grants", len(want))
	}

	row := regexp.MustCompile(`<tr data-month="(\d{4}-\d{2})"><td[^>]*>([^<]+)</td><td[^>]*>[^<]*</td><td[^>]*>([^<]+)</td><td[^>]*>([^<]+)</td></tr>`)
	check := func(who string, c *client, grantID int64) {
		t.Helper()
		code, page := c.get("/toekenningen/" + itoa(grantID))
		if code != 200 {
			t.Fatalf("%s: grant %d: %d", who, grantID, code)
		}
		rows := row.FindAllStringSubmatch(page, -1)
		if len(rows) == 0 {
			t.Fatalf("%s: grant %d shows no month table", who, grantID)
		}
		declared := 0
		for _, r := range rows {
			f := want[grantID][r[1]]
			if f == nil {
				f = &flow{}
			}
			if f.paid > 0 || f.reserved > 0 {
				declared++
			}
			m, _ := domain.ParseDate(r[1] + "-01")
			if label := html.UnescapeString(r[2]); label != domain.MonthOf(m).Format("nl") {
				t.Errorf("%s: grant %d: month %s is labelled %q", who, grantID, r[1], label)
			}
			paid, reserved := strings.ReplaceAll(html.UnescapeString(r[3]), "\u00a0", " "), strings.ReplaceAll(html.UnescapeString(r[4]), "\u00a0", " ")
			if paid != f.paid.Format("nl") || reserved != f.reserved.Format("nl") {
				t.Errorf("%s: grant %d, %s: the page says paid %s, reserved %s; the postings %s and %s", who, grantID, r[1], paid, reserved, f.paid.Format("nl"), f.reserved.Format("nl"))
			}
			if f.paid < 0 || f.reserved < 0 {
				t.Errorf("grant %d, %s: negative: paid %d reserved %d", grantID, r[1], f.paid, f.reserved)
			}
		}
		if declared == 0 {
			t.Errorf("%s: grant %d has no month with care", who, grantID)
		}
	}

	staff := map[int64]*client{}
	for _, email := range []string{"medewerker@utrecht.demo", "medewerker@zorgkantoor.demo"} {
		c := p.client(t)
		for _, a := range demo.Accounts() {
			if a.Email == email {
				c.login(a)
			}
		}
		_, page := c.get("/budgethouders")
		for g, org := range verstrekker {
			if _, ok := staff[org]; !ok && strings.Contains(page, "/budgethouders/"+itoa(holderOf[g])+`"`) {
				staff[org] = c
			}
		}
	}
	for g, org := range verstrekker {
		c := staff[org]
		if c == nil {
			t.Fatalf("no staff login for the verstrekker of grant %d", g)
		}
		check("staff", c, g)
	}
	// The holder and the parent see their own the same.
	for _, role := range []string{"budgethouder", "vertegenwoordiger"} {
		a := demoAccount(t, role)
		c := p.client(t)
		c.login(a)
		act := mustActor(t, p, a)
		for g, bh := range holderOf {
			if bh == act.Role.BudgetHolderID {
				check(role, c, g)
			}
		}
	}
}
