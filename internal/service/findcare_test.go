package service_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func findCareProvider(t *testing.T, svc *service.Service, name, email string) service.Actor {
	t.Helper()
	ctx := context.Background()
	p, err := svc.CreateProvider(ctx, service.System, service.ProviderInput{Kind: "zzp", Name: name, KvK: "12345678", IBAN: "NL91ABNA0417164300", City: "Utrecht"})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: email, Name: name, Password: "lang genoeg wachtwoord"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleProvider, ProviderID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	return service.Actor{AccountID: acc.ID, Name: name, Role: r}
}

var goodProfile = service.ProfileInput{CareTypes: []string{"begeleiding"}, Laws: []string{"wmo"}, Gemeenten: "Utrecht\nZeist",
	Avail: []string{"ma-ochtend", "di-ochtend"}, Languages: []string{"nl"}, RateMin: "30,00", RateMax: "45,00",
	Text: "Ervaren begeleider, rustig en geduldig.", Published: true}

// TestFindCarePrivacy: a provider whose profile fits a request sees the
// request, but not who posted it, in any field or answer, until the holder
// replies to that provider; another provider never does.
func TestFindCarePrivacy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		holder := holderActor(t, w.svc, w.holderA, "aalders@example.test")
		anna := findCareProvider(t, w.svc, "Anna Zorg", "anna@example.test")
		bert := findCareProvider(t, w.svc, "Bert Zorg", "bert@example.test")
		for _, p := range []service.Actor{anna, bert} {
			if _, err := w.svc.SaveProfile(ctx, p, goodProfile); err != nil {
				t.Fatal(err)
			}
		}
		r, err := w.svc.PostRequest(ctx, holder, service.RequestInput{CareType: "begeleiding", Gemeente: "utrecht", Avail: []string{"ma-ochtend"}, Hours: "6", Text: "Hulp bij de dagstructuur."})
		if err != nil {
			t.Fatal(err)
		}
		identity := func(v service.RequestView) bool {
			return v.Holder != nil || v.R.BudgetHolderID != 0
		}
		matching, _, err := w.svc.ProviderRequests(ctx, anna)
		if err != nil || len(matching) != 1 || matching[0].ID != r.ID {
			t.Fatalf("Anna's matching requests: %+v %v", matching, err)
		}
		v, err := w.svc.Request(ctx, anna, r.ID)
		if err != nil || identity(v) || !v.CanAnswer {
			t.Fatalf("Anna before answering: %+v %v", v, err)
		}
		if err := w.svc.Answer(ctx, anna, r.ID, 0, "Ik kan op maandag komen."); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Answer(ctx, bert, r.ID, 0, "Ik ook."); err != nil {
			t.Fatal(err)
		}
		v, _ = w.svc.Request(ctx, anna, r.ID)
		if identity(v) || len(v.Threads) != 1 || len(v.Threads[0].Messages) != 1 {
			t.Fatalf("Anna after answering, before the reply: %+v", v)
		}
		// The holder sees both answers and replies to Anna only.
		hv, err := w.svc.Request(ctx, holder, r.ID)
		if err != nil || !hv.Mine || len(hv.Threads) != 2 || hv.Threads[0].ProviderName != "Anna Zorg" || hv.Threads[0].ProfileID == 0 {
			t.Fatalf("the holder's view: %+v %v", hv, err)
		}
		if err := w.svc.Answer(ctx, holder, r.ID, hv.Threads[0].ProviderID, "Graag, wanneer kunt u kennismaken?"); err != nil {
			t.Fatal(err)
		}
		v, _ = w.svc.Request(ctx, anna, r.ID)
		if v.Holder == nil || v.Holder.Name != w.holderA.Name() {
			t.Errorf("Anna after the holder's reply does not see who it is: %+v", v.Holder)
		}
		if v.R.BudgetHolderID != 0 {
			t.Errorf("the holder's id reaches the provider")
		}
		v, _ = w.svc.Request(ctx, bert, r.ID)
		if identity(v) {
			t.Errorf("Bert sees who the holder is: %+v", v.Holder)
		}
		for _, th := range v.Threads {
			for _, m := range th.Messages {
				if m.Party == "budget_holder" {
					t.Errorf("Bert reads the holder's reply to Anna: %q", m.Body)
				}
			}
		}
		// A holder cannot write to a provider who did not answer; a
		// provider whose profile does not fit cannot see the request.
		cor := findCareProvider(t, w.svc, "Cor Zorg", "cor@example.test")
		if err := w.svc.Answer(ctx, holder, r.ID, cor.Role.ProviderID, "Hallo"); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("the holder writes to Cor: %v", err)
		}
		if _, err := w.svc.Request(ctx, cor, r.ID); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("Cor, without a profile, sees the request: %v", err)
		}
		if err := w.svc.Answer(ctx, cor, r.ID, 0, "Hallo"); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("Cor answers: %v", err)
		}
		// Profiles are for budget holders (and their own provider), not for
		// other providers or the verstrekker.
		prof, _, _ := w.svc.MyProfile(ctx, anna)
		if _, err := w.svc.Profile(ctx, bert, prof.ID); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("Bert sees Anna's profile: %v", err)
		}
		if _, err := w.svc.Profile(ctx, w.gemeenteA, prof.ID); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("the verstrekker sees a profile: %v", err)
		}
		if _, err := w.svc.SearchProfiles(ctx, anna, service.ProfileSearch{Gemeente: "Utrecht"}); err == nil {
			t.Error("a provider searches profiles")
		}
		// The holder starts an agreement with Anna (who answered) or Bert
		// (who has a profile), not with a provider found neither way.
		if p, err := w.svc.FindCareProvider(ctx, holder, anna.Role.ProviderID); err != nil || p.Name != "Anna Zorg" || p.IBAN != "" {
			t.Errorf("Anna for an agreement: %+v %v", p, err)
		}
		if _, err := w.svc.FindCareProvider(ctx, holder, cor.Role.ProviderID); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("Cor for an agreement: %v", err)
		}
		// The notices link to the request.
		notes, _, _ := w.svc.Inbox(ctx, holder)
		if len(notes) != 2 || notes[0].TextKey != "notice.findcare_answer" || service.NoticePath(notes[0]) != "/zorgvragen/"+strconv.FormatInt(r.ID, 10) {
			t.Errorf("holder's notices: %+v", notes)
		}
	})
}

