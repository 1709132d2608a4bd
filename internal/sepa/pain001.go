package sepa

import (
	"bufio"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strconv"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Pain001Namespace is the XML namespace of a pain.001.001.03 document.
const Pain001Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"

// MaxAmount is the largest amount of one SEPA credit transfer: € 999.999.999,99.
const MaxAmount domain.Cents = 99_999_999_999

// maxCtrlSum keeps the control sum within the schema's 18 digits.
const maxCtrlSum domain.Cents = 999_999_999_999_999_999

// maxNbOfTxs keeps the count within the schema's Max15NumericText.
const maxNbOfTxs int64 = 999_999_999_999_999

// ErrTotalsMismatch is wrapped by Close when the transfers added do not add up
// to the count or the control sum promised in the Header: the file is wrong
// and must be thrown away.
var ErrTotalsMismatch = errors.New("sepa: aantal of som van de overboekingen wijkt af van de kop")

// Header is the part of a payment run that comes before its transfers: the
// group header (GrpHdr) and its payment information blocks (PmtInf). The
// counts and control sums come first in the file, so the caller must know them
// before it adds the transfers (e.g. from an SQL aggregate).
type Header struct {
	MsgID         string       // GrpHdr/MsgId, unique per file (1-35 SEPA characters)
	Created       time.Time    // GrpHdr/CreDtTm, written in Europe/Amsterdam time
	NbOfTxs       int          // number of transfers that will be added
	CtrlSum       domain.Cents // their total
	InitiatorName string       // GrpHdr/InitgPty/Nm (transliterated, at most 70)
	PmtInfID      string       // PmtInf/PmtInfId (1-35 SEPA characters)
	ExecutionDate domain.Date  // PmtInf/ReqdExctnDt
	DebtorName    string       // PmtInf/Dbtr/Nm (transliterated, at most 70)
	DebtorIBAN    string       // PmtInf/DbtrAcct/Id/IBAN
	DebtorBIC     string       // PmtInf/DbtrAgt/FinInstnId/BIC; empty writes Othr/Id NOTPROVIDED
	// Blocks are the payment information blocks, in file order, each with
	// its own count, sum and category purpose (wages apart, as SALA). Their
	// counts and sums add up to NbOfTxs and CtrlSum. Empty: one block,
	// PmtInfID, of all transfers.
	Blocks []Block
}

// Block is one payment information block (PmtInf): transfers added one
// after another fill the blocks in order, each up to its NbOfTxs.
type Block struct {
	PmtInfID        string       // PmtInf/PmtInfId (1-35 SEPA characters), unique in the file
	NbOfTxs         int          // its number of transfers (at least 1)
	CtrlSum         domain.Cents // their total
	CategoryPurpose string       // PmtTpInf/CtgyPurp/Cd, e.g. CategorySalary; empty leaves it out
}

// CategorySalary is the category purpose of wages (ISO 20022
// ExternalCategoryPurpose1Code SALA): banks book salary payments apart.
const CategorySalary = "SALA"

// Transfer is one credit transfer (CdtTrfTxInf): one payment to one care
// provider's account.
type Transfer struct {
	EndToEndID   string       // unique in the file; the bank's status report refers to it
	Amount       domain.Cents // more than 0, at most MaxAmount
	CreditorName string       // transliterated, at most 70 characters
	CreditorIBAN string
	Remittance   string // RmtInf/Ustrd, transliterated, at most 140; empty leaves it out
}

// ValidationError says which field of the header or of which transfer breaks
// a rule of the SEPA credit transfer.
type ValidationError struct {
	Tx         int    // number of the transfer in the file, from 1; 0 for the header
	EndToEndID string // of that transfer, as given
	Field      string // Go field name, e.g. "CreditorIBAN"
	Msg        string // Dutch, e.g. "ongeldige IBAN"
}

func (e *ValidationError) Error() string {
	if e.Tx == 0 {
		return fmt.Sprintf("sepa: kop: %s %s", e.Field, e.Msg)
	}
	return fmt.Sprintf("sepa: overboeking %d (%q): %s %s", e.Tx, e.EndToEndID, e.Field, e.Msg)
}

// Writer streams a pain.001.001.03 file: NewWriter writes the headers, Add
// writes one transfer, Close the closing tags. Besides its buffer it keeps
// only a 128-bit fingerprint of every end-to-end id, to refuse duplicates
// (about 20 MB for 500,000 transfers; two different ids share a fingerprint
// with a chance below 1 in 10^26, which would refuse the second). A Writer is
// not safe for concurrent use.
type Writer struct {
	bw      *bufio.Writer
	h       Header
	n       int
	sum     domain.Cents
	block   int          // index of the block being written
	bn      int          // transfers in it so far
	bsum    domain.Cents // their sum
	ids     idSet
	err     error // first write error; sticky
	closed  bool
	scratch [32]byte
}

// idSet remembers 128-bit fingerprints of strings (two seeded maphashes) in
// 16 bytes each: the first half is the key, the second the value; the rare
// ids whose first halves collide go to more.
type idSet struct {
	seeds [2]maphash.Seed
	first map[uint64]uint64
	more  map[[2]uint64]struct{}
}

func newIDSet(size int) idSet {
	return idSet{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, first: make(map[uint64]uint64, size)}
}

// add records id and reports false when it was there already.
func (s *idSet) add(id string) bool {
	a, b := maphash.String(s.seeds[0], id), maphash.String(s.seeds[1], id)
	old, ok := s.first[a]
	if !ok {
		s.first[a] = b
		return true
	}
	if old == b {
		return false
	}
	k := [2]uint64{a, b}
	if _, ok := s.more[k]; ok {
		return false
	}
	if s.more == nil {
		s.more = map[[2]uint64]struct{}{}
	}
	s.more[k] = struct{}{}
	return true
}

// NewWriter validates h and writes the document up to the first transfer.
// Nothing is written when h is invalid.
func NewWriter(w io.Writer, h Header) (*Writer, error) {
	h, err := checkHeader(h)
	if err != nil {
		return nil, err
	}
	sw := &Writer{
		bw:  bufio.NewWriterSize(w, 64<<10),
		h:   h,
		ids: newIDSet(min(h.NbOfTxs, 1<<20)),
	}
	sw.writeHeader()
	if sw.err != nil {
		return nil, fmt.Errorf("sepa: kop schrijven: %w", sw.err)
	}
	return sw, nil
}

// checkHeader validates h and returns it with names transliterated and the
// debtor IBAN normalised.
func checkHeader(h Header) (Header, error) {
	bad := func(field, msg string) (Header, error) {
		return Header{}, &ValidationError{Field: field, Msg: msg}
	}
	if why := checkID(h.MsgID); why != "" {
		return bad("MsgID", why)
	}
	if len(h.Blocks) == 0 {
		if why := checkID(h.PmtInfID); why != "" {
			return bad("PmtInfID", why)
		}
		h.Blocks = []Block{{PmtInfID: h.PmtInfID, NbOfTxs: h.NbOfTxs, CtrlSum: h.CtrlSum}}
	} else {
		h.Blocks = append([]Block(nil), h.Blocks...)
		seen := map[string]bool{}
		var n int
		var sum domain.Cents
		for i, b := range h.Blocks {
			field := "Blocks[" + strconv.Itoa(i) + "]."
			if why := checkID(b.PmtInfID); why != "" {
				return bad(field+"PmtInfID", why)
			}
			if seen[b.PmtInfID] {
				return bad(field+"PmtInfID", "komt al eerder in het bestand voor")
			}
			seen[b.PmtInfID] = true
			if b.NbOfTxs < 1 || b.CtrlSum < domain.Cents(b.NbOfTxs) {
				return bad(field+"NbOfTxs", "moet minstens 1 zijn, met een som van minstens 0,01 per overboeking")
			}
			if b.CategoryPurpose != "" && !validCode(b.CategoryPurpose) {
				return bad(field+"CategoryPurpose", "is geen code van 1 tot 4 hoofdletters of cijfers")
			}
			n += b.NbOfTxs
			sum += b.CtrlSum
		}
		if n != h.NbOfTxs || sum != h.CtrlSum {
			return bad("Blocks", "tellen niet op tot het aantal en de som van de kop")
		}
	}
	if h.Created.IsZero() {
		return bad("Created", "ontbreekt")
	}
	if h.NbOfTxs < 1 || int64(h.NbOfTxs) > maxNbOfTxs {
		return bad("NbOfTxs", "moet tussen 1 en "+strconv.FormatInt(maxNbOfTxs, 10)+" liggen")
	}
	if h.CtrlSum < domain.Cents(h.NbOfTxs) || h.CtrlSum > maxCtrlSum ||
		(h.NbOfTxs <= int(maxCtrlSum/MaxAmount) && h.CtrlSum > domain.Cents(h.NbOfTxs)*MaxAmount) {
		return bad("CtrlSum", "past niet bij het aantal overboekingen ("+strconv.Itoa(h.NbOfTxs)+")")
	}
	if h.ExecutionDate.IsZero() {
		return bad("ExecutionDate", "ontbreekt")
	}
	var why string
	if h.InitiatorName, why = checkName(h.InitiatorName); why != "" {
		return bad("InitiatorName", why)
	}
	if h.DebtorName, why = checkName(h.DebtorName); why != "" {
		return bad("DebtorName", why)
	}
	iban, err := domain.ParseIBAN(h.DebtorIBAN)
	if err != nil {
		return bad("DebtorIBAN", "is geen geldige IBAN ("+err.Error()+")")
	}
	h.DebtorIBAN = string(iban)
	if h.DebtorBIC != "" && !validBIC(h.DebtorBIC) {
		return bad("DebtorBIC", "is geen geldige BIC (8 of 11 tekens)")
	}
	return h, nil
}

// checkName transliterates a name and says what is wrong with it, if anything.
func checkName(s string) (string, string) {
	s = SEPAText(s, 0)
	switch {
	case s == "":
		return s, "ontbreekt"
	case len(s) > MaxNameLen:
		return s, "is langer dan " + strconv.Itoa(MaxNameLen) + " tekens"
	}
	return s, ""
}

// validCode checks an external code such as a category purpose: 1 to 4
// upper-case letters or digits.
func validCode(s string) bool {
	if len(s) < 1 || len(s) > 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// validBIC checks the schema's pattern [A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?.
func validBIC(s string) bool {
	if len(s) != 8 && len(s) != 11 {
		return false
	}
	upper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	for i := 0; i < len(s); i++ {
		c := s[i]
		var ok bool
		switch {
		case i < 6:
			ok = upper(c)
		case i == 6:
			ok = upper(c) || c >= '2' && c <= '9'
		case i == 7:
			ok = upper(c) && c != 'O' || digit(c)
		default:
			ok = upper(c) || digit(c)
		}
		if !ok {
			return false
		}
	}
	return true
}

// Add validates t and writes it. A transfer that is refused is not written
// and the Writer stays usable; a write error is returned by every later call.
func (w *Writer) Add(t Transfer) error {
	if w.closed {
		return errors.New("sepa: Add na Close")
	}
	if w.err != nil {
		return w.err
	}
	t, err := w.checkTransfer(t)
	if err != nil {
		return err
	}
	if w.bn == w.h.Blocks[w.block].NbOfTxs { // this block is full: on to the next
		if err := w.blockDone(); err != nil {
			w.err = err
			return err
		}
		w.block++
		w.bn, w.bsum = 0, 0
		w.writeBlockHeader(w.h.Blocks[w.block])
	}
	w.n++
	w.sum += t.Amount
	w.bn++
	w.bsum += t.Amount
	w.writeTransfer(t)
	if w.err != nil {
		w.err = fmt.Errorf("sepa: overboeking %d schrijven: %w", w.n, w.err)
	}
	return w.err
}

// checkTransfer validates t against the rules and the header's totals and
// returns it transliterated and normalised; it records the end-to-end id.
func (w *Writer) checkTransfer(t Transfer) (Transfer, error) {
	bad := func(field, msg string) (Transfer, error) {
		return Transfer{}, &ValidationError{Tx: w.n + 1, EndToEndID: t.EndToEndID, Field: field, Msg: msg}
	}
	if why := checkID(t.EndToEndID); why != "" {
		return bad("EndToEndID", why)
	}
	if t.Amount <= 0 || t.Amount > MaxAmount {
		return bad("Amount", "moet tussen 0,01 en 999.999.999,99 euro liggen, niet "+t.Amount.Format("nl"))
	}
	if w.n+1 > w.h.NbOfTxs {
		return bad("EndToEndID", "is meer dan de "+strconv.Itoa(w.h.NbOfTxs)+" overboekingen van de kop")
	}
	if w.sum+t.Amount > w.h.CtrlSum {
		return bad("Amount", "brengt de som boven de controlesom "+w.h.CtrlSum.Format("nl"))
	}
	if b, bsum := w.h.Blocks[w.block], w.bsum; w.bn < b.NbOfTxs && bsum+t.Amount > b.CtrlSum ||
		w.bn == b.NbOfTxs && w.block+1 < len(w.h.Blocks) && t.Amount > w.h.Blocks[w.block+1].CtrlSum {
		return bad("Amount", "brengt de som van het blok boven zijn controlesom")
	}
	var why string
	if t.CreditorName, why = checkName(t.CreditorName); why != "" {
		return bad("CreditorName", why)
	}
	iban, err := domain.ParseIBAN(t.CreditorIBAN)
	if err != nil {
		return bad("CreditorIBAN", "is geen geldige IBAN ("+err.Error()+")")
	}
	t.CreditorIBAN = string(iban)
	if t.Remittance = SEPAText(t.Remittance, 0); len(t.Remittance) > MaxRemittanceLen {
		return bad("Remittance", "is langer dan "+strconv.Itoa(MaxRemittanceLen)+" tekens")
	}
	if !w.ids.add(t.EndToEndID) {
		return bad("EndToEndID", "komt al eerder in het bestand voor")
	}
	return t, nil
}

// Close writes the closing tags and flushes. It returns an error wrapping
// ErrTotalsMismatch when the transfers added differ in number or sum from the
// header; the file is then invalid and must be discarded. Close does not close
// the underlying io.Writer.
func (w *Writer) Close() error {
	if w.closed {
		return errors.New("sepa: Close na Close")
	}
	w.closed = true
	w.ids = idSet{}
	if w.err != nil {
		return w.err
	}
	w.str("    </PmtInf>\n  </CstmrCdtTrfInitn>\n</Document>\n")
	if w.err == nil {
		w.err = w.bw.Flush()
	}
	if w.err == nil && w.n == w.h.NbOfTxs && w.sum == w.h.CtrlSum {
		w.err = w.blockDone() // the totals agree, but a block's may not
	}
	if w.err != nil {
		return fmt.Errorf("sepa: afsluiten: %w", w.err)
	}
	if w.n != w.h.NbOfTxs || w.sum != w.h.CtrlSum {
		return fmt.Errorf("%w: %d overboekingen, som %s; de kop zegt %d, som %s",
			ErrTotalsMismatch, w.n, w.sum.Format("nl"), w.h.NbOfTxs, w.h.CtrlSum.Format("nl"))
	}
	return nil
}

// blockDone checks the block being written against its count and sum and
// closes its tag.
func (w *Writer) blockDone() error {
	b := w.h.Blocks[w.block]
	if w.bn != b.NbOfTxs || w.bsum != b.CtrlSum {
		return fmt.Errorf("%w: blok %s heeft %d overboekingen, som %s; de kop zegt %d, som %s",
			ErrTotalsMismatch, b.PmtInfID, w.bn, w.bsum.Format("nl"), b.NbOfTxs, b.CtrlSum.Format("nl"))
	}
	if w.block+1 < len(w.h.Blocks) {
		w.str("    </PmtInf>\n")
	}
	return nil
}

// Count is the number of transfers added so far.
func (w *Writer) Count() int { return w.n }

// Sum is the total of the transfers added so far.
func (w *Writer) Sum() domain.Cents { return w.sum }

func (w *Writer) writeHeader() {
	h := w.h
	w.str(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.str(`<Document xmlns="` + Pain001Namespace + `">` + "\n")
	w.str("  <CstmrCdtTrfInitn>\n    <GrpHdr>\n")
	w.elem("      ", "MsgId", h.MsgID)
	w.elem("      ", "CreDtTm", h.Created.In(domain.Amsterdam).Format("2006-01-02T15:04:05"))
	w.elem("      ", "NbOfTxs", strconv.Itoa(h.NbOfTxs))
	w.amountElem("      ", "CtrlSum", "", h.CtrlSum)
	w.str("      <InitgPty>\n")
	w.elem("        ", "Nm", h.InitiatorName)
	w.str("      </InitgPty>\n    </GrpHdr>\n")
	w.writeBlockHeader(h.Blocks[0])
}

// writeBlockHeader opens a payment information block: the debtor's
// account, the date and the block's totals.
func (w *Writer) writeBlockHeader(b Block) {
	h := w.h
	w.str("    <PmtInf>\n")
	w.elem("      ", "PmtInfId", b.PmtInfID)
	w.elem("      ", "PmtMtd", "TRF")
	w.elem("      ", "BtchBookg", "true")
	w.elem("      ", "NbOfTxs", strconv.Itoa(b.NbOfTxs))
	w.amountElem("      ", "CtrlSum", "", b.CtrlSum)
	w.str("      <PmtTpInf>\n        <SvcLvl>\n          <Cd>SEPA</Cd>\n        </SvcLvl>\n")
	if b.CategoryPurpose != "" {
		w.str("        <CtgyPurp>\n")
		w.elem("          ", "Cd", b.CategoryPurpose)
		w.str("        </CtgyPurp>\n")
	}
	w.str("      </PmtTpInf>\n")
	w.elem("      ", "ReqdExctnDt", h.ExecutionDate.String())
	w.str("      <Dbtr>\n")
	w.elem("        ", "Nm", h.DebtorName)
	w.str("      </Dbtr>\n      <DbtrAcct>\n        <Id>\n")
	w.elem("          ", "IBAN", h.DebtorIBAN)
	w.str("        </Id>\n      </DbtrAcct>\n      <DbtrAgt>\n        <FinInstnId>\n")
	if h.DebtorBIC != "" {
		w.elem("          ", "BIC", h.DebtorBIC)
	} else {
		w.str("          <Othr>\n            <Id>NOTPROVIDED</Id>\n          </Othr>\n")
	}
	w.str("        </FinInstnId>\n      </DbtrAgt>\n")
	w.elem("      ", "ChrgBr", "SLEV")
}

func (w *Writer) writeTransfer(t Transfer) {
	w.str("      <CdtTrfTxInf>\n        <PmtId>\n")
	w.elem("          ", "EndToEndId", t.EndToEndID)
	w.str("        </PmtId>\n        <Amt>\n")
	w.amountElem("          ", "InstdAmt", ` Ccy="EUR"`, t.Amount)
	w.str("        </Amt>\n        <Cdtr>\n")
	w.elem("          ", "Nm", t.CreditorName)
	w.str("        </Cdtr>\n        <CdtrAcct>\n          <Id>\n")
	w.elem("            ", "IBAN", t.CreditorIBAN)
	w.str("          </Id>\n        </CdtrAcct>\n")
	if t.Remittance != "" {
		w.str("        <RmtInf>\n")
		w.elem("          ", "Ustrd", t.Remittance)
		w.str("        </RmtInf>\n")
	}
	w.str("      </CdtTrfTxInf>\n")
}

// str writes raw markup, remembering the first error.
func (w *Writer) str(s string) {
	if w.err == nil {
		_, w.err = w.bw.WriteString(s)
	}
}

// elem writes indent<name>escaped value</name> and a newline.
func (w *Writer) elem(indent, name, value string) {
	w.str(indent)
	w.str("<")
	w.str(name)
	w.str(">")
	w.escaped(value)
	w.str("</")
	w.str(name)
	w.str(">\n")
}

// amountElem writes an amount element such as <InstdAmt Ccy="EUR">12.50</InstdAmt>.
func (w *Writer) amountElem(indent, name, attrs string, c domain.Cents) {
	w.str(indent)
	w.str("<")
	w.str(name)
	w.str(attrs)
	w.str(">")
	if w.err == nil {
		_, w.err = w.bw.Write(appendAmount(w.scratch[:0], c))
	}
	w.str("</")
	w.str(name)
	w.str(">\n")
}

// appendAmount appends a non-negative amount as the schema wants it:
// "1234.56", a dot and always two decimals.
func appendAmount(dst []byte, c domain.Cents) []byte {
	dst = strconv.AppendInt(dst, int64(c/100), 10)
	frac := int64(c % 100)
	return append(dst, '.', byte('0'+frac/10), byte('0'+frac%10))
}

// escaped writes s as XML character data (quotes need no escaping there).
func (w *Writer) escaped(s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		default:
			continue
		}
		w.str(s[start:i])
		w.str(esc)
		start = i + 1
	}
	w.str(s[start:])
}
