package loadtest

import "testing"

func TestScannedTable(t *testing.T) {
	for line, want := range map[string]string{
		"  ->  Seq Scan on sick_reports  (cost=0.00..0.00 rows=1 width=80)": "sick_reports",
		"Seq Scan on attachments  (cost=0.00..0.00 rows=1 width=8)":         "attachments",
		"SCAN declarations": "declarations",
		"SCAN l USING COVERING INDEX declaration_lines_x":                 "",
		"Index Scan using postings_grant on postings":                     "",
		"SEARCH providers USING COVERING INDEX providers_iban (iban=?)":   "",
		"Bitmap Heap Scan on tariffs  (cost=4.32..15.80 rows=3 width=20)": "",
	} {
		if got := scannedTable(line); got != want {
			t.Errorf("%q: %q, want %q", line, got, want)
		}
	}
}
