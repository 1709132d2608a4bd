package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestPasswordResetByMail: "wachtwoord vergeten" answers the same for an
// unknown address, mails a one-time link for a known one; the link sets a
// new password once, ends the old sessions, and the new password works.
func TestPasswordResetByMail(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	bh := demoAccount(t, "budgethouder")
	old := p.client(t)
	old.login(bh)
	anon := p.client(t)
	_, unknown, body1 := anon.post("/wachtwoord-vergeten", map[string][]string{"email": {"niemand@example.nl"}})
	_, _, body2 := anon.post("/wachtwoord-vergeten", map[string][]string{"email": {bh.Email}})
	_ = unknown
	if !strings.Contains(body1, `id="reset-sent"`) || !strings.Contains(body2, `id="reset-sent"`) {
		t.Fatalf("the answers differ or are missing")
	}
	var mails []store.Mail
	p.db.View(context.Background(), func(tx *store.Tx) error { var err error; mails, err = tx.Outbox(context.Background(), 5); return err })
	link := ""
	for _, m := range mails {
		if m.To == "niemand@example.nl" {
			t.Error("mail to an unknown address")
		}
		if l := regexp.MustCompile(`/wachtwoord-herstellen/\S+`).FindString(m.Body); m.To == bh.Email && l != "" {
			link = l
		}
	}
	if link == "" {
		t.Fatal("no reset mail")
	}
	code, _, body := anon.post(link, map[string][]string{"new_password": {"kort"}, "new_password2": {"kort"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "minstens") {
		t.Errorf("a short password: %d", code)
	}
	if code, loc, _ := anon.post(link, map[string][]string{"new_password": {"een heel nieuw wachtwoord"}, "new_password2": {"een heel nieuw wachtwoord"}}); code != http.StatusSeeOther || loc != "/inloggen" {
		t.Fatalf("reset: %d %s", code, loc)
	}
	if code, _, body := anon.post(link, map[string][]string{"new_password": {"nog een ander wachtwoord"}, "new_password2": {"nog een ander wachtwoord"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "al gebruikt") {
		t.Errorf("the link worked twice: %d", code)
	}
	if code, _ := old.get("/account"); code != http.StatusSeeOther {
		t.Errorf("the old session survived the reset: %d", code)
	}
	if _, err := p.svc.Login(context.Background(), bh.Email, "een heel nieuw wachtwoord", "test"); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
}

// TestRecoveryCodeReplacesTOTP: staff make recovery codes; one logs in
// instead of the app's code, once.
func TestRecoveryCodeReplacesTOTP(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	staffAcc := demoAccount(t, "svb")
	c := p.client(t)
	c.login(staffAcc)
	code, _, page := c.post("/account/herstelcodes", nil)
	codes := regexp.MustCompile(`<code>([a-z2-7]{4}-[a-z2-7]{4})</code>`).FindAllStringSubmatch(page, -1)
	if code != 200 || len(codes) != service.RecoveryCodeCount {
		t.Fatalf("codes: %d %d\n%s", code, len(codes), page)
	}
	// A new login with a recovery code instead of the app's code.
	c2 := p.client(t)
	if code, loc, _ := c2.post("/inloggen", map[string][]string{"email": {staffAcc.Email}, "password": {staffAcc.Password}}); code != http.StatusSeeOther || loc != "/inloggen/code" {
		t.Fatalf("login: %d %s", code, loc)
	}
	if code, loc, _ := c2.post("/inloggen/code", map[string][]string{"code": {codes[0][1]}}); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("recovery code: %d %s", code, loc)
	}
	c3 := p.client(t)
	c3.post("/inloggen", map[string][]string{"email": {staffAcc.Email}, "password": {staffAcc.Password}})
	if code, _, _ := c3.post("/inloggen/code", map[string][]string{"code": {codes[0][1]}}); code != http.StatusUnprocessableEntity {
		t.Errorf("a used recovery code worked again: %d", code)
	}
	if _, page := c.get("/account"); !strings.Contains(page, "Ongebruikte herstelcodes: 9") {
		t.Errorf("codes left not shown")
	}
}

// TestBudgetHolderInvitedOnGrant: staff register a budget holder with an
// e-mail address and grant a budget; the budget holder gets a one-time
// link, makes an account with it, and sees the budget; the link does not
// work twice.
func TestBudgetHolderInvitedOnGrant(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	staff := p.client(t)
	staff.login(demoAccount(t, "verstrekker"))
	code, loc, body := staff.post("/budgethouders/nieuw", map[string][]string{"bsn": {"176834199"}, "initials": {"P."}, "family_name": {"Nieuw"},
		"birth_date": {"1980-02-03"}, "street": {"Laan"}, "house_number": {"1"}, "postcode": {"3511 AA"}, "city": {"Utrecht"}, "email": {"p.nieuw@example.nl"}})
	if code != http.StatusSeeOther {
		t.Fatalf("register: %d\n%s", code, body)
	}
	code, _, body = staff.post(loc+"/toekenningen/nieuw", map[string][]string{"law": {"wmo"}, "reference": {"WMO-NIEUW-1"}, "start": {"2026-11-01"}, "end": {"2026-12-31"},
		"lines[0].care_function": {"begeleiding"}, "lines[0].yearly": {"6.000,00"}})
	if code != http.StatusSeeOther {
		t.Fatalf("grant: %d\n%s", code, body)
	}
	var mails []store.Mail
	p.db.View(context.Background(), func(tx *store.Tx) error { var err error; mails, err = tx.Outbox(context.Background(), 5); return err })
	link := ""
	for _, m := range mails {
		if m.To == "p.nieuw@example.nl" {
			link = regexp.MustCompile(`/uitnodiging-budgethouder/\S+`).FindString(m.Body)
		}
	}
	if link == "" {
		t.Fatalf("no invitation mail: %+v", mails)
	}
	anon := p.client(t)
	if _, page := anon.get(link); !strings.Contains(page, "p.nieuw@example.nl") {
		t.Fatalf("invitation page:\n%s", page)
	}
	if code, loc, _ := anon.post(link, map[string][]string{"password": {"mijn eigen wachtwoord"}, "password2": {"mijn eigen wachtwoord"}}); code != http.StatusSeeOther || loc != "/inloggen" {
		t.Fatalf("accept: %d %s", code, loc)
	}
	if code, _ := anon.get(link); code != http.StatusGone {
		t.Errorf("the link works twice: %d", code)
	}
	holder := p.client(t)
	holder.login(demo.Account{Email: "p.nieuw@example.nl", Password: "mijn eigen wachtwoord"})
	if _, dash := holder.get("/"); !strings.Contains(dash, "WMO-NIEUW-1") {
		t.Errorf("the new budget holder does not see the grant")
	}
}

// TestStaffRegisterLegalRepresentativeWithProof: a legal representative
// is registered with a scan of the proof; without it, or with a file that
// is not PDF/PNG/JPEG, nothing is stored and the form says why.
func TestStaffRegisterLegalRepresentativeWithProof(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	staff := p.client(t)
	staff.login(demoAccount(t, "verstrekker"))
	_, list := staff.get("/budgethouders?q=Vries")
	bh := regexp.MustCompile(`href="(/budgethouders/\d+)"`).FindStringSubmatch(list)
	if bh == nil {
		t.Fatalf("no budget holder:\n%s", list)
	}
	fields := map[string]string{"email": "ouder@pgbportaal.demo", "kind": "curator", "valid_from": "2026-11-01"}
	code, _, body := staff.postFile(bh[1]+"/vertegenwoordigers", fields, "proof", "", nil)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "bewijs van de vertegenwoordiging") {
		t.Errorf("without proof: %d", code)
	}
	code, _, body = staff.postFile(bh[1]+"/vertegenwoordigers", fields, "proof", "beschikking.pdf", []byte("GIF89a"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Alleen pdf, png of jpeg") {
		t.Errorf("a GIF as proof: %d", code)
	}
	if _, page := staff.get(bh[1]); strings.Contains(page, " · Curator · ") {
		t.Fatal("a refused representation was stored")
	}
	if code, _, body := staff.postFile(bh[1]+"/vertegenwoordigers", fields, "proof", "beschikking.pdf", []byte("%PDF-1.4\n%%EOF\n")); code != http.StatusSeeOther {
		t.Fatalf("with proof: %d\n%s", code, body)
	}
	if _, page := staff.get(bh[1]); !strings.Contains(page, " · Curator · ") {
		t.Errorf("the representative is not listed")
	}
}
