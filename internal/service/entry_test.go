package service_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestEntryRefusesWhatTheChecksWouldRefuse: a declaration the checks would
// refuse at approval is refused when it is sent to the budget holder, at
// its field, whichever way it comes in: the page and the API
// (EnterDeclaration), a batch and a CSV file (BatchDeclarations), paper
// (RegisterPaperDeclaration). Nothing of it is stored and the budget
// holder hears of nothing.
func TestEntryRefusesWhatTheChecksWouldRefuse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		svbOrg, err := w.svc.CreateOrganisation(ctx, service.System, domain.Organisation{Kind: domain.SVB, Name: "SVB", Code: "SVB"})
		if err != nil {
			t.Fatal(err)
		}
		svb := staff(t, w.svc, svbOrg, "post@svb.nl")
		agID := approvedAgreement(t, w, w.provider, w.prov)
		// Another agreement, in force from 14 October only.
		late := approvedAgreement(t, w, w.otherProvider, w.prov2, func(a *service.AgreementInput) { a.Start, a.KvK = "2026-10-14", "87654321" })
		invoice := []service.Upload{{Name: "factuur.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}}
		good := func(ag int64) service.DeclarationInput {
			in := october(ag, "2")
			in.InvoiceTotal, in.Files = "420,00", invoice
			return in
		}
		// One accepted October declaration on the first agreement, for the duplicate.
		first, err := w.svc.SubmitDeclaration(ctx, w.provider, good(agID))
		if err != nil {
			t.Fatal(err)
		}
		if first, err = w.svc.ApproveDeclaration(ctx, w.holder, first.ID); err != nil || first.State != domain.DeclAccepted {
			t.Fatalf("the first declaration: %v %s %v", err, first.State, first.Findings)
		}
		type want struct{ field, code string }
		cases := []struct {
			name     string
			who      service.Actor
			in       func() service.DeclarationInput
			want     []want
			notPaper bool // paper comes with its scan: it is never without
		}{
			{"a zzp'er without the invoice", w.otherProvider, func() service.DeclarationInput {
				in := good(late)
				in.Lines, in.Files, in.InvoiceTotal = in.Lines[2:], nil, "210,00"
				return in
			}, []want{{"file", "invoice_missing"}}, true},
			{"a month that has not passed", w.provider, func() service.DeclarationInput {
				in := good(agID)
				in.Month = "2026-11"
				in.Lines = []service.DeclLineInput{{Date: "2026-11-02", CareType: "begeleiding", Unit: "uur", Units: "2"}}
				in.InvoiceTotal = "105,00"
				return in
			}, []want{{"month", "period_not_passed"}}, true}, // paper for a month not over is refused at its received date (TestPaperReceivedDate)
			{"days before the agreement, as typed (out of order, with an empty cell)", w.otherProvider, func() service.DeclarationInput {
				in := good(late)
				in.Lines = []service.DeclLineInput{
					{Date: "2026-10-26", CareType: "begeleiding", Unit: "uur", Units: "2"},
					{Date: "2026-10-19", CareType: "begeleiding", Unit: "uur", Units: ""},
					{Date: "2026-10-05", CareType: "begeleiding", Unit: "uur", Units: "2"},
				}
				return in
			}, []want{{"lines[2].date", "agreement_not_in_force"}}, false},
			{"a second declaration for the agreement and month", w.provider, func() service.DeclarationInput { return good(agID) },
				[]want{{"month", "second_declaration_month"}, {"lines[0].date", "duplicate_line"}}, false},
			{"an invoice total that differs", w.otherProvider, func() service.DeclarationInput {
				in := good(late)
				in.Lines = in.Lines[2:]
				in.InvoiceTotal = "200,00"
				return in
			}, []want{{"invoice_total", "invoice_total_mismatch"}}, false},
		}
		check := func(t *testing.T, name string, err error, ws []want) {
			t.Helper()
			for _, w := range ws {
				if got := fieldCode(err, w.field); got != w.code {
					t.Errorf("%s: at %s %q, want %q (%v)", name, w.field, got, w.code, err)
				}
			}
		}
		_, unreadBefore, _ := w.svc.Inbox(ctx, w.holder)
		for _, c := range cases {
			// The page and the API.
			_, err := w.svc.EnterDeclaration(ctx, c.who, c.in(), true)
			check(t, c.name+" (page, API)", err, c.want)
			// A batch (the API's, or a CSV file): its own outcome, nothing stored.
			_, _, _, err = w.svc.BatchDeclarations(ctx, c.who, service.BatchRequest{Items: []service.DeclarationInput{c.in()}, Send: true},
				func(outs []service.BatchOutcome) (int, []byte, error) {
					check(t, c.name+" (batch, CSV)", outs[0].Err, c.want)
					if outs[0].ID != 0 {
						t.Errorf("%s (batch): stored as %d", c.name, outs[0].ID)
					}
					return 200, nil, nil
				})
			if err != nil {
				t.Fatal(err)
			}
			// Paper.
			if !c.notPaper {
				_, err = w.svc.RegisterPaperDeclaration(ctx, svb, c.in(), "2026-11-20", "scan.pdf", []byte("%PDF-1.4\n%%EOF\n"))
				check(t, c.name+" (paper)", err, c.want)
			}
		}
		// Nothing was stored beside the first, and the budget holder heard of nothing.
		for _, p := range []service.Actor{w.provider, w.otherProvider} {
			if list, _ := w.svc.Declarations(ctx, p); len(list) != 0 && (len(list) != 1 || list[0].ID != first.ID) {
				t.Errorf("stored: %d declarations", len(list))
			}
		}
		if _, unread, _ := w.svc.Inbox(ctx, w.holder); unread != unreadBefore {
			t.Errorf("the budget holder has %d unread notices, want %d", unread, unreadBefore)
		}
		// A concept may still be saved as it is, and is refused when sent.
		c, err := w.svc.CreateDeclaration(ctx, w.otherProvider, cases[0].in())
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.SendDeclaration(ctx, w.otherProvider, c.ID)
		check(t, "sending a concept without an invoice", err, cases[0].want)
		// What passes at entry reaches the budget holder.
		in := good(late)
		in.Lines, in.InvoiceTotal = in.Lines[2:], "210,00"
		d, err := w.svc.SubmitDeclaration(ctx, w.otherProvider, in)
		if err != nil || d.State != domain.DeclAtHolder {
			t.Errorf("a good declaration: %v %s", err, d.State)
		}
	})
}
