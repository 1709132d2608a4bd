package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// Find care (issue 20): the pages of profiles, requests (oproepen) and
// their answers; the questionnaire is in handlers_careneed.go. Every page
// works without JavaScript: the gemeente is typed (a datalist suggests),
// times are a grid of checkboxes.

func init() {
	esc := template.HTMLEscapeString
	// availGrid is the week as a grid of checkboxes: a row per day, a
	// column per part of the day, each box named by the form key.
	funcs["availGrid"] = func(lang string, f *form, legend string) template.HTML {
		var b strings.Builder
		cls := "fieldset findcare-avail"
		if f.Err("availability") != "" {
			cls += " field--error"
		}
		fmt.Fprintf(&b, `<fieldset class="%s" id="f-availability"><legend class="legend">%s</legend>`, cls, esc(legend))
		if e := f.Err("availability"); e != "" {
			fmt.Fprintf(&b, `<p class="field-error" id="f-availability-error"><span class="field-error__prefix">%s</span> %s</p>`, esc(i18n.T(lang, "form.error_prefix")), esc(e))
		}
		b.WriteString(`<table class="table findcare-grid"><thead><tr><td></td>`)
		for _, p := range domain.DayParts {
			fmt.Fprintf(&b, `<th scope="col">%s</th>`, esc(i18n.T(lang, "findcare.part."+p)))
		}
		b.WriteString(`</tr></thead><tbody>`)
		sel := map[string]bool{}
		if f != nil {
			for _, v := range f.Values["tijden"] {
				sel[v] = true
			}
		}
		for _, d := range domain.Weekdays {
			fmt.Fprintf(&b, `<tr><th scope="row">%s</th>`, esc(i18n.T(lang, "findcare.day."+d)))
			for _, p := range domain.DayParts {
				k := d + "-" + p
				chk := ""
				if sel[k] {
					chk = " checked"
				}
				fmt.Fprintf(&b, `<td><input type="checkbox" name="tijden" value="%s" id="t-%s" aria-label="%s"%s></td>`, k, k,
					esc(i18n.T(lang, "findcare.day."+d)+" "+i18n.T(lang, "findcare.part."+p)), chk)
			}
			b.WriteString(`</tr>`)
		}
		b.WriteString(`</tbody></table></fieldset>`)
		return template.HTML(b.String())
	}
	// checkGroup is a fieldset of checkboxes named name, with its error.
	funcs["checkGroup"] = func(lang string, f *form, name, legend string, opts [][2]string) template.HTML {
		var b strings.Builder
		fmt.Fprintf(&b, `<fieldset class="fieldset" id="f-%s"><legend class="legend">%s</legend>`, name, esc(legend))
		if e := f.Err(name); e != "" {
			fmt.Fprintf(&b, `<p class="field-error" id="f-%s-error"><span class="field-error__prefix">%s</span> %s</p>`, name, esc(i18n.T(lang, "form.error_prefix")), esc(e))
		}
		var vals []string
		if f != nil {
			vals = f.Values[name]
		}
		for _, o := range opts {
			chk := ""
			if slices.Contains(vals, o[0]) {
				chk = " checked"
			}
			fmt.Fprintf(&b, `<div class="choice"><input type="checkbox" id="c-%s-%s" name="%s" value="%s"%s><label for="c-%s-%s">%s</label></div>`,
				name, o[0], name, esc(o[0]), chk, name, o[0], esc(o[1]))
		}
		b.WriteString(`</fieldset>`)
		return template.HTML(b.String())
	}
	funcs["careTypeOpts"] = func(lang string) [][2]string {
		var out [][2]string
		for _, c := range domain.CareTypes {
			out = append(out, [2]string{c, i18n.T(lang, "care."+c)})
		}
		return out
	}
	funcs["lawOpts"] = func(lang string) [][2]string {
		var out [][2]string
		for _, l := range domain.Laws {
			out = append(out, [2]string{string(l), l.Label()})
		}
		return out
	}
	funcs["languageOpts"] = func(lang string) [][2]string {
		var out [][2]string
		for _, l := range domain.Languages {
			out = append(out, [2]string{l, i18n.T(lang, "findcare.lang."+l)})
		}
		return out
	}
	funcs["prepend"] = func(opts [][2]string, value, label string) [][2]string {
		return append([][2]string{{value, label}}, opts...)
	}
	funcs["gemeenteName"] = domain.GemeenteName
	funcs["availText"] = func(lang string, a domain.Avail) string {
		var days []string
		for d, day := range domain.Weekdays {
			var parts []string
			for p, part := range domain.DayParts {
				if a.Has(d, p) {
					parts = append(parts, i18n.T(lang, "findcare.part."+part))
				}
			}
			if len(parts) > 0 {
				days = append(days, i18n.T(lang, "findcare.day."+day)+" "+strings.Join(parts, ", "))
			}
		}
		return strings.Join(days, "; ")
	}
	funcs["careLabels"] = func(lang string, cs []string) string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = i18n.T(lang, "care."+c)
		}
		return strings.Join(out, ", ")
	}
	funcs["lawLabels"] = func(ls []domain.Law) string {
		out := make([]string, len(ls))
		for i, l := range ls {
			out[i] = l.Label()
		}
		return strings.Join(out, ", ")
	}
	funcs["gemeenteNames"] = func(codes []string) string {
		out := make([]string, len(codes))
		for i, c := range codes {
			out[i] = domain.GemeenteName(c)
		}
		return strings.Join(out, ", ")
	}
	funcs["languageLabels"] = func(lang string, ls []string) string {
		out := make([]string, len(ls))
		for i, l := range ls {
			out[i] = i18n.T(lang, "findcare.lang."+l)
		}
		return strings.Join(out, ", ")
	}
}

