package sepa

import (
	"bytes"
	"encoding/xml"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// schemaPath is the ISO 20022 schema, copied from the project's shared
// schemas so that the tests need nothing outside the repository.
const schemaPath = "testdata/pain.001.001.03.xsd"

// xmllint returns the xmllint binary, or skips the test when it is missing;
// under CI=true a missing xmllint fails the test instead.
func xmllint(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint not found and CI=true: install libxml2-utils (.ci/run does)")
		}
		t.Skip("xmllint not found (Debian package libxml2-utils); skipping XSD validation")
	}
	return path
}

// validateXSD runs xmllint --noout --schema on the file at path.
func validateXSD(t *testing.T, lint, path string) {
	t.Helper()
	out, err := exec.Command(lint, "--noout", "--schema", schemaPath, path).CombinedOutput()
	if err != nil {
		t.Errorf("%s does not validate against %s: %v\n%s", path, schemaPath, err, out)
	}
}

func TestXSDValid(t *testing.T) {
	lint := xmllint(t)
	t.Run("golden", func(t *testing.T) {
		validateXSD(t, lint, filepath.Join("testdata", "pain001_small.golden"))
	})
	t.Run("random", func(t *testing.T) {
		h, txs := randomRun(1000)
		validateXSD(t, lint, writeTemp(t, h, txs))
	})
	t.Run("edge cases", func(t *testing.T) {
		h, txs := edgeRun()
		validateXSD(t, lint, writeTemp(t, h, txs))
	})
	t.Run("wages in a SALA block", func(t *testing.T) {
		validateXSD(t, lint, filepath.Join("testdata", "pain001_wages.golden"))
		h, txs := wagesRun()
		validateXSD(t, lint, writeTemp(t, h, txs))
	})
	t.Run("without BIC", func(t *testing.T) {
		h, txs := smallRun()
		h.DebtorBIC = ""
		validateXSD(t, lint, writeTemp(t, h, txs))
	})
}

