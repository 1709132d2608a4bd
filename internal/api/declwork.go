package api

// The declarations' work beside the lifecycle: the verstrekker's queue of
// held declarations (the declaration list's search, as the page filters
// it), "herhalen" (last month's pattern as a proposal for a month), and a
// declaration that came by post, registered by the SVB with its scan.

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (a *API) registerDeclarationWork() {
	a.handle("GET /api/v1/held-declarations", a.listHeldDeclarations)
	a.handle("GET /api/v1/agreements/{id}/declaration-proposal", a.proposeDeclaration)
	a.handle("POST /api/v1/paper-declarations", a.createPaperDeclaration)
}

// listItemJSON is a row of a list: a declaration with its parties named.
type listItemJSON struct {
	ID             int64        `json:"id"`
	BudgetHolderID int64        `json:"budget_holder_id"`
	Holder         string       `json:"budget_holder_name"`
	HolderBSN      string       `json:"budget_holder_bsn_masked,omitempty"`
	ProviderID     int64        `json:"provider_id"`
	ProviderName   string       `json:"provider_name"`
	Law            domain.Law   `json:"law"`
	Month          string       `json:"month"`
	Kind           string       `json:"kind"`
	TotalCents     domain.Cents `json:"total_cents"`
	State          string       `json:"state"`
	Href           string       `json:"href"`
}

// listHeldDeclarations is the verstrekker's queue: the declarations held
// for their decision (release or refuse, POST /declarations/{id}/release),
// newest first, a page at a time (page, pageSize), as the declarations page lists them filtered on
// "aangehouden". Another role sees its own held declarations.
func (a *API) listHeldDeclarations(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	q := service.ParseListQuery(service.ListQueryInput{State: string(domain.DeclHeld)})
	q.PerPage = p.size
	list, err := a.svc.DeclarationList(r.Context(), actor, q, p.page)
	if err != nil {
		return err
	}
	items := []listItemJSON{}
	for _, it := range list.Items {
		items = append(items, listItemJSON{ID: it.ID, BudgetHolderID: it.BudgetHolderID, Holder: it.Holder, HolderBSN: it.HolderBSN, ProviderID: it.ProviderID,
			ProviderName: it.ProviderName, Law: it.Law, Month: it.Period.String()[:7], Kind: it.Kind, TotalCents: it.Total, State: it.State,
			Href: "/api/v1/declarations/" + strconv.FormatInt(it.ID, 10)})
	}
	return replyItems(w, r, p, items, list.More, nil)
}

// proposalLineJSON is a line of a proposed declaration, in the form POST
// /declarations takes.
type proposalLineJSON struct {
	Date       string `json:"date"`
	CareType   string `json:"care_type"`
	Unit       string `json:"unit"`
	Hundredths int64  `json:"units_hundredths"`
}

// proposeDeclaration is "herhalen": for the month asked (or the first that
// may still be declared), last month's pattern, the same weekdays with the
// same units on the days the agreement and grant are in force, as a body
// for POST /declarations. Nothing is stored. No lines: nothing to repeat.
func (a *API) proposeDeclaration(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	month := r.URL.Query().Get("month")
	if month != "" {
		if _, err := domain.ParseDate(month + "-01"); err != nil || len(month) != 7 {
			return &requestError{status: http.StatusBadRequest, code: "bad_month", field: "month"}
		}
	}
	g, err := a.svc.DeclarationGrid(r.Context(), actor, id, month, true)
	if err != nil {
		return err
	}
	lines := []proposalLineJSON{}
	for key, units := range g.Repeat { // "2026-10-05/begeleiding/uur" → "2,50"
		parts := strings.SplitN(key, "/", 3)
		c, err := domain.ParseCents(units)
		if len(parts) != 3 || err != nil {
			continue
		}
		lines = append(lines, proposalLineJSON{Date: parts[0], CareType: parts[1], Unit: parts[2], Hundredths: int64(c)})
	}
	sort.Slice(lines, func(i, j int) bool {
		if lines[i].Date != lines[j].Date {
			return lines[i].Date < lines[j].Date
		}
		return lines[i].CareType < lines[j].CareType
	})
	out := map[string]any{"agreement_id": id, "kind": string(domain.DeclCare), "month": g.Month.String()[:7], "lines": lines,
		"deadline": g.Deadline, "late": g.Late}
	return reply(w, http.StatusOK, out)
}

// paperDeclarationJSON is a declaration that came by post: what was on it,
// the day it was received (which decides its deadline) and its scan.
type paperDeclarationJSON struct {
	declInputJSON
	Received string   `json:"received"`
	Scan     fileJSON `json:"scan"`
}

// createPaperDeclaration: SVB staff register a declaration that came by
// post, with its scan; it goes to the checks at once (as the page's
// POST /declaraties/papier, through RegisterPaperDeclaration).
func (a *API) createPaperDeclaration(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in paperDeclarationJSON
	if err := decodeUpTo(w, r, 1<<20+(domain.MaxUploadBytes+2)/3*4, &in); err != nil {
		return err
	}
	v, err := a.svc.RegisterPaperDeclaration(r.Context(), actor, in.input("papier"), in.Received, in.Scan.Filename, in.Scan.Content)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/declarations/"+strconv.FormatInt(v.ID, 10))
	return reply(w, http.StatusCreated, toDeclaration(v, i18n.FromRequest(r)))
}
