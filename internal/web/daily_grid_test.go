package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestMonthGridOffersWhatMayBeDeclared: the provider chooses the month from
// those that may still be declared, each with its deadline (on 23 November
// that is October, until 12 December; September's six weeks ended on 11
// November); a month after the grant offers no day; "herhalen" says when
// there is nothing to repeat; and the form shows each week's total and what
// will be left of the budget after the declaration, in words and euros.
func TestMonthGridOffersWhatMayBeDeclared(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c, agID := zzpClient(t, p)

	// Without a month: the first that may still be declared.
	code, page := c.get("/declaraties/nieuw?overeenkomst=" + agID)
	if code != 200 {
		t.Fatalf("grid: %d", code)
	}
	for _, want := range []string{`data-month="2026-10" aria-current="page">oktober 2026</a>`, "uiterlijk 12 december 2026 bij de budgethouder",
		"Stuur de declaratie over oktober 2026 uiterlijk 12 december 2026 naar de budgethouder.", "Zorg voor J. de Vries in oktober 2026",
		`name="u/2026-10-31/begeleiding/uur"`, "Totaal week 40:", "Totaal week 44:"} {
		if !strings.Contains(page, want) {
			t.Errorf("the October grid lacks %q\n%s", want, page[strings.Index(page, "month-choice"):][:1500])
		}
	}
	for _, not := range []string{`data-month="2026-09"`, `data-month="2026-11"`, "2026-10</", ">2026-10<"} {
		if strings.Contains(page, not) {
			t.Errorf("the October grid shows %q", not)
		}
	}

	// September is late: it can be opened, and says so.
	_, page = c.get("/declaraties/nieuw?overeenkomst=" + agID + "&maand=2026-09")
	if !strings.Contains(page, "De termijn voor september 2026 is verstreken op 11 november 2026.") {
		t.Error("the September grid does not say its deadline passed")
	}
	// After the grant: no day is offered, each says why.
	_, page = c.get("/declaraties/nieuw?overeenkomst=" + agID + "&maand=2027-01")
	if strings.Contains(page, `name="u/2027-01-`) || strings.Count(page, "de toekenning loopt op deze dag niet") != 31 {
		t.Error("January 2027, after the grant, offers days or does not say why not")
	}
	// Herhalen with no declaration in September.
	_, page = c.get("/declaraties/nieuw?overeenkomst=" + agID + "&maand=2026-10&herhaal=1")
	if !strings.Contains(page, `id="repeat-nothing"`) || !strings.Contains(page, "Er is niets om te herhalen") {
		t.Error("herhalen with nothing to repeat says nothing")
	}

	// What was typed is totalled per week, and what is left after it shown.
	zzp := mustActor(t, p, zzpAccount(t))
	id, _ := strconv.ParseInt(agID, 10, 64)
	ag, err := p.svc.Agreement(context.Background(), zzp, id)
	if err != nil {
		t.Fatal(err)
	}
	var left domain.Cents
	if err := p.db.View(context.Background(), func(tx *store.Tx) error {
		bal, err := tx.Balance(context.Background(), ag.GrantID)
		left = bal.Left()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Week 41 (5–11 October): 2 hours + 1,5 hours of begeleiding at € 52,50;
	// week 42: 2,5 hours of huishoudelijke hulp at € 28,00.
	v := url.Values{"agreement_id": {agID}, "month": {"2026-10"}, "kind": {"zorg"}, "action": {"submit"}, // no invoice: refused, shown again
		"u/2026-10-05/begeleiding/uur": {"2"}, "u/2026-10-07/begeleiding/uur": {"1,5"}, "u/2026-10-13/huishoudelijke_hulp/uur": {"2,5"}}
	code, _, page = c.post("/declaraties/nieuw", v)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("submit without invoice: %d", code)
	}
	week41, week42, total := domain.Cents(18375), domain.Cents(7000), domain.Cents(25375)
	for _, want := range []string{`data-week-total="41">` + week41.Format("nl") + "<", `data-week-total="42">` + week42.Format("nl") + "<",
		`id="grid-total">` + total.Format("nl") + "<", `id="left-now">` + left.Format("nl") + "<", `id="left-after">` + (left - total).Format("nl") + "<"} {
		if !strings.Contains(page, want) {
			t.Errorf("the form shown again lacks %s", want)
		}
	}
}
