package usecase

import (
	"go/ast"
	"go/parser"
	"go/token"
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
// handler's own calls of svc.X, and those of the receiver's methods it
// calls or passes on (s.declarationShowRender, s.threadPage(s.agreementThread)),
// followed through the whole package.
type edgeCalls struct {
	routes  map[string][]string // pattern → the receiver methods its handler expression names
	methods map[string]*ast.FuncDecl
}

func parseEdge(t *testing.T, dir string, register ...string) edgeCalls {
	t.Helper()
	fset := token.NewFileSet()
	e := edgeCalls{routes: map[string][]string{}, methods: map[string]*ast.FuncDecl{}}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
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
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING || !contains(register, name) {
				return true
			}
			pattern, _ := strconv.Unquote(lit.Value)
			e.routes[pattern] = namedMethods(call.Args[1])
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
	out := make([]string, 0, len(found))
	for k := range found {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
