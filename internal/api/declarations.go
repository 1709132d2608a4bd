package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func (a *API) registerDeclarations() {
	a.handle("GET /api/v1/declarations", a.listDeclarations)
	a.handle("POST /api/v1/declarations", a.createDeclaration)
	a.handle("POST /api/v1/declarations/batch", a.batchDeclarations)
	a.handle("GET /api/v1/declarations/{id}", a.getDeclaration)
	a.handle("POST /api/v1/declarations/{id}/{action}", a.actOnDeclaration)
	a.handle("POST /api/v1/declarations/{id}/attachments", a.attachToDeclaration)
	a.registerAttachments()
	a.registerDeclarationMessages()
	a.registerDeclarationWork()
}

type declLineJSON struct {
	Date       domain.Date  `json:"date,omitzero"`
	CareType   string       `json:"care_type"`
	Unit       domain.Unit  `json:"unit"`
	Hundredths int64        `json:"units_hundredths"`
	RateCents  domain.Cents `json:"rate_cents"`
	Amount     domain.Cents `json:"amount_cents"`
}

type findingJSON struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

type declarationJSON struct {
	ID                int64                   `json:"id"`
	AgreementID       int64                   `json:"agreement_id"`
	BudgetHolderID    int64                   `json:"budget_holder_id"`
	ProviderID        int64                   `json:"provider_id"`
	GrantID           int64                   `json:"grant_id"`
	Kind              domain.DeclarationKind  `json:"kind"`
	Period            domain.Period           `json:"period"`
	State             domain.DeclarationState `json:"state"`
	Source            string                  `json:"source"`
	TravelKm          int64                   `json:"travel_km_hundredths"`
	TravelPerKmCents  domain.Cents            `json:"travel_per_km_cents"`
	AmountCents       domain.Cents            `json:"amount_cents"`
	TotalCents        domain.Cents            `json:"total_cents"`
	InvoiceNumber     string                  `json:"invoice_number,omitempty"`
	InvoiceTotalCents domain.Cents            `json:"invoice_total_cents"`
	Lines             []declLineJSON          `json:"lines"`
	Findings          []findingJSON           `json:"findings"`
	Reason            string                  `json:"reason,omitempty"`
	// edges: the verstrekker allowed it late; a paper declaration's date
	// received and whether that date met the deadline; and its history
	// (on GET of one declaration).
	LateAllowed     bool               `json:"late_allowed"`
	ReceivedOn      *domain.Date       `json:"received_on,omitempty"`
	ReceivedDecides bool               `json:"received_decides_deadline,omitempty"`
	History         []declarationEvent `json:"history,omitempty"`
	// Its files (invoice, time sheet, scan), as the page lists them; each
	// is downloaded at its href.
	Attachments []attachmentJSON `json:"attachments"`
	// What the caller may do with it now (the declaration's lifecycle
	// table), as the declaration's page offers it.
	Actions []domain.DeclarationAction `json:"your_actions"`
}

// declarationEvent is one step of a declaration's history.
type declarationEvent struct {
	At          string                  `json:"at"`
	Actor       string                  `json:"actor"`
	Role        string                  `json:"actor_role"`
	OnBehalfOf  string                  `json:"on_behalf_of,omitempty"`
	Action      string                  `json:"action"`
	Description string                  `json:"description"`
	State       domain.DeclarationState `json:"state,omitempty"`
	Reason      string                  `json:"reason,omitempty"`
}

func toDeclaration(v service.DeclarationView, lang string) declarationJSON {
	out := declarationJSON{ID: v.ID, AgreementID: v.AgreementID, BudgetHolderID: v.BudgetHolderID, ProviderID: v.ProviderID, GrantID: v.GrantID,
		Kind: v.D.Kind, Period: v.D.Period, State: v.State, Source: v.Source, TravelKm: v.D.TravelKm, TravelPerKmCents: v.D.TravelPerKm, AmountCents: v.D.Amount, TotalCents: v.D.Total(), InvoiceNumber: v.D.InvoiceNumber, InvoiceTotalCents: v.D.InvoiceTotal,
		Reason: v.Reason, Lines: []declLineJSON{}, Findings: []findingJSON{}, Actions: v.Actions, Attachments: toAttachments(v)}
	if out.Actions == nil {
		out.Actions = []domain.DeclarationAction{}
	}
	for _, l := range v.D.Lines {
		out.Lines = append(out.Lines, declLineJSON{l.Date, l.CareType, l.Unit, l.Units, l.Rate, l.Amount()})
	}
	for _, f := range v.Findings {
		out.Findings = append(out.Findings, findingJSON{f.Code, f.Field, i18n.T(lang, "check."+f.Code, f.Args...)})
	}
	out.LateAllowed, out.ReceivedDecides = v.D.LateAllowed, v.ReceivedDecides
	if v.Source == "papier" && !v.D.SentToHolder.IsZero() {
		on := v.D.SentToHolder
		out.ReceivedOn = &on
	}
	for _, e := range v.History {
		out.History = append(out.History, declarationEvent{At: e.At.UTC().Format("2006-01-02T15:04:05Z"), Actor: e.Actor, Role: e.Role, OnBehalfOf: e.For,
			Action: e.Action, Description: i18n.T(lang, e.TextKey), State: e.State, Reason: e.Reason})
	}
	return out
}

