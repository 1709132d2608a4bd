package sepa

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Pain002Namespace is the XML namespace of a pain.002.001.03 document.
const Pain002Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"

// Status is an ISO 20022 payment status code as a bank reports it.
type Status string

// The status codes of pain.002.001.03. Transactions carry one of the first
// seven; PART and RCVD occur only for the whole group or a payment block.
const (
	StatusACCP Status = "ACCP" // accepted customer profile: checks passed
	StatusACSC Status = "ACSC" // accepted, settlement completed: the money has left
	StatusACSP Status = "ACSP" // accepted, settlement in process
	StatusACTC Status = "ACTC" // accepted technical validation (syntax, not yet content)
	StatusACWC Status = "ACWC" // accepted with change
	StatusPDNG Status = "PDNG" // pending
	StatusRJCT Status = "RJCT" // rejected; the reason code says why
	StatusPART Status = "PART" // group or block only: partially accepted
	StatusRCVD Status = "RCVD" // group or block only: received
)

// ValidTx reports whether s may be the status of a single transaction.
func (s Status) ValidTx() bool {
	switch s {
	case StatusACCP, StatusACSC, StatusACSP, StatusACTC, StatusACWC, StatusPDNG, StatusRJCT:
		return true
	}
	return false
}

// ValidGroup reports whether s may be the status of the group or a payment block.
func (s Status) ValidGroup() bool { return s.ValidTx() || s == StatusPART || s == StatusRCVD }

// Rejected reports whether s is RJCT.
func (s Status) Rejected() bool { return s == StatusRJCT }

// StatusReport is a pain.002.001.03 customer payment status report: the
// bank's answer to one pain.001 file. A GroupStatus of RJCT without
// transactions means the whole file was refused.
type StatusReport struct {
	MsgID        string    // GrpHdr/MsgId of the report itself
	Created      time.Time // GrpHdr/CreDtTm (zero when absent)
	OrgnlMsgID   string    // MsgId of the pain.001 this reports on (required)
	OrgnlMsgNmID string    // usually "pain.001.001.03"
	GroupStatus  Status    // GrpSts; "" when the bank reports per transaction only
	GroupReasons []Reason
	Payments     []PaymentStatus // one per OrgnlPmtInfAndSts
	Transactions []TxStatus      // in document order; nil from ScanStatusReport
}

// PaymentStatus is the status of one payment information block (PmtInf).
type PaymentStatus struct {
	OrgnlPmtInfID string
	Status        Status // PmtInfSts; "" when absent
	Reasons       []Reason
}

// TxStatus is the status of one credit transfer.
type TxStatus struct {
	OrgnlPmtInfID   string
	OrgnlEndToEndID string
	// Status is TxSts, or when the bank leaves that out, the status of the
	// payment block or else of the group.
	Status  Status
	Reasons []Reason
	Line    int // line of <TxInfAndSts> in the report, for messages
}

// ReasonCode is the code of the first reason ("AC01", "MS03", ...), or "".
func (t TxStatus) ReasonCode() string {
	if len(t.Reasons) == 0 {
		return ""
	}
	if t.Reasons[0].Code != "" {
		return t.Reasons[0].Code
	}
	return t.Reasons[0].Proprietary
}

// Reason is one StsRsnInf: an ISO reason code (Rsn/Cd, e.g. AC01 "wrong
// account number") or a bank's own code (Rsn/Prtry), with free text.
type Reason struct {
	Code           string
	Proprietary    string
	AdditionalInfo []string
}

// ParseError is a status report that cannot be read or is not acceptable,
// with the line that is wrong. Msg is Dutch; callers may translate by Line.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("regel %d: %s", e.Line, e.Msg) }

// maxLeafText bounds the text of one element; bank files have short values.
const maxLeafText = 64 << 10

// ParseStatusReport reads a pain.002.001.03 status report. It refuses a
// document that is not pain.002.001.03, one without OrgnlMsgId, a
// transaction without OrgnlEndToEndId and an unknown status, with a
// *ParseError naming the line. Whether the end-to-end ids belong to the run
// is for the caller to check.
func ParseStatusReport(r io.Reader) (StatusReport, error) {
	var txs []TxStatus
	rep, err := ScanStatusReport(r, func(t TxStatus) error {
		txs = append(txs, t)
		return nil
	})
	if err != nil {
		return StatusReport{}, err
	}
	rep.Transactions = txs
	return rep, nil
}

// ScanStatusReport reads a status report like ParseStatusReport but hands
// every transaction to fn as soon as it is read instead of collecting them,
// so a report of any size is read in constant memory. An error from fn stops
// the scan and is returned (wrapped).
func ScanStatusReport(r io.Reader, fn func(TxStatus) error) (StatusReport, error) {
	p := &parser{dec: xml.NewDecoder(r), fn: fn}
	p.dec.CharsetReader = charsetReader
	if err := p.run(); err != nil {
		return StatusReport{}, err
	}
	return p.rep, nil
}

