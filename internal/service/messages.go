package service

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// targetOf is the inbox the actor reads in its current role.
func targetOf(a Actor) (store.Target, bool) {
	switch a.Role.Role {
	case domain.RoleBudgetHolder, domain.RoleRepresentative:
		return store.Target{Kind: "budget_holder", ID: a.Role.BudgetHolderID}, true
	case domain.RoleProvider:
		return store.Target{Kind: "provider", ID: a.Role.ProviderID}, true
	case domain.RoleVerstrekker, domain.RoleSVB:
		return store.Target{Kind: "organisation", ID: a.Role.OrganisationID}, true
	}
	return store.Target{}, false
}

// partyTargets are the inboxes of an agreement's parties.
func partyTargets(ag domain.Agreement) map[domain.Party]store.Target {
	return map[domain.Party]store.Target{
		domain.PartyHolder:      {Kind: "budget_holder", ID: ag.BudgetHolderID},
		domain.PartyProvider:    {Kind: "provider", ID: ag.ProviderID},
		domain.PartyVerstrekker: {Kind: "organisation", ID: ag.VerstrekkerID},
	}
}

// notify puts a notice about an agreement in the inboxes of the given parties.
func (s *Service) notify(ctx context.Context, tx *store.Tx, ag domain.Agreement, key string, to ...domain.Party) error {
	return s.notifyAbout(ctx, tx, ag, store.Ref{}, key, to...)
}

// notifyDecl puts a notice about one of an agreement's declarations in the
// inboxes of the given parties; it links to the declaration.
func (s *Service) notifyDecl(ctx context.Context, tx *store.Tx, ag domain.Agreement, declarationID int64, key string, to ...domain.Party) error {
	return s.notifyAbout(ctx, tx, ag, store.Ref{Type: "declaration", ID: declarationID}, key, to...)
}

// notifyAbout puts a notice about obj (under agreement ag) in the inboxes
// of the given parties, and queues its e-mail for those who want it.
func (s *Service) notifyAbout(ctx context.Context, tx *store.Tx, ag domain.Agreement, obj store.Ref, key string, to ...domain.Party) error {
	p, bh, err := tx.ProviderAndHolder(ctx, ag.ProviderID, ag.BudgetHolderID)
	if err != nil {
		return err
	}
	all := partyTargets(ag)
	args := []string{bh.Name(), p.Name}
	targets := make([]store.Target, len(to))
	notices := make([]store.Notice, len(to))
	for i, party := range to {
		targets[i] = all[party]
		notices[i] = store.Notice{Target: all[party], AgreementID: ag.ID, Object: obj, TextKey: key, Args: args, CreatedAt: s.now()}
	}
	if err := tx.AddNotices(ctx, notices); err != nil {
		return err
	}
	return s.mailNotices(ctx, tx, targets, NoticePath(notices[0]), key, args)
}

// NoticePath is the page a notice is about: its declaration or settlement,
// the budget holder's details, or else its agreement.
func NoticePath(n store.Notice) string {
	id := strconv.FormatInt(n.Object.ID, 10)
	switch {
	case n.Object.Type == "declaration":
		return "/declaraties/" + id
	case n.Object.Type == "settlement":
		return "/eindafrekeningen/" + id
	case n.Object.Type == "budget_holder":
		return "/gegevens"
	case n.Object.Type == "findcare_request":
		return "/zorgvragen/" + id
	case n.Object.Type == "job":
		return "/taken/" + id
	case n.AgreementID != 0:
		return "/overeenkomsten/" + strconv.FormatInt(n.AgreementID, 10)
	}
	return "/berichten"
}

// OpenNotice marks one of the actor's notices read and returns the page it
// is about.
func (s *Service) OpenNotice(ctx context.Context, a Actor, id int64) (string, error) {
	t, ok := targetOf(a)
	if !ok {
		return "", domain.NotFound("notice")
	}
	var path string
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		n, err := tx.Notice(ctx, t, id)
		if err != nil {
			return err
		}
		path = NoticePath(n)
		return tx.MarkNoticeRead(ctx, n.ID, a.AccountID, s.now())
	})
	return path, err
}

// NoticeKinds are the kinds of notices a person can get by e-mail.
var NoticeKinds = []string{"agreements", "declarations", "messages", "payments", "jobs"}

// noticeKind sorts a notice into the kinds people choose by.
func noticeKind(key string) string {
	k := strings.TrimPrefix(key, "notice.")
	switch {
	case strings.HasPrefix(k, "job_"): // done or failed, of whatever kind
		return "jobs"
	case strings.Contains(k, "message"):
		return "messages"
	case strings.HasPrefix(k, "declaration"), strings.HasPrefix(k, "sick"):
		return "declarations"
	case strings.Contains(k, "pay"):
		return "payments"
	}
	return "agreements"
}

