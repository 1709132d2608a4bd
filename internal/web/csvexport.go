package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/documents"
)

// Every CSV the portal hands out is written by documents.CSV (one writer,
// so that no export forgets a rule), also those of the API.
type csvExport = documents.CSV

func newCSVExport(w http.ResponseWriter, filename string, header ...string) *csvExport {
	return documents.NewCSV(w, filename, header...)
}

var csvCell = documents.CSVCell
