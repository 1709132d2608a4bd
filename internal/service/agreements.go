package service

import (
	"context"
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// CareLineInput is a care line as typed.
type CareLineInput struct {
	CareType string `json:"care_type"`
	Unit     string `json:"unit"`
	Rate     string `json:"rate"`      // euros, "38,56"
	MaxUnits string `json:"max_units"` // "10" or "7,5"
	Per      string `json:"per"`       // "week" or "maand"
}

// AgreementInput is the content of an agreement as entered.
type AgreementInput struct {
	// Which grant: the budget holder (and staff) name it; a provider names
	// the budget holder by BSN and birth date and the law, and the grant in
	// force on the start date is found.
	BSN             string
	BirthDate       string
	Law             string
	GrantID         int64
	ProviderID      int64
	Kind            string
	KvK             string // zzp and institution: must match the provider's
	AGB             string // institution: must match the provider's
	Start           string
	End             string
	Lines           []CareLineInput
	TravelPerKm     string
	DaysPerWeek     string
	HoursPerWeek    string
	Payroll         bool
	CareDescription string
}

// parseUnits reads "7,5" or "7.5" as hundredths (750).
func parseUnits(s string) (int64, error) {
	c, err := domain.ParseCents(s)
	return int64(c), err
}

func parseTerms(v *domain.Validation, in AgreementInput) domain.AgreementTerms {
	t := domain.AgreementTerms{Kind: domain.AgreementKind(in.Kind), CareDescription: strings.TrimSpace(in.CareDescription), Payroll: in.Payroll}
	var err error
	if t.Start, err = domain.ParseDate(in.Start); err != nil {
		v.AddErr("start", err)
	}
	if strings.TrimSpace(in.End) != "" {
		if t.End, err = domain.ParseDate(in.End); err != nil {
			v.AddErr("end", err)
		}
	}
	for _, l := range in.Lines {
		if strings.TrimSpace(l.CareType+l.Rate+l.MaxUnits) == "" {
			continue
		}
		i := strconv.Itoa(len(t.Lines))
		cl := domain.CareLine{CareType: l.CareType, Unit: domain.Unit(l.Unit), Per: domain.Per(l.Per)}
		if cl.Rate, err = domain.ParseCents(l.Rate); err != nil {
			v.Add("lines["+i+"].rate", "amount_invalid")
		}
		if cl.MaxUnits, err = parseUnits(l.MaxUnits); err != nil {
			v.Add("lines["+i+"].max_units", "amount_invalid")
		}
		t.Lines = append(t.Lines, cl)
	}
	if strings.TrimSpace(in.TravelPerKm) != "" {
		if t.TravelPerKm, err = domain.ParseCents(in.TravelPerKm); err != nil {
			v.Add("travel_per_km", "amount_invalid")
		}
	}
	if t.Kind == domain.AgreementEmployment {
		t.DaysPerWeek, _ = strconv.Atoi(strings.TrimSpace(in.DaysPerWeek))
		t.HoursPerWeek, _ = parseUnits(in.HoursPerWeek)
		t.Payroll = t.Payroll || domain.PayrollRequired(t)
	} else {
		t.Payroll = false
	}
	return t
}

// party is the side the actor is on for this agreement, or not-found when
// the actor has nothing to do with it.
func (s *Service) party(ctx context.Context, tx *store.Tx, a Actor, ag domain.Agreement) (domain.Party, error) {
	switch a.Role.Role {
	case domain.RoleBudgetHolder, domain.RoleRepresentative:
		if s.visibleBudgetHolder(ctx, tx, a, ag.BudgetHolderID) == nil {
			return domain.PartyHolder, nil
		}
	case domain.RoleProvider:
		if a.Role.ProviderID == ag.ProviderID {
			return domain.PartyProvider, nil
		}
	case domain.RoleVerstrekker:
		if requireStaffMFA(a) == nil && a.Role.OrganisationID == ag.VerstrekkerID {
			return domain.PartyVerstrekker, nil
		}
	case domain.RoleSVB:
		if requireStaffMFA(a) == nil {
			return domain.PartySVB, nil
		}
	}
	return "", domain.NotFound("agreement")
}

// checkTerms validates terms against the grant, the tariff table and the
// provider's registration.
// p nil (an invited provider not registered yet) skips the registration checks.
func (s *Service) checkTerms(ctx context.Context, tx *store.Tx, v *domain.Validation, t domain.AgreementTerms, g domain.Grant, p *domain.Provider, in AgreementInput) error {
	var lookupErr error
	year := t.Start.Year
	if year == 0 {
		year = g.Period.Start.Year
	}
	domain.ValidateTerms(v, t, g.Period, g.Law, func(careType string, kind domain.ProviderKind) (domain.Cents, bool) {
		rate, ok, err := tx.MaxRate(ctx, year, g.Law, careType, kind, g.VerstrekkerID)
		if err != nil {
			lookupErr = err
		}
		return rate, ok
	})
	if p == nil {
		return lookupErr
	}
	if t.Kind == domain.AgreementZZP || t.Kind == domain.AgreementInstitution {
		if kvk, err := domain.ParseKvK(in.KvK); err != nil {
			v.AddErr("kvk", err)
		} else if kvk != p.KvK {
			v.Add("kvk", "kvk_mismatch")
		}
	}
	if t.Kind == domain.AgreementInstitution {
		if agb, err := domain.ParseAGB(in.AGB); err != nil {
			v.AddErr("agb", err)
		} else if agb != p.AGB {
			v.Add("agb", "agb_mismatch")
		}
	}
	return lookupErr
}

// AgreementView is an agreement with its versions and what the actor may do.
type AgreementView struct {
	domain.Agreement
	Holder   domain.BudgetHolder       `json:"-"`
	Provider domain.Provider           `json:"provider"`
	Grant    domain.Grant              `json:"-"`
	Versions []domain.AgreementVersion `json:"versions"`
	Party    domain.Party              `json:"party"`
	Scans    []store.Attachment        `json:"scans,omitempty"`
	Actions  []domain.AgreementAction  `json:"actions"`
	// ProviderRepresentsHolder: the provider is also the budget holder's
	// representative (domain/selfdealing.go), shown to all, and to the
	// verstrekker before it approves.
	ProviderRepresentsHolder bool `json:"provider_represents_holder"`
	// edges: for staff, once the agreement ended: declarations with days
	// after its end (flagged for review).
	DeclarationsAfterEnd []int64 `json:"declarations_after_end,omitempty"`
}

// Working is the latest version: the one being drafted, signed or judged.
func (v AgreementView) Working() domain.AgreementVersion { return v.Versions[len(v.Versions)-1] }

// CreateAgreement starts an agreement under one of the budget holder's
// grants: by the budget holder (or representative), or by a provider who
// names the budget holder. It starts as a concept.
func (s *Service) CreateAgreement(ctx context.Context, a Actor, in AgreementInput) (AgreementView, error) {
	var view AgreementView
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		ag, _, err := s.createAgreement(ctx, tx, a, in)
		if err != nil {
			return err
		}
		view, err = s.agreementView(ctx, tx, a, ag.ID)
		return err
	})
	return view, err
}

