package service

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// visibleBudgetHolder returns nil when the actor may see the budget holder,
// and not-found otherwise: someone else's object is answered as if it did
// not exist.
func (s *Service) visibleBudgetHolder(ctx context.Context, tx *store.Tx, a Actor, bhID int64) error {
	switch a.Role.Role {
	case domain.RoleBudgetHolder:
		if a.Role.BudgetHolderID == bhID {
			return nil
		}
	case domain.RoleRepresentative:
		if a.Role.BudgetHolderID == bhID && s.checkRoleActive(ctx, tx, a.Role) == nil {
			return nil
		}
	case domain.RoleVerstrekker:
		if requireStaffMFA(a) != nil {
			return domain.Forbidden("mfa_required")
		}
		ok, err := tx.IsClient(ctx, a.Role.OrganisationID, bhID)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
	case domain.RoleSVB:
		if requireStaffMFA(a) == nil {
			return nil // the SVB pays for every budget holder
		}
	case "systeem":
		if a.isSystem() {
			return nil
		}
	}
	return domain.NotFound("budget_holder")
}

// BudgetHolderInput is what staff enter for a new budget holder. The fields
// that come from the population register (BRP) are entered once and are not
// editable by the budget holder.
type BudgetHolderInput struct {
	BSN         string
	Initials    string
	Prefix      string
	FamilyName  string
	BirthDate   string
	Street      string
	HouseNumber string
	Postcode    string
	City        string
	Email       string
	Phone       string
}

// ParseBudgetHolder validates the input field by field.
func ParseBudgetHolder(in BudgetHolderInput, today domain.Date) (domain.BudgetHolder, error) {
	var v domain.Validation
	var b domain.BudgetHolder
	var err error
	b.BSN, err = domain.ParseBSN(in.BSN)
	v.AddErr("bsn", err)
	b.Initials = strings.TrimSpace(in.Initials)
	if b.Initials == "" {
		v.Add("initials", "required")
	}
	b.Prefix = strings.TrimSpace(in.Prefix)
	b.FamilyName = strings.TrimSpace(in.FamilyName)
	if b.FamilyName == "" {
		v.Add("family_name", "required")
	}
	b.BirthDate, err = domain.ParseDate(in.BirthDate)
	v.AddErr("birth_date", err)
	if err == nil && b.BirthDate.After(today) {
		v.Add("birth_date", "date_in_future")
	}
	b.Street, b.HouseNumber, b.City = strings.TrimSpace(in.Street), strings.TrimSpace(in.HouseNumber), strings.TrimSpace(in.City)
	if strings.TrimSpace(in.Postcode) != "" {
		b.Postcode, err = domain.ParsePostcode(in.Postcode)
		v.AddErr("postcode", err)
	}
	if strings.TrimSpace(in.Email) != "" {
		b.Email, err = domain.ParseEmail(in.Email)
		v.AddErr("email", err)
	}
	b.Phone = strings.TrimSpace(in.Phone)
	for field, val := range map[string]string{"initials": b.Initials, "prefix": b.Prefix, "family_name": b.FamilyName, "street": b.Street, "city": b.City, "phone": b.Phone, "house_number": b.HouseNumber} {
		if utf8.RuneCountInString(val) > 100 && !v.Has(field) {
			v.Add(field, "too_long", 100)
		}
	}
	return b, v.Err()
}