// parser walks the tokens of a status report, keeping the path of open
// elements and the line where each started.
type parser struct {
	dec   *xml.Decoder
	fn    func(TxStatus) error
	path  []string
	lines []int
	text  []byte
	rep   StatusReport

	rootDone  bool
	sawOrgGrp bool
	tx        TxStatus
	reason    Reason
}

func (p *parser) line() int {
	l, _ := p.dec.InputPos()
	return l
}

func (p *parser) fail(line int, format string, args ...any) error {
	return &ParseError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) run() error {
	for {
		tok, err := p.dec.Token()
		if err == io.EOF {
			return p.finish()
		}
		if err != nil {
			return p.tokenError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			err = p.start(t)
		case xml.EndElement:
			err = p.end()
		case xml.CharData:
			err = p.chars(t)
		}
		if err != nil {
			return err
		}
	}
}

// tokenError turns a decoder error into a ParseError (malformed XML) or
// wraps it with the line (a read error).
func (p *parser) tokenError(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return p.fail(se.Line, "ongeldige XML: %s", se.Msg)
	}
	if errors.Is(err, errCharset) { // the declared name is not repeated: it is input
		return p.fail(p.line(), "de tekenset wordt niet ondersteund; stuur UTF-8, ISO-8859-1, ISO-8859-15 of Windows-1252")
	}
	return fmt.Errorf("sepa: statusrapport lezen, regel %d: %w", p.line(), err)
}

func (p *parser) finish() error {
	if !p.rootDone {
		return p.fail(p.line(), "leeg document of geen XML")
	}
	if !p.sawOrgGrp { // a Document without a status report in it
		return p.fail(p.line(), "OrgnlGrpInfAndSts ontbreekt")
	}
	return nil
}

func (p *parser) chars(t xml.CharData) error {
	if len(p.path) == 0 {
		return nil
	}
	if len(p.text)+len(t) > maxLeafText {
		return p.fail(p.line(), "tekst in <%s> is te lang", p.path[len(p.path)-1])
	}
	p.text = append(p.text, t...)
	return nil
}

func (p *parser) start(t xml.StartElement) error {
	line := p.line()
	if err := p.checkStart(t, line); err != nil {
		return err
	}
	p.path = append(p.path, t.Name.Local)
	p.lines = append(p.lines, line)
	p.text = p.text[:0]
	switch {
	case p.at("OrgnlGrpInfAndSts"):
		p.sawOrgGrp = true
	case p.at("OrgnlPmtInfAndSts"):
		p.rep.Payments = append(p.rep.Payments, PaymentStatus{})
	case p.at("OrgnlPmtInfAndSts", "TxInfAndSts"):
		p.tx = TxStatus{OrgnlPmtInfID: p.payment().OrgnlPmtInfID, Line: line}
	case t.Name.Local == "StsRsnInf":
		p.reason = Reason{}
	}
	return nil
}

// checkStart refuses a document that is not a pain.002.001.03 report.
func (p *parser) checkStart(t xml.StartElement, line int) error {
	switch len(p.path) {
	case 0:
		if p.rootDone {
			return p.fail(line, "tweede root-element <%s>", t.Name.Local)
		}
		if t.Name.Local != "Document" || t.Name.Space != Pain002Namespace {
			return p.fail(line, "geen pain.002.001.03-statusrapport: root <%s> in namespace %q", t.Name.Local, t.Name.Space)
		}
	case 1:
		if t.Name.Local != "CstmrPmtStsRpt" {
			return p.fail(line, "verwacht <CstmrPmtStsRpt>, niet <%s>", t.Name.Local)
		}
	}
	return nil
}

// at reports whether the open elements are Document/CstmrPmtStsRpt/names...
func (p *parser) at(names ...string) bool {
	if len(p.path) != len(names)+2 {
		return false
	}
	for i, n := range names {
		if p.path[i+2] != n {
			return false
		}
	}
	return true
}

// payment is the payment block being read (a zero one outside blocks).
func (p *parser) payment() *PaymentStatus {
	if n := len(p.rep.Payments); n > 0 {
		return &p.rep.Payments[n-1]
	}
	return &PaymentStatus{}
}

func (p *parser) end() error {
	text := strings.TrimSpace(string(p.text))
	p.text = p.text[:0]
	line := p.lines[len(p.lines)-1]
	var err error
	switch name := p.path[len(p.path)-1]; {
	case len(p.path) == 1:
		p.rootDone = true
	case p.at():
		err = p.endReport()
	case len(p.path) == 4 && p.path[2] == "GrpHdr":
		err = p.groupHeader(name, text, line)
	case len(p.path) >= 3 && p.path[2] == "OrgnlGrpInfAndSts":
		err = p.originalGroup(text, line)
	case len(p.path) >= 3 && p.path[2] == "OrgnlPmtInfAndSts":
		err = p.paymentBlock(text, line)
	}
	p.path = p.path[:len(p.path)-1]
	p.lines = p.lines[:len(p.lines)-1]
	return err
}

// endReport checks at </CstmrPmtStsRpt> that the original group was named.
func (p *parser) endReport() error {
	if !p.sawOrgGrp {
		return p.fail(p.line(), "OrgnlGrpInfAndSts ontbreekt")
	}
	return nil
}

