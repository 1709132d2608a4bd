package i18n

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// root is the module's root, seen from this package.
const root = "../.."

// TestCatalogsAgree: both languages have the same keys, no text is empty, a
// text has plural forms in both languages or in neither, and every form of
// a text takes the same arguments (the same fmt verbs in the same order), so
// that a language cannot show "%!d(string=…)" where the other does not.
func TestCatalogsAgree(t *testing.T) {
	nl, en := catalogs["nl"], catalogs["en"]
	if len(nl) < 900 {
		t.Fatalf("the Dutch catalog has %d texts; is it loaded?", len(nl))
	}
	for _, c := range []struct {
		lang        string
		this, other map[string]entry
	}{{"nl", nl, en}, {"en", en, nl}} {
		for k := range c.this {
			if _, ok := c.other[k]; !ok {
				t.Errorf("%q is in the %s catalog only", k, c.lang)
			}
		}
	}
	for k, n := range nl {
		e, ok := en[k]
		if !ok {
			continue
		}
		if n.plural != e.plural {
			t.Errorf("%q has plural forms in one language only", k)
			continue
		}
		want := verbs(n.form(nil))
		texts := []string{n.text, e.text}
		if n.plural {
			texts = []string{n.one, n.other, e.one, e.other}
		}
		for _, s := range texts {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%q has an empty text", k)
			} else if got := verbs(s); !slices.Equal(got, want) {
				t.Errorf("%q: %q takes %v, the Dutch text %v", k, s, got, want)
			}
		}
		if n.plural && !slices.ContainsFunc(want, func(v string) bool { return strings.HasSuffix(v, "d") }) {
			t.Errorf("%q has plural forms but no count (%%d)", k)
		}
	}
}

// verbRE is a fmt verb; "1,5 % van" is not one (no verb takes a space flag here).
var verbRE = regexp.MustCompile(`%(?:\[\d+\])?[-+#0]*\d*(?:\.\d+)?[a-zA-Z%]`)

func verbs(s string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

// TestCatalogFilesAreSorted: each catalog file is written as the
// converter writes it (keys sorted, two spaces, no HTML escapes, a final
// newline), so that texts added on two branches merge line by line.
func TestCatalogFilesAreSorted(t *testing.T) {
	for _, lang := range Langs {
		b, err := catalogFiles.ReadFile("catalog/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, want.Bytes()) {
			t.Errorf("catalog/%s.json is not sorted and indented as the others; rewrite it with its keys in order", lang)
		}
	}
}

// TestPluralForms: a text with plural forms shows the singular for exactly
// one, the plural otherwise, in both languages, wherever the count comes
// from (a page, an error, a stored finding).
func TestPluralForms(t *testing.T) {
	for _, tc := range []struct {
		lang, key string
		args      []any
		want      string
	}{
		{"nl", "bulk.summary", []any{1, 1}, "1 declaratie opgeslagen, 1 niet."},
		{"nl", "bulk.summary", []any{0, 2}, "0 declaraties opgeslagen, 2 niet."},
		{"en", "bulk.summary", []any{1, 0}, "1 declaration stored, 0 not."},
		{"en", "bulk.summary", []any{3, 0}, "3 declarations stored, 0 not."},
		{"nl", "outbox.attempts", []any{1}, "1 poging"},
		{"en", "outbox.attempts", []any{int64(2)}, "2 attempts"},
		{"nl", "check.signal_shared_iban", []any{1}, "Het IBAN wordt ook gebruikt door 1 andere zorgverlener."},
		{"en", "check.signal_shared_iban", []any{2}, "The IBAN is also used by 2 other providers."},
		{"nl", "err.login_throttled", []any{1}, "Te veel pogingen. Probeer het over 1 minuut opnieuw."},
		{"en", "err.login_throttled", []any{15}, "Too many attempts. Try again in 15 minutes."},
	} {
		if got := T(tc.lang, tc.key, tc.args...); got != tc.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", tc.lang, tc.key, tc.args, got, tc.want)
		}
	}
	// An error message takes the form for its count as well.
	e := domain.Error{Code: "login_throttled", Args: []any{1}}
	if got := ErrorMessage("en", &e); got != "Too many attempts. Try again in 1 minute." {
		t.Errorf("ErrorMessage = %q", got)
	}
}

