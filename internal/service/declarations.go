package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// DeclLineInput is a declared day as typed.
type DeclLineInput struct {
	Date     string `json:"date"`
	CareType string `json:"care_type"`
	Unit     string `json:"unit"`
	Units    string `json:"units"` // "2,5"
	Rate     string `json:"rate"`  // "52,50"; empty: the agreed rate
}

// DeclarationInput is a declaration as entered: care per day, travel
// costs (kilometres at the agreed rate) or a feestdagenuitkering (an amount).
type DeclarationInput struct {
	AgreementID   int64
	Kind          string // zorg (default), reiskosten, feestdagenuitkering
	Month         string // "2026-10"
	Lines         []DeclLineInput
	TravelKm      string // "42,5"; on a care or travel declaration
	Amount        string // the feestdagenuitkering
	InvoiceNumber string
	InvoiceTotal  string
	Source        string   // portaal (default), api, csv, papier
	Files         []Upload // the invoice or time sheet, attached as it is stored
}

// MaxDeclarationFiles is how many files a declaration takes when it is
// entered: an invoice and a time sheet, with room for one more.
const MaxDeclarationFiles = 3

// MaxDeclarationFilesTotal is how many files a declaration holds over its
// whole life: those of its entry and any added later (a corrected invoice),
// so that no one stores an unbounded number of 10 MB files on one.
const MaxDeclarationFilesTotal = 5

// Upload is a file as sent: its name and bytes (the type is sniffed).
type Upload struct {
	Name string
	Data []byte
}

// DeclarationView is a declaration with its agreement's parties.
type DeclarationView struct {
	store.DeclarationRow
	Provider    domain.Provider     `json:"provider"`
	Holder      domain.BudgetHolder `json:"-"`
	Party       domain.Party        `json:"party"`
	Attachments []store.Attachment  `json:"attachments"`
	// edges: what happened to it (read for one declaration, not for lists),
	// and whether a paper declaration's date received met a deadline.
	History         []DeclarationEvent `json:"history,omitempty"`
	ReceivedDecides bool               `json:"received_decides,omitempty"`
	// edges: the declared month and its lines (dates, care, hours), in the
	// own-data download (the row itself keeps them out of its JSON).
	Kind   domain.DeclarationKind `json:"kind"`
	Period domain.Period          `json:"period"`
	Lines  []domain.DeclLine      `json:"lines"`
	// What the actor's party may do with it now, as the lifecycle table
	// allows: the page's buttons and the API's your_actions.
	Actions []domain.DeclarationAction `json:"your_actions"`
	// Verstrekker names the funder that looks at a held declaration now.
	Verstrekker string `json:"verstrekker,omitempty"`
}

// CreateDeclaration enters a declaration on an approved agreement for a
// month: by the provider, or by the budget holder for informal care. It
// starts as a concept; shape errors are refused at their field.
func (s *Service) CreateDeclaration(ctx context.Context, a Actor, in DeclarationInput) (DeclarationView, error) {
	return s.EnterDeclaration(ctx, a, in, false)
}

// SubmitDeclaration enters a declaration and sends it to the budget holder
// for approval, in one transaction: what a provider does who is done with
// the month. Nothing is stored when either step is refused.
func (s *Service) SubmitDeclaration(ctx context.Context, a Actor, in DeclarationInput) (DeclarationView, error) {
	return s.EnterDeclaration(ctx, a, in, true)
}

// EnterDeclaration is SubmitDeclaration with send, CreateDeclaration
// without: for a page or a request that carries the choice.
func (s *Service) EnterDeclaration(ctx context.Context, a Actor, in DeclarationInput, send bool) (DeclarationView, error) {
	var view DeclarationView
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		r, _, party, err := s.createDeclarationRow(ctx, tx, a, in, send)
		if err != nil {
			return err
		}
		view, err = s.viewLoaded(ctx, tx, r, party, false)
		return err
	})
	return view, err
}

// createDeclaration validates and stores a concept declaration in tx, with
// its audit record, and returns its id.
func (s *Service) createDeclaration(ctx context.Context, tx *store.Tx, a Actor, in DeclarationInput) (int64, error) {
	r, _, _, err := s.createDeclarationRow(ctx, tx, a, in, false)
	return r.ID, err
}

