package service_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/documents/csvdoc"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// exportService is a process on the payment world's database whose export
// jobs read one row at a time (so that a few declarations walk many
// pages), with jobs run by hand.
func exportService(db *store.DB, dir string, fault func(string) error) *service.Service {
	return service.New(db, service.Options{Now: func() time.Time { return now }, FileDir: dir, Fault: fault, Payer: testPayer, JobsByHand: true, ExportPage: 1})
}

// readExport runs the due jobs and reads the job's file as who.
func readExport(t *testing.T, svc *service.Service, who service.Actor, jobID int64) (store.Job, []byte) {
	t.Helper()
	ctx := context.Background()
	if _, err := svc.NewJobRunner().RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	f, j, res, err := svc.ExportFile(ctx, who, jobID)
	if err != nil {
		t.Fatalf("export file of job %d: %v", jobID, err)
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	if int64(len(b)) != res.FileBytes || res.FileSHA256 == "" {
		t.Errorf("file of %d bytes, result says %d", len(b), res.FileBytes)
	}
	return j, b
}

func csvRows(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Errorf("no byte order mark: %q", b[:min(len(b), 10)])
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestExportJobWritesTheListAsItShowsIt: the declarations export of each
// role has the rows its list has, in its order, page after page, with the
// parties' names; a filter narrows it as it narrows the list; another
// organisation's staff and another provider do not find the job or its
// file; and the settlements export is byte for byte the immediate CSV.
func TestExportJobWritesTheListAsItShowsIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		w.svc = exportService(db, t.TempDir(), nil)
		// A third declaration, still at the budget holder, in another month.
		first, err := w.svc.Declaration(ctx, w.provider, w.decls[0])
		if err != nil {
			t.Fatal(err)
		}
		in := october(first.AgreementID, "1")
		in.Month = "2026-09"
		for i := range in.Lines {
			in.Lines[i].Date = strings.Replace(in.Lines[i].Date, "-10-", "-09-", 1)
		}
		if _, err := w.svc.CreateDeclaration(ctx, w.provider, in); err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			name string
			who  service.Actor
			q    service.ListQueryInput
			rows int
		}{
			{"svb, all", w.svb, service.ListQueryInput{}, 3},
			{"svb, october", w.svb, service.ListQueryInput{Month: "2026-10"}, 2},
			{"verstrekker", w.gemeenteA, service.ListQueryInput{}, 3},
			{"provider", w.otherProvider, service.ListQueryInput{}, 1},
			{"budget holder, name", w.holder, service.ListQueryInput{Q: "ander"}, 1},
		} {
			job, err := w.svc.StartExportJob(ctx, c.who, service.ExportDeclarations, c.q)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if _, _, _, err := w.svc.ExportFile(ctx, c.who, job.ID); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("%s: a file before the job ran: %v", c.name, err)
			}
			j, b := readExport(t, w.svc, c.who, job.ID)
			rows := csvRows(t, b)
			if strings.Join(rows[0], ";") != strings.Join(csvdoc.DeclarationsHeader, ";") {
				t.Errorf("%s: header %v", c.name, rows[0])
			}
			rows = rows[1:]
			list, err := w.svc.DeclarationList(ctx, c.who, service.ParseListQuery(c.q), 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != c.rows || len(list.Items) != c.rows || service.ResultOf(j).Rows != int64(c.rows) {
				t.Fatalf("%s: %d rows, the list %d, the result %d; want %d", c.name, len(rows), len(list.Items), service.ResultOf(j).Rows, c.rows)
			}
			for i, it := range list.Items {
				want := []string{strconv.FormatInt(it.ID, 10), it.Period.String()[:7], it.Kind, string(it.Law), strconv.FormatInt(it.BudgetHolderID, 10), it.Holder,
					strconv.FormatInt(it.ProviderID, 10), it.ProviderName, it.Total.Plain("nl"), it.State}
				if strings.Join(rows[i], ";") != strings.Join(want, ";") {
					t.Errorf("%s: row %d\n got %v\nwant %v", c.name, i, rows[i], want)
				}
			}
			if j.Total != int64(c.rows) || j.Done != j.Total || j.StepKey != "job.step.export" {
				t.Errorf("%s: progress %d of %d at %q", c.name, j.Done, j.Total, j.StepKey)
			}
		}

		// Another organisation's staff, another provider: not found.
		job, err := w.svc.StartExportJob(ctx, w.gemeenteA, service.ExportDeclarations, service.ListQueryInput{})
		if err != nil {
			t.Fatal(err)
		}
		readExport(t, w.svc, w.gemeenteA, job.ID)
		for name, who := range map[string]service.Actor{"another municipality": w.gemeenteB, "the SVB": w.svb, "a provider": w.provider, "the budget holder": w.holder} {
			if _, err := w.svc.Job(ctx, who, job.ID); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("%s sees the job: %v", name, err)
			}
			if _, _, _, err := w.svc.ExportFile(ctx, who, job.ID); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("%s gets the file: %v", name, err)
			}
		}
		noMFA := w.gemeenteA
		noMFA.MFA = false
		if _, _, _, err := w.svc.ExportFile(ctx, noMFA, job.ID); err == nil {
			t.Error("the file without the second factor")
		}
		if _, err := w.svc.StartExportJob(ctx, w.provider, service.ExportSettlements, service.ListQueryInput{}); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("a provider exports settlements: %v", err)
		}
		if _, err := w.svc.StartExportJob(ctx, w.svb, "accounts", service.ListQueryInput{}); fieldCode(err, "list") != "export_list_unknown" {
			t.Errorf("an unknown list: %v", err)
		}

		// Settlements: the job's file is the immediate CSV, byte for byte.
		if _, err := w.svc.CreateGrant(ctx, w.gemeenteA, service.GrantInput{BudgetHolderID: w.holderA.ID, Law: "wmo", Reference: "A-2025",
			Start: "2025-01-01", End: "2025-12-31", DecidedOn: "2024-12-20", Lines: []service.LineInput{{CareFunction: "begeleiding", Yearly: "12.000"}}}); err != nil {
			t.Fatal(err)
		}
		if n, _, err := w.svc.MakeSettlements(ctx, w.gemeenteA, "2026-11-23"); err != nil || n == 0 {
			t.Fatalf("settlements: %d %v", n, err)
		}
		rec := httptest.NewRecorder()
		out := csvdoc.NewCSV(rec, "eindafrekeningen.csv", csvdoc.SettlementsHeader...)
		if err := w.svc.EachSettlement(ctx, w.gemeenteA, func(r store.SettlementRow) error { return out.Row(csvdoc.SettlementRow(r)...) }); err != nil {
			t.Fatal(err)
		}
		out.Close()
		sj, err := w.svc.StartExportJob(ctx, w.gemeenteA, service.ExportSettlements, service.ListQueryInput{})
		if err != nil {
			t.Fatal(err)
		}
		j, b := readExport(t, w.svc, w.gemeenteA, sj.ID)
		if !bytes.Equal(b, rec.Body.Bytes()) || service.ResultOf(j).Rows == 0 || service.ExportFileName(j) != "eindafrekeningen.csv" {
			t.Errorf("settlements export differs from the immediate CSV:\n%s\n--\n%s", b, rec.Body.Bytes())
		}
	})
}

