package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// agreementInputFromForm reads the agreement form.
func agreementInputFromForm(f *form) service.AgreementInput {
	in := service.AgreementInput{BSN: f.Get("bsn"), BirthDate: f.Get("birth_date"), Law: f.Get("law"), Kind: f.Get("kind"), KvK: f.Get("kvk"), AGB: f.Get("agb"), Start: f.Get("start"), End: f.Get("end"),
		TravelPerKm: f.Get("travel_per_km"), DaysPerWeek: f.Get("days_per_week"), HoursPerWeek: f.Get("hours_per_week"),
		Payroll: f.Get("payroll") == "ja", CareDescription: f.Get("care_description")}
	in.GrantID, _ = strconv.ParseInt(f.Get("grant_id"), 10, 64)
	in.ProviderID, _ = strconv.ParseInt(f.Get("provider_id"), 10, 64)
	for i := 0; i < 10; i++ {
		p := "lines[" + strconv.Itoa(i) + "]"
		if _, ok := f.Values[p+".care_type"]; !ok {
			break
		}
		in.Lines = append(in.Lines, service.CareLineInput{CareType: f.Get(p + ".care_type"), Unit: f.Get(p + ".unit"),
			Rate: f.Get(p + ".rate"), MaxUnits: f.Get(p + ".max_units"), Per: f.Get(p + ".per")})
	}
	return in
}

// agreementFormPage is the agreement form: new, edited, or registered from
// paper, with the choices it offers.
type agreementFormPage struct {
	Action     string // where the form is sent
	Rows       []int  // the care line rows
	ByProvider bool   // the provider fills it in (no choice of provider)
	Edit       bool
	Paper      bool
	Grants     [][2]string // value, label
	Providers  [][2]string
}

// agreementFormData is what the agreement form needs to offer choices.
func (s *Server) agreementFormData(r *http.Request, rq *request, f *form) (agreementFormPage, error) {
	data := agreementFormPage{Rows: []int{0, 1, 2}, ByProvider: rq.Actor.Is(domain.RoleProvider)}
	if rq.Actor.Is(domain.RoleBudgetHolder) || rq.Actor.Is(domain.RoleRepresentative) {
		grants, err := s.svc.GrantsOf(r.Context(), rq.Actor, rq.Actor.Role.BudgetHolderID)
		if err != nil {
			return data, err
		}
		opts := [][2]string{{"", "–"}}
		for _, g := range grants {
			opts = append(opts, [2]string{strconv.FormatInt(g.ID, 10), g.Law.Label() + " " + g.Reference + " (" + g.Verstrekker.Name + ")"})
		}
		data.Grants = opts
		if r.Method == http.MethodGet { // not when a form sent with "–" comes back
			preselectOnly(f, "grant_id", opts)
		}
		provs, err := s.svc.SearchProviders(r.Context(), rq.Actor, "")
		if err != nil {
			return data, err
		}
		popts := [][2]string{{"", "–"}}
		for _, p := range provs {
			popts = append(popts, [2]string{strconv.FormatInt(p.ID, 10), p.Name + " · " + p.City})
		}
		data.Providers = s.findCareAgreementProvider(r, rq, f, popts)
	}
	return data, nil
}

// preselectOnly chooses the only option of a select (after its empty
// "–") when nothing was chosen: the only grant a holder has.
func preselectOnly(f *form, name string, opts [][2]string) {
	if f == nil || f.Get(name) != "" || len(opts) != 2 || opts[0][0] != "" {
		return
	}
	if f.Values == nil {
		f.Values = url.Values{}
	}
	f.Values.Set(name, opts[1][0])
}

func (s *Server) agreementNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	f := &form{Errors: map[string]string{}, Values: map[string][]string{"grant_id": {q.Get("toekenning")}}}
	// From find care: the provider who answered or whose profile it is,
	// with the care asked for and its hours.
	if p := q.Get("zorgverlener"); p != "" {
		f.Values.Set("provider_id", p)
	}
	if c := q.Get("zorgsoort"); domain.ValidCareType(c) {
		f.Values.Set("lines[0].care_type", c)
		f.Values.Set("lines[0].unit", string(domain.UnitHour))
	}
	if h := q.Get("uren"); h != "" && f.Get("lines[0].care_type") != "" {
		f.Values.Set("lines[0].max_units", h)
		f.Values.Set("lines[0].per", string(domain.PerWeek))
	}
	return s.agreementNewRender(w, r, rq, f)
}

