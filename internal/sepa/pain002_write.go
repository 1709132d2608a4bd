package sepa

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// The XML shape WriteStatusReport marshals; element order is the schema's.
type (
	xStatusDoc struct {
		XMLName xml.Name `xml:"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03 Document"`
		Report  xReport  `xml:"CstmrPmtStsRpt"`
	}
	xReport struct {
		GrpHdr   xGrpHdr    `xml:"GrpHdr"`
		OrgnlGrp xOrgnlGrp  `xml:"OrgnlGrpInfAndSts"`
		Payments []xPayment `xml:"OrgnlPmtInfAndSts"`
	}
	xGrpHdr struct {
		MsgID   string `xml:"MsgId"`
		CreDtTm string `xml:"CreDtTm"`
	}
	xOrgnlGrp struct {
		OrgnlMsgID   string    `xml:"OrgnlMsgId"`
		OrgnlMsgNmID string    `xml:"OrgnlMsgNmId"`
		GrpSts       Status    `xml:"GrpSts,omitempty"`
		Reasons      []xReason `xml:"StsRsnInf"`
	}
	xPayment struct {
		OrgnlPmtInfID string    `xml:"OrgnlPmtInfId"`
		PmtInfSts     Status    `xml:"PmtInfSts,omitempty"`
		Reasons       []xReason `xml:"StsRsnInf"`
		Txs           []xTx     `xml:"TxInfAndSts"`
	}
	xTx struct {
		OrgnlEndToEndID string    `xml:"OrgnlEndToEndId"`
		TxSts           Status    `xml:"TxSts"`
		Reasons         []xReason `xml:"StsRsnInf"`
	}
	xReason struct {
		Rsn      *xRsn    `xml:"Rsn,omitempty"`
		AddtlInf []string `xml:"AddtlInf"`
	}
	xRsn struct {
		Cd    string `xml:"Cd,omitempty"`
		Prtry string `xml:"Prtry,omitempty"`
	}
)

// WriteStatusReport writes r as a pain.002.001.03 document, as a bank would
// send it; for tests and the demo. Transactions go into the payment block
// named by their OrgnlPmtInfID; when r.Payments is empty the blocks are made
// from the transactions, in order of appearance. What it writes,
// ParseStatusReport reads back.
func WriteStatusReport(w io.Writer, r StatusReport) error {
	doc, err := statusDoc(r)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("sepa: statusrapport schrijven: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("sepa: statusrapport schrijven: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("sepa: statusrapport schrijven: %w", err)
	}
	return nil
}

// statusDoc checks r and arranges it in the document's shape.
func statusDoc(r StatusReport) (xStatusDoc, error) {
	switch {
	case r.MsgID == "":
		return xStatusDoc{}, errors.New("sepa: statusrapport zonder MsgID")
	case r.Created.IsZero():
		return xStatusDoc{}, errors.New("sepa: statusrapport zonder Created")
	case r.OrgnlMsgID == "":
		return xStatusDoc{}, errors.New("sepa: statusrapport zonder OrgnlMsgID")
	case r.GroupStatus != "" && !r.GroupStatus.ValidGroup():
		return xStatusDoc{}, fmt.Errorf("sepa: statusrapport: onbekende groepsstatus %q", r.GroupStatus)
	}
	nmID := r.OrgnlMsgNmID
	if nmID == "" {
		nmID = "pain.001.001.03"
	}
	payments, err := statusPayments(r)
	if err != nil {
		return xStatusDoc{}, err
	}
	return xStatusDoc{Report: xReport{
		GrpHdr:   xGrpHdr{MsgID: r.MsgID, CreDtTm: r.Created.In(domain.Amsterdam).Format("2006-01-02T15:04:05")},
		OrgnlGrp: xOrgnlGrp{OrgnlMsgID: r.OrgnlMsgID, OrgnlMsgNmID: nmID, GrpSts: r.GroupStatus, Reasons: xReasons(r.GroupReasons)},
		Payments: payments,
	}}, nil
}

// statusPayments groups the transactions into their payment blocks.
func statusPayments(r StatusReport) ([]xPayment, error) {
	pmts := r.Payments
	if len(pmts) == 0 {
		seen := map[string]bool{}
		for _, t := range r.Transactions {
			if !seen[t.OrgnlPmtInfID] {
				seen[t.OrgnlPmtInfID] = true
				pmts = append(pmts, PaymentStatus{OrgnlPmtInfID: t.OrgnlPmtInfID})
			}
		}
	}
	out := make([]xPayment, len(pmts))
	index := map[string]int{}
	for i, p := range pmts {
		if p.OrgnlPmtInfID == "" {
			return nil, errors.New("sepa: statusrapport: betaalopdracht zonder OrgnlPmtInfID")
		}
		if p.Status != "" && !p.Status.ValidGroup() {
			return nil, fmt.Errorf("sepa: statusrapport: onbekende status %q van betaalopdracht %q", p.Status, p.OrgnlPmtInfID)
		}
		out[i] = xPayment{OrgnlPmtInfID: p.OrgnlPmtInfID, PmtInfSts: p.Status, Reasons: xReasons(p.Reasons)}
		index[p.OrgnlPmtInfID] = i
	}
	for _, t := range r.Transactions {
		i, ok := index[t.OrgnlPmtInfID]
		switch {
		case !ok:
			return nil, fmt.Errorf("sepa: statusrapport: transactie %q in onbekende betaalopdracht %q", t.OrgnlEndToEndID, t.OrgnlPmtInfID)
		case t.OrgnlEndToEndID == "":
			return nil, errors.New("sepa: statusrapport: transactie zonder OrgnlEndToEndID")
		case !t.Status.ValidTx():
			return nil, fmt.Errorf("sepa: statusrapport: transactie %q: onbekende status %q", t.OrgnlEndToEndID, t.Status)
		}
		out[i].Txs = append(out[i].Txs, xTx{OrgnlEndToEndID: t.OrgnlEndToEndID, TxSts: t.Status, Reasons: xReasons(t.Reasons)})
	}
	return out, nil
}

func xReasons(rs []Reason) []xReason {
	var out []xReason
	for _, r := range rs {
		x := xReason{AddtlInf: r.AdditionalInfo}
		switch { // Rsn is a choice: Cd or Prtry
		case r.Code != "":
			x.Rsn = &xRsn{Cd: r.Code}
		case r.Proprietary != "":
			x.Rsn = &xRsn{Prtry: r.Proprietary}
		}
		out = append(out, x)
	}
	return out
}