// findCarePage is the start of find care: for a budget holder the search
// and their requests, for a provider its profile and the requests that fit
// it, for the beheerder the reports.
type findCarePage struct {
	Holder, Provider, Moderator bool
	Searched                    bool
	Results                     service.ProfileResults
	PageLinks                   []pageLink
	Requests                    []domain.CareRequest
	Profile                     domain.CareProfile
	HasProfile                  bool
	Matching, Answered          []domain.CareRequest
	Reports                     []store.FindCareReport
}

type pageLink struct {
	N       int
	Href    string
	Current bool
}

func (s *Server) findCare(w http.ResponseWriter, r *http.Request, rq *request) error {
	a := rq.Actor
	data := findCarePage{}
	f := &form{Errors: map[string]string{}, Values: r.URL.Query()}
	switch {
	case a.Is(domain.RoleBudgetHolder) || a.Is(domain.RoleRepresentative):
		data.Holder = true
		reqs, err := s.svc.MyRequests(r.Context(), a)
		if err != nil {
			return err
		}
		data.Requests = reqs
		if f.Get("gemeente") != "" || f.Get("zoek") != "" {
			data.Searched = true
			page, _ := strconv.Atoi(f.Get("pagina"))
			res, err := s.svc.SearchProfiles(r.Context(), a, service.ProfileSearch{CareType: f.Get("zorgsoort"), Gemeente: f.Get("gemeente"),
				Avail: f.Values["tijden"], Law: f.Get("wet"), Language: f.Get("taal"), Page: page})
			if err != nil {
				if f.setError(rq.Lang, renameFields(err, map[string]string{"care_type": "zorgsoort", "law": "wet"})) {
					w.WriteHeader(http.StatusUnprocessableEntity)
					data.Searched = false
					return s.renderForm(w, r, rq, "findcare", data, f)
				}
				return err
			}
			data.Results = res
			if res.Pages > 1 {
				q := r.URL.Query()
				for n := 1; n <= res.Pages; n++ {
					q.Set("pagina", strconv.Itoa(n))
					data.PageLinks = append(data.PageLinks, pageLink{N: n, Href: "/zorg-vinden?" + q.Encode(), Current: n == res.Page})
				}
			}
		}
	case a.Is(domain.RoleProvider):
		data.Provider = true
		p, found, err := s.svc.MyProfile(r.Context(), a)
		if err != nil {
			return err
		}
		data.Profile, data.HasProfile = p, found
		if data.Matching, data.Answered, err = s.svc.ProviderRequests(r.Context(), a); err != nil {
			return err
		}
	case a.Is(domain.RoleAdmin):
		data.Moderator = true
		reps, err := s.svc.OpenReports(r.Context(), a)
		if err != nil {
			return err
		}
		data.Reports = reps
	default:
		return domain.NotFound("page")
	}
	return s.renderForm(w, r, rq, "findcare", data, f)
}

