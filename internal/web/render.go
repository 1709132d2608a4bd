package web

import (
	"bytes"
	"fmt"
	"github.com/pgbportaal/pgbportaal/internal/documents"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
)

type templates struct {
	pages map[string]*template.Template
}

// parseTemplates parses layout.html with each page template. Files whose
// name starts with "_" are examples, not templates.
func parseTemplates() (*templates, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if strings.HasPrefix(base, "_") || base == "layout" || base == "partials" {
			continue
		}
		p, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		t.pages[base] = p
	}
	return t, nil
}

// view is what every template gets.
type view struct {
	Lang  string
	Path  string
	Back  string // this page's address to come back to (the language switch)
	Title string
	Rq    *request
	Data  any
	Form  *form
}

func (v view) T(key string, args ...any) string { return i18n.T(v.Lang, key, args...) }

var funcs = template.FuncMap{
	"money":    func(lang string, c domain.Cents) string { return c.Format(lang) },
	"date":     func(lang string, d domain.Date) string { return d.Format(lang) },
	"lawLabel": func(l domain.Law) string { return l.Label() },
	"ts":       documents.Stamp,
	"add":      func(a, b int) int { return a + b },
	"seq": func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	},
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
}

// render executes a page into a buffer first, so a template error never
// leaves half a page; that error is returned (for fail: a 500 page).
func (s *Server) render(w http.ResponseWriter, r *http.Request, rq *request, page string, data any) error {
	return s.renderForm(w, r, rq, page, data, nil)
}

// renderForm is render for a page with form f.
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, rq *request, page string, data any, f *form) error {
	var buf bytes.Buffer
	if err := s.execute(&buf, r, rq, page, data, f); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	buf.WriteTo(w)
	return nil
}

// execute runs page's template with the view of the request.
func (s *Server) execute(buf *bytes.Buffer, r *http.Request, rq *request, page string, data any, f *form) error {
	t, ok := s.tmpl.pages[page]
	if !ok {
		return fmt.Errorf("web: no template %q", page)
	}
	if f != nil {
		f.lang = rq.Lang
	}
	v := view{Lang: rq.Lang, Path: r.URL.Path, Back: s.pageAddress(r), Rq: rq, Data: data, Form: f}
	if err := t.Execute(buf, v); err != nil {
		return fmt.Errorf("web: template %s: %w", page, err)
	}
	return nil
}

// pageAddress is where the page shown can be opened again with a GET (to
// come back to it after the language switch): its own address for a GET;
// after a form was sent, the page the form was on (the Referer, when it is
// of this site), or else the nearest address above the form's that is a
// page ("/overeenkomsten/3" for "/overeenkomsten/3/actie"), or the start.
func (s *Server) pageAddress(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return localTarget(r.URL.RequestURI(), "/")
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && ref.Path != "" {
		if back := localTarget(ref.RequestURI(), ""); back != "" {
			return back
		}
	}
	for p := path.Clean("/" + r.URL.Path); p != "/" && s.mux != nil; p = path.Dir(p) {
		probe := &http.Request{Method: http.MethodGet, Host: r.Host, URL: &url.URL{Path: p}}
		if _, pattern := s.mux.Handler(probe); pattern != "" && strings.HasPrefix(pattern, "GET ") {
			return localTarget(p, "/")
		}
	}
	return "/"
}
