package api

import (
	"strconv"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

func TestProviderChangesOwnDetailsThroughAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		provider := f.token("zorgverlener@pgbportaal.demo", "")
		zzp := f.token("zzp@pgbportaal.demo", "")
		gemeente := f.token("medewerker@utrecht.demo", "")
		own := strconv.Itoa(int(f.do("GET", "/api/v1/me", provider, "").num("role", "provider_id")))
		other := strconv.Itoa(int(f.do("GET", "/api/v1/me", zzp, "").num("role", "provider_id")))
		path := "/api/v1/providers/" + own
		was := f.do("GET", path, provider, "")
		if was.status != 200 || was.body["iban"] == "" || was.body["iban"] == nil {
			t.Fatalf("a provider reads its own IBAN: %d %s", was.status, was.raw)
		}
		same := func(fields ...string) {
			t.Helper()
			now := f.do("GET", path, provider, "")
			for _, k := range fields {
				if now.body[k] != was.body[k] {
					t.Errorf("%s changed: %v, was %v", k, now.body[k], was.body[k])
				}
			}
		}
		mp := []string{"Content-Type", "application/merge-patch+json"}

		// Bad input: refused at the field, nothing changed.
		mustField(t, f.do("PATCH", path, provider, `{"phone":5}`, mp...), 400, "wrong_type", "phone")
		mustField(t, f.do("PATCH", path, provider, `{"fax":"030"}`, mp...), 400, "unknown_field", "fax")
		mustField(t, f.do("PATCH", path, provider, `{"iban":null}`, mp...), 422, "validation", "iban")
		mustField(t, f.do("PATCH", path, provider, `{"iban":"NL00BANK0123456789","secret":"demo-thuiszorg-midden"}`, mp...), 422, "validation", "iban")
		// A new IBAN asks for the password again, as on the page.
		mustField(t, f.do("PATCH", path, provider, `{"iban":"NL91ABNA0417164300"}`, mp...), 422, "validation", "secret")
		mustField(t, f.do("PATCH", path, provider, `{"iban":"NL91ABNA0417164300","secret":"fout"}`, mp...), 422, "validation", "secret")
		// Another provider's details, and staff: as if they did not exist.
		mustProblem(t, f.do("PATCH", "/api/v1/providers/"+other, provider, `{"phone":"030-1"}`, mp...), 404, "not_found")
		mustProblem(t, f.do("PATCH", path, gemeente, `{"phone":"030-1"}`, mp...), 404, "not_found")
		mustProblem(t, f.do("PATCH", path, zzp, `{"phone":"030-1"}`, mp...), 404, "not_found")
		same("email", "phone", "iban")

		// A field left out keeps its value (merge patch), also as plain JSON.
		r := f.do("PATCH", path, provider, `{"phone":"033-7654321"}`, mp...)
		if r.status != 200 || r.body["phone"] != "033-7654321" {
			t.Fatalf("phone: %d %s", r.status, r.raw)
		}
		same("email", "iban")
		r = f.do("PATCH", path, provider, `{"iban":"NL91 ABNA 0417 1643 00","secret":"demo-thuiszorg-midden"}`)
		if r.status != 200 || r.body["iban"] != "NL91ABNA0417164300" || r.body["phone"] != "033-7654321" {
			t.Fatalf("iban: %d %s", r.status, r.raw)
		}
		same("email")
		// null clears a field that may be empty.
		if r := f.do("PATCH", path, provider, `{"phone":null}`, mp...); r.status != 200 || r.body["phone"] != nil || r.body["iban"] != "NL91ABNA0417164300" {
			t.Errorf("phone cleared: %d %s", r.status, r.raw)
		}
	})
}