// createDeclarationRow is createDeclaration returning the stored row (as
// DeclarationByID would load it) with its agreement and the actor's party.
// With send, the declaration is sent to the budget holder before it is
// stored, so that it is written once, in its final state, with the audit
// records of both steps.
func (s *Service) createDeclarationRow(ctx context.Context, tx *store.Tx, a Actor, in DeclarationInput, send bool) (store.DeclarationRow, domain.Agreement, domain.Party, error) {
	var r store.DeclarationRow
	ag, vers, err := tx.AgreementWithTerms(ctx, in.AgreementID)
	if err != nil {
		return r, ag, "", err
	}
	party, err := s.party(ctx, tx, a, ag)
	if err != nil {
		return r, ag, party, err
	}
	if ag.InForce == 0 || (ag.Ended && !declarableAfterEnd(ag, in.Month)) || len(vers) < ag.InForce {
		return r, ag, party, domain.Conflict("agreement_not_approved")
	}
	terms := vers[ag.InForce-1].Terms
	if err := domain.MayEnterDeclaration(party, terms.Kind, in.Source == "papier"); err != nil {
		return r, ag, party, err
	}
	d, err := parseDeclaration(in, terms)
	var v domain.Validation
	if e, ok := domain.AsError(err); ok && e.Kind == domain.KindInvalid {
		for _, f := range e.Fields { // every error at once: the lines' and the files'
			v.Add(f.Field, f.Code, f.Args...)
		}
	} else if err != nil {
		return r, ag, party, err
	}
	if len(in.Files) > MaxDeclarationFiles {
		v.Add("file", "too_many_files", MaxDeclarationFiles)
	}
	types := make([]string, len(in.Files))
	for i, f := range in.Files {
		types[i], err = domain.SniffUpload("file", f.Data)
		v.AddErr("file", err)
	}
	if err := v.Err(); err != nil {
		return r, ag, party, err
	}
	d.HasAttachment = len(in.Files) > 0
	// As stored and loaded again: lines by day, the source named.
	origins := sortDeclLines(d.Lines, in.Lines)
	if in.Source == "" {
		in.Source = "portaal"
	}
	now := s.now().UTC().Truncate(time.Microsecond) // as PostgreSQL keeps it
	r = store.DeclarationRow{AgreementID: ag.ID, BudgetHolderID: ag.BudgetHolderID, ProviderID: ag.ProviderID, GrantID: ag.GrantID, VerstrekkerID: ag.VerstrekkerID,
		State: domain.DeclConcept, D: d, Total: d.Total(), Source: in.Source, EnteredBy: a.AccountID, CreatedAt: now, UpdatedAt: now, RowVersion: 1}
	if send {
		if err := s.sendStep(ctx, tx, &r, party, ag); err != nil {
			return r, ag, party, atInputLines(err, origins)
		}
	}
	if r.ID, err = tx.CreateDeclaration(ctx, r); err != nil {
		return r, ag, party, err
	}
	if send {
		if err := s.notifyDecl(ctx, tx, ag, r.ID, "notice.declaration_waiting", domain.PartyHolder); err != nil {
			return r, ag, party, err
		}
	}
	recs := []audit.Record{s.record(a, "declaration.create", "declaration", r.ID, nil,
		map[string]any{"agreement_id": ag.ID, "kind": d.Kind, "month": in.Month, "total_cents": d.Total(), "source": r.Source})}
	for i, f := range in.Files {
		_, rec, err := s.attachToDeclaration(ctx, tx, a, r.ID, f.Name, types[i], f.Data)
		if err != nil {
			return r, ag, party, err
		}
		recs = append(recs, rec)
	}
	if send {
		recs = append(recs, s.stepRecord(a, r, domain.DeclConcept))
	}
	return r, ag, party, tx.Audit(ctx, recs...)
}