func (p *parser) groupHeader(name, text string, line int) error {
	switch name {
	case "MsgId":
		p.rep.MsgID = text
	case "CreDtTm":
		t, err := parseDateTime(text)
		if err != nil {
			return p.fail(line, "ongeldige CreDtTm %q", text)
		}
		p.rep.Created = t
	}
	return nil
}

func (p *parser) originalGroup(text string, line int) error {
	switch {
	case p.at("OrgnlGrpInfAndSts"):
		if p.rep.OrgnlMsgID == "" {
			return p.fail(line, "OrgnlMsgId ontbreekt")
		}
	case p.at("OrgnlGrpInfAndSts", "OrgnlMsgId"):
		p.rep.OrgnlMsgID = text
	case p.at("OrgnlGrpInfAndSts", "OrgnlMsgNmId"):
		p.rep.OrgnlMsgNmID = text
	case p.at("OrgnlGrpInfAndSts", "GrpSts"):
		if s := Status(text); !s.ValidGroup() {
			return p.fail(line, "onbekende groepsstatus %q", text)
		}
		p.rep.GroupStatus = Status(text)
	case p.at("OrgnlGrpInfAndSts", "StsRsnInf"):
		p.rep.GroupReasons = append(p.rep.GroupReasons, p.reason)
	default:
		p.reasonPart(text)
	}
	return nil
}

func (p *parser) paymentBlock(text string, line int) error {
	pmt := p.payment()
	switch {
	case p.at("OrgnlPmtInfAndSts", "OrgnlPmtInfId"):
		pmt.OrgnlPmtInfID = text
	case p.at("OrgnlPmtInfAndSts", "PmtInfSts"):
		if s := Status(text); !s.ValidGroup() {
			return p.fail(line, "onbekende status van betaalopdracht %q", text)
		}
		pmt.Status = Status(text)
	case p.at("OrgnlPmtInfAndSts", "StsRsnInf"):
		pmt.Reasons = append(pmt.Reasons, p.reason)
	case p.at("OrgnlPmtInfAndSts", "TxInfAndSts"):
		return p.endTx(line)
	case p.at("OrgnlPmtInfAndSts", "TxInfAndSts", "OrgnlEndToEndId"):
		p.tx.OrgnlEndToEndID = text
	case p.at("OrgnlPmtInfAndSts", "TxInfAndSts", "TxSts"):
		if s := Status(text); !s.ValidTx() {
			return p.fail(line, "onbekende transactiestatus %q", text)
		}
		p.tx.Status = Status(text)
	case p.at("OrgnlPmtInfAndSts", "TxInfAndSts", "StsRsnInf"):
		p.tx.Reasons = append(p.tx.Reasons, p.reason)
	default:
		p.reasonPart(text)
	}
	return nil
}

// reasonPart fills the reason being read from .../StsRsnInf/Rsn/{Cd,Prtry}
// and .../StsRsnInf/AddtlInf.
func (p *parser) reasonPart(text string) {
	n := len(p.path)
	name, parent := p.path[n-1], p.path[n-2]
	switch {
	case parent == "StsRsnInf" && name == "AddtlInf":
		p.reason.AdditionalInfo = append(p.reason.AdditionalInfo, text)
	case parent == "Rsn" && n >= 3 && p.path[n-3] == "StsRsnInf":
		if name == "Cd" {
			p.reason.Code = text
		} else if name == "Prtry" {
			p.reason.Proprietary = text
		}
	}
}

// endTx completes a transaction at </TxInfAndSts> and hands it on.
func (p *parser) endTx(line int) error {
	t := p.tx
	p.tx = TxStatus{}
	if t.OrgnlEndToEndID == "" {
		return p.fail(line, "transactie zonder OrgnlEndToEndId")
	}
	if t.Status == "" {
		t.Status = p.payment().Status
	}
	if t.Status == "" || t.Status == StatusPART || t.Status == StatusRCVD {
		t.Status = p.rep.GroupStatus
	}
	if !t.Status.ValidTx() {
		return p.fail(line, "transactie %q zonder TxSts", t.OrgnlEndToEndID)
	}
	if err := p.fn(t); err != nil {
		return fmt.Errorf("sepa: transactie %q (regel %d): %w", t.OrgnlEndToEndID, line, err)
	}
	return nil
}

// parseDateTime reads an ISODateTime, with or without zone; without one it
// is Amsterdam time.
func parseDateTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.ParseInLocation("2006-01-02T15:04:05", s, domain.Amsterdam)
}

// errCharset: the file declares an encoding we do not read.
var errCharset = errors.New("sepa: unsupported character set")

// charsetReader decodes the encodings banks still send besides UTF-8:
// ISO-8859-1 (Latin-1), ISO-8859-15 and Windows-1252. Any other one is
// refused (errCharset) without its name, which is input.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1":
		return charmap.ISO8859_1.NewDecoder().Reader(in), nil
	case "iso-8859-15", "iso8859-15", "latin-9", "latin9":
		return charmap.ISO8859_15.NewDecoder().Reader(in), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(in), nil
	}
	return nil, errCharset
}
