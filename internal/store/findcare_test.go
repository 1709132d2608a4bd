package store_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestFindCareStore: profiles are found by gemeente, care type and time
// through the search index only while they are published and not hidden;
// requests by the gemeenten and care types of a profile while open and
// not hidden; threads, reports and questionnaires are kept and deleted as
// asked. On SQLite and PostgreSQL.
func TestFindCareStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, bhID, _ := seed(t, db, 100_000)
		mon := domain.AvailFromKeys([]string{"ma-ochtend"})
		sat := domain.AvailFromKeys([]string{"za-middag"})
		var provs []int64
		var profiles []int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i, name := range []string{"Anna", "Bert", "Cor"} {
				id, err := tx.CreateProvider(ctx, domain.Provider{Kind: domain.ProviderZZP, Name: name, IBAN: "NL91ABNA0417164300"}, at)
				if err != nil {
					return err
				}
				provs = append(provs, id)
				p := domain.CareProfile{ProviderID: id, CareTypes: []string{"begeleiding", "huishoudelijke_hulp"}, Laws: []domain.Law{domain.Wmo},
					Gemeenten: []string{"GM0344", "GM0355"}, Avail: mon, Languages: []string{"nl"}, RateMin: domain.Cents(3000 + i), RateMax: 4000,
					Text: "Tekst " + name, Published: i != 2, UpdatedAt: at}
				if i == 1 {
					p.Avail, p.CareTypes = sat, []string{"verpleging"}
				}
				pid, err := tx.PutProfile(ctx, p)
				if err != nil {
					return err
				}
				profiles = append(profiles, pid)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		names := func(gm, ct string, av domain.Avail) []string {
			var out []string
			err := db.View(ctx, func(tx *store.Tx) error {
				ps, err := tx.ProfileCandidates(ctx, gm, ct, av)
				for _, p := range ps {
					out = append(out, p.ProviderName)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			sort.Strings(out)
			return out
		}
		for _, tc := range []struct {
			gm, ct string
			av     domain.Avail
			want   []string
		}{
			{"GM0344", "begeleiding", mon, []string{"Anna"}},               // Cor is not published
			{"GM0344", "", 0, []string{"Anna", "Bert"}},                    // any care, any time, once each
			{"GM0355", "verpleging", 0, []string{"Bert"}},                  // Bert's own care type
			{"GM0355", "verpleging", mon, nil},                             // but not on Monday
			{"GM0363", "begeleiding", 0, nil},                              // not in Amsterdam
			{"GM0344", "huishoudelijke_hulp", mon | sat, []string{"Anna"}}, // one time in common
		} {
			if got := names(tc.gm, tc.ct, tc.av); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s %s %b: %v, want %v", tc.gm, tc.ct, tc.av, got, tc.want)
			}
		}
		// Changing the profile rewrites the index; hiding takes it out.
		err = db.Update(ctx, func(tx *store.Tx) error {
			p, err := tx.ProfileOfProvider(ctx, provs[0])
			if err != nil {
				return err
			}
			if p.ProviderName != "Anna" || p.RateMin != 3000 || !reflect.DeepEqual(p.Gemeenten, []string{"GM0344", "GM0355"}) || p.Avail != mon || !p.Published {
				t.Errorf("profile read back: %+v", p)
			}
			p.Gemeenten = []string{"GM0363"}
			if _, err := tx.PutProfile(ctx, p); err != nil {
				return err
			}
			return tx.HideProfile(ctx, profiles[1], "reclame")
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := names("GM0344", "", 0); got != nil {
			t.Errorf("after the change and the hiding, Utrecht: %v", got)
		}
		if got := names("GM0363", "begeleiding", 0); !reflect.DeepEqual(got, []string{"Anna"}) {
			t.Errorf("Amsterdam: %v", got)
		}
		// A hidden profile stays hidden when its provider saves it again.
		err = db.Update(ctx, func(tx *store.Tx) error {
			p, err := tx.ProfileOfProvider(ctx, provs[1])
			if err != nil {
				return err
			}
			if p.HiddenReason != "reclame" {
				t.Errorf("hidden reason %q", p.HiddenReason)
			}
			_, err = tx.PutProfile(ctx, p)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := names("GM0355", "verpleging", 0); got != nil {
			t.Errorf("a hidden profile saved again is found: %v", got)
		}

		// Requests.
		var reqs []int64
		err = db.Update(ctx, func(tx *store.Tx) error {
			for i, r := range []domain.CareRequest{
				{CareType: "begeleiding", Gemeente: "GM0344", Avail: mon, HoursPerWeek: 4},
				{CareType: "verpleging", Gemeente: "GM0344", Avail: mon, HoursPerWeek: 2},
				{CareType: "begeleiding", Gemeente: "GM0599", Avail: mon, HoursPerWeek: 2},
				{CareType: "begeleiding", Gemeente: "GM0355", Avail: sat, HoursPerWeek: 2},
			} {
				r.BudgetHolderID, r.CreatedAt = bhID, at.Add(time.Duration(i)*time.Hour)
				id, err := tx.AddRequest(ctx, r, 7)
				if err != nil {
					return err
				}
				reqs = append(reqs, id)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		matching := func() []int64 {
			var out []int64
			db.View(ctx, func(tx *store.Tx) error {
				rs, err := tx.MatchingRequests(ctx, []string{"GM0344", "GM0355"}, []string{"begeleiding"}, mon|domain.AvailFromKeys([]string{"di-ochtend"}), 10)
				for _, r := range rs {
					out = append(out, r.ID)
				}
				if err != nil {
					t.Fatal(err)
				}
				return nil
			})
			return out
		}
		if got := matching(); !reflect.DeepEqual(got, []int64{reqs[0]}) {
			t.Errorf("matching requests %v, want %v", got, reqs[:1])
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			open, posted, err := tx.CountRequests(ctx, bhID, at.Add(90*time.Minute))
			if err != nil || open != 4 || posted != 2 {
				t.Errorf("count: %d open, %d since, %v", open, posted, err)
			}
			return tx.CloseRequest(ctx, reqs[0], at)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := matching(); got != nil {
			t.Errorf("a closed request matches: %v", got)
		}

		// A thread per request and provider.
		err = db.Update(ctx, func(tx *store.Tx) error {
			for i, m := range []store.FindCareMessage{
				{RequestID: reqs[1], ProviderID: provs[0], Party: "provider", Body: "Ik kan helpen."},
				{RequestID: reqs[1], ProviderID: provs[1], Party: "provider", Body: "Ik ook."},
				{RequestID: reqs[1], ProviderID: provs[0], Party: "budget_holder", Body: "Graag."},
			} {
				m.AuthorID, m.CreatedAt = 1, at.Add(time.Duration(i)*time.Minute)
				if _, err := tx.AddFindCareMessage(ctx, m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		db.View(ctx, func(tx *store.Tx) error {
			ms, err := tx.FindCareMessages(ctx, reqs[1], provs[0])
			if err != nil || len(ms) != 2 || ms[0].Body != "Ik kan helpen." || ms[1].Party != "budget_holder" {
				t.Errorf("thread with Anna: %+v %v", ms, err)
			}
			all, _ := tx.FindCareMessages(ctx, reqs[1], 0)
			if len(all) != 3 {
				t.Errorf("all messages: %d", len(all))
			}
			n, err := tx.CountProviderAnswers(ctx, provs[0], at)
			if err != nil || n != 1 {
				t.Errorf("Anna's answers: %d %v", n, err)
			}
			rs, _ := tx.AnsweredRequests(ctx, provs[1])
			if len(rs) != 1 || rs[0].ID != reqs[1] {
				t.Errorf("answered by Bert: %+v", rs)
			}
			return nil
		})

		// Reports and questionnaires.
		err = db.Update(ctx, func(tx *store.Tx) error {
			if _, err := tx.AddFindCareReport(ctx, store.FindCareReport{ObjectType: "request", ObjectID: reqs[1], ReporterID: 1, Reason: "nep", CreatedAt: at}); err != nil {
				return err
			}
			if err := tx.HideRequest(ctx, reqs[1], "nep"); err != nil {
				return err
			}
			if err := tx.HandleFindCareReports(ctx, "request", reqs[1], at); err != nil {
				return err
			}
			rs, err := tx.OpenFindCareReports(ctx, 10)
			if err != nil || len(rs) != 0 {
				t.Errorf("open reports after handling: %v %v", rs, err)
			}
			acc, err := tx.CreateAccount(ctx, domain.Account{Email: "a@example.test", Name: "A", Lang: "nl", CreatedAt: at, PasswordChangedAt: at})
			if err != nil {
				return err
			}
			id, err := tx.AddCareNeed(ctx, acc, at)
			if err != nil {
				return err
			}
			a := domain.NeedAnswers{Levels: map[string]string{"wassen": "vaak"}, Notes: map[string]string{"nacht": "Onrustig."}}
			if err := tx.SaveCareNeed(ctx, id, a, at); err != nil {
				return err
			}
			n, err := tx.CareNeed(ctx, id)
			if err != nil || !reflect.DeepEqual(n.Answers, a) || n.AccountID != acc {
				t.Errorf("questionnaire read back: %+v %v", n, err)
			}
			if err := tx.DeleteCareNeed(ctx, id); err != nil {
				return err
			}
			if _, err := tx.CareNeed(ctx, id); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("deleted questionnaire: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		r, err := viewRequest(db, reqs[1])
		if err != nil || r.HiddenReason != "nep" || r.Visible() {
			t.Errorf("hidden request: %+v %v", r, err)
		}
	})
}

func viewRequest(db *store.DB, id int64) (r domain.CareRequest, err error) {
	err = db.View(context.Background(), func(tx *store.Tx) error {
		r, err = tx.Request(context.Background(), id)
		return err
	})
	return r, err
}

// TestSearchProfilesRanksAsTheDomain: the database's ranking and paging of
// a search (SearchProfiles) give the same profiles in the same order as
// domain.RankProfiles over every candidate, for searches with and without
// a care type, times, a law and a language, on both databases.
func TestSearchProfilesRanksAsTheDomain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(1, 2))
		gms := []string{"GM0344", "GM0355", "GM0363"}
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := 0; i < 120; i++ {
				id, err := tx.CreateProvider(ctx, domain.Provider{Kind: domain.ProviderZZP, Name: "P" + strconv.Itoa(i), IBAN: "NL91ABNA0417164300"}, at)
				if err != nil {
					return err
				}
				p := domain.CareProfile{ProviderID: id, Gemeenten: []string{gms[rng.IntN(3)]}, CareTypes: []string{domain.CareTypes[rng.IntN(3)]},
					Laws: []domain.Law{domain.Laws[rng.IntN(2)]}, Languages: []string{[]string{"nl", "en"}[rng.IntN(2)]}, Published: rng.IntN(8) > 0,
					RateMin: domain.Cents(3000 + 100*rng.IntN(5)), UpdatedAt: at.Add(time.Duration(rng.IntN(3)) * time.Hour)}
				for range 6 {
					p.Avail |= domain.AvailBit(rng.IntN(7), rng.IntN(4))
				}
				if rng.IntN(2) == 0 {
					p.Gemeenten = append(p.Gemeenten, "GM0599")
					p.CareTypes = append(p.CareTypes, "verpleging")
				}
				if _, err := tx.PutProfile(ctx, p); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		week := domain.AvailFromKeys([]string{"ma-ochtend", "di-ochtend", "wo-middag", "za-avond"})
		for _, q := range []domain.ProfileQuery{
			{Gemeente: "GM0344"},
			{Gemeente: "GM0599", CareType: "verpleging"},
			{Gemeente: "GM0344", Avail: week},
			{Gemeente: "GM0599", Avail: week, Law: domain.Wmo},
			{Gemeente: "GM0355", CareType: domain.CareTypes[1], Avail: domain.AvailFromKeys([]string{"ma-ochtend"}), Language: "en"},
			{Gemeente: "GM1680"},
		} {
			var all []domain.CareProfile
			err := db.View(ctx, func(tx *store.Tx) error {
				cands, err := tx.ProfileCandidates(ctx, q.Gemeente, q.CareType, q.Avail)
				all = domain.RankProfiles(cands, q)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []domain.CareProfile
			total := -1
			for off := 0; off < len(all)+7; off += 7 {
				err := db.View(ctx, func(tx *store.Tx) error {
					page, n, err := tx.SearchProfiles(ctx, q, off, 7)
					got, total = append(got, page...), n
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			ids := func(ps []domain.CareProfile) []int64 {
				var out []int64
				for _, p := range ps {
					out = append(out, p.ID)
				}
				return out
			}
			if total != len(all) || !reflect.DeepEqual(ids(got), ids(all)) {
				t.Errorf("%+v: %d found, pages %v\nwant %d: %v", q, total, ids(got), len(all), ids(all))
			}
		}
	})
}