// TestEveryUsedKeyHasText reads the Go code and the templates and finds
// every text they look up: each must be in the catalogs. A key is found as
//   - a string literal that reads as a key ("decl.title") in a Go file or a
//     template; an audit action (the second argument of record) is not one;
//   - a code that becomes a key: a domain.Error's code ("err."+code), a
//     field error's code ("err." or "check."+code), a finding's code
//     ("check."+code), an API request error's code;
//   - a prefix completed at run time ("decl.state."+state, printf
//     "care.%s"): each prefix is listed in dynamicKeys with the values it
//     is completed with, taken from the domain's constants where they are.
func TestEveryUsedKeyHasText(t *testing.T) {
	u := scan(t)
	if len(u.keys) < 600 || len(u.fieldCodes) < 50 || len(u.errCodes) < 20 || len(u.findings) < 20 {
		t.Fatalf("found %d keys, %d field codes, %d error codes, %d findings; is the scan broken?", len(u.keys), len(u.fieldCodes), len(u.errCodes), len(u.findings))
	}
	for k, at := range u.keys {
		if !Has(k) {
			t.Errorf("%s uses %q, which is not in the catalogs", at, k)
		}
	}
	for c, at := range u.errCodes {
		if !Has("err." + c) {
			t.Errorf("%s: error code %q has no text err.%s", at, c, c)
		}
	}
	for c, at := range u.fieldCodes {
		if !Has("err."+c) && !Has("check."+c) {
			t.Errorf("%s: field code %q has no text err.%s or check.%s", at, c, c, c)
		}
	}
	for c, at := range u.findings {
		if !Has("check." + c) {
			t.Errorf("%s: finding %q has no text check.%s", at, c, c)
		}
	}
	dyn := dynamicKeys(t, u)
	for p, at := range u.prefixes {
		d, ok := dyn[p]
		if !ok {
			t.Errorf("%s completes the key prefix %q at run time: list it in dynamicKeys with its values", at, p)
			continue
		}
		for _, v := range d.values {
			if !Has(p + v) {
				t.Errorf("%s: %q is not in the catalogs (%s)", at, p+v, d.from)
			}
		}
	}
}

// TestEveryTextIsUsed: no text in the catalogs is left over, except the
// ones in unusedOnPurpose. A text counts as used when its key is found as in
// TestEveryUsedKeyHasText, when it starts with a prefix the code completes,
// or when it is "err."/"check." and a code that appears as a string in Go.
func TestEveryTextIsUsed(t *testing.T) {
	u := scan(t)
	for k := range catalogs["nl"] {
		if u.keys[k] != "" || unusedOnPurpose[k] != "" {
			continue
		}
		if c, ok := strings.CutPrefix(k, "err."); ok && u.literals[c] {
			continue
		}
		if c, ok := strings.CutPrefix(k, "check."); ok && u.literals[c] {
			continue
		}
		if slices.ContainsFunc(sortedKeys(u.prefixes), func(p string) bool { return strings.HasPrefix(k, p) && p != "err." && p != "check." }) {
			continue
		}
		t.Errorf("%q is in the catalogs but nothing uses it: remove it, or list it in unusedOnPurpose with the reason", k)
	}
	for k := range unusedOnPurpose {
		if !Has(k) {
			t.Errorf("unusedOnPurpose lists %q, which is not in the catalogs", k)
		}
	}
}

// unusedOnPurpose are texts no code looks up, kept on purpose: key → why.
var unusedOnPurpose = map[string]string{}

// dynamic is what a key prefix is completed with.
type dynamic struct {
	values []string
	from   string // where the values come from
}

