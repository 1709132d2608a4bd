package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func splitN(s, sep string, n int) []string { return strings.SplitN(s, sep, n) }

// sortLines orders grid cells by date and care type, as the form shows them.
func sortLines(ls []service.DeclLineInput) {
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].Date != ls[j].Date {
			return ls[i].Date < ls[j].Date
		}
		return ls[i].CareType < ls[j].CareType
	})
}

// upload is a submitted form with (at most) one file.
type upload struct {
	values url.Values // never nil
	data   []byte     // nil when no file was sent
	name   string     // the file's name as the browser gave it
}

// readUpload reads a multipart form whose body is bounded to the largest
// upload plus the form around it, and the file in field (read up to one
// byte over the limit, so that the caller's check sees it is too large). A
// body too large to parse is refused at field as too large; a form without
// multipart encoding gives its values and no file.
func readUpload(w http.ResponseWriter, r *http.Request, field string) (upload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, domain.MaxUploadBytes+1<<20)
	up := upload{values: url.Values{}}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if r.PostForm != nil {
			up.values = r.PostForm
		}
		if errors.Is(err, http.ErrNotMultipart) {
			return up, nil
		}
		return up, domain.Invalid(field, "file_too_large", domain.MaxUploadBytes>>20)
	}
	up.values = r.MultipartForm.Value
	file, hdr, err := r.FormFile(field)
	if err != nil {
		return up, nil // no file sent
	}
	defer file.Close()
	if up.data, err = io.ReadAll(io.LimitReader(file, domain.MaxUploadBytes+1)); err != nil {
		return up, err
	}
	up.name = hdr.Filename
	return up, nil
}
