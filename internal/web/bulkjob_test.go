package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// largeCSV is a file of n rows, one declaration each; the row of bad (if
// any) has hours that are not whole quarters.
func largeCSV(agID string, n, bad int) []byte {
	var b strings.Builder
	b.WriteString("overeenkomst;maand;datum;zorgsoort;eenheid;aantal;factuurnummer\n")
	for i := 0; i < n; i++ {
		units := "2"
		if i+2 == bad {
			units = "1,1"
		}
		fmt.Fprintf(&b, "%s;2026-10;2026-10-05;begeleiding;uur;%s;F-%d\n", agID, units, i)
	}
	return []byte(b.String())
}

// TestLargeCSVIsEnteredByAJob: a file of more rows than are entered while
// the person waits goes to the job's progress page; when the job is done
// that page leads to the outcome per declaration, as a small file's
// outcome page shows it (a wrong row named), in the person's language;
// sending the same form again leads to the same job and stores nothing
// twice; a file with a structural error is refused at the field at once,
// with no job.
func TestLargeCSVIsEnteredByAJob(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c, agID := zzpClient(t, p)
	_, form := c.get("/declaraties/bulk")
	key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(form)[1]
	csv := largeCSV(agID, 250, 7)
	code, loc, body := c.postFile("/declaraties/bulk", map[string]string{"key": key}, "file", "groot.csv", csv)
	if code != http.StatusSeeOther || !regexp.MustCompile(`^/taken/\d+$`).MatchString(loc) {
		t.Fatalf("a large file: %d %q\n%.500s", code, loc, body)
	}
	_, page := c.get(loc)
	if !strings.Contains(page, "Declaraties uit een bestand inlezen") {
		t.Fatalf("the job's page:\n%s", page)
	}
	p.svc.WaitJobs()
	_, page = c.get(loc)
	if !strings.Contains(page, `id="job-state">Klaar`) && !strings.Contains(page, `badge--success`) {
		t.Fatalf("the job is not done:\n%s", page)
	}
	if !strings.Contains(page, `href="`+loc+`/uitkomst"`) || !strings.Contains(page, `id="job-created">249<`) || !strings.Contains(page, `id="job-failed">1<`) {
		t.Fatalf("the done job's page does not lead to its outcome:\n%s", page)
	}
	code, result := c.get(loc + "/uitkomst")
	if code != http.StatusOK || !strings.Contains(result, "249 declaraties opgeslagen, 1 niet") || !strings.Contains(result, "Regel 7: Uren gaan per kwartier") ||
		strings.Count(result, `href="/declaraties/`) < 249 {
		t.Fatalf("the outcome: %d\n%.2000s", code, result)
	}
	c.getPage("/taal?lang=en")
	if _, result := c.get(loc + "/uitkomst"); !strings.Contains(result, "Row 7:") {
		t.Errorf("the outcome in English:\n%.2000s", result)
	}
	c.getPage("/taal?lang=nl")
	// The same form again: the same job, nothing new.
	code, loc2, _ := c.postFile("/declaraties/bulk", map[string]string{"key": key}, "file", "groot.csv", csv)
	p.svc.WaitJobs()
	if code != http.StatusSeeOther || loc2 != loc {
		t.Errorf("sent again: %d %q, want %q", code, loc2, loc)
	}
	if _, result := c.get(loc + "/uitkomst"); !strings.Contains(result, "249 declaraties opgeslagen, 1 niet") {
		t.Errorf("the outcome after sending again:\n%.600s", result)
	}
	// A structural error is refused at the field at once: no job.
	bad := append(append([]byte(nil), csv...), []byte(agID+";2026-10;\"open\n")...)
	code, loc3, body := c.postFile("/declaraties/bulk", map[string]string{"key": "other"}, "file", "groot.csv", bad)
	if code != http.StatusUnprocessableEntity || loc3 != "" || !strings.Contains(body, "Regel 252") {
		t.Errorf("a broken large file: %d %q\n%.800s", code, loc3, body)
	}
	// Another provider does not see the job or its outcome.
	other := p.client(t)
	other.login(demoAccount(t, "zorgverlener"))
	for _, u := range []string{loc, loc + "/uitkomst"} {
		if code, _ := other.get(u); code != http.StatusNotFound {
			t.Errorf("another provider opens %s: %d", u, code)
		}
	}
}
