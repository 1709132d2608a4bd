package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// declarationFormPage is the month form: a row per day, a field per agreed
// care line, for the kind of declaration chosen, with the week totals and
// what would be left of the budget.
type declarationFormPage struct {
	G             service.MonthGrid
	Month         string
	MonthName     domain.Month
	AgreementID   int64
	Kind          string
	Kinds         []domain.DeclarationKind
	Paper         bool // SVB staff registering a declaration that came by post
	NeedsInvoice  bool
	MaxFiles      int
	Weeks         []gridWeek
	Total         domain.Cents
	LeftAfter     domain.Cents
	RepeatNothing bool // "repeat last month" found nothing to repeat
	ShowBudget    bool
}

// declarationPage is one declaration, its messages and what the person may
// do with it now (Can, by action, from the declaration's lifecycle table).
type declarationPage struct {
	D        service.DeclarationView
	Messages []store.Message
	Can      map[string]bool
}

// declarationNew shows the month grid: a row per day, a field per agreed
// care line; "herhalen" fills it with last month's pattern.
func (s *Server) declarationNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	if answered, err := s.declarationStartRefused(w, r, rq); answered || err != nil {
		return err
	}
	return s.declarationNewRender(w, r, rq, blankForm())
}

func (s *Server) declarationNewRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	q := r.URL.Query()
	agID, _ := strconv.ParseInt(q.Get("overeenkomst"), 10, 64)
	g, err := s.svc.DeclarationGrid(r.Context(), rq.Actor, agID, q.Get("maand"), q.Get("herhaal") == "1")
	if err != nil {
		return err
	}
	month := g.Month.String()[:7]
	if len(f.Values) == 0 {
		for k, v := range g.Repeat {
			f.Values.Set("u/"+k, v)
		}
	}
	var kinds []domain.DeclarationKind
	for _, k := range domain.DeclarationKinds {
		if k.AllowedOn(g.Terms.Kind) && (k != domain.DeclTravel || g.Terms.TravelPerKm > 0) {
			kinds = append(kinds, k)
		}
	}
	kind := domain.DeclarationKind(q.Get("soort"))
	if f.Get("kind") != "" {
		kind = domain.DeclarationKind(f.Get("kind"))
	}
	if !kind.AllowedOn(g.Terms.Kind) {
		kind = domain.DeclCare
	}
	weeks, total := gridWeeks(g, f, kind)
	return s.renderForm(w, r, rq, "declaration_new", declarationFormPage{G: g, Month: month, MonthName: domain.MonthOf(g.Month), AgreementID: agID, Kind: string(kind), Kinds: kinds,
		Paper: rq.Actor.Is(domain.RoleSVB), NeedsInvoice: g.Agreement.Provider.Kind.Formal(), MaxFiles: service.MaxDeclarationFiles,
		Weeks: weeks, Total: total, LeftAfter: g.Left - total, RepeatNothing: g.RepeatAsked && len(g.Repeat) == 0,
		ShowBudget: !rq.Actor.Is(domain.RoleSVB)}, f)
}

// declarationStartRefused answers a month form asked for without a usable
// agreement number or month, which is not a missing page: SVB staff get the
// paper start form back, with the error at its field and what they typed
// kept; others, who come by a link without its agreement, are sent to
// their agreements to choose one. It reports whether it answered.
func (s *Server) declarationStartRefused(w http.ResponseWriter, r *http.Request, rq *request) (bool, error) {
	q := r.URL.Query()
	raw, month := strings.TrimSpace(q.Get("overeenkomst")), strings.TrimSpace(q.Get("maand"))
	agID, perr := strconv.ParseInt(raw, 10, 64)
	if !rq.Actor.Is(domain.RoleSVB) {
		if perr != nil || agID <= 0 {
			s.flash(w, "decl.choose_agreement")
			http.Redirect(w, r, "/overeenkomsten", http.StatusSeeOther)
			return true, nil
		}
		return false, nil
	}
	var v domain.Validation
	switch {
	case raw == "":
		v.Add("overeenkomst", "required")
	case perr != nil || agID <= 0:
		v.Add("overeenkomst", "agreement_number_invalid")
	}
	if month == "" {
		v.Add("maand", "required")
	} else if _, err := domain.ParseDate(month + "-01"); err != nil {
		v.Add("maand", "month_invalid")
	}
	if v.Err() == nil {
		_, err := s.svc.DeclarationGrid(r.Context(), rq.Actor, agID, month, false)
		switch e, _ := domain.AsError(err); {
		case err == nil:
		case e.Kind == domain.KindNotFound:
			v.Add("overeenkomst", "agreement_number_unknown")
		case e.Kind == domain.KindConflict || e.Kind == domain.KindInvalid:
			v.Add("overeenkomst", e.Code, e.Args...)
		default:
			return true, err
		}
	}
	if err := v.Err(); err != nil {
		f := &form{Errors: map[string]string{}, Values: url.Values{"overeenkomst": {raw}, "maand": {month}}}
		return true, refuse(f, err, func() error { return s.renderForm(w, r, rq, "declaration_paper", nil, f) })
	}
	return false, nil
}