// parseDeclaration reads a declaration as typed against the agreement in
// force: every shape error at its field, all at once. Rates left empty are
// the agreed ones; travel costs are at the agreed rate per km.
func parseDeclaration(in DeclarationInput, terms domain.AgreementTerms) (domain.Declaration, error) {
	var v domain.Validation
	kind := domain.DeclarationKind(strings.TrimSpace(in.Kind))
	if kind == "" {
		kind = domain.DeclCare
	}
	if !kind.Valid() || kind == domain.DeclFreeAmount {
		v.Add("kind", "declaration_kind_invalid")
	} else if !kind.AllowedOn(terms.Kind) {
		v.Add("kind", "holiday_pay_employees_only")
	}
	month, err := domain.ParseDate(strings.TrimSpace(in.Month) + "-01")
	if err != nil {
		v.Add("month", "date_invalid")
	}
	period := domain.Period{Start: month, End: month.AddMonths(1).AddDays(-1)}
	d := domain.Declaration{Kind: kind, Period: period, InvoiceNumber: strings.TrimSpace(in.InvoiceNumber)}
	if strings.TrimSpace(in.InvoiceTotal) != "" {
		if d.InvoiceTotal, err = domain.ParseCents(in.InvoiceTotal); err != nil || d.InvoiceTotal < 0 {
			v.Add("invoice_total", "amount_invalid")
		}
	}
	if km := strings.TrimSpace(in.TravelKm); km != "" && kind != domain.DeclHolidayPay {
		if d.TravelKm, err = parseUnits(km); err != nil || d.TravelKm < 0 || d.TravelKm > 1000000 {
			v.Add("travel_km", "amount_invalid")
		} else if d.TravelKm > 0 && terms.TravelPerKm == 0 {
			v.Add("travel_km", "travel_not_agreed_field")
		}
		d.TravelPerKm = terms.TravelPerKm
	}
	switch kind {
	case domain.DeclTravel:
		if d.TravelKm == 0 && !v.Has("travel_km") {
			v.Add("travel_km", "travel_km_required")
		}
	case domain.DeclHolidayPay:
		if d.Amount, err = domain.ParseCents(in.Amount); err != nil || d.Amount <= 0 {
			v.Add("amount", "amount_invalid")
		}
	case domain.DeclCare:
		d.Lines = parseDeclLines(&v, in.Lines, period, terms)
		if len(d.Lines) == 0 && !v.Has("lines") {
			v.Add("lines", "lines_required")
		}
	}
	return d, v.Err()
}

// parseDeclLines reads the filled cells of a month grid (empty ones are skipped).
func parseDeclLines(v *domain.Validation, lines []DeclLineInput, period domain.Period, terms domain.AgreementTerms) []domain.DeclLine {
	var out []domain.DeclLine
	seen := map[domain.DupKey]bool{}
	for i, l := range lines {
		if strings.TrimSpace(l.Units) == "" {
			continue // an empty cell of the month grid
		}
		f := "lines[" + itoa(i) + "]"
		dl := domain.DeclLine{CareType: strings.TrimSpace(l.CareType), Unit: domain.Unit(strings.TrimSpace(l.Unit))}
		var err error
		if dl.Date, err = domain.ParseDate(strings.TrimSpace(l.Date)); err != nil {
			v.Add(f+".date", "date_invalid")
		} else if !period.Contains(dl.Date) {
			v.Add(f+".date", "date_outside_month")
		} else if k := (domain.DupKey{Date: dl.Date, CareType: dl.CareType}); seen[k] {
			v.Add(f+".date", "duplicate_line_field")
		} else {
			seen[k] = true
		}
		if dl.Units, err = parseUnits(l.Units); err != nil || dl.Units <= 0 {
			v.Add(f+".units", "amount_invalid")
		} else if dl.Unit.Valid() && dl.Units%dl.Unit.Step() != 0 {
			v.Add(f+".units", "units_step")
		}
		dl.Rate = -1
		if strings.TrimSpace(l.Rate) != "" {
			if dl.Rate, err = domain.ParseCents(l.Rate); err != nil {
				v.Add(f+".rate", "amount_invalid")
			} else if dl.Rate < 0 { // refused, not silently the agreed rate
				v.Add(f+".rate", "amount_negative")
				dl.Rate = 0
			}
		}
		if dl.Rate < 0 { // the agreed rate
			for _, cl := range terms.Lines {
				if cl.CareType == dl.CareType && cl.Unit == dl.Unit {
					dl.Rate = cl.Rate
				}
			}
			if dl.Rate < 0 {
				v.Add(f+".care_type", "care_type_not_agreed_field")
				dl.Rate = 0
			}
		}
		out = append(out, dl)
	}
	return out
}

func (s *Service) declarationView(ctx context.Context, tx *store.Tx, a Actor, id int64) (DeclarationView, error) {
	r, err := tx.DeclarationByID(ctx, id, false)
	if err != nil {
		return DeclarationView{}, err
	}
	return s.viewOf(ctx, tx, a, r)
}

// viewOf completes a loaded declaration with its parties, for an actor who
// is one of them.
func (s *Service) viewOf(ctx context.Context, tx *store.Tx, a Actor, r store.DeclarationRow) (DeclarationView, error) {
	_, party, err := s.visibleAgreement(ctx, tx, a, r.AgreementID, false)
	if err != nil {
		return DeclarationView{}, declarationNotFound(err)
	}
	return s.viewLoaded(ctx, tx, r, party, true)
}

