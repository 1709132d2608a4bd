package service_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestLateDeclarationAllowedWithHistory: a declaration sent after the
// deadline is refused as late; its stored reason reads as at the refusal (no
// "%!d(float64=6)"), in both languages; the verstrekker allows it with a
// reason, the checks run again and accept it; the history names who did
// what, for whom.
func TestLateDeclarationAllowedWithHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		in := october(agID, "4")
		in.InvoiceTotal = "840,00"
		d, err := w.svc.CreateDeclaration(ctx, w.provider, in)
		if err != nil {
			t.Fatal(err)
		}
		attachInvoice(t, w.svc, w.provider, d.ID)
		// Ten weeks after October: past the six weeks to the budget holder.
		late := service.New(db, service.Options{Now: func() time.Time { return time.Date(2027, 1, 20, 10, 0, 0, 0, domain.Amsterdam) }})
		if _, err := late.SendDeclaration(ctx, w.provider, d.ID); err != nil {
			t.Fatal(err)
		}
		if d, err = late.ApproveDeclaration(ctx, w.holder, d.ID); err != nil || d.State != domain.DeclRefused || !hasFinding(d.Findings, "late_to_holder") {
			t.Fatalf("late: %v %s %v", err, d.State, d.Findings)
		}
		fresh := map[string]string{}
		for _, f := range d.Findings {
			for _, lang := range []string{"nl", "en"} {
				fresh[lang+f.Code] = i18n.T(lang, "check."+f.Code, f.Args...)
			}
		}
		stored, err := late.Declaration(ctx, w.holder, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range stored.Findings {
			for _, lang := range []string{"nl", "en"} {
				if got := i18n.T(lang, "check."+f.Code, f.Args...); got != fresh[lang+f.Code] || strings.Contains(got, "%!") {
					t.Errorf("%s %s from storage: %q, at refusal %q", lang, f.Code, got, fresh[lang+f.Code])
				}
			}
		}
		if got := i18n.T("en", "check.late_to_holder", stored.Findings[0].Args...); !strings.Contains(got, "within 6 weeks") {
			t.Errorf("stored message: %q", got)
		}
		if !onWorkList(t, late, w.gemeenteA, "work.declaration_late", d.ID) {
			t.Error("the late declaration is not on the verstrekker's work list")
		}
		// Only the verstrekker allows it, with a reason.
		if _, err := late.AllowLate(ctx, w.provider, d.ID, "ziek"); err == nil {
			t.Error("the provider allowed its own late declaration")
		}
		if _, err := late.AllowLate(ctx, w.gemeenteA, d.ID, " "); fieldCode(err, "reason") != "required" {
			t.Errorf("no reason: %v", err)
		}
		d, err = late.AllowLate(ctx, w.gemeenteA, d.ID, "Zorgverlener was opgenomen in het ziekenhuis")
		if err != nil || d.State != domain.DeclAccepted || !d.D.LateAllowed {
			t.Fatalf("allowed: %v %s %v", err, d.State, d.Findings)
		}
		if onWorkList(t, late, w.gemeenteA, "work.declaration_late", d.ID) {
			t.Error("still on the work list once allowed")
		}
		if _, err := late.AllowLate(ctx, w.gemeenteA, d.ID, "nog eens"); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("allowed twice: %v", err)
		}
		// The history: who, for whom, what, for the provider too.
		v, err := late.Declaration(ctx, w.provider, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		var allowed *service.DeclarationEvent
		for i, e := range v.History {
			actions = append(actions, e.Action)
			if e.Action == "declaration.late_allowed" {
				allowed = &v.History[i]
			}
		}
		want := "declaration.create declaration.attach declaration.bij_budgethouder declaration.geweigerd declaration.late_allowed declaration.geaccepteerd"
		if strings.Join(actions, " ") != want {
			t.Errorf("history: %v", actions)
		}
		if allowed == nil || allowed.Reason != "Zorgverlener was opgenomen in het ziekenhuis" || allowed.For != "Gemeente A" || allowed.Actor == "" {
			t.Errorf("the allowance in the history: %+v", allowed)
		}
		for _, e := range v.History {
			if !i18n.Has(e.TextKey) {
				t.Errorf("no words for %s", e.TextKey)
			}
		}
	})
}

