package sepa

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// FuzzParseStatusReport: whatever a bank (or anyone) uploads as a pain.002,
// what is accepted names the original message, every transaction has an
// end-to-end id and a valid status, and the streaming scan sees the same
// transactions; what is refused is a ParseError with a line.
func FuzzParseStatusReport(f *testing.F) {
	if b, err := os.ReadFile("testdata/pain002_bank.xml"); err == nil {
		f.Add(b)
	}
	if b, err := os.ReadFile("testdata/pain002_report.golden"); err == nil {
		f.Add(b)
	}
	doc := func(body string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>` + body + `</CstmrPmtStsRpt></Document>`)
	}
	f.Add(doc(`<GrpHdr><MsgId>B1</MsgId><CreDtTm>2026-11-02T09:00:00</CreDtTm></GrpHdr><OrgnlGrpInfAndSts><OrgnlMsgId>M1</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><OrgnlPmtInfId>P1</OrgnlPmtInfId><TxInfAndSts><OrgnlEndToEndId>E1</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC01</Cd></Rsn><AddtlInf>rekening &amp; onbekend</AddtlInf></StsRsnInf></TxInfAndSts></OrgnlPmtInfAndSts>`))
	f.Add(doc(`<OrgnlGrpInfAndSts><OrgnlMsgId>M1</OrgnlMsgId><GrpSts>RJCT</GrpSts></OrgnlGrpInfAndSts>`))
	f.Add(doc(`<OrgnlGrpInfAndSts></OrgnlGrpInfAndSts>`))
	f.Add(doc(`<OrgnlGrpInfAndSts><OrgnlMsgId>M1</OrgnlMsgId></OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><TxInfAndSts><TxSts>ACSC</TxSts></TxInfAndSts></OrgnlPmtInfAndSts>`))
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"/>`))
	f.Add([]byte(`<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">&x;</Document>`))
	f.Add([]byte(""))
	f.Add([]byte("<a><b></a>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := ParseStatusReport(bytes.NewReader(data))
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) {
				if pe.Line < 1 || pe.Line > bytes.Count(data, []byte("\n"))+1 {
					t.Fatalf("error on line %d of a file of %d lines: %v", pe.Line, bytes.Count(data, []byte("\n"))+1, err)
				}
				return
			}
			// A version other than 1.0 in the XML declaration is refused by
			// encoding/xml with an error of its own, not a SyntaxError.
			if strings.Contains(err.Error(), "xml: unsupported version") {
				return
			}
			t.Fatalf("refused without a ParseError: %v", err)
		}
		if rep.OrgnlMsgID == "" || (rep.GroupStatus != "" && !rep.GroupStatus.ValidGroup()) {
			t.Fatalf("accepted: %+v", rep)
		}
		for _, p := range rep.Payments {
			if p.Status != "" && !p.Status.ValidGroup() {
				t.Fatalf("payment block with status %q", p.Status)
			}
		}
		for _, tx := range rep.Transactions {
			if tx.OrgnlEndToEndID == "" || !tx.Status.ValidTx() || tx.Line < 1 {
				t.Fatalf("accepted transaction %+v", tx)
			}
		}
		var scanned []TxStatus
		if _, err := ScanStatusReport(bytes.NewReader(data), func(tx TxStatus) error { scanned = append(scanned, tx); return nil }); err != nil || !reflect.DeepEqual(scanned, rep.Transactions) {
			t.Fatalf("the scan differs: %v\n%+v\n%+v", err, scanned, rep.Transactions)
		}
	})
}

// FuzzStatusReportRoundTrip: a valid report made from the fuzzed values,
// written as a bank would and read back, is the same report.
func FuzzStatusReportRoundTrip(f *testing.F) {
	f.Add("B1", "M1", "P1", "E1", "RJCT", "AC01", "rekening onbekend", "PART", int64(1793610000), uint8(2))
	f.Add("B<&>", "M\"'", "P 1", "E&1", "ACSC", "", "", "", int64(0), uint8(0))
	f.Add("ß€", "ünïcode", "P/1", "E-1", "PDNG", "MS03", "a\nb", "ACSP", int64(4102444800), uint8(5))
	f.Fuzz(func(t *testing.T, msgID, orgnl, pmtID, e2e, txSts, code, info, grpSts string, unix int64, n uint8) {
		clean := func(s string) string { // what XML can carry and the parser keeps: trimmed, valid characters
			s = strings.Map(func(r rune) rune {
				if r == '\t' || r == '\n' || r >= 0x20 && r < 0xD800 || r >= 0xE000 && r < 0xFFFE || r >= 0x10000 && r <= 0x10FFFF {
					return r
				}
				return -1
			}, strings.ToValidUTF8(s, ""))
			return strings.TrimSpace(strings.ReplaceAll(s, "\r", ""))
		}
		msgID, orgnl, pmtID, e2e, code, info = clean(msgID), clean(orgnl), clean(pmtID), clean(e2e), clean(code), clean(info)
		if msgID == "" || orgnl == "" || pmtID == "" || e2e == "" || !Status(txSts).ValidTx() || (grpSts != "" && !Status(grpSts).ValidGroup()) {
			return
		}
		created := time.Unix(unix%(1<<33), 0).UTC() // up to the year 2242
		if created.Year() < 1 {
			created = time.Unix(0, 0)
		}
		r := StatusReport{MsgID: msgID, Created: created, OrgnlMsgID: orgnl, OrgnlMsgNmID: "pain.001.001.03", GroupStatus: Status(grpSts),
			Payments: []PaymentStatus{{OrgnlPmtInfID: pmtID}}}
		for i := 0; i < int(n%8)+1; i++ {
			tx := TxStatus{OrgnlPmtInfID: pmtID, OrgnlEndToEndID: e2e + "-" + string(rune('a'+i)), Status: Status(txSts)}
			if code != "" {
				tx.Reasons = []Reason{{Code: code, AdditionalInfo: []string{info}}}
			}
			r.Transactions = append(r.Transactions, tx)
		}
		var buf bytes.Buffer
		if err := WriteStatusReport(&buf, r); err != nil {
			t.Fatalf("write %+v: %v", r, err)
		}
		got, err := ParseStatusReport(&buf)
		if err != nil {
			t.Fatalf("%+v written as\n%s\nis refused: %v", r, buf.String(), err)
		}
		if !got.Created.Equal(r.Created) {
			t.Fatalf("created %v, want %v", got.Created, r.Created)
		}
		got.Created = r.Created
		for i := range got.Transactions {
			got.Transactions[i].Line = 0
		}
		if !reflect.DeepEqual(got, r) {
			t.Fatalf("read back\n%+v\nwant\n%+v", got, r)
		}
	})
}
