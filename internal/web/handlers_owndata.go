package web

import (
	"encoding/json"
	"net/http"
)

// ownData shows everything the portal holds about the person, readable.
func (s *Server) ownData(w http.ResponseWriter, r *http.Request, rq *request) {
	d, err := s.svc.MyData(r.Context(), rq.Actor, rq.Session.TokenHash)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	actions := d.Actions
	if len(actions) > 100 {
		actions = actions[:100]
	}
	s.render(w, r, rq, "owndata", map[string]any{"D": d, "Actions": actions})
}

// ownDataJSON is the same as a download (JSON), for the right of access.
func (s *Server) ownDataJSON(w http.ResponseWriter, r *http.Request, rq *request) {
	d, err := s.svc.MyData(r.Context(), rq.Actor, rq.Session.TokenHash)
	if err != nil {
		s.fail(w, r, rq, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="mijn-gegevens-pgbportaal.json"`)
	w.Header().Set("Cache-Control", "private, no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(d)
}
