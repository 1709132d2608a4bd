package web

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// pathID reads the {id} path value; anything but a positive integer is
// "not found".
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.NotFound("object")
	}
	return id, nil
}

// grantCard is a grant on a dashboard: balance and chart.
type grantCard struct {
	service.GrantView
	Chart any
}

// workList is what waits for the actor; a failure to read it is logged and
// the overview is shown without it rather than not at all.
func (s *Server) workList(r *http.Request, rq *request) []service.WorkItem {
	items, err := s.svc.WorkList(r.Context(), rq.Actor)
	if err != nil {
		s.log.Error("work list", "err", err)
	}
	return items
}

// dashboard shows what the role needs first.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, rq *request) {
	a := rq.Actor
	switch a.Role.Role {
	case domain.RoleBudgetHolder, domain.RoleRepresentative:
		bh, err := s.svc.BudgetHolder(r.Context(), a, a.Role.BudgetHolderID)
		if err != nil {
			s.fail(w, r, rq, err)
			return
		}
		grants, err := s.svc.GrantsOf(r.Context(), a, bh.ID)
		if err != nil {
			s.fail(w, r, rq, err)
			return
		}
		var cards []grantCard
		for _, g := range grants {
			full, err := s.svc.Grant(r.Context(), a, g.ID)
			if err != nil {
				s.fail(w, r, rq, err)
				return
			}
			cards = append(cards, grantCard{GrantView: full, Chart: spendingChart(rq.Lang, full.Months)})
		}
		s.render(w, r, rq, "dashboard_holder", map[string]any{"Holder": bh, "Grants": cards, "Today": s.svc.Today(), "Work": s.workList(r, rq)})
	case domain.RoleVerstrekker:
		s.budgetHolders(w, r, rq)
	case domain.RoleProvider:
		p, err := s.svc.Provider(r.Context(), a, a.Role.ProviderID)
		if err != nil {
			s.fail(w, r, rq, err)
			return
		}
		s.render(w, r, rq, "dashboard_provider", map[string]any{"Provider": p, "Work": s.workList(r, rq)})
	default:
		s.render(w, r, rq, "dashboard_staff", map[string]any{"Work": s.workList(r, rq)})
	}
}

func (s *Server) budgetHolders(w http.ResponseWriter, r *http.Request, rq *request) {
	q := r.URL.Query().Get("q")
	page, _ := strconv.Atoi(r.URL.Query().Get("pagina"))
	if page < 1 {
		page = 1
	}
	const per = 25
	list, err := s.svc.SearchBudgetHolders(r.Context(), rq.Actor, q, per+1, (page-1)*per)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	more := len(list) > per
	if more {
		list = list[:per]
	}
	data := map[string]any{"Q": q, "List": list, "Page": page, "More": more}
	if r.URL.Path == "/" { // the verstrekker's overview: what waits first
		data["Home"], data["Work"] = true, s.workList(r, rq)
	}
	s.render(w, r, rq, "budgetholders", data)
}

func (s *Server) budgetHolderNew(w http.ResponseWriter, r *http.Request, rq *request) {
	if !rq.Actor.Is(domain.RoleVerstrekker) {
		s.fail(w, r, rq, domain.NotFound("page"))
		return
	}
	s.renderForm(w, r, rq, "budgetholder_new", nil, &form{Errors: map[string]string{}})
}

func (s *Server) budgetHolderCreate(w http.ResponseWriter, r *http.Request, rq *request) {
	f := newForm(r)
	b, err := s.svc.CreateBudgetHolder(r.Context(), rq.Actor, service.BudgetHolderInput{
		BSN: f.Get("bsn"), Initials: f.Get("initials"), Prefix: f.Get("prefix"), FamilyName: f.Get("family_name"),
		BirthDate: f.Get("birth_date"), Street: f.Get("street"), HouseNumber: f.Get("house_number"),
		Postcode: f.Get("postcode"), City: f.Get("city"), Email: f.Get("email"), Phone: f.Get("phone"),
	})
	if err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.renderForm(w, r, rq, "budgetholder_new", nil, f) })
		return
	}
	s.flash(w, "budget_holder.created")
	http.Redirect(w, r, "/budgethouders/"+strconv.FormatInt(b.ID, 10), http.StatusSeeOther)
}

func (s *Server) budgetHolderShow(w http.ResponseWriter, r *http.Request, rq *request) {
	s.budgetHolderRender(w, r, rq, &form{Errors: map[string]string{}})
}