// declarationCreate stores the month form. Its buttons name the action:
// "submit" enters the declaration and sends it to the budget holder in one
// step (nothing is stored when either is refused); "concept" (or none, as
// from a client without the button) keeps it as a concept. The form is
// multipart: the invoice or time sheet chosen in "file" (none for informal
// care) is attached in the same step, and a refused file refuses it all.
func (s *Server) declarationCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	values, files, err := s.readUploads(w, r, "file", service.MaxDeclarationFiles)
	f := &form{Errors: map[string]string{}, Values: values}
	if err != nil {
		return s.declarationRefused(w, r, rq, f, err)
	}
	in := declarationInputFromForm(f)
	in.Files = files
	submit := f.Get("action") == "submit"
	d, err := s.svc.EnterDeclaration(r.Context(), rq.Actor, in, submit)
	if err != nil {
		return s.declarationRefused(w, r, rq, f, gridErrors(err, in))
	}
	if submit {
		s.flash(w, "decl.done.send")
	}
	http.Redirect(w, r, "/declaraties/"+strconv.FormatInt(d.ID, 10), http.StatusSeeOther)
	return nil
}

// declarationRefused is the refusal of the month form: shown again with
// what was entered and the errors at their fields.
func (s *Server) declarationRefused(w http.ResponseWriter, r *http.Request, rq *request, f *form, err error) error {
	q := r.URL.Query()
	q.Set("overeenkomst", f.Get("agreement_id"))
	q.Set("maand", f.Get("month"))
	r.URL.RawQuery = q.Encode()
	return refuse(f, err, func() error { return s.declarationNewRender(w, r, rq, f) })
}

// paperDeclarationCreate: SVB staff register a declaration that came by
// post, with its scan (multipart); it goes to the checks at once.
func (s *Server) paperDeclarationCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	up, err := s.readUpload(w, r, "scan")
	f := &form{Errors: map[string]string{}, Values: up.values}
	if err != nil {
		return s.declarationRefused(w, r, rq, f, err)
	}
	in := declarationInputFromForm(f)
	d, err := s.svc.RegisterPaperDeclaration(r.Context(), rq.Actor, in, f.Get("received"), up.name, up.data)
	if err != nil {
		return s.declarationRefused(w, r, rq, f, gridErrors(err, in))
	}
	s.flash(w, "decl.paper_registered")
	http.Redirect(w, r, "/declaraties/"+strconv.FormatInt(d.ID, 10), http.StatusSeeOther)
	return nil
}

// paperStart asks SVB staff for the agreement number and month on the
// paper form, then opens the month form for it.
func (s *Server) paperStart(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !rq.Actor.Is(domain.RoleSVB) {
		return domain.NotFound("page")
	}
	return s.renderForm(w, r, rq, "declaration_paper", nil, blankForm())
}

