package web

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/pdf"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// threadView is a message thread as a document: what it is about, its
// messages oldest first, and where it came from.
type threadView struct {
	About    string
	Messages []store.Message
	Back     string // the agreement's or declaration's page
	Base     string // the thread's own address
	File     string // the PDF's file name
}

// agreementThread is an agreement's thread, for its parties only.
func (s *Server) agreementThread(r *http.Request, rq *request) (threadView, error) {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return threadView{}, err
	}
	a, err := s.svc.Agreement(r.Context(), rq.Actor, id)
	if err != nil {
		return threadView{}, err
	}
	msgs, err := s.svc.Messages(r.Context(), rq.Actor, id)
	base := "/overeenkomsten/" + strconv.FormatInt(id, 10)
	return threadView{About: i18n.T(rq.Lang, "thread.about_agreement", a.Holder.Name(), a.Provider.Name), Messages: msgs,
		Back: base, Base: base + "/berichten", File: "berichten-overeenkomst-" + strconv.FormatInt(id, 10) + ".pdf"}, err
}

// declarationThread is a declaration's thread, for whoever may see it.
func (s *Server) declarationThread(r *http.Request, rq *request) (threadView, error) {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return threadView{}, err
	}
	d, err := s.svc.Declaration(r.Context(), rq.Actor, id)
	if err != nil {
		return threadView{}, err
	}
	msgs, err := s.svc.DeclarationMessages(r.Context(), rq.Actor, id)
	base := "/declaraties/" + strconv.FormatInt(id, 10)
	month := domain.MonthOf(d.D.Period.Start).Format(rq.Lang)
	return threadView{About: i18n.T(rq.Lang, "thread.about_declaration", d.ID, month, d.Holder.Name(), d.Provider.Name), Messages: msgs,
		Back: base, Base: base + "/berichten", File: "berichten-declaratie-" + strconv.FormatInt(id, 10) + ".pdf"}, err
}

// threadPage shows a thread on a page of its own (to read or print whole).
func (s *Server) threadPage(load func(*http.Request, *request) (threadView, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		v, err := load(r, rq)
		if err != nil {
			return err
		}
		return s.render(w, r, rq, "thread", threadDocPage{V: v})
	}
}

// threadDocPage is the page of a thread.
type threadDocPage struct {
	V threadView
}

// threadPDF is the thread as a PDF: each message with who wrote it, in
// which role, and when.
func (s *Server) threadPDF(load func(*http.Request, *request) (threadView, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		v, err := load(r, rq)
		if err != nil {
			return err
		}
		lang := rq.Lang
		t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
		doc := s.pdfDoc(rq, t("thread.title")+" – "+v.About)
		doc.Lines = []pdf.Line{{Text: t("thread.title"), Size: 18, Bold: true}, {Text: v.About, Gap: 4}}
		if len(v.Messages) == 0 {
			doc.Lines = append(doc.Lines, pdf.Line{Text: t("thread.none"), Gap: 8})
		} else {
			doc.Lines = append(doc.Lines, pdf.Line{Text: t("thread.count", len(v.Messages)), Size: 9})
		}
		for _, m := range v.Messages {
			doc.Lines = append(doc.Lines,
				pdf.Line{Text: m.AuthorName + " (" + t("party."+string(m.Party)) + ") · " + m.CreatedAt.In(domain.Amsterdam).Format("02-01-2006 15:04"), Bold: true, Gap: 10},
				pdf.Line{Text: m.Body})
		}
		sendPDF(w, v.File, doc)
		return nil
	}
}
