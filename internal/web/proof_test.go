package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestStaffDownloadTheProofOfRepresentation: the gemeente's staff see the
// parent's legal representation of the child with a link to the scan of
// its proof, and download it; the parent, the zorgkantoor's staff and a
// wrong budget holder in the address get no file.
func TestStaffDownloadTheProofOfRepresentation(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	rows := ids(t, p, "SELECT budget_holder_id, id FROM representations ORDER BY id LIMIT 1")
	if len(rows) == 0 {
		t.Fatal("the demo has no representation")
	}
	bh, rid := rows[0][0], rows[0][1]
	link := "/budgethouders/" + bh + "/vertegenwoordigers/" + rid + "/bewijs"
	account := func(email string) demo.Account {
		for _, a := range demo.Accounts() {
			if a.Email == email {
				return a
			}
		}
		t.Fatalf("no demo account %s", email)
		return demo.Account{}
	}

	staff := p.client(t)
	staff.login(account("medewerker@utrecht.demo"))
	if code, page := staff.get("/budgethouders/" + bh); code != http.StatusOK || !strings.Contains(page, `href="`+link+`"`) {
		t.Fatalf("the budget holder's page links no proof (%d)", code)
	}
	code, ctype, _, body := staff.getPage(link)
	if code != http.StatusOK || ctype != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("download: %d %s %.40q", code, ctype, body)
	}
	if code, _, _, _ := staff.getPage("/budgethouders/999999/vertegenwoordigers/" + rid + "/bewijs"); code != http.StatusNotFound {
		t.Errorf("another budget holder in the address: %d", code)
	}
	for _, email := range []string{"ouder@pgbportaal.demo", "medewerker@zorgkantoor.demo", "budgethouder@pgbportaal.demo"} {
		c := p.client(t)
		c.login(account(email))
		if code, ctype, _, _ := c.getPage(link); code != http.StatusNotFound || ctype == "application/pdf" {
			t.Errorf("%s: %d %s", email, code, ctype)
		}
	}
}
