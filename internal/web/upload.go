package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// upload is a submitted form with (at most) one file.
type upload struct {
	values url.Values // never nil
	data   []byte     // nil when no file was sent
	name   string     // the file's name as the browser gave it
}

// readUpload reads a form with at most one file, in field: readUploads
// with one file.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, field string) (upload, error) {
	values, files, err := s.readUploads(w, r, field, 1)
	up := upload{values: values}
	if len(files) == 1 {
		up.name, up.data = files[0].Name, files[0].Data
	}
	return up, err
}

// readUploads reads a form that may carry up to max files in field, as the
// browser sends it: the values (multipart or not) and each chosen file, read
// up to one byte over the limit so that the service's check sees it is too
// large. The body is bounded to max files of the largest size plus the form
// around each. The parts are read in order, so when the body is too large
// the values sent before the file (the whole form but its buttons) are kept
// and the form can be shown again; the error is then at field as too large.
// A file input left empty is sent without a file name and gives no file.
// A body that cannot be read is refused at field for what went wrong
// (readError): too large, too slow, or cut off.
func (s *Server) readUploads(w http.ResponseWriter, r *http.Request, field string, max int) (url.Values, []service.Upload, error) {
	values := url.Values{}
	r.Body = http.MaxBytesReader(w, r.Body, int64(max)*(domain.MaxUploadBytes+1<<20))
	mr, err := r.MultipartReader()
	if err != nil { // not multipart: the values only, as newForm reads them
		_ = r.ParseForm()
		if r.PostForm != nil {
			values = r.PostForm
		}
		return values, nil, nil
	}
	var files []service.Upload
	var badText *domain.Error // values with a character nobody types: left out, named at their field
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			if badText != nil {
				return values, files, badText
			}
			return values, files, nil
		}
		if err != nil {
			return values, files, s.readError(r, field, err)
		}
		name := p.FormName()
		if p.FileName() == "" {
			b, err := io.ReadAll(p)
			if err != nil {
				return values, files, s.readError(r, field, err)
			}
			if e := domain.CheckText(name, string(b)); e != nil {
				if badText == nil {
					badText = e
				} else {
					badText.Fields = append(badText.Fields, e.Fields...)
				}
				continue
			}
			if name != field { // an empty file input is no value either
				values.Add(name, string(b))
			}
			continue
		}
		if name != field {
			continue // a file in a field the form does not have
		}
		if len(files) == max {
			return values, files, domain.Invalid(field, "too_many_files", max)
		}
		data, err := io.ReadAll(io.LimitReader(p, domain.MaxUploadBytes+1))
		if err != nil {
			return values, files, s.readError(r, field, err)
		}
		files = append(files, service.Upload{Name: p.FileName(), Data: data})
	}
}

// readError tells apart why a form's body could not be read, at field: it
// is larger than a form may be (file_too_large), the client sent it more
// slowly than the minimum rate and was cut off (upload_too_slow: the
// server's paced read deadline, app.Paced, which answers 408 itself when it
// wraps the handler), or the body broke off or was not a valid form
// (upload_failed). It is logged by its reason and route, with no personal
// data (never the file's name, the path or a value).
func (s *Server) readError(r *http.Request, field string, err error) error {
	var tooBig *http.MaxBytesError
	reason, code := "failed", "upload_failed"
	var args []any
	switch {
	case errors.As(err, &tooBig):
		reason, code, args = "too large", "file_too_large", []any{domain.MaxUploadBytes >> 20}
	case errors.Is(err, os.ErrDeadlineExceeded):
		reason, code = "too slow", "upload_too_slow"
	}
	s.log.WarnContext(r.Context(), "upload not read: "+reason, "route", r.Pattern, "field", field)
	return domain.Invalid(field, code, args...)
}
