package api

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/sepa"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// accepted checks an answer that started a job (202, Location, Retry-After,
// the job in the body) and returns the job's address.
func accepted(t *testing.T, r response, kind string) string {
	t.Helper()
	loc := r.header.Get("Location")
	job, _ := r.body["job"].(map[string]any)
	links, _ := job["_links"].(map[string]any)
	if r.status != 202 || !strings.HasPrefix(loc, "/api/v1/jobs/") || r.header.Get("Retry-After") == "" || job["kind"] != kind ||
		links["self"] != loc || (job["state"] != "queued" && job["state"] != "running" && job["state"] != "done") {
		t.Fatalf("want 202 with a %s job at Location, got %d %q: %s", kind, r.status, loc, r.raw)
	}
	return loc
}

// finished waits for the fixture's jobs and reads the job at path.
func (f *fixture) finished(path, token string) response {
	f.t.Helper()
	f.svc.WaitJobs()
	r := f.do("GET", path, token, "")
	if r.status != 200 || (r.body["state"] != "done" && r.body["state"] != "failed") || r.header.Get("Retry-After") != "" {
		f.t.Fatalf("the job at %s is not finished: %d %s", path, r.status, r.raw)
	}
	return r
}

func jobNumber(t *testing.T, path string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(strings.TrimPrefix(path, "/api/v1/jobs/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var endToEnd = regexp.MustCompile(`<EndToEndId>([^<]+)</EndToEndId>`)

// TestPayRunStatusReportJobThroughAPI: the bank's status report sent to
// the API is read as a job, as on the page: 202 with the job at Location.
// Once done the run is executed: a transfer the bank rejected leaves its
// declaration accepted (to pay again), the others are paid. A report of
// another run, or a broken file, fails its job with the reason and changes
// nothing; a role that may not read reports is refused and starts no job.
func TestPayRunStatusReportJobThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		// The demo's waiting declarations are paid first (as in
		// TestPayRunThroughAPI), so that the runs here pay what is made here.
		if _, _, err := f.svc.RunPayments(context.Background(), service.System, "2026-10-31", "2026-11-23", true); err != nil {
			t.Fatal(err)
		}
		zzp := f.token("zzp@pgbportaal.demo", "")
		holder := f.token("budgethouder@pgbportaal.demo", "")
		svb := f.token("medewerker@svb.demo", "")
		list := f.do("GET", "/api/v1/agreements", zzp, "")
		agID := strconv.Itoa(int(list.body["items"].([]any)[0].(map[string]any)["id"].(float64)))
		r := f.do("POST", "/api/v1/declarations", zzp, `{"agreement_id":`+agID+`,"month":"2026-10","invoice_total_cents":10500,
		"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200}]}`)
		decl := "/api/v1/declarations/" + strconv.Itoa(int(r.num("id")))
		f.do("POST", decl+"/attachments", zzp, "%PDF-1.4\n%%EOF\n")
		f.do("POST", decl+"/send", zzp, "")
		if r := f.do("POST", decl+"/approve", holder, ""); r.body["state"] != "geaccepteerd" {
			t.Fatalf("approve: %s", r.raw)
		}
		// makeRun makes a run through the API and returns it, its job's
		// number and its one transfer's EndToEndId.
		makeRun := func() (map[string]any, int64, string) {
			t.Helper()
			jobPath := accepted(t, f.do("POST", "/api/v1/payruns", svb, `{"cutoff":"2026-10-31"}`), "payrun")
			job := f.finished(jobPath, svb)
			runPath := job.body["_links"].(map[string]any)["payrun"].(string)
			run := f.do("GET", runPath, svb, "").body
			ids := endToEnd.FindAllStringSubmatch(f.do("GET", runPath+"/file", svb, "").raw, -1)
			if run["state"] != "bestand" || len(ids) != 1 {
				t.Fatalf("run %v with transfers %v", run, ids)
			}
			return run, jobNumber(t, jobPath), ids[0][1]
		}
		report := func(msgID string, txs ...sepa.TxStatus) string {
			var b bytes.Buffer
			group := sepa.StatusACSC
			for i := range txs {
				txs[i].OrgnlPmtInfID = msgID + "-1"
				group = sepa.StatusPART
			}
			if err := sepa.WriteStatusReport(&b, sepa.StatusReport{MsgID: "BANK-1", Created: now, OrgnlMsgID: msgID, OrgnlMsgNmID: "pain.001.001.03",
				GroupStatus: group, Transactions: txs}); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
		send := func(runID any, token, body string) response {
			t.Helper()
			return f.do("POST", "/api/v1/payruns/"+strconv.Itoa(int(runID.(float64)))+"/status-report", token, body, "Content-Type", "application/xml")
		}
		unchanged := func(what string, run map[string]any) {
			t.Helper()
			if r := f.do("GET", "/api/v1/payruns/"+strconv.Itoa(int(run["id"].(float64))), svb, ""); r.body["state"] != "bestand" || r.num("executed") != 0 || r.num("failed") != 0 {
				t.Errorf("%s changed the run: %s", what, r.raw)
			}
			if r := f.do("GET", decl, holder, ""); r.body["state"] != "geaccepteerd" {
				t.Errorf("%s changed the declaration: %s", what, r.raw)
			}
		}

		run, last, e2e := makeRun()
		// Who may not read the bank's reports is refused before a job is made.
		mustProblem(t, send(run["id"], zzp, report(run["msg_id"].(string))), 403, "svb_only")
		mustProblem(t, send(run["id"], holder, report(run["msg_id"].(string))), 403, "svb_only")
		mustProblem(t, send(float64(999999), svb, report(run["msg_id"].(string))), 404, "not_found")
		mustProblem(t, f.do("GET", "/api/v1/jobs/"+strconv.FormatInt(last+1, 10), svb, ""), 404, "not_found")
		unchanged("a refused sender", run)

		// Another run's report, and a broken file: the job fails with the reason.
		for _, c := range []struct{ body, code, detail string }{
			{report("PGB-RUN-999", sepa.TxStatus{OrgnlEndToEndID: e2e, Status: sepa.StatusRJCT}), "pain002_other_run", "PGB-RUN-999"},
			{`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><kapot`, "pain002_invalid", ""},
		} {
			jobPath := accepted(t, send(run["id"], svb, c.body), "payrun_status")
			if n := jobNumber(t, jobPath); n != last+1 {
				t.Errorf("job %d after job %d: a refused request made a job", n, last)
			}
			last++
			job := f.finished(jobPath, svb)
			jobErr, _ := job.body["error"].(map[string]any)
			if job.body["state"] != "failed" || jobErr == nil || jobErr["code"] != c.code || jobErr["detail"] == "" || !strings.Contains(jobErr["detail"].(string), c.detail) {
				t.Errorf("a wrong report's job: %s", job.raw)
			}
			unchanged("a wrong report", run)
		}

		// The bank rejects the transfer: the run is executed with it failed,
		// and the declaration is accepted again, to pay in the next run.
		jobPath := accepted(t, send(run["id"], svb, report(run["msg_id"].(string), sepa.TxStatus{OrgnlEndToEndID: e2e, Status: sepa.StatusRJCT,
			Reasons: []sepa.Reason{{Code: "AC04"}}})), "payrun_status")
		job := f.finished(jobPath, svb)
		runPath := "/api/v1/payruns/" + strconv.Itoa(int(run["id"].(float64)))
		if job.body["state"] != "done" || job.num("result", "payrun_id") != run["id"] || job.num("result", "transfers") != 1 ||
			job.num("result", "declarations") != 1 || job.body["_links"].(map[string]any)["payrun"] != runPath {
			t.Errorf("the rejecting report's job: %s", job.raw)
		}
		if r := f.do("GET", runPath, svb, ""); r.body["state"] != "uitgevoerd" || r.num("failed") != 1 || r.num("executed") != 0 {
			t.Errorf("the run after the rejection: %s", r.raw)
		}
		if r := f.do("GET", decl, holder, ""); r.body["state"] != "geaccepteerd" {
			t.Errorf("a rejected declaration: %s", r.raw)
		}
		// Read again: the run is done once, the job changes nothing.
		jobPath = accepted(t, send(run["id"], svb, report(run["msg_id"].(string))), "payrun_status")
		f.finished(jobPath, svb)
		if r := f.do("GET", runPath, svb, ""); r.body["state"] != "uitgevoerd" || r.num("failed") != 1 || r.num("executed") != 0 {
			t.Errorf("the run after its report again: %s", r.raw)
		}

		// The next run pays it, and its report books it paid.
		run, _, _ = makeRun()
		job = f.finished(accepted(t, send(run["id"], svb, report(run["msg_id"].(string))), "payrun_status"), svb)
		if job.body["state"] != "done" || job.num("result", "declarations") != 1 {
			t.Errorf("the paying report's job: %s", job.raw)
		}
		if r := f.do("GET", "/api/v1/payruns/"+strconv.Itoa(int(run["id"].(float64))), svb, ""); r.body["state"] != "uitgevoerd" || r.num("executed") != 1 || r.num("failed") != 0 {
			t.Errorf("the paid run: %s", r.raw)
		}
		if r := f.do("GET", decl, holder, ""); r.body["state"] != "betaald" {
			t.Errorf("a paid declaration: %s", r.raw)
		}
	})
}

// TestSettlementsJobThroughAPI: POST /api/v1/settlements makes the year's
// settlements as a job, as the page's button: 202 with the job at
// Location, whose result is what is made (as many as are listed after, and
// what is to be returned). Made again its job fails: nothing to settle. A role that may not is
// refused and starts no job.
func TestSettlementsJobThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		holder := f.token("budgethouder@pgbportaal.demo", "")
		svb := f.token("medewerker@svb.demo", "")
		gm := f.token("medewerker@utrecht.demo", "")
		jan5 := f.at(time.Date(2027, 1, 5, 10, 0, 0, 0, domain.Amsterdam))
		mustProblem(t, jan5.do("POST", "/api/v1/settlements", holder, `{"until":"2026-12-31"}`), 403, "verstrekker_only")
		mustProblem(t, jan5.do("POST", "/api/v1/settlements", svb, `{"until":"2026-12-31"}`), 403, "verstrekker_only")
		r := jan5.do("POST", "/api/v1/settlements", gm, `{"until":"2027-02-01"}`)
		mustProblem(t, r, 422, "validation")
		if field, code, _ := r.firstError(); field != "until" || code != "date_in_future" {
			t.Errorf("a future date: %s", r.raw)
		}
		mustProblem(t, jan5.do("GET", "/api/v1/jobs/1", gm, ""), 404, "not_found")

		jobPath := accepted(t, jan5.do("POST", "/api/v1/settlements", gm, `{"until":"2026-12-31"}`), "settlements")
		if n := jobNumber(t, jobPath); n != 1 {
			t.Errorf("the first job is job %d: a refused request made a job", n)
		}
		mustProblem(t, jan5.do("GET", jobPath, holder, ""), 404, "not_found")
		job := jan5.finished(jobPath, gm)
		made := job.num("result", "settlements")
		if job.body["state"] != "done" || made < 1 {
			t.Fatalf("the settlements job: %s", job.raw)
		}
		list := jan5.do("GET", "/api/v1/settlements", gm, "")
		items, _ := list.body["items"].([]any)
		var toReturn float64
		for _, it := range items {
			toReturn += it.(map[string]any)["settlement"].(map[string]any)["to_return_cents"].(float64)
		}
		if len(items) != int(made) || toReturn != job.num("result", "to_return_cents") {
			t.Errorf("the job made %v settlements to return %v; listed %d to return %v", made, job.num("result", "to_return_cents"), len(items), toReturn)
		}
		// Made again (until defaults to today): nothing to settle is
		// refused at once, at the field, and no job is made.
		if r := jan5.do("POST", "/api/v1/settlements", gm, ""); r.status != 422 || !strings.Contains(r.raw, "settlement_nothing") || !strings.Contains(r.raw, "until") {
			t.Errorf("made again: %d %s", r.status, r.raw)
		}
		if r := jan5.do("GET", "/api/v1/settlements", gm, ""); len(r.body["items"].([]any)) != len(items) {
			t.Errorf("made again: %d settlements, were %d", len(r.body["items"].([]any)), len(items))
		}
	})
}

