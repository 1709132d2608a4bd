package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/web"
)

// TestOwnDataPageHasDeclarationLines: the budget holder's own-data page and
// its download hold each declaration's lines (day, care, hours).
func TestOwnDataPageHasDeclarationLines(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	zzp, agID := zzpClient(t, p)
	sept := url.Values{"agreement_id": {agID}, "month": {"2026-09"}, "invoice_number": {"RS-2026-09"}, "invoice_total": {"210,00"},
		"u/2026-09-07/begeleiding/uur": {"2"}, "u/2026-09-14/begeleiding/uur": {"2"}}
	if code, _, body := zzp.post("/declaraties/nieuw", sept); code != http.StatusSeeOther {
		t.Fatalf("september: %d\n%s", code, body)
	}
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	_, page := holder.get("/account/mijn-gegevens")
	_, js := holder.get("/account/mijn-gegevens.json")
	day := domain.MustDate("2026-09-14").Format("nl")
	if !strings.Contains(page, day) || !strings.Contains(page, "Begeleiding") {
		t.Errorf("the readable document lacks the line of %s", day)
	}
	if !regexp.MustCompile(`"date": "2026-09-14",\s*"care_type": "begeleiding",\s*"unit": "uur",\s*"units": 200`).MatchString(js) {
		t.Errorf("the download lacks the line:\n%.3000s", js)
	}
}

// TestPaperReceivedDateOnPage: SVB staff register a paper declaration. A
// date received before the month ended is refused at its field, with what
// was typed kept; a date received within the deadline, registered after
// it, is accepted and shown to the verstrekker as what decided the
// deadline.
func TestPaperReceivedDateOnPage(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	_, agID := zzpClient(t, p)
	svb := p.client(t)
	svb.login(demoAccount(t, "svb"))
	fields := map[string]string{"agreement_id": agID, "month": "2026-09", "invoice_number": "P-09", "invoice_total": "210,00",
		"u/2026-09-07/begeleiding/uur": "2", "u/2026-09-14/begeleiding/uur": "2", "received": "2026-09-25"}
	scan := []byte("%PDF-1.4\n%%EOF\n")
	code, _, body := svb.postMultipart("/declaraties/papier", fields, "scan.pdf", scan)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "De ontvangstdatum ligt na het einde van de periode") || !strings.Contains(body, `value="2026-09-25"`) {
		t.Fatalf("received before the month ended: %d\n%s", code, body)
	}
	// Six weeks after September ended on 11 November; received on the
	// 10th, registered today (23 November).
	fields["received"] = "2026-11-10"
	code, loc, body := svb.postMultipart("/declaraties/papier", fields, "scan.pdf", scan)
	if code != http.StatusSeeOther {
		t.Fatalf("register: %d\n%s", code, body)
	}
	gm := p.client(t)
	gm.login(demoAccount(t, "verstrekker"))
	_, page := gm.get(loc)
	if !strings.Contains(page, `id="decl-received-decides"`) || !strings.Contains(page, domain.MustDate("2026-11-10").Format("nl")) {
		t.Errorf("the verstrekker is not shown that the date received decided:\n%s", page)
	}
}