// CreateBudgetHolder registers a budget holder for the actor's verstrekker.
// A BSN already known (registered by another verstrekker) is the same
// person, so it is linked, not duplicated, but only when the birth date and
// family name typed from the population register match the person known
// under it: a BSN alone (a typo, a guess) must not hand another funder's
// client to this organisation. The answer holds what was typed and the id,
// nothing of the stored record, and the budget holder is told of the link.
func (s *Service) CreateBudgetHolder(ctx context.Context, a Actor, in BudgetHolderInput) (domain.BudgetHolder, error) {
	if !a.Is(domain.RoleVerstrekker) {
		return domain.BudgetHolder{}, domain.Forbidden("verstrekker_only")
	}
	if err := requireStaffMFA(a); err != nil {
		return domain.BudgetHolder{}, err
	}
	b, err := ParseBudgetHolder(in, s.Today())
	if err != nil {
		return b, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		now := s.now()
		existing, err := tx.BudgetHolderByBSN(ctx, b.BSN)
		switch {
		case err == nil:
			if linked, err := tx.IsClient(ctx, a.Role.OrganisationID, existing.ID); err != nil {
				return err
			} else if linked {
				return domain.Invalid("bsn", "bsn_already_client")
			}
			if !domain.SameRegisterPerson(b, existing) {
				s.log.Warn("budget holder not linked: register details differ from the known person", "organisation", a.Role.OrganisationID, "account", a.AccountID)
				return domain.Invalid("bsn", "bsn_register_mismatch")
			}
			b.ID = existing.ID
			if err := s.tellHolder(ctx, tx, a, existing, "notice.holder_linked"); err != nil {
				return err
			}
		case domain.KindOf(err) == domain.KindNotFound:
			if b.ID, err = tx.CreateBudgetHolder(ctx, b, now); err != nil {
				return err
			}
		default:
			return err
		}
		if err := tx.LinkClient(ctx, a.Role.OrganisationID, b.ID, now); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "budget_holder.create", "budget_holder", b.ID, nil, maskBH(b)))
	})
	return b, err
}

// mayChangeHolder decides who may change a budget holder's contact details,
// payout IBAN, representatives and invitations: the budget holder, their
// representative, or staff of a verstrekker that grants this person a
// budget that has not ended. Seeing a person (a client linked once, the SVB)
// is not enough to act for them.
func (s *Service) mayChangeHolder(ctx context.Context, tx *store.Tx, a Actor, bhID int64) error {
	if err := s.visibleBudgetHolder(ctx, tx, a, bhID); err != nil {
		return err
	}
	switch {
	case a.Is(domain.RoleBudgetHolder), a.Is(domain.RoleRepresentative), a.isSystem():
		return nil
	case a.Is(domain.RoleVerstrekker):
		ok, err := tx.HasCurrentGrant(ctx, a.Role.OrganisationID, bhID, s.Today())
		if err != nil || ok {
			return err
		}
		return domain.Forbidden("no_current_grant")
	}
	return domain.Forbidden("not_allowed")
}

// MayChangeHolder reports whether the actor may change the budget holder's
// contact details, IBAN and representatives (for the pages' forms).
func (s *Service) MayChangeHolder(ctx context.Context, a Actor, bhID int64) bool {
	return s.db.View(ctx, func(tx *store.Tx) error { return s.mayChangeHolder(ctx, tx, a, bhID) }) == nil
}

// tellHolder tells a budget holder that something about them was changed,
// and by whom: a notice in their inbox, and an e-mail to the address they
// had before the change (so that a changed address cannot hide it).
func (s *Service) tellHolder(ctx context.Context, tx *store.Tx, a Actor, before domain.BudgetHolder, key string) error {
	who := a.Name
	if a.Role.OrganisationID != 0 {
		if o, err := tx.Organisation(ctx, a.Role.OrganisationID); err == nil {
			who = o.Name
		}
	}
	if who == "" {
		who = "pgbportaal"
	}
	args := []string{who}
	notice := store.Notice{Target: store.Target{Kind: "budget_holder", ID: before.ID}, Object: store.Ref{Type: "budget_holder", ID: before.ID}, TextKey: key, Args: args, CreatedAt: s.now()}
	if err := tx.AddNotices(ctx, []store.Notice{notice}); err != nil {
		return err
	}
	if before.Email == "" {
		return nil
	}
	text := i18n.T("nl", key, who)
	link := strings.TrimRight(s.publicURL, "/") + "/gegevens"
	return tx.QueueMail(ctx, store.Mail{To: before.Email, CreatedAt: s.now(), Subject: "pgbportaal: " + text,
		Body: i18n.T("nl", "notice.holder_changed_mail_body", text, link)})
}

