package web

import (
	"io"
	"net/http"
	"net/url"

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
func readUpload(w http.ResponseWriter, r *http.Request, field string) (upload, error) {
	values, files, err := readUploads(w, r, field, 1)
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
func readUploads(w http.ResponseWriter, r *http.Request, field string, max int) (url.Values, []service.Upload, error) {
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
			return values, files, domain.Invalid(field, "file_too_large", domain.MaxUploadBytes>>20)
		}
		name := p.FormName()
		if p.FileName() == "" {
			b, err := io.ReadAll(p)
			if err != nil {
				return values, files, domain.Invalid(field, "file_too_large", domain.MaxUploadBytes>>20)
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
			return values, files, domain.Invalid(field, "file_too_large", domain.MaxUploadBytes>>20)
		}
		files = append(files, service.Upload{Name: p.FileName(), Data: data})
	}
}
