package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestMonthFormSubmitOrSaveAsConcept: the month form has two buttons;
// "Indienen bij budgethouder" leaves the declaration waiting for the budget
// holder, "Opslaan als concept" leaves a concept, and a refused submit
// stores nothing and keeps what was typed.
func TestMonthFormSubmitOrSaveAsConcept(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	c, agID := zzpClient(t, p)
	zzp := mustActor(t, p, zzpAccount(t))
	count := func() int { return declarationCount(t, p, zzp) }
	state := func(loc string) domain.DeclarationState { return declarationAt(t, p, zzp, loc).State }

	// The form: real buttons, the submit one first (Enter in a field uses it),
	// and for a zzp'er the hint that the invoice is attached right here.
	_, page := c.get("/declaraties/nieuw?overeenkomst=" + agID + "&maand=2026-10")
	submitBtn := `<button class="button button--primary" type="submit" name="action" value="submit" id="submit-declaration" aria-describedby="submit-hint">Indienen bij budgethouder</button>`
	conceptBtn := `<button class="button button--secondary" type="submit" name="action" value="concept" id="save-declaration">Opslaan als concept</button>`
	i, j := strings.Index(page, submitBtn), strings.Index(page, conceptBtn)
	if i < 0 || j < 0 || i > j {
		t.Fatalf("the month form's buttons (submit at %d, concept at %d):\n%s", i, j, page)
	}
	if !strings.Contains(page, `<p class="hint" id="submit-hint">Voeg de factuur hierboven toe`) {
		t.Error("no hint about the invoice for a zzp'er")
	}

	before := count()
	form := func(month, action string, cells map[string]string) url.Values {
		v := url.Values{"agreement_id": {agID}, "month": {month}, "kind": {"zorg"}, "invoice_number": {"RS-" + month}, "invoice_total": {"105,00"}}
		if action != "" {
			v.Set("action", action)
		}
		for k, u := range cells {
			v.Set("u/"+k+"/begeleiding/uur", u)
		}
		return v
	}

	// A wrong cell with the submit button: back to the form, all kept, nothing stored.
	code, _, body := c.post("/declaraties/nieuw", form("2026-10", "submit", map[string]string{"2026-10-05": "2", "2026-10-12": "1,1"}))
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("submit with a wrong cell: %d", code)
	}
	for _, want := range []string{`id="u-2026-10-12-begeleiding-uur-error"`, `value="1,1"`, `value="2"`, `value="105,00"`, `value="RS-2026-10"`, "Uren gaan per kwartier", `id="submit-declaration"`} {
		if !strings.Contains(body, want) {
			t.Errorf("after a refused submit the form lacks %s", want)
		}
	}
	if n := count(); n != before {
		t.Fatalf("a refused submit stored something: %d declarations, was %d", n, before)
	}

	// The submit button without the invoice a zzp'er must add: refused at
	// the file field, the grid as typed, nothing stored.
	code, _, body = c.post("/declaraties/nieuw", form("2026-10", "submit", map[string]string{"2026-10-05": "2"}))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-file-error"`) || !strings.Contains(body, "Voeg de factuur") || !strings.Contains(body, `value="2"`) {
		t.Fatalf("submit without an invoice: %d\n%s", code, body)
	}
	if n := count(); n != before {
		t.Fatalf("a submit without an invoice stored something")
	}
	// With the invoice: at the budget holder at once, and said so.
	code, loc, body := c.postFiles("/declaraties/nieuw", form("2026-10", "submit", map[string]string{"2026-10-05": "2"}), "file", upFile{"RS-2026-10.pdf", []byte("%PDF-1.4\n%%EOF\n")})
	if code != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", code, body)
	}
	if s := state(loc); s != domain.DeclAtHolder {
		t.Errorf("after submit the declaration is %q, want %q", s, domain.DeclAtHolder)
	}
	_, page = c.get(loc)
	if !strings.Contains(page, `id="decl-state">Wacht op budgethouder<`) || strings.Contains(page, `id="decl-send"`) || !strings.Contains(page, "naar de budgethouder gestuurd") {
		t.Errorf("the submitted declaration's page:\n%s", page)
	}
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	if _, hp := holder.get(loc); !strings.Contains(hp, `id="decl-approve"`) {
		t.Errorf("the budget holder cannot approve the submitted declaration:\n%s", hp)
	}

	// The concept button, and a post without any action (as before): concepts.
	for _, action := range []string{"concept", ""} {
		code, loc, body := c.post("/declaraties/nieuw", form("2026-09", action, map[string]string{"2026-09-07": "2"}))
		if code != http.StatusSeeOther {
			t.Fatalf("save as concept (action %q): %d\n%s", action, code, body)
		}
		if s := state(loc); s != domain.DeclConcept {
			t.Errorf("action %q leaves the declaration %q, want a concept", action, s)
		}
		if _, page := c.get(loc); !strings.Contains(page, `id="decl-send"`) {
			t.Errorf("action %q: the concept cannot be sent from its page", action)
		}
	}
	if n := count(); n != before+3 {
		t.Errorf("%d declarations after three saves, was %d", n, before)
	}
}

// declarationCount is how many declarations a sees in its list.
func declarationCount(t *testing.T, p *portal, a service.Actor) int {
	t.Helper()
	list, err := p.svc.Declarations(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// declarationAt is the declaration a redirect points at, as a sees it.
func declarationAt(t *testing.T, p *portal, a service.Actor, loc string) service.DeclarationView {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/declaraties/"), 10, 64)
	if err != nil {
		t.Fatalf("not a declaration: %q", loc)
	}
	d, err := p.svc.Declaration(context.Background(), a, id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
