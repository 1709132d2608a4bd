package domain

import (
	"reflect"
	"testing"
	"time"
)

func TestGemeenten(t *testing.T) {
	if len(Gemeenten) != 342 {
		t.Errorf("%d gemeenten, want 342 (CBS 2024)", len(Gemeenten))
	}
	for _, tc := range []struct {
		in, code string
		ok       bool
	}{
		{"Utrecht", "GM0344", true},
		{"utrecht", "GM0344", true},
		{"GM0344", "GM0344", true},
		{"gm0363", "GM0363", true},
		{"Den Haag", "GM0518", true},
		{"'s-Gravenhage", "GM0518", true},
		{"Den Bosch", "GM0796", true},
		{"Sudwest Fryslan", "GM1900", true},
		{"Súdwest-Fryslân", "GM1900", true},
		{"Hengelo", "GM0164", true},
		{"Nuenen, Gerwen en Nederwetten", "GM0820", true},
		{"Voorne aan Zee", "GM1992", true},
		{"Bergen", "", false}, // two gemeenten: say which
		{"Weesp", "", false},  // part of Amsterdam since 2022
		{"Antwerpen", "", false},
		{"Utrech", "", false},
		{"", "", false},
	} {
		g, ok := LookupGemeente(tc.in)
		if ok != tc.ok || g.Code != tc.code {
			t.Errorf("LookupGemeente(%q) = %v %v, want %q %v", tc.in, g, ok, tc.code, tc.ok)
		}
	}
	for _, tc := range []struct{ typed, first string }{{"Utrech", "Utrecht"}, {"Amersfort", "Amersfoort"}, {"Ziest", "Zeist"}, {"Nijmegn", "Nijmegen"}} {
		if s := SuggestGemeenten(tc.typed, 3); len(s) == 0 || s[0] != tc.first {
			t.Errorf("suggestions for %s: %v, want %s first", tc.typed, s, tc.first)
		}
	}
	if s := SuggestGemeenten("Xyzzyq", 3); len(s) != 0 {
		t.Errorf("suggestions for nonsense: %v", s)
	}
	codes, unknown := ParseGemeenten("Utrecht; Zeist\nNuenen, Gerwen en Nederwetten\nAmersfoort, Bunnik, Atlantis\nutrecht")
	if !reflect.DeepEqual(codes, []string{"GM0344", "GM0355", "GM0820", "GM0307", "GM0312"}) || !reflect.DeepEqual(unknown, []string{"Atlantis"}) {
		t.Errorf("ParseGemeenten: %v %v", codes, unknown)
	}
}

func TestAvail(t *testing.T) {
	a := AvailFromKeys([]string{"ma-ochtend", "za-nacht", "xx-ochtend", "ma-brunch"})
	if a.Slots() != 2 || !a.Has(0, 0) || !a.Has(5, 3) || !reflect.DeepEqual(a.Keys(), []string{"ma-ochtend", "za-nacht"}) {
		t.Errorf("avail %b %v", a, a.Keys())
	}
	if AvailAll.Slots() != 28 {
		t.Errorf("all: %d", AvailAll.Slots())
	}
}

func demoProfile() CareProfile {
	return CareProfile{ID: 1, ProviderID: 1, CareTypes: []string{"begeleiding", "huishoudelijke_hulp"}, Laws: []Law{Wmo, Jeugdwet},
		Gemeenten: []string{"GM0344", "GM0355"}, Avail: AvailFromKeys([]string{"ma-ochtend", "ma-middag", "wo-ochtend"}),
		Languages: []string{"nl", "en"}, RateMin: 3000, RateMax: 4500, Text: "Ervaren begeleider.", Published: true}
}