// TestEveryCheckMessageFromStorage renders every check's message from a
// stored declaration: the same text as at the moment of the finding.
func TestEveryCheckMessageFromStorage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		d, err := w.svc.CreateDeclaration(ctx, w.provider, october(agID, "4"))
		if err != nil {
			t.Fatal(err)
		}
		day := domain.NewDate(2026, 10, 5)
		all := []domain.Finding{
			{Code: "period_not_passed", Args: []any{day}}, {Code: "second_declaration_month"}, {Code: "late_to_holder", Args: []any{domain.WeeksToHolder}},
			{Code: "late_to_funder", Args: []any{domain.WeeksToSubmit}}, {Code: "kind_not_allowed", Args: []any{"feestdagenuitkering"}}, {Code: "amount_required"},
			{Code: "travel_km_required"}, {Code: "travel_not_agreed"}, {Code: "travel_rate_above_agreed", Args: []any{domain.Cents(19)}},
			{Code: "travel_rate_above_max", Args: []any{domain.MaxTravelPerKm}}, {Code: "date_outside_period", Args: []any{day}},
			{Code: "agreement_not_in_force", Args: []any{day}}, {Code: "declared_while_sick", Args: []any{day}}, {Code: "care_type_not_agreed", Args: []any{"begeleiding"}},
			{Code: "rate_above_agreed", Args: []any{domain.Cents(5250)}}, {Code: "agreed_rate_above_tariff", Args: []any{domain.Cents(6000)}}, {Code: "units_step"},
			{Code: "duplicate_line", Args: []any{day, "begeleiding"}}, {Code: "units_above_max", Args: []any{domain.Cents(800), domain.PerWeek}},
			{Code: "over_24_hours_day", Args: []any{day}}, {Code: "over_40_hours_week", Args: []any{domain.WeekOf(day).String()}},
			{Code: "respite_over_156", Args: []any{int64(domain.MaxRespiteEtmalen / 100)}}, {Code: "budget_insufficient", Args: []any{domain.Cents(12345)}},
			{Code: "iban_invalid"}, {Code: "iban_blocked"}, {Code: "invoice_missing"}, {Code: "invoice_total_mismatch", Args: []any{domain.Cents(84000)}},
			{Code: "signal_shared_iban", Args: []any{2}}, {Code: "signal_many_budget_holders", Args: []any{9}},
			{Code: "signal_hours_jump", Args: []any{domain.Cents(4000), domain.Cents(9000)}}, {Code: "signal_all_max_rate"},
			{Code: "grant_settled"}, {Code: "signal_respite_elsewhere", Args: []any{day}},
		}
		if err := db.Update(ctx, func(tx *store.Tx) error {
			r, err := tx.DeclarationByID(ctx, d.ID, true)
			if err != nil {
				return err
			}
			r.Findings = all
			return tx.SaveDeclaration(ctx, r, r.State, time.Now())
		}); err != nil {
			t.Fatal(err)
		}
		v, err := w.svc.Declaration(ctx, w.provider, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Findings) != len(all) {
			t.Fatalf("%d findings stored, %d read", len(all), len(v.Findings))
		}
		for i, f := range v.Findings {
			for _, lang := range []string{"nl", "en"} {
				want, got := i18n.T(lang, "check."+all[i].Code, all[i].Args...), i18n.T(lang, "check."+f.Code, f.Args...)
				if got != want || strings.Contains(got, "%!") || got == "check."+f.Code {
					t.Errorf("%s %s: from storage %q, at the finding %q", lang, f.Code, got, want)
				}
			}
		}
	})
}

