package sepa

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// testIBAN makes a valid Dutch IBAN for bank code bank (4 letters) and account.
func testIBAN(bank string, account int) string {
	bban := fmt.Sprintf("%s%010d", bank, account)
	r := 0
	for _, c := range bban + "NL00" {
		if c >= 'A' && c <= 'Z' {
			r = (r*100 + int(c-'A') + 10) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return fmt.Sprintf("NL%02d%s", 98-r, bban)
}

func testHeader(n int, sum domain.Cents) Header {
	return Header{
		MsgID:         "SVB-RUN-2024-04-0001",
		Created:       time.Date(2024, 4, 2, 9, 30, 0, 0, domain.Amsterdam),
		NbOfTxs:       n,
		CtrlSum:       sum,
		InitiatorName: "SVB Trekkingsrecht",
		PmtInfID:      "SVB-RUN-2024-04-0001-1",
		ExecutionDate: domain.MustDate("2024-04-03"),
		DebtorName:    "Sociale Verzekeringsbank",
		DebtorIBAN:    "NL91 ABNA 0417 1643 00",
		DebtorBIC:     "ABNANL2A",
	}
}

// smallRun is the golden run: three transfers with accents, & and a long
// remittance.
func smallRun() (Header, []Transfer) {
	ids := make([]string, 40)
	for i := range ids {
		ids[i] = "D" + strconv.Itoa(240100+i)
	}
	txs := []Transfer{
		{EndToEndID: "E2E-0001", Amount: domain.Euros(1234, 56), CreditorName: "Zoë & Søren Thuiszorg",
			CreditorIBAN: testIBAN("RABO", 123456789), Remittance: Remittance(ids, MaxRemittanceLen)},
		{EndToEndID: "E2E-0002", Amount: 99, CreditorName: "Stichting <Zorg> Ĳsselmonde & ’s-Hertogenbosch",
			CreditorIBAN: "nl02 abna 0123 4567 89", Remittance: "pgb declaratie D240200 – maart 2024"},
		{EndToEndID: "E2E-0003", Amount: domain.Euros(50000, 0), CreditorName: "Müller-Straße, François",
			CreditorIBAN: "BE68539007547034"},
	}
	var sum domain.Cents
	for _, t := range txs {
		sum += t.Amount
	}
	return testHeader(len(txs), sum), txs
}

// writeRun writes a whole file and fails the test on any error.
func writeRun(t testing.TB, w io.Writer, h Header, txs []Transfer) {
	t.Helper()
	sw, err := NewWriter(w, h)
	if err != nil {
		t.Fatalf("NewWriter: %v", err)
	}
	for _, tx := range txs {
		if err := sw.Add(tx); err != nil {
			t.Fatalf("Add(%s): %v", tx.EndToEndID, err)
		}
	}
	if err := sw.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n%s", path, got)
	}
}

func TestWriterGolden(t *testing.T) {
	h, txs := smallRun()
	var buf bytes.Buffer
	writeRun(t, &buf, h, txs)
	golden(t, "pain001_small.golden", buf.Bytes())
	for _, want := range []string{
		"<Nm>Zoe + Soren Thuiszorg</Nm>",
		"<Nm>Stichting Zorg IJsselmonde + 's-Hertogenbosch</Nm>",
		"<IBAN>NL02ABNA0123456789</IBAN>",
		`<InstdAmt Ccy="EUR">0.99</InstdAmt>`,
		"<CtrlSum>51235.55</CtrlSum>",
		"<CreDtTm>2024-04-02T09:30:00</CreDtTm>",
		"+",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Count(buf.String(), "<CdtTrfTxInf>") != 3 || strings.Count(buf.String(), "<RmtInf>") != 2 {
		t.Errorf("want 3 transfers, 2 with remittance")
	}
}

func TestAppendAmount(t *testing.T) {
	for c, want := range map[domain.Cents]string{
		1: "0.01", 10: "0.10", 99: "0.99", 100: "1.00", 123456: "1234.56", MaxAmount: "999999999.99",
	} {
		if got := string(appendAmount(nil, c)); got != want {
			t.Errorf("appendAmount(%d) = %q, want %q", c, got, want)
		}
	}
}

func TestNewWriterRefuses(t *testing.T) {
	tests := []struct {
		field  string
		change func(*Header)
	}{
		{"MsgID", func(h *Header) { h.MsgID = "" }},
		{"MsgID", func(h *Header) { h.MsgID = strings.Repeat("M", 36) }},
		{"MsgID", func(h *Header) { h.MsgID = "RUN#1" }},
		{"PmtInfID", func(h *Header) { h.PmtInfID = "run//1" }},
		{"Created", func(h *Header) { h.Created = time.Time{} }},
		{"NbOfTxs", func(h *Header) { h.NbOfTxs = 0 }},
		{"CtrlSum", func(h *Header) { h.CtrlSum = 0 }},
		{"CtrlSum", func(h *Header) { h.CtrlSum = 2 }},               // 3 transfers need at least 0.03
		{"CtrlSum", func(h *Header) { h.CtrlSum = 3*MaxAmount + 1 }}, // more than 3 × the maximum
		{"ExecutionDate", func(h *Header) { h.ExecutionDate = domain.Date{} }},
		{"InitiatorName", func(h *Header) { h.InitiatorName = "日本" }},
		{"DebtorName", func(h *Header) { h.DebtorName = strings.Repeat("x", 71) }},
		{"DebtorIBAN", func(h *Header) { h.DebtorIBAN = "NL91ABNA0417164301" }},
		{"DebtorBIC", func(h *Header) { h.DebtorBIC = "ABNANL2" }},
		{"DebtorBIC", func(h *Header) { h.DebtorBIC = "abnanl2a" }},
	}
	for _, tt := range tests {
		h, _ := smallRun()
		tt.change(&h)
		var buf bytes.Buffer
		_, err := NewWriter(&buf, h)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != tt.field || ve.Tx != 0 {
			t.Errorf("%s: err = %v, want a ValidationError on %s", tt.field, err, tt.field)
		} else if !strings.HasPrefix(err.Error(), "sepa: kop: "+tt.field+" ") {
			t.Errorf("%s: message %q", tt.field, err)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes for an invalid header", tt.field, buf.Len())
		}
	}
}

func TestNewWriterWithoutBIC(t *testing.T) {
	h, txs := smallRun()
	h.DebtorBIC = ""
	var buf bytes.Buffer
	writeRun(t, &buf, h, txs)
	if !strings.Contains(buf.String(), "<Othr>\n            <Id>NOTPROVIDED</Id>") {
		t.Errorf("no NOTPROVIDED agent without BIC:\n%s", buf.String()[:1200])
	}
}

func TestWriterRefuses(t *testing.T) {
	good := func() Transfer {
		return Transfer{EndToEndID: "E2E-9", Amount: 1000, CreditorName: "Jansen", CreditorIBAN: testIBAN("INGB", 7)}
	}
	tests := []struct {
		name   string
		field  string
		change func(*Transfer)
	}{
		{"bad IBAN checksum", "CreditorIBAN", func(t *Transfer) { t.CreditorIBAN = "NL91ABNA0417164301" }},
		{"IBAN outside SEPA", "CreditorIBAN", func(t *Transfer) { t.CreditorIBAN = "US12345678901234567" }},
		{"no IBAN", "CreditorIBAN", func(t *Transfer) { t.CreditorIBAN = "" }},
		{"duplicate EndToEndId", "EndToEndID", func(t *Transfer) { t.EndToEndID = "E2E-0001" }},
		{"over-long EndToEndId", "EndToEndID", func(t *Transfer) { t.EndToEndID = strings.Repeat("E", 36) }},
		{"empty EndToEndId", "EndToEndID", func(t *Transfer) { t.EndToEndID = "" }},
		{"EndToEndId with accent", "EndToEndID", func(t *Transfer) { t.EndToEndID = "É2E" }},
		{"zero amount", "Amount", func(t *Transfer) { t.Amount = 0 }},
		{"negative amount", "Amount", func(t *Transfer) { t.Amount = -5 }},
		{"amount above maximum", "Amount", func(t *Transfer) { t.Amount = MaxAmount + 1 }},
		{"sum above CtrlSum", "Amount", func(t *Transfer) { t.Amount = domain.Euros(1_000_000, 0) }},
		{"no name", "CreditorName", func(t *Transfer) { t.CreditorName = " " }},
		{"long name", "CreditorName", func(t *Transfer) { t.CreditorName = strings.Repeat("n", 71) }},
		{"long remittance", "Remittance", func(t *Transfer) { t.Remittance = strings.Repeat("r", 141) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, txs := smallRun()
			h.NbOfTxs, h.CtrlSum = 2, txs[0].Amount+1000
			sw, err := NewWriter(io.Discard, h)
			if err != nil {
				t.Fatal(err)
			}
			if err := sw.Add(txs[0]); err != nil {
				t.Fatal(err)
			}
			bad := good()
			tt.change(&bad)
			err = sw.Add(bad)
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tt.field || ve.Tx != 2 {
				t.Fatalf("Add = %v, want a ValidationError on transfer 2 field %s", err, tt.field)
			}
			if want := fmt.Sprintf("sepa: overboeking 2 (%q): %s ", bad.EndToEndID, tt.field); !strings.HasPrefix(err.Error(), want) {
				t.Errorf("message %q, want it to start with %q", err, want)
			}
			if sw.Count() != 1 || sw.Sum() != txs[0].Amount {
				t.Errorf("refused transfer was counted: %d, %d", sw.Count(), sw.Sum())
			}
			// The writer is still usable: the good transfer completes the file.
			if err := sw.Add(good()); err != nil {
				t.Fatalf("Add after refusal: %v", err)
			}
			if err := sw.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
		})
	}
}

func TestWriterRefusesTooMany(t *testing.T) {
	h, txs := smallRun()
	h.NbOfTxs = 2
	sw, err := NewWriter(io.Discard, h)
	if err != nil {
		t.Fatal(err)
	}
	for _, tx := range txs[:2] {
		if err := sw.Add(tx); err != nil {
			t.Fatal(err)
		}
	}
	var ve *ValidationError
	if err := sw.Add(txs[2]); !errors.As(err, &ve) || ve.Tx != 3 {
		t.Fatalf("third transfer of two: %v", err)
	}
}

func TestCloseMismatch(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Header, []Transfer) []Transfer
	}{
		{"fewer transfers", func(h *Header, txs []Transfer) []Transfer { return txs[:2] }},
		{"none at all", func(h *Header, txs []Transfer) []Transfer { return nil }},
		{"smaller sum", func(h *Header, txs []Transfer) []Transfer { h.CtrlSum++; return txs }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, txs := smallRun()
			txs = tt.change(&h, txs)
			sw, err := NewWriter(io.Discard, h)
			if err != nil {
				t.Fatal(err)
			}
			for _, tx := range txs {
				if err := sw.Add(tx); err != nil {
					t.Fatal(err)
				}
			}
			if err := sw.Close(); !errors.Is(err, ErrTotalsMismatch) {
				t.Fatalf("Close = %v, want ErrTotalsMismatch", err)
			}
		})
	}
}