func (s *Server) agreementNewRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	if !rq.Actor.Is(domain.RoleBudgetHolder) && !rq.Actor.Is(domain.RoleRepresentative) && !rq.Actor.Is(domain.RoleProvider) {
		return domain.NotFound("page")
	}
	data, err := s.agreementFormData(r, rq, f)
	if err != nil {
		return err
	}
	data.Action = "/overeenkomsten/nieuw"
	return s.renderForm(w, r, rq, "agreement_form", data, f)
}

func (s *Server) agreementCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	if f.Get("provider_id") == "" && strings.TrimSpace(f.Get("invite_email")) != "" {
		if err := s.svc.InviteProvider(r.Context(), rq.Actor, agreementInputFromForm(f), f.Get("invite_email")); err != nil {
			return refuse(f, err, func() error { return s.agreementNewRender(w, r, rq, f) })
		}
		s.flash(w, "invite.sent")
		http.Redirect(w, r, "/overeenkomsten", http.StatusSeeOther)
		return nil
	}
	v, err := s.svc.CreateAgreement(r.Context(), rq.Actor, agreementInputFromForm(f))
	if err != nil {
		return refuse(f, err, func() error { return s.agreementNewRender(w, r, rq, f) })
	}
	s.flash(w, "agreement.created")
	http.Redirect(w, r, "/overeenkomsten/"+strconv.FormatInt(v.ID, 10), http.StatusSeeOther)
	return nil
}

// agreementPage is one agreement: its versions, what the person may do
// (Can, by action), messages, audit trail and, for employment, sick reports.
type agreementPage struct {
	A          service.AgreementView
	W          domain.AgreementVersion // the working version
	Can        map[string]bool
	SignedByMe bool
	Messages   []store.Message
	Trail      []service.AuditEntry
	Sick       bool
	SickList   []store.SickReport
}

func (s *Server) agreementShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.agreementShowRender(w, r, rq, blankForm())
}