// TestFindCareBadInputAndLimits: an unknown gemeente is named at its field
// with suggestions, an empty published profile gets a message per field,
// and a flood of requests or answers meets a limit.
func TestFindCareBadInputAndLimits(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	w := setup(t, db)
	holder := holderActor(t, w.svc, w.holderA, "aalders@example.test")
	anna := findCareProvider(t, w.svc, "Anna Zorg", "anna@example.test")

	in := goodProfile
	in.Gemeenten = "Utrech\nZeist"
	_, err := w.svc.SaveProfile(ctx, anna, in)
	if e, ok := domain.AsError(err); !ok || len(e.Fields) != 1 || e.Fields[0].Code != "findcare_gemeente_suggest" || e.Fields[0].Args[1] != "Utrecht, Utrechtse Heuvelrug" {
		t.Errorf("unknown gemeente in a profile: %v", err)
	}
	_, err = w.svc.SaveProfile(ctx, anna, service.ProfileInput{Published: true})
	for _, f := range []string{"care_types", "laws", "gemeenten", "availability", "languages", "rate_min", "text"} {
		if fieldCode(err, f) == "" {
			t.Errorf("an empty profile has no message at %s: %v", f, err)
		}
	}
	if _, err := w.svc.SaveProfile(ctx, anna, service.ProfileInput{Text: "Nog niet klaar"}); err != nil {
		t.Errorf("an unpublished draft: %v", err)
	}

	req := service.RequestInput{CareType: "begeleiding", Gemeente: "Antwerpen", Avail: []string{"ma-ochtend"}, Hours: "4"}
	if _, err := w.svc.PostRequest(ctx, holder, req); fieldCode(err, "gemeente") != "findcare_gemeente_unknown" {
		t.Errorf("a request outside any region: %v", err)
	}
	req.Gemeente = ""
	if _, err := w.svc.PostRequest(ctx, holder, req); fieldCode(err, "gemeente") != "findcare_gemeente_required" {
		t.Errorf("a request without a region: %v", err)
	}
	req.Gemeente, req.Hours = "Utrecht", "veel"
	if _, err := w.svc.PostRequest(ctx, holder, req); fieldCode(err, "hours_per_week") != "findcare_hours" {
		t.Errorf("hours veel: %v", err)
	}
	req.Hours = "4"
	var last domain.CareRequest
	for i := 0; i < domain.MaxOpenRequests; i++ {
		if last, err = w.svc.PostRequest(ctx, holder, req); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.svc.PostRequest(ctx, holder, req); domain.CodeOf(err) != "findcare_open_requests" || domain.KindOf(err) != domain.KindTooMany {
		t.Errorf("a fourth open request: %v", err)
	}
	// Closing one frees a place, until the day's limit.
	for i := 0; i < 2; i++ {
		if err := w.svc.CloseRequest(ctx, holder, last.ID); err != nil {
			t.Fatal(err)
		}
		if last, err = w.svc.PostRequest(ctx, holder, req); err != nil {
			t.Fatal(err)
		}
	}
	w.svc.CloseRequest(ctx, holder, last.ID)
	if _, err := w.svc.PostRequest(ctx, holder, req); domain.CodeOf(err) != "findcare_requests_per_day" {
		t.Errorf("the sixth request of the day: %v", err)
	}

	// Answers are limited per provider per day.
	if _, err := w.svc.SaveProfile(ctx, anna, goodProfile); err != nil {
		t.Fatal(err)
	}
	matching, _, _ := w.svc.ProviderRequests(ctx, anna)
	if len(matching) == 0 {
		t.Fatal("no matching request")
	}
	for i := 0; i < domain.MaxAnswersPerDay; i++ {
		if err := w.svc.Answer(ctx, anna, matching[0].ID, 0, "Bericht"); err != nil {
			t.Fatal(i, err)
		}
	}
	if err := w.svc.Answer(ctx, anna, matching[0].ID, 0, "Bericht"); domain.KindOf(err) != domain.KindTooMany {
		t.Errorf("answer past the limit: %v", err)
	}
}

// TestFindCareModerationAndQuestionnaire: a report reaches the beheerder,
// who hides the request with a reason so providers no longer find it; a
// questionnaire is its author's alone and can be deleted.
func TestFindCareModerationAndQuestionnaire(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	w := setup(t, db)
	holder := holderActor(t, w.svc, w.holderA, "aalders@example.test")
	anna := findCareProvider(t, w.svc, "Anna Zorg", "anna@example.test")
	if _, err := w.svc.SaveProfile(ctx, anna, goodProfile); err != nil {
		t.Fatal(err)
	}
	r, err := w.svc.PostRequest(ctx, holder, service.RequestInput{CareType: "begeleiding", Gemeente: "Zeist", Avail: []string{"di-ochtend"}, Hours: "2"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Report(ctx, anna, "request", r.ID, ""); fieldCode(err, "reason") != "required" {
		t.Errorf("report without a reason: %v", err)
	}
	if err := w.svc.Report(ctx, anna, "request", r.ID, "Vraagt om geld vooraf"); err != nil {
		t.Fatal(err)
	}
	admin := adminActor(t, w.svc)
	reps, err := w.svc.OpenReports(ctx, admin)
	if err != nil || len(reps) != 1 || reps[0].ObjectID != r.ID {
		t.Fatalf("reports: %+v %v", reps, err)
	}
	if err := w.svc.Hide(ctx, anna, "request", r.ID, "nee"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("a provider hides: %v", err)
	}
	if err := w.svc.Hide(ctx, admin, "request", r.ID, "Fraude"); err != nil {
		t.Fatal(err)
	}
	if m, _, _ := w.svc.ProviderRequests(ctx, anna); len(m) != 0 {
		t.Errorf("a hidden request is found: %+v", m)
	}
	if err := w.svc.Answer(ctx, anna, r.ID, 0, "Hallo"); err == nil {
		t.Error("answer to a hidden request")
	}
	if reps, _ := w.svc.OpenReports(ctx, admin); len(reps) != 0 {
		t.Errorf("reports left after hiding: %+v", reps)
	}

	id, err := w.svc.StartCareNeed(ctx, holder)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.svc.SaveCareNeedPage(ctx, holder, id, 1, map[string]string{"wassen": "vaak"}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.CareNeed(ctx, anna, id); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("someone else reads the questionnaire: %v", err)
	}
	if err := w.svc.SaveCareNeedPage(ctx, anna, id, 1, map[string]string{"wassen": "zelf"}, ""); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("someone else writes the questionnaire: %v", err)
	}
	n, err := w.svc.CareNeed(ctx, holder, id)
	if err != nil || n.Answers.Levels["wassen"] != "vaak" {
		t.Errorf("questionnaire: %+v %v", n, err)
	}
	if err := w.svc.DeleteCareNeed(ctx, holder, id); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.CareNeed(ctx, holder, id); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("deleted questionnaire: %v", err)
	}
}

func adminActor(t *testing.T, svc *service.Service) service.Actor {
	t.Helper()
	ctx := context.Background()
	acc, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: "beheer@example.test", Name: "Beheer", Password: "lang genoeg wachtwoord"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	return service.Actor{AccountID: acc.ID, Name: acc.Name, Role: r, MFA: true}
}
