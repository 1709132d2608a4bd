package web

import (
	"strings"
	"testing"
)

func TestParseDeclarationsCSV(t *testing.T) {
	good := "\xef\xbb\xbfovereenkomst;maand;datum;zorgsoort;eenheid;aantal;factuurnummer;factuurtotaal\n" +
		"7;2026-10;2026-10-05;begeleiding;uur;2;F1;105,00\n" +
		"7;2026-10;2026-10-12;begeleiding;uur;2,5;F1;\n" +
		";;;;;;;\n" +
		"8;2026-10;2026-10-05;begeleiding;uur;1;F9;52,50\n" +
		"7;2026-11;2026-11-02;begeleiding;uur;2;F2;105,00\n"
	b, err := parseDeclarationsCSV([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 3 || len(b.Items[0].Lines) != 2 || b.Items[0].InvoiceTotal != "105,00" || b.Items[0].Lines[1].Units != "2,5" {
		t.Fatalf("grouped: %+v", b.Items)
	}
	if b.Items[1].AgreementID != 8 || b.First[1] != 5 || b.Items[2].Month != "2026-11" || b.Items[0].Source != "csv" {
		t.Errorf("second and third: %+v %v", b.Items[1:], b.First)
	}
	if b.rowOf(0, "lines[1].units") != 3 || b.rowOf(0, "invoice_total") != 2 || b.rowOf(2, "lines[7].date") != 6 {
		t.Errorf("rows: %d %d %d", b.rowOf(0, "lines[1].units"), b.rowOf(0, "invoice_total"), b.rowOf(2, "lines[7].date"))
	}
	// Comma separated with English headers, a travel declaration.
	b, err = parseDeclarationsCSV([]byte("agreement_id,month,kind,travel_km,invoice_total\n7,2026-10,reiskosten,\"42,5\",\"8,08\"\n"))
	if err != nil || len(b.Items) != 1 || b.Items[0].Kind != "reiskosten" || b.Items[0].TravelKm != "42,5" || len(b.Items[0].Lines) != 0 {
		t.Errorf("travel: %v %+v", err, b.Items)
	}
	for _, c := range []struct {
		name, csv, key string
		row            int
	}{
		{"empty", "", "csv.empty", 1},
		{"unknown column", "overeenkomst;maand;kleur\n", "csv.unknown_column", 1},
		{"no month column", "overeenkomst;datum\n7;2026-10-05\n", "csv.missing_column", 1},
		{"no rows", "overeenkomst;maand\n", "csv.no_rows", 2},
		{"bad agreement", "overeenkomst;maand\n7;2026-10\nx;2026-10\n", "csv.agreement_invalid", 3},
		{"broken quote", "overeenkomst;maand\n7;\"2026-10\n", "csv.malformed", 2},
	} {
		_, err := parseDeclarationsCSV([]byte(c.csv))
		ce, ok := err.(*csvError)
		if !ok || ce.Key != c.key || ce.Row != c.row {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	many := "overeenkomst;maand\n" + strings.Repeat("7;2026-10\n", 3)
	if b, err := parseDeclarationsCSV([]byte(many)); err != nil || len(b.Items) != 1 {
		t.Errorf("same agreement and month group: %v %d", err, len(b.Items))
	}
}

// A cell with a control character is refused at its row, naming the column.
func TestDeclarationsCSVRefusesControlCharacters(t *testing.T) {
	_, err := parseDeclarationsCSV([]byte("agreement_id;month;invoice_number\n7;2026-10;F-1\n7;2026-11;F\x00-2\n"))
	ce, ok := err.(*csvError)
	if !ok || ce.Row != 3 || ce.Key != "csv.control_character" || len(ce.Args) != 1 || ce.Args[0] != "invoice_number" {
		t.Fatalf("got %#v", err)
	}
}