func (s *Server) budgetHolderRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	b, err := s.svc.BudgetHolder(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	grants, err := s.svc.GrantsOf(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	reps, err := s.svc.Representatives(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	s.renderForm(w, r, rq, "budgetholder", map[string]any{"Holder": b, "Grants": grants, "Reps": reps,
		"Staff": rq.Actor.Is(domain.RoleVerstrekker), "MayChange": s.svc.MayChangeHolder(r.Context(), rq.Actor, id),
		"Minor": b.IsMinorOn(s.svc.Today())}, f)
}

func (s *Server) representativeAdd(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	up, err := readUpload(w, r, "proof")
	f := &form{Errors: map[string]string{}, Values: up.values}
	if err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.budgetHolderRender(w, r, rq, f) })
		return
	}
	// The service checks the proof (legal representation needs one) and
	// stores it with the representation, in one transaction.
	if _, err := s.svc.AddRepresentative(r.Context(), rq.Actor, id, service.RepresentativeInput{
		Email: f.Get("email"), Kind: f.Get("kind"), ValidFrom: f.Get("valid_from"), ValidTo: f.Get("valid_to"),
		Proof: service.Upload{Name: up.name, Data: up.data}}); err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.budgetHolderRender(w, r, rq, f) })
		return
	}
	s.flash(w, "representative.added")
	http.Redirect(w, r, "/budgethouders/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
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

func (s *Server) grantNew(w http.ResponseWriter, r *http.Request, rq *request) {
	s.grantFormRender(w, r, rq, &form{Errors: map[string]string{}, Values: map[string][]string{}})
}

func (s *Server) grantFormRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	if !rq.Actor.Is(domain.RoleVerstrekker) {
		s.fail(w, r, rq, domain.NotFound("page"))
		return
	}
	b, err := s.svc.BudgetHolder(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	s.renderForm(w, r, rq, "grant_new", map[string]any{"Holder": b, "Rows": lineRows(f)}, f)
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

func (s *Server) grantCreate(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	f := newForm(r)
	lines := grantLinesFromForm(f)
	g, err := s.svc.CreateGrant(r.Context(), rq.Actor, service.GrantInput{
		BudgetHolderID: id, Law: f.Get("law"), Reference: f.Get("reference"), Start: f.Get("start"), End: f.Get("end"),
		DecidedOn: f.Get("decided_on"), OwnContribution: f.Get("own_contribution"), FreeAmount: f.Get("free_amount") == "ja", Lines: lines})
	if err != nil {
		s.formFailed(w, r, rq, f, err, func() {
			compactLines(f, lines)
			s.grantFormRender(w, r, rq, f)
		})
		return
	}
	s.flash(w, "grant.created")
	http.Redirect(w, r, "/toekenningen/"+strconv.FormatInt(g.ID, 10), http.StatusSeeOther)
}

func (s *Server) grantShow(w http.ResponseWriter, r *http.Request, rq *request) {
	s.grantShowRender(w, r, rq, &form{Errors: map[string]string{}, Values: map[string][]string{}})
}

// grantClaimFree: the budget holder claims (part of) the free amount.
func (s *Server) grantClaimFree(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	f := newForm(r)
	if _, err := s.svc.ClaimFreeAmount(r.Context(), rq.Actor, id, f.Get("amount")); err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.grantShowRender(w, r, rq, f) })
		return
	}
	s.flash(w, "free.claimed")
	http.Redirect(w, r, "/toekenningen/"+strconv.FormatInt(id, 10)+"#free-title", http.StatusSeeOther)
}

func (s *Server) grantShowRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	g, err := s.svc.Grant(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	b, err := s.svc.BudgetHolder(r.Context(), rq.Actor, g.BudgetHolderID)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	data := map[string]any{"Grant": g, "Holder": b, "Chart": spendingChart(rq.Lang, g.Months), "Staff": rq.Actor.Is(domain.RoleVerstrekker),
		"Current": g.Current(s.svc.Today()), "MayClaim": rq.Actor.Is(domain.RoleBudgetHolder) || rq.Actor.Is(domain.RoleRepresentative)}
	if st, err := s.svc.SettlementOfGrant(r.Context(), rq.Actor, id); err == nil && st != nil {
		data["Settlement"] = st
	}
	if rq.Actor.Role.Role.IsStaff() {
		if trail, err := s.svc.GrantAudit(r.Context(), rq.Actor, id); err == nil {
			data["Audit"] = trail
		}
	}
	s.renderForm(w, r, rq, "grant", data, f)
}

func (s *Server) grantReviseForm(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	g, err := s.svc.Grant(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	f := &form{Errors: map[string]string{}, Values: map[string][]string{}}
	cur := g.Current(s.svc.Today())
	for i, l := range cur.Lines {
		p := "lines[" + strconv.Itoa(i) + "]"
		f.Values.Set(p+".care_function", l.CareFunction)
		f.Values.Set(p+".yearly", l.Yearly.Plain(rq.Lang))
	}
	s.grantReviseRender(w, r, rq, g, f)
}

func (s *Server) grantReviseRender(w http.ResponseWriter, r *http.Request, rq *request, g service.GrantView, f *form) {
	if !rq.Actor.Is(domain.RoleVerstrekker) {
		s.fail(w, r, rq, domain.NotFound("page"))
		return
	}
	s.renderForm(w, r, rq, "grant_revise", map[string]any{"Grant": g, "Rows": lineRows(f)}, f)
}

func (s *Server) grantRevise(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	f := newForm(r)
	lines := grantLinesFromForm(f)
	_, err = s.svc.ReviseGrant(r.Context(), rq.Actor, id, service.RevisionInput{EffectiveFrom: f.Get("effective_from"), Reason: f.Get("reason"), Lines: lines})
	if err != nil {
		g, gerr := s.svc.Grant(r.Context(), rq.Actor, id)
		if gerr != nil {
			s.fail(w, r, rq, gerr)
			return
		}
		s.formFailed(w, r, rq, f, err, func() {
			compactLines(f, lines)
			s.grantReviseRender(w, r, rq, g, f)
		})
		return
	}
	s.flash(w, "grant.revised")
	http.Redirect(w, r, "/toekenningen/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
