// A provider's own details: e-mail, phone and IBAN, changed with the same
// checks as on the page /gegevens (a new IBAN asks for the password or a
// TOTP code again). Read with GET /providers/{id}, which shows the IBAN.

package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (a *API) registerProviderDetails() {
	a.handle("PATCH /api/v1/providers/{id}", a.patchProvider)
}

// patchField is a field of a JSON Merge Patch (RFC 7396): left out, null
// (remove) or a value.
type patchField struct {
	Set   bool // in the patch
	Value *string
}

func (p *patchField) UnmarshalJSON(b []byte) error {
	p.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		p.Value = nil
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: "value", Type: reflect.TypeFor[string]()}
	}
	p.Value = &s
	return nil
}

// apply is the field's new value: the patch's, "" for null, or current.
func (p patchField) apply(current string) string {
	switch {
	case !p.Set:
		return current
	case p.Value == nil:
		return ""
	}
	return *p.Value
}

// patchProvider changes the fields a patch names and keeps the others as
// they are (JSON Merge Patch); the page sends them all, prefilled.
func (a *API) patchProvider(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "application/merge-patch+json") {
		r.Header.Set("Content-Type", "application/json")
	}
	var in struct {
		Email  patchField `json:"email"`
		Phone  patchField `json:"phone"`
		IBAN   patchField `json:"iban"`
		Secret string     `json:"secret"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if field, ok := badPatchText(map[string]patchField{"email": in.Email, "phone": in.Phone, "iban": in.IBAN}); ok {
		return &requestError{status: http.StatusBadRequest, code: "control_character", field: field}
	}
	cur, err := a.svc.Provider(r.Context(), actor, id)
	if err != nil {
		return err
	}
	err = a.svc.UpdateProviderDetails(r.Context(), actor, id, service.ProviderDetailsInput{
		Email: in.Email.apply(cur.Email), Phone: in.Phone.apply(cur.Phone), IBAN: in.IBAN.apply(string(cur.IBAN)), Secret: in.Secret})
	if err != nil {
		return err
	}
	p, err := a.svc.Provider(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toProvider(p))
}

// badPatchText is badText for the patch's texts (patchField hides them
// from the reflection walk).
func badPatchText(fields map[string]patchField) (string, bool) {
	for _, name := range []string{"email", "phone", "iban"} {
		if f := fields[name]; f.Value != nil && !domain.TextAllowed(*f.Value) {
			return name, true
		}
	}
	return "", false
}
