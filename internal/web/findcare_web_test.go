package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestFindCarePages: a holder's request with an unknown gemeente comes back
// with the message at the field and everything typed kept; a good one is
// answered by a provider who does not see the holder's name, until the
// holder replies; from the answer the agreement form opens with the
// provider, the care type and the hours filled in.
func TestFindCarePages(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	form := url.Values{"care_type": {"persoonlijke_verzorging"}, "gemeente": {"Amersfort"}, "tijden": {"di-ochtend", "do-avond"}, "hours_per_week": {"5"},
		"text": {"Hulp bij het douchen."}}
	code, _, body := holder.post("/zorgvragen/nieuw", form)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-gemeente-error"`) || !strings.Contains(body, "Bedoelt u: Amersfoort") ||
		!strings.Contains(body, `value="Amersfort"`) || !strings.Contains(body, "Hulp bij het douchen.") || !strings.Contains(body, `value="do-avond" id="t-do-avond" aria-label="donderdag avond" checked`) {
		t.Fatalf("request with a typo in the gemeente: %d\n%s", code, body)
	}
	form.Set("gemeente", "Amersfoort")
	code, loc, body := holder.post("/zorgvragen/nieuw", form)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/zorgvragen/") {
		t.Fatalf("post a request: %d %s\n%s", code, loc, body)
	}
	reqPath := loc

	prov := p.client(t)
	prov.login(demoAccount(t, "zorgverlener")) // Thuiszorg Midden: Amersfoort, persoonlijke verzorging
	_, list := prov.get("/zorg-vinden")
	if !strings.Contains(list, `href="`+reqPath+`"`) {
		t.Fatalf("the provider does not find the request:\n%s", list)
	}
	_, page := prov.get(reqPath)
	if strings.Contains(page, "Vries") || strings.Contains(page, "Oudegracht") || !strings.Contains(page, `id="holder-anonymous"`) {
		t.Errorf("the provider sees who asks before the holder replied:\n%s", page)
	}
	code, _, body = prov.post(reqPath+"/berichten", url.Values{"body": {""}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-body-error"`) {
		t.Errorf("an empty answer: %d", code)
	}
	if code, _, body := prov.post(reqPath+"/berichten", url.Values{"body": {"Wij kunnen dinsdagochtend komen."}}); code != http.StatusSeeOther {
		t.Fatalf("answer: %d\n%s", code, body)
	}
	_, page = holder.get(reqPath)
	m := regexp.MustCompile(`<section class="card findcare-thread" id="thread-(\d+)"`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "Thuiszorg Midden B.V.") || !strings.Contains(page, "Wij kunnen dinsdagochtend komen.") {
		t.Fatalf("the holder does not see the answer:\n%s", page)
	}
	start := regexp.MustCompile(`href="(/overeenkomsten/nieuw\?zorgverlener=` + m[1] + `[^"]*)"`).FindStringSubmatch(page)
	if start == nil {
		t.Fatal("no way to start an agreement from the answer")
	}
	_, agForm := holder.get(html.UnescapeString(start[1]))
	if !regexp.MustCompile(`<option value="`+m[1]+`" selected>Thuiszorg Midden`).MatchString(agForm) ||
		!strings.Contains(agForm, `<option value="persoonlijke_verzorging" selected>`) || !strings.Contains(agForm, `id="f-lines-0-max_units" name="lines[0].max_units" inputmode="decimal" value="5"`) {
		t.Errorf("the agreement form is not filled in from the answer:\n%s", agForm)
	}
	if code, _, body := holder.post(reqPath+"/berichten", url.Values{"provider_id": {m[1]}, "body": {"Graag, kom kennismaken."}}); code != http.StatusSeeOther {
		t.Fatalf("reply: %d\n%s", code, body)
	}
	_, page = prov.get(reqPath)
	if !strings.Contains(page, `<span id="holder-name">J. de Vries</span>, Utrecht`) {
		t.Errorf("after the reply the provider does not see the holder:\n%s", page)
	}
	// The other provider (R. Smit, no persoonlijke verzorging in Amersfoort) does not find it.
	zzp := p.client(t)
	zzp.login(zzpAccount(t))
	if code, _ := zzp.get(reqPath); code != http.StatusNotFound {
		t.Errorf("R. Smit opens the request: %d", code)
	}
}