// TestEndedAgreementLastMonthAndPastNotice: a notice may name an end in the
// recent past (from the first day of the previous month); the verstrekker
// confirms it and sees the accepted declaration with days after it; the
// month up to the end can still be declared, days after it are refused.
func TestEndedAgreementLastMonthAndPastNotice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		in := october(agID, "4")
		in.InvoiceTotal = "840,00"
		d, err := w.svc.CreateDeclaration(ctx, w.provider, in)
		if err != nil {
			t.Fatal(err)
		}
		attachInvoice(t, w.svc, w.provider, d.ID)
		w.svc.SendDeclaration(ctx, w.provider, d.ID)
		if d, err = w.svc.ApproveDeclaration(ctx, w.holder, d.ID); err != nil || d.State != domain.DeclAccepted {
			t.Fatalf("accepted: %v %s %v", err, d.State, d.Findings)
		}
		if _, err := w.svc.Act(ctx, w.provider, agID, service.ActInput{Action: domain.ActProposeEnd, Date: "2026-09-30"}); fieldCode(err, "end") != "end_too_far_back" {
			t.Errorf("an end two months back: %v", err)
		}
		if _, err := w.svc.Act(ctx, w.provider, agID, service.ActInput{Action: domain.ActProposeEnd, Date: "2026-10-15"}); err != nil {
			t.Fatalf("an end last month: %v", err)
		}
		v, err := w.svc.Act(ctx, w.gemeenteA, agID, service.ActInput{Action: domain.ActEnd})
		if err != nil || !v.Ended {
			t.Fatalf("end: %v", err)
		}
		if len(v.DeclarationsAfterEnd) != 1 || v.DeclarationsAfterEnd[0] != d.ID {
			t.Errorf("flagged to the verstrekker: %v", v.DeclarationsAfterEnd)
		}
		// The last month of the ended agreement: entered, and the days after the end refused.
		in2 := october(agID, "4")
		in2.Month, in2.Lines[0].Date, in2.Lines[1].Date, in2.Lines[2].Date, in2.Lines[3].Date = "2026-10", "2026-10-06", "2026-10-13", "2026-10-20", "2026-10-27"
		d2, err := w.svc.CreateDeclaration(ctx, w.provider, in2)
		if err != nil {
			t.Fatalf("the last month of an ended agreement: %v", err)
		}
		// Sending it runs the checks at entry: the days after the end are
		// refused at their cells, the days before it are not.
		_, err = w.svc.SendDeclaration(ctx, w.provider, d2.ID)
		e, _ := domain.AsError(err)
		var after, before int
		for _, f := range e.Fields {
			if f.Code != "agreement_not_in_force" {
				continue
			}
			if f.Field == "lines[0].date" || f.Field == "lines[1].date" {
				before++
			} else {
				after++
			}
		}
		if e == nil || after == 0 || before != 0 {
			t.Errorf("days after the end refused %d, days before it %d: %v", after, before, err)
		}
		// A month wholly after the end cannot be entered.
		in3 := october(agID, "4")
		in3.Month = "2026-11"
		if _, err := w.svc.CreateDeclaration(ctx, w.provider, in3); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("a month after the end: %v", err)
		}
	})
}

// TestRevisionFromFirstDayAndLowestAmount: a revision from the grant's first
// day replaces the amount for the whole period; lowering below what is
// committed names that amount and the lowest yearly amount allowed.
func TestRevisionFromFirstDayAndLowestAmount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		g, err := w.svc.ReviseGrant(ctx, w.gemeenteA, w.grantA.ID, service.RevisionInput{EffectiveFrom: "2026-01-01", Reason: "correctie",
			Lines: []service.LineInput{{CareFunction: "begeleiding", Yearly: "9.000"}}})
		if err != nil {
			t.Fatalf("a revision from the first day: %v", err)
		}
		if g.Total() != domain.Euros(9000, 0) {
			t.Errorf("total after a revision from the first day: %s", g.Total())
		}
		agID := approvedAgreement(t, w, w.provider, w.prov)
		in := october(agID, "4")
		in.InvoiceTotal = "840,00"
		d, _ := w.svc.CreateDeclaration(ctx, w.provider, in)
		attachInvoice(t, w.svc, w.provider, d.ID)
		w.svc.SendDeclaration(ctx, w.provider, d.ID)
		if d, err = w.svc.ApproveDeclaration(ctx, w.holder, d.ID); d.State != domain.DeclAccepted {
			t.Fatalf("accepted: %v %v", err, d.Findings)
		}
		_, err = w.svc.ReviseGrant(ctx, w.gemeenteA, w.grantA.ID, service.RevisionInput{EffectiveFrom: "2026-01-15", Reason: "lager",
			Lines: []service.LineInput{{CareFunction: "begeleiding", Yearly: "100"}}})
		e, ok := domain.AsError(err)
		if !ok || len(e.Fields) != 1 || e.Fields[0].Code != "grant_below_used" || len(e.Fields[0].Args) != 2 {
			t.Fatalf("below committed from 15 January: %v", err)
		}
		if committed := e.Fields[0].Args[0].(domain.Cents); committed != 84000 {
			t.Errorf("committed: %s", committed)
		}
		lowest := e.Fields[0].Args[1].(domain.Cents)
		msg := i18n.FieldMessage("nl", e.Fields[0])
		if lowest <= 0 || !strings.Contains(msg, "840,00") || !strings.Contains(msg, lowest.Format("nl")) {
			t.Errorf("message: %q (lowest %s)", msg, lowest)
		}
		// The lowest named is allowed, a cent less is not.
		if _, err := w.svc.ReviseGrant(ctx, w.gemeenteA, w.grantA.ID, service.RevisionInput{EffectiveFrom: "2026-01-15", Reason: "lager",
			Lines: []service.LineInput{{CareFunction: "begeleiding", Yearly: (lowest - 1).Plain("nl")}}}); err == nil {
			t.Errorf("a cent below the lowest was allowed")
		}
		if _, err := w.svc.ReviseGrant(ctx, w.gemeenteA, w.grantA.ID, service.RevisionInput{EffectiveFrom: "2026-01-15", Reason: "lager",
			Lines: []service.LineInput{{CareFunction: "begeleiding", Yearly: lowest.Plain("nl")}}}); err != nil {
			t.Errorf("the lowest named was refused: %v", err)
		}
	})
}

