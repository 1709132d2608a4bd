package web

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// paperNew shows the form on which SVB or verstrekker staff register an
// agreement that came by post, with its scan.
func (s *Server) paperNew(w http.ResponseWriter, r *http.Request, rq *request) {
	s.paperRender(w, r, rq, &form{Errors: map[string]string{}, Values: map[string][]string{}})
}

func (s *Server) paperRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	if !rq.Actor.Is(domain.RoleSVB) && !rq.Actor.Is(domain.RoleVerstrekker) {
		s.fail(w, r, rq, domain.NotFound("page"))
		return
	}
	provs, err := s.svc.SearchProviders(r.Context(), rq.Actor, "")
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	popts := [][2]string{{"", "–"}}
	for _, p := range provs {
		popts = append(popts, [2]string{strconv.FormatInt(p.ID, 10), p.Name + " · " + p.City})
	}
	s.renderForm(w, r, rq, "agreement_form", map[string]any{"Rows": []int{0, 1, 2}, "Paper": true, "ByProvider": true,
		"Providers": popts, "Action": "/overeenkomsten/papier"}, f)
}

func (s *Server) paperCreate(w http.ResponseWriter, r *http.Request, rq *request) {
	up, err := readUpload(w, r, "scan")
	f := &form{Errors: map[string]string{}, Values: up.values}
	if err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.paperRender(w, r, rq, f) })
		return
	}
	v, err := s.svc.RegisterPaperAgreement(r.Context(), rq.Actor, agreementInputFromForm(f), up.name, up.data)
	if err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.paperRender(w, r, rq, f) })
		return
	}
	s.flash(w, "agreement.paper_registered")
	http.Redirect(w, r, "/overeenkomsten/"+strconv.FormatInt(v.ID, 10), http.StatusSeeOther)
}

// agreementScan serves a scan to the agreement's parties only, as a
// download with the type it was sniffed as.
func (s *Server) agreementScan(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	sid, err := strconv.ParseInt(r.PathValue("sid"), 10, 64)
	if err != nil {
		s.fail(w, r, rq, domain.NotFound("attachment"))
		return
	}
	att, err := s.svc.AgreementScan(r.Context(), rq.Actor, id, sid)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	serveAttachment(w, att, "scan")
}

// serveAttachment sends a stored file as a download named
// prefix-<id>.<ext>, with the type it was sniffed as, never cached.
func serveAttachment(w http.ResponseWriter, att store.Attachment, prefix string) {
	w.Header().Set("Content-Type", att.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+prefix+"-"+strconv.FormatInt(att.ID, 10)+extension(att.ContentType)+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(att.Data)
}

func extension(contentType string) string {
	switch contentType {
	case "application/pdf":
		return ".pdf"
	case "image/png":
		return ".png"
	}
	return ".jpg"
}
