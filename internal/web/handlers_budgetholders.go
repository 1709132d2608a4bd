package web

import (
	"net/http"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// budgetHoldersPage is the verstrekker's register: search and pages, and on
// the overview ("/") what waits first.
type budgetHoldersPage struct {
	Q    string
	List []domain.BudgetHolder
	Page int
	More bool
	Home bool
	Work []service.WorkItem
}

func (s *Server) budgetHolders(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query().Get("q")
	page, _ := strconv.Atoi(r.URL.Query().Get("pagina"))
	if page < 1 {
		page = 1
	}
	const per = 25
	list, err := s.svc.SearchBudgetHolders(r.Context(), rq.Actor, q, per+1, (page-1)*per)
	if err != nil {
		return err
	}
	more := len(list) > per
	if more {
		list = list[:per]
	}
	data := budgetHoldersPage{Q: q, List: list, Page: page, More: more}
	if r.URL.Path == "/" { // the verstrekker's overview: what waits first
		data.Home, data.Work = true, s.workList(r, rq)
	}
	return s.render(w, r, rq, "budgetholders", data)
}

func (s *Server) budgetHolderNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !rq.Actor.Is(domain.RoleVerstrekker) {
		return domain.NotFound("page")
	}
	return s.renderForm(w, r, rq, "budgetholder_new", nil, blankForm())
}

func (s *Server) budgetHolderCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	b, err := s.svc.CreateBudgetHolder(r.Context(), rq.Actor, service.BudgetHolderInput{
		BSN: f.Get("bsn"), Initials: f.Get("initials"), Prefix: f.Get("prefix"), FamilyName: f.Get("family_name"),
		BirthDate: f.Get("birth_date"), Street: f.Get("street"), HouseNumber: f.Get("house_number"),
		Postcode: f.Get("postcode"), City: f.Get("city"), Email: f.Get("email"), Phone: f.Get("phone"),
	})
	if err != nil {
		return refuse(f, err, func() error { return s.renderForm(w, r, rq, "budgetholder_new", nil, f) })
	}
	s.flash(w, "budget_holder.created")
	http.Redirect(w, r, "/budgethouders/"+strconv.FormatInt(b.ID, 10), http.StatusSeeOther)
	return nil
}

// budgetHolderPage is one budget holder: details, grants, representatives.
type budgetHolderPage struct {
	Holder    domain.BudgetHolder
	Grants    []service.GrantView
	Reps      []service.RepresentativeView
	Staff     bool // verstrekker staff
	MayChange bool // may change the contact details
	Minor     bool // under 18 today
}

func (s *Server) budgetHolderShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.budgetHolderRender(w, r, rq, blankForm())
}

func (s *Server) budgetHolderRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	b, err := s.svc.BudgetHolder(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	grants, err := s.svc.GrantsOf(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	reps, err := s.svc.Representatives(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	return s.renderForm(w, r, rq, "budgetholder", budgetHolderPage{Holder: b, Grants: grants, Reps: reps,
		Staff: rq.Actor.Is(domain.RoleVerstrekker), MayChange: s.svc.MayChangeHolder(r.Context(), rq.Actor, id),
		Minor: b.IsMinorOn(s.svc.Today())}, f)
}

func (s *Server) representativeAdd(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	up, err := s.readUpload(w, r, "proof")
	f := &form{Errors: map[string]string{}, Values: up.values}
	again := func() error { return s.budgetHolderRender(w, r, rq, f) }
	if err != nil {
		return refuse(f, err, again)
	}
	// The service checks the proof (legal representation needs one) and
	// stores it with the representation, in one transaction.
	if _, err := s.svc.AddRepresentative(r.Context(), rq.Actor, id, service.RepresentativeInput{
		Email: f.Get("email"), Kind: f.Get("kind"), ValidFrom: f.Get("valid_from"), ValidTo: f.Get("valid_to"),
		Proof: service.Upload{Name: up.name, Data: up.data}}); err != nil {
		return refuse(f, err, again)
	}
	s.flash(w, "representative.added")
	http.Redirect(w, r, "/budgethouders/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// representativeProof serves the scan of a representation's proof to the
// verstrekker's staff who see the budget holder, as a download.
func (s *Server) representativeProof(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	rid, err := httpkit.PathID(r, "rid")
	if err != nil {
		return err
	}
	att, err := s.svc.RepresentationProof(r.Context(), rq.Actor, id, rid)
	if err != nil {
		return err
	}
	serveAttachment(w, att, "bewijs")
	return nil
}
