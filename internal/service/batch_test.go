package service_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// renderIDs is a minimal renderer: the outcomes' ids and error codes.
func renderIDs(out []service.BatchOutcome) (int, []byte, error) {
	var parts []string
	for _, o := range out {
		if o.Err != nil {
			e, _ := domain.AsError(o.Err)
			parts = append(parts, fmt.Sprintf("%d:error:%s", o.Index, e.Code))
			continue
		}
		parts = append(parts, fmt.Sprintf("%d:%d:%s", o.Index, o.ID, o.State))
	}
	b, err := json.Marshal(parts)
	return 207, b, err
}

func TestBatchDeclarationsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		// One good declaration, one with a wrong field, one on an agreement that is not the provider's.
		good := october(agID, "2")
		good.InvoiceTotal, good.Files = "420,00", []service.Upload{{Name: "factuur.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}}
		bad := october(agID, "2")
		bad.Month = "2026-09"
		bad.Lines = bad.Lines[:1]
		bad.Lines[0].Units = "1,1"
		notOurs := october(agID+1000, "2")
		req := service.BatchRequest{Items: []service.DeclarationInput{good, bad, notOurs}, Send: true, Key: "batch-1", RequestHash: "h1"}
		status, body, replayed, err := w.svc.BatchDeclarations(ctx, w.provider, req, renderIDs)
		if err != nil || replayed || status != 207 {
			t.Fatalf("batch: %v %v %d", err, replayed, status)
		}
		var parts []string
		json.Unmarshal(body, &parts)
		if len(parts) != 3 || parts[1] != "1:error:validation" || parts[2] != "2:error:not_found" {
			t.Fatalf("outcomes: %v", parts)
		}
		list, _ := w.svc.Declarations(ctx, w.provider)
		if len(list) != 1 || list[0].State != domain.DeclAtHolder || list[0].Source != "api" && list[0].Source != "portaal" {
			t.Fatalf("stored: %d declarations", len(list))
		}
		// The same key and body again: the same answer, nothing new.
		_, body2, replayed, err := w.svc.BatchDeclarations(ctx, w.provider, req, renderIDs)
		if err != nil || !replayed || string(body2) != string(body) {
			t.Errorf("replay: %v %v %s", err, replayed, body2)
		}
		if list, _ := w.svc.Declarations(ctx, w.provider); len(list) != 1 {
			t.Errorf("after the retry: %d declarations", len(list))
		}
		// The same key with another body is refused.
		req.RequestHash = "h2"
		if _, _, _, err := w.svc.BatchDeclarations(ctx, w.provider, req, renderIDs); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("key reused for another request: %v", err)
		}
		// Keys are per account: another provider's same key is its own.
		other := approvedAgreement(t, w, w.otherProvider, w.prov2)
		req2 := service.BatchRequest{Items: []service.DeclarationInput{october(other, "1")}, Key: "batch-1", RequestHash: "x"}
		if _, _, replayed, err := w.svc.BatchDeclarations(ctx, w.otherProvider, req2, renderIDs); err != nil || replayed {
			t.Errorf("other account's key: %v %v", err, replayed)
		}
	})
}

// A key is kept for a day: within it a retry is answered from the key, a
// purge after it forgets the key, and the same request is then handled
// anew (a second concept for the month, which the checks refuse as such
// once it is approved).
func TestIdempotencyKeysKeptForADay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		req := service.BatchRequest{Items: []service.DeclarationInput{october(agID, "2")}, Key: "dag-1", RequestHash: "h1"}
		_, first, _, err := w.svc.BatchDeclarations(ctx, w.provider, req, renderIDs)
		if err != nil {
			t.Fatal(err)
		}
		at := func(d time.Duration) *service.Service {
			return service.New(db, service.Options{Now: func() time.Time { return now.Add(d) }})
		}
		if n, err := at(service.IdempotencyKeyTTL - time.Minute).PurgeIdempotencyKeys(ctx); err != nil || n != 0 {
			t.Fatalf("purge within the day: %d keys, %v", n, err)
		}
		if _, body, replayed, err := w.svc.BatchDeclarations(ctx, w.provider, req, renderIDs); err != nil || !replayed || string(body) != string(first) {
			t.Fatalf("retry within the day: replayed %v, %s, %v", replayed, body, err)
		}
		if n, err := at(service.IdempotencyKeyTTL + time.Minute).PurgeIdempotencyKeys(ctx); err != nil || n != 1 {
			t.Fatalf("purge after the day: %d keys, %v", n, err)
		}
		if _, body, replayed, err := w.svc.BatchDeclarations(ctx, w.provider, req, renderIDs); err != nil || replayed || string(body) == string(first) {
			t.Errorf("after the purge: replayed %v, %s, %v", replayed, body, err)
		}
		if list, _ := w.svc.Declarations(ctx, w.provider); len(list) != 2 {
			t.Errorf("%d declarations after the request handled anew, want 2", len(list))
		}
	})
}

