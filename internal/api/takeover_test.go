package api

import (
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestNoTakeoverByBSN replays the security audit's finding H1 through the
// API: gemeente B types the BSN of a person gemeente A and the zorgkantoor
// already serve. With a wrong birth date it gets a field error that shows
// nothing of the person and sees nothing afterwards; with the right register
// details it is linked, but without a grant of its own it cannot change the
// person's e-mail, IBAN or representatives (which led to the takeover).
func TestNoTakeoverByBSN(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		bh := path("/api/v1/budget-holders/%d", w.shared.ID)

		for _, typed := range []string{
			`"family_name":"Gedeeld","birth_date":"2000-01-01"`, // wrong birth date
			`"family_name":"Jansen","birth_date":"1945-05-05"`,  // wrong family name
		} {
			r := w.do("POST", "/api/v1/budget-holders", w.tokB, `{"bsn":"`+w.shared.BSN.Full()+`","initials":"X.",`+typed+`}`)
			if field, code, _ := r.firstError(); r.status != 422 || field != "bsn" || code != "bsn_register_mismatch" {
				t.Fatalf("register mismatch: %d %s", r.status, r.raw)
			}
			for _, secret := range []string{"1945-05-05", "Gedeeld", "Utrecht"} {
				if strings.Contains(r.raw, secret) && !strings.Contains(typed, secret) {
					t.Errorf("the refusal reveals %q: %s", secret, r.raw)
				}
			}
			mustProblem(t, w.do("GET", bh, w.tokB, ""), 404, "not_found")
		}

		// The right register details link the person; the answer holds what
		// was typed, not the stored address.
		r := w.do("POST", "/api/v1/budget-holders", w.tokB, `{"bsn":"`+w.shared.BSN.Full()+`","initials":"A.","family_name":"gedeeld","birth_date":"1945-05-05"}`)
		if r.status != 201 || r.num("id") != float64(w.shared.ID) {
			t.Fatalf("link with the right details: %d %s", r.status, r.raw)
		}
		if strings.Contains(r.raw, "Utrecht") {
			t.Errorf("the answer shows the stored city: %s", r.raw)
		}

		// Linked without a grant: no changes on the person's behalf.
		mustProblem(t, w.do("PUT", bh+"/contact", w.tokB, `{"email":"aanvaller@evil.test","phone":"06","iban":"NL91ABNA0417164300"}`), 403, "no_current_grant")
		mustProblem(t, w.do("POST", bh+"/representatives", w.tokB, `{"email":"ouder@budget.test","kind":"gemachtigde","valid_from":"2026-11-23"}`), 403, "no_current_grant")
		// The zorgkantoor, which grants the person a budget, may.
		if r := w.do("PUT", bh+"/contact", w.tokZK, `{"email":"gedeeld@budget.test","phone":"06-1","iban":"NL91ABNA0417164300"}`); r.status != 200 && r.status != 204 {
			t.Fatalf("zorgkantoor with a grant changes the contact: %d %s", r.status, r.raw)
		}
		// Once gemeente B grants a budget, it may too.
		if r := w.do("POST", bh+"/grants", w.tokB, `{"law":"wmo","reference":"B-1","start":"2026-01-01","end":"2026-12-31","decided_on":"2026-01-02","lines":[{"care_function":"B","yearly_cents":100000}]}`); r.status != 201 {
			t.Fatalf("grant by B: %d %s", r.status, r.raw)
		}
		if r := w.do("PUT", bh+"/contact", w.tokB, `{"email":"gedeeld@budget.test","phone":"06-2"}`); r.status != 200 && r.status != 204 {
			t.Errorf("gemeente B with a grant changes the contact: %d %s", r.status, r.raw)
		}
	})
}

// TestContactPartialUpdate: a PUT of the contact with only an IBAN keeps the
// e-mail address and the phone number, and the IBAN is shown back.
func TestContactPartialUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		bh := path("/api/v1/budget-holders/%d", w.one.ID)
		if r := w.do("PUT", bh+"/contact", w.tokOne, `{"email":"een@budget.test","phone":"06-11"}`); r.status != 200 {
			t.Fatalf("contact: %d %s", r.status, r.raw)
		}
		r := w.do("PUT", bh+"/contact", w.tokOne, `{"iban":"NL91 ABNA 0417 1643 00"}`)
		if r.status != 200 || r.body["email"] != "een@budget.test" || r.body["phone"] != "06-11" || r.body["iban"] != "NL91ABNA0417164300" {
			t.Errorf("only the IBAN: %d %s", r.status, r.raw)
		}
		r = w.do("PUT", bh+"/contact", w.tokOne, `{"phone":""}`)
		if r.status != 200 || r.body["email"] != "een@budget.test" || r.body["phone"] != "" || r.body["iban"] != "NL91ABNA0417164300" {
			t.Errorf("the phone emptied on purpose: %d %s", r.status, r.raw)
		}
	})
}