func (a *API) listDeclarations(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	list, more, err := a.svc.DeclarationsPage(r.Context(), actor, p.size, p.offset())
	if err != nil {
		return err
	}
	lang := i18n.FromRequest(r)
	out := []declarationJSON{}
	for _, v := range list {
		out = append(out, toDeclaration(v, lang))
	}
	return replyItems(w, r, p, out, more, nil)
}

// declInputJSON is a declaration as the API takes it.
type declInputJSON struct {
	AgreementID       int64         `json:"agreement_id"`
	Kind              string        `json:"kind"`  // zorg (default), reiskosten, feestdagenuitkering
	Month             string        `json:"month"` // "2026-10"
	InvoiceNumber     string        `json:"invoice_number"`
	InvoiceTotalCents *domain.Cents `json:"invoice_total_cents"`
	TravelKm          *int64        `json:"travel_km_hundredths"`
	AmountCents       *domain.Cents `json:"amount_cents"`
	Lines             []struct {
		Date       string        `json:"date"`
		CareType   string        `json:"care_type"`
		Unit       string        `json:"unit"`
		Hundredths int64         `json:"units_hundredths"`
		RateCents  *domain.Cents `json:"rate_cents"` // absent: the agreed rate
	} `json:"lines"`
}

func (in declInputJSON) input(source string) service.DeclarationInput {
	din := service.DeclarationInput{AgreementID: in.AgreementID, Kind: in.Kind, Month: in.Month, InvoiceNumber: in.InvoiceNumber,
		InvoiceTotal: centsString(in.InvoiceTotalCents), Amount: centsString(in.AmountCents), Source: source}
	if in.TravelKm != nil {
		din.TravelKm = domain.Cents(*in.TravelKm).Plain("en")
	}
	for _, l := range in.Lines {
		u := domain.Cents(l.Hundredths)
		din.Lines = append(din.Lines, service.DeclLineInput{Date: l.Date, CareType: l.CareType, Unit: l.Unit, Units: u.Plain("en"), Rate: centsString(l.RateCents)})
	}
	return din
}

// newDeclarationJSON is the body of POST /api/v1/declarations: a
// declaration and, with "send": true, the wish to send it to the budget
// holder at once (in one transaction: nothing is stored when either is
// refused). A batch item has no "send" of its own.
// Files come with it too, so that a formal provider's invoice is there
// when the budget holder approves.
type newDeclarationJSON struct {
	declInputJSON
	Send  bool       `json:"send"`
	Files []fileJSON `json:"files"`
}

// fileJSON is an attached file in a JSON body: its bytes in base64. Its
// type is sniffed from the bytes, as for every upload.
type fileJSON struct {
	Filename string `json:"filename"`
	Content  []byte `json:"content_base64"`
}

// maxNewDeclarationBody is the largest body of POST /api/v1/declarations:
// a declaration with its largest files, in base64.
const maxNewDeclarationBody = 1<<20 + service.MaxDeclarationFiles*(domain.MaxUploadBytes+2)/3*4

func (a *API) createDeclaration(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in newDeclarationJSON
	if err := decodeUpTo(w, r, maxNewDeclarationBody, &in); err != nil {
		return err
	}
	din := in.input("api")
	for _, f := range in.Files {
		din.Files = append(din.Files, service.Upload{Name: f.Filename, Data: f.Content})
	}
	v, err := a.svc.EnterDeclaration(r.Context(), actor, din, in.Send)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/declarations/"+strconv.FormatInt(v.ID, 10))
	return reply(w, http.StatusCreated, toDeclaration(v, i18n.FromRequest(r)))
}

// batchResult is the outcome of one declaration of a batch.
type batchResult struct {
	Index    int                     `json:"index"`
	Status   int                     `json:"status"`
	ID       int64                   `json:"id,omitempty"`
	State    domain.DeclarationState `json:"state,omitempty"`
	Location string                  `json:"location,omitempty"`
	Problem  *Problem                `json:"problem,omitempty"`
}