// RegisterPaperAgreement records an agreement that came by post, signed on
// paper: SVB or verstrekker staff enter its terms and attach the scan. It
// starts as signed by both (on paper), with the scan as proof; from there
// the same rules apply.
func (s *Service) RegisterPaperAgreement(ctx context.Context, a Actor, in AgreementInput, scanName string, scan []byte) (AgreementView, error) {
	var view AgreementView
	if !(a.Is(domain.RoleVerstrekker) || a.Is(domain.RoleSVB)) || requireStaffMFA(a) != nil {
		return view, domain.Forbidden("staff_only")
	}
	contentType, scanErr := domain.SniffUpload("scan", scan)
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		ag, _, err := s.createAgreement(ctx, tx, a, in)
		if e, ok := domain.AsError(err); ok && e.Kind == domain.KindInvalid && scanErr != nil {
			e2, _ := domain.AsError(scanErr)
			e.Fields = append(e.Fields, e2.Fields...)
			return e
		} else if err != nil {
			return err
		} else if scanErr != nil {
			return scanErr
		}
		att := s.newAttachment(a, "agreement", ag.ID, scanName, "scan", contentType, scan)
		if _, err := tx.AddAttachment(ctx, att); err != nil {
			return err
		}
		vers, err := tx.AgreementVersions(ctx, ag.ID)
		if err != nil {
			return err
		}
		w := vers[0]
		for _, p := range []domain.Party{domain.PartyHolder, domain.PartyProvider} {
			if err := tx.AddSignature(ctx, w.ID, domain.Signature{Party: p, AccountID: a.AccountID, TermsHash: w.TermsHash, SignedAt: s.now()}); err != nil {
				return err
			}
		}
		w.State, w.UpdatedAt = domain.StateSigned, s.now()
		if err := tx.SaveAgreementVersion(ctx, w, a.AccountID); err != nil {
			return err
		}
		if err := tx.Audit(ctx, s.record(a, "agreement.paper", "agreement", ag.ID, nil, map[string]any{"scan_sha256": att.SHA256, "bytes": att.Size})); err != nil {
			return err
		}
		view, err = s.agreementView(ctx, tx, a, ag.ID)
		return err
	})
	return view, err
}

