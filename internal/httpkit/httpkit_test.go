package httpkit

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// TestParseID: an address names an object one way only; the edges of that
// rule, for the pages and the API alike.
func TestParseID(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64 // 0: no id
	}{
		{"1", 1}, {"4", 4}, {"17", 17}, {"9223372036854775807", 1<<63 - 1},
		{"04", 0}, {"004", 0}, {"+4", 0}, {"-4", 0}, {"0", 0}, {"00", 0}, {"-0", 0},
		{"", 0}, {" 4", 0}, {"4 ", 0}, {"4a", 0}, {"0x4", 0}, {"4.0", 0}, {"1e3", 0}, {"٤", 0},
		{"9223372036854775808", 0},
	} {
		id, ok := ParseID(tc.in)
		if id != tc.want || ok != (tc.want != 0) {
			t.Errorf("ParseID(%q) = %d, %v; want %d", tc.in, id, ok, tc.want)
		}
	}
}

func TestPathIDIsNotFound(t *testing.T) {
	mux := http.NewServeMux()
	var got error
	mux.HandleFunc("GET /x/{id}", func(w http.ResponseWriter, r *http.Request) { _, got = PathID(r, "id") })
	mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x/04", nil))
	if domain.KindOf(got) != domain.KindNotFound || Status(got) != http.StatusNotFound {
		t.Errorf("/x/04: %v (status %d), want not found", got, Status(got))
	}
}

func TestStatus(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{domain.Invalid("f", "required"), 422},
		{domain.NotFound("x"), 404},
		{domain.Forbidden("no"), 403},
		{domain.Conflict("state"), 409},
		{domain.Unauthenticated("login"), 401},
		{&domain.Error{Kind: domain.KindTooMany, Code: "slow_down"}, 429},
		{fmt.Errorf("wrapped: %w", domain.NotFound("x")), 404},
		{errors.New("disk full"), 500},
		{&domain.Error{Kind: domain.KindInternal, Code: "internal"}, 500},
		// how a request was sent, not what it asks: 400, by the reader's word
		{BadRequest(domain.CheckText("q", "a\x00b")), 400},
		{fmt.Errorf("form: %w", BadRequest(domain.Invalid("q", "control_character"))), 400},
	} {
		if got := Status(tc.err); got != tc.want {
			t.Errorf("Status(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
	// A bad request keeps its kind and code, for its message.
	if err := BadRequest(domain.CheckText("q", "\x01")); domain.KindOf(err) != domain.KindInvalid || !domain.HasCode(err, "control_character") {
		t.Errorf("BadRequest lost the error: %v", err)
	}
}
