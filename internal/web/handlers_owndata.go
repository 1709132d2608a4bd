package web

import (
	"encoding/json"
	"net/http"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// ownDataPage is everything the portal holds about the person, with the
// newest 100 of their actions.
type ownDataPage struct {
	D       service.OwnData
	Actions []audit.Record
}

// ownData shows everything the portal holds about the person, readable.
func (s *Server) ownData(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.svc.MyData(r.Context(), rq.Actor, rq.Session.TokenHash)
	if err != nil {
		return err
	}
	actions := d.Actions
	if len(actions) > 100 {
		actions = actions[:100]
	}
	return s.render(w, r, rq, "owndata", ownDataPage{D: d, Actions: actions})
}

// ownDataJSON is the same as a download (JSON), for the right of access.
func (s *Server) ownDataJSON(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.svc.MyData(r.Context(), rq.Actor, rq.Session.TokenHash)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="mijn-gegevens-pgbportaal.json"`)
	w.Header().Set("Cache-Control", "private, no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(d)
	return nil
}
