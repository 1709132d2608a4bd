package service_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// follow reads a's change feed from after until it is empty, in small
// pages, and returns what it read and the cursor to go on from.
func follow(t *testing.T, svc *service.Service, a service.Actor, after int64) ([]store.Event, int64) {
	t.Helper()
	var out []store.Event
	for {
		page, next, err := svc.Events(context.Background(), a, after, 7)
		if err != nil {
			t.Error(err)
			return out, after
		}
		out = append(out, page...)
		if len(page) == 0 {
			return out, next
		}
		after = next
	}
}

// TestEventFeedUnderConcurrentWriters: many goroutines approve and reject
// declarations at once while readers follow the feed of the budget holder,
// the provider, the verstrekker and the SVB in small pages. Each reader
// gets every event it may see exactly once, in id order, and for each
// declaration its submission before its decision; a reader of another
// verstrekker or provider sees none of them.
func TestEventFeedUnderConcurrentWriters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		svbOrg, err := w.svc.CreateOrganisation(ctx, service.System, domain.Organisation{Kind: domain.SVB, Name: "SVB", Code: "SVB1"})
		if err != nil {
			t.Fatal(err)
		}
		svb := staff(t, w.svc, svbOrg, "s@svb.nl")
		// Ten providers with an agreement each, and a declaration for
		// October of each.
		var ids []int64
		for p := range 10 {
			prov, err := w.svc.CreateProvider(ctx, service.System, service.ProviderInput{Kind: "zzp", Name: fmt.Sprintf("Zorg %d", p), KvK: fmt.Sprintf("%08d", 50000000+p), IBAN: "NL91ABNA0417164300"})
			if err != nil {
				t.Fatal(err)
			}
			acc, err := w.svc.CreateAccount(ctx, service.System, service.NewAccount{Email: fmt.Sprintf("zorg%d@example.nl", p), Name: prov.Name, Password: "lang genoeg wachtwoord"})
			if err != nil {
				t.Fatal(err)
			}
			r, err := w.svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleProvider, ProviderID: prov.ID})
			if err != nil {
				t.Fatal(err)
			}
			who := service.Actor{AccountID: acc.ID, Role: r}
			if p == 0 {
				w.provider = who // the provider whose feed is followed
			}
			agID := approvedAgreement(t, w, who, prov)
			for _, month := range []string{"2026-10"} {
				in := service.DeclarationInput{AgreementID: agID, Month: month, InvoiceNumber: "F-" + month, InvoiceTotal: "52,50",
					Lines: []service.DeclLineInput{{Date: month + "-05", CareType: "begeleiding", Unit: "uur", Units: "1"}}}
				d, err := w.svc.CreateDeclaration(ctx, who, in)
				if err != nil {
					t.Fatal(err)
				}
				attachInvoice(t, w.svc, who, d.ID)
				if _, err := w.svc.SendDeclaration(ctx, who, d.ID); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, d.ID)
			}
		}
		readers := map[string]service.Actor{"holder": w.holder, "provider": w.provider, "verstrekker": w.gemeenteA, "svb": svb,
			"other verstrekker": w.gemeenteB, "other provider": w.otherProvider}
		// Each reader starts from where the feed is now.
		start := map[string]int64{}
		for name, a := range readers {
			_, start[name] = follow(t, w.svc, a, 0)
		}

		work := make(chan int64)
		var writers sync.WaitGroup
		for range 8 {
			writers.Add(1)
			go func() {
				defer writers.Done()
				for id := range work {
					var err error
					if id%2 == 0 {
						_, err = w.svc.ApproveDeclaration(ctx, w.holder, id)
					} else {
						_, err = w.svc.RejectDeclaration(ctx, w.holder, id, "klopt niet")
					}
					if err != nil {
						t.Errorf("declaration %d: %v", id, err)
					}
				}
			}()
		}
		done := make(chan struct{})
		got := map[string][]store.Event{}
		var mu sync.Mutex
		var readersWG sync.WaitGroup
		for name, a := range readers {
			readersWG.Add(1)
			go func() {
				defer readersWG.Done()
				cursor := start[name]
				var seen []store.Event
				for {
					select {
					case <-done:
						page, _ := follow(t, w.svc, a, cursor) // the rest, after the last writer
						seen = append(seen, page...)
						mu.Lock()
						got[name] = seen
						mu.Unlock()
						return
					default:
					}
					page, next, err := w.svc.Events(ctx, a, cursor, 3)
					if err != nil {
						t.Error(err)
						return
					}
					seen, cursor = append(seen, page...), next
					if len(page) == 0 {
						time.Sleep(time.Millisecond)
					}
				}
			}()
		}
		for _, id := range ids {
			work <- id
		}
		close(work)
		writers.Wait()
		close(done)
		readersWG.Wait()

		ours := map[int64]bool{}
		for _, id := range ids {
			ours[id] = true
		}
		for name, a := range readers {
			seen := got[name]
			all, _ := follow(t, w.svc, a, start[name]) // the feed as it stands, read once more at rest
			if len(seen) != len(all) {
				t.Errorf("%s: followed %d events while they were written, %d are there", name, len(seen), len(all))
			}
			for i := range min(len(seen), len(all)) {
				if seen[i] != all[i] {
					t.Errorf("%s: event %d followed as %+v, stored as %+v", name, i, seen[i], all[i])
					break
				}
			}
			for i := 1; i < len(seen); i++ {
				if seen[i].ID <= seen[i-1].ID {
					t.Errorf("%s: event %d after %d: repeated or out of order", name, seen[i].ID, seen[i-1].ID)
				}
			}
			decided := map[int64]string{}
			for _, e := range seen {
				if e.ObjectType != "declaration" || !ours[e.ObjectID] {
					continue
				}
				if decided[e.ObjectID] != "" {
					t.Errorf("%s: declaration %d decided twice: %s, %s", name, e.ObjectID, decided[e.ObjectID], e.Type)
				}
				decided[e.ObjectID] = e.Type
			}
			mine := ids // the reader's declarations
			switch name {
			case "provider":
				mine = ids[:1] // the first provider's only
			case "other verstrekker", "other provider":
				mine = nil
			}
			if len(decided) != len(mine) {
				t.Errorf("%s sees decisions on %d declarations, want %d", name, len(decided), len(mine))
			}
			for _, id := range mine {
				want := map[bool][]string{true: {"declaration.accepted", "declaration.refused", "declaration.held"}, false: {"declaration.rejected"}}[id%2 == 0]
				if !contains(want, decided[id]) {
					t.Errorf("%s: declaration %d: event %q, want one of %v", name, id, decided[id], want)
				}
			}
		}
		// Each object's events are in the order of its changes: a
		// declaration's submission comes before its decision.
		all, _ := follow(t, w.svc, w.holder, 0)
		pos := map[int64]int{}
		for i, e := range all {
			if e.ObjectType == "declaration" && e.Type == "declaration.submitted" {
				pos[e.ObjectID] = i + 1
			}
		}
		for i, e := range all {
			if e.ObjectType == "declaration" && ours[e.ObjectID] && e.Type != "declaration.submitted" && (pos[e.ObjectID] == 0 || pos[e.ObjectID] > i) {
				t.Errorf("declaration %d: %s before its submission", e.ObjectID, e.Type)
			}
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestEventFeedFollowsAPayRun: a payment run's steps are in the SVB's feed,
// not a provider's; each declaration it paid is in its provider's, its
// budget holder's and its verstrekker's feed as declaration.paid, after
// its acceptance; the agreements' approvals are in the verstrekker's.
func TestEventFeedFollowsAPayRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		run, _, err := w.svc.StartPayRun(ctx, w.svb, "2026-10-31", "2026-11-24")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.WritePayRunFile(ctx, w.svb, run.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.ExecutePayRun(ctx, w.svb, run.ID, nil); err != nil {
			t.Fatal(err)
		}
		types := func(a service.Actor, objectType string, id int64) []string {
			evs, _ := follow(t, w.svc, a, 0)
			var out []string
			for _, e := range evs {
				if e.ObjectType == objectType && (id == 0 || e.ObjectID == id) {
					out = append(out, e.Type)
				}
			}
			return out
		}
		if got := types(w.svb, "payrun", run.ID); fmt.Sprint(got) != "[payrun.prepared payrun.file_written payrun.executed]" {
			t.Errorf("the SVB follows the run as %v", got)
		}
		for _, who := range []service.Actor{w.provider, w.holder, w.gemeenteA} {
			if got := types(who, "payrun", 0); len(got) != 0 {
				t.Errorf("%s follows payment runs: %v", who.Role.Role, got)
			}
		}
		for who, want := range map[*service.Actor]string{
			&w.provider: "[declaration.submitted declaration.accepted declaration.paid]", &w.holder: "[declaration.submitted declaration.accepted declaration.paid]",
			&w.gemeenteA: "[declaration.submitted declaration.accepted declaration.paid]", &w.svb: "[declaration.submitted declaration.accepted declaration.paid]",
			&w.otherProvider: "[]", &w.gemeenteB: "[]",
		} {
			if got := types(*who, "declaration", w.decls[0]); fmt.Sprint(got) != want {
				t.Errorf("%s follows the first declaration as %v, want %s", who.Role.Role, got, want)
			}
		}
		if got := types(w.gemeenteA, "agreement", 0); fmt.Sprint(got) != "[agreement.submitted agreement.approved agreement.submitted agreement.approved]" {
			t.Errorf("the verstrekker follows the agreements as %v", got)
		}
		if got := types(w.gemeenteB, "agreement", 0); len(got) != 0 {
			t.Errorf("another verstrekker follows them: %v", got)
		}
	})
}

