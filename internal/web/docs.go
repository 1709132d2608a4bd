package web

import (
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/pdf"
)

// docs: what every PDF the portal gives out carries (sender, date, contact,
// page numbers), in the reader's language.
func init() {
	i18n.Add(map[string][2]string{
		"pdf.sender":  {"Sociale Verzekeringsbank (SVB) · PGB Portaal", "Sociale Verzekeringsbank (SVB) · PGB Portal"},
		"pdf.contact": {"Vragen? Stuur ons een bericht via Berichten in het PGB Portaal.", "Questions? Send us a message under Messages in the PGB Portal."},
		"pdf.date":    {"Gemaakt op %s", "Made on %s"},
		"pdf.page":    {"pagina %s van %s", "page %s of %s"},
	})
}

// pdfDoc starts a PDF with the portal as sender, today's date, the contact
// and page numbers in the reader's language.
func (s *Server) pdfDoc(rq *request, title string) pdf.Document {
	lang := rq.Lang
	return pdf.Document{Title: title, Lang: lang,
		Sender:    i18n.T(lang, "pdf.sender"),
		Date:      i18n.T(lang, "pdf.date", s.svc.Today().Format(lang)),
		Contact:   i18n.T(lang, "pdf.contact"),
		PageLabel: func(p, n string) string { return i18n.T(lang, "pdf.page", p, n) }}
}

// sendPDF writes the document as a download.
func sendPDF(w http.ResponseWriter, filename string, doc pdf.Document) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	doc.Write(w)
}
