package sepa

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

func TestParseStatusReport(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "pain002_bank.xml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ParseStatusReport(f)
	if err != nil {
		t.Fatal(err)
	}
	want := StatusReport{
		MsgID:        "BANK-STS-20240403-0042",
		Created:      time.Date(2024, 4, 3, 7, 15, 2, 123e6, time.FixedZone("", 2*3600)),
		OrgnlMsgID:   "SVB-RUN-2024-04-0001",
		OrgnlMsgNmID: "pain.001.001.03",
		GroupStatus:  StatusPART,
		GroupReasons: []Reason{{Code: "NARR", AdditionalInfo: []string{"Twee transacties afgewezen"}}},
		Payments: []PaymentStatus{
			{OrgnlPmtInfID: "SVB-RUN-2024-04-0001-1", Status: StatusPART},
			{OrgnlPmtInfID: "SVB-RUN-2024-04-0001-2", Status: StatusACSP},
		},
		Transactions: []TxStatus{
			{OrgnlPmtInfID: "SVB-RUN-2024-04-0001-1", OrgnlEndToEndID: "E2E-0001", Status: StatusACSC, Line: 29},
			{OrgnlPmtInfID: "SVB-RUN-2024-04-0001-1", OrgnlEndToEndID: "E2E-0002", Status: StatusRJCT, Line: 34,
				Reasons: []Reason{{Code: "AC01", AdditionalInfo: []string{"Rekeningnummer onjuist", "IBAN NL02ABNA0123456789 bestaat niet"}}}},
			{OrgnlPmtInfID: "SVB-RUN-2024-04-0001-1", OrgnlEndToEndID: "E2E-0003", Status: StatusRJCT, Line: 60,
				Reasons: []Reason{{Proprietary: "X123"}}},
			// No TxSts: the payment block's status.
			{OrgnlPmtInfID: "SVB-RUN-2024-04-0001-2", OrgnlEndToEndID: "E2E-0004", Status: StatusACSP, Line: 73},
		},
	}
	if !got.Created.Equal(want.Created) {
		t.Errorf("Created = %v, want %v", got.Created, want.Created)
	}
	got.Created, want.Created = time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if c := got.Transactions[1].ReasonCode(); c != "AC01" {
		t.Errorf("ReasonCode = %q", c)
	}
	if c := got.Transactions[2].ReasonCode(); c != "X123" {
		t.Errorf("ReasonCode (proprietary) = %q", c)
	}
	if c := got.Transactions[0].ReasonCode(); c != "" {
		t.Errorf("ReasonCode without reason = %q", c)
	}
}

