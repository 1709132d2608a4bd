package api

// The verstrekker's yearly settlements as a whole: listed (JSON, or the
// page's CSV with Accept: text/csv), made up to a day, and each one's
// statement as the PDF the page gives (internal/documents).

import (
	"mime"
	"net/http"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/documents"
	"github.com/pgbportaal/pgbportaal/internal/documents/csvdoc"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerSettlementList() {
	a.handle("GET /api/v1/settlements", a.listSettlements)
	a.handle("POST /api/v1/settlements", a.makeSettlements)
	a.handle("GET /api/v1/settlements/{id}/pdf", a.settlementPDF)
}

// wantsCSV reports whether the client asks for text/csv before JSON.
func wantsCSV(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "text/csv":
			return true
		case "application/json", "*/*", "application/*":
			return false
		}
	}
	return false
}

// listSettlements: every settlement of the verstrekker's (EachSettlement,
// as the settlements page and its CSV download).
func (a *API) listSettlements(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	if wantsCSV(r) {
		out := csvdoc.NewCSV(w, "eindafrekeningen.csv", csvdoc.SettlementsHeader...)
		err := a.svc.EachSettlement(r.Context(), actor, func(row store.SettlementRow) error { return out.Row(csvdoc.SettlementRow(row)...) })
		if err != nil && !out.Started() {
			return err
		}
		if err != nil {
			a.log.Error("api settlements csv cut off", "err", err)
		}
		return out.Close()
	}
	items := []store.SettlementRow{}
	err = a.svc.EachSettlement(r.Context(), actor, func(row store.SettlementRow) error {
		items = append(items, row)
		return nil
	})
	if err != nil {
		return err
	}
	return replyPage(w, r, p, items, nil)
}

// makeSettlements makes the settlements of the grants that ended on or
// before until (default today) as a job, as the page's button
// (StartSettlementsJob): 202 Accepted with the job to poll at Location;
// once done its result tells how many were made and what is to return.
func (a *API) makeSettlements(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in struct {
		Until string `json:"until"`
	}
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	if in.Until == "" {
		in.Until = a.svc.Today().String()
	}
	job, err := a.svc.StartSettlementsJob(r.Context(), actor, in.Until)
	if err != nil {
		return err
	}
	return acceptJob(w, r, job)
}

// settlementPDF is the settlement's statement, the same document as the
// page's download, in the request's language.
func (a *API) settlementPDF(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.svc.Settlement(r.Context(), actor, id)
	if err != nil {
		return err
	}
	doc, name := documents.Settlement(i18n.FromRequest(r), a.svc.Today(), v)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.WriteHeader(http.StatusOK)
	return doc.Write(w)
}