// TestEventFeedTellsWhenAJobIsDone: a payment run started as a job tells
// the SVB's system in the feed that it is done (job.done, with the job's
// id to read its result); a provider, a budget holder and a verstrekker do
// not see the SVB's job.
func TestEventFeedTellsWhenAJobIsDone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		w.svc = jobService(db, t.TempDir(), nil)
		job, _, err := w.svc.StartPayRunJob(ctx, w.svb, "2026-10-31", "")
		if err != nil {
			t.Fatal(err)
		}
		if ran, err := w.svc.NewJobRunner().RunOne(ctx); !ran || err != nil {
			t.Fatalf("runner: %v %v", ran, err)
		}
		jobEvents := func(a service.Actor) []string {
			evs, _ := follow(t, w.svc, a, 0)
			var out []string
			for _, e := range evs {
				if e.ObjectType == "job" {
					out = append(out, fmt.Sprintf("%s %d %s", e.Type, e.ObjectID, e.State))
				}
			}
			return out
		}
		if got, want := fmt.Sprint(jobEvents(w.svb)), fmt.Sprintf("[job.done %d %s]", job.ID, store.JobDone); got != want {
			t.Errorf("the SVB follows its job as %s, want %s", got, want)
		}
		for _, who := range []service.Actor{w.provider, w.holder, w.gemeenteA} {
			if got := jobEvents(who); len(got) != 0 {
				t.Errorf("%s sees the SVB's job: %v", who.Role.Role, got)
			}
		}
	})
}