// maskBH is a budget holder as the audit log may hold it: BSN masked.
func maskBH(b domain.BudgetHolder) map[string]any {
	return map[string]any{"bsn": b.BSN.Masked(), "name": b.Name(), "birth_date": b.BirthDate, "postcode": b.Postcode}
}

// BudgetHolder returns a budget holder the actor may see.
func (s *Service) BudgetHolder(ctx context.Context, a Actor, id int64) (domain.BudgetHolder, error) {
	var b domain.BudgetHolder
	err := s.db.View(ctx, func(tx *store.Tx) error {
		if err := s.visibleBudgetHolder(ctx, tx, a, id); err != nil {
			return err
		}
		var err error
		b, err = tx.BudgetHolder(ctx, id)
		return err
	})
	return b, err
}

// SearchBudgetHolders lists the actor's verstrekker's budget holders.
func (s *Service) SearchBudgetHolders(ctx context.Context, a Actor, q string, limit, offset int) ([]domain.BudgetHolder, error) {
	if !a.Is(domain.RoleVerstrekker) {
		return nil, domain.Forbidden("verstrekker_only")
	}
	if err := requireStaffMFA(a); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 201 { // 201: the API asks one more than its largest page, to know whether there is a next
		limit = 50
	}
	if offset < 0 {
		offset = 0
	}
	// A BSN typed with dots or spaces is searched as digits.
	if d := strings.NewReplacer(".", "", " ", "").Replace(strings.TrimSpace(q)); len(d) == 9 && strings.Trim(d, "0123456789") == "" {
		q = d
	}
	var out []domain.BudgetHolder
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.SearchClients(ctx, a.Role.OrganisationID, q, limit, offset)
		return err
	})
	return out, err
}

// UpdateContact lets the budget holder (or representative), or staff of a
// verstrekker with a current grant for them, change e-mail and phone, the
// only personal fields not from the register; the budget holder is told.
// iban, when not empty, is where the free amount is paid (validated mod 97).
func (s *Service) UpdateContact(ctx context.Context, a Actor, bhID int64, email, phone, iban string) error {
	var v domain.Validation
	if strings.TrimSpace(email) != "" {
		var err error
		email, err = domain.ParseEmail(email)
		v.AddErr("email", err)
	}
	var parsedIBAN domain.IBAN
	if strings.TrimSpace(iban) != "" {
		var err error
		parsedIBAN, err = domain.ParseIBAN(iban)
		v.AddErr("iban", err)
	}
	phone = strings.TrimSpace(phone)
	if len(phone) > 30 {
		v.Add("phone", "too_long", 30)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		if err := s.mayChangeHolder(ctx, tx, a, bhID); err != nil {
			return err
		}
		before, err := tx.BudgetHolder(ctx, bhID)
		if err != nil {
			return err
		}
		if err := tx.UpdateContact(ctx, bhID, email, phone); err != nil {
			return err
		}
		after := parsedIBAN
		if after == "" {
			after = before.IBAN
		} else if err := tx.SetHolderIBAN(ctx, bhID, parsedIBAN); err != nil {
			return err
		}
		switch {
		case after != before.IBAN:
			err = s.tellHolder(ctx, tx, a, before, "notice.holder_iban_changed")
		case email != before.Email || phone != before.Phone:
			err = s.tellHolder(ctx, tx, a, before, "notice.holder_contact_changed")
		}
		if err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "budget_holder.contact", "budget_holder", bhID,
			map[string]string{"email": before.Email, "phone": before.Phone, "iban": string(before.IBAN)},
			map[string]string{"email": email, "phone": phone, "iban": string(after)}))
	})
}

// ProviderInput is what is entered for a new zorgverlener.
type ProviderInput struct {
	Kind  string
	Name  string
	AGB   string
	KvK   string
	IBAN  string
	Email string
	Phone string
	City  string
}