// TestExportJobThroughAPI: an export of the declarations list is a job
// (202 with the job at Location); once done the job links to its file,
// the CSV with the rows the list has; staff of another organisation and
// another role get 404 on the job and the file; an unknown list is 422.
func TestExportJobThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		utrecht := f.token("medewerker@utrecht.demo", "")
		zorgkantoor := f.token("medewerker@zorgkantoor.demo", "")
		zzp := f.token("zzp@pgbportaal.demo", "")
		loc := accepted(t, f.do("POST", "/api/v1/exports", utrecht, `{"list":"declarations"}`), "export")
		job := f.finished(loc, utrecht)
		links, _ := job.body["_links"].(map[string]any)
		if job.body["state"] != "done" || links["file"] != loc+"/file" {
			t.Fatalf("the export job: %s", job.raw)
		}
		file := f.do("GET", loc+"/file", utrecht, "")
		if file.status != 200 || !strings.HasPrefix(file.header.Get("Content-Type"), "text/csv") || file.header.Get("X-Content-SHA256") == "" ||
			!strings.Contains(file.header.Get("Content-Disposition"), "declaraties.csv") {
			t.Fatalf("the file: %d %v", file.status, file.header)
		}
		lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(file.raw, "\uFEFF")), "\n")
		var rows int
		for page := 1; ; page++ {
			l := f.do("GET", "/api/v1/declarations?page="+strconv.Itoa(page), utrecht, "")
			items, _ := l.body["items"].([]any)
			for i, it := range items {
				id := strconv.Itoa(int(it.(map[string]any)["id"].(float64)))
				if rows+i+1 >= len(lines) || !strings.HasPrefix(lines[rows+i+1], id+";") {
					t.Fatalf("row %d is not declaration %s: %v", rows+i+1, id, lines)
				}
			}
			rows += len(items)
			if len(items) == 0 || l.body["next"] == nil {
				break
			}
		}
		if rows == 0 || len(lines) != rows+1 || job.num("result", "rows") != float64(rows) {
			t.Errorf("the file has %d lines for %d declarations (result %v)", len(lines), rows, job.body["result"])
		}
		for name, tok := range map[string]string{"another organisation": zorgkantoor, "a provider": zzp} {
			if r := f.do("GET", loc, tok, ""); r.status != 404 {
				t.Errorf("%s polls the job: %d", name, r.status)
			}
			if r := f.do("GET", loc+"/file", tok, ""); r.status != 404 {
				t.Errorf("%s gets the file: %d", name, r.status)
			}
		}
		if r := f.do("POST", "/api/v1/exports", utrecht, `{"list":"accounts"}`); r.status != 422 {
			t.Errorf("an unknown list: %d %s", r.status, r.raw)
		}
		// Another job's file (one that makes none) is not found.
		settle := f.do("POST", "/api/v1/exports", zzp, `{"list":"declarations","month":"2026-10"}`)
		zloc := accepted(t, settle, "export")
		f.finished(zloc, zzp)
		if r := f.do("GET", zloc+"/file", zzp, ""); r.status != 200 {
			t.Errorf("the provider's own export: %d", r.status)
		}
	})
}