// TestProfileMatches: the matching rules, one by one.
func TestProfileMatches(t *testing.T) {
	p := demoProfile()
	mon := AvailFromKeys([]string{"ma-ochtend"})
	for _, tc := range []struct {
		name string
		p    func(*CareProfile)
		q    ProfileQuery
		want bool
	}{
		{"everything fits", nil, ProfileQuery{CareType: "begeleiding", Gemeente: "GM0344", Avail: mon, Law: Wmo, Language: "en"}, true},
		{"an empty query finds every visible profile", nil, ProfileQuery{}, true},
		{"another care type", nil, ProfileQuery{CareType: "verpleging"}, false},
		{"another gemeente", nil, ProfileQuery{Gemeente: "GM0363"}, false},
		{"another law", nil, ProfileQuery{Law: Wlz}, false},
		{"another language", nil, ProfileQuery{Language: "tr"}, false},
		{"no time in common", nil, ProfileQuery{Avail: AvailFromKeys([]string{"za-nacht"})}, false},
		{"one time in common is enough", nil, ProfileQuery{Avail: AvailFromKeys([]string{"za-nacht", "wo-ochtend"})}, true},
		{"not published", func(p *CareProfile) { p.Published = false }, ProfileQuery{}, false},
		{"hidden by staff", func(p *CareProfile) { p.HiddenReason = "spam" }, ProfileQuery{}, false},
	} {
		pp := p
		pp.CareTypes = append([]string(nil), p.CareTypes...)
		if tc.p != nil {
			tc.p(&pp)
		}
		if got := ProfileMatches(pp, tc.q); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestRequestMatches: a request matches a profile by the same rules; a
// closed or hidden request matches nothing, and a request without a law
// matches any law.
func TestRequestMatches(t *testing.T) {
	p := demoProfile()
	base := CareRequest{CareType: "begeleiding", Gemeente: "GM0355", Avail: AvailFromKeys([]string{"wo-ochtend"}), HoursPerWeek: 4, Open: true}
	for _, tc := range []struct {
		name string
		r    func(*CareRequest)
		want bool
	}{
		{"fits", nil, true},
		{"law given and offered", func(r *CareRequest) { r.Law = Jeugdwet }, true},
		{"law not offered", func(r *CareRequest) { r.Law = Wlz }, false},
		{"gemeente not covered", func(r *CareRequest) { r.Gemeente = "GM0599" }, false},
		{"care not offered", func(r *CareRequest) { r.CareType = "verpleging" }, false},
		{"at another time", func(r *CareRequest) { r.Avail = AvailFromKeys([]string{"zo-avond"}) }, false},
		{"no time at all", func(r *CareRequest) { r.Avail = 0 }, false},
		{"closed", func(r *CareRequest) { r.Open = false }, false},
		{"hidden", func(r *CareRequest) { r.HiddenReason = "abuse" }, false},
	} {
		r := base
		if tc.r != nil {
			tc.r(&r)
		}
		if got := RequestMatches(p, r); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestRankProfiles: more of the wanted times first, then the language,
// then the lower rate, then the newer profile; what does not match is left
// out.
func TestRankProfiles(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	mk := func(id int64, slots []string, rate Cents, langs []string, at time.Time) CareProfile {
		return CareProfile{ID: id, CareTypes: []string{"begeleiding"}, Laws: []Law{Wmo}, Gemeenten: []string{"GM0344"}, Avail: AvailFromKeys(slots),
			Languages: langs, RateMin: rate, Published: true, UpdatedAt: at}
	}
	ps := []CareProfile{
		mk(1, []string{"ma-ochtend"}, 2500, []string{"nl"}, t0),                      // half the times
		mk(2, []string{"ma-ochtend", "di-ochtend"}, 4000, []string{"nl"}, t0),        // all times, dear
		mk(3, []string{"ma-ochtend", "di-ochtend"}, 3000, []string{"nl"}, t0),        // all times, cheaper
		mk(4, []string{"za-nacht"}, 1000, []string{"nl"}, t0),                        // no time in common
		mk(5, []string{"ma-ochtend"}, 2500, []string{"nl"}, t0.Add(time.Hour)),       // as 1, newer
		mk(6, []string{"ma-ochtend"}, 2600, []string{"nl", "ar"}, t0),                // as 1, speaks Arabic
		mk(7, []string{"ma-ochtend", "di-ochtend"}, 3000, []string{"nl"}, t0),        // as 3: by id
		mk(8, []string{"ma-ochtend", "di-ochtend"}, 3000, []string{"en"}, t0.Add(1)), // newer than 3
	}
	q := ProfileQuery{CareType: "begeleiding", Gemeente: "GM0344", Avail: AvailFromKeys([]string{"ma-ochtend", "di-ochtend"})}
	var got []int64
	for _, p := range RankProfiles(ps, q) {
		got = append(got, p.ID)
	}
	if want := []int64{8, 3, 7, 2, 5, 1, 6}; !reflect.DeepEqual(got, want) {
		t.Errorf("ranked %v, want %v", got, want)
	}
	q.Language = "ar"
	got = nil
	for _, p := range RankProfiles(ps, q) {
		got = append(got, p.ID)
	}
	if want := []int64{6}; !reflect.DeepEqual(got, want) {
		t.Errorf("with language: %v, want %v", got, want)
	}
}

func TestPage(t *testing.T) {
	list := make([]int, 45)
	for i := range list {
		list[i] = i
	}
	for _, tc := range []struct{ n, wantN, wantPages, first, length int }{
		{1, 1, 3, 0, 20}, {2, 2, 3, 20, 20}, {3, 3, 3, 40, 5}, {9, 3, 3, 40, 5}, {0, 1, 3, 0, 20},
	} {
		p, n, pages := Page(list, tc.n, 20)
		if n != tc.wantN || pages != tc.wantPages || len(p) != tc.length || p[0] != tc.first {
			t.Errorf("page %d: %d of %d, %d items from %d", tc.n, n, pages, len(p), p[0])
		}
	}
	if p, n, pages := Page([]int(nil), 2, 20); len(p) != 0 || n != 1 || pages != 1 {
		t.Errorf("empty: %v %d %d", p, n, pages)
	}
}

func fieldCodes(err error) map[string]string {
	out := map[string]string{}
	if e, ok := AsError(err); ok {
		for _, f := range e.Fields {
			out[f.Field] = f.Code
		}
	}
	return out
}

func TestValidateProfile(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    func(*CareProfile)
		want map[string]string
	}{
		{"good", nil, map[string]string{}},
		{"an empty published profile", func(p *CareProfile) { *p = CareProfile{Published: true} }, map[string]string{
			"care_types": "findcare_choose_one", "laws": "findcare_choose_one", "gemeenten": "findcare_gemeente_required",
			"availability": "findcare_choose_one", "languages": "findcare_choose_one", "rate_min": "required", "text": "required"}},
		{"an empty draft may be saved", func(p *CareProfile) { *p = CareProfile{} }, map[string]string{}},
		{"unknown care type", func(p *CareProfile) { p.CareTypes = []string{"massage"} }, map[string]string{"care_types": "care_type_unknown"}},
		{"rates the wrong way round", func(p *CareProfile) { p.RateMax = 2000 }, map[string]string{"rate_max": "findcare_rate_order"}},
		{"rate too high", func(p *CareProfile) { p.RateMin = 50000 }, map[string]string{"rate_min": "findcare_rate"}},
		{"an e-mail address in the text", func(p *CareProfile) { p.Text = "Mail mij: jan@voorbeeld.nl" }, map[string]string{"text": "findcare_private_data"}},
		{"a phone number in the text", func(p *CareProfile) { p.Text = "Bel 06-12345678" }, map[string]string{"text": "findcare_private_data"}},
		{"a BSN in the text", func(p *CareProfile) { p.Text = "BSN 123456782" }, map[string]string{"text": "findcare_private_data"}},
		{"an address in the text", func(p *CareProfile) { p.Text = "Ik woon op 3511 AX 12" }, map[string]string{"text": "findcare_private_data"}},
		{"an unknown language", func(p *CareProfile) { p.Languages = []string{"xx"} }, map[string]string{"languages": "invalid"}},
	} {
		p := demoProfile()
		if tc.p != nil {
			tc.p(&p)
		}
		if got := fieldCodes(ValidateProfile(p)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestValidateRequestAndLimits(t *testing.T) {
	good := CareRequest{CareType: "begeleiding", Gemeente: "GM0344", Avail: 1, HoursPerWeek: 6, Text: "Hulp bij de dagstructuur."}
	for _, tc := range []struct {
		name string
		r    func(*CareRequest)
		want map[string]string
	}{
		{"good", nil, map[string]string{}},
		{"no region", func(r *CareRequest) { r.Gemeente = "" }, map[string]string{"gemeente": "findcare_gemeente_required"}},
		{"no time", func(r *CareRequest) { r.Avail = 0 }, map[string]string{"availability": "findcare_choose_one"}},
		{"no hours", func(r *CareRequest) { r.HoursPerWeek = 0 }, map[string]string{"hours_per_week": "findcare_hours"}},
		{"too many hours", func(r *CareRequest) { r.HoursPerWeek = 81 }, map[string]string{"hours_per_week": "findcare_hours"}},
		{"a name and address", func(r *CareRequest) { r.Text = "Ik ben J. de Vries, 3511 AX 112" }, map[string]string{"text": "findcare_private_data"}},
	} {
		r := good
		if tc.r != nil {
			tc.r(&r)
		}
		if got := fieldCodes(ValidateRequest(r)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, tc := range []struct {
		open, day int
		code      string
	}{{0, 0, ""}, {2, 4, ""}, {3, 0, "findcare_open_requests"}, {0, 5, "findcare_requests_per_day"}} {
		err := CheckRequestLimits(tc.open, tc.day)
		if CodeOf(err) != tc.code || (err != nil && KindOf(err) != KindTooMany) {
			t.Errorf("limits %d open, %d today: %v", tc.open, tc.day, err)
		}
	}
	if CheckAnswerLimit(MaxAnswersPerDay-1) != nil || KindOf(CheckAnswerLimit(MaxAnswersPerDay)) != KindTooMany {
		t.Error("answer limit")
	}
}

// TestNeedReportHoldsWhatWasAnswered: the report has the answered
// questions and the notes, in the questionnaire's order, and nothing that
// was not answered or was cleared.
func TestNeedReportHoldsWhatWasAnswered(t *testing.T) {
	var a NeedAnswers
	if err := a.SetNeedPage(1, map[string]string{"wassen": "vaak", "eten": "soms", "aankleden": ""}, " Douchen lukt niet alleen. "); err != nil {
		t.Fatal(err)
	}
	if err := a.SetNeedPage(6, map[string]string{"toezicht": "altijd"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := a.SetNeedPage(4, map[string]string{"contact": "zelf"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := a.SetNeedPage(4, map[string]string{"contact": ""}, ""); err != nil { // cleared again
		t.Fatal(err)
	}
	want := []NeedReportSection{
		{Key: "zelfzorg", Answers: [][2]string{{"wassen", "vaak"}, {"eten", "soms"}}, Note: "Douchen lukt niet alleen."},
		{Key: "nacht", Answers: [][2]string{{"toezicht", "altijd"}}},
	}
	if got := NeedReport(a); !reflect.DeepEqual(got, want) {
		t.Errorf("report %+v\nwant %+v", got, want)
	}
	if a.Answered() != 3 {
		t.Errorf("answered %d", a.Answered())
	}
	for _, tc := range []struct {
		page   int
		levels map[string]string
		field  string
	}{
		{1, map[string]string{"wassen": "heel vaak"}, "wassen"},
		{1, map[string]string{"slapen": "vaak"}, "slapen"}, // a question of another page
	} {
		if got := fieldCodes(a.SetNeedPage(tc.page, tc.levels, "")); got[tc.field] != "invalid" {
			t.Errorf("page %d %v: %v", tc.page, tc.levels, got)
		}
	}
	if err := a.SetNeedPage(7, nil, ""); KindOf(err) != KindNotFound {
		t.Errorf("page 7: %v", err)
	}
}
