package api

import "github.com/pgbportaal/pgbportaal/internal/domain"

// renameFields names a service's field errors as the API's JSON names them
// where the service uses the page form's names ("mandate_email" is the
// body's "email"). Other errors pass unchanged; the service's error is not
// changed (a copy is).
func renameFields(err error, names map[string]string) error {
	e, ok := domain.AsError(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make([]domain.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if n, ok := names[f.Field]; ok {
			f.Field = n
		}
		c.Fields[i] = f
	}
	return &c
}