// outboxTo is the e-mail queued for addr.
func outboxTo(t *testing.T, db *store.DB, addr string) []store.Mail {
	t.Helper()
	ctx := context.Background()
	var list []store.Mail
	if err := db.View(ctx, func(tx *store.Tx) error {
		var err error
		list, err = tx.Outbox(ctx, 1000)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var out []store.Mail
	for _, m := range list {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

// TestExportJobKilledIsResumedAndMailedOnce: the process writing an export
// dies with its file written under a temporary name; another resumes the
// job once the lease ran out and writes it again from the start; the file
// is the one a job that was not interrupted writes; its starter, who wants
// job notices by e-mail, gets one e-mail (with the job's link, no names),
// and one notice; a colleague who does not want them gets none.
func TestExportJobKilledIsResumedAndMailedOnce(t *testing.T) {
	for _, step := range []string{service.StepExportWritten, service.StepExportRenamed} {
		t.Run(step, func(t *testing.T) { exportKilledAt(t, step) })
	}
}

func exportKilledAt(t *testing.T, step string) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		dir := t.TempDir()
		w.svc = exportService(db, dir, nil)
		if err := w.svc.SetMailNotices(ctx, w.svb, []string{"payments", "jobs"}); err != nil {
			t.Fatal(err)
		}
		if kinds, _ := w.svc.MailNotices(ctx, w.svb); strings.Join(kinds, ",") != "payments,jobs" {
			t.Errorf("kinds: %v", kinds)
		}
		// An export that runs at once, to compare with.
		whole, err := w.svc.StartExportJob(ctx, w.svb, service.ExportDeclarations, service.ListQueryInput{})
		if err != nil {
			t.Fatal(err)
		}
		_, want := readExport(t, w.svc, w.svb, whole.ID)
		if m := outboxTo(t, db, "betaal@svb.nl"); len(m) != 1 {
			t.Fatalf("mail after one export: %d", len(m))
		}

		dyingCtx, kill := context.WithCancel(ctx)
		defer kill()
		dying := exportService(db, dir, func(s string) error {
			if s == step {
				kill()
				return context.Canceled
			}
			return nil
		})
		job, err := w.svc.StartExportJob(ctx, w.svb, service.ExportDeclarations, service.ListQueryInput{})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		r1 := dying.NewJobRunner()
		if ran, err := r1.RunOne(dyingCtx); !ran || err != nil {
			t.Fatalf("the first runner: %v %v", ran, err)
		}
		if j, _ := w.svc.Job(ctx, w.svb, job.ID); j.State != store.JobRunning || j.Attempts != 1 {
			t.Fatalf("the job after its process died: %+v", j)
		}
		if _, _, _, err := w.svc.ExportFile(ctx, w.svb, job.ID); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("the file of a job not done: %v", err)
		}
		r2 := w.svc.NewJobRunner()
		r2.Now = func() time.Time { return start.Add(r1.Lease + time.Minute) }
		if ran, err := r2.RunOne(ctx); !ran || err != nil {
			t.Fatalf("the second runner: %v %v", ran, err)
		}
		f, j, _, err := w.svc.ExportFile(ctx, w.svb, job.ID)
		if err != nil || j.State != store.JobDone || j.Attempts != 2 {
			t.Fatalf("the resumed job: %v %+v", err, j)
		}
		got, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(got, want) {
			t.Errorf("the resumed export differs:\n%s\n--\n%s", got, want)
		}
		if tmps, _ := filepath.Glob(filepath.Join(dir, "exports", "*.tmp")); len(tmps) != 0 {
			t.Errorf("temporary files left: %v", tmps)
		}
		if files, _ := filepath.Glob(filepath.Join(dir, "exports", "job-"+itoa(job.ID)+"-*")); len(files) != 1 {
			t.Errorf("the job's files: %v", files)
		}
		if ran, _ := r2.RunOne(ctx); ran {
			t.Error("a finished export ran again")
		}
		mails := outboxTo(t, db, "betaal@svb.nl")
		if len(mails) != 2 {
			t.Fatalf("%d e-mails for two exports", len(mails))
		}
		link := "/taken/" + itoa(job.ID)
		var this int
		for _, m := range mails {
			if strings.Contains(m.Body, link+"\n") || strings.HasSuffix(strings.TrimSpace(m.Body), link) || strings.Contains(m.Body, link+" ") {
				this++
				if !strings.Contains(m.Subject, "export") || strings.Contains(m.Body, w.holderA.FamilyName) {
					t.Errorf("the e-mail: %q %q", m.Subject, m.Body)
				}
			}
		}
		if this != 1 {
			t.Errorf("%d e-mails link to the resumed job: %+v", this, mails)
		}
		var notices int
		list, _, _ := w.svc.Inbox(ctx, w.svb)
		for _, n := range list {
			if n.Object.Type == "job" && n.Object.ID == job.ID {
				notices++
			}
		}
		if notices != 1 {
			t.Errorf("%d notices of the resumed job", notices)
		}
		// Staff who did not choose job mail get none (a verstrekker's export).
		vj, err := w.svc.StartExportJob(ctx, w.gemeenteA, service.ExportDeclarations, service.ListQueryInput{})
		if err != nil {
			t.Fatal(err)
		}
		readExport(t, w.svc, w.gemeenteA, vj.ID)
		for _, m := range outboxTo(t, db, w.gemeenteA.Name) {
			if strings.Contains(m.Body, "/taken/") {
				t.Errorf("job mail without the choice: %+v", m)
			}
		}
	})
}

