package store_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func TestSeededTariffs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_ = db.Update(ctx, func(tx *store.Tx) error {
			for _, c := range []struct {
				year     int
				law      domain.Law
				careType string
				kind     domain.ProviderKind
				org      int64
				want     domain.Cents
				ok       bool
			}{
				{2024, domain.Wlz, "persoonlijke_verzorging", domain.ProviderZZP, 0, 7700, true},
				{2023, domain.Wlz, "verpleging", domain.ProviderInformal, 0, 2298, true},
				{2026, domain.Wlz, "begeleiding", domain.ProviderInstitution, 0, 7700, true}, // latest known year
				{2022, domain.Wlz, "dagbesteding", domain.ProviderZZP, 0, 6132, true},
				{2020, domain.Wlz, "verpleging", domain.ProviderZZP, 0, 0, false}, // nothing that early
				{2015, domain.Zvw, "persoonlijke_verzorging", domain.ProviderZZP, 0, 3856, true},
				{2015, domain.Zvw, "verpleging", domain.ProviderInstitution, 0, 5708, true},
				{2026, domain.Zvw, "verpleging", domain.ProviderInformal, 0, 2436, true},
				{2026, domain.Wmo, "huishoudelijke_hulp", domain.ProviderZZP, 7, 0, false},
			} {
				got, ok, err := tx.MaxRate(ctx, c.year, c.law, c.careType, c.kind, c.org)
				if err != nil || ok != c.ok || got != c.want {
					t.Errorf("%d %s %s %s: %d %v %v, want %d", c.year, c.law, c.careType, c.kind, got, ok, err, c.want)
				}
			}
			// A gemeente's own tariff beats none, and is only its own.
			if err := tx.PutTariff(ctx, domain.Tariff{Year: 2023, Law: domain.Wmo, CareType: "huishoudelijke_hulp", ProviderKind: domain.ProviderZZP, MaxRate: 2385, OrganisationID: 7}, 1, at); err != nil {
				t.Fatal(err)
			}
			if got, ok, _ := tx.MaxRate(ctx, 2026, domain.Wmo, "huishoudelijke_hulp", domain.ProviderZZP, 7); !ok || got != 2385 {
				t.Errorf("gemeente tariff: %d %v", got, ok)
			}
			if _, ok, _ := tx.MaxRate(ctx, 2026, domain.Wmo, "huishoudelijke_hulp", domain.ProviderZZP, 8); ok {
				t.Error("another gemeente's tariff applied")
			}
			if err := tx.PutTariff(ctx, domain.Tariff{Year: 2023, Law: domain.Wmo, CareType: "huishoudelijke_hulp", ProviderKind: domain.ProviderZZP, MaxRate: 2400, OrganisationID: 7}, 1, at); err != nil {
				t.Fatal(err)
			}
			if got, _, _ := tx.MaxRate(ctx, 2023, domain.Wmo, "huishoudelijke_hulp", domain.ProviderZZP, 7); got != 2400 {
				t.Errorf("edited tariff: %d", got)
			}
			// MaxRates gives, for every care type at once, what MaxRate gives for each.
			for _, c := range []struct {
				year int
				law  domain.Law
				kind domain.ProviderKind
				org  int64
			}{
				{2024, domain.Wlz, domain.ProviderZZP, 0}, {2026, domain.Wlz, domain.ProviderInformal, 0}, {2020, domain.Wlz, domain.ProviderZZP, 0},
				{2015, domain.Zvw, domain.ProviderInstitution, 0}, {2026, domain.Wmo, domain.ProviderZZP, 7}, {2026, domain.Wmo, domain.ProviderZZP, 8},
			} {
				rates, err := tx.MaxRates(ctx, c.year, c.law, c.kind, c.org)
				if err != nil {
					t.Fatal(err)
				}
				for _, careType := range []string{"persoonlijke_verzorging", "verpleging", "begeleiding", "dagbesteding", "kortdurend_verblijf", "huishoudelijke_hulp"} {
					want, wantOK, _ := tx.MaxRate(ctx, c.year, c.law, careType, c.kind, c.org)
					if got, ok := rates[careType]; ok != wantOK || got != want {
						t.Errorf("MaxRates %d %s %s org %d, %s: %d %v, MaxRate says %d %v", c.year, c.law, c.kind, c.org, careType, got, ok, want, wantOK)
					}
				}
			}
			if rates, _ := tx.MaxRates(ctx, 2026, domain.Wmo, domain.ProviderZZP, 7); rates["huishoudelijke_hulp"] != 2400 {
				t.Errorf("gemeente's own tariff in MaxRates: %v", rates)
			}
			return nil
		})
	})
}