// viewLoaded completes r for a party already established; attachments are
// read only when r may have some (a new declaration has none).
func (s *Service) viewLoaded(ctx context.Context, tx *store.Tx, r store.DeclarationRow, party domain.Party, attachments bool) (DeclarationView, error) {
	v := DeclarationView{DeclarationRow: r, Party: party, ReceivedDecides: ReceivedDecides(r), Kind: r.D.Kind, Period: r.D.Period, Lines: r.D.Lines,
		Actions: domain.DeclarationActions(r.State, r.Findings, party)}
	var err error
	if v.Provider, err = tx.Provider(ctx, r.ProviderID); err != nil {
		return v, err
	}
	if attachments {
		if v.Attachments, err = tx.Attachments(ctx, "declaration", r.ID); err != nil {
			return v, err
		}
	}
	if r.State == domain.DeclHeld && r.VerstrekkerID != 0 {
		o, err := tx.Organisation(ctx, r.VerstrekkerID)
		if err != nil {
			return v, err
		}
		v.Verstrekker = o.Name
	}
	v.Holder, err = tx.BudgetHolder(ctx, r.BudgetHolderID)
	return v, err
}

// Declaration returns a declaration to the parties of its agreement.
func (s *Service) Declaration(ctx context.Context, a Actor, id int64) (DeclarationView, error) {
	var v DeclarationView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		if v, err = s.declarationView(ctx, tx, a, id); err != nil {
			return err
		}
		v.History, err = declarationHistory(ctx, tx, v)
		return err
	})
	return v, err
}

// SendDeclaration sends a concept (or a corrected one) to the budget holder
// for approval.
func (s *Service) SendDeclaration(ctx context.Context, a Actor, id int64) (DeclarationView, error) {
	return s.declarationStep(ctx, a, id, s.sendStep)
}

func (s *Service) sendStep(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, party domain.Party, ag domain.Agreement) error {
	to, err := domain.DeclarationNext(r.State, r.Findings, domain.DeclActSend, party)
	if err != nil {
		return err
	}
	r.State, r.D.SentToHolder, r.Findings, r.Reason = to, s.Today(), nil, ""
	if err := s.entryChecks(ctx, tx, r, ag); err != nil {
		return err // nothing reaches the budget holder that the checks would refuse
	}
	if r.ID == 0 {
		return nil // a new declaration: the holder is told once it is stored (createDeclarationRow)
	}
	return s.notifyDecl(ctx, tx, ag, r.ID, "notice.declaration_waiting", domain.PartyHolder)
}

// RejectDeclaration: the budget holder does not agree, with a reason; the
// provider can correct and send again.
func (s *Service) RejectDeclaration(ctx context.Context, a Actor, id int64, reason string) (DeclarationView, error) {
	return s.declarationStep(ctx, a, id, func(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, party domain.Party, ag domain.Agreement) error {
		to, err := domain.DeclarationNext(r.State, r.Findings, domain.DeclActReject, party)
		if err != nil {
			return err
		}
		if strings.TrimSpace(reason) == "" {
			return domain.Invalid("reason", "required")
		}
		r.State, r.Reason = to, strings.TrimSpace(reason)
		return s.notifyDecl(ctx, tx, ag, r.ID, "notice.declaration_rejected", domain.PartyProvider)
	})
}

// ApproveDeclaration is the budget holder's approval. The checks run at
// once, in the same transaction: accepted declarations reserve their amount
// on the grant (the ledger refuses overspending under concurrency); a failed
// check refuses it with its codes; a fraud signal holds it for the
// verstrekker.
func (s *Service) ApproveDeclaration(ctx context.Context, a Actor, id int64) (DeclarationView, error) {
	return s.declarationStep(ctx, a, id, func(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, party domain.Party, ag domain.Agreement) error {
		if _, err := domain.DeclarationNext(r.State, r.Findings, domain.DeclActApprove, party); err != nil {
			return err // the checks decide the state that follows
		}
		r.D.SubmittedByHolder = s.Today()
		return s.runChecksOn(ctx, tx, r, ag, false, a.AccountID)
	})
}

// runChecks applies the checks and their outcome to r.
func (s *Service) runChecks(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, ag domain.Agreement) error {
	return s.runChecksOn(ctx, tx, r, ag, false, 0)
}

