// Package csvdoc writes every CSV the portal hands out: the downloads of
// the pages and the API, and the files of export jobs (which the service
// writes, so it is a package of its own, below documents and service).
package csvdoc

import (
	"encoding/csv"
	"io"
	"net/http"
	"regexp"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// CSV writes every CSV the portal hands out (one writer, so that no
// export forgets a rule): it is sent with no-store and as an attachment,
// starts with a UTF-8 byte order mark so that Excel reads names with
// accents right, always has its header (also when no row follows), and
// neutralises cells a spreadsheet would run as a formula.
type CSV struct {
	cw     *csv.Writer
	w      io.Writer
	hw     http.ResponseWriter // nil for a file (an export job's)
	name   string
	header []string
	begun  bool
}

// NewCSV starts a CSV download named filename with its header row.
func NewCSV(w http.ResponseWriter, filename string, header ...string) *CSV {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	return &CSV{cw: cw, w: w, hw: w, name: filename, header: header}
}

// NewCSVFile starts the same CSV in a file (an export job's), byte for
// byte what the download would send.
func NewCSVFile(w io.Writer, header ...string) *CSV {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	return &CSV{cw: cw, w: w, header: header}
}

// SendCSVHeaders are the headers a CSV download is sent with.
func SendCSVHeaders(h http.Header, filename string) {
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	h.Set("Cache-Control", "no-store")
}

// SendFile sends a CSV written before (an export job's file) with its
// size and SHA-256, so that a download cut off short can be told.
func SendFile(w http.ResponseWriter, f io.Reader, filename string, size int64, sha256 string) error {
	SendCSVHeaders(w.Header(), filename)
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.Header().Set("X-Content-SHA256", sha256)
	_, err := io.Copy(w, f)
	return err
}

// begin sends the headers, the BOM and the header row, once.
func (e *CSV) begin() error {
	if e.begun {
		return nil
	}
	e.begun = true
	if e.hw != nil {
		SendCSVHeaders(e.hw.Header(), e.name)
	}
	if _, err := e.w.Write([]byte("\uFEFF")); err != nil {
		return err
	}
	return e.cw.Write(e.header)
}

// Row writes one row, each cell made safe (CSVCell).
func (e *CSV) Row(cells ...string) error {
	if err := e.begin(); err != nil {
		return err
	}
	safe := make([]string, len(cells))
	for i, c := range cells {
		safe[i] = CSVCell(c)
	}
	return e.cw.Write(safe)
}

// Started reports whether anything was written (after that an error can no
// longer become an error page).
func (e *CSV) Started() bool { return e.begun }

// Close writes the header when no row came and flushes.
func (e *CSV) Close() error {
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

// CSVCell neutralises a cell that Excel, LibreOffice or Google Sheets would
// take for a formula (OWASP "CSV injection"): one starting with =, +, -, @,
// a tab or a carriage return gets a leading apostrophe, which shows the text
// as typed and runs nothing. Plain numbers are left alone (plainNumber).
func CSVCell(s string) string {
	if s == "" || plainNumber.MatchString(s) {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// SettlementsHeader is the header row of the verstrekker's settlements CSV.
var SettlementsHeader = []string{"eindafrekening", "toekenning", "budgethouder", "toegekend", "betaald", "nog_te_betalen", "vrij_besteedbaar_gebruikt",
	"vrij_besteedbaar_terug", "over", "terug_te_betalen", "status", "reden"}

// SettlementRow is a settlement as a row of that CSV (amounts as the
// Dutch spreadsheet reads them: 1234,50).
func SettlementRow(row store.SettlementRow) []string {
	euro := func(c domain.Cents) string { return c.Plain("nl") }
	st := row.S
	return []string{strconv.FormatInt(row.ID, 10), strconv.FormatInt(row.GrantID, 10), strconv.FormatInt(row.BudgetHolderID, 10),
		euro(st.Granted), euro(st.Paid), euro(st.Reserved), euro(st.FreeUsed), euro(st.FreeToReturn), euro(st.Left), euro(st.ToReturn),
		string(row.State), row.Reason}
}

// DeclarationsHeader is the header row of a declarations list's export.
var DeclarationsHeader = []string{"declaratie", "maand", "soort", "wet", "budgethouder_id", "budgethouder", "zorgverlener_id", "zorgverlener", "bedrag", "status"}

// DeclarationRow is a declaration as a row of that export (the month as
// 2026-10, the amount as the Dutch spreadsheet reads it: 1234,50).
func DeclarationRow(r store.ExportRow) []string {
	month := ""
	if !r.Period.IsZero() {
		month = r.Period.String()[:7]
	}
	return []string{strconv.FormatInt(r.ID, 10), month, r.Kind, string(r.Law), strconv.FormatInt(r.BudgetHolderID, 10), r.Holder.Name(),
		strconv.FormatInt(r.ProviderID, 10), r.ProviderName, r.Total.Plain("nl"), r.State}
}