func TestWriterAfterClose(t *testing.T) {
	h, txs := smallRun()
	var buf bytes.Buffer
	writeRun(t, &buf, h, txs)
	sw, _ := NewWriter(io.Discard, h)
	for _, tx := range txs {
		_ = sw.Add(tx)
	}
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := sw.Add(txs[0]); err == nil {
		t.Error("Add after Close succeeded")
	}
	if err := sw.Close(); err == nil {
		t.Error("second Close succeeded")
	}
}

// failWriter fails once more than n bytes have been written.
type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		return 0, errors.New("disk full")
	}
	f.n -= len(p)
	return len(p), nil
}

func TestWriterWriteError(t *testing.T) {
	h := testHeader(1000, 1000*domain.Euros(10, 0))
	sw, err := NewWriter(&failWriter{n: 100 << 10}, h)
	if err != nil {
		t.Fatal(err)
	}
	var addErr error
	for i := 0; i < 1000 && addErr == nil; i++ {
		addErr = sw.Add(Transfer{EndToEndID: "E" + strconv.Itoa(i), Amount: domain.Euros(10, 0), CreditorName: "X", CreditorIBAN: testIBAN("RABO", i)})
	}
	if addErr == nil || !strings.Contains(addErr.Error(), "disk full") {
		t.Fatalf("Add never reported the write error: %v", addErr)
	}
	if err := sw.Add(Transfer{EndToEndID: "later", Amount: 1, CreditorName: "X", CreditorIBAN: testIBAN("RABO", 1)}); err == nil {
		t.Error("write error is not sticky")
	}
	if err := sw.Close(); err == nil {
		t.Error("Close after a write error succeeded")
	}
}