// runChecksOn is runChecks; admitted is true when a corrected settlement
// admits r on its settled grant (edges), so that the settlement does not
// refuse it. approver, when not 0, is the account that approves r: refused
// when it acts as r's provider (read with the checks' context, in its
// round trip).
func (s *Service) runChecksOn(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, ag domain.Agreement, admitted bool, approver int64) error {
	in, cc, err := s.checkInput(ctx, tx, r, ag, true)
	if err != nil {
		return err
	}
	if approver != 0 {
		if err := domain.CheckApproverNotProvider(slices.Contains(cc.ProviderAccounts, approver)); err != nil {
			return err
		}
	}
	in.GrantSettled = in.GrantSettled && !admitted
	refusals, signals := domain.CheckAt(domain.StepApproval, r.D, in)
	switch {
	case len(refusals) > 0:
		r.State, r.Findings = domain.DeclRefused, refusals
		return s.notifyDecl(ctx, tx, ag, r.ID, "notice.declaration_refused", domain.PartyHolder, domain.PartyProvider)
	case len(signals) > 0:
		r.State, r.Findings = domain.DeclHeld, signals
		return s.notifyDecl(ctx, tx, ag, r.ID, "notice.declaration_held", domain.PartyVerstrekker)
	}
	return s.accept(ctx, tx, r, ag, &cc.Balance)
}

// accept reserves the declaration's amount on the grant; if the budget ran
// out meanwhile, it is refused instead. locked is the grant's balance when
// this transaction has read it under lock, nil when it has not.
func (s *Service) accept(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, ag domain.Agreement, locked *ledger.Balance) error {
	return s.acceptOn(ctx, tx, r, ag, locked, false)
}

// acceptOn is accept; admitted is true when a corrected settlement admits r
// on its settled grant (edges).
func (s *Service) acceptOn(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, ag domain.Agreement, locked *ledger.Balance, admitted bool) error {
	post, err := ledger.New(ledger.Reserved, r.D.Total())
	if err != nil {
		return err
	}
	ref := store.Ref{Type: "declaration", ID: r.ID}
	if locked != nil {
		_, err = tx.PostLocked(ctx, r.GrantID, *locked, post, r.D.Period.Start, ref, s.now())
	} else if admitted {
		err = tx.Post(ctx, r.GrantID, post, r.D.Period.Start, ref, s.now())
	} else if err = refuseIfSettled(ctx, tx, r.GrantID); err == nil {
		err = tx.Post(ctx, r.GrantID, post, r.D.Period.Start, ref, s.now())
	}
	if domain.HasCode(err, "grant_settled") {
		// Accepted without the checks (released by the verstrekker, a
		// monthly wage): a corrected settlement admits it as it is.
		r.State, r.Findings = domain.DeclRefused, []domain.Finding{{Code: "grant_settled", Field: settledReviewed}}
		return s.notify(ctx, tx, ag, "notice.declaration_refused", domain.PartyHolder, domain.PartyProvider)
	}
	if err != nil {
		if e, ok := domain.AsCode(err, "insufficient_budget"); ok {
			r.State, r.Findings = domain.DeclRefused, []domain.Finding{{Code: "budget_insufficient", Args: e.Args}}
			return s.notifyDecl(ctx, tx, ag, r.ID, "notice.declaration_refused", domain.PartyHolder, domain.PartyProvider)
		}
		return err
	}
	r.State, r.Findings = domain.DeclAccepted, nil
	return s.notifyDecl(ctx, tx, ag, r.ID, "notice.declaration_accepted", domain.PartyHolder, domain.PartyProvider)
}

// ReviewHeld lets the verstrekker release a held declaration (it is then
// accepted, reserving its amount) or refuse it with a reason.
func (s *Service) ReviewHeld(ctx context.Context, a Actor, id int64, release bool, reason string) (DeclarationView, error) {
	return s.declarationStep(ctx, a, id, func(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, party domain.Party, ag domain.Agreement) error {
		action := domain.DeclActRefuse
		if release {
			action = domain.DeclActRelease
		}
		to, err := domain.DeclarationNext(r.State, r.Findings, action, party)
		if err != nil {
			return err
		}
		if release {
			return s.accept(ctx, tx, r, ag, nil) // accepted, unless the budget ran out
		}
		if strings.TrimSpace(reason) == "" {
			return domain.Invalid("reason", "required")
		}
		r.State, r.Reason = to, strings.TrimSpace(reason)
		return s.notifyDecl(ctx, tx, ag, r.ID, "notice.declaration_refused", domain.PartyHolder, domain.PartyProvider)
	})
}

