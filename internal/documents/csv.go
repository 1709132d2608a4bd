package documents

import (
	"encoding/csv"
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
	w      http.ResponseWriter
	name   string
	header []string
	begun  bool
}

// NewCSV starts a CSV download named filename with its header row.
func NewCSV(w http.ResponseWriter, filename string, header ...string) *CSV {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	return &CSV{cw: cw, w: w, name: filename, header: header}
}

// begin sends the headers, the BOM and the header row, once.
func (e *CSV) begin() error {
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
