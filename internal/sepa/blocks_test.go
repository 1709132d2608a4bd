package sepa

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// wagesRun is a run with care payments and wages: the wages go in a block
// of their own with category purpose SALA.
func wagesRun() (Header, []Transfer) {
	h, care := smallRun()
	wages := []Transfer{
		{EndToEndID: "E2E-L-0004", Amount: domain.Euros(2150, 0), CreditorName: "Nguyễn Văn An", CreditorIBAN: testIBAN("INGB", 4455), Remittance: "maandloon 2024-03"},
		{EndToEndID: "E2E-L-0005", Amount: domain.Euros(1875, 40), CreditorName: "Şükrü Yılmaz-Ærø", CreditorIBAN: testIBAN("RABO", 778899), Remittance: "maandloon 2024-03"},
	}
	var wageSum domain.Cents
	for _, t := range wages {
		wageSum += t.Amount
	}
	h.Blocks = []Block{
		{PmtInfID: h.PmtInfID, NbOfTxs: h.NbOfTxs, CtrlSum: h.CtrlSum},
		{PmtInfID: h.MsgID + "-SALA", NbOfTxs: len(wages), CtrlSum: wageSum, CategoryPurpose: CategorySalary},
	}
	h.NbOfTxs += len(wages)
	h.CtrlSum += wageSum
	return h, append(care, wages...)
}

// TestWagesBlockGolden: wages are a payment information block of their
// own, with CtgyPurp SALA and their own count and sum; the care payments
// stay in a block without a category purpose. The file validates (xsd_test).
func TestWagesBlockGolden(t *testing.T) {
	h, txs := wagesRun()
	var buf bytes.Buffer
	writeRun(t, &buf, h, txs)
	golden(t, "pain001_wages.golden", buf.Bytes())
	var doc struct {
		GrpHdr struct {
			NbOfTxs int    `xml:"NbOfTxs"`
			CtrlSum string `xml:"CtrlSum"`
		} `xml:"CstmrCdtTrfInitn>GrpHdr"`
		Blocks []struct {
			ID       string   `xml:"PmtInfId"`
			NbOfTxs  int      `xml:"NbOfTxs"`
			CtrlSum  string   `xml:"CtrlSum"`
			Category string   `xml:"PmtTpInf>CtgyPurp>Cd"`
			Debtor   string   `xml:"DbtrAcct>Id>IBAN"`
			E2E      []string `xml:"CdtTrfTxInf>PmtId>EndToEndId"`
		} `xml:"CstmrCdtTrfInitn>PmtInf"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.GrpHdr.NbOfTxs != 5 || doc.GrpHdr.CtrlSum != "55260.95" {
		t.Errorf("group header %+v, want 5 transfers, 55260.95", doc.GrpHdr)
	}
	if len(doc.Blocks) != 2 {
		t.Fatalf("%d blocks, want 2", len(doc.Blocks))
	}
	care, wages := doc.Blocks[0], doc.Blocks[1]
	if care.Category != "" || care.NbOfTxs != 3 || care.CtrlSum != "51235.55" || strings.Join(care.E2E, ",") != "E2E-0001,E2E-0002,E2E-0003" {
		t.Errorf("care block %+v", care)
	}
	if wages.Category != "SALA" || wages.NbOfTxs != 2 || wages.CtrlSum != "4025.40" || strings.Join(wages.E2E, ",") != "E2E-L-0004,E2E-L-0005" ||
		wages.Debtor != "NL91ABNA0417164300" || wages.ID != "SVB-RUN-2024-04-0001-SALA" {
		t.Errorf("wage block %+v", wages)
	}
	if !strings.Contains(buf.String(), "<Nm>Nguyen Van An</Nm>") || !strings.Contains(buf.String(), "<Nm>Sukru Yilmaz-AEro</Nm>") {
		t.Errorf("names not transliterated:\n%s", buf.String())
	}
}

func TestBlocksRefused(t *testing.T) {
	h, txs := wagesRun()
	for name, change := range map[string]func(*Header){
		"blocks do not add up": func(h *Header) { h.Blocks[1].CtrlSum++ },
		"same PmtInfId":        func(h *Header) { h.Blocks[1].PmtInfID = h.Blocks[0].PmtInfID },
		"empty block":          func(h *Header) { h.Blocks[1].NbOfTxs, h.Blocks[0].NbOfTxs = 0, 5 },
		"bad category":         func(h *Header) { h.Blocks[1].CategoryPurpose = "salary" },
	} {
		hh := h
		hh.Blocks = append([]Block(nil), h.Blocks...)
		change(&hh)
		if _, err := NewWriter(&bytes.Buffer{}, hh); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// A care payment too large for the care block is refused and not written.
	w, err := NewWriter(&bytes.Buffer{}, h)
	if err != nil {
		t.Fatal(err)
	}
	big := txs[0]
	big.Amount = h.Blocks[0].CtrlSum + 1
	var ve *ValidationError
	if err := w.Add(big); !errors.As(err, &ve) || ve.Field != "Amount" {
		t.Errorf("too much for the block: %v", err)
	}
	// Transfers that fill the first block with the wrong sum: mismatch.
	h2, txs2 := wagesRun()
	h2.Blocks[0].CtrlSum -= 1
	h2.Blocks[1].CtrlSum += 1
	w, err = NewWriter(&bytes.Buffer{}, h2)
	if err != nil {
		t.Fatal(err)
	}
	var last error
	for _, tx := range txs2 {
		if last = w.Add(tx); last != nil {
			break
		}
	}
	if last == nil {
		last = w.Close()
	}
	if last == nil {
		t.Error("a block whose transfers differ from its sum was written")
	}
}