// declarationStep runs step in its own transaction and returns the
// declaration as the actor now sees it.
func (s *Service) declarationStep(ctx context.Context, a Actor, id int64, step declStep) (DeclarationView, error) {
	var view DeclarationView
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		r, ag, party, err := s.loadForStep(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if r, err = s.stepLoaded(ctx, tx, a, r, ag, party, step); err != nil {
			return err
		}
		view, err = s.viewLoaded(ctx, tx, r, party, true)
		return err
	})
	return view, err
}

// declStep changes a loaded declaration in memory; stepLoaded saves it.
type declStep func(context.Context, *store.Tx, *store.DeclarationRow, domain.Party, domain.Agreement) error

// stepTx loads and locks a declaration, checks the actor is a party, runs
// step, and saves the result with its audit record, all in tx.
func (s *Service) stepTx(ctx context.Context, tx *store.Tx, a Actor, id int64, step declStep) error {
	r, ag, party, err := s.loadForStep(ctx, tx, a, id)
	if err != nil {
		return err
	}
	_, err = s.stepLoaded(ctx, tx, a, r, ag, party, step)
	return err
}

// loadForStep loads and locks a declaration with its agreement, for an
// actor who is a party to it.
func (s *Service) loadForStep(ctx context.Context, tx *store.Tx, a Actor, id int64) (store.DeclarationRow, domain.Agreement, domain.Party, error) {
	r, ag, err := tx.DeclarationWithAgreement(ctx, id, true)
	if err != nil {
		return r, ag, "", err
	}
	party, err := s.party(ctx, tx, a, ag)
	if err != nil {
		return r, ag, party, declarationNotFound(err)
	}
	return r, ag, party, nil
}