// dynamicKeys are the key prefixes the code completes at run time.
func dynamicKeys(t *testing.T, u uses) map[string]dynamic {
	consts := domainConsts(t)
	typ := func(name string) dynamic {
		v := consts[name]
		if len(v) == 0 {
			t.Errorf("no constants of type domain.%s", name)
		}
		return dynamic{v, "the constants of domain." + name}
	}
	list := func(from string, v ...string) dynamic { return dynamic{v, from} }
	except := func(d dynamic, why string, drop ...string) dynamic {
		d.values = slices.DeleteFunc(slices.Clone(d.values), func(v string) bool { return slices.Contains(drop, v) })
		d.from += ", but " + strings.Join(drop, ", ") + ": " + why
		return d
	}
	formActions := func(tmpl string) dynamic {
		b, err := os.ReadFile(filepath.Join(root, "internal/web/templates", tmpl))
		if err != nil {
			t.Fatal(err)
		}
		var v []string
		for _, m := range regexp.MustCompile(`name="action" value="([a-z_]+)"`).FindAllStringSubmatch(string(b), -1) {
			v = append(v, m[1])
		}
		if len(v) == 0 {
			t.Errorf("no action buttons in %s", tmpl)
		}
		return dynamic{v, "the action buttons of " + tmpl}
	}
	// A declaration's history shows its audit records, each by its action.
	history := dynamic{from: "the audit actions of a declaration"}
	for a := range u.audit {
		if strings.HasPrefix(a, "declaration.") {
			history.values = append(history.values, a)
		}
	}
	if !u.auditPrefixes["declaration."] {
		t.Error(`no audit action "declaration."+state found; is the scan broken?`)
	}
	for _, s := range consts["DeclarationState"] {
		if s != "" { // declDecided: a marker in the lifecycle table
			history.values = append(history.values, "declaration."+s)
		}
	}
	return map[string]dynamic{
		"agreement.state.":  typ("AgreementState"),
		"agreement.kind.":   typ("AgreementKind"),
		"agreement.act.":    except(typ("AgreementAction"), "editing has a page of its own, no button or notice", "edit"),
		"agreement.done.":   except(typ("AgreementAction"), "editing has a page of its own, no button or notice", "edit"),
		"decl.state.":       except(typ("DeclarationState"), "declDecided is a marker in the lifecycle table, never a state", ""),
		"decl.kind.":        typ("DeclarationKind"),
		"settlement.state.": typ("SettlementState"),
		"payrun.state.":     typ("PayRunState"),
		"payrun.transfer.":  typ("TransferState"),
		"transfer.state.":   typ("TransferState"),
		"unit.":             typ("Unit"),
		"per.":              typ("Per"),
		"party.":            typ("Party"),
		"rep.kind.":         typ("RepresentationKind"),
		"provider.kind.":    typ("ProviderKind"),
		"role.":             typ("Role"),
		"care.":             {domain.CareTypes, "domain.CareTypes"},
		"decl.done.":        formActions("declaration.html"),
		"settlement.done.":  formActions("settlement.html"),
		"decl.source.":      list("the sources a declaration is stored with (store.DeclarationRecord.Source)", "portaal", "api", "csv", "payroll", "papier"),
		"diff.":             list("the fields domain.DiffTerms names", "kind", "start", "end", "travel_per_km", "days_per_week", "hours_per_week", "care_description", "rate", "max_units", "line_added", "line_removed"),
		"mailnotices.":      list("service.NoticeKinds", "agreements", "declarations", "messages", "payments", "jobs"),
		"title.":            list("the statuses of the API's problems", "400", "401", "403", "404", "409", "413", "415", "422", "429", "500"),
		"error.title_":      list("the statuses of the error page", "404", "405", "500"),
		"decl.closed.":      list("the reasons a day of the month grid is closed (domain.DayClosed)", domain.DayOutsideGrant, domain.DayOutsideAgreement),
		// Looked up with Has: an audit action without a text of its own is
		// named by its object, and an object without one as "other".
		"audit.action.": {from: "the audit actions, where a text of their own is kept"},
		"audit.object.": {from: "the audit records' objects, where a text of their own is kept"},
		"year.kind.":    list("the posting kinds of internal/ledger", "granted", "reserved", "released", "paid", "returned"),
		"work.run_":     list("the open states of a payment run in the work list", "voorbereid", "bestand"),
		"job.kind.":     list("the kinds of jobs (service.JobPayRun ...)", "payrun", "payrun_status", "settlements", "export"),
		"job.done.":     list("the kinds of jobs (service.JobPayRun ...)", "payrun", "payrun_status", "settlements", "export"),
		"export.list.":  list("the lists an export job is of (service.ExportDeclarations ...)", "declarations", "settlements"),
		"job.state.":    list("the states of a job (store.JobQueued ...)", "queued", "running", "done", "failed"),
		"history.":      history,
		// Find care and the care-need questionnaire.
		"findcare.day.":     {domain.Weekdays, "domain.Weekdays"},
		"findcare.part.":    {domain.DayParts, "domain.DayParts"},
		"findcare.lang.":    {domain.Languages, "domain.Languages"},
		"findcare.party.":   list("the authors of a find-care message (store.FindCareMessage.Party)", "budget_holder", "provider"),
		"findcare.object.":  list("the objects of a find-care report (store.FindCareReport.ObjectType)", "profile", "request"),
		"careneed.section.": needSections(),
		"careneed.intro.":   needSections(),
		"careneed.q.":       needQuestions(),
		"careneed.level.":   {append(slices.Clone(domain.NeedLevels), "none"), "domain.NeedLevels and none (a question skipped)"},
		// Completed with codes: checked above as error codes and findings.
		"err.":   {},
		"check.": {},
	}
}

