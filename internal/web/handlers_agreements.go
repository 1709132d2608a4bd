package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
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

// agreementFormData is what the agreement form needs to offer choices.
func (s *Server) agreementFormData(r *http.Request, rq *request, f *form) (map[string]any, error) {
	data := map[string]any{"Rows": []int{0, 1, 2}, "ByProvider": rq.Actor.Is(domain.RoleProvider)}
	if rq.Actor.Is(domain.RoleBudgetHolder) || rq.Actor.Is(domain.RoleRepresentative) {
		grants, err := s.svc.GrantsOf(r.Context(), rq.Actor, rq.Actor.Role.BudgetHolderID)
		if err != nil {
			return nil, err
		}
		opts := [][2]string{{"", "–"}}
		for _, g := range grants {
			opts = append(opts, [2]string{strconv.FormatInt(g.ID, 10), g.Law.Label() + " " + g.Reference + " (" + g.Verstrekker.Name + ")"})
		}
		data["Grants"] = opts
		if r.Method == http.MethodGet { // not when a form sent with "–" comes back
			preselectOnly(f, "grant_id", opts)
		}
		provs, err := s.svc.SearchProviders(r.Context(), rq.Actor, "")
		if err != nil {
			return nil, err
		}
		popts := [][2]string{{"", "–"}}
		for _, p := range provs {
			popts = append(popts, [2]string{strconv.FormatInt(p.ID, 10), p.Name + " · " + p.City})
		}
		data["Providers"] = popts
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

func (s *Server) agreementNew(w http.ResponseWriter, r *http.Request, rq *request) {
	f := &form{Errors: map[string]string{}, Values: map[string][]string{"grant_id": {r.URL.Query().Get("toekenning")}}}
	s.agreementNewRender(w, r, rq, f)
}

func (s *Server) agreementNewRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	if !rq.Actor.Is(domain.RoleBudgetHolder) && !rq.Actor.Is(domain.RoleRepresentative) && !rq.Actor.Is(domain.RoleProvider) {
		s.fail(w, r, rq, domain.NotFound("page"))
		return
	}
	data, err := s.agreementFormData(r, rq, f)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	data["Action"] = "/overeenkomsten/nieuw"
	s.renderForm(w, r, rq, "agreement_form", data, f)
}

func (s *Server) agreementCreate(w http.ResponseWriter, r *http.Request, rq *request) {
	f := newForm(r)
	if f.Get("provider_id") == "" && strings.TrimSpace(f.Get("invite_email")) != "" {
		if err := s.svc.InviteProvider(r.Context(), rq.Actor, agreementInputFromForm(f), f.Get("invite_email")); err != nil {
			s.formFailed(w, r, rq, f, err, func() { s.agreementNewRender(w, r, rq, f) })
			return
		}
		s.flash(w, "invite.sent")
		http.Redirect(w, r, "/overeenkomsten", http.StatusSeeOther)
		return
	}
	v, err := s.svc.CreateAgreement(r.Context(), rq.Actor, agreementInputFromForm(f))
	if err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.agreementNewRender(w, r, rq, f) })
		return
	}
	s.flash(w, "agreement.created")
	http.Redirect(w, r, "/overeenkomsten/"+strconv.FormatInt(v.ID, 10), http.StatusSeeOther)
}

func (s *Server) agreementShow(w http.ResponseWriter, r *http.Request, rq *request) {
	s.agreementShowRender(w, r, rq, &form{Errors: map[string]string{}})
}