// TestBatchRetriesRacing sends the same batch with the same key from eight
// goroutines at once: exactly one set of declarations exists afterwards and
// every caller gets the same answer.
func TestBatchRetriesRacing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		req := service.BatchRequest{Items: []service.DeclarationInput{october(agID, "2")}, Key: "race", RequestHash: "same"}
		var wg sync.WaitGroup
		bodies := make([]string, 8)
		for i := range bodies {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, b, _, err := w.svc.BatchDeclarations(ctx, w.provider, req, renderIDs)
				if err != nil {
					t.Errorf("caller %d: %v", i, err)
				}
				bodies[i] = string(b)
			}()
		}
		wg.Wait()
		for i := range bodies {
			if bodies[i] != bodies[0] {
				t.Errorf("caller %d got %s, caller 0 %s", i, bodies[i], bodies[0])
			}
		}
		if list, _ := w.svc.Declarations(ctx, w.provider); len(list) != 1 {
			t.Errorf("%d declarations after 8 racing retries", len(list))
		}
	})
}

func TestTravelAndHolidayPay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		// A zzp agreement without travel costs: kilometres are refused at the field.
		zzp := approvedAgreement(t, w, w.provider, w.prov)
		in := october(zzp, "2")
		in.TravelKm = "40"
		if _, err := w.svc.CreateDeclaration(ctx, w.provider, in); fieldCode(err, "travel_km") != "travel_not_agreed_field" {
			t.Errorf("travel not agreed: %v", err)
		}
		hp := service.DeclarationInput{AgreementID: zzp, Kind: "feestdagenuitkering", Month: "2026-10", Amount: "100,00", InvoiceTotal: "100,00"}
		if _, err := w.svc.CreateDeclaration(ctx, w.provider, hp); fieldCode(err, "kind") != "holiday_pay_employees_only" {
			t.Errorf("holiday pay for a zzp'er: %v", err)
		}
		// An employment agreement with € 0,19 a km.
		emp := approvedAgreement(t, w, w.otherProvider, w.prov2, func(a *service.AgreementInput) {
			a.Kind, a.KvK, a.DaysPerWeek, a.HoursPerWeek, a.TravelPerKm = "arbeidsovereenkomst", "", "2", "8", "0,19"
		})
		tr := service.DeclarationInput{AgreementID: emp, Kind: "reiskosten", Month: "2026-10"}
		if _, err := w.svc.CreateDeclaration(ctx, w.otherProvider, tr); fieldCode(err, "travel_km") != "travel_km_required" {
			t.Errorf("travel without km: %v", err)
		}
		tr.TravelKm, tr.InvoiceTotal = "42,5", "8,08"
		d, err := w.svc.CreateDeclaration(ctx, w.otherProvider, tr)
		if err != nil || d.D.Total() != 808 { // 42.5 × 0.19 = 8.075 → 8.08
			t.Fatalf("travel: %v %d", err, d.D.Total())
		}
		attachInvoice(t, w.svc, w.otherProvider, d.ID)
		w.svc.SendDeclaration(ctx, w.otherProvider, d.ID)
		if d, err = w.svc.ApproveDeclaration(ctx, w.holder, d.ID); err != nil || d.State != domain.DeclAccepted {
			t.Fatalf("travel approved: %v %s %v", err, d.State, d.Findings)
		}
		hp.AgreementID = emp
		h, err := w.svc.CreateDeclaration(ctx, w.otherProvider, hp)
		if err != nil || h.D.Total() != 10000 || h.D.Kind != domain.DeclHolidayPay {
			t.Fatalf("holiday pay: %v %+v", err, h.D)
		}
		attachInvoice(t, w.svc, w.otherProvider, h.ID)
		w.svc.SendDeclaration(ctx, w.otherProvider, h.ID)
		if h, err = w.svc.ApproveDeclaration(ctx, w.holder, h.ID); err != nil || h.State != domain.DeclAccepted {
			t.Fatalf("holiday pay approved: %v %s %v", err, h.State, h.Findings)
		}
		g, _ := w.svc.Grant(ctx, w.holder, w.grantA.ID)
		if g.Balance.Reserved != 10808 {
			t.Errorf("reserved %d, want 108,08", g.Balance.Reserved)
		}
	})
}

func TestSickReportRefusesCareOnSickDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		zzp := approvedAgreement(t, w, w.provider, w.prov)
		if _, err := w.svc.ReportSick(ctx, w.holder, zzp, "2026-10-10", ""); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("sick report on a zzp agreement: %v", err)
		}
		emp := approvedAgreement(t, w, w.otherProvider, w.prov2, func(a *service.AgreementInput) {
			a.Kind, a.KvK, a.DaysPerWeek, a.HoursPerWeek = "arbeidsovereenkomst", "", "2", "8"
		})
		if _, err := w.svc.ReportSick(ctx, w.holder, emp, "2026-12-01", ""); fieldCode(err, "sick_from") != "date_in_future" {
			t.Errorf("sick next week: %v", err)
		}
		sr, err := w.svc.ReportSick(ctx, w.holder, emp, "2026-10-10", "griep")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.svc.ReportRecovered(ctx, w.otherProvider, emp, sr.ID, "2026-10-10"); fieldCode(err, "recovered_on") != "recovered_before_sick" {
			t.Errorf("recovered on the first sick day: %v", err)
		}
		if err := w.svc.ReportRecovered(ctx, w.otherProvider, emp, sr.ID, "2026-10-19"); err != nil {
			t.Fatal(err)
		}
		// Mondays 5, 12, 19, 26 October: the 12th falls in the sickness.
		in := october(emp, "2")
		in.InvoiceTotal = "420,00"
		d, err := w.svc.CreateDeclaration(ctx, w.otherProvider, in)
		if err != nil {
			t.Fatal(err)
		}
		attachInvoice(t, w.svc, w.otherProvider, d.ID)
		if _, err := w.svc.SendDeclaration(ctx, w.otherProvider, d.ID); fieldCode(err, "lines[1].date") != "declared_while_sick" {
			t.Errorf("care on a sick day: %v", err)
		}
		list, err := w.svc.SickReports(ctx, w.otherProvider, emp)
		if err != nil || len(list) != 1 || list[0].Recovered != domain.MustDate("2026-10-19") {
			t.Errorf("sick reports: %v %+v", err, list)
		}
	})
}

func TestPaperDeclaration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		svbOrg, err := w.svc.CreateOrganisation(ctx, service.System, domain.Organisation{Kind: domain.SVB, Name: "SVB", Code: "SVB"})
		if err != nil {
			t.Fatal(err)
		}
		svb := staff(t, w.svc, svbOrg, "post@svb.nl")
		agID := approvedAgreement(t, w, w.provider, w.prov)
		in := october(agID, "2")
		in.InvoiceTotal = "420,00"
		// Only SVB staff register paper; a bad scan and a future date are refused at their fields, nothing stored.
		if _, err := w.svc.RegisterPaperDeclaration(ctx, w.gemeenteA, in, "2026-11-20", "scan.pdf", []byte("%PDF-1.4")); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("gemeente registers paper: %v", err)
		}
		_, err = w.svc.RegisterPaperDeclaration(ctx, svb, in, "2026-12-20", "scan.gif", []byte("GIF89a"))
		if fieldCode(err, "scan") != "file_type" || fieldCode(err, "received") != "date_in_future" {
			t.Errorf("bad paper: %v", err)
		}
		if list, _ := w.svc.Declarations(ctx, w.provider); len(list) != 0 {
			t.Fatalf("a refused paper declaration was stored")
		}
		d, err := w.svc.RegisterPaperDeclaration(ctx, svb, in, "2026-11-20", "scan.pdf", []byte("%PDF-1.4\n%%EOF\n"))
		if err != nil {
			t.Fatal(err)
		}
		if d.State != domain.DeclAccepted || d.Source != "papier" || len(d.Attachments) != 1 || d.D.SubmittedByHolder != domain.MustDate("2026-11-20") {
			t.Errorf("paper declaration: %s %s %d %v", d.State, d.Source, len(d.Attachments), d.Findings)
		}
		// The parties see it like any other.
		if _, err := w.svc.Declaration(ctx, w.holder, d.ID); err != nil {
			t.Errorf("holder: %v", err)
		}
	})
}