// TestFailedJobIsMailedOnce: a job that fails tells its starter by e-mail
// once, when they want job notices so.
func TestFailedJobIsMailedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		w.svc = service.New(db, service.Options{Now: func() time.Time { return now }, FileDir: t.TempDir(), JobsByHand: true})
		if err := w.svc.SetMailNotices(ctx, w.svb, []string{"jobs"}); err != nil {
			t.Fatal(err)
		}
		job, _, err := w.svc.StartPayRunJob(ctx, w.svb, "2026-10-31", "")
		if err != nil {
			t.Fatal(err)
		}
		if n, err := w.svc.NewJobRunner().RunDue(ctx); n != 1 || err != nil {
			t.Fatalf("ran %d: %v", n, err)
		}
		if n, _ := w.svc.NewJobRunner().RunDue(ctx); n != 0 {
			t.Fatal("a failed job ran again")
		}
		mails := outboxTo(t, db, "betaal@svb.nl")
		if len(mails) != 1 || !strings.Contains(mails[0].Subject, "mislukt") || !strings.Contains(mails[0].Body, "/taken/"+itoa(job.ID)) {
			t.Errorf("mail of the failed job: %+v", mails)
		}
	})
}

// TestExportFileRemovedAfterAWeek: an export's file holds personal data
// and is made again at will, so it is kept service.ExportKeep (7 days):
// after that the job's file is not found, and the purge pgb serve runs
// removes it from the folder, and only it.
func TestExportFileRemovedAfterAWeek(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		dir := t.TempDir()
		w.svc = exportService(db, dir, nil)
		job, err := w.svc.StartExportJob(ctx, w.svb, service.ExportDeclarations, service.ListQueryInput{})
		if err != nil {
			t.Fatal(err)
		}
		readExport(t, w.svc, w.svb, job.ID)
		files, _ := filepath.Glob(filepath.Join(dir, "exports", "job-*"))
		if len(files) != 1 {
			t.Fatalf("export files: %v", files)
		}
		// Its file was written when the job finished (the test's clock).
		if err := os.Chtimes(files[0], now, now); err != nil {
			t.Fatal(err)
		}
		at := func(d time.Duration) *service.Service {
			return service.New(db, service.Options{Now: func() time.Time { return now.Add(d) }, FileDir: dir, Payer: testPayer, JobsByHand: true})
		}
		sixDays, eightDays := at(6*24*time.Hour), at(8*24*time.Hour)
		j, err := sixDays.Job(ctx, w.svb, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		if sixDays.ExportExpired(j) || !eightDays.ExportExpired(j) {
			t.Errorf("expired after 6 days %v, after 8 %v", sixDays.ExportExpired(j), eightDays.ExportExpired(j))
		}
		if n, err := sixDays.PurgeExports(ctx); err != nil || n != 0 {
			t.Errorf("purged after 6 days: %d %v", n, err)
		}
		f, _, _, err := sixDays.ExportFile(ctx, w.svb, job.ID)
		if err != nil {
			t.Fatalf("the file after 6 days: %v", err)
		}
		f.Close()
		if _, _, _, err := eightDays.ExportFile(ctx, w.svb, job.ID); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("the file after 8 days: %v", err)
		}
		// A newer export's file (a day old then) stays.
		newer, err := w.svc.StartExportJob(ctx, w.svb, service.ExportDeclarations, service.ListQueryInput{Month: "2026-10"})
		if err != nil {
			t.Fatal(err)
		}
		readExport(t, w.svc, w.svb, newer.ID)
		all, _ := filepath.Glob(filepath.Join(dir, "exports", "job-*"))
		for _, f := range all {
			if f != files[0] {
				day := now.Add(7 * 24 * time.Hour)
				if err := os.Chtimes(f, day, day); err != nil {
					t.Fatal(err)
				}
			}
		}
		if n, err := eightDays.PurgeExports(ctx); err != nil || n != 1 {
			t.Errorf("purged after 8 days: %d %v", n, err)
		}
		left, _ := filepath.Glob(filepath.Join(dir, "exports", "job-*"))
		if len(left) != 1 || left[0] == files[0] {
			t.Errorf("left after the purge: %v (the old one %s)", left, files[0])
		}
	})
}