// createAgreement is the shared part of starting an agreement, in tx.
func (s *Service) createAgreement(ctx context.Context, tx *store.Tx, a Actor, in AgreementInput) (domain.Agreement, domain.AgreementVersion, error) {
	var g domain.Grant
	var err error
	switch {
	case a.Is(domain.RoleProvider):
		in.ProviderID = a.Role.ProviderID
		g, err = s.grantForProvider(ctx, tx, in)
	case (a.Is(domain.RoleSVB) || a.Is(domain.RoleVerstrekker)) && in.GrantID == 0:
		g, err = s.grantForProvider(ctx, tx, in)
		if err == nil && a.Is(domain.RoleVerstrekker) && g.VerstrekkerID != a.Role.OrganisationID {
			err = domain.Invalid("bsn", "budget_holder_unknown")
		}
	case in.GrantID == 0: // no grant chosen: say so at its field, with the rest of the form's errors
		var v domain.Validation
		v.Add("grant_id", "required")
		if _, err := tx.Provider(ctx, in.ProviderID); err != nil {
			v.Add("provider_id", "required")
		}
		parseTerms(&v, in)
		return domain.Agreement{}, domain.AgreementVersion{}, v.Err()
	default:
		g, err = s.visibleGrant(ctx, tx, a, in.GrantID)
	}
	if err != nil {
		return domain.Agreement{}, domain.AgreementVersion{}, err
	}
	ag := domain.Agreement{BudgetHolderID: g.BudgetHolderID, ProviderID: in.ProviderID, GrantID: g.ID, VerstrekkerID: g.VerstrekkerID, Source: "online", CreatedAt: s.now()}
	switch {
	case a.Is(domain.RoleBudgetHolder) || a.Is(domain.RoleRepresentative) || a.Is(domain.RoleProvider):
	case (a.Is(domain.RoleVerstrekker) || a.Is(domain.RoleSVB)) && requireStaffMFA(a) == nil:
		ag.Source = "papier"
	default:
		return ag, domain.AgreementVersion{}, domain.Forbidden("not_allowed")
	}
	var v domain.Validation
	p, err := tx.Provider(ctx, in.ProviderID)
	if err != nil {
		v.Add("provider_id", "required")
	}
	terms := parseTerms(&v, in)
	if err == nil {
		if err := s.checkTerms(ctx, tx, &v, terms, g, &p, in); err != nil {
			return ag, domain.AgreementVersion{}, err
		}
		running, err := tx.Agreements(ctx, store.AgreementFilter{BudgetHolderID: g.BudgetHolderID, ProviderID: p.ID, Running: true}, 1)
		if err != nil {
			return ag, domain.AgreementVersion{}, err
		}
		if len(running) > 0 {
			v.Add("provider_id", "agreement_exists")
		}
	}
	if err := v.Err(); err != nil {
		return ag, domain.AgreementVersion{}, err
	}
	if ag.ID, err = tx.CreateAgreement(ctx, ag, a.AccountID); err != nil {
		return ag, domain.AgreementVersion{}, runningAgreementExists(err)
	}
	ver := domain.AgreementVersion{AgreementID: ag.ID, Number: 1, State: domain.StateConcept, Terms: terms, UpdatedAt: s.now()}
	if ver.ID, err = tx.AddAgreementVersion(ctx, ver, a.AccountID); err != nil {
		return ag, ver, err
	}
	creator := domain.PartyHolder
	if a.Is(domain.RoleProvider) {
		creator = domain.PartyProvider
	}
	if err := s.notify(ctx, tx, ag, "notice.created", otherParty(creator)); err != nil {
		return ag, ver, err
	}
	return ag, ver, tx.Audit(ctx, s.record(a, "agreement.create", "agreement", ag.ID, nil, ver.Terms))
}

