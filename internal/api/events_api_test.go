package api

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// feed reads a token's change feed from after to its end, page by page
// through the links the answers give, and returns the events and the
// cursor to go on from.
func (f *fixture) feed(token, after string) ([]map[string]any, string) {
	f.t.Helper()
	var out []map[string]any
	path := "/api/v1/events?limit=2"
	if after != "" {
		path += "&after=" + after
	}
	for {
		r := f.do("GET", path, token, "")
		if r.status != 200 {
			f.t.Fatalf("GET %s: %d %s", path, r.status, r.raw)
		}
		items := r.body["items"].([]any)
		for _, it := range items {
			out = append(out, it.(map[string]any))
		}
		next := r.body["next"].(string)
		if len(items) == 0 {
			return out, next
		}
		path = r.body["_links"].(map[string]any)["next"].(map[string]any)["href"].(string)
	}
}

// TestChangeFeedThroughAPI: a provider's system follows its feed: the
// declaration it sent and the budget holder accepted are there, in order,
// once each; the budget holder and the verstrekker see them too, another
// provider does not, the beheerder has no feed, and a bad cursor is a 400
// at the parameter after.
func TestChangeFeedThroughAPI(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	zzp := f.token("zzp@pgbportaal.demo", "")
	holder := f.token("budgethouder@pgbportaal.demo", "")
	other := f.token("zorgverlener@pgbportaal.demo", "")
	gemeente := f.token("medewerker@utrecht.demo", "")
	svb := f.token("medewerker@svb.demo", "")
	_, zzpAt := f.feed(zzp, "")
	_, otherAt := f.feed(other, "")
	_, holderAt := f.feed(holder, "")
	_, gemeenteAt := f.feed(gemeente, "")
	_, svbAt := f.feed(svb, "")

	agID := int(f.do("GET", "/api/v1/agreements", zzp, "").body["items"].([]any)[0].(map[string]any)["id"].(float64))
	r := f.do("POST", "/api/v1/declarations", zzp, `{"agreement_id":`+strconv.Itoa(agID)+`,"month":"2026-10","invoice_number":"RS-10","invoice_total_cents":10500,
		"lines":[{"date":"2026-10-05","care_type":"begeleiding","unit":"uur","units_hundredths":200}]}`)
	if r.status != 201 {
		t.Fatalf("create: %s", r.raw)
	}
	id := r.num("id")
	path := "/api/v1/declarations/" + strconv.Itoa(int(id))
	f.do("POST", path+"/attachments", zzp, "%PDF-1.4\n%%EOF\n", "X-Filename", "factuur.pdf")
	if r := f.do("POST", path+"/send", zzp, ""); r.status != 200 {
		t.Fatalf("send: %s", r.raw)
	}
	if r := f.do("POST", path+"/approve", holder, ""); r.status != 200 || r.body["state"] != "geaccepteerd" {
		t.Fatalf("approve: %s", r.raw)
	}
	for name, c := range map[string]struct{ token, at string }{"zzp": {zzp, zzpAt}, "holder": {holder, holderAt}, "gemeente": {gemeente, gemeenteAt}, "svb": {svb, svbAt}} {
		evs, _ := f.feed(c.token, c.at)
		var types []string
		for _, e := range evs {
			if e["object_type"] == "declaration" && e["object_id"] == id {
				types = append(types, e["type"].(string))
			}
		}
		if len(types) != 2 || types[0] != "declaration.submitted" || types[1] != "declaration.accepted" {
			t.Errorf("%s follows %v, want the submission and the acceptance", name, types)
		}
		if len(evs) > 0 && evs[len(evs)-1]["state"] != "geaccepteerd" {
			t.Errorf("%s: last event %v", name, evs[len(evs)-1])
		}
	}
	if evs, _ := f.feed(other, otherAt); len(evs) != 0 {
		t.Errorf("another provider follows %v", evs)
	}
	// Asked again from the cursor it ended at, the feed has nothing new.
	if _, at := f.feed(zzp, zzpAt); at == zzpAt {
		t.Errorf("the cursor did not move: %s", at)
	} else if evs, again := f.feed(zzp, at); len(evs) != 0 || again != at {
		t.Errorf("after %s: %v, next %s", at, evs, again)
	}
	for _, bad := range []string{"abc", "-1", "1.5"} {
		r := f.do("GET", "/api/v1/events?after="+bad, zzp, "")
		mustProblem(t, r, 400, "bad_cursor")
		if field, _, _ := r.firstError(); field != "after" {
			t.Errorf("cursor %q: field %q", bad, field)
		}
	}
	mustProblem(t, f.do("GET", "/api/v1/events?limit=0", zzp, ""), 400, "bad_parameter")
	mustProblem(t, f.do("GET", "/api/v1/events", f.token("beheer@pgbportaal.demo", ""), ""), 403, "events_not_yours")
}

// TestOpenAPINamesEveryEventType: the document's list of event types is
// the feed's (domain.FeedEventTypes), so a generated client knows them all.
func TestOpenAPINamesEveryEventType(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas struct {
				Event struct {
					Properties struct {
						Type struct {
							Enum []string `json:"enum"`
						} `json:"type"`
					} `json:"properties"`
				} `json:"Event"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Components.Schemas.Event.Properties.Type.Enum, domain.FeedEventTypes(); !slices.Equal(got, want) {
		t.Errorf("the document names the event types %v, the feed sends %v", got, want)
	}
}