// needSections and needQuestions are the keys of the questionnaire's
// pages and questions (domain.NeedSections).
func needSections() dynamic {
	d := dynamic{from: "domain.NeedSections"}
	for _, sec := range domain.NeedSections {
		d.values = append(d.values, sec.Key)
	}
	return d
}

func needQuestions() dynamic {
	d := dynamic{from: "the questions of domain.NeedSections"}
	for _, sec := range domain.NeedSections {
		d.values = append(d.values, sec.Questions...)
	}
	return d
}

// domainConsts are the string constants of internal/domain by their type.
func domainConsts(t *testing.T) map[string][]string {
	fset := token.NewFileSet()
	files, _ := filepath.Glob(filepath.Join(root, "internal/domain/*.go"))
	out := map[string][]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				id, ok := vs.Type.(*ast.Ident)
				if !ok {
					continue
				}
				for _, v := range vs.Values {
					if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, _ := strconv.Unquote(lit.Value)
						out[id.Name] = append(out[id.Name], s)
					}
				}
			}
		}
	}
	return out
}

// uses is what the code looks up; each maps to the first place it was seen.
type uses struct {
	keys       map[string]string
	prefixes   map[string]string
	errCodes   map[string]string
	fieldCodes map[string]string
	findings   map[string]string
	literals   map[string]bool // every string literal in the Go code
	// audit actions (record's second argument): literal, or a prefix
	// completed at run time ("declaration."+state)
	audit, auditPrefixes map[string]bool
}

var (
	keyRE    = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)
	prefixRE = regexp.MustCompile(`^[a-z][a-z0-9_]*\.([a-z0-9_]+\.)*[a-z0-9_]*$`) // "decl.state.", "error.title_"
	codeRE   = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	sqlKey   = regexp.MustCompile(`'([a-z][a-z0-9_.]*)'`)
	// a template's action, a string literal in it, and a printf format
	// completing a key
	tmplAction = regexp.MustCompile(`{{.*?}}`)
	tmplString = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
	tmplPrintf = regexp.MustCompile(`printf "([a-z][a-z0-9_.]*)%[sd]"`)
)