// batchDeclarations enters up to service.MaxBatch declarations in one
// request, each with its own outcome; a larger batch (up to
// service.MaxBatchJob), or one sent with Prefer: respond-async, is entered
// by a job (202 Accepted). With an Idempotency-Key header a
// retried request (same key, same body) gets the first response again,
// marked Idempotency-Replayed, and creates nothing; the same key with
// another body is a conflict.
func (a *API) batchDeclarations(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return &requestError{status: http.StatusUnsupportedMediaType, code: "unsupported_media"}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 16<<20))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return tooLarge(16 << 20)
	}
	if err != nil { // cut off (too slow, gone): not too large
		return err
	}
	var in struct {
		Send         bool            `json:"send"` // send each to its budget holder at once
		Declarations []declInputJSON `json:"declarations"`
	}
	if err := decodeFrom(bytes.NewReader(body), &in); err != nil {
		return err
	}
	req := service.BatchRequest{Send: in.Send, Key: r.Header.Get("Idempotency-Key"), RequestHash: service.HashRequest(body)}
	for _, d := range in.Declarations {
		req.Items = append(req.Items, d.input("api"))
	}
	if len(req.Items) > service.MaxBatch || preferAsync(r) {
		// Entered by a job: 202 and the job to poll, its outcomes at
		// GET /api/v1/jobs/{id}/results once done. A retry with the key
		// gets the same job.
		job, replayed, err := a.svc.StartBatchJob(r.Context(), actor, req, nil)
		if err != nil {
			return err
		}
		if replayed {
			w.Header().Set("Idempotency-Replayed", "true")
		}
		return acceptJob(w, r, job)
	}
	lang := i18n.FromRequest(r)
	status, resp, replayed, err := a.svc.BatchDeclarations(r.Context(), actor, req, func(outs []service.BatchOutcome) (int, []byte, error) {
		results := make([]batchResult, len(outs))
		created := 0
		for i, o := range outs {
			results[i] = batchResult{Index: o.Index, Status: http.StatusCreated, ID: o.ID, State: o.State}
			if o.Err != nil {
				p := a.problemOf(r, lang, o.Err)
				results[i] = batchResult{Index: o.Index, Status: p.Status, Problem: &p}
				continue
			}
			created++
			results[i].Location = "/api/v1/declarations/" + strconv.FormatInt(o.ID, 10)
		}
		b, err := json.Marshal(map[string]any{"created": created, "failed": len(outs) - created, "results": results})
		return http.StatusOK, b, err
	})
	if err != nil {
		return err
	}
	if replayed {
		w.Header().Set("Idempotency-Replayed", "true")
	}
	if replayed && status == http.StatusAccepted { // the key's first request was entered by a job
		job, found, err := a.svc.JobOfBatchKey(r.Context(), actor, req.Key)
		if err != nil || !found {
			return err
		}
		return acceptJob(w, r, job)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err = w.Write(resp)
	return err
}

func (a *API) getDeclaration(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.svc.Declaration(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toDeclaration(v, i18n.FromRequest(r)))
}

func (a *API) actOnDeclaration(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	// The path names the action as your_actions does (allow_late), or in
	// kebab-case (allow-late): both from the one list in the domain.
	action, ok := domain.ParseDeclarationAction(r.PathValue("action"))
	if !ok {
		return unknownAction()
	}
	if action == domain.DeclActAttach { // the body is the file, as for POST .../attachments
		return a.attachToDeclaration(w, r, actor)
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	v, err := a.svc.ActOnDeclaration(r.Context(), actor, id, action, in.Reason)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toDeclaration(v, i18n.FromRequest(r)))
}

// attachToDeclaration takes the file as the request body (any content
// type; the type is sniffed from the bytes). X-Filename names it.
func (a *API) attachToDeclaration(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, domain.MaxUploadBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return tooLarge(domain.MaxUploadBytes)
	}
	if err != nil { // cut off (too slow, gone): not too large
		return err
	}
	att, err := a.svc.AttachToDeclaration(r.Context(), actor, id, r.Header.Get("X-Filename"), data)
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, toAttachment(id, att))
}

// preferAsync reports whether the client asked for the work to be done in
// the background (RFC 7240 Prefer: respond-async).
func preferAsync(r *http.Request) bool {
	for _, v := range r.Header.Values("Prefer") {
		for _, p := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(p), "respond-async") {
				return true
			}
		}
	}
	return false
}
