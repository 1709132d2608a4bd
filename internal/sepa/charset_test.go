package sepa

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStatusReportEncodings: a report that declares ISO-8859-1 (or
// Windows-1252) is read, its accents decoded; one that declares an encoding
// we do not read is a ParseError (shown to staff as a 422) whose message
// does not repeat the declared text (the review saw it land in the log).
func TestStatusReportEncodings(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "pain002_bank.xml"))
	if err != nil {
		t.Fatal(err)
	}
	body := raw[bytes.Index(raw, []byte("?>"))+2:]
	latin := bytes.Replace(body, []byte("Twee transacties afgewezen"), []byte("Twee transacties afgewezen, d\xe9j\xe0 vu"), 1)
	for _, enc := range []string{"ISO-8859-1", "windows-1252", "latin1"} {
		rep, err := ParseStatusReport(bytes.NewReader(append([]byte(`<?xml version="1.0" encoding="`+enc+`"?>`), latin...)))
		if err != nil {
			t.Fatalf("%s: %v", enc, err)
		}
		if got := rep.GroupReasons[0].AdditionalInfo[0]; got != "Twee transacties afgewezen, déjà vu" {
			t.Errorf("%s: %q", enc, got)
		}
	}
	_, err = ParseStatusReport(bytes.NewReader(append([]byte(`<?xml version="1.0" encoding="173291004"?>`), body...)))
	var pe *ParseError
	if !errors.As(err, &pe) || strings.Contains(err.Error(), "173291004") {
		t.Errorf("an unknown encoding: %v", err)
	}
}
