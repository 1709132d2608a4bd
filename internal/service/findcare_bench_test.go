package service_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// BenchmarkFindCareSearch measures a budget holder's search of the care
// profiles (SearchProfiles: the index, then ranking and a page in Go) and
// a provider's list of the requests that fit its profile
// (ProviderRequests), on SQLite and PostgreSQL, and reports their p50 and
// p99 in milliseconds. The data are national in shape: providers cover 1 to
// 6 gemeenten and 1 to 3 care types, gemeenten drawn by a Zipf law (a few
// big cities have most); searches are drawn the same way. The size is
// PGB_FINDCARE_PROFILES and PGB_FINDCARE_REQUESTS (5,000 and 2,000 unless
// set; PGB_FINDCARE_DBS=sqlite or postgres runs one); the scale:
//
//	PGB_FINDCARE_PROFILES=50000 PGB_FINDCARE_REQUESTS=20000 \
//	  go test -run x -bench FindCare -benchtime 2000x -timeout 60m ./internal/service/
func BenchmarkFindCareSearch(b *testing.B) {
	profiles, requests := envInt("PGB_FINDCARE_PROFILES", 5000), envInt("PGB_FINDCARE_REQUESTS", 2000)
	for _, kind := range []string{"sqlite", "postgres"} {
		// Opened and loaded once, by the parent: the benchmark function
		// runs more than once (b.N grows), and a sub-benchmark's cleanup
		// would close the database after its first run.
		if only := os.Getenv("PGB_FINDCARE_DBS"); only != "" && !strings.Contains(only, kind) {
			continue
		}
		var db *store.DB
		switch {
		case kind == "sqlite":
			db = storetest.OpenSQLite(b)
		case os.Getenv("PGB_TEST_POSTGRES") != "":
			db = storetest.OpenPostgres(b)
		default:
			b.Log("postgres: PGB_TEST_POSTGRES not set")
			continue
		}
		ctx := context.Background()
		start := time.Now()
		holders, providers := loadFindCare(b, db, profiles, requests)
		if err := db.Analyze(ctx); err != nil {
			b.Fatal(err)
		}
		if kind == "postgres" { // what autovacuum does after a load: the search index's pages all-visible
			if err := db.RawExec(ctx, `VACUUM ANALYZE findcare_profile_areas`); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("%s: %d profiles, %d open requests loaded in %v", kind, profiles, requests, time.Since(start).Round(time.Millisecond))
		b.Run(kind, func(b *testing.B) {
			svc := service.New(db, service.Options{})
			rng := rand.New(rand.NewPCG(7, 11))
			z := newZipf(rng, len(domain.Gemeenten))
			var search, match []time.Duration
			found := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				holder := service.Actor{AccountID: 1, Role: domain.AccountRole{Role: domain.RoleBudgetHolder, BudgetHolderID: holders[rng.IntN(len(holders))]}}
				q := service.ProfileSearch{Gemeente: domain.Gemeenten[z.next()].Name, Page: 1 + rng.IntN(2)}
				if rng.IntN(4) > 0 {
					q.CareType = domain.CareTypes[rng.IntN(len(domain.CareTypes))]
				}
				if rng.IntN(2) == 0 {
					q.Avail = randomAvail(rng, 3).Keys()
				}
				t0 := time.Now()
				res, err := svc.SearchProfiles(ctx, holder, q)
				search = append(search, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
				found += res.Total
				prov := service.Actor{AccountID: 1, Role: domain.AccountRole{Role: domain.RoleProvider, ProviderID: providers[rng.IntN(len(providers))]}}
				t0 = time.Now()
				if _, _, err := svc.ProviderRequests(ctx, prov); err != nil {
					b.Fatal(err)
				}
				match = append(match, time.Since(t0))
			}
			b.StopTimer()
			b.ReportMetric(pct(search, 50), "search-p50-ms")
			b.ReportMetric(pct(search, 99), "search-p99-ms")
			b.ReportMetric(pct(match, 50), "match-p50-ms")
			b.ReportMetric(pct(match, 99), "match-p99-ms")
			b.ReportMetric(float64(found)/float64(b.N), "found/search")
		})
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// pct is the p-th percentile of ds in milliseconds.
func pct(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := min(len(s)-1, (len(s)*p+99)/100-1)
	return float64(s[max(i, 0)].Microseconds()) / 1000
}

// zipf draws gemeente indexes by a Zipf law over a fixed shuffle (s = 1.1).
type zipf struct {
	z    *rand.Zipf
	perm []int
}

func newZipf(rng *rand.Rand, n int) *zipf {
	return &zipf{z: rand.NewZipf(rng, 1.1, 8, uint64(n-1)), perm: rand.New(rand.NewPCG(1, 2)).Perm(n)}
}

func (z *zipf) next() int { return z.perm[z.z.Uint64()] }

func randomAvail(rng *rand.Rand, n int) domain.Avail {
	var a domain.Avail
	for range n {
		a |= domain.AvailBit(rng.IntN(7), rng.IntN(4))
	}
	return a
}

// loadFindCare writes profiles providers with their profiles and requests
// open requests (of requests/10 budget holders) straight into the store,
// in transactions of 1,000.
func loadFindCare(b *testing.B, db *store.DB, profiles, requests int) (holders, providers []int64) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 5))
	z := newZipf(rng, len(domain.Gemeenten))
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for done := 0; done < profiles; done += 1000 {
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := done; i < min(done+1000, profiles); i++ {
				id, err := tx.CreateProvider(ctx, domain.Provider{Kind: domain.ProviderZZP, Name: fmt.Sprintf("Zorgverlener %d", i), IBAN: "NL91ABNA0417164300"}, at)
				if err != nil {
					return err
				}
				providers = append(providers, id)
				p := domain.CareProfile{ProviderID: id, Laws: []domain.Law{domain.Wmo}, Languages: []string{"nl"}, Avail: randomAvail(rng, 10),
					RateMin: domain.Cents(2500 + rng.IntN(4000)), Text: "Ervaren zorgverlener.", Published: rng.IntN(10) > 0, UpdatedAt: at.Add(time.Duration(i) * time.Second)}
				p.RateMax = p.RateMin + 1000
				for range 1 + rng.IntN(6) {
					if g := domain.Gemeenten[z.next()].Code; !slices.Contains(p.Gemeenten, g) {
						p.Gemeenten = append(p.Gemeenten, g)
					}
				}
				for range 1 + rng.IntN(3) {
					if c := domain.CareTypes[rng.IntN(len(domain.CareTypes))]; !slices.Contains(p.CareTypes, c) {
						p.CareTypes = append(p.CareTypes, c)
					}
				}
				if _, err := tx.PutProfile(ctx, p); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	nHolders := max(1, requests/10)
	for done := 0; done < requests; done += 1000 {
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := done; i < min(done+1000, requests); i++ {
				if i%10 == 0 && len(holders) < nHolders {
					id, err := tx.CreateBudgetHolder(ctx, domain.BudgetHolder{BSN: domain.BSN(fmt.Sprintf("9%08d", len(holders))), Initials: "B.", FamilyName: "Bench",
						BirthDate: domain.MustDate("1970-01-01"), City: "Utrecht"}, at)
					if err != nil {
						return err
					}
					holders = append(holders, id)
				}
				r := domain.CareRequest{BudgetHolderID: holders[len(holders)-1], CareType: domain.CareTypes[rng.IntN(len(domain.CareTypes))],
					Gemeente: domain.Gemeenten[z.next()].Code, Avail: randomAvail(rng, 3), HoursPerWeek: 1 + rng.IntN(20), CreatedAt: at}
				if _, err := tx.AddRequest(ctx, r, 1); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return holders, providers
}