// renameFields gives a service error's fields the names of the form's inputs.
func renameFields(err error, names map[string]string) error {
	e, ok := domain.AsError(err)
	if !ok {
		return err
	}
	c := *e
	c.Fields = slices.Clone(e.Fields)
	for i, f := range c.Fields {
		if n, ok := names[f.Field]; ok {
			c.Fields[i].Field = n
		}
	}
	return &c
}

// profileForm is the provider's profile as form values.
func profileForm(p domain.CareProfile, lang string) *form {
	v := url.Values{}
	v["care_types"] = p.CareTypes
	for _, l := range p.Laws {
		v.Add("laws", string(l))
	}
	var names []string
	for _, c := range p.Gemeenten {
		names = append(names, domain.GemeenteName(c))
	}
	v.Set("gemeenten", strings.Join(names, "\n"))
	v["tijden"] = p.Avail.Keys()
	v["languages"] = p.Languages
	if p.RateMin > 0 {
		v.Set("rate_min", p.RateMin.Plain(lang))
	}
	if p.RateMax > 0 {
		v.Set("rate_max", p.RateMax.Plain(lang))
	}
	v.Set("text", p.Text)
	if p.Published {
		v.Set("published", "ja")
	}
	return &form{Values: v, Errors: map[string]string{}}
}

type profileFormPage struct {
	P     domain.CareProfile
	Found bool
}

func (s *Server) findCareProfileForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, found, err := s.svc.MyProfile(r.Context(), rq.Actor)
	if err != nil {
		return err
	}
	return s.renderForm(w, r, rq, "findcare_profile_form", profileFormPage{P: p, Found: found}, profileForm(p, rq.Lang))
}

func (s *Server) findCareProfileSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	in := service.ProfileInput{CareTypes: f.Values["care_types"], Laws: f.Values["laws"], Gemeenten: f.Get("gemeenten"), Avail: f.Values["tijden"],
		Languages: f.Values["languages"], RateMin: f.Get("rate_min"), RateMax: f.Get("rate_max"), Text: f.Get("text"), Published: f.Get("published") == "ja"}
	if _, err := s.svc.SaveProfile(r.Context(), rq.Actor, in); err != nil {
		return refuse(f, err, func() error {
			p, found, err := s.svc.MyProfile(r.Context(), rq.Actor)
			if err != nil {
				return err
			}
			return s.renderForm(w, r, rq, "findcare_profile_form", profileFormPage{P: p, Found: found}, f)
		})
	}
	if in.Published {
		s.flash(w, "findcare.profile_published")
	} else {
		s.flash(w, "findcare.profile_saved")
	}
	http.Redirect(w, r, "/zorg-vinden", http.StatusSeeOther)
	return nil
}

type profilePage struct {
	V         service.ProfileView
	Holder    bool
	Moderator bool
}

func (s *Server) findCareProfileShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.findCareProfileRender(w, r, rq, blankForm())
}

func (s *Server) findCareProfileRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.svc.Profile(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	a := rq.Actor
	return s.renderForm(w, r, rq, "findcare_profile", profilePage{V: v, Holder: a.Is(domain.RoleBudgetHolder) || a.Is(domain.RoleRepresentative),
		Moderator: a.Is(domain.RoleAdmin)}, f)
}

// findCareReport and findCareHide take a report or hide a profile or a
// request (objType); again shows its page with the form.
func (s *Server) findCareReport(objType string, again func(http.ResponseWriter, *http.Request, *request, *form) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, err := httpkit.PathID(r, "id")
		if err != nil {
			return err
		}
		f := newForm(r)
		if err := s.svc.Report(r.Context(), rq.Actor, objType, id, f.Get("reason")); err != nil {
			return refuse(f, err, func() error { return again(w, r, rq, f) })
		}
		s.flash(w, "findcare.reported")
		http.Redirect(w, r, strings.TrimSuffix(r.URL.Path, "/melden"), http.StatusSeeOther)
		return nil
	}
}