// TestSettledGrantTakesNoReservation: the settlement names the declarations
// still open when it is made, and after it the grant takes no reservation.
func TestSettledGrantTakesNoReservation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		in := october(agID, "4")
		in.InvoiceTotal = "840,00"
		d, err := w.svc.CreateDeclaration(ctx, w.provider, in)
		if err != nil {
			t.Fatal(err)
		}
		attachInvoice(t, w.svc, w.provider, d.ID)
		if _, err := w.svc.SendDeclaration(ctx, w.provider, d.ID); err != nil {
			t.Fatal(err)
		}
		later := service.New(db, service.Options{Now: func() time.Time { return time.Date(2027, 1, 5, 10, 0, 0, 0, domain.Amsterdam) }})
		if n, _, err := later.MakeSettlements(ctx, w.gemeenteA, "2026-12-31"); err != nil || n != 1 {
			t.Fatalf("settle: %d %v", n, err)
		}
		st, err := later.SettlementOfGrant(ctx, w.holder, w.grantA.ID)
		if err != nil || st == nil {
			t.Fatalf("settlement: %v", err)
		}
		if len(st.Open) != 1 || st.Open[0].DeclarationID != d.ID || st.Open[0].Total != 84000 {
			t.Errorf("open declarations named: %+v", st.Open)
		}
		d, err = later.ApproveDeclaration(ctx, w.holder, d.ID)
		if err != nil || d.State != domain.DeclRefused || !hasFinding(d.Findings, "grant_settled") {
			t.Fatalf("approved after the settlement: %v %s %v", err, d.State, d.Findings)
		}
		g, _ := later.Grant(ctx, w.holder, w.grantA.ID)
		if g.Balance.Reserved != 0 {
			t.Errorf("reserved after the settlement: %+v", g.Balance)
		}
	})
}

// TestPaperReceivedDate: a paper declaration's date received lies after the
// end of its month; when that date, not the day of registering, met the
// deadline, it is recorded and shown.
func TestPaperReceivedDate(t *testing.T) {
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
		if _, err := w.svc.RegisterPaperDeclaration(ctx, svb, in, "2026-10-20", "scan.pdf", []byte("%PDF-1.4\n%%EOF\n")); fieldCode(err, "received") != "received_before_period_end" {
			t.Errorf("received before the month ended: %v", err)
		}
		// Registered on 20 December (past the six weeks), received on 10 December (within them).
		later := service.New(db, service.Options{Now: func() time.Time { return time.Date(2026, 12, 20, 10, 0, 0, 0, domain.Amsterdam) }})
		d, err := later.RegisterPaperDeclaration(ctx, svb, in, "2026-12-10", "scan.pdf", []byte("%PDF-1.4\n%%EOF\n"))
		if err != nil {
			t.Fatal(err)
		}
		v, err := later.Declaration(ctx, w.gemeenteA, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		recorded := false
		for _, e := range v.History {
			recorded = recorded || e.Action == "declaration.received_decides"
		}
		if !v.ReceivedDecides || !recorded {
			t.Errorf("the date received decided the deadline: shown %v, recorded %v", v.ReceivedDecides, recorded)
		}
	})
}