func declarationInputFromForm(f *form) service.DeclarationInput {
	agID, _ := strconv.ParseInt(f.Get("agreement_id"), 10, 64)
	in := service.DeclarationInput{AgreementID: agID, Kind: f.Get("kind"), Month: f.Get("month"), InvoiceNumber: f.Get("invoice_number"),
		InvoiceTotal: f.Get("invoice_total"), TravelKm: f.Get("travel_km"), Amount: f.Get("amount")}
	// Each grid cell is named u/<date>/<care type>/<unit>.
	for k, vals := range f.Values {
		if len(k) < 3 || k[:2] != "u/" || len(vals) == 0 || vals[0] == "" {
			continue
		}
		parts := strings.SplitN(k[2:], "/", 3)
		if len(parts) != 3 {
			continue
		}
		in.Lines = append(in.Lines, service.DeclLineInput{Date: parts[0], CareType: parts[1], Unit: parts[2], Units: vals[0]})
	}
	sortLines(in.Lines)
	return in
}

// sortLines orders grid cells by date and care type, as the form shows them.
func sortLines(ls []service.DeclLineInput) {
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].Date != ls[j].Date {
			return ls[i].Date < ls[j].Date
		}
		return ls[i].CareType < ls[j].CareType
	})
}

func (s *Server) declarationShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.declarationShowRender(w, r, rq, blankForm())
}

func (s *Server) declarationShowRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.Declaration(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	msgs, err := s.svc.DeclarationMessages(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	return s.renderForm(w, r, rq, "declaration", declarationPage{D: d, Messages: msgs, Can: can(d.Actions)}, f)
}

func (s *Server) declarationAct(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	ctx := r.Context()
	// The button names the action as the lifecycle does (your_actions).
	action, _ := domain.ParseDeclarationAction(f.Get("action"))
	var d service.DeclarationView
	d, err = s.svc.ActOnDeclaration(ctx, rq.Actor, id, action, f.Get("reason"))
	if err == nil && action == domain.DeclActApprove && d.State != domain.DeclAccepted {
		// Refused or held: no success banner; the page shows the outcome
		// as a warning (held) or an error (refused) with its reasons.
		http.Redirect(w, r, "/declaraties/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return refuse(f, err, func() error { return s.declarationShowRender(w, r, rq, f) })
	}
	s.flash(w, "decl.done."+string(action))
	http.Redirect(w, r, "/declaraties/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// declarationAttach uploads an invoice or time sheet (multipart).
func (s *Server) declarationAttach(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	up, err := s.readUpload(w, r, "file")
	if err == nil {
		_, err = s.svc.AttachToDeclaration(r.Context(), rq.Actor, id, up.name, up.data)
	}
	if err != nil {
		f := blankForm()
		return refuse(f, err, func() error { return s.declarationShowRender(w, r, rq, f) })
	}
	s.flash(w, "decl.attached")
	http.Redirect(w, r, "/declaraties/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// declarationFile serves an attachment to the declaration's parties only.
func (s *Server) declarationFile(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := httpkit.PathID(r, "aid")
	if err != nil {
		return domain.NotFound("attachment")
	}
	att, err := s.svc.DeclarationAttachment(r.Context(), rq.Actor, id, aid)
	if err != nil {
		return err
	}
	serveAttachment(w, att, "bijlage")
	return nil
}

// gridErrors puts the errors of "lines[i]...." at the grid cell line i
// came from, so that each shows beside what was typed in it.
func gridErrors(err error, in service.DeclarationInput) error {
	e, ok := domain.AsError(err)
	if !ok {
		return err
	}
	for i, fe := range e.Fields {
		j, ok := lineIndex(fe.Field)
		if !ok || j >= len(in.Lines) {
			continue
		}
		l := in.Lines[j]
		e.Fields[i].Field = "u/" + l.Date + "/" + l.CareType + "/" + l.Unit
	}
	return e
}

// declarationMessage posts a message about the declaration to its parties.
func (s *Server) declarationMessage(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	if _, err := s.svc.PostDeclarationMessage(r.Context(), rq.Actor, id, f.Get("body")); err != nil {
		return refuse(f, err, func() error { return s.declarationShowRender(w, r, rq, f) })
	}
	s.flash(w, "message.sent")
	http.Redirect(w, r, "/declaraties/"+strconv.FormatInt(id, 10)+"#berichten", http.StatusSeeOther)
	return nil
}
