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
		if r := w.do("PUT", bh+"/contact", w.tokB, `{"email":"gedeeld@budget.test","phone":"06-2","iban":""}`); r.status != 200 && r.status != 204 {
			t.Errorf("gemeente B with a grant changes the contact: %d %s", r.status, r.raw)
		}
	})
}

// TestContactNoSilentErasure: a PUT of the contact must give every field
// (a missing one is a 400 naming it, and nothing changes); a PATCH (JSON
// Merge Patch) changes only the fields it gives, null clears one. The
// budget holder reads their IBAN back; their verstrekker does not.
func TestContactNoSilentErasure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		bh := path("/api/v1/budget-holders/%d", w.one.ID)
		if r := w.do("PUT", bh+"/contact", w.tokOne, `{"email":"een@budget.test","phone":"06-11","iban":""}`); r.status != 200 || r.body["email"] != "een@budget.test" {
			t.Fatalf("contact: %d %s", r.status, r.raw)
		}
		r := w.do("PUT", bh+"/contact", w.tokOne, `{"iban":"NL91 ABNA 0417 1643 00"}`)
		mustProblem(t, r, 400, "missing_field")
		var named []string
		for _, e := range r.body["errors"].([]any) {
			named = append(named, e.(map[string]any)["field"].(string))
		}
		if strings.Join(named, ",") != "email,phone" {
			t.Errorf("a PUT with only the IBAN names %v, want email and phone", named)
		}
		patch := func(body string) response {
			return w.do("PATCH", bh+"/contact", w.tokOne, body, "Content-Type", "application/merge-patch+json")
		}
		r = patch(`{"iban":"NL91 ABNA 0417 1643 00"}`)
		if r.status != 200 || r.body["email"] != "een@budget.test" || r.body["phone"] != "06-11" || r.body["iban"] != "NL91ABNA0417164300" {
			t.Errorf("only the IBAN: %d %s", r.status, r.raw)
		}
		r = patch(`{"phone":null}`)
		if r.status != 200 || r.body["email"] != "een@budget.test" || r.body["phone"] != "" || r.body["iban"] != "NL91ABNA0417164300" {
			t.Errorf("the phone cleared on purpose: %d %s", r.status, r.raw)
		}
		mustProblem(t, patch(`{"iban":null}`), 422, "validation")
		mustProblem(t, patch(`{"fax":"030"}`), 400, "unknown_field")
		mustProblem(t, patch(`{"phone":6}`), 400, "wrong_type")
		mustProblem(t, w.do("PATCH", bh+"/contact", w.tokOne, `{"phone":"06"}`), 415, "unsupported_media")
		if r := w.do("GET", bh+"/contact", w.tokOne, ""); r.status != 200 || r.body["iban"] != "NL91ABNA0417164300" || r.body["phone"] != "" {
			t.Errorf("the holder reads their contact: %d %s", r.status, r.raw)
		}
		if r := w.do("GET", bh, w.tokOne, ""); r.status != 200 || r.body["iban"] != "NL91ABNA0417164300" {
			t.Errorf("the holder reads their IBAN: %d %s", r.status, r.raw)
		}
		// Their verstrekker reads the contact, not the IBAN.
		for _, p := range []string{bh, bh + "/contact"} {
			if r := w.do("GET", p, w.tokA, ""); r.status != 200 || r.body["iban"] != nil || strings.Contains(r.raw, "0417164300") {
				t.Errorf("the verstrekker reads %s: %d %s", p, r.status, r.raw)
			}
		}
	})
}
