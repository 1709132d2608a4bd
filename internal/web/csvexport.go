package web

import (
	"encoding/csv"
	"net/http"
	"regexp"
)

// csvExport writes every CSV the portal hands out (one writer, so that no
// export forgets a rule): it is sent with no-store and as an attachment,
// starts with a UTF-8 byte order mark so that Excel reads names with
// accents right, always has its header (also when no row follows), and
// neutralises cells a spreadsheet would run as a formula.
type csvExport struct {
	cw     *csv.Writer
	w      http.ResponseWriter
	name   string
	header []string
	begun  bool
}

func newCSVExport(w http.ResponseWriter, filename string, header ...string) *csvExport {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	return &csvExport{cw: cw, w: w, name: filename, header: header}
}

// begin sends the headers, the BOM and the header row, once.
func (e *csvExport) begin() error {
	if e.begun {
		return nil
	}
	e.begun = true
	h := e.w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+e.name+`"`)
	h.Set("Cache-Control", "no-store")
	if _, err := e.w.Write([]byte("\uFEFF")); err != nil {
		return err
	}
	return e.cw.Write(e.header)
}

// Row writes one row, each cell made safe (csvCell).
func (e *csvExport) Row(cells ...string) error {
	if err := e.begin(); err != nil {
		return err
	}
	safe := make([]string, len(cells))
	for i, c := range cells {
		safe[i] = csvCell(c)
	}
	return e.cw.Write(safe)
}

// Started reports whether anything was written (after that an error can no
// longer become an error page).
func (e *csvExport) Started() bool { return e.begun }

// Close writes the header when no row came and flushes.
func (e *csvExport) Close() error {
	if err := e.begin(); err != nil {
		return err
	}
	e.cw.Flush()
	return e.cw.Error()
}

// plainNumber is a whole cell that is only a number as we write amounts
// and counts ("-12,50", "1234", "0.5"): a spreadsheet reads it as a number,
// never as a formula, so it stays a number (sums still work on a negative
// amount). Anything else starting with a sign is text and neutralised.
var plainNumber = regexp.MustCompile(`^-?[0-9]+([.,][0-9]+)?$`)

// csvCell neutralises a cell that Excel, LibreOffice or Google Sheets would
// take for a formula (OWASP "CSV injection"): one starting with =, +, -, @,
// a tab or a carriage return gets a leading apostrophe, which shows the text
// as typed and runs nothing. Plain numbers are left alone (plainNumber).
func csvCell(s string) string {
	if s == "" || plainNumber.MatchString(s) {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