func (s *Server) findCareHide(objType string, again func(http.ResponseWriter, *http.Request, *request, *form) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, err := httpkit.PathID(r, "id")
		if err != nil {
			return err
		}
		f := newForm(r)
		if err := s.svc.Hide(r.Context(), rq.Actor, objType, id, f.Get("hide_reason")); err != nil {
			return refuse(f, renameFields(err, map[string]string{"reason": "hide_reason"}), func() error { return again(w, r, rq, f) })
		}
		s.flash(w, "findcare.hidden")
		http.Redirect(w, r, "/zorg-vinden", http.StatusSeeOther)
		return nil
	}
}

func (s *Server) findCareRequestNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := blankForm()
	if g := r.URL.Query().Get("gemeente"); g != "" {
		f.Values.Set("gemeente", g)
	}
	return s.findCareRequestForm(w, r, rq, f)
}

func (s *Server) findCareRequestForm(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	if !rq.Actor.Is(domain.RoleBudgetHolder) && !rq.Actor.Is(domain.RoleRepresentative) {
		return domain.NotFound("page")
	}
	return s.renderForm(w, r, rq, "findcare_request_form", nil, f)
}

func (s *Server) findCareRequestCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	req, err := s.svc.PostRequest(r.Context(), rq.Actor, service.RequestInput{CareType: f.Get("care_type"), Law: f.Get("law"), Gemeente: f.Get("gemeente"),
		Avail: f.Values["tijden"], Hours: f.Get("hours_per_week"), Text: f.Get("text")})
	if err != nil {
		return refuse(f, err, func() error { return s.findCareRequestForm(w, r, rq, f) })
	}
	s.flash(w, "findcare.request_posted")
	http.Redirect(w, r, "/zorgvragen/"+strconv.FormatInt(req.ID, 10), http.StatusSeeOther)
	return nil
}

type requestPage struct {
	V         service.RequestView
	Moderator bool
}

func (s *Server) findCareRequestShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.findCareRequestRender(w, r, rq, blankForm())
}

func (s *Server) findCareRequestRender(w http.ResponseWriter, r *http.Request, rq *request, f *form) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.svc.Request(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	return s.renderForm(w, r, rq, "findcare_request", requestPage{V: v, Moderator: rq.Actor.Is(domain.RoleAdmin)}, f)
}

func (s *Server) findCareAnswer(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	providerID, _ := strconv.ParseInt(f.Get("provider_id"), 10, 64)
	if err := s.svc.Answer(r.Context(), rq.Actor, id, providerID, f.Get("body")); err != nil {
		return refuse(f, err, func() error { return s.findCareRequestRender(w, r, rq, f) })
	}
	s.flash(w, "findcare.answer_sent")
	http.Redirect(w, r, "/zorgvragen/"+strconv.FormatInt(id, 10)+"#thread-"+f.Get("provider_id"), http.StatusSeeOther)
	return nil
}

func (s *Server) findCareRequestClose(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.CloseRequest(r.Context(), rq.Actor, id); err != nil {
		return err
	}
	s.flash(w, "findcare.request_closed")
	http.Redirect(w, r, "/zorg-vinden", http.StatusSeeOther)
	return nil
}

// findCareAgreementProvider makes sure a provider chosen from find care is
// among the agreement form's providers (the list shows the first hundred).
func (s *Server) findCareAgreementProvider(r *http.Request, rq *request, f *form, opts [][2]string) [][2]string {
	id := f.Get("provider_id")
	if id == "" || slices.ContainsFunc(opts, func(o [2]string) bool { return o[0] == id }) {
		return opts
	}
	pid, _ := strconv.ParseInt(id, 10, 64)
	p, err := s.svc.FindCareProvider(r.Context(), rq.Actor, pid)
	if err != nil {
		return opts
	}
	return append(opts, [2]string{id, p.Name + " · " + p.City})
}
