// Package pdf writes simple text documents as PDF: one or more A4 pages of
// lines in Helvetica, for statements people download and print. It knows
// only what such a statement needs (headings, lines of text, a rule); the
// built-in Helvetica needs no font file, and text is encoded as WinAnsi so
// that "€" and Dutch accents print.
package pdf

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Line is one line of text; Size 0 is the body size, Bold a heading.
type Line struct {
	Text string
	Size float64
	Bold bool
	Gap  float64 // extra space above, in points
}

// Document is a list of lines laid out top to bottom over A4 pages.
type Document struct {
	Title string
	Lines []Line
}

const (
	pageW, pageH = 595.28, 841.89 // A4 in points
	margin       = 56.0
	bodySize     = 10.5
)

// Write renders the document as PDF 1.4.
func (d Document) Write(w io.Writer) error {
	var pages []string
	var cur bytes.Buffer
	y := pageH - margin
	for _, l := range d.Lines {
		size := l.Size
		if size == 0 {
			size = bodySize
		}
		step := size*1.35 + l.Gap
		if y-step < margin && cur.Len() > 0 {
			pages = append(pages, cur.String())
			cur.Reset()
			y = pageH - margin
		}
		y -= step
		font := "F1"
		if l.Bold {
			font = "F2"
		}
		fmt.Fprintf(&cur, "BT /%s %.1f Tf %.2f %.2f Td (%s) Tj ET\n", font, size, margin, y, escape(winAnsi(l.Text)))
	}
	pages = append(pages, cur.String())

	var out bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// 1 catalog, 2 pages, 3 and 4 fonts, 5 info, then per page: page and content.
	kids := make([]string, len(pages))
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 6+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	obj(fmt.Sprintf("<< /Title (%s) /Producer (pgbportaal) >>", escape(winAnsi(d.Title))))
	for i, content := range pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>",
			pageW, pageH, 7+2*i))
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(content), content))
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	_, err := w.Write(out.Bytes())
	return err
}

// winAnsi maps text to Windows-1252 bytes; what it cannot show becomes "?".
func winAnsi(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '€':
			b.WriteByte(0x80)
		case r == '–':
			b.WriteByte(0x96)
		case r == '‘' || r == '’':
			b.WriteByte('\'')
		case r == '“' || r == '”':
			b.WriteByte('"')
		case r == '·':
			b.WriteByte(0xb7)
		case r < 0x80 && r >= 0x20:
			b.WriteByte(byte(r))
		case r >= 0xa0 && r <= 0xff:
			b.WriteByte(byte(r))
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s)
}
