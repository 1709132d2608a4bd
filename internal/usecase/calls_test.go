package usecase

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// edgeCalls reads the Go source of an edge (internal/web or internal/api)
// and tells, for each route pattern it registers through register (page,
// public; handle), which methods of the service its handler reaches: the
// handler's own calls of svc.X, those of the receiver's methods it calls
// or passes on (s.declarationShowRender, s.threadPage(s.agreementThread)),
// followed through the whole package, and the service methods its handler
// expression passes as values (a.listThread(a.svc.Messages)).
type edgeCalls struct {
	routes  map[string][]string // pattern → the receiver methods its handler expression names
	direct  map[string][]string // pattern → the service methods its handler expression passes as values
	methods map[string]*ast.FuncDecl
	// queued: service method → the service methods the job it enqueues
	// calls (see serviceQueue); a handler that starts a job reaches them.
	queued map[string][]string
}

func parseEdge(t *testing.T, dir string, register ...string) edgeCalls {
	t.Helper()
	fset := token.NewFileSet()
	e := edgeCalls{routes: map[string][]string{}, direct: map[string][]string{}, methods: map[string]*ast.FuncDecl{}}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
	}
	consts := stringConsts(parsed)
	for _, f := range parsed {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Body == nil {
				continue
			}
			e.methods[fd.Name.Name] = fd
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			pattern, ok := constString(call.Args[0], consts)
			if !ok || !contains(register, name) {
				return true
			}
			e.routes[pattern] = namedMethods(call.Args[1])
			e.direct[pattern] = serviceMethods(call.Args[1])
			return true
		})
	}
	return e
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// namedMethods are the receiver methods an expression names: s.home;
// s.threadPage(s.agreementThread) (both); s.staticPage("x").
func namedMethods(x ast.Expr) []string {
	var out []string
	ast.Inspect(x, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && (id.Name == "s" || id.Name == "a") {
				out = append(out, sel.Sel.Name)
			}
		}
		return true
	})
	return out
}

// serviceMethods are the service methods an expression names as values:
// a.listThread(a.svc.Messages) names Messages.
func serviceMethods(x ast.Expr) []string {
	var out []string
	ast.Inspect(x, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if inner, ok := sel.X.(*ast.SelectorExpr); ok && inner.Sel.Name == "svc" {
				out = append(out, sel.Sel.Name)
			}
		}
		return true
	})
	return out
}

// reach lists the service methods the handler of pattern reaches.
func (e edgeCalls) reach(pattern string) []string {
	seen := map[string]bool{}
	found := map[string]bool{}
	var walk func(name string)
	walk = func(name string) {
		fd := e.methods[name]
		if fd == nil || seen[name] {
			return
		}
		seen[name] = true
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if inner, ok := sel.X.(*ast.SelectorExpr); ok && inner.Sel.Name == "svc" {
				found[sel.Sel.Name] = true // s.svc.X, a.svc.X
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && (id.Name == "s" || id.Name == "a") {
				walk(sel.Sel.Name) // another method of the receiver, called or passed on
			}
			return true
		})
	}
	for _, m := range e.routes[pattern] {
		walk(m)
	}
	for _, m := range e.direct[pattern] {
		found[m] = true
	}
	for k := range maps.Clone(found) {
		for _, m := range e.queued[k] {
			found[m] = true // through the job k enqueues
		}
	}
	out := make([]string, 0, len(found))
	for k := range found {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// stringConsts are the package's constant strings, by name: a route may be
// registered as "GET "+oidcCallback, where the constant is also the
// callback URL the provider is given.
func stringConsts(files []*ast.File) map[string]string {
	specs := map[string]ast.Expr{}
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						specs[n.Name] = vs.Values[i]
					}
				}
			}
		}
	}
	out := map[string]string{}
	for n, x := range specs {
		if v, ok := constExpr(x, specs, 0); ok {
			out[n] = v
		}
	}
	return out
}

