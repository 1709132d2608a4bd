package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"
)

// FuzzDecode: the JSON decode helper of every API request body either
// fills the value, which then encodes and decodes to itself, or refuses
// with a client error (400 or 413) and a stable code; never a 500.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"agreement_id":12,"month":"2026-10","lines":[{"date":"2026-10-05","care_type":"verzorging","unit":"uur","units":"7,5"}],"send":true}`,
		`{"agreement_id":12,"month":"2026-10","files":[{"name":"f.pdf","data":"JVBERi0xLjcK"}]}`,
		`{"agreement_id":12,"files":[{"name":"f.pdf","data":"!!!"}]}`,
		`{"agreement_id":"12"}`, `{"onbekend":1}`, `{"agreement_id":12}{}`, `{"agreement_id":12`, ``, `null`, `[]`, `"x"`,
		`{"agreement_id":1e400}`, `{"month":"\u0000"}`, `{"month":"\ud800"}`, `{"lines":[null]}`, `{"AGREEMENT_ID":3}`,
		`{"reason":"te laat"}`, `{"provider_id":3,"kind":"zzp","start":"2026-01-01","lines":[{"care_type":"x","unit":"uur","rate":"30"}]}`,
	} {
		f.Add([]byte(s))
	}
	codes := map[string]bool{"malformed_json": true, "body_too_large": true, "bad_base64": true, "wrong_type": true, "unknown_field": true}
	check := func(t *testing.T, data []byte, v, fresh any) {
		err := decodeFrom(bytes.NewReader(data), v)
		if err != nil {
			var re *requestError
			if !errors.As(err, &re) || (re.status != http.StatusBadRequest && re.status != http.StatusRequestEntityTooLarge) || !codes[re.code] {
				t.Fatalf("%q: %#v, want a 400 with a known code", data, err)
			}
			return
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%q decoded to %+v, which does not encode: %v", data, v, err)
		}
		if err := decodeFrom(bytes.NewReader(out), fresh); err != nil {
			t.Fatalf("%q → %s does not decode again: %v", data, out, err)
		}
		if !reflect.DeepEqual(reflect.ValueOf(v).Elem().Interface(), reflect.ValueOf(fresh).Elem().Interface()) {
			t.Fatalf("%q → %s → %+v, not %+v", data, out, fresh, v)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d1, d2 newDeclarationJSON
		check(t, data, &d1, &d2)
		var a1, a2 agreementInputJSON
		check(t, data, &a1, &a2)
		var r1, r2 struct {
			Reason string `json:"reason"`
		}
		check(t, data, &r1, &r2)
	})
}
