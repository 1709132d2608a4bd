package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/sepa"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// svbActor is the demo's SVB employee, with the second factor given.
func svbActor(t *testing.T, p *portal) service.Actor {
	t.Helper()
	a := mustActor(t, p, demoAccount(t, "svb"))
	a.MFA = true
	return a
}

// startRunJob starts a payment run on the page as c (SVB staff): the page
// goes to the job's progress page; once the job is done that page links
// the run, whose address is returned.
func startRunJob(t *testing.T, p *portal, c *client, form url.Values) string {
	t.Helper()
	code, loc, body := c.post("/betaalruns", form)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/taken/") {
		t.Fatalf("start a run: %d %q\n%s", code, loc, body)
	}
	p.svc.WaitJobs()
	_, page := c.get(loc)
	m := regexp.MustCompile(`href="(/betaalruns/\d+)" id="job-payrun"`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `id="job-download"`) {
		t.Fatalf("the job's page links no run:\n%s", page)
	}
	return m[1]
}

// TestPayRunJobPage: SVB staff start a run; its job page refreshes itself
// while it runs, with done of total and what it does now, and when done
// links the file and the run and no longer refreshes; the SVB's inbox says
// it is done and opens the job. Other roles do not see the job.
func TestPayRunJobPage(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	zzpAcceptedDeclaration(t, p)
	svb := p.client(t)
	svb.login(demoAccount(t, "svb"))
	code, loc, body := svb.post("/betaalruns", url.Values{"cutoff": {"2026-10-31"}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/taken/") {
		t.Fatalf("start: %d %q\n%s", code, loc, body)
	}
	p.svc.WaitJobs()
	_, page := svb.get(loc)
	for _, want := range []string{`id="job-state">Klaar<`, `id="job-download"`, `id="job-payrun"`, `id="job-transfers"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the finished job's page lacks %s:\n%s", want, page)
		}
	}
	if strings.Contains(page, `http-equiv="refresh"`) {
		t.Errorf("a finished job's page still refreshes itself")
	}
	_, inbox := svb.get("/berichten")
	if !strings.Contains(inbox, "De betaalrun die u startte is klaar") {
		t.Errorf("the SVB's inbox does not tell the run is done:\n%s", inbox)
	}
	for _, role := range []string{"budgethouder", "zorgverlener", "verstrekker", "beheerder"} {
		c := p.client(t)
		c.login(demoAccount(t, role))
		if code, _ := c.get(loc); code != http.StatusNotFound {
			t.Errorf("%s opens the SVB's job: %d", role, code)
		}
	}

	// A job under way (claimed by a runner of another instance, which
	// reported how far it is) refreshes itself and offers a link to do so.
	a := svbActor(t, p)
	var id int64
	err := p.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		if id, err = tx.CreateJob(ctx, store.Job{Kind: service.JobPayRun, Exclusive: true, StartedBy: a.AccountID, StartedRole: a.Role, CreatedAt: now}); err != nil {
			return err
		}
		if _, _, err := tx.ClaimJob(ctx, "elders", time.Now(), time.Now().Add(time.Hour)); err != nil {
			return err
		}
		return tx.JobProgress(ctx, id, "elders", "job.step.payrun_file", 250, 1000, time.Now().Add(time.Hour))
	})
	if err != nil {
		t.Fatal(err)
	}
	_, page = svb.get("/taken/" + itoa(id))
	for _, want := range []string{`<meta http-equiv="refresh" content="3">`, `id="job-step">Betaalbestand schrijven.<`, `id="job-count">250 van 1000<`,
		`<progress id="job-progress" max="1000" value="250">`, `href="/taken/` + itoa(id) + `" id="job-refresh"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the running job's page lacks %s:\n%s", want, page)
		}
	}
	if strings.Contains(page, `id="job-download"`) {
		t.Errorf("a running job offers its file")
	}
}