// report builds a small status report around the given transactions; its
// first <TxInfAndSts> is on line 11.
func report(groupStatus, txs string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>B1</MsgId><CreDtTm>2024-04-03T07:15:02</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>SVB-RUN-1</OrgnlMsgId>
      <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>` + groupStatus + `
    </OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>P1</OrgnlPmtInfId>
` + txs + `
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>
`
}

func TestParseStatusReportErrors(t *testing.T) {
	okTx := "      <TxInfAndSts><OrgnlEndToEndId>E1</OrgnlEndToEndId><TxSts>ACCP</TxSts></TxInfAndSts>"
	tests := []struct {
		name string
		doc  string
		line int
		msg  string // part of the message
	}{
		{"pain.001 instead", `<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>`, 2, "geen pain.002.001.03"},
		{"wrong version", strings.Replace(report("", okTx), "pain.002.001.03\"", "pain.002.001.02\"", 1), 2, "geen pain.002.001.03"},
		{"no namespace", "<Document><CstmrPmtStsRpt/></Document>", 1, "geen pain.002.001.03"},
		{"wrong root", "\n\n<html><body/></html>", 3, "root <html>"},
		{"wrong report", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
<CstmrCdtTrfInitn/></Document>`, 2, "CstmrPmtStsRpt"},
		{"missing OrgnlEndToEndId", report("", okTx+`
      <TxInfAndSts>
        <TxSts>RJCT</TxSts>
      </TxInfAndSts>`), 12, "zonder OrgnlEndToEndId"},
		{"unknown status", report("", `      <TxInfAndSts>
        <OrgnlEndToEndId>E1</OrgnlEndToEndId>
        <TxSts>XYZ</TxSts>
      </TxInfAndSts>`), 13, `onbekende transactiestatus "XYZ"`},
		{"group status on a transaction", report("", "      <TxInfAndSts><OrgnlEndToEndId>E1</OrgnlEndToEndId><TxSts>PART</TxSts></TxInfAndSts>"), 11, `"PART"`},
		{"unknown group status", report("\n      <GrpSts>OK</GrpSts>", okTx), 8, `onbekende groepsstatus "OK"`},
		{"no status at all", report("", "      <TxInfAndSts><OrgnlEndToEndId>E1</OrgnlEndToEndId></TxInfAndSts>"), 11, "zonder TxSts"},
		{"missing OrgnlMsgId", strings.Replace(report("", okTx), "<OrgnlMsgId>SVB-RUN-1</OrgnlMsgId>", "", 1), 5, "OrgnlMsgId ontbreekt"},
		{"empty OrgnlMsgId", strings.Replace(report("", okTx), "SVB-RUN-1", " ", 1), 5, "OrgnlMsgId ontbreekt"},
		{"no original group", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
<CstmrPmtStsRpt>
<GrpHdr><MsgId>B1</MsgId></GrpHdr>
</CstmrPmtStsRpt></Document>`, 4, "OrgnlGrpInfAndSts ontbreekt"},
		{"bad CreDtTm", strings.Replace(report("", okTx), "2024-04-03T07:15:02", "gisteren", 1), 4, "CreDtTm"},
		{"malformed: unclosed", strings.Replace(report("", okTx), "</OrgnlPmtInfAndSts>", "", 1), 13, "ongeldige XML"},
		{"malformed: bad entity", report("", "      <TxInfAndSts><OrgnlEndToEndId>E&1</OrgnlEndToEndId></TxInfAndSts>"), 11, "ongeldige XML"},
		{"malformed: truncated", report("", okTx)[:300], 7, "ongeldige XML"},
		{"empty", "", 1, "leeg document"},
		{"not XML", "dit is geen xml", 1, "leeg document of geen XML"},
		{"second root", report("", okTx) + "<Document/>\n", 15, "tweede root-element"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseStatusReport(strings.NewReader(tt.doc))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want a *ParseError", err, err)
			}
			if pe.Line != tt.line || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("err = %q (line %d), want line %d with %q", pe.Error(), pe.Line, tt.line, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "regel ") {
				t.Errorf("Error() = %q, want it to start with the line", err.Error())
			}
		})
	}
}

func TestScanStatusReport(t *testing.T) {
	doc := report("\n      <GrpSts>ACSC</GrpSts>", `      <TxInfAndSts><OrgnlEndToEndId>E1</OrgnlEndToEndId></TxInfAndSts>
      <TxInfAndSts><OrgnlEndToEndId>E2</OrgnlEndToEndId><TxSts>RJCT</TxSts></TxInfAndSts>`)
	var seen []string
	rep, err := ScanStatusReport(strings.NewReader(doc), func(tx TxStatus) error {
		seen = append(seen, tx.OrgnlEndToEndID+"="+string(tx.Status))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(seen, " ") != "E1=ACSC E2=RJCT" || rep.Transactions != nil || rep.OrgnlMsgID != "SVB-RUN-1" {
		t.Errorf("seen %v, report %+v", seen, rep)
	}
	stop := errors.New("onbekende end-to-end-id")
	_, err = ScanStatusReport(strings.NewReader(doc), func(TxStatus) error { return stop })
	if !errors.Is(err, stop) || !strings.Contains(err.Error(), `"E1"`) {
		t.Errorf("callback error = %v", err)
	}
}

func sampleReport() StatusReport {
	return StatusReport{
		MsgID:        "BANK-STS-1",
		Created:      time.Date(2024, 4, 3, 7, 15, 2, 0, domain.Amsterdam),
		OrgnlMsgID:   "SVB-RUN-2024-04-0001",
		OrgnlMsgNmID: "pain.001.001.03",
		GroupStatus:  StatusPART,
		GroupReasons: []Reason{{Code: "NARR", AdditionalInfo: []string{"1 van 3 afgewezen & teruggestuurd"}}},
		Payments:     []PaymentStatus{{OrgnlPmtInfID: "SVB-RUN-2024-04-0001-1", Status: StatusPART}},
		Transactions: []TxStatus{
			{OrgnlPmtInfID: "SVB-RUN-2024-04-0001-1", OrgnlEndToEndID: "E2E-0001", Status: StatusACSC},
			{OrgnlPmtInfID: "SVB-RUN-2024-04-0001-1", OrgnlEndToEndID: "E2E-0002", Status: StatusRJCT,
				Reasons: []Reason{{Code: "AC04", AdditionalInfo: []string{"Rekening opgeheven"}}}},
			{OrgnlPmtInfID: "SVB-RUN-2024-04-0001-1", OrgnlEndToEndID: "E2E-0003", Status: StatusACSC},
		},
	}
}

func TestWriteStatusReportRoundTrip(t *testing.T) {
	in := sampleReport()
	var buf bytes.Buffer
	if err := WriteStatusReport(&buf, in); err != nil {
		t.Fatal(err)
	}
	golden(t, "pain002_report.golden", buf.Bytes())
	out, err := ParseStatusReport(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Created.Equal(in.Created) {
		t.Errorf("Created %v, want %v", out.Created, in.Created)
	}
	for i := range out.Transactions {
		out.Transactions[i].Line = 0
	}
	out.Created, in.Created = time.Time{}, time.Time{}
	if !reflect.DeepEqual(out, in) {
		t.Errorf("round trip:\n got %+v\nwant %+v", out, in)
	}
}

func TestWriteStatusReportWithoutPayments(t *testing.T) {
	in := sampleReport()
	in.Payments = nil
	in.Transactions = append(in.Transactions, TxStatus{OrgnlPmtInfID: "P2", OrgnlEndToEndID: "E2E-0004", Status: StatusPDNG})
	var buf bytes.Buffer
	if err := WriteStatusReport(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := ParseStatusReport(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Payments) != 2 || out.Payments[1].OrgnlPmtInfID != "P2" || len(out.Transactions) != 4 {
		t.Errorf("payments %+v, %d transactions", out.Payments, len(out.Transactions))
	}
}

func TestWriteStatusReportRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(*StatusReport)
	}{
		{"no MsgID", func(r *StatusReport) { r.MsgID = "" }},
		{"no Created", func(r *StatusReport) { r.Created = time.Time{} }},
		{"no OrgnlMsgID", func(r *StatusReport) { r.OrgnlMsgID = "" }},
		{"bad group status", func(r *StatusReport) { r.GroupStatus = "OK" }},
		{"bad payment status", func(r *StatusReport) { r.Payments[0].Status = "OK" }},
		{"bad tx status", func(r *StatusReport) { r.Transactions[0].Status = StatusPART }},
		{"no end-to-end id", func(r *StatusReport) { r.Transactions[0].OrgnlEndToEndID = "" }},
		{"unknown payment", func(r *StatusReport) { r.Transactions[0].OrgnlPmtInfID = "P9" }},
	}
	for _, tt := range tests {
		r := sampleReport()
		tt.change(&r)
		var buf bytes.Buffer
		if err := WriteStatusReport(&buf, r); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes", tt.name, buf.Len())
		}
	}
}

type failingReader struct{ data string }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, errors.New("verbinding verbroken")
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// A read error is no ParseError (nothing is wrong with the document) but
// keeps its cause and says where reading stopped.
func TestParseStatusReportReadError(t *testing.T) {
	_, err := ParseStatusReport(&failingReader{data: report("", "")[:200]})
	var pe *ParseError
	if err == nil || errors.As(err, &pe) || !strings.Contains(err.Error(), "verbinding verbroken") || !strings.Contains(err.Error(), "regel ") {
		t.Fatalf("err = %v", err)
	}
}

func TestStatusPredicates(t *testing.T) {
	if !StatusRJCT.Rejected() || StatusACSC.Rejected() {
		t.Error("Rejected")
	}
	if StatusPART.ValidTx() || !StatusPART.ValidGroup() || Status("XYZ").ValidGroup() || !StatusPDNG.ValidTx() {
		t.Error("ValidTx/ValidGroup")
	}
}