// benchTransfers makes n transfers with unique ids, a mix of plain and
// accented names and a handful of accounts.
func benchTransfers(n int) ([]Transfer, domain.Cents) {
	names := []string{"Jansen Thuiszorg", "Zoë & Søren", "Stichting De Brug", "Müller-Straße", "P. de Vries", "Ĳsselzorg B.V."}
	ibans := make([]string, 97)
	for i := range ibans {
		ibans[i] = testIBAN("RABO", 100000+i)
	}
	txs := make([]Transfer, n)
	var sum domain.Cents
	for i := range txs {
		txs[i] = Transfer{
			EndToEndID:   "PGB-2024-04-" + strconv.Itoa(1000000+i),
			Amount:       domain.Cents(1 + i%250000),
			CreditorName: names[i%len(names)],
			CreditorIBAN: ibans[i%len(ibans)],
			Remittance:   "pgb declaratie D" + strconv.Itoa(i),
		}
		sum += txs[i].Amount
	}
	return txs, sum
}

// BenchmarkWriter writes a run of 500,000 transfers (one op) to io.Discard.
// Besides ns/op and allocs it reports per-transfer figures and retained-B:
// the heap still held by the Writer after the last Add (its id fingerprints),
// which is all that grows with the number of transfers.
func BenchmarkWriter(b *testing.B) {
	for _, n := range []int{50_000, 500_000} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			txs, sum := benchTransfers(n)
			h := testHeader(n, sum)
			b.ReportAllocs()
			for b.Loop() {
				writeRun(b, io.Discard, h, txs)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/transfer")
			b.ReportMetric(float64(retainedBytes(b, h, txs)), "retained-B")
		})
	}
}

// retainedBytes is the live heap a Writer holds after adding txs.
func retainedBytes(b *testing.B, h Header, txs []Transfer) int64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	defer runtime.KeepAlive(txs)
	sw, err := NewWriter(io.Discard, h)
	if err != nil {
		b.Fatal(err)
	}
	for _, tx := range txs {
		if err := sw.Add(tx); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(sw)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

func TestEscaped(t *testing.T) {
	var buf bytes.Buffer
	w := &Writer{bw: bufio.NewWriter(&buf)}
	w.escaped(`a&b<c>d'e"f`)
	if err := w.bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), `a&amp;b&lt;c&gt;d'e"f`; got != want {
		t.Errorf("escaped = %q, want %q", got, want)
	}
}

// Two ids whose first 64-bit fingerprints collide are still told apart.
func TestIDSetCollision(t *testing.T) {
	s := newIDSet(0)
	a, b := maphash.String(s.seeds[0], "x"), maphash.String(s.seeds[1], "x")
	s.first[a] = ^b // pretend another id with the same first half was seen
	if !s.add("x") {
		t.Fatal("x refused after a first-half collision")
	}
	if s.add("x") || !s.add("y") || s.add("y") {
		t.Fatal("duplicates not detected")
	}
}
