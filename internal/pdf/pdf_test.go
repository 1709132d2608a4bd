package pdf

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// pdfText reads a PDF's text back with poppler's pdftotext; without it the
// test skips (.ci/run installs it and fails under CI=true when it cannot).
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestWriteUnicodeWrapsAndPages(t *testing.T) {
	long := strings.Repeat("Ik ben het niet eens met de terugvordering van Şükrü Yılmaz-Ærø. ", 12)
	d := Document{Title: "Eindafrekening 2025 – Nguyễn", Lang: "nl", Sender: "Sociale Verzekeringsbank (SVB)", Date: "6 december 2026",
		Contact: "Vragen? SVB, 030 264 90 20", PageLabel: func(p, n string) string { return "pagina " + p + " van " + n },
		Lines: []Line{{Text: "Eindafrekening 2025", Size: 16, Bold: true}, {Text: "Şükrü Yılmaz-Ærø · Nguyễn Văn An", Gap: 6},
			{Text: "Toegekend: € 12.000,00 – J. de Vriës (test)"}, {Text: long}}}
	for i := 0; i < 60; i++ { // enough for a second page
		d.Lines = append(d.Lines, Line{Text: "regel"})
	}
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if !bytes.Contains(b.Bytes(), []byte("/Lang (nl)")) {
		t.Error("no /Lang")
	}
	text := pdfText(t, b.Bytes())
	for _, want := range []string{"Şükrü Yılmaz-Ærø", "Nguyễn Văn An", "Toegekend: € 12.000,00 – J. de Vriës (test)",
		"Sociale Verzekeringsbank (SVB)", "6 december 2026", "Vragen? SVB, 030 264 90 20", "pagina 1 van 2", "pagina 2 van 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
	// The long objection wraps: no line of the text is wider than the page.
	for _, l := range strings.Split(text, "\n") {
		if n := len([]rune(strings.TrimSpace(l))); n > 130 {
			t.Errorf("line of %d characters does not wrap: %q", n, l)
		}
	}
	if strings.Count(text, "terugvordering") != 12 {
		t.Errorf("wrapped text lost words: %d", strings.Count(text, "terugvordering"))
	}
}
