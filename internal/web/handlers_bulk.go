package web

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// bulkRow is one declaration's outcome as the bulk page shows it.
type bulkRow struct {
	Row      int                     `json:"row"`
	ID       int64                   `json:"id,omitempty"`
	State    domain.DeclarationState `json:"state,omitempty"`
	Problems []string                `json:"problems,omitempty"`
}

// bulkResultPage is what a CSV upload did: each declaration's outcome, and
// whether the upload was one already sent (nothing made twice).
type bulkResultPage struct {
	Rows            []bulkRow
	Created, Failed int
	Replayed        bool
}

// declarationBulk shows the CSV upload form. Its hidden key makes a double
// submit (or a reload of the result) create nothing twice.
func (s *Server) declarationBulk(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !rq.Actor.Is(domain.RoleProvider) {
		return domain.NotFound("page")
	}
	f := blankForm()
	f.Values.Set("key", rand.Text())
	f.Values.Set("send", "1")
	return s.renderForm(w, r, rq, "declaration_bulk", nil, f)
}

func (s *Server) declarationBulkUpload(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !rq.Actor.Is(domain.RoleProvider) {
		return domain.NotFound("page")
	}
	up, err := readUpload(w, r, "file")
	f := &form{Errors: map[string]string{}, Values: up.values}
	again := func() error { return s.renderForm(w, r, rq, "declaration_bulk", nil, f) }
	if err != nil {
		f.Values.Set("key", rand.Text())
		return refuse(f, err, again)
	}
	data := up.data
	switch {
	case len(data) == 0:
		return refuse(f, domain.Invalid("file", "file_required"), again)
	case len(data) > domain.MaxUploadBytes:
		return refuse(f, domain.Invalid("file", "file_too_large", domain.MaxUploadBytes>>20), again)
	}
	batch, err := parseDeclarationsCSV(data)
	var ce *csvError
	if errors.As(err, &ce) {
		f.Errors["file"] = i18n.T(rq.Lang, "csv.row", ce.Row) + " " + i18n.T(rq.Lang, ce.Key, ce.Args...)
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.renderForm(w, r, rq, "declaration_bulk", nil, f)
	}
	send := f.Get("send") == "1"
	hashed := append([]byte(nil), data...)
	if send {
		hashed = append(hashed, "\x00send"...)
	}
	key := f.Get("key")
	if key != "" {
		key = "csv:" + key
	}
	_, body, replayed, err := s.svc.BatchDeclarations(r.Context(), rq.Actor, service.BatchRequest{Items: batch.Items, Send: send, Key: key,
		RequestHash: service.HashRequest(hashed)}, func(outs []service.BatchOutcome) (int, []byte, error) {
		rows := make([]bulkRow, len(outs))
		for i, o := range outs {
			rows[i] = bulkRow{Row: batch.First[i], ID: o.ID, State: o.State}
			if e, ok := domain.AsError(o.Err); ok {
				if len(e.Fields) == 0 {
					rows[i].Problems = append(rows[i].Problems, i18n.ErrorMessage(rq.Lang, o.Err))
				}
				for _, fe := range e.Fields {
					rows[i].Problems = append(rows[i].Problems, i18n.T(rq.Lang, "csv.row", batch.rowOf(i, fe.Field))+" "+i18n.FieldMessage(rq.Lang, fe))
				}
			}
		}
		b, err := json.Marshal(rows)
		return http.StatusOK, b, err
	})
	if err != nil {
		f.Values.Set("key", rand.Text())
		return refuse(f, err, again)
	}
	var rows []bulkRow
	if err := json.Unmarshal(body, &rows); err != nil {
		return err
	}
	created := 0
	for _, row := range rows {
		if row.ID != 0 {
			created++
		}
	}
	return s.render(w, r, rq, "declaration_bulk_result", bulkResultPage{Rows: rows, Created: created, Failed: len(rows) - created, Replayed: replayed})
}
