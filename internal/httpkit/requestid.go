package httpkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
)

// RequestIDHeader carries a request's id: taken from a trusted proxy that
// made one, sent back in every response, written in every log line about
// the request, so that an operator can follow one request through the
// proxy's log and every instance's.
const RequestIDHeader = "X-Request-ID"

type requestIDKey struct{}

// WithRequestID returns ctx carrying the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID is the id of the request ctx belongs to ("" outside one).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// TagRequest gives r its id: the X-Request-ID it came with when it came
// through a trusted proxy (fromProxy, nil for none) and the id is sane
// (SaneRequestID), else a new one. The id is set on the response, so every
// answer carries it, and is in the returned request's context for the logs.
// A client that is not a trusted proxy cannot choose the id its lines are
// logged under.
func TagRequest(w http.ResponseWriter, r *http.Request, fromProxy func(*http.Request) bool) *http.Request {
	id := r.Header.Get(RequestIDHeader)
	if id == "" || !SaneRequestID(id) || fromProxy == nil || !fromProxy(r) {
		id = NewRequestID()
	}
	w.Header().Set(RequestIDHeader, id)
	return r.WithContext(WithRequestID(r.Context(), id))
}

// NewRequestID makes a request id: 16 random hex digits.
func NewRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// SaneRequestID reports whether a request id a proxy sent may be used as
// it is: 1 to 64 letters, digits, '-', '_', '.' (a UUID, a hex string), so
// that nothing else (spaces, quotes, line breaks, a name or an address)
// reaches the log through it.
func SaneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range []byte(id) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
		default:
			return false
		}
	}
	return true
}

// LogRequestID wraps a log handler: a record logged with a request's
// context (InfoContext, ErrorContext, ...) gets its request_id. A handler
// wrapped already is returned as it is.
func LogRequestID(h slog.Handler) slog.Handler {
	if _, ok := h.(requestIDHandler); ok {
		return h
	}
	return requestIDHandler{h}
}

// LoggerWithRequestID is log with its handler wrapped by LogRequestID.
func LoggerWithRequestID(log *slog.Logger) *slog.Logger {
	if _, ok := log.Handler().(requestIDHandler); ok {
		return log
	}
	return slog.New(requestIDHandler{log.Handler()})
}

type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