// mailNotices queues the notice as e-mail, in the same transaction, for
// every account behind the targets that wants this kind by e-mail, each in
// their own language: one statement, rendered here in both languages.
func (s *Service) mailNotices(ctx context.Context, tx *store.Tx, targets []store.Target, path string, key string, args []string) error {
	return tx.QueueNoticeMails(ctx, targets, s.Today(), s.noticeMail(path, key, args))
}

// noticeMail is a notice's e-mail in both languages: its text and a link
// to its page, nothing more.
func (s *Service) noticeMail(path string, key string, args []string) store.NoticeMail {
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a
	}
	link := strings.TrimRight(s.publicURL, "/") + path
	in := func(lang string) store.Mail {
		text := i18n.T(lang, key, vals...)
		return store.Mail{Subject: "pgbportaal: " + text, Body: i18n.T(lang, "notice.mail_body", text, link)}
	}
	return store.NoticeMail{Kind: noticeKind(key), NL: in("nl"), EN: in("en"), CreatedAt: s.now()}
}

// MailNotices returns the kinds of notices the account gets by e-mail.
func (s *Service) MailNotices(ctx context.Context, a Actor) ([]string, error) {
	var kinds string
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		kinds, err = tx.MailNotices(ctx, a.AccountID)
		return err
	})
	var out []string
	for _, k := range strings.Split(kinds, ",") {
		if slices.Contains(NoticeKinds, k) {
			out = append(out, k)
		}
	}
	return out, err
}

// SetMailNotices chooses which kinds of notices the account gets by e-mail
// (the inbox always has them all).
func (s *Service) SetMailNotices(ctx context.Context, a Actor, kinds []string) error {
	var keep []string
	for _, k := range NoticeKinds {
		if slices.Contains(kinds, k) {
			keep = append(keep, k)
		}
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetMailNotices(ctx, a.AccountID, strings.Join(keep, ",")); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "account.mail_notices", "account", a.AccountID, nil, map[string]any{"kinds": keep}))
	})
}

// PostDeclarationMessage adds a message about one declaration to its
// agreement's parties' thread of that declaration; the others are told.
func (s *Service) PostDeclarationMessage(ctx context.Context, a Actor, declarationID int64, body string) (store.Message, error) {
	var m store.Message
	body, err := messageBody(body)
	if err != nil {
		return m, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.DeclarationByID(ctx, declarationID, false)
		if err != nil {
			return err
		}
		ag, party, err := s.visibleAgreement(ctx, tx, a, r.AgreementID, false)
		if err != nil {
			return declarationNotFound(err)
		}
		if m, err = s.addMessage(ctx, tx, a, ag, party, declarationID, body); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "declaration.message", "declaration", declarationID, nil, map[string]any{"message_id": m.ID}))
	})
	return m, err
}

// DeclarationMessages lists the thread about a declaration for its parties.
func (s *Service) DeclarationMessages(ctx context.Context, a Actor, declarationID int64) ([]store.Message, error) {
	var out []store.Message
	err := s.db.View(ctx, func(tx *store.Tx) error {
		if _, err := s.declarationView(ctx, tx, a, declarationID); err != nil {
			return err
		}
		var err error
		out, err = tx.DeclarationMessages(ctx, declarationID)
		return err
	})
	return out, err
}

// otherParty is the other side of an agreement for the two signing parties;
// staff acting (paper) count as the budget holder's side.
func otherParty(p domain.Party) domain.Party {
	if p == domain.PartyProvider {
		return domain.PartyHolder
	}
	return domain.PartyProvider
}

// noticesFor says who is told after an action, and what.
func noticesFor(action domain.AgreementAction, party domain.Party, next domain.AgreementState) (string, []domain.Party) {
	switch action {
	case domain.ActSendToSign:
		return "notice.sign_waiting", []domain.Party{otherParty(party)}
	case domain.ActSign:
		if next == domain.StateSigned {
			return "notice.ready_to_submit", []domain.Party{domain.PartyHolder}
		}
		// The other party was asked to sign when it was sent for signing
		// (or sent it itself): one notice per event.
		return "", nil
	case domain.ActSubmit:
		if next == domain.StateApproved {
			return "notice.approved", []domain.Party{domain.PartyHolder, domain.PartyProvider}
		}
		return "notice.submitted", []domain.Party{domain.PartyVerstrekker}
	case domain.ActApprove:
		return "notice.approved", []domain.Party{domain.PartyHolder, domain.PartyProvider}
	case domain.ActReject:
		return "notice.rejected", []domain.Party{domain.PartyHolder, domain.PartyProvider}
	case domain.ActChange:
		return "notice.change", []domain.Party{otherParty(party)}
	case domain.ActProposeEnd:
		return "notice.end_proposed", []domain.Party{otherParty(party), domain.PartyVerstrekker}
	case domain.ActEnd:
		return "notice.ended", []domain.Party{domain.PartyHolder, domain.PartyProvider}
	case domain.ActBackToDraft:
		return "notice.back_to_concept", []domain.Party{otherParty(party)}
	}
	return "", nil
}