// TestOwnDataHasDeclarationLines: the own-data download holds each
// declaration's lines (dates, care, hours).
func TestOwnDataHasDeclarationLines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		if _, err := w.svc.CreateDeclaration(ctx, w.provider, october(agID, "4")); err != nil {
			t.Fatal(err)
		}
		d, err := w.svc.MyData(ctx, w.holder, "")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(d)
		if len(d.Holders) != 1 || len(d.Holders[0].Declarations) != 1 || !strings.Contains(string(b), `"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units":400`) {
			t.Errorf("own data without the lines: %s", b)
		}
	})
}

// TestOwnDataHoldsEveryDeclaration: the own-data download (GDPR access)
// holds every declaration of the holder, also past the first page of the
// list (it read the newest 200 only).
func TestOwnDataHoldsEveryDeclaration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		d, err := w.svc.CreateDeclaration(ctx, w.provider, october(agID, "4"))
		if err != nil {
			t.Fatal(err)
		}
		const copies = 1100 // over two pages of the whole-list reading
		cols := `agreement_id, budget_holder_id, provider_id, grant_id, kind, period_start, period_end, state, invoice_number, invoice_total_cents,
			total_cents, has_attachment, travel_km, travel_per_km_cents, amount_cents, source, entered_by, created_at, updated_at, findings_json, reason, verstrekker_id`
		if err := db.RawExec(ctx, `INSERT INTO declarations (`+cols+`)
			WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			SELECT `+cols+` FROM declarations, n WHERE id = ?`, copies, d.ID); err != nil {
			t.Fatal(err)
		}
		mine, err := w.svc.MyData(ctx, w.holder, "")
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int64]bool{}
		for _, x := range mine.Holders[0].Declarations {
			seen[x.ID] = true
		}
		if len(mine.Holders[0].Declarations) != copies+1 || len(seen) != copies+1 {
			t.Errorf("own data holds %d declarations (%d distinct), the holder has %d", len(mine.Holders[0].Declarations), len(seen), copies+1)
		}
	})
}

// TestRespiteAtTwoPlacesHeld: two providers declare respite care
// (logeren) for the same budget holder. The first is accepted; the
// second, with a night the first already declared and one it did not, is
// held with the signal for that one night, for the verstrekker (who sees it
// on its work list), rather than accepted.
func TestRespiteAtTwoPlacesHeld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		respite := func(in *service.AgreementInput) {
			in.Lines = append(in.Lines, service.CareLineInput{CareType: domain.RespiteCareType, Unit: "etmaal", Rate: "100,00", MaxUnits: "7", Per: "week"})
		}
		ag1 := approvedAgreement(t, w, w.provider, w.prov, respite)
		ag2 := approvedAgreement(t, w, w.otherProvider, w.prov2, respite)
		declare := func(p service.Actor, agID int64, nights ...string) service.DeclarationView {
			t.Helper()
			in := service.DeclarationInput{AgreementID: agID, Month: "2026-10", InvoiceNumber: "L-" + nights[0], InvoiceTotal: domain.Cents(10000 * len(nights)).Plain("nl")}
			for _, n := range nights {
				in.Lines = append(in.Lines, service.DeclLineInput{Date: n, CareType: domain.RespiteCareType, Unit: "etmaal", Units: "1"})
			}
			d, err := w.svc.CreateDeclaration(ctx, p, in)
			if err != nil {
				t.Fatal(err)
			}
			attachInvoice(t, w.svc, p, d.ID)
			if _, err := w.svc.SendDeclaration(ctx, p, d.ID); err != nil {
				t.Fatal(err)
			}
			if d, err = w.svc.ApproveDeclaration(ctx, w.holder, d.ID); err != nil {
				t.Fatal(err)
			}
			return d
		}
		if d := declare(w.provider, ag1, "2026-10-10"); d.State != domain.DeclAccepted {
			t.Fatalf("the first night: %s %v", d.State, d.Findings)
		}
		// The other provider declares the 10th and the 17th: held for the 10th only.
		second := declare(w.otherProvider, ag2, "2026-10-10", "2026-10-17")
		var nights []any
		for _, f := range second.Findings {
			if f.Code == "signal_respite_elsewhere" {
				nights = append(nights, f.Args...)
			}
		}
		if second.State != domain.DeclHeld || len(nights) != 1 || nights[0] != domain.NewDate(2026, 10, 10) {
			t.Errorf("the same night elsewhere: %s %v", second.State, second.Findings)
		}
		if !onWorkList(t, w.svc, w.gemeenteA, "work.declaration_held", second.ID) {
			t.Error("the held respite is not on the verstrekker's work list")
		}
	})
}

