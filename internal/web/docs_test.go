package web_test

import (
	"bytes"
	"context"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/demo"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// pdfText reads a PDF's text back with poppler's pdftotext (installed by
// .ci/run, which fails under CI=true when it cannot); without it the test skips.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestSettlementPDFReadsBackInEveryName: the budget holder objects to the
// settlement in a text with names outside Latin-1 and long enough to wrap;
// the zorgkantoor's PDF of the statement reads back with those names as
// written, the amounts as on the page, the period's dates, and the sender,
// the date made, the contact and page numbers.
func TestSettlementPDFReadsBackInEveryName(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	zk := p.client(t)
	for _, a := range demo.Accounts() {
		if a.Email == "medewerker@zorgkantoor.demo" {
			zk.login(a)
		}
	}
	if code, _, body := zk.post("/eindafrekeningen", map[string][]string{"until": {"2026-11-23"}}); code != http.StatusSeeOther {
		t.Fatalf("make: %d\n%s", code, body)
	}
	_, list := zk.get("/eindafrekeningen")
	link := regexp.MustCompile(`href="(/eindafrekeningen/(\d+))"`).FindStringSubmatch(list)
	if link == nil {
		t.Fatalf("no settlement listed:\n%s", list)
	}
	id, _ := strconv.ParseInt(link[2], 10, 64)
	reason := "Şükrü Yılmaz-Ærø en Nguyễn Văn An gaven de zorg in december; " + strings.Repeat("de uren staan in het zorgrooster van die maand. ", 6)
	holder := settlementHolder(t, p, id)
	if _, err := p.svc.AnswerSettlement(context.Background(), holder, id, false, reason); err != nil {
		t.Fatal(err)
	}
	v, err := p.svc.Settlement(context.Background(), holder, id)
	if err != nil {
		t.Fatal(err)
	}
	code, body := zk.get(link[1] + "/pdf")
	if code != 200 || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("pdf: %d", code)
	}
	text := pdfText(t, []byte(body))
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{
		"Şükrü Yılmaz-Ærø en Nguyễn Văn An", v.Holder.Name(),
		"Toegekend: " + v.S.Granted.Format("nl"), "Terug naar de verstrekker: " + v.S.ToReturn.Format("nl"),
		v.Grant.Period.Start.String(), v.Grant.Period.End.String(),
		"Sociale Verzekeringsbank (SVB)", "Gemaakt op 23-11-2026", "Stuur ons een bericht", "pagina 1 van 1",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
	if strings.Count(flat, "zorgrooster") != 6 {
		t.Errorf("the objection does not wrap whole:\n%s", text)
	}
	for _, l := range strings.Split(text, "\n") {
		if n := len([]rune(l)); n > 130 {
			t.Errorf("line of %d characters runs off the page: %q", n, l)
		}
	}
}