// stepLoaded runs step on a loaded (and locked) declaration and saves the
// result with its audit record; it returns the row as now stored.
func (s *Service) stepLoaded(ctx context.Context, tx *store.Tx, a Actor, r store.DeclarationRow, ag domain.Agreement, party domain.Party, step declStep) (store.DeclarationRow, error) {
	before := r.State
	if err := step(ctx, tx, &r, party, ag); err != nil {
		return r, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	if err := tx.SaveDeclaration(ctx, r, before, now); err != nil {
		return r, err
	}
	r.RowVersion, r.UpdatedAt = r.RowVersion+1, now
	return r, tx.Audit(ctx, s.stepRecord(a, r, before))
}

// stepRecord is the audit record of a declaration's step from before to
// its state now.
func (s *Service) stepRecord(a Actor, r store.DeclarationRow, before domain.DeclarationState) audit.Record {
	return s.record(a, "declaration."+string(r.State), "declaration", r.ID, map[string]any{"state": before},
		stepAfter(r))
}

// inForce lists the approved versions of an agreement with the periods they
// were in force: each from its start (or change date) until the next
// approved version, the last until the agreement's end.
func inForce(vers []domain.AgreementVersion, ag domain.Agreement) []domain.AgreementPeriod {
	var out []domain.AgreementPeriod
	for _, v := range vers {
		if v.State != domain.StateApproved && v.State != domain.StateEnded {
			continue // never in force: a concept, or a rejected change
		}
		start := v.Terms.Start
		if !v.EffectiveFrom.IsZero() {
			start = v.EffectiveFrom
		}
		if n := len(out); n > 0 {
			out[n-1].Period.End = start.AddDays(-1)
		}
		out = append(out, domain.AgreementPeriod{Period: domain.Period{Start: start, End: v.Terms.End}, Terms: v.Terms})
	}
	if n := len(out); n > 0 && ag.Ended && !ag.EndProposedOn.IsZero() {
		if out[n-1].Period.End.IsZero() || ag.EndProposedOn.Before(out[n-1].Period.End) {
			out[n-1].Period.End = ag.EndProposedOn
		}
	}
	return out
}

// wholeListPage is the page size in which Agreements and Declarations read
// a whole list.
const wholeListPage = 500

// Declarations lists all the declarations of the actor's role: a budget
// holder's, a provider's, or (for staff) their verstrekker's, newest
// first, read a page at a time: the own-data export (GDPR access) must
// hold every one, not the newest 200.
func (s *Service) Declarations(ctx context.Context, a Actor) ([]DeclarationView, error) {
	var all []DeclarationView
	for offset := 0; ; offset += wholeListPage {
		page, more, err := s.DeclarationsPage(ctx, a, wholeListPage, offset)
		if err != nil || !more {
			return append(all, page...), err
		}
		all = append(all, page...)
	}
}

// DeclarationsPage is a page of Declarations, newest first: at most limit
// from the offset-th, read by the database; more says there are more
// after.
func (s *Service) DeclarationsPage(ctx context.Context, a Actor, limit, offset int) (_ []DeclarationView, more bool, _ error) {
	var bh, prov, org int64
	switch a.Role.Role {
	case domain.RoleBudgetHolder, domain.RoleRepresentative:
		bh = a.Role.BudgetHolderID
	case domain.RoleProvider:
		prov = a.Role.ProviderID
	case domain.RoleVerstrekker:
		org = a.Role.OrganisationID
	case domain.RoleSVB: // the SVB pays them all: the newest of every party
		if requireStaffMFA(a) != nil {
			return nil, false, domain.Forbidden("staff_only")
		}
	default:
		return nil, false, nil
	}
	var out []DeclarationView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		rows, err := tx.DeclarationsFrom(ctx, bh, prov, org, limit+1, offset)
		if err != nil {
			return err
		}
		if len(rows) > limit {
			rows, more = rows[:limit], true
		}
		for _, r := range rows { // loaded with their lines already
			v, err := s.viewOf(ctx, tx, a, r)
			if domain.KindOf(err) == domain.KindNotFound {
				continue
			} else if err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	return out, more, err
}

// MonthGrid is what the entry form of a month needs: the agreed care lines,
// the days, and (for "herhalen") last month's units by weekday.
type MonthGrid struct {
	Agreement AgreementView
	Month     domain.Date
	Days      []domain.Date
	Lines     []domain.CareLine
	Terms     domain.AgreementTerms // the version in force: kind, travel rate
	Repeat    map[string]string     // "2026-10-05/begeleiding/uur" → units, from last month's pattern
	// Closed holds the days not offered, each with why (domain.DayClosed):
	// the agreement or the grant is not in force that day.
	Closed map[domain.Date]string
	// Months are the months that may still be declared on the agreement,
	// oldest first, each with its deadline; the form offers them to choose.
	Months []domain.DeclarableMonth
	// Deadline is the last day this month's declaration reaches the budget
	// holder in time; Late: that day has passed; Running: the month has not
	// ended yet.
	Deadline domain.Date
	Late     bool
	Running  bool
	// Left is what is left of the grant now (granted − reserved − paid):
	// the form shows what will be left after this declaration.
	Left domain.Cents
	// RepeatAsked: "herhalen" was asked for; with Repeat empty there was
	// nothing to repeat, which the form says.
	RepeatAsked bool
}

// DeclarationGrid prepares a month's entry form; repeat fills it with last
// month's pattern: the same weekdays with the same units, on the days that
// are offered. An empty month is the first that may still be declared (or,
// when none may, last month).
func (s *Service) DeclarationGrid(ctx context.Context, a Actor, agreementID int64, month string, repeat bool) (MonthGrid, error) {
	var g MonthGrid
	var first domain.Date
	if month != "" {
		var err error
		if first, err = domain.ParseDate(month + "-01"); err != nil {
			return g, domain.Invalid("month", "date_invalid")
		}
	}
	today := s.Today()
	err := s.db.View(ctx, func(tx *store.Tx) error {
		v, err := s.agreementView(ctx, tx, a, agreementID)
		if err != nil {
			return err
		}
		if v.InForce == 0 || len(v.Versions) < v.InForce {
			return domain.Conflict("agreement_not_approved")
		}
		terms := v.Versions[v.InForce-1].Terms
		periods := inForce(v.Versions, v.Agreement)
		declared, err := tx.DeclaredMonths(ctx, agreementID, domain.DeclCare, false)
		if err != nil {
			return err
		}
		months := domain.DeclarableMonths(today, periods, v.Grant.Period, v.Grant.DecidedOn, declared)
		if first.IsZero() {
			first = today.FirstOfMonth().AddMonths(-1)
			if len(months) > 0 {
				first = months[0].First
			}
		}
		period := domain.Period{Start: first, End: first.AddMonths(1).AddDays(-1)}
		g = MonthGrid{Agreement: v, Month: first, Lines: terms.Lines, Terms: terms, Repeat: map[string]string{}, Closed: map[domain.Date]string{},
			Months: months, Deadline: domain.DeadlineToHolder(period, v.Grant.DecidedOn), Running: !period.End.Before(today), RepeatAsked: repeat}
		g.Late = g.Deadline.Before(today)
		for d := first; d.Month == first.Month; d = d.AddDays(1) {
			g.Days = append(g.Days, d)
			if why := domain.DayClosed(d, periods, v.Grant.Period); why != "" {
				g.Closed[d] = why
			}
		}
		bal, err := tx.Balance(ctx, v.GrantID)
		if err != nil {
			return err
		}
		g.Left = bal.Left()
		if !repeat {
			return nil
		}
		rows, err := tx.Declarations(ctx, v.BudgetHolderID, v.ProviderID, 0, 50)
		if err != nil {
			return err
		}
		prev := first.AddMonths(-1)
		for _, r := range rows { // newest first: the latest of last month wins
			if r.AgreementID != agreementID || r.D.Period.Start != prev {
				continue
			}
			byWeekday := map[string]int64{}
			for _, l := range r.D.Lines {
				byWeekday[l.Date.Time().Weekday().String()+"/"+l.CareType+"/"+string(l.Unit)] = l.Units
			}
			for _, d := range g.Days {
				if g.Closed[d] != "" {
					continue
				}
				for _, cl := range g.Lines {
					if u, ok := byWeekday[d.Time().Weekday().String()+"/"+cl.CareType+"/"+string(cl.Unit)]; ok {
						g.Repeat[d.String()+"/"+cl.CareType+"/"+string(cl.Unit)] = domain.Cents(u).Plain("nl")
					}
				}
			}
			break
		}
		return nil
	})
	return g, err
}

// AttachToDeclaration adds an invoice or time sheet to a declaration that
// can still be changed: PDF, PNG or JPEG by its bytes, at most 10 MB, kept
// with its SHA-256.
func (s *Service) AttachToDeclaration(ctx context.Context, a Actor, id int64, name string, data []byte) (store.Attachment, error) {
	var att store.Attachment
	contentType, err := domain.SniffUpload("file", data)
	if err != nil {
		return att, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.DeclarationByID(ctx, id, true)
		if err != nil {
			return err
		}
		_, party, err := s.visibleAgreement(ctx, tx, a, r.AgreementID, false)
		if err != nil {
			return declarationNotFound(err)
		}
		if _, err := domain.DeclarationNext(r.State, r.Findings, domain.DeclActAttach, party); err != nil {
			return err
		}
		have, err := tx.Attachments(ctx, "declaration", id) // counted under the declaration's lock
		if err != nil {
			return err
		}
		if len(have) >= MaxDeclarationFilesTotal {
			return domain.Invalid("file", "declaration_files_full", MaxDeclarationFilesTotal)
		}
		var rec audit.Record
		if att, rec, err = s.attachToDeclaration(ctx, tx, a, id, name, contentType, data); err != nil {
			return err
		}
		return tx.Audit(ctx, rec)
	})
	return att, err
}

// attachToDeclaration stores a sniffed invoice or time sheet with a
// declaration and returns it with its audit record (for the caller to write
// with the others of its transaction).
func (s *Service) attachToDeclaration(ctx context.Context, tx *store.Tx, a Actor, id int64, name, contentType string, data []byte) (store.Attachment, audit.Record, error) {
	att := s.newAttachment(a, "declaration", id, name, "bijlage", contentType, data)
	var err error
	if att.ID, err = tx.AddAttachment(ctx, att); err != nil {
		return att, audit.Record{}, err
	}
	return att, s.record(a, "declaration.attach", "declaration", id, nil, map[string]any{"attachment_id": att.ID, "sha256": att.SHA256, "bytes": att.Size}), nil
}

// DeclarationAttachment serves an attachment to the declaration's parties.
func (s *Service) DeclarationAttachment(ctx context.Context, a Actor, id, attID int64) (store.Attachment, error) {
	var att store.Attachment
	err := s.db.View(ctx, func(tx *store.Tx) error {
		if _, err := s.declarationView(ctx, tx, a, id); err != nil {
			return err
		}
		var err error
		att, err = tx.Attachment(ctx, attID)
		if err != nil || att.OwnerType != "declaration" || att.OwnerID != id {
			return domain.NotFound("attachment")
		}
		return nil
	})
	return att, err
}

// declarationNotFound names a hidden or missing agreement as a missing
// declaration; other errors (the database's) pass through.
func declarationNotFound(err error) error {
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.NotFound("declaration")
	}
	return err
}
