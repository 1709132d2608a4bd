package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// grantFormPage is the form of a new grant (for Holder) or of a revision
// (of Grant), with its line rows (templates grant_new, grant_revise).
type grantFormPage struct {
	Holder domain.BudgetHolder
	Grant  service.GrantView
	Rows   []int
}

// grantPage is one grant: its revisions, balance and chart, the free amount
// to claim, its settlement and (for staff) its audit trail.
type grantPage struct {
	Grant      service.GrantView
	Holder     domain.BudgetHolder
	Chart      template.HTML
	Staff      bool
	Current    domain.GrantRevision
	MayClaim   bool
	Settlement *service.SettlementView
	Audit      []service.AuditEntry
}

// grantLinesFromForm reads the repeated line fields lines[i].care_function
// and lines[i].yearly.
func grantLinesFromForm(f *form) []service.LineInput {
	var out []service.LineInput
	for i := 0; i < 20; i++ {
		p := "lines[" + strconv.Itoa(i) + "]"
		cf, y := f.Get(p+".care_function"), f.Get(p+".yearly")
		if _, ok := f.Values[p+".care_function"]; !ok {
			break
		}
		out = append(out, service.LineInput{CareFunction: cf, Yearly: y})
	}
	return out
}

// compactLines rewrites the form's line fields without the empty rows, in
// the order the service numbers them, so errors land on the right row.
func compactLines(f *form, lines []service.LineInput) {
	i := 0
	for k := range f.Values {
		if len(k) > 6 && k[:6] == "lines[" {
			delete(f.Values, k)
		}
	}
	for _, l := range lines {
		if l.CareFunction == "" && l.Yearly == "" {
			continue
		}
		p := "lines[" + strconv.Itoa(i) + "]"
		f.Values.Set(p+".care_function", l.CareFunction)
		f.Values.Set(p+".yearly", l.Yearly)
		i++
	}
}

// lineRows is how many line rows a grant form shows: the filled ones plus
// two spare.
func lineRows(f *form) []int {
	n := 0
	for {
		if _, ok := f.Values["lines["+strconv.Itoa(n)+"].care_function"]; !ok {
			break
		}
		n++
	}
	rows := make([]int, n+2)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

func (s *Server) grantNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.grantFormRender(w, r, rq, blankForm())
}

func (s *Server) grantFormRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	if !rq.Actor.Is(domain.RoleVerstrekker) {
		return domain.NotFound("page")
	}
	b, err := s.svc.BudgetHolder(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	return s.renderForm(w, r, rq, "grant_new", grantFormPage{Holder: b, Rows: lineRows(f)}, f)
}

func (s *Server) grantCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	lines := grantLinesFromForm(f)
	g, err := s.svc.CreateGrant(r.Context(), rq.Actor, service.GrantInput{
		BudgetHolderID: id, Law: f.Get("law"), Reference: f.Get("reference"), Start: f.Get("start"), End: f.Get("end"),
		DecidedOn: f.Get("decided_on"), OwnContribution: f.Get("own_contribution"), FreeAmount: f.Get("free_amount") == "ja", Lines: lines})
	if err != nil {
		return refuse(f, err, func() error {
			compactLines(f, lines)
			return s.grantFormRender(w, r, rq, f)
		})
	}
	s.flash(w, "grant.created")
	http.Redirect(w, r, "/toekenningen/"+strconv.FormatInt(g.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) grantShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.grantShowRender(w, r, rq, blankForm())
}

// grantClaimFree: the budget holder claims (part of) the free amount.
func (s *Server) grantClaimFree(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	if _, err := s.svc.ClaimFreeAmount(r.Context(), rq.Actor, id, f.Get("amount")); err != nil {
		return refuse(f, err, func() error { return s.grantShowRender(w, r, rq, f) })
	}
	s.flash(w, "free.claimed")
	http.Redirect(w, r, "/toekenningen/"+strconv.FormatInt(id, 10)+"#free-title", http.StatusSeeOther)
	return nil
}

func (s *Server) grantShowRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	g, err := s.svc.Grant(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	b, err := s.svc.BudgetHolder(r.Context(), rq.Actor, g.BudgetHolderID)
	if err != nil {
		return err
	}
	data := grantPage{Grant: g, Holder: b, Chart: spendingChart(rq.Lang, g.Months), Staff: rq.Actor.Is(domain.RoleVerstrekker),
		Current: g.Current(s.svc.Today()), MayClaim: rq.Actor.Is(domain.RoleBudgetHolder) || rq.Actor.Is(domain.RoleRepresentative)}
	if st, err := s.svc.SettlementOfGrant(r.Context(), rq.Actor, id); err == nil && st != nil {
		data.Settlement = st
	}
	if rq.Actor.Role.Role.IsStaff() {
		if trail, err := s.svc.GrantAudit(r.Context(), rq.Actor, id); err == nil {
			data.Audit = trail
		}
	}
	return s.renderForm(w, r, rq, "grant", data, f)
}

func (s *Server) grantReviseForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	g, err := s.svc.Grant(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	f := blankForm()
	cur := g.Current(s.svc.Today())
	for i, l := range cur.Lines {
		p := "lines[" + strconv.Itoa(i) + "]"
		f.Values.Set(p+".care_function", l.CareFunction)
		f.Values.Set(p+".yearly", l.Yearly.Plain(rq.Lang))
	}
	return s.grantReviseRender(w, r, rq, g, f)
}

func (s *Server) grantReviseRender(w http.ResponseWriter, r *http.Request, rq *request, g service.GrantView, f *form) error {
	if !rq.Actor.Is(domain.RoleVerstrekker) {
		return domain.NotFound("page")
	}
	return s.renderForm(w, r, rq, "grant_revise", grantFormPage{Grant: g, Rows: lineRows(f)}, f)
}

func (s *Server) grantRevise(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	lines := grantLinesFromForm(f)
	_, err = s.svc.ReviseGrant(r.Context(), rq.Actor, id, service.RevisionInput{EffectiveFrom: f.Get("effective_from"), Reason: f.Get("reason"), Lines: lines})
	if err != nil {
		g, gerr := s.svc.Grant(r.Context(), rq.Actor, id)
		if gerr != nil {
			return gerr
		}
		return refuse(f, err, func() error {
			compactLines(f, lines)
			return s.grantReviseRender(w, r, rq, g, f)
		})
	}
	s.flash(w, "grant.revised")
	http.Redirect(w, r, "/toekenningen/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
