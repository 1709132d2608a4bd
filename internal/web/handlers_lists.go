package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// listParams reads a list page's search, filters and page from the URL,
// and makes the links to the pages before and after it.
type listParams struct {
	Form       *form
	Page       int
	Filtered   bool
	Prev, Next string
}

func readListParams(r *http.Request) listParams {
	q := r.URL.Query()
	p := listParams{Form: &form{Errors: map[string]string{}, Values: url.Values{}}}
	for _, k := range []string{"q", "status", "maand", "wet"} {
		if v := q.Get(k); v != "" {
			p.Form.Values.Set(k, v)
			p.Filtered = true
		}
	}
	p.Page, _ = strconv.Atoi(q.Get("pagina"))
	if p.Page < 1 {
		p.Page = 1
	}
	return p
}

func (p *listParams) links(path string, more bool) {
	at := func(page int) string {
		v := url.Values{}
		for k, vs := range p.Form.Values {
			v[k] = vs
		}
		v.Set("pagina", strconv.Itoa(page))
		return path + "?" + v.Encode()
	}
	if p.Page > 1 {
		p.Prev = at(p.Page - 1)
	}
	if more {
		p.Next = at(p.Page + 1)
	}
}

func (p listParams) query() service.ListQueryInput {
	f := p.Form
	return service.ListQueryInput{Q: f.Get("q"), State: f.Get("status"), Month: f.Get("maand"), Law: f.Get("wet")}
}

// listPage is a list of declarations or agreements: a page of them, the
// search and filters, what waits first (on the first page, unfiltered), and
// what the role may start from it.
type listPage struct {
	List     service.ListPage
	P        listParams
	Work     []service.WorkItem
	Staff    bool
	Holder   bool // a budget holder or representative
	CanStart bool // may draw up an agreement
	CanPaper bool // may register an agreement that came by post
}

// declarations lists the role's declarations, with what waits for this
// person first, the other party named, search, filters and pages.
func (s *Server) declarations(w http.ResponseWriter, r *http.Request, rq *request) error {
	p := readListParams(r)
	list, err := s.svc.DeclarationList(r.Context(), rq.Actor, service.ParseListQuery(p.query()), p.Page)
	if err != nil {
		return err
	}
	p.links("/declaraties", list.More)
	data := listPage{List: list, P: p, Staff: rq.Actor.Role.Role.IsStaff()}
	if !p.Filtered && p.Page == 1 {
		data.Work = s.workList(r, rq)
	}
	return s.renderForm(w, r, rq, "declarations", data, p.Form)
}

// declarationsExport exports the role's declarations, searched and
// filtered as the list shows them, as a job (at national size it takes
// minutes), and shows its progress; its page offers the file when done.
func (s *Server) declarationsExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := newForm(r)
	job, err := s.svc.StartExportJob(r.Context(), rq.Actor, service.ExportDeclarations,
		service.ListQueryInput{Q: f.Get("q"), State: f.Get("status"), Month: f.Get("maand"), Law: f.Get("wet")})
	if err != nil {
		return err
	}
	http.Redirect(w, r, jobPath(job), http.StatusSeeOther)
	return nil
}

// agreements lists the role's agreements in the same way.
func (s *Server) agreements(w http.ResponseWriter, r *http.Request, rq *request) error {
	p := readListParams(r)
	list, err := s.svc.AgreementList(r.Context(), rq.Actor, service.ParseListQuery(p.query()), p.Page)
	if err != nil {
		return err
	}
	p.links("/overeenkomsten", list.More)
	canStart := rq.Actor.Is(domain.RoleBudgetHolder) || rq.Actor.Is(domain.RoleRepresentative) || rq.Actor.Is(domain.RoleProvider)
	canPaper := rq.Actor.Is(domain.RoleSVB) || rq.Actor.Is(domain.RoleVerstrekker)
	data := listPage{List: list, P: p, Staff: rq.Actor.Role.Role.IsStaff(), CanStart: canStart, CanPaper: canPaper,
		Holder: rq.Actor.Is(domain.RoleBudgetHolder) || rq.Actor.Is(domain.RoleRepresentative)}
	if !p.Filtered && p.Page == 1 {
		data.Work = s.workList(r, rq)
	}
	return s.renderForm(w, r, rq, "agreements", data, p.Form)
}

func init() {
	options := func(lang, prefix string, values []string) [][2]string {
		out := [][2]string{{"", i18n.T(lang, "list.all")}}
		for _, v := range values {
			out = append(out, [2]string{v, i18n.T(lang, prefix+v)})
		}
		return out
	}
	funcs["declStates"] = func(lang string) [][2]string {
		return options(lang, "decl.state.", []string{string(domain.DeclAtHolder), string(domain.DeclRejectedH), string(domain.DeclRefused),
			string(domain.DeclHeld), string(domain.DeclAccepted), string(domain.DeclPaid), string(domain.DeclConcept)})
	}
	funcs["agreementStates"] = func(lang string) [][2]string {
		return options(lang, "agreement.state.", []string{string(domain.StateSigning), string(domain.StateSubmitted), string(domain.StateApproved),
			string(domain.StateConcept), string(domain.StateSigned), string(domain.StateRejected), string(domain.StateEnded)})
	}
	funcs["lawFilter"] = func(lang string) [][2]string {
		out := [][2]string{{"", i18n.T(lang, "list.all")}}
		for _, l := range domain.Laws {
			out = append(out, [2]string{string(l), l.Label()})
		}
		return out
	}
}

// staticPage serves a page of text only (the statements in the footer).
func (s *Server) staticPage(name string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error { return s.render(w, r, rq, name, nil) }
}
