package web

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"io"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/service"
)

// csvColumns are the columns of a declarations CSV, by their Dutch and
// English header names.
var csvColumns = map[string]string{
	"overeenkomst": "agreement_id", "agreement_id": "agreement_id",
	"maand": "month", "month": "month",
	"soort": "kind", "kind": "kind",
	"datum": "date", "date": "date",
	"zorgsoort": "care_type", "care_type": "care_type",
	"eenheid": "unit", "unit": "unit",
	"aantal": "units", "units": "units",
	"tarief": "rate", "rate": "rate",
	"kilometers": "travel_km", "travel_km": "travel_km",
	"bedrag": "amount", "amount": "amount",
	"factuurnummer": "invoice_number", "invoice_number": "invoice_number",
	"factuurtotaal": "invoice_total", "invoice_total": "invoice_total",
}

// csvError is a problem in the file itself: a row (1 is the header) and
// what is wrong, as a text key with arguments.
type csvError struct {
	Row  int
	Key  string
	Args []any
}

func (e *csvError) Error() string { return fmt.Sprintf("row %d: %s", e.Row, e.Key) }

// csvBatch is a CSV read into declarations; Rows[i][j] is the CSV row of
// line j of declaration i, and First[i] the first row of declaration i.
type csvBatch struct {
	Items []service.DeclarationInput `json:"-"` // (kept by the job itself)
	First []int                      `json:"first"`
	Rows  [][]int                    `json:"rows"`
	Lines int                        `json:"-"` // the rows read (not empty)
}

// maxCSVRows bounds a file: a batch job holds at most
// service.MaxBatchJob declarations.
const maxCSVRows = service.MaxBatchJob

// parseDeclarationsCSV reads one row per declared day (or per travel or
// holiday declaration): rows with the same agreement, month, kind and
// invoice number form one declaration, in the order they first appear.
// Separators ";" (as Dutch spreadsheets write) and "," are both read.
func parseDeclarationsCSV(data []byte) (csvBatch, error) {
	var b csvBatch
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a spreadsheet's byte order mark
	first, _, _ := bytes.Cut(data, []byte("\n"))
	rd := csv.NewReader(bytes.NewReader(data))
	rd.Comma = ','
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		rd.Comma = ';'
	}
	rd.FieldsPerRecord = -1
	rd.TrimLeadingSpace = true
	header, err := rd.Read()
	if err != nil {
		return b, &csvError{Row: 1, Key: "csv.empty"}
	}
	col := map[string]int{}
	for i, h := range header {
		name, ok := csvColumns[strings.ToLower(strings.TrimSpace(h))]
		if !ok {
			return b, &csvError{Row: 1, Key: "csv.unknown_column", Args: []any{h}}
		}
		col[name] = i
	}
	for _, need := range []string{"agreement_id", "month"} {
		if _, ok := col[need]; !ok {
			return b, &csvError{Row: 1, Key: "csv.missing_column", Args: []any{need}}
		}
	}
	type group struct {
		agreement, month, kind, invoice string
	}
	index := map[group]int{}
	for row := 2; ; row++ {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return b, &csvError{Row: pe.Line, Key: "csv.malformed"}
			}
			return b, &csvError{Row: row, Key: "csv.malformed"}
		}
		if row > maxCSVRows {
			return b, &csvError{Row: row, Key: "csv.too_many_rows", Args: []any{maxCSVRows}}
		}
		for i, cell := range rec {
			if !domain.TextAllowed(cell) {
				name := ""
				if i < len(header) {
					name = strings.TrimSpace(header[i])
				}
				return b, &csvError{Row: row, Key: "csv.control_character", Args: []any{name}}
			}
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.Join(rec, "") == "" {
			continue // an empty row
		}
		b.Lines++
		agID, err := strconv.ParseInt(get("agreement_id"), 10, 64)
		if err != nil || agID <= 0 {
			return b, &csvError{Row: row, Key: "csv.agreement_invalid", Args: []any{get("agreement_id")}}
		}
		g := group{get("agreement_id"), get("month"), get("kind"), get("invoice_number")}
		i, ok := index[g]
		if !ok {
			i = len(b.Items)
			index[g] = i
			b.Items = append(b.Items, service.DeclarationInput{AgreementID: agID, Month: g.month, Kind: g.kind, InvoiceNumber: g.invoice, Source: "csv"})
			b.First = append(b.First, row)
			b.Rows = append(b.Rows, nil)
		}
		d := &b.Items[i]
		for name, dst := range map[string]*string{"invoice_total": &d.InvoiceTotal, "travel_km": &d.TravelKm, "amount": &d.Amount} {
			if v := get(name); v != "" {
				*dst = v
			}
		}
		if get("date") != "" || get("units") != "" {
			d.Lines = append(d.Lines, service.DeclLineInput{Date: get("date"), CareType: get("care_type"), Unit: get("unit"), Units: get("units"), Rate: get("rate")})
			b.Rows[i] = append(b.Rows[i], row)
		}
	}
	if len(b.Items) == 0 {
		return b, &csvError{Row: 2, Key: "csv.no_rows"}
	}
	if len(b.Items) > service.MaxBatchJob {
		return b, &csvError{Row: b.First[service.MaxBatchJob], Key: "csv.too_many_declarations", Args: []any{service.MaxBatchJob}}
	}
	return b, nil
}

// rowOf names the CSV row of a field error of declaration i: a line's
// own row for "lines[j]...", else the declaration's first row.
func (b csvBatch) rowOf(i int, field string) int {
	if j, ok := lineIndex(field); ok && j < len(b.Rows[i]) {
		return b.Rows[i][j]
	}
	return b.First[i]
}

// lineIndex reads the line a field error names ("lines[3].units" → 3).
func lineIndex(field string) (int, bool) {
	rest, ok := strings.CutPrefix(field, "lines[")
	if !ok {
		return 0, false
	}
	n, _, ok := strings.Cut(rest, "]")
	if !ok {
		return 0, false
	}
	j, err := strconv.Atoi(n)
	return j, err == nil && j >= 0
}