// AgreementScan returns an agreement's attached scan to its parties.
func (s *Service) AgreementScan(ctx context.Context, a Actor, agreementID, attachmentID int64) (store.Attachment, error) {
	var att store.Attachment
	err := s.db.View(ctx, func(tx *store.Tx) error {
		if _, _, err := s.visibleAgreement(ctx, tx, a, agreementID, false); err != nil {
			return err
		}
		var err error
		att, err = tx.Attachment(ctx, attachmentID)
		if err != nil || att.OwnerType != "agreement" || att.OwnerID != agreementID {
			return domain.NotFound("attachment")
		}
		return nil
	})
	return att, err
}

// grantForProvider finds the grant a provider's agreement belongs under:
// the budget holder named by BSN and birth date (both must match; a
// mismatch says nothing about whether the BSN exists), and their grant
// under the law that covers the start date.
func (s *Service) grantForProvider(ctx context.Context, tx *store.Tx, in AgreementInput) (domain.Grant, error) {
	var v domain.Validation
	bsn, err := domain.ParseBSN(in.BSN)
	v.AddErr("bsn", err)
	birth, err := domain.ParseDate(in.BirthDate)
	v.AddErr("birth_date", err)
	start, err := domain.ParseDate(in.Start)
	v.AddErr("start", err)
	law := domain.Law(in.Law)
	if !law.Valid() {
		v.Add("law", "required")
	}
	if err := v.Err(); err != nil {
		return domain.Grant{}, err
	}
	bh, err := tx.BudgetHolderByBSN(ctx, bsn)
	if err != nil || bh.BirthDate != birth {
		return domain.Grant{}, domain.Invalid("bsn", "budget_holder_unknown")
	}
	gs, err := tx.GrantsOf(ctx, bh.ID, 0)
	if err != nil {
		return domain.Grant{}, err
	}
	for _, g := range gs {
		if g.Law == law && g.Period.Contains(start) {
			return g, nil
		}
	}
	return domain.Grant{}, domain.Invalid("start", "no_grant_on_start")
}

// visibleAgreement loads an agreement (lock: with its row lock) and the
// actor's party to it; an agreement the actor has no part in is not found.
func (s *Service) visibleAgreement(ctx context.Context, tx *store.Tx, a Actor, id int64, lock bool) (domain.Agreement, domain.Party, error) {
	ag, err := tx.Agreement(ctx, id, lock)
	if err != nil {
		return ag, "", err
	}
	party, err := s.party(ctx, tx, a, ag)
	return ag, party, err
}

func (s *Service) agreementView(ctx context.Context, tx *store.Tx, a Actor, id int64) (AgreementView, error) {
	ag, party, err := s.visibleAgreement(ctx, tx, a, id, false)
	if err != nil {
		return AgreementView{}, err
	}
	v := AgreementView{Agreement: ag, Party: party}
	if v.Versions, err = tx.AgreementVersions(ctx, id); err != nil {
		return v, err
	}
	if v.Provider, err = tx.Provider(ctx, ag.ProviderID); err != nil {
		return v, err
	}
	if v.Holder, err = tx.BudgetHolder(ctx, ag.BudgetHolderID); err != nil {
		return v, err
	}
	if v.Grant, err = tx.Grant(ctx, ag.GrantID); err != nil {
		return v, err
	}
	if v.Scans, err = tx.Attachments(ctx, "agreement", id); err != nil {
		return v, err
	}
	today := s.Today()
	if v.ProviderRepresentsHolder, err = tx.ProviderRepresentsHolder(ctx, ag.ProviderID, ag.BudgetHolderID, today, today); err != nil {
		return v, err
	}
	if !ag.Ended {
		v.Actions = domain.Allowed(v.Working().State, party)
	}
	if ag.Ended && (party == domain.PartyVerstrekker || party == domain.PartySVB) {
		if v.DeclarationsAfterEnd, err = afterEnd(ctx, tx, ag); err != nil {
			return v, err
		}
	}
	return v, nil
}