// at serves the portal's database with a service whose clock is day.
func (p *portal) at(t *testing.T, day time.Time) *portal {
	t.Helper()
	svc := service.New(p.db, service.Options{Now: func() time.Time { return day }, FileDir: t.TempDir()})
	s, err := web.New(web.Config{Service: svc, SecureCookies: false, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &portal{srv: srv, svc: svc, db: p.db}
}

// TestCorrectedSettlementOnPages: December waits at J. de Vries when the
// gemeente settles 2026 on 5 January and approves it; December's approval
// is then refused because the grant is settled. Both parties see on the
// settlement page, in words, December named as open (then waiting, now
// refused) and refused because of the settlement; only the gemeente has
// the form to correct, which asks a reason. After the correction both see
// version 2 with its reason and the first version as history, on the page
// and in the PDF.
func TestCorrectedSettlementOnPages(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	_, agID := zzpClient(t, p)
	id, _ := strconv.ParseInt(agID, 10, 64)
	zzp, holder := mustActor(t, p, zzpAccount(t)), mustActor(t, p, demoAccount(t, "budgethouder"))
	gm := mustActor(t, p, demoAccount(t, "verstrekker"))
	gm.MFA = true
	jan2 := p.at(t, time.Date(2027, 1, 2, 10, 0, 0, 0, domain.Amsterdam))
	jan5 := p.at(t, time.Date(2027, 1, 5, 10, 0, 0, 0, domain.Amsterdam))
	d, err := jan2.svc.CreateDeclaration(ctx, zzp, service.DeclarationInput{AgreementID: id, Month: "2026-12", InvoiceNumber: "RS-12", InvoiceTotal: "105,00",
		Lines: []service.DeclLineInput{{Date: "2026-12-07", CareType: "begeleiding", Unit: "uur", Units: "2"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jan2.svc.AttachToDeclaration(ctx, zzp, d.ID, "RS-12.pdf", []byte("%PDF-1.4\n%%EOF\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := jan2.svc.SendDeclaration(ctx, zzp, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := jan5.svc.MakeSettlements(ctx, gm, "2026-12-31"); err != nil {
		t.Fatal(err)
	}
	st, err := jan5.svc.SettlementOfGrant(ctx, holder, d.GrantID)
	if err != nil || st == nil {
		t.Fatalf("settlement: %v", err)
	}
	if _, err := jan5.svc.AnswerSettlement(ctx, holder, st.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := jan5.svc.ApproveSettlement(ctx, gm, st.ID); err != nil {
		t.Fatal(err)
	}
	if v, err := jan5.svc.ApproveDeclaration(ctx, holder, d.ID); err != nil || v.State != domain.DeclRefused {
		t.Fatalf("December after the settlement: %v %s", err, v.State)
	}
	path := "/eindafrekeningen/" + strconv.FormatInt(st.ID, 10)

	hc := jan5.client(t)
	hc.login(demoAccount(t, "budgethouder"))
	_, page := hc.get(path)
	for _, want := range []string{"Declaraties die nog open stonden", "Zorg met Aandacht – R. Smit, december 2026, € 105,00: toen Wacht op budgethouder, nu Geweigerd",
		"Geweigerd omdat de eindafrekening al was gemaakt"} {
		if !strings.Contains(page, want) {
			t.Errorf("the budget holder does not read %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, `id="settlement-correct"`) {
		t.Error("the budget holder may correct")
	}

	sc := jan5.client(t)
	staff := demoAccount(t, "verstrekker")
	if code, _, body := sc.post("/inloggen", url.Values{"email": {staff.Email}, "password": {staff.Password}}); code != http.StatusSeeOther {
		t.Fatalf("login: %d %s", code, body)
	}
	if code, _, body := sc.post("/inloggen/code", url.Values{"code": {auth.TOTPCode(staff.TOTPSecret, time.Date(2027, 1, 5, 10, 0, 0, 0, domain.Amsterdam))}}); code != http.StatusSeeOther {
		t.Fatalf("code: %d %s", code, body)
	}
	if _, page = sc.get(path); !strings.Contains(page, `id="settlement-correct"`) || !strings.Contains(page, "december 2026") {
		t.Fatalf("the gemeente's page has no correction:\n%s", page)
	}
	if code, _, body := sc.post(path+"/actie", url.Values{"action": {"correct"}, "reason": {" "}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-reason"`) {
		t.Errorf("a correction without a reason: %d", code)
	}
	if code, _, body := sc.post(path+"/actie", url.Values{"action": {"correct"}, "reason": {"December kwam na de eindafrekening"}}); code != http.StatusSeeOther {
		t.Fatalf("correct: %d\n%s", code, body)
	}
	for who, c := range map[string]*client{"holder": hc, "gemeente": sc} {
		_, page := c.get(path)
		if !strings.Contains(page, "Gecorrigeerde eindafrekening, versie 2. Reden: December kwam na de eindafrekening") || !strings.Contains(page, "Eerdere versies") ||
			!strings.Contains(page, "Versie 1") || strings.Contains(page, "Geweigerd omdat de eindafrekening al was gemaakt") {
			t.Errorf("%s after the correction:\n%s", who, page)
		}
		code, pdf := c.get(path + "/pdf")
		text := pdfText(t, []byte(pdf))
		if code != 200 || !strings.Contains(text, "versie 2") || !strings.Contains(text, "Eerdere versies") || !strings.Contains(text, "december 2026") {
			t.Errorf("%s's PDF after the correction: %d\n%s", who, code, text)
		}
	}
}
