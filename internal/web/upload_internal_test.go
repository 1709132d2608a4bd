package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
)

// breakingBody gives the first bytes of a body and then fails with err,
// as a connection does that is cut off or that passes its read deadline.
type breakingBody struct {
	r   io.Reader
	err error
}

func (b *breakingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		return n, b.err
	}
	return n, err
}

func (b *breakingBody) Close() error { return nil }

// TestUploadReadErrorsAreToldApart: a form body that cannot be read is
// refused at the file's field for what went wrong, each with its own
// message in Dutch and English: larger than a form may be, sent too
// slowly (the paced read deadline passed), or broken off. Each is logged
// by its reason, without the file's name or any value of the form.
func TestUploadReadErrorsAreToldApart(t *testing.T) {
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	_ = mw.WriteField("invoice_number", "F-geheim-123")
	fw, _ := mw.CreateFormFile("file", "jansen-bsn-123456782.csv")
	_, _ = fw.Write(bytes.Repeat([]byte("overeenkomst;maand\n"), 1000))
	_ = mw.Close()
	whole := form.Bytes()
	half := whole[:len(whole)/2]
	for _, tc := range []struct {
		name   string
		body   io.ReadCloser
		code   string
		nl, en string
		reason string
	}{
		{"too large", io.NopCloser(io.MultiReader(bytes.NewReader(whole[:len(whole)-len(mw.Boundary())-8]), bytes.NewReader(make([]byte, domain.MaxUploadBytes+2<<20)))),
			"file_too_large", "groter dan 10 MB", "larger than 10 MB", "too large"},
		{"too slow", &breakingBody{r: bytes.NewReader(half), err: fmt.Errorf("client sends too slowly: %w", os.ErrDeadlineExceeded)},
			"upload_too_slow", "te traag", "too slowly", "too slow"},
		{"cut off", &breakingBody{r: bytes.NewReader(half), err: io.ErrUnexpectedEOF},
			"upload_failed", "niet helemaal aangekomen", "did not arrive completely", "failed"},
		{"connection reset", &breakingBody{r: bytes.NewReader(half), err: errors.New("read tcp: connection reset by peer")},
			"upload_failed", "niet helemaal aangekomen", "did not arrive completely", "failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logged bytes.Buffer
			s := &Server{log: slog.New(slog.NewTextHandler(&logged, nil))}
			r := httptest.NewRequest("POST", "/declaraties/bulk", tc.body)
			r.Header.Set("Content-Type", mw.FormDataContentType())
			r.Pattern = "POST /declaraties/bulk"
			_, _, err := s.readUploads(httptest.NewRecorder(), r, "file", 1)
			e, ok := domain.AsError(err)
			if !ok || len(e.Fields) != 1 || e.Fields[0].Field != "file" || e.Fields[0].Code != tc.code {
				t.Fatalf("error: %v", err)
			}
			if nl, en := i18n.FieldMessage("nl", e.Fields[0]), i18n.FieldMessage("en", e.Fields[0]); !strings.Contains(nl, tc.nl) || !strings.Contains(en, tc.en) {
				t.Errorf("messages: %q / %q", nl, en)
			}
			line := logged.String()
			if !strings.Contains(line, "upload not read: "+tc.reason) || !strings.Contains(line, "route=\"POST /declaraties/bulk\"") {
				t.Errorf("log: %s", line)
			}
			for _, private := range []string{"jansen", "123456782", "F-geheim", "overeenkomst"} {
				if strings.Contains(line, private) {
					t.Errorf("the log names %q: %s", private, line)
				}
			}
		})
	}
	// A form that arrives whole is read as it is.
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	r := httptest.NewRequest("POST", "/declaraties/bulk", bytes.NewReader(whole))
	r.Header.Set("Content-Type", mw.FormDataContentType())
	values, files, err := s.readUploads(httptest.NewRecorder(), r, "file", 1)
	if err != nil || values.Get("invoice_number") != "F-geheim-123" || len(files) != 1 || len(files[0].Data) != 19000 {
		t.Errorf("a whole form: %v %v %d", err, values, len(files))
	}
}