// TestPayRunStatusReportJobOnThePage: SVB staff send the bank's status
// report of a run on its page; it is read as a job, whose page says when
// it is done; the run is then executed. A report of another run fails its
// job with the reason, and changes nothing.
func TestPayRunStatusReportJobOnThePage(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	zzpAcceptedDeclaration(t, p)
	svb := p.client(t)
	svb.login(demoAccount(t, "svb"))
	runPage := startRunJob(t, p, svb, url.Values{"cutoff": {"2026-10-31"}})
	id, _ := strconv.ParseInt(strings.TrimPrefix(runPage, "/betaalruns/"), 10, 64)
	run, err := p.svc.PayRun(context.Background(), svbActor(t, p), id)
	if err != nil {
		t.Fatal(err)
	}
	report := func(msgID string) []byte {
		var b bytes.Buffer
		if err := sepa.WriteStatusReport(&b, sepa.StatusReport{MsgID: "BANK-1", Created: now, OrgnlMsgID: msgID, OrgnlMsgNmID: "pain.001.001.03", GroupStatus: sepa.StatusACSC}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	send := func(msgID string) string {
		t.Helper()
		code, loc, body := svb.postFile(runPage+"/bankbestand", nil, "file", "pain002.xml", report(msgID))
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/taken/") {
			t.Fatalf("send the report: %d %q\n%s", code, loc, body)
		}
		p.svc.WaitJobs()
		_, page := svb.get(loc)
		return page
	}
	if page := send("PGB-RUN-999"); !strings.Contains(page, `id="job-state">Mislukt<`) || !strings.Contains(page, `id="job-error"`) || !strings.Contains(page, "PGB-RUN-999") {
		t.Errorf("another run's report:\n%s", page)
	}
	if _, page := svb.get(runPage); !strings.Contains(page, `id="payrun-state">Bestand`) {
		t.Errorf("a refused report changed the run:\n%s", page)
	}
	if page := send(run.MsgID); !strings.Contains(page, `id="job-state">Klaar<`) || !strings.Contains(page, `href="`+runPage+`" id="job-payrun"`) {
		t.Errorf("the run's report:\n%s", page)
	}
	if _, page := svb.get(runPage); !strings.Contains(page, `id="payrun-state">Uitgevoerd<`) {
		t.Errorf("the run after its report:\n%s", page)
	}
}

// TestDeclarationsExportOnThePage: the declarations page's export button
// carries the list's filters, starts the export as a job and goes to its
// page; once done that page offers the file, the CSV with the rows the
// list shows; staff of another organisation get 404 on the job's page and
// its file, as does the file of a job that makes none.
func TestDeclarationsExportOnThePage(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	var utrecht, other *client
	for _, a := range demo.Accounts() {
		switch a.Email {
		case "medewerker@utrecht.demo":
			utrecht = p.client(t)
			utrecht.login(a)
		case "medewerker@zorgkantoor.demo":
			other = p.client(t)
			other.login(a)
		}
	}
	_, list := utrecht.get("/declaraties?maand=2026-10")
	if !strings.Contains(list, `action="/declaraties/export"`) || !strings.Contains(list, `<input type="hidden" name="maand" value="2026-10">`) {
		t.Fatalf("no export form with the month on the list:\n%s", list)
	}
	want := regexp.MustCompile(`href="/declaraties/(\d+)"`).FindAllStringSubmatch(list, -1)
	code, loc, body := utrecht.post("/declaraties/export", url.Values{"maand": {"2026-10"}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/taken/") {
		t.Fatalf("export: %d %q\n%s", code, loc, body)
	}
	p.svc.WaitJobs()
	_, page := utrecht.get(loc)
	if !strings.Contains(page, `href="`+loc+`/bestand" id="job-download"`) || !strings.Contains(page, `id="job-rows">`+strconv.Itoa(len(want))+`<`) {
		t.Fatalf("the job's page offers no file of %d rows:\n%s", len(want), page)
	}
	code, ctype, _, file := utrecht.getPage(loc + "/bestand")
	if code != 200 || !strings.HasPrefix(ctype, "text/csv") {
		t.Fatalf("the file: %d %s", code, ctype)
	}
	lines := strings.Split(strings.TrimSpace(file), "\n")
	if len(want) == 0 || len(lines) != len(want)+1 {
		t.Fatalf("%d lines for %d declarations:\n%s", len(lines), len(want), file)
	}
	for i, m := range want {
		if !strings.HasPrefix(lines[i+1], m[1]+";2026-10;") {
			t.Errorf("line %d is not declaration %s: %s", i+1, m[1], lines[i+1])
		}
	}
	for _, u := range []string{loc, loc + "/bestand"} {
		if code, _, _, _ := other.getPage(u); code != http.StatusNotFound {
			t.Errorf("another organisation's staff GET %s: %d", u, code)
		}
	}
	// A week on the file is gone (service.ExportKeep): the page says so.
	id := strings.TrimPrefix(loc, "/taken/")
	if err := p.db.RawExec(context.Background(), `UPDATE jobs SET finished_at = ? WHERE id = ?`, now.Add(-service.ExportKeep-time.Hour).UTC(), id); err != nil {
		t.Fatal(err)
	}
	if _, page := utrecht.get(loc); !strings.Contains(page, `id="job-export-expired"`) || strings.Contains(page, `id="job-download"`) {
		t.Errorf("the job's page a week on:\n%s", page)
	}
	if code, _, _, _ := utrecht.getPage(loc + "/bestand"); code != http.StatusNotFound {
		t.Errorf("the file a week on: %d", code)
	}
}