// PostMessage adds a message to an agreement's thread; the other parties
// get a notice.
func (s *Service) PostMessage(ctx context.Context, a Actor, agreementID int64, body string) (store.Message, error) {
	var m store.Message
	body, err := messageBody(body)
	if err != nil {
		return m, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		ag, party, err := s.visibleAgreement(ctx, tx, a, agreementID, false)
		if err != nil {
			return err
		}
		if m, err = s.addMessage(ctx, tx, a, ag, party, 0, body); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "agreement.message", "agreement", agreementID, nil, map[string]any{"message_id": m.ID}))
	})
	return m, err
}

// messageBody is a message as typed: trimmed, not empty, at most 4000 characters.
func messageBody(body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return body, domain.Invalid("body", "required")
	case utf8.RuneCountInString(body) > 4000: // characters, as the message says
		return body, domain.Invalid("body", "too_long", 4000)
	}
	return body, nil
}

// addMessage stores a party's message about an agreement (or one of its
// declarations) and tells the other parties.
func (s *Service) addMessage(ctx context.Context, tx *store.Tx, a Actor, ag domain.Agreement, party domain.Party, declarationID int64, body string) (store.Message, error) {
	m := store.Message{AgreementID: ag.ID, DeclarationID: declarationID, AuthorID: a.AccountID, AuthorName: a.Name, Party: party, Body: body, CreatedAt: s.now()}
	var err error
	if m.ID, err = tx.AddMessage(ctx, m); err != nil {
		return m, err
	}
	// The budget holder and the provider hear of each other's messages; the
	// verstrekker only reads along, and is told when it writes itself.
	var to []domain.Party
	switch party {
	case domain.PartyHolder:
		to = []domain.Party{domain.PartyProvider}
	case domain.PartyProvider:
		to = []domain.Party{domain.PartyHolder}
	default:
		to = []domain.Party{domain.PartyHolder, domain.PartyProvider}
	}
	if declarationID != 0 {
		return m, s.notifyDecl(ctx, tx, ag, declarationID, "notice.declaration_message", to...)
	}
	return m, s.notify(ctx, tx, ag, "notice.message", to...)
}

// Messages returns an agreement's thread to its parties.
func (s *Service) Messages(ctx context.Context, a Actor, agreementID int64) ([]store.Message, error) {
	var out []store.Message
	err := s.db.View(ctx, func(tx *store.Tx) error {
		if _, _, err := s.visibleAgreement(ctx, tx, a, agreementID, false); err != nil {
			return err
		}
		var err error
		out, err = tx.Messages(ctx, agreementID)
		return err
	})
	return out, err
}

// Inbox lists the notices of the actor's current role, and how many are unread.
func (s *Service) Inbox(ctx context.Context, a Actor) ([]store.Notice, int, error) {
	t, ok := targetOf(a)
	if !ok {
		return nil, 0, nil
	}
	var out []store.Notice
	var unread int
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		if out, err = tx.Inbox(ctx, t, a.AccountID, 100); err != nil {
			return err
		}
		unread, err = tx.Unread(ctx, t, a.AccountID)
		return err
	})
	return out, unread, err
}

// UnreadCount is the number of unread notices (for the menu).
func (s *Service) UnreadCount(ctx context.Context, a Actor) int {
	t, ok := targetOf(a)
	if !ok {
		return 0
	}
	var n int
	_ = s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.Unread(ctx, t, a.AccountID)
		return err
	})
	return n
}

// MarkRead marks the actor's notices about an agreement (all when 0) read.
func (s *Service) MarkRead(ctx context.Context, a Actor, agreementID int64) error {
	t, ok := targetOf(a)
	if !ok {
		return nil
	}
	return s.db.Update(ctx, func(tx *store.Tx) error { return tx.MarkRead(ctx, t, a.AccountID, agreementID, s.now()) })
}