// Agreement returns an agreement to its parties and its verstrekker.
func (s *Service) Agreement(ctx context.Context, a Actor, id int64) (AgreementView, error) {
	var v AgreementView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		v, err = s.agreementView(ctx, tx, a, id)
		return err
	})
	return v, err
}

// Agreements lists all the agreements the actor is party to (or, for
// staff, of their verstrekker), newest first, read a page at a time: the
// own-data export (GDPR access) must hold every one, not the newest 200.
func (s *Service) Agreements(ctx context.Context, a Actor) ([]AgreementView, error) {
	var all []AgreementView
	for offset := 0; ; offset += wholeListPage {
		page, more, err := s.AgreementsPage(ctx, a, wholeListPage, offset)
		if err != nil || !more {
			return append(all, page...), err
		}
		all = append(all, page...)
	}
}

// AgreementsPage is a page of Agreements, newest first: at most limit from
// the offset-th, read by the database; more says there are more after.
func (s *Service) AgreementsPage(ctx context.Context, a Actor, limit, offset int) (_ []AgreementView, more bool, _ error) {
	var f store.AgreementFilter
	switch a.Role.Role {
	case domain.RoleBudgetHolder, domain.RoleRepresentative:
		f.BudgetHolderID = a.Role.BudgetHolderID
	case domain.RoleProvider:
		f.ProviderID = a.Role.ProviderID
	case domain.RoleVerstrekker:
		f.VerstrekkerID = a.Role.OrganisationID
	default:
		return nil, false, nil
	}
	var out []AgreementView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		list, err := tx.AgreementsFrom(ctx, f, limit+1, offset)
		if err != nil {
			return err
		}
		if len(list) > limit {
			list, more = list[:limit], true
		}
		for _, ag := range list {
			v, err := s.agreementView(ctx, tx, a, ag.ID)
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

// UpdateAgreement saves new terms on the working version, which must be a
// concept (or a rejected version, which becomes a concept again). The
// caller names the row version it read: if someone saved in between, the
// save is refused and nothing is overwritten. Signatures of the old text are
// void.
func (s *Service) UpdateAgreement(ctx context.Context, a Actor, id int64, rowVersion int, in AgreementInput) (AgreementView, error) {
	var view AgreementView
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		ag, party, err := s.visibleAgreement(ctx, tx, a, id, true)
		if err != nil {
			return err
		}
		vers, err := tx.AgreementVersions(ctx, id)
		if err != nil {
			return err
		}
		w := vers[len(vers)-1]
		next, err := domain.Next(w.State, domain.ActEdit, party, false)
		if err != nil {
			return err
		}
		g, err := tx.Grant(ctx, ag.GrantID)
		if err != nil {
			return err
		}
		p, err := tx.Provider(ctx, ag.ProviderID)
		if err != nil {
			return err
		}
		var v domain.Validation
		in.ProviderID = ag.ProviderID
		terms := parseTerms(&v, in)
		if err := s.checkTerms(ctx, tx, &v, terms, g, &p, in); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		before := w.Terms
		w.Terms, w.State, w.RowVersion, w.UpdatedAt, w.RejectionReason = terms, next, rowVersion, s.now(), ""
		if err := tx.SaveAgreementVersion(ctx, w, a.AccountID); err != nil {
			return err
		}
		if err := tx.ClearSignatures(ctx, w.ID); err != nil {
			return err
		}
		if err := tx.Audit(ctx, s.record(a, "agreement.edit", "agreement", id, before, terms)); err != nil {
			return err
		}
		view, err = s.agreementView(ctx, tx, a, id)
		return err
	})
	return view, err
}

// ActInput goes with an action on an agreement.
type ActInput struct {
	Action     domain.AgreementAction
	RowVersion int    // the working version's row version the actor saw
	Secret     string // sign: the password or a TOTP code, to confirm it is really them
	Reason     string // reject
	Date       string // change: effective from (1st of a month); propose_end: end date
}