// TestFindCareSearchAndProfile: a search finds the demo's profiles in
// Utrecht, ranked, and a profile saved with an unknown gemeente and no
// care type keeps what was typed with a message at each field.
func TestFindCareSearchAndProfile(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	holder := p.client(t)
	holder.login(demoAccount(t, "budgethouder"))
	_, page := holder.get("/zorg-vinden?zoek=1&gemeente=Utrecht&zorgsoort=begeleiding&tijden=ma-ochtend")
	if !strings.Contains(page, "3 zorgverleners in Utrecht") || strings.Contains(page, "M. Bakker") {
		t.Errorf("search in Utrecht (M. Bakker's profile is not published):\n%s", page)
	}
	code, _, _, page := holder.getPage("/zorg-vinden?zoek=1&gemeente=Atlantis")
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="f-gemeente-error"`) || !strings.Contains(page, "geen Nederlandse gemeente") {
		t.Errorf("search in Atlantis: %d\n%s", code, page)
	}
	zzp := p.client(t)
	zzp.login(zzpAccount(t))
	code, _, body := zzp.post("/zorg-vinden/profiel", url.Values{"gemeenten": {"Utrecht\nZiest"}, "text": {"Mijn tekst"}, "published": {"ja"}, "rate_min": {"48,00"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Bedoelt u: Zeist") || !strings.Contains(body, `id="f-care_types-error"`) ||
		!strings.Contains(body, "Utrecht\nZiest") || !strings.Contains(body, "Mijn tekst") {
		t.Errorf("profile with a wrong gemeente: %d\n%s", code, body)
	}
	// A provider cannot search profiles, nor open another's.
	if code, _ := zzp.get("/zorg-vinden?gemeente=Utrecht"); code != http.StatusOK {
		t.Errorf("the provider's find-care page: %d", code)
	}
}

// TestCareNeedReportHoldsWhatWasAnswered: each page is saved as it is
// sent; the report (page and PDF) holds the answered questions and notes
// and nothing else; someone else cannot open it; it can be deleted.
func TestCareNeedReportHoldsWhatWasAnswered(t *testing.T) {
	p := newPortal(t, storetest.OpenSQLite(t))
	rep := p.client(t)
	rep.login(demoAccount(t, "vertegenwoordiger"))
	code, loc, _ := rep.post("/zorgbehoefte", nil)
	if code != http.StatusSeeOther || !strings.HasSuffix(loc, "?stap=1") {
		t.Fatalf("start: %d %s", code, loc)
	}
	base := strings.TrimSuffix(loc, "?stap=1")
	if code, loc, _ := rep.post(base+"?stap=1", url.Values{"wassen": {"vaak"}, "eten": {"soms"}, "note": {"Hulp bij douchen."}, "ga": {"verder"}}); code != http.StatusSeeOther || loc != base+"?stap=2" {
		t.Fatalf("page 1: %d %s", code, loc)
	}
	// Page 5 with a level that does not exist: refused at its field, kept.
	code, _, body := rep.post(base+"?stap=5", url.Values{"buiten": {"nooit"}, "note": {"Rolstoel."}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Rolstoel.") {
		t.Errorf("a wrong level: %d", code)
	}
	if code, loc, _ := rep.post(base+"?stap=6", url.Values{"toezicht": {"altijd"}, "ga": {"verder"}}); code != http.StatusSeeOther || loc != base+"/rapport" {
		t.Fatalf("last page: %d %s", code, loc)
	}
	_, page := rep.get(base + "?stap=1") // saved answers come back
	if !strings.Contains(page, `id="r-wassen-vaak" name="wassen" value="vaak" checked`) || !strings.Contains(page, "Hulp bij douchen.") {
		t.Errorf("page 1 does not show what was saved")
	}
	_, report := rep.get(base + "/rapport")
	answered := regexp.MustCompile(`data-answer="([a-z_]+)"`).FindAllStringSubmatch(report, -1)
	var got []string
	for _, a := range answered {
		got = append(got, a[1])
	}
	if strings.Join(got, ",") != "wassen,eten,toezicht" || !strings.Contains(report, "Vaak hulp nodig") || !strings.Contains(report, "Hulp bij douchen.") ||
		strings.Contains(report, "Rolstoel.") || strings.Contains(report, `id="section-vervoer"`) {
		t.Errorf("the report holds %v, want wassen, eten, toezicht:\n%s", got, report)
	}
	code, ctype, _, pdfBody := rep.getPage(base + "/pdf")
	if code != 200 || ctype != "application/pdf" || !strings.HasPrefix(pdfBody, "%PDF") {
		t.Errorf("pdf: %d %s", code, ctype)
	}
	other := p.client(t)
	other.login(demoAccount(t, "budgethouder"))
	for _, u := range []string{base + "?stap=1", base + "/rapport", base + "/pdf"} {
		if code, _ := other.get(u); code != http.StatusNotFound {
			t.Errorf("someone else opens %s: %d", u, code)
		}
	}
	if code, _, _ := other.post(base+"/verwijderen", nil); code != http.StatusNotFound {
		t.Errorf("someone else deletes: %d", code)
	}
	if code, _, _ := rep.post(base+"/verwijderen", nil); code != http.StatusSeeOther {
		t.Errorf("delete: %d", code)
	}
	if code, _ := rep.get(base + "/rapport"); code != http.StatusNotFound {
		t.Errorf("after deleting: %d", code)
	}
}