func (s *Server) agreementShowRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	v, err := s.svc.Agreement(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	can := map[string]bool{}
	for _, a := range v.Actions {
		can[string(a)] = true
	}
	msgs, err := s.svc.Messages(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	w0 := v.Working()
	signed := w0.SignedBy(v.Party)
	trail, err := s.svc.AgreementAudit(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	data := map[string]any{"A": v, "W": w0, "Can": can, "SignedByMe": signed, "Messages": msgs, "Trail": trail}
	// Sick reports belong to employment: the employer and the employee see them.
	if v.InForce > 0 && v.Versions[v.InForce-1].Terms.Kind == domain.KindEmployment && (v.Party == domain.PartyHolder || v.Party == domain.PartyProvider) {
		list, err := s.svc.SickReports(r.Context(), rq.Actor, id)
		if err != nil {
			s.fail(w, r, rq, err)
			return
		}
		data["Sick"], data["SickList"] = true, list
	}
	s.renderForm(w, r, rq, "agreement", data, f)
}

// agreementSick records a sick report or a recovery on an employment agreement.
func (s *Server) agreementSick(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
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
		s.formFailed(w, r, rq, f, err, func() { s.agreementShowRender(w, r, rq, f) })
		return
	}
	s.flash(w, msg)
	http.Redirect(w, r, "/overeenkomsten/"+strconv.FormatInt(id, 10)+"#sick-title", http.StatusSeeOther)
}

func (s *Server) agreementEdit(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	v, err := s.svc.Agreement(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
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
	if t.Kind == domain.KindEmployment {
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
	s.agreementEditRender(w, r, rq, id, f)
}

func (s *Server) agreementEditRender(w http.ResponseWriter, r *http.Request, rq *request, id int64, f *form) {
	data, err := s.agreementFormData(r, rq, f)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	data["Action"] = "/overeenkomsten/" + strconv.FormatInt(id, 10) + "/bewerken"
	data["Edit"] = true
	rows := []int{} // the filled line rows plus one spare
	for i := 0; ; i++ {
		if _, ok := f.Values["lines["+strconv.Itoa(i)+"].care_type"]; !ok {
			rows = append(rows, i)
			break
		}
		rows = append(rows, i)
	}
	data["Rows"] = rows
	s.renderForm(w, r, rq, "agreement_form", data, f)
}

func (s *Server) agreementUpdate(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	f := newForm(r)
	rv, _ := strconv.Atoi(f.Get("row_version"))
	if _, err := s.svc.UpdateAgreement(r.Context(), rq.Actor, id, rv, agreementInputFromForm(f)); err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.agreementEditRender(w, r, rq, id, f) })
		return
	}
	s.flash(w, "agreement.saved")
	http.Redirect(w, r, "/overeenkomsten/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) agreementAct(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	f := newForm(r)
	rv, _ := strconv.Atoi(f.Get("row_version"))
	action := domain.AgreementAction(f.Get("action"))
	_, err = s.svc.Act(r.Context(), rq.Actor, id, service.ActInput{Action: action, RowVersion: rv, Secret: f.Get("secret"), Reason: f.Get("reason"), Date: f.Get("effective_from") + f.Get("end")})
	if err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.agreementShowRender(w, r, rq, f) })
		return
	}
	s.flash(w, "agreement.done."+string(action))
	http.Redirect(w, r, "/overeenkomsten/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) agreementMessage(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	f := newForm(r)
	if _, err := s.svc.PostMessage(r.Context(), rq.Actor, id, f.Get("body")); err != nil {
		s.formFailed(w, r, rq, f, err, func() { s.agreementShowRender(w, r, rq, f) })
		return
	}
	s.flash(w, "message.sent")
	http.Redirect(w, r, "/overeenkomsten/"+strconv.FormatInt(id, 10)+"#berichten", http.StatusSeeOther)
}

// inbox lists the notices of the current role.
func (s *Server) inbox(w http.ResponseWriter, r *http.Request, rq *request) {
	list, unread, err := s.svc.Inbox(r.Context(), rq.Actor)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	s.render(w, r, rq, "inbox", map[string]any{"List": list, "Unread": unread})
}

// inboxOpen reads one notice and goes to what it is about.
func (s *Server) inboxOpen(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	path, err := s.svc.OpenNotice(r.Context(), rq.Actor, id)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

func (s *Server) inboxReadAll(w http.ResponseWriter, r *http.Request, rq *request) {
	if err := s.svc.MarkRead(r.Context(), rq.Actor, 0); err != nil {
		s.fail(w, r, rq, err)
		return
	}
	http.Redirect(w, r, "/berichten", http.StatusSeeOther)
}
