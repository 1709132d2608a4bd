package web

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
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
	up, err := s.readUpload(w, r, "file")
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
	req := service.BatchRequest{Items: batch.Items, Send: send, Key: key, RequestHash: service.HashRequest(hashed)}
	if batch.Lines > bulkInRequest {
		// A large file is entered in the background: the person sees how
		// far it is, and the result when it is done. The same file sent
		// again with its key gets the same job.
		job, _, err := s.svc.StartBatchJob(r.Context(), rq.Actor, req, batch)
		if err != nil {
			f.Values.Set("key", rand.Text())
			return refuse(f, err, again)
		}
		http.Redirect(w, r, jobPath(job), http.StatusSeeOther)
		return nil
	}
	_, body, replayed, err := s.svc.BatchDeclarations(r.Context(), rq.Actor, req, func(outs []service.BatchOutcome) (int, []byte, error) {
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
	return s.render(w, r, rq, "declaration_bulk_result", bulkResult(rows, replayed))
}

// bulkInRequest is the most rows a CSV file may have to be entered while
// the person waits for the answer: up to it the outcome comes at once, as
// a form's would (a couple of seconds at most); a larger file is entered by
// a job, with its progress shown, so that neither a slow connection nor a
// request timeout cuts it off and the person can go on meanwhile.
const bulkInRequest = 200

func bulkResult(rows []bulkRow, replayed bool) bulkResultPage {
	created := 0
	for _, row := range rows {
		if row.ID != 0 {
			created++
		}
	}
	return bulkResultPage{Rows: rows, Created: created, Failed: len(rows) - created, Replayed: replayed}
}

// jobBatchResult shows the outcome of a CSV file entered by a job, each
// declaration as the result of a small file shows it; while the job works
// it leads to its progress page.
func (s *Server) jobBatchResult(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	b, err := s.svc.BatchJob(r.Context(), rq.Actor, id)
	if err != nil {
		return err
	}
	if !b.Job.Finished() {
		http.Redirect(w, r, jobPath(b.Job), http.StatusSeeOther)
		return nil
	}
	var origin csvBatch
	if len(b.Origin) > 0 {
		_ = json.Unmarshal(b.Origin, &origin)
	}
	rows := make([]bulkRow, len(b.Items))
	for i, it := range b.Items {
		rows[i] = bulkRow{Row: it.Index + 1, ID: it.ID, State: it.State}
		if it.Index < len(origin.First) && it.Index < len(origin.Rows) {
			rows[i].Row = origin.First[it.Index]
		}
		if p := it.Problem; p != nil {
			if len(p.Fields) == 0 {
				rows[i].Problems = append(rows[i].Problems, service.TextIn(p.Text, rq.Lang))
			}
			for _, fe := range p.Fields {
				text := service.TextIn(fe.Text, rq.Lang)
				if it.Index < len(origin.First) && it.Index < len(origin.Rows) {
					text = i18n.T(rq.Lang, "csv.row", origin.rowOf(it.Index, fe.Field)) + " " + text
				}
				rows[i].Problems = append(rows[i].Problems, text)
			}
		}
	}
	return s.render(w, r, rq, "declaration_bulk_result", bulkResult(rows, false))
}