// Act moves an agreement through its lifecycle, as the lifecycle table in
// the domain allows for the actor's party, with the rules of each step.
func (s *Service) Act(ctx context.Context, a Actor, id int64, in ActInput) (AgreementView, error) {
	var view AgreementView
	sig, err := s.actReauth(ctx, a, in)
	if err != nil {
		return view, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		st, err := s.actLoad(ctx, tx, a, id, in)
		if err != nil {
			return err
		}
		if in.Action == domain.ActChange { // a new version, not a step of this one
			if err := s.actChange(ctx, tx, a, in, st); err != nil {
				return err
			}
		} else {
			if err := s.actStep(ctx, tx, a, in, sig, st); err != nil {
				return err
			}
			if err := s.actSave(ctx, tx, a, in, st); err != nil {
				return err
			}
		}
		view, err = s.agreementView(ctx, tx, a, id)
		return err
	})
	if sig != nil && domain.KindOf(err) == domain.KindInvalid && fieldIs(err, "secret") {
		s.failed(sig.at, "reauth") // a TOTP code used before
	}
	return view, err
}

// actState is an agreement as Act changes it: the agreement, the actor's
// party, its versions with the working (latest) one, and the state the
// lifecycle table lets it move to.
type actState struct {
	ag      domain.Agreement
	party   domain.Party
	vers    []domain.AgreementVersion
	w       domain.AgreementVersion
	before  map[string]any // for the audit record
	next    domain.AgreementState
	today   domain.Date
	flagged []int64 // edges: declarations after an end in the past
}

// actReauth checks the secret of a signature (and counts it against the
// account's throttle) before the write transaction: hashing is slow.
func (s *Service) actReauth(ctx context.Context, a Actor, in ActInput) (*reauth, error) {
	if in.Action != domain.ActSign {
		return nil, nil
	}
	return s.checkReauth(ctx, a, in.Secret)
}

// actLoad loads and locks the agreement for the actor's party, refuses an
// ended one or a working version changed since the actor saw it, and asks
// the lifecycle table for the state that follows.
func (s *Service) actLoad(ctx context.Context, tx *store.Tx, a Actor, id int64, in ActInput) (*actState, error) {
	ag, party, err := s.visibleAgreement(ctx, tx, a, id, true)
	if err != nil {
		return nil, err
	}
	if ag.Ended {
		return nil, domain.Conflict("agreement_transition", string(in.Action), string(domain.StateEnded))
	}
	vers, err := tx.AgreementVersions(ctx, id)
	if err != nil {
		return nil, err
	}
	w := vers[len(vers)-1]
	if in.RowVersion != 0 && in.RowVersion != w.RowVersion {
		return nil, domain.Conflict("agreement_changed")
	}
	other := domain.PartyProvider
	if party == domain.PartyProvider {
		other = domain.PartyHolder
	}
	next, err := domain.Next(w.State, in.Action, party, w.SignedBy(other))
	if err != nil {
		return nil, err
	}
	return &actState{ag: ag, party: party, vers: vers, w: w, next: next, today: s.Today(),
		before: map[string]any{"state": w.State, "version": w.Number}}, nil
}

// actStep does what the action itself does, beyond the move of state.
func (s *Service) actStep(ctx context.Context, tx *store.Tx, a Actor, in ActInput, sig *reauth, st *actState) error {
	switch in.Action {
	case domain.ActSign:
		return s.actSign(ctx, tx, a, sig, st)
	case domain.ActBackToDraft:
		return tx.ClearSignatures(ctx, st.w.ID)
	case domain.ActSubmit:
		return s.actSubmit(ctx, tx, st)
	case domain.ActApprove:
		st.ag.InForce = st.w.Number
	case domain.ActReject:
		st.w.RejectionReason = strings.TrimSpace(in.Reason)
		if st.w.RejectionReason == "" {
			return domain.Invalid("reason", "required")
		}
	case domain.ActProposeEnd:
		end, err := domain.ParseDate(in.Date)
		if err != nil {
			return domain.Invalid("end", "date_invalid")
		}
		if err := checkNoticeEnd(end, st.today); err != nil {
			return err
		}
		st.ag.EndProposedOn = end
	case domain.ActEnd:
		return s.actEnd(ctx, tx, st)
	}
	return nil
}

