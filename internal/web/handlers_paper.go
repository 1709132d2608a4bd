package web

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// paperNew shows the form on which SVB or verstrekker staff register an
// agreement that came by post, with its scan.
func (s *Server) paperNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.paperRender(w, r, rq, blankForm())
}

func (s *Server) paperRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	if !rq.Actor.Is(domain.RoleSVB) && !rq.Actor.Is(domain.RoleVerstrekker) {
		return domain.NotFound("page")
	}
	provs, err := s.svc.SearchProviders(r.Context(), rq.Actor, "")
	if err != nil {
		return err
	}
	popts := [][2]string{{"", "–"}}
	for _, p := range provs {
		popts = append(popts, [2]string{strconv.FormatInt(p.ID, 10), p.Name + " · " + p.City})
	}
	return s.renderForm(w, r, rq, "agreement_form", agreementFormPage{Rows: []int{0, 1, 2}, Paper: true, ByProvider: true,
		Providers: popts, Action: "/overeenkomsten/papier"}, f)
}

func (s *Server) paperCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	up, err := s.readUpload(w, r, "scan")
	f := &form{Errors: map[string]string{}, Values: up.values}
	if err != nil {
		return refuse(f, err, func() error { return s.paperRender(w, r, rq, f) })
	}
	v, err := s.svc.RegisterPaperAgreement(r.Context(), rq.Actor, agreementInputFromForm(f), up.name, up.data)
	if err != nil {
		return refuse(f, err, func() error { return s.paperRender(w, r, rq, f) })
	}
	s.flash(w, "agreement.paper_registered")
	http.Redirect(w, r, "/overeenkomsten/"+strconv.FormatInt(v.ID, 10), http.StatusSeeOther)
	return nil
}

// agreementScan serves a scan to the agreement's parties only, as a
// download with the type it was sniffed as.
func (s *Server) agreementScan(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	sid, err := httpkit.PathID(r, "sid")
	if err != nil {
		return domain.NotFound("attachment")
	}
	att, err := s.svc.AgreementScan(r.Context(), rq.Actor, id, sid)
	if err != nil {
		return err
	}
	serveAttachment(w, att, "scan")
	return nil
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