// The schema rejects what the Writer must never write.
func TestXSDRejectsBroken(t *testing.T) {
	lint := xmllint(t)
	good, err := os.ReadFile(filepath.Join("testdata", "pain001_small.golden"))
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(good, []byte("<InstdAmt Ccy=\"EUR\">0.99<"), []byte("<InstdAmt Ccy=\"EUR\">0,99<"), 1)
	path := filepath.Join(t.TempDir(), "bad.xml")
	if err := os.WriteFile(path, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(lint, "--noout", "--schema", schemaPath, path).CombinedOutput(); err == nil {
		t.Errorf("xmllint accepted an amount with a comma:\n%s", out)
	}
}

func writeTemp(t *testing.T, h Header, txs []Transfer) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pain001.xml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	writeRun(t, f, h, txs)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// randomRun makes n transfers with random names (accents, &, <, quotes,
// other scripts), amounts and accounts, from a fixed seed.
func randomRun(n int) (Header, []Transfer) {
	rng := rand.New(rand.NewPCG(20240402, 1))
	pool := []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-'&<>\"éëèüöçßØĳĲÆœŁ日€@#\t")
	foreign := []string{"BE68539007547034", "DE89370400440532013000", "FR1420041010050500013M02606", "GB82WEST12345698765432"}
	txs := make([]Transfer, n)
	var sum domain.Cents
	for i := range txs {
		name := make([]rune, 1+rng.IntN(90))
		for j := range name {
			name[j] = pool[rng.IntN(len(pool))]
		}
		iban := testIBAN("RABO", rng.IntN(1_000_000_000))
		if rng.IntN(10) == 0 {
			iban = foreign[rng.IntN(len(foreign))]
		}
		amount := domain.Cents(1 + rng.Int64N(int64(domain.Euros(5000, 0))))
		if rng.IntN(100) == 0 {
			amount = MaxAmount
		}
		txs[i] = Transfer{
			EndToEndID:   "R" + strconv.Itoa(i) + "-" + strconv.FormatUint(rng.Uint64(), 36),
			Amount:       amount,
			CreditorName: "Z" + SEPAText(string(name), MaxNameLen-1), // never empty
			CreditorIBAN: iban,
			Remittance:   SEPAText(string(name)+" "+string(name), MaxRemittanceLen),
		}
		sum += amount
	}
	h := testHeader(n, sum)
	h.MsgID, h.PmtInfID = "RANDOM-1", "RANDOM-1-PMT"
	return h, txs
}

// edgeRun has every field at its limit: 35-character ids of the whole SEPA
// set, 70-character names, 140-character remittance, 0.01 and the maximum
// amount, an 11-character BIC and a 31-character IBAN.
func edgeRun() (Header, []Transfer) {
	id35 := func(prefix string) string { return (prefix + "-Az09/-?:().,'+" + strings.Repeat("X", 35))[:35] }
	name70 := strings.Repeat("Ĳsselmonde & Zoë ", 10) // transliterates to more than 70; cut below
	txs := []Transfer{
		{EndToEndID: id35("A"), Amount: 1, CreditorName: SEPAText(name70, MaxNameLen),
			CreditorIBAN: "MT84MALT011000012345MTLCAST001S", Remittance: strings.Repeat("r", MaxRemittanceLen)},
		{EndToEndID: id35("B"), Amount: MaxAmount, CreditorName: strings.Repeat("N", MaxNameLen),
			CreditorIBAN: testIBAN("INGB", 1), Remittance: SEPAText(strings.Repeat("é&ß ", 100), MaxRemittanceLen)},
		{EndToEndID: "C", Amount: 1, CreditorName: "O'Brien (zorg) +1?:/", CreditorIBAN: "NO9386011117947"},
	}
	h := testHeader(len(txs), 1+MaxAmount+1)
	h.MsgID, h.PmtInfID = id35("M"), id35("P")
	h.DebtorBIC = "ABNANL2AXXX"
	h.InitiatorName = strings.Repeat("I", MaxNameLen)
	h.DebtorName = SEPAText(name70, MaxNameLen)
	return h, txs
}

// TestRandomRunReadsBack decodes the random run and checks that its count,
// control sum, amounts and ids are those that went in.
func TestRandomRunReadsBack(t *testing.T) {
	h, txs := randomRun(1000)
	var buf bytes.Buffer
	writeRun(t, &buf, h, txs)
	var doc struct {
		GrpHdr struct {
			NbOfTxs int    `xml:"NbOfTxs"`
			CtrlSum string `xml:"CtrlSum"`
		} `xml:"CstmrCdtTrfInitn>GrpHdr"`
		Txs []struct {
			EndToEndID string `xml:"PmtId>EndToEndId"`
			Amount     string `xml:"Amt>InstdAmt"`
			Name       string `xml:"Cdtr>Nm"`
			Ustrd      string `xml:"RmtInf>Ustrd"`
		} `xml:"CstmrCdtTrfInitn>PmtInf>CdtTrfTxInf"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.GrpHdr.NbOfTxs != len(txs) || doc.GrpHdr.CtrlSum != string(appendAmount(nil, h.CtrlSum)) || len(doc.Txs) != len(txs) {
		t.Fatalf("header %+v, %d transfers; want %d, %d", doc.GrpHdr, len(doc.Txs), len(txs), h.CtrlSum)
	}
	var sum domain.Cents
	for i, x := range doc.Txs {
		c, err := domain.ParseCents(x.Amount)
		if err != nil || c != txs[i].Amount || x.EndToEndID != txs[i].EndToEndID {
			t.Fatalf("transfer %d: %+v, want %s %d", i, x, txs[i].EndToEndID, txs[i].Amount)
		}
		if !isCleanText(x.Name, MaxNameLen) || !isCleanText(x.Ustrd, MaxRemittanceLen) {
			t.Fatalf("transfer %d: text outside the SEPA set: %q %q", i, x.Name, x.Ustrd)
		}
		sum += c
	}
	if sum != h.CtrlSum {
		t.Fatalf("sum %d, want %d", sum, h.CtrlSum)
	}
}
