package service_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// A provider who is done with the month submits it in one step: the
// declaration is stored already with the budget holder, who is told, and
// its lines count for the checks of the next one at once.
func TestSubmitDeclaration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		in := october(agID, "4")
		in.InvoiceTotal = "840,00"
		in.Files = []service.Upload{{Name: "factuur.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}}

		// Refused at a field: nothing is stored, not even a concept.
		bad := october(agID, "4,1")
		bad.Files = []service.Upload{{Name: "factuur.pdf", Data: []byte("GIF89a")}}
		if _, err := w.svc.SubmitDeclaration(ctx, w.provider, bad); fieldCode(err, "lines[0].units") != "units_step" || fieldCode(err, "file") != "file_type" {
			t.Fatalf("bad units and a GIF: %v", err)
		}
		if _, err := w.svc.SubmitDeclaration(ctx, w.otherProvider, in); domain.KindOf(err) != domain.KindNotFound {
			t.Fatalf("another provider's agreement: %v", err)
		}
		if ds, err := w.svc.Declarations(ctx, w.provider); err != nil || len(ds) != 0 {
			t.Fatalf("refused submissions left %d declarations (%v)", len(ds), err)
		}
		_, unreadBefore, err := w.svc.Inbox(ctx, w.holder)
		if err != nil {
			t.Fatal(err)
		}

		d, err := w.svc.SubmitDeclaration(ctx, w.provider, in)
		if err != nil {
			t.Fatal(err)
		}
		if d.State != domain.DeclAtHolder || d.D.SentToHolder != w.svc.Today() || d.D.Total() != 84000 || d.Provider.ID != w.prov.ID {
			t.Fatalf("submitted: %s sent %v total %d provider %d", d.State, d.D.SentToHolder, d.D.Total(), d.Provider.ID)
		}
		// What the step returned is what is stored.
		stored, err := w.svc.Declaration(ctx, w.holder, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.State != d.State || stored.RowVersion != d.RowVersion || stored.D.SentToHolder != d.D.SentToHolder || len(stored.D.Lines) != len(d.D.Lines) ||
			!stored.CreatedAt.Equal(d.CreatedAt) || stored.Total != d.Total {
			t.Errorf("returned %+v\nstored   %+v", d.DeclarationRow, stored.DeclarationRow)
		}
		for i := range d.D.Lines {
			if d.D.Lines[i] != stored.D.Lines[i] {
				t.Errorf("line %d: returned %+v, stored %+v", i, d.D.Lines[i], stored.D.Lines[i])
			}
		}
		if _, unread, _ := w.svc.Inbox(ctx, w.holder); unread != unreadBefore+1 {
			t.Errorf("holder's unread notices: %d, want %d", unread, unreadBefore+1)
		}
		// Both steps are in the audit log, in order, and the chain holds.
		err = db.View(ctx, func(tx *store.Tx) error {
			recs, err := tx.AuditOf(ctx, "declaration", d.ID, 10)
			if err != nil {
				return err
			}
			if len(recs) != 3 || recs[2].Action != "declaration.create" || recs[1].Action != "declaration.attach" || recs[0].Action != "declaration."+string(domain.DeclAtHolder) || recs[0].Seq != recs[2].Seq+2*audit.Lanes { // one transaction: one lane
				t.Errorf("audit of the submission: %+v", recs)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, probs, err := w.svc.VerifyAudit(ctx); err != nil || len(probs) != 0 {
			t.Errorf("audit chain: %v %v", probs, err)
		}

		if len(d.Attachments) != 0 {
			t.Errorf("the new declaration's view lists %d attachments before they are read", len(d.Attachments))
		}
		// Its lines count at once, stored with the budget holder: the same
		// days again are a duplicate, and a second declaration this month.
		in2 := october(agID, "4")
		in2.InvoiceTotal = "840,00"
		in2.Files = in.Files
		if _, err := w.svc.SubmitDeclaration(ctx, w.provider, in2); fieldCode(err, "month") != "second_declaration_month" || fieldCode(err, "lines[0].date") != "duplicate_line" {
			t.Errorf("second submission: %v", err)
		}
		if d, err = w.svc.ApproveDeclaration(ctx, w.holder, d.ID); err != nil || d.State != domain.DeclAccepted {
			t.Fatalf("approve: %v %s %v", err, d.State, d.Findings)
		}
		if len(d.Attachments) != 1 {
			t.Errorf("approved declaration shows %d attachments, want 1", len(d.Attachments))
		}
		g, _ := w.svc.Grant(ctx, w.holder, w.grantA.ID)
		if g.Balance.Reserved != 84000 {
			t.Errorf("reserved %d, want 84000", g.Balance.Reserved)
		}
	})
}
