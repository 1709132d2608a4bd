// Package pdf writes simple text documents as PDF: A4 pages of wrapped lines
// for statements people download, keep and send on. It uses
// github.com/go-pdf/fpdf with the DejaVu Sans font embedded (fonts/, with its
// licence in fonts/LICENSE-DejaVu.txt), so every name prints as written, not
// only those in Latin-1. Each page carries the sender and the date at the top
// and the contact and "page n of m" at the foot.
//
// Accessibility: fpdf writes no structure tree, so the PDF is not tagged
// (no /StructTreeRoot, no /MarkInfo). It does set the document's title,
// language (/Lang) and author, and all text is real text with a ToUnicode
// map, so a screen reader or pdftotext reads it in reading order (lines are
// written top to bottom). The HTML page of each document is the accessible
// form; the PDF is the one to keep and send.
package pdf

import (
	_ "embed"
	"io"
	"strconv"

	"github.com/go-pdf/fpdf"
)

//go:embed fonts/DejaVuSans.ttf
var regular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var bold []byte

// Line is one paragraph of text, wrapped to the page width; Size 0 is the
// body size, Bold a heading, Gap extra space above in points.
type Line struct {
	Text string
	Size float64
	Bold bool
	Gap  float64
}

// Document is a list of lines laid out top to bottom over A4 pages.
type Document struct {
	Title   string
	Lang    string // "nl" or "en", for /Lang
	Sender  string // who issues the document, at the top of each page
	Date    string // the date it was made, at the top of each page
	Contact string // where to ask questions, at the foot of each page
	// PageLabel formats "page n of m" from the page number and the total
	// (given as a placeholder the writer fills in); nil gives "n / m".
	PageLabel func(page, total string) string
	Lines     []Line
}

const (
	margin   = 56.0 // points
	bodySize = 10.5
	family   = "DejaVu"
	nbAlias  = "{nb}"
)

// Write renders the document as PDF.
func (d Document) Write(w io.Writer) error {
	f := fpdf.New("P", "pt", "A4", "")
	f.AddUTF8FontFromBytes(family, "", regular)
	f.AddUTF8FontFromBytes(family, "B", bold)
	f.SetMargins(margin, margin+18, margin)
	f.SetAutoPageBreak(true, margin+6)
	f.SetTitle(d.Title, true)
	f.SetAuthor(d.Sender, true)
	f.SetCreator("pgbportaal", true)
	f.SetProducer("pgbportaal", true)
	if d.Lang != "" {
		f.SetLang(d.Lang)
	}
	f.AliasNbPages(nbAlias)
	label := d.PageLabel
	if label == nil {
		label = func(page, total string) string { return page + " / " + total }
	}
	pageW, pageH := f.GetPageSize()
	width := pageW - 2*margin
	f.SetHeaderFunc(func() {
		f.SetFont(family, "", 8.5)
		f.SetTextColor(80, 80, 80)
		f.SetXY(margin, margin-20)
		f.CellFormat(width/2, 10, d.Sender, "", 0, "L", false, 0, "")
		f.CellFormat(width/2, 10, d.Date, "", 0, "R", false, 0, "")
		f.SetTextColor(0, 0, 0)
		f.SetXY(margin, margin+18)
	})
	f.SetFooterFunc(func() {
		f.SetFont(family, "", 8.5)
		f.SetTextColor(80, 80, 80)
		f.SetXY(margin, pageH-margin+14)
		// The alias is replaced by the page count once all pages are known.
		pl := label(strconv.Itoa(f.PageNo()), nbAlias)
		f.CellFormat(width*0.7, 10, d.Contact, "", 0, "L", false, 0, "")
		f.CellFormat(width*0.3, 10, pl, "", 0, "R", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	f.AddPage()
	for _, l := range d.Lines {
		size := l.Size
		if size == 0 {
			size = bodySize
		}
		style := ""
		if l.Bold {
			style = "B"
		}
		f.SetFont(family, style, size)
		if l.Gap > 0 {
			f.Ln(l.Gap)
		}
		f.MultiCell(width, size*1.35, l.Text, "", "L", false)
	}
	if err := f.Error(); err != nil {
		return err
	}
	return f.Output(w)
}