// actSign adds the party's signature, once per party, by someone who is
// not also on the other side, with the secret checked before.
func (s *Service) actSign(ctx context.Context, tx *store.Tx, a Actor, sig *reauth, st *actState) error {
	if st.w.SignedBy(st.party) {
		return domain.Conflict("agreement_transition", string(domain.ActSign), string(st.w.State))
	}
	if err := domain.CheckSignatureNotOtherSide(st.w, st.party, a.AccountID); err != nil {
		return err
	}
	if err := s.reauthUse(ctx, tx, sig); err != nil {
		return err
	}
	return tx.AddSignature(ctx, st.w.ID, domain.Signature{Party: st.party, AccountID: a.AccountID, TermsHash: st.w.TermsHash, SignedAt: s.now()})
}

// actSubmit: a first version starts no more than the allowed weeks back; a
// change that needs no approval (a longer term, general terms) is in force
// at once.
func (s *Service) actSubmit(ctx context.Context, tx *store.Tx, st *actState) error {
	g, err := tx.Grant(ctx, st.ag.GrantID)
	if err != nil {
		return err
	}
	if st.w.Number == 1 {
		return domain.CheckStartAtSubmission(st.w.Terms.Start, st.today, g.Retroactive())
	}
	represents, err := tx.ProviderRepresentsHolder(ctx, st.ag.ProviderID, st.ag.BudgetHolderID, st.today, st.today)
	if err != nil {
		return err
	}
	if !domain.ChangeNeedsApprovalBetween(st.vers[st.ag.InForce-1].Terms, st.w.Terms, represents) {
		st.next = domain.StateApproved
		st.ag.InForce = st.w.Number
	}
	return nil
}

// actEnd ends an agreement whose end was proposed. An end in the past,
// confirmed now: declarations already on their way or accepted for days
// after it are flagged to the verstrekker.
func (s *Service) actEnd(ctx context.Context, tx *store.Tx, st *actState) error {
	if st.ag.EndProposedOn.IsZero() {
		return domain.Conflict("agreement_no_end_proposed")
	}
	st.ag.Ended = true
	late, err := afterEnd(ctx, tx, st.ag)
	if err != nil || len(late) == 0 {
		return err
	}
	st.flagged = late
	return s.notify(ctx, tx, st.ag, "notice.declarations_after_end", domain.PartyVerstrekker)
}

// actChange starts a change of an agreement in force: a new concept
// version from the change date, with its notice and audit record.
func (s *Service) actChange(ctx context.Context, tx *store.Tx, a Actor, in ActInput, st *actState) error {
	if st.ag.InForce != st.w.Number {
		return domain.Conflict("agreement_transition", string(in.Action), string(st.w.State))
	}
	from, err := domain.ParseDate(in.Date)
	if err != nil {
		return domain.Invalid("effective_from", "date_invalid")
	}
	if err := domain.CheckChangeDate(from); err != nil {
		return err
	}
	nv := domain.AgreementVersion{AgreementID: st.ag.ID, Number: st.w.Number + 1, State: domain.StateConcept, Terms: st.w.Terms, EffectiveFrom: from, UpdatedAt: s.now()}
	if _, err := tx.AddAgreementVersion(ctx, nv, a.AccountID); err != nil {
		return err
	}
	if key, to := noticesFor(in.Action, st.party, st.next); key != "" {
		if err := s.notify(ctx, tx, st.ag, key, to...); err != nil {
			return err
		}
	}
	return tx.Audit(ctx, s.record(a, "agreement.change", "agreement", st.ag.ID, st.before, map[string]any{"version": nv.Number, "effective_from": from}))
}

// actSave stores the working version in its new state and the agreement,
// tells the other party, and writes the audit record.
func (s *Service) actSave(ctx context.Context, tx *store.Tx, a Actor, in ActInput, st *actState) error {
	w, ag := &st.w, &st.ag
	w.State, w.UpdatedAt = st.next, s.now()
	if err := tx.SaveAgreementVersion(ctx, *w, a.AccountID); err != nil {
		return err
	}
	if ag.InForce == w.Number {
		ag.PayrollWage = domain.PayrollWage(w.Terms)
	}
	if err := tx.UpdateAgreement(ctx, *ag); err != nil {
		return err
	}
	if key, to := noticesFor(in.Action, st.party, st.next); key != "" {
		if err := s.notify(ctx, tx, *ag, key, to...); err != nil {
			return err
		}
	}
	after := map[string]any{"state": st.next, "version": w.Number}
	if in.Action == domain.ActReject {
		after["reason"] = w.RejectionReason
	}
	if st.flagged != nil {
		after["declarations_after_end"] = st.flagged
	}
	return tx.Audit(ctx, s.record(a, "agreement."+string(in.Action), "agreement", ag.ID, st.before, after))
}

