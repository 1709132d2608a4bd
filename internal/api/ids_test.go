package api

import (
	"strconv"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestOneAddressPerObject: an object has one address. Its id written with
// a leading zero or a sign names nothing (404 not_found), as on the pages
// (internal/web TestOneAddressPerPage); the plain id reads it.
func TestOneAddressPerObject(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t))
	gm := f.token("medewerker@utrecht.demo", "")
	list := f.do("GET", "/api/v1/budget-holders?pageSize=1", gm, "")
	items, _ := list.body["items"].([]any)
	if list.status != 200 || len(items) != 1 {
		t.Fatalf("list: %d %s", list.status, list.raw)
	}
	id := strconv.FormatInt(int64(items[0].(map[string]any)["id"].(float64)), 10)
	if r := f.do("GET", "/api/v1/budget-holders/"+id, gm, ""); r.status != 200 {
		t.Fatalf("/budget-holders/%s: %d %s", id, r.status, r.raw)
	}
	for _, alias := range []string{"0" + id, "00" + id, "+" + id, "-" + id, id + " "} {
		mustProblem(t, f.do("GET", "/api/v1/budget-holders/"+alias, gm, ""), 404, "not_found")
		mustProblem(t, f.do("GET", "/api/v1/budget-holders/"+alias+"/grants", gm, ""), 404, "not_found")
	}
}
