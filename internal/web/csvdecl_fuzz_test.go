package web

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/service"
)

// FuzzParseDeclarationsCSV: the CSV parser never returns more rows than
// the file has lines, every row it names lies in the file, each
// declaration has a valid agreement id, and an error names a row.
func FuzzParseDeclarationsCSV(f *testing.F) {
	f.Add([]byte("overeenkomst;maand;soort;datum;zorgsoort;eenheid;aantal;tarief;kilometers;bedrag;factuurnummer;factuurtotaal\n" +
		"12;2026-10;zorg;2026-10-05;verzorging;uur;7,5;;;;F-1;243,75\n12;2026-10;zorg;2026-10-06;verzorging;uur;8;;;;F-1;\n"))
	f.Add([]byte("\xef\xbb\xbfagreement_id,month,kind,travel_km\r\n7,2026-10,reiskosten,12.5\r\n"))
	f.Add([]byte("overeenkomst;maand\n\"1\n2\";2026-10\n"))
	f.Add([]byte("overeenkomst;maand;onbekend\n1;2026-10;x\n"))
	f.Add([]byte("maand\n2026-10\n"))
	f.Add([]byte("overeenkomst;maand\n;;\n\n0;2026-10\n"))
	f.Add([]byte("overeenkomst,maand\n\"unterminated,2026-10\n"))
	f.Add([]byte(""))
	f.Add([]byte("overeenkomst;maand;datum;aantal\n1;2026-10;=HYPERLINK(\"x\");1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := parseDeclarationsCSV(data)
		lines := bytes.Count(data, []byte("\n")) + 1
		if err != nil {
			var ce *csvError
			if !errors.As(err, &ce) || ce.Row < 1 || !strings.HasPrefix(ce.Key, "csv.") {
				t.Fatalf("error %v, want a csvError with a row", err)
			}
			return
		}
		if len(b.Items) == 0 || len(b.Items) > service.MaxBatch || len(b.First) != len(b.Items) || len(b.Rows) != len(b.Items) {
			t.Fatalf("%d declarations, %d first rows, %d row lists", len(b.Items), len(b.First), len(b.Rows))
		}
		rows := map[int]bool{}
		total := 0
		for i, it := range b.Items {
			if it.AgreementID <= 0 || it.Source != "csv" {
				t.Fatalf("declaration %d: %+v", i, it)
			}
			if b.First[i] < 2 || b.First[i] > lines {
				t.Fatalf("declaration %d starts at row %d of a file of %d lines", i, b.First[i], lines)
			}
			if len(b.Rows[i]) != len(it.Lines) {
				t.Fatalf("declaration %d: %d lines, %d rows", i, len(it.Lines), len(b.Rows[i]))
			}
			for j, r := range b.Rows[i] {
				if r < b.First[i] || r > lines || rows[r] {
					t.Fatalf("declaration %d line %d at row %d (first %d, %d lines, seen %v)", i, j, r, b.First[i], lines, rows[r])
				}
				rows[r] = true
				if got := b.rowOf(i, "lines["+strconv.Itoa(j)+"].units"); got != r {
					t.Fatalf("rowOf(%d, line %d) = %d, want %d", i, j, got, r)
				}
			}
			total += len(b.Rows[i])
			b.rowOf(i, "lines[99999].units")
			b.rowOf(i, "lines[-1]")
		}
		if total > lines-1 || len(b.Items) > lines-1 {
			t.Fatalf("%d line rows and %d declarations from a file of %d lines", total, len(b.Items), lines)
		}
	})
}