// Tariffs lists the maximum rates that apply to the actor: national ones,
// and for a gemeente's staff also the gemeente's own.
func (s *Service) Tariffs(ctx context.Context, a Actor, law domain.Law) ([]domain.Tariff, error) {
	var org int64
	if a.Is(domain.RoleVerstrekker) {
		org = a.Role.OrganisationID
	}
	var out []domain.Tariff
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.Tariffs(ctx, law, org)
		return err
	})
	return out, err
}

// tariffSetter is who a is in the tariff edit table: the beheerder (and
// the command line) set national rates; a verstrekker's staff by the kind
// of their organisation.
func (s *Service) tariffSetter(ctx context.Context, tx *store.Tx, a Actor) (domain.TariffSetter, error) {
	switch {
	case a.isSystem():
		return domain.TariffNational, nil
	case a.Is(domain.RoleVerstrekker):
		org, err := tx.Organisation(ctx, a.Role.OrganisationID)
		if err != nil {
			return "", err
		}
		return domain.TariffSetterOf(a.Role.Role, org.Kind), nil
	}
	return domain.TariffSetterOf(a.Role.Role, ""), nil
}

// TariffLaws lists the laws a may set maximum rates for (the tariff edit
// table): what the tariff page's form offers, none when it shows no form.
func (s *Service) TariffLaws(ctx context.Context, a Actor) ([]domain.Law, error) {
	if requireStaffMFA(a) != nil {
		return nil, nil
	}
	var out []domain.Law
	err := s.db.View(ctx, func(tx *store.Tx) error {
		setter, err := s.tariffSetter(ctx, tx, a)
		out = domain.TariffLaws(setter)
		return err
	})
	return out, err
}

// TariffInput is a maximum rate as entered.
type TariffInput struct {
	Year         string
	Law          string
	CareType     string
	ProviderKind string
	MaxRate      string
	Source       string
}

// PutTariff sets a maximum rate. A beheerder sets national tariffs (any
// law); a gemeente's staff set their own for Wmo and Jeugdwet.
func (s *Service) PutTariff(ctx context.Context, a Actor, in TariffInput) (domain.Tariff, error) {
	var t domain.Tariff
	if err := requireStaffMFA(a); err != nil {
		return t, err
	}
	var v domain.Validation
	t.Law, t.CareType, t.ProviderKind, t.Source = domain.Law(in.Law), in.CareType, domain.ProviderKind(in.ProviderKind), strings.TrimSpace(in.Source)
	year, err := strconv.Atoi(strings.TrimSpace(in.Year))
	if err != nil || year < 2015 || year > 2100 {
		v.Add("year", "invalid")
	}
	t.Year = year
	if !t.Law.Valid() {
		v.Add("law", "required")
	}
	if !domain.ValidCareType(t.CareType) {
		v.Add("care_type", "care_type_unknown")
	}
	if !t.ProviderKind.Valid() {
		v.Add("provider_kind", "required")
	}
	if t.MaxRate, err = domain.ParseCents(in.MaxRate); err != nil {
		v.Add("max_rate", "amount_invalid")
	} else if t.MaxRate <= 0 {
		v.Add("max_rate", "amount_positive")
	}
	return t, s.db.Update(ctx, func(tx *store.Tx) error {
		setter, err := s.tariffSetter(ctx, tx, a)
		if err != nil {
			return err
		}
		switch err := domain.MaySetTariff(setter, t.Law); domain.KindOf(err) {
		case domain.KindInvalid: // a verstrekker's staff: told at the law field, with the form's other errors
			v.AddErr("law", err)
		case domain.KindForbidden:
			return err
		}
		if setter != domain.TariffNational {
			t.OrganisationID = a.Role.OrganisationID // a gemeente's own rate
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.PutTariff(ctx, t, a.AccountID, s.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "tariff.put", "organisation", t.OrganisationID, nil, t))
	})
}

// runningAgreementExists turns the database's refusal of a second running
// agreement with the same provider into the field error the form shows.
func runningAgreementExists(err error) error {
	if domain.HasCode(err, "already_exists") {
		return domain.Invalid("provider_id", "agreement_exists")
	}
	return err
}
