package api

import (
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestControlCharactersRefusedAtTheEdge: a NUL or another control character
// in a JSON string (as \u0000) or in a query parameter is refused with 400
// control_character naming the field, on both databases, and nothing is
// stored; PostgreSQL would otherwise answer 500 and SQLite store it.
func TestControlCharactersRefusedAtTheEdge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		before := len(w.do("GET", "/api/v1/budget-holders?pageSize=200", w.tokA, "").body["items"].([]any))
		for _, tc := range []struct{ body, field string }{
			{`{"bsn":"` + bsnFrom(t, 66666660) + `","initials":"A.","family_name":"Ee\u0000n","birth_date":"1960-01-01","city":"Utrecht"}`, "family_name"},
			{`{"bsn":"` + bsnFrom(t, 66666660) + `","initials":"A.","family_name":"Een","birth_date":"1960-01-01","city":"Utr\u001becht"}`, "city"},
		} {
			r := w.do("POST", "/api/v1/budget-holders", w.tokA, tc.body)
			mustProblem(t, r, 400, "control_character")
			if field, _, _ := r.firstError(); field != tc.field {
				t.Errorf("the field is not named %s: %s", tc.field, r.raw)
			}
		}
		r := w.do("POST", path("/api/v1/budget-holders/%d/grants", w.two.ID), w.tokA,
			`{"law":"wmo","reference":"G-2","start":"2026-01-01","end":"2026-12-31","decided_on":"2026-01-15","lines":[{"care_function":"Begeleiding\u0007","yearly_cents":100000}]}`)
		mustProblem(t, r, 400, "control_character")
		if field, _, _ := r.firstError(); field != "lines[0].care_function" {
			t.Errorf("the line's field is not named: %s", r.raw)
		}
		mustProblem(t, w.do("GET", "/api/v1/budget-holders?q=de%00Vries", w.tokA, ""), 400, "control_character")
		if after := len(w.do("GET", "/api/v1/budget-holders?pageSize=200", w.tokA, "").body["items"].([]any)); after != before {
			t.Errorf("a refused body stored something: %d budget holders, were %d", after, before)
		}
		if strings.Contains(w.log.String(), "\x00") {
			t.Error("the refused input reached the log")
		}
	})
}