func (s *Server) agreementShowRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.svc.Agreement(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	can := map[string]bool{}
	for _, a := range v.Actions {
		can[string(a)] = true
	}
	msgs, err := s.svc.Messages(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	w0 := v.Working()
	signed := w0.SignedBy(v.Party)
	trail, err := s.svc.AgreementAudit(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	data := agreementPage{A: v, W: w0, Can: can, SignedByMe: signed, Messages: msgs, Trail: trail}
	// Sick reports belong to employment: the employer and the employee see them.
	if v.InForce > 0 && v.Versions[v.InForce-1].Terms.Kind == domain.AgreementEmployment && (v.Party == domain.PartyHolder || v.Party == domain.PartyProvider) {
		list, err := s.svc.SickReports(r.Context(), rq.Actor, id)
		if err != nil {
			return err
		}
		data.Sick, data.SickList = true, list
	}
	return s.renderForm(w, r, rq, "agreement", data, f)
}

// agreementSick records a sick report or a recovery on an employment agreement.
func (s *Server) agreementSick(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	msg := "sick.reported"
	if f.Get("action") == "recovered" {
		reportID, _ := strconv.ParseInt(f.Get("report_id"), 10, 64)
		err, msg = s.svc.ReportRecovered(r.Context(), rq.Actor, id, reportID, f.Get("recovered_on")), "sick.recovered_done"
	} else {
		_, err = s.svc.ReportSick(r.Context(), rq.Actor, id, f.Get("sick_from"), f.Get("note"))
	}
	if err != nil {
		return refuse(f, err, func() error { return s.agreementShowRender(w, r, rq, f) })
	}
	s.flash(w, msg)
	http.Redirect(w, r, "/overeenkomsten/"+strconv.FormatInt(id, 10)+"#sick-title", http.StatusSeeOther)
	return nil
}

func (s *Server) agreementEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.svc.Agreement(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	t := v.Working().Terms
	f := &form{Errors: map[string]string{}, Values: map[string][]string{
		"kind": {string(t.Kind)}, "start": {t.Start.String()}, "end": {t.End.String()}, "kvk": {string(v.Provider.KvK)}, "agb": {string(v.Provider.AGB)},
		"care_description": {t.CareDescription}, "row_version": {strconv.Itoa(v.Working().RowVersion)}}}
	if t.Payroll {
		f.Values.Set("payroll", "ja")
	}
	if t.TravelPerKm > 0 {
		f.Values.Set("travel_per_km", t.TravelPerKm.Plain(rq.Lang))
	}
	if t.Kind == domain.AgreementEmployment {
		f.Values.Set("days_per_week", strconv.Itoa(t.DaysPerWeek))
		f.Values.Set("hours_per_week", domain.Cents(t.HoursPerWeek).Plain(rq.Lang))
	}
	for i, l := range t.Lines {
		p := "lines[" + strconv.Itoa(i) + "]"
		f.Values.Set(p+".care_type", l.CareType)
		f.Values.Set(p+".unit", string(l.Unit))
		f.Values.Set(p+".rate", l.Rate.Plain(rq.Lang))
		f.Values.Set(p+".max_units", domain.Cents(l.MaxUnits).Plain(rq.Lang))
		f.Values.Set(p+".per", string(l.Per))
	}
	return s.agreementEditRender(w, r, rq, id, f)
}

func (s *Server) agreementEditRender(w http.ResponseWriter, r *http.Request, rq *request, id int64, f *form) error {
	data, err := s.agreementFormData(r, rq, f)
	if err != nil {
		return err
	}
	data.Action = "/overeenkomsten/" + strconv.FormatInt(id, 10) + "/bewerken"
	data.Edit = true
	rows := []int{} // the filled line rows plus one spare
	for i := 0; ; i++ {
		if _, ok := f.Values["lines["+strconv.Itoa(i)+"].care_type"]; !ok {
			rows = append(rows, i)
			break
		}
		rows = append(rows, i)
	}
	data.Rows = rows
	return s.renderForm(w, r, rq, "agreement_form", data, f)
}

func (s *Server) agreementUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	rv, _ := strconv.Atoi(f.Get("row_version"))
	if _, err := s.svc.UpdateAgreement(r.Context(), rq.Actor, id, rv, agreementInputFromForm(f)); err != nil {
		return refuse(f, err, func() error { return s.agreementEditRender(w, r, rq, id, f) })
	}
	s.flash(w, "agreement.saved")
	http.Redirect(w, r, "/overeenkomsten/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) agreementAct(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	rv, _ := strconv.Atoi(f.Get("row_version"))
	action := domain.AgreementAction(f.Get("action"))
	_, err = s.svc.Act(r.Context(), rq.Actor, id, service.ActInput{Action: action, RowVersion: rv, Secret: f.Get("secret"), Reason: f.Get("reason"), Date: f.Get("effective_from") + f.Get("end")})
	if err != nil {
		return refuse(f, err, func() error { return s.agreementShowRender(w, r, rq, f) })
	}
	s.flash(w, "agreement.done."+string(action))
	http.Redirect(w, r, "/overeenkomsten/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) agreementMessage(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	if _, err := s.svc.PostMessage(r.Context(), rq.Actor, id, f.Get("body")); err != nil {
		return refuse(f, err, func() error { return s.agreementShowRender(w, r, rq, f) })
	}
	s.flash(w, "message.sent")
	http.Redirect(w, r, "/overeenkomsten/"+strconv.FormatInt(id, 10)+"#berichten", http.StatusSeeOther)
	return nil
}

// inboxPage is the notices of the current role.
type inboxPage struct {
	List   []store.Notice
	Unread int
}

// inbox lists the notices of the current role.
func (s *Server) inbox(w http.ResponseWriter, r *http.Request, rq *request) error {
	list, unread, err := s.svc.Inbox(r.Context(), rq.Actor)
	if err != nil {
		return err
	}
	return s.render(w, r, rq, "inbox", inboxPage{List: list, Unread: unread})
}

// inboxOpen reads one notice and goes to what it is about.
func (s *Server) inboxOpen(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	path, err := s.svc.OpenNotice(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

func (s *Server) inboxReadAll(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.svc.MarkRead(r.Context(), rq.Actor, 0); err != nil {
		return err
	}
	http.Redirect(w, r, "/berichten", http.StatusSeeOther)
	return nil
}
