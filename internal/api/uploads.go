// Bodies that carry a file (a scan, a proof): as JSON with the file in
// base64, or as multipart/form-data with the same JSON object in part
// "data" and the file's bytes in a part of its own, as a client uploads
// a file from disk without encoding it.

package api

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// decodeWithFile reads v from a JSON body of at most maxUploadBody bytes,
// or from multipart/form-data: part "data" is v's JSON (without the file),
// part fileField the file, which is set at *file (the part wins over a
// file in "data"). Any other part is an unknown field.
func decodeWithFile(w http.ResponseWriter, r *http.Request, v any, fileField string, file **fileJSON) error {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return decodeUpTo(w, r, maxUploadBody, v)
	}
	if params["boundary"] == "" {
		return &requestError{status: http.StatusBadRequest, code: "malformed_multipart"}
	}
	mr := multipart.NewReader(http.MaxBytesReader(w, r.Body, maxUploadBody), params["boundary"])
	var part *fileJSON
	seen := map[string]bool{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return multipartError(err)
		}
		name := p.FormName()
		if seen[name] {
			return &requestError{status: http.StatusBadRequest, code: "malformed_multipart", field: name}
		}
		seen[name] = true
		switch name {
		case "data":
			if err := decodeFrom(p, v); err != nil {
				return err
			}
		case fileField:
			b, err := io.ReadAll(io.LimitReader(p, domain.MaxUploadBytes+1)) // one byte over: refused as too large
			if err != nil {
				return multipartError(err)
			}
			part = &fileJSON{Filename: p.FileName(), Content: b}
		default:
			return &requestError{status: http.StatusBadRequest, code: "unknown_field", field: name, key: "api.unknown_field", args: []any{name}}
		}
	}
	if !seen["data"] {
		return &requestError{status: http.StatusBadRequest, code: "malformed_multipart", field: "data"}
	}
	if part != nil {
		*file = part
	}
	return nil
}

func multipartError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return tooLarge(tooBig.Limit)
	}
	if strings.Contains(err.Error(), "too large") {
		return tooLarge(maxUploadBody)
	}
	return &requestError{status: http.StatusBadRequest, code: "malformed_multipart"}
}
