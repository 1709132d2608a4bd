package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/documents/csvdoc"
)

// Every CSV the portal hands out is written by csvdoc.CSV (one writer,
// so that no export forgets a rule), also those of the API.
type csvExport = csvdoc.CSV

func newCSVExport(w http.ResponseWriter, filename string, header ...string) *csvExport {
	return csvdoc.NewCSV(w, filename, header...)
}

var csvCell = csvdoc.CSVCell