// ParseProvider validates a provider: AGB, KvK and IBAN by their rules; a
// zzp'er needs a KvK number, an institution an AGB code and a KvK number.
func ParseProvider(in ProviderInput) (domain.Provider, error) {
	var v domain.Validation
	p := domain.Provider{Kind: domain.ProviderKind(in.Kind), Name: strings.TrimSpace(in.Name), City: strings.TrimSpace(in.City), Phone: strings.TrimSpace(in.Phone)}
	if !p.Kind.Valid() {
		v.Add("kind", "required")
	}
	if p.Name == "" {
		v.Add("name", "required")
	}
	var err error
	if strings.TrimSpace(in.AGB) != "" || p.Kind == domain.ProviderInstitution {
		p.AGB, err = domain.ParseAGB(in.AGB)
		v.AddErr("agb", err)
	}
	if strings.TrimSpace(in.KvK) != "" || p.Kind.Formal() {
		p.KvK, err = domain.ParseKvK(in.KvK)
		v.AddErr("kvk", err)
	}
	p.IBAN, err = domain.ParseIBAN(in.IBAN)
	v.AddErr("iban", err)
	if strings.TrimSpace(in.Email) != "" {
		p.Email, err = domain.ParseEmail(in.Email)
		v.AddErr("email", err)
	}
	return p, v.Err()
}

// CreateProvider registers a provider (verstrekker, SVB staff, beheerder).
func (s *Service) CreateProvider(ctx context.Context, a Actor, in ProviderInput) (domain.Provider, error) {
	if !a.Is(domain.RoleVerstrekker) && !a.Is(domain.RoleSVB) && !a.Is(domain.RoleAdmin) && !a.isSystem() {
		return domain.Provider{}, domain.Forbidden("staff_only")
	}
	if err := requireStaffMFA(a); err != nil {
		return domain.Provider{}, err
	}
	p, err := ParseProvider(in)
	if err != nil {
		return p, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		if p.ID, err = tx.CreateProvider(ctx, p, s.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "provider.create", "provider", p.ID, nil, p))
	})
	return p, err
}

// Provider returns a provider: to staff, and to the provider itself.
func (s *Service) Provider(ctx context.Context, a Actor, id int64) (domain.Provider, error) {
	var p domain.Provider
	if !(a.Role.Role.IsStaff() && requireStaffMFA(a) == nil) && !(a.Is(domain.RoleProvider) && a.Role.ProviderID == id) && !a.isSystem() {
		return p, domain.NotFound("provider")
	}
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		p, err = tx.Provider(ctx, id)
		return err
	})
	return p, err
}

// RepresentativeInput links an existing account as representative.
type RepresentativeInput struct {
	Email     string
	Kind      string
	ValidFrom string
	ValidTo   string
	Proof     Upload // the scan of the proof; required for legal representation (RepresentationKind.NeedsProof)
}