func constExpr(x ast.Expr, specs map[string]ast.Expr, depth int) (string, bool) {
	if depth > 10 {
		return "", false
	}
	switch x := x.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		v, err := strconv.Unquote(x.Value)
		return v, err == nil
	case *ast.Ident:
		if y, ok := specs[x.Name]; ok {
			return constExpr(y, specs, depth+1)
		}
	case *ast.ParenExpr:
		return constExpr(x.X, specs, depth+1)
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", false
		}
		l, ok1 := constExpr(x.X, specs, depth+1)
		r, ok2 := constExpr(x.Y, specs, depth+1)
		return l + r, ok1 && ok2
	}
	return "", false
}

// constString is a route pattern written as a constant string expression:
// a literal, a constant of the package, or a sum of them. A pattern built
// at run time is not one, and the test says so.
func constString(x ast.Expr, consts map[string]string) (string, bool) {
	switch x := x.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		v, err := strconv.Unquote(x.Value)
		return v, err == nil
	case *ast.Ident:
		v, ok := consts[x.Name]
		return v, ok
	case *ast.ParenExpr:
		return constString(x.X, consts)
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", false
		}
		l, ok1 := constString(x.X, consts)
		r, ok2 := constString(x.Y, consts)
		return l + r, ok1 && ok2
	}
	return "", false
}

// serviceQueue reads internal/service and tells, for each service method
// that enqueues a job (s.enqueue(ctx, a, JobX, ...)), the service methods
// the job's run function (jobKinds[JobX].run) calls on s. The job runs
// them with the actor that started it, so the service decides the same as
// when a handler calls them directly: a page that starts the job and an
// API operation that calls the method do the same thing.
func serviceQueue(t *testing.T) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join("../service", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]*ast.FuncDecl{} // top-level functions (run functions)
	enqueues := map[string][]string{}   // service method → job kind constants it enqueues
	runs := map[string]string{}         // job kind constant → its run function
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body == nil {
					continue
				}
				if d.Recv == nil {
					funcs[d.Name.Name] = d
					continue
				}
				method := d.Name.Name
				ast.Inspect(d.Body, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok || len(call.Args) < 3 {
						return true
					}
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "enqueue" {
						if kind, ok := call.Args[2].(*ast.Ident); ok {
							enqueues[method] = append(enqueues[method], kind.Name)
						}
					}
					return true
				})
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					vs, ok := sp.(*ast.ValueSpec)
					if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "jobKinds" || len(vs.Values) != 1 {
						continue
					}
					lit, ok := vs.Values[0].(*ast.CompositeLit)
					if !ok {
						continue
					}
					for _, el := range lit.Elts {
						kv, ok := el.(*ast.KeyValueExpr)
						if !ok {
							continue
						}
						key, ok1 := kv.Key.(*ast.Ident)
						kind, ok2 := kv.Value.(*ast.CompositeLit)
						if !ok1 || !ok2 {
							continue
						}
						for _, f := range kind.Elts {
							if fkv, ok := f.(*ast.KeyValueExpr); ok {
								if fk, ok := fkv.Key.(*ast.Ident); ok && fk.Name == "run" {
									if fn, ok := fkv.Value.(*ast.Ident); ok {
										runs[key.Name] = fn.Name
									}
								}
							}
						}
					}
				}
			}
		}
	}
	if len(runs) == 0 {
		t.Fatal("found no job kinds (var jobKinds) in internal/service: has the job queue moved?")
	}
	out := map[string][]string{}
	for method, kinds := range enqueues {
		for _, k := range kinds {
			fn := funcs[runs[k]]
			if fn == nil {
				t.Errorf("service.%s enqueues %s, whose run function is not found", method, k)
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == "s" && ast.IsExported(sel.Sel.Name) {
						out[method] = append(out[method], sel.Sel.Name)
					}
				}
				return true
			})
		}
	}
	return out
}