func scan(t *testing.T) uses {
	t.Helper()
	u := uses{keys: map[string]string{}, prefixes: map[string]string{}, errCodes: map[string]string{},
		fieldCodes: map[string]string{}, findings: map[string]string{}, literals: map[string]bool{},
		audit: map[string]bool{}, auditPrefixes: map[string]bool{}}
	spaces := map[string]bool{}
	for k := range catalogs["nl"] {
		spaces[k[:strings.IndexByte(k+".", '.')]] = true
	}
	isKey := func(s string) bool { return keyRE.MatchString(s) && spaces[s[:strings.IndexByte(s, '.')]] }
	isPrefix := func(s string) bool { return prefixRE.MatchString(s) && spaces[s[:strings.IndexByte(s, '.')]] }
	first := func(m map[string]string, k, at string) {
		if m[k] == "" {
			m[k] = at
		}
	}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go"):
			af, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				return err
			}
			scanGo(af, fset, rel, &u, isKey, isPrefix, first)
		case strings.HasSuffix(p, ".html") && strings.Contains(filepath.ToSlash(rel), "/templates/"):
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for i, line := range strings.Split(string(b), "\n") {
				at := rel + ":" + strconv.Itoa(i+1)
				for _, m := range tmplPrintf.FindAllStringSubmatch(line, -1) {
					if isPrefix(m[1]) {
						first(u.prefixes, m[1], at)
					}
				}
				for _, a := range tmplAction.FindAllString(line, -1) {
					for _, m := range tmplString.FindAllStringSubmatch(a, -1) {
						if isKey(m[1]) {
							first(u.keys, m[1], at)
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// scanGo collects the keys, prefixes and codes of one Go file.
func scanGo(af *ast.File, fset *token.FileSet, rel string, u *uses, isKey, isPrefix func(string) bool, first func(map[string]string, string, string)) {
	str := func(e ast.Expr) (string, bool) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(lit.Value)
		return s, err == nil
	}
	at := func(n ast.Node) string { return rel + ":" + strconv.Itoa(fset.Position(n.Pos()).Line) }
	name := func(e ast.Expr) string {
		switch f := e.(type) {
		case *ast.Ident:
			return f.Name
		case *ast.SelectorExpr:
			return f.Sel.Name
		case *ast.StarExpr:
			if id, ok := f.X.(*ast.Ident); ok {
				return id.Name
			}
		}
		return ""
	}
	skip := map[ast.Expr]bool{} // literals that are no key: audit actions, prefixes
	code := func(kind map[string]string, e ast.Expr) {
		if s, ok := str(e); ok && codeRE.MatchString(s) {
			first(kind, s, at(e))
		}
	}
	// codeFields finds Code: "…" in a composite literal of type typ, and in
	// the elements of a slice of them.
	var codeFields func(cl *ast.CompositeLit, typ string)
	codeFields = func(cl *ast.CompositeLit, typ string) {
		if arr, ok := cl.Type.(*ast.ArrayType); ok {
			for _, el := range cl.Elts {
				if inner, ok := el.(*ast.CompositeLit); ok {
					codeFields(inner, name(arr.Elt))
				}
			}
			return
		}
		var c ast.Expr
		hasKey := false
		for _, el := range cl.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			switch name(kv.Key) {
			case "Code", "code":
				c = kv.Value
			case "key":
				hasKey = true
			}
		}
		if c == nil {
			return
		}
		switch typ {
		case "Error":
			code(u.errCodes, c)
		case "requestError":
			if !hasKey {
				code(u.errCodes, c)
			}
		case "FieldError":
			code(u.fieldCodes, c)
		case "Finding":
			code(u.findings, c)
		}
	}
	ast.Inspect(af, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			switch f := name(n.Fun); {
			case f == "record" && len(n.Args) > 1: // an audit action, not a text
				skip[n.Args[1]] = true
				if a, ok := str(n.Args[1]); ok {
					u.audit[a] = true
				} else if b, ok := n.Args[1].(*ast.BinaryExpr); ok {
					if a, ok := str(b.X); ok {
						u.auditPrefixes[a] = true
					}
				}
			case f == "Sprintf" && len(n.Args) > 0:
				if s, ok := str(n.Args[0]); ok {
					if i := strings.IndexByte(s, '%'); i > 0 && isPrefix(s[:i]) {
						first(u.prefixes, s[:i], at(n))
						skip[n.Args[0]] = true
					}
				}
			case (f == "Invalid" || f == "Add") && len(n.Args) >= 2:
				code(u.fieldCodes, n.Args[1])
			case f == "Conflict" || f == "Forbidden" || f == "Unauthenticated":
				if len(n.Args) > 0 {
					code(u.errCodes, n.Args[0])
				}
			case (f == "add" || f == "sig") && len(n.Args) > 0 && filepath.ToSlash(rel) == "internal/domain/declaration.go":
				code(u.findings, n.Args[0]) // the declaration checks' findings
			}
		case *ast.BinaryExpr:
			if skip[n] { // "agreement."+action as an audit action
				skip[n.X] = true
			} else if n.Op == token.ADD {
				if s, ok := str(n.X); ok && isPrefix(s) {
					first(u.prefixes, s, at(n))
					skip[n.X] = true
				}
			}
		case *ast.CompositeLit:
			codeFields(n, name(n.Type))
		case *ast.BasicLit:
			s, ok := str(n)
			if !ok {
				return true
			}
			u.literals[s] = true
			if !skip[n] && isKey(s) {
				first(u.keys, s, at(n))
			}
			for _, m := range sqlKey.FindAllStringSubmatch(s, -1) { // a key in SQL: 'notice.x'
				if isKey(m[1]) {
					first(u.keys, m[1], at(n))
				}
			}
		}
		return true
	})
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
