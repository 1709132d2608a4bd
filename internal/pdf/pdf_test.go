package pdf

import (
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestWriteIsWellFormed(t *testing.T) {
	d := Document{Title: "Eindafrekening (2025)", Lines: []Line{{Text: "Eindafrekening 2025", Size: 16, Bold: true}, {Text: "Toegekend: € 12.000,00 – J. de Vriës (test)", Gap: 6}}}
	for i := 0; i < 120; i++ { // enough for a second page
		d.Lines = append(d.Lines, Line{Text: fmt.Sprintf("regel %d", i)})
	}
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.Bytes()
	if !bytes.HasPrefix(out, []byte("%PDF-1.4")) || !bytes.HasSuffix(out, []byte("%%EOF\n")) {
		t.Fatal("not a PDF")
	}
	if c := regexp.MustCompile(`/Count (\d+)`).FindSubmatch(out); c == nil || string(c[1]) != "3" { // 122 lines of 14.2 pt on pages of 730 pt
		t.Errorf("pages: %s", c)
	}
	if !bytes.Contains(out, []byte("\x80 12.000,00 \x96 J. de Vri\xebs \\(test\\)")) {
		t.Error("euro sign, dash, accent or parentheses not encoded")
	}
	// Every xref entry points at its object.
	m := regexp.MustCompile(`startxref\n(\d+)\n`).FindSubmatch(out)
	xref, _ := strconv.Atoi(string(m[1]))
	entries := strings.Split(string(out[xref:]), "\n")[3:]
	for i, e := range entries {
		if !strings.HasSuffix(e, " n ") {
			break
		}
		off, _ := strconv.Atoi(e[:10])
		if want := fmt.Sprintf("%d 0 obj", i+1); !bytes.HasPrefix(out[off:], []byte(want)) {
			t.Errorf("xref entry %d points at %q", i+1, out[off:off+10])
		}
	}
	// Where poppler's pdftotext is installed, it reads the text back.
	if _, err := exec.LookPath("pdftotext"); err == nil {
		cmd := exec.Command("pdftotext", "-", "-")
		cmd.Stdin = bytes.NewReader(out)
		text, err := cmd.Output()
		if err != nil || !strings.Contains(string(text), "Toegekend: € 12.000,00") {
			t.Errorf("pdftotext: %v %q", err, text)
		}
	}
}