// TestRetroactiveGrantDeadlines: a grant decided on 20 November for a
// period from 1 September. September's care sent on 23 November, past six
// weeks after September but within six weeks of the decision, is accepted;
// on a grant decided before September the same is refused as late.
func TestRetroactiveGrantDeadlines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		holderB := holderActor(t, w.svc, w.holderB, "b@example.nl")
		// The agreement is made by agree: today for the retroactive grant,
		// in October for the other (its start then within eight weeks).
		early := service.New(db, service.Options{Now: func() time.Time { return time.Date(2026, 10, 20, 10, 0, 0, 0, domain.Amsterdam) }})
		september := func(decided string, agree *service.Service, provider service.Actor, p domain.Provider) service.DeclarationView {
			t.Helper()
			g, err := w.svc.CreateGrant(ctx, w.gemeenteB, service.GrantInput{BudgetHolderID: w.holderB.ID, Law: "wmo", Reference: "B-" + decided,
				Start: "2026-09-01", End: "2026-12-31", DecidedOn: decided, Lines: []service.LineInput{{CareFunction: "begeleiding", Yearly: "10.000"}}})
			if err != nil {
				t.Fatal(err)
			}
			in := agreementInput(g.ID, p.ID)
			in.KvK = string(p.KvK)
			in.Start = "2026-09-01"
			v, err := agree.CreateAgreement(ctx, holderB, in)
			if err != nil {
				t.Fatal(err)
			}
			for _, step := range []struct {
				who service.Actor
				in  service.ActInput
			}{
				{holderB, service.ActInput{Action: domain.ActSendToSign}},
				{holderB, service.ActInput{Action: domain.ActSign, Secret: "lang genoeg wachtwoord"}},
				{provider, service.ActInput{Action: domain.ActSign, Secret: "lang genoeg wachtwoord"}},
				{holderB, service.ActInput{Action: domain.ActSubmit}},
				{w.gemeenteB, service.ActInput{Action: domain.ActApprove}},
			} {
				if _, err := agree.Act(ctx, step.who, v.ID, step.in); err != nil {
					t.Fatalf("%s: %v", step.in.Action, err)
				}
			}
			in2 := october(v.ID, "4")
			in2.Month, in2.InvoiceTotal = "2026-09", "840,00"
			for i, day := range []string{"2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"} {
				in2.Lines[i].Date = day
			}
			d, err := w.svc.CreateDeclaration(ctx, provider, in2)
			if err != nil {
				t.Fatal(err)
			}
			attachInvoice(t, w.svc, provider, d.ID)
			if _, err := w.svc.SendDeclaration(ctx, provider, d.ID); err != nil {
				t.Fatal(err)
			}
			if d, err = w.svc.ApproveDeclaration(ctx, holderB, d.ID); err != nil {
				t.Fatal(err)
			}
			return d
		}
		if d := september("2026-11-20", w.svc, w.provider, w.prov); d.State != domain.DeclAccepted {
			t.Errorf("September of a grant decided on 20 November: %s %v", d.State, d.Findings)
		}
		if d := september("2026-08-20", early, w.otherProvider, w.prov2); d.State != domain.DeclRefused || !hasFinding(d.Findings, "late_to_holder") {
			t.Errorf("September of a grant decided on 20 August: %s %v", d.State, d.Findings)
		}
	})
}