// AddRepresentative links an account (by e-mail) as vertegenwoordiger of a
// budget holder, and gives it the matching role (verstrekker staff).
func (s *Service) AddRepresentative(ctx context.Context, a Actor, bhID int64, in RepresentativeInput) (domain.Representation, error) {
	var rep domain.Representation
	if !a.Is(domain.RoleVerstrekker) && !a.isSystem() {
		return rep, domain.Forbidden("verstrekker_only")
	}
	var v domain.Validation
	rep.Kind = domain.RepresentationKind(in.Kind)
	if !rep.Kind.Valid() {
		v.Add("kind", "required")
	}
	var err error
	rep.ValidFrom, err = domain.ParseDate(in.ValidFrom)
	v.AddErr("valid_from", err)
	if strings.TrimSpace(in.ValidTo) != "" {
		rep.ValidTo, err = domain.ParseDate(in.ValidTo)
		v.AddErr("valid_to", err)
		if err == nil && rep.ValidTo.Before(rep.ValidFrom) {
			v.Add("valid_to", "end_before_start")
		}
	}
	email, err := domain.ParseEmail(in.Email)
	v.AddErr("email", err)
	var proofType string
	switch {
	case len(in.Proof.Data) > 0:
		if proofType, err = domain.SniffUpload("proof", in.Proof.Data); err != nil {
			if e, ok := domain.AsError(err); ok && len(e.Fields) > 0 {
				v.Add("proof", e.Fields[0].Code, e.Fields[0].Args...)
			} else {
				return rep, err
			}
		}
	case rep.Kind.NeedsProof():
		v.Add("proof", "proof_required")
	}
	if err := v.Err(); err != nil {
		return rep, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		if err := s.mayChangeHolder(ctx, tx, a, bhID); err != nil {
			return err
		}
		acc, err := tx.AccountByEmail(ctx, email)
		if err != nil {
			return domain.Invalid("email", "account_unknown")
		}
		rep.AccountID, rep.BudgetHolderID = acc.ID, bhID
		if rep, err = s.addRepresentation(ctx, tx, rep); err != nil {
			return err
		}
		bh, err := tx.BudgetHolder(ctx, bhID)
		if err != nil {
			return err
		}
		if err := s.tellHolder(ctx, tx, a, bh, "notice.holder_representative_added"); err != nil {
			return err
		}
		if err := tx.Audit(ctx, s.record(a, "representation.create", "budget_holder", bhID, nil, rep)); err != nil {
			return err
		}
		if len(in.Proof.Data) == 0 {
			return nil
		}
		att := s.newAttachment(a, "representation", rep.ID, in.Proof.Name, "bewijs", proofType, in.Proof.Data)
		if _, err := tx.AddAttachment(ctx, att); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "representation.proof", "budget_holder", bhID, nil, map[string]any{"representation_id": rep.ID, "sha256": att.SHA256}))
	})
	return rep, err
}

// addRepresentation stores a representation and gives its account the
// representative role for the budget holder.
func (s *Service) addRepresentation(ctx context.Context, tx *store.Tx, rep domain.Representation) (domain.Representation, error) {
	now := s.now()
	var err error
	if rep.ID, err = tx.CreateRepresentation(ctx, rep, now); err != nil {
		return rep, err
	}
	_, err = tx.AddRole(ctx, domain.AccountRole{AccountID: rep.AccountID, Role: domain.RoleRepresentative, BudgetHolderID: rep.BudgetHolderID, RepresentationID: rep.ID}, now)
	return rep, err
}

