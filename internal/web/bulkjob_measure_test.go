package web_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestMeasureCSVJob5000 times a CSV of 5,000 rows (5,000 declarations)
// read in through the page and entered by its job, on each database. It
// runs only when PGB_MEASURE is set:
//
//	PGB_MEASURE=1 go test ./internal/web/ -run TestMeasureCSVJob5000 -v
func TestMeasureCSVJob5000(t *testing.T) {
	if os.Getenv("PGB_MEASURE") == "" {
		t.Skip("set PGB_MEASURE=1 to measure")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPortal(t, db)
		c, agID := zzpClient(t, p)
		csv := largeCSV(agID, 5000, 0)
		start := time.Now()
		code, loc, body := c.postFile("/declaraties/bulk", map[string]string{"key": "meten"}, "file", "groot.csv", csv)
		answered := time.Since(start)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/taken/") {
			t.Fatalf("upload: %d %q %.300s", code, loc, body)
		}
		p.svc.WaitJobs()
		done := time.Since(start)
		_, page := c.get(loc)
		if !strings.Contains(page, `id="job-created">5000<`) {
			t.Fatalf("the job did not make 5000:\n%.2000s", page)
		}
		t.Logf("%d bytes, 5000 rows: upload answered (303 to the job) in %v; job done after %v (%.0f declarations/s)",
			len(csv), answered.Round(time.Millisecond), done.Round(time.Millisecond), 5000/done.Seconds())
	})
}
