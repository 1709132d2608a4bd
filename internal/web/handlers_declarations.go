package web

import (
	"io"
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (s *Server) declarations(w http.ResponseWriter, r *http.Request, rq *request) {
	list, err := s.svc.Declarations(r.Context(), rq.Actor)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	s.render(w, r, rq, "declarations", map[string]any{"List": list})
}

// declarationNew shows the month grid: a row per day, a field per agreed
// care line; "herhalen" fills it with last month's pattern.
func (s *Server) declarationNew(w http.ResponseWriter, r *http.Request, rq *request) {
	s.declarationNewRender(w, r, rq, &form{Errors: map[string]string{}, Values: map[string][]string{}})
}

func (s *Server) declarationNewRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	q := r.URL.Query()
	agID, _ := strconv.ParseInt(q.Get("overeenkomst"), 10, 64)
	month := q.Get("maand")
	if month == "" {
		month = s.svc.Today().FirstOfMonth().AddMonths(-1).String()[:7]
	}
	g, err := s.svc.DeclarationGrid(r.Context(), rq.Actor, agID, month, q.Get("herhaal") == "1")
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	if len(f.Values) == 0 {
		for k, v := range g.Repeat {
			f.Values.Set("u/"+k, v)
		}
	}
	s.renderForm(w, r, rq, "declaration_new", map[string]any{"G": g, "Month": month, "AgreementID": agID}, f)
}

func (s *Server) declarationCreate(w http.ResponseWriter, r *http.Request, rq *request) {
	f := newForm(r)
	agID, _ := strconv.ParseInt(f.Get("agreement_id"), 10, 64)
	in := service.DeclarationInput{AgreementID: agID, Month: f.Get("month"), InvoiceNumber: f.Get("invoice_number"),
		InvoiceTotal: f.Get("invoice_total")}
	// Each grid cell is named u/<date>/<care type>/<unit>.
	for k, vals := range f.Values {
		if len(k) < 3 || k[:2] != "u/" || len(vals) == 0 || vals[0] == "" {
			continue
		}
		parts := splitN(k[2:], "/", 3)
		if len(parts) != 3 {
			continue
		}
		in.Lines = append(in.Lines, service.DeclLineInput{Date: parts[0], CareType: parts[1], Unit: parts[2], Units: vals[0]})
	}
	sortLines(in.Lines)
	d, err := s.svc.CreateDeclaration(r.Context(), rq.Actor, in)
	if err != nil {
		q := r.URL.Query()
		q.Set("overeenkomst", f.Get("agreement_id"))
		q.Set("maand", f.Get("month"))
		r.URL.RawQuery = q.Encode()
		s.formFailed(w, r, rq, f, err, func() { s.declarationNewRender(w, r, rq, f) })
		return
	}
	http.Redirect(w, r, "/declaraties/"+strconv.FormatInt(d.ID, 10), http.StatusSeeOther)
}

func (s *Server) declarationShow(w http.ResponseWriter, r *http.Request, rq *request) {
	s.declarationShowRender(w, r, rq, &form{Errors: map[string]string{}})
}

func (s *Server) declarationShowRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	d, err := s.svc.Declaration(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	s.renderForm(w, r, rq, "declaration", map[string]any{"D": d,
		"CanSend":    domain.DeclarationEditable(d.State) && (d.Party == domain.PartyProvider || d.Party == domain.PartyHolder),
		"CanApprove": d.State == domain.DeclAtHolder && d.Party == domain.PartyHolder,
		"CanReview":  d.State == domain.DeclHeld && d.Party == domain.PartyVerstrekker}, f)
}

func (s *Server) declarationAct(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	f := newForm(r)
	ctx := r.Context()
	switch f.Get("action") {
	case "send":
		_, err = s.svc.SendDeclaration(ctx, rq.Actor, id)
	case "approve":
		_, err = s.svc.ApproveDeclaration(ctx, rq.Actor, id)
	case "reject":
		_, err = s.svc.RejectDeclaration(ctx, rq.Actor, id, f.Get("reason"))
	case "release":
		_, err = s.svc.ReviewHeld(ctx, rq.Actor, id, true, "")
	case "refuse":
		_, err = s.svc.ReviewHeld(ctx, rq.Actor, id, false, f.Get("reason"))
	default:
		err = domain.NotFound("action")
	}
	if err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.declarationShowRender(w, r, rq, f) })
		return
	}
	s.flash(w, "decl.done."+f.Get("action"))
	http.Redirect(w, r, "/declaraties/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// declarationAttach uploads an invoice or time sheet (multipart).
func (s *Server) declarationAttach(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, domain.MaxUploadBytes+1<<20)
	var data []byte
	name := ""
	if err := r.ParseMultipartForm(1 << 20); err == nil {
		if file, hdr, err := r.FormFile("file"); err == nil {
			data, _ = io.ReadAll(io.LimitReader(file, domain.MaxUploadBytes+1))
			name = hdr.Filename
			file.Close()
		}
	} else {
		data = make([]byte, domain.MaxUploadBytes+1) // too large to parse: refused as too large
	}
	if _, err := s.svc.AttachToDeclaration(r.Context(), rq.Actor, id, name, data); err != nil {
		f := &form{Errors: map[string]string{}, Values: map[string][]string{}}
		s.formFailed(w, r, rq, f, err, func() { s.declarationShowRender(w, r, rq, f) })
		return
	}
	s.flash(w, "decl.attached")
	http.Redirect(w, r, "/declaraties/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// declarationFile serves an attachment to the declaration's parties only.
func (s *Server) declarationFile(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err != nil {
		s.fail(w, r, rq, domain.NotFound("attachment"))
		return
	}
	att, err := s.svc.DeclarationAttachment(r.Context(), rq.Actor, id, aid)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	w.Header().Set("Content-Type", att.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="bijlage-`+strconv.FormatInt(att.ID, 10)+extension(att.ContentType)+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(att.Data)
}