// Representatives lists a budget holder's representatives with their names.
func (s *Service) Representatives(ctx context.Context, a Actor, bhID int64) ([]RepresentativeView, error) {
	var out []RepresentativeView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		if err := s.visibleBudgetHolder(ctx, tx, a, bhID); err != nil {
			return err
		}
		reps, err := tx.Representations(ctx, bhID)
		if err != nil {
			return err
		}
		for _, r := range reps {
			acc, err := tx.Account(ctx, r.AccountID)
			if err != nil {
				return err
			}
			v := RepresentativeView{Representation: r, Name: acc.Name, Active: r.ActiveOn(s.Today()),
				Actions: domain.MandateActions(domain.MandateStateOf(r, s.Today()), a.Role.Role)}
			if a.Is(domain.RoleVerstrekker) { // the proof is for the staff who keep it (RepresentationProof)
				proofs, err := tx.Attachments(ctx, "representation", r.ID)
				if err != nil {
					return err
				}
				if len(proofs) > 0 {
					v.Proof = &proofs[len(proofs)-1]
				}
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// RepresentativeView is a representation with the representative's name.
type RepresentativeView struct {
	domain.Representation
	Name   string `json:"name"`
	Active bool   `json:"active"`
	// What the actor may do with it now (the mandate lifecycle): the
	// budget holder revokes a mandate they gave.
	Actions []domain.MandateAction `json:"your_actions"`
	// The latest scan of the proof, for the verstrekker's staff (without
	// its bytes); nil for others and when none was kept.
	Proof *store.Attachment `json:"proof,omitempty"`
}

// RoleLabel describes a role for the role switcher: "Budgethouder",
// "Vertegenwoordiger van J. de Vries", "Gemeente Utrecht".
type RoleLabel struct {
	domain.AccountRole
	Subject string // the person or organisation the role is tied to
}

// RoleLabels names the subjects of roles.
func (s *Service) RoleLabels(ctx context.Context, roles []domain.AccountRole) ([]RoleLabel, error) {
	subjects, err := s.db.RoleSubjects(ctx, roles, store.Target{}, 0)
	if err != nil {
		return nil, err
	}
	return labelRoles(roles, subjects), nil
}

// labelRoles names each role's subject as read (left empty where it was
// not found).
func labelRoles(roles []domain.AccountRole, subjects store.RoleSubjects) []RoleLabel {
	out := make([]RoleLabel, 0, len(roles))
	for _, r := range roles {
		l := RoleLabel{AccountRole: r}
		switch {
		case r.BudgetHolderID != 0:
			if b, ok := subjects.Holders[r.BudgetHolderID]; ok {
				l.Subject = b.Name()
			}
		case r.OrganisationID != 0:
			l.Subject = subjects.Organisations[r.OrganisationID].Name
		case r.ProviderID != 0:
			l.Subject = subjects.Providers[r.ProviderID].Name
		}
		out = append(out, l)
	}
	return out
}

// Organisations lists all organisations (for staff and beheerders).
func (s *Service) Organisations(ctx context.Context) ([]domain.Organisation, error) {
	var out []domain.Organisation
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.Organisations(ctx)
		return err
	})
	return out, err
}

// CreateOrganisation adds a verstrekker or the SVB (beheerder, command line).
func (s *Service) CreateOrganisation(ctx context.Context, a Actor, o domain.Organisation) (domain.Organisation, error) {
	if !a.isSystem() && !a.Is(domain.RoleAdmin) {
		return o, domain.Forbidden("admin_only")
	}
	var v domain.Validation
	o.Name, o.Code = strings.TrimSpace(o.Name), strings.TrimSpace(o.Code)
	if !o.Kind.Valid() {
		v.Add("kind", "required")
	}
	if o.Name == "" {
		v.Add("name", "required")
	}
	if o.Code == "" {
		v.Add("code", "required")
	}
	if err := v.Err(); err != nil {
		return o, err
	}
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		if o.ID, err = tx.CreateOrganisation(ctx, o, s.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "organisation.create", "organisation", o.ID, nil, o))
	})
	return o, err
}

// SearchProviders lists providers whose name starts with q, or whose AGB
// code or KvK number is q (staff).
//
// A budget holder or representative picking the other party of an agreement
// sees names, kinds and places only: no bank or contact details.
func (s *Service) SearchProviders(ctx context.Context, a Actor, q string) ([]domain.Provider, error) {
	holder := a.Is(domain.RoleBudgetHolder) || a.Is(domain.RoleRepresentative)
	if !a.Role.Role.IsStaff() && !a.isSystem() && !holder {
		return nil, domain.Forbidden("staff_only")
	}
	if err := requireStaffMFA(a); err != nil {
		return nil, err
	}
	var out []domain.Provider
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.Providers(ctx, q, 100)
		return err
	})
	if holder {
		for i := range out {
			out[i].IBAN, out[i].Email, out[i].Phone = "", "", ""
		}
	}
	return out, err
}

// OwnsHolderData reports whether the actor is the budget holder bhID or
// acts for them (a representative): the owners, who may read what only
// they see, such as their own IBAN. Staff see it not at all, as on the
// pages.
func OwnsHolderData(a Actor, bhID int64) bool {
	return (a.Is(domain.RoleBudgetHolder) || a.Is(domain.RoleRepresentative)) && a.Role.BudgetHolderID == bhID
}
