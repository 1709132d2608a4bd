package service

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// Find care (issue 20): providers publish a care profile, budget holders
// post a request (oproep) and search the profiles, providers answer the
// requests that fit their profile through the portal's messages, and the
// holder starts a care agreement from an answer or a profile. Who may see
// what:
//   - profiles: logged-in budget holders and representatives (and the
//     provider its own; staff to moderate); never a BSN, address or IBAN;
//   - a request: its holder, and providers whose profile fits it or who
//     answered it, without the holder's identity until the holder replies
//     to that provider;
//   - a questionnaire: its author only.

func isHolderSide(a Actor) bool {
	return a.Is(domain.RoleBudgetHolder) || a.Is(domain.RoleRepresentative)
}

// isModerator reports whether a may hide profiles and requests: the
// beheerder, with the second factor.
func isModerator(a Actor) bool { return a.Is(domain.RoleAdmin) && (a.MFA || a.isSystem()) }

// ProfileInput is a profile as the form sends it.
type ProfileInput struct {
	CareTypes []string
	Laws      []string
	Gemeenten string // names or CBS codes, one a line or separated by ;
	Avail     []string
	Languages []string
	RateMin   string
	RateMax   string
	Text      string
	Published bool
}

// gemeenteError is the field error of a gemeente that is not known, with
// suggestions.
func gemeenteError(v *domain.Validation, field, typed string) {
	if s := domain.SuggestGemeenten(typed, 3); len(s) > 0 {
		v.Add(field, "findcare_gemeente_suggest", typed, strings.Join(s, ", "))
		return
	}
	v.Add(field, "findcare_gemeente_unknown", typed)
}

// parseRate reads an optional euro amount.
func parseRate(v *domain.Validation, field, s string) domain.Cents {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	c, err := domain.ParseCents(s)
	if err != nil {
		v.AddErr(field, err)
	}
	return c
}

// uniq is xs without repeats, in order.
func uniq(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// MyProfile is the provider's profile; a new, unpublished one when it has
// none yet (found false).
func (s *Service) MyProfile(ctx context.Context, a Actor) (domain.CareProfile, bool, error) {
	if !a.Is(domain.RoleProvider) {
		return domain.CareProfile{}, false, domain.NotFound("profile")
	}
	var p domain.CareProfile
	found := true
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		p, err = tx.ProfileOfProvider(ctx, a.Role.ProviderID)
		if domain.KindOf(err) == domain.KindNotFound {
			found, err = false, nil
			pr, perr := tx.Provider(ctx, a.Role.ProviderID)
			p = domain.CareProfile{ProviderID: pr.ID, ProviderName: pr.Name, ProviderKind: pr.Kind, Languages: []string{"nl"}}
			return perr
		}
		return err
	})
	return p, found, err
}

// SaveProfile saves the provider's profile. Publishing is the provider's
// choice (an informal carer opts in by it); a published profile must be
// complete. Every gemeente must be known: an unknown one is named at the
// field, with suggestions.
func (s *Service) SaveProfile(ctx context.Context, a Actor, in ProfileInput) (domain.CareProfile, error) {
	if !a.Is(domain.RoleProvider) {
		return domain.CareProfile{}, domain.Forbidden("provider_only")
	}
	var v domain.Validation
	codes, unknown := domain.ParseGemeenten(in.Gemeenten)
	for _, u := range unknown {
		if !v.Has("gemeenten") {
			gemeenteError(&v, "gemeenten", u)
		}
	}
	p := domain.CareProfile{ProviderID: a.Role.ProviderID, CareTypes: uniq(in.CareTypes), Gemeenten: codes, Avail: domain.AvailFromKeys(in.Avail),
		Languages: uniq(in.Languages), Text: strings.TrimSpace(in.Text), Published: in.Published, UpdatedAt: s.now()}
	for _, l := range uniq(in.Laws) {
		p.Laws = append(p.Laws, domain.Law(l))
	}
	p.RateMin, p.RateMax = parseRate(&v, "rate_min", in.RateMin), parseRate(&v, "rate_max", in.RateMax)
	if err := domain.ValidateProfile(p); err != nil {
		e, _ := domain.AsError(err)
		for _, f := range e.Fields {
			if !v.Has(f.Field) {
				v.Add(f.Field, f.Code, f.Args...)
			}
		}
	}
	if err := v.Err(); err != nil {
		return p, err
	}
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		id, err := tx.PutProfile(ctx, p)
		if err != nil {
			return err
		}
		p.ID = id
		return tx.Audit(ctx, s.record(a, "findcare.profile_saved", "findcare_profile", id, nil,
			map[string]any{"published": p.Published, "care_types": p.CareTypes, "gemeenten": p.Gemeenten}))
	})
	return p, err
}

// ProfileView is a profile as a budget holder sees it.
type ProfileView struct {
	P   domain.CareProfile
	Own bool // the provider's own
}

// Profile is one profile: for budget holders and representatives when it
// can be found, for its provider always, for the moderator always.
func (s *Service) Profile(ctx context.Context, a Actor, id int64) (ProfileView, error) {
	var v ProfileView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		p, err := tx.Profile(ctx, id)
		if err != nil {
			return err
		}
		v = ProfileView{P: p, Own: a.Is(domain.RoleProvider) && a.Role.ProviderID == p.ProviderID}
		switch {
		case v.Own, isModerator(a):
		case isHolderSide(a) && p.Visible():
		default:
			return domain.NotFound("profile")
		}
		return nil
	})
	return v, err
}

// ProfileSearch is a budget holder's search.
type ProfileSearch struct {
	CareType string
	Gemeente string // a name or CBS code as typed
	Avail    []string
	Law      string
	Language string
	Page     int
	PageSize int // 0: domain.ProfilesPerPage
}

// ProfileResults are one page of the ranked profiles found.
type ProfileResults struct {
	List        []domain.CareProfile
	Total       int
	Page, Pages int
	Gemeente    domain.Municipality
}

// SearchProfiles finds the profiles for a budget holder: by gemeente
// (required: care is given somewhere), care type and times, ranked by
// domain.RankProfiles, a page at a time.
func (s *Service) SearchProfiles(ctx context.Context, a Actor, q ProfileSearch) (ProfileResults, error) {
	var res ProfileResults
	if !isHolderSide(a) {
		return res, domain.NotFound("page")
	}
	var v domain.Validation
	g, ok := domain.LookupGemeente(q.Gemeente)
	switch {
	case strings.TrimSpace(q.Gemeente) == "":
		v.Add("gemeente", "findcare_gemeente_required")
	case !ok:
		gemeenteError(&v, "gemeente", q.Gemeente)
	}
	if q.CareType != "" && !domain.ValidCareType(q.CareType) {
		v.Add("care_type", "care_type_unknown")
	}
	if q.Law != "" && !domain.Law(q.Law).Valid() {
		v.Add("law", "invalid")
	}
	if err := v.Err(); err != nil {
		return res, err
	}
	dq := domain.ProfileQuery{CareType: q.CareType, Gemeente: g.Code, Avail: domain.AvailFromKeys(q.Avail), Law: domain.Law(q.Law), Language: q.Language}
	if q.Language != "" && !slices.Contains(domain.Languages, q.Language) {
		dq.Language = ""
	}
	size := cmp.Or(q.PageSize, domain.ProfilesPerPage)
	err := s.db.View(ctx, func(tx *store.Tx) error {
		page := max(q.Page, 1)
		var err error
		res.List, res.Total, err = tx.SearchProfiles(ctx, dq, (page-1)*size, size)
		if err != nil || len(res.List) > 0 || page == 1 {
			res.Page = page
			return err
		}
		// Past the last page: the last page.
		page = max(1, (res.Total+size-1)/size)
		res.Page = page
		res.List, res.Total, err = tx.SearchProfiles(ctx, dq, (page-1)*size, size)
		return err
	})
	res.Gemeente = g
	res.Pages = max(1, (res.Total+size-1)/size)
	return res, err
}

// RequestInput is a request as the form sends it.
type RequestInput struct {
	CareType string
	Law      string
	Gemeente string
	Avail    []string
	Hours    string
	Text     string
}

// PostRequest posts a budget holder's request. The gemeente must be a
// Dutch gemeente (one outside any region is refused at the field); a holder
// has at most domain.MaxOpenRequests open and posts at most
// domain.MaxRequestsPerDay a day.
func (s *Service) PostRequest(ctx context.Context, a Actor, in RequestInput) (domain.CareRequest, error) {
	var r domain.CareRequest
	if !isHolderSide(a) {
		return r, domain.Forbidden("holder_only")
	}
	var v domain.Validation
	g, ok := domain.LookupGemeente(in.Gemeente)
	if strings.TrimSpace(in.Gemeente) != "" && !ok {
		gemeenteError(&v, "gemeente", in.Gemeente)
	}
	hours, err := strconv.Atoi(strings.TrimSpace(in.Hours))
	if err != nil && strings.TrimSpace(in.Hours) != "" {
		v.Add("hours_per_week", "findcare_hours", domain.MaxRequestHours)
	}
	r = domain.CareRequest{BudgetHolderID: a.Role.BudgetHolderID, CareType: in.CareType, Law: domain.Law(in.Law), Gemeente: g.Code,
		Avail: domain.AvailFromKeys(in.Avail), HoursPerWeek: hours, Text: strings.TrimSpace(in.Text), Open: true, CreatedAt: s.now()}
	if err := domain.ValidateRequest(r); err != nil {
		e, _ := domain.AsError(err)
		for _, f := range e.Fields {
			if !v.Has(f.Field) {
				v.Add(f.Field, f.Code, f.Args...)
			}
		}
	}
	if err := v.Err(); err != nil {
		return r, err
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		open, posted, err := tx.CountRequests(ctx, r.BudgetHolderID, s.now().Add(-24*time.Hour))
		if err != nil {
			return err
		}
		if err := domain.CheckRequestLimits(open, posted); err != nil {
			return err
		}
		if r.ID, err = tx.AddRequest(ctx, r, a.AccountID); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "findcare.request_posted", "findcare_request", r.ID, nil,
			map[string]any{"care_type": r.CareType, "gemeente": r.Gemeente, "hours_per_week": r.HoursPerWeek}))
	})
	return r, err
}

// MyRequests are the budget holder's requests, newest first.
func (s *Service) MyRequests(ctx context.Context, a Actor) ([]domain.CareRequest, error) {
	if !isHolderSide(a) {
		return nil, nil
	}
	var out []domain.CareRequest
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.RequestsOfHolder(ctx, a.Role.BudgetHolderID)
		return err
	})
	return out, err
}

// ProviderRequests are, for a provider, the open requests that fit its
// profile (newest first, at most 50) and those it answered.
func (s *Service) ProviderRequests(ctx context.Context, a Actor) (matching, answered []domain.CareRequest, err error) {
	if !a.Is(domain.RoleProvider) {
		return nil, nil, nil
	}
	err = s.db.View(ctx, func(tx *store.Tx) error {
		p, err := tx.ProfileOfProvider(ctx, a.Role.ProviderID)
		if err != nil && domain.KindOf(err) != domain.KindNotFound {
			return err
		}
		if err == nil {
			rs, err := tx.MatchingRequests(ctx, p.Gemeenten, p.CareTypes, p.Avail, 50)
			if err != nil {
				return err
			}
			// A provider finds requests while its profile could be found;
			// the rules (a law asked for) decide the rest.
			p.Published = true
			for _, r := range rs {
				if domain.RequestMatches(p, r) {
					matching = append(matching, r)
				}
			}
		}
		answered, err = tx.AnsweredRequests(ctx, a.Role.ProviderID)
		return err
	})
	return matching, answered, err
}

// HolderCard is who posted a request, as shown once they replied.
type HolderCard struct {
	Name string
	City string
}

// Thread is the messages of a request with one provider.
type Thread struct {
	ProviderID   int64
	ProviderName string
	ProfileID    int64 // 0: the provider has no profile (any more)
	Messages     []store.FindCareMessage
	Revealed     bool // the holder replied: the provider sees who they are
}

// RequestView is a request as the person asking sees it.
type RequestView struct {
	R         domain.CareRequest
	Mine      bool        // the holder's own
	Holder    *HolderCard // the holder: for the holder, and for a provider the holder replied to
	Threads   []Thread    // the holder: one per provider who answered; a provider: its own
	CanAnswer bool        // a provider may write
	Moderate  bool
}

// revealed reports whether the holder wrote in the thread.
func revealed(ms []store.FindCareMessage) bool {
	return slices.ContainsFunc(ms, func(m store.FindCareMessage) bool { return m.Party == "budget_holder" })
}

// Request is one request for whoever may see it (see the top of this
// file); a provider sees the holder only after the holder replied to it.
func (s *Service) Request(ctx context.Context, a Actor, id int64) (RequestView, error) {
	var v RequestView
	err := s.db.View(ctx, func(tx *store.Tx) error {
		r, err := tx.Request(ctx, id)
		if err != nil {
			return err
		}
		v.R = r
		switch {
		case isHolderSide(a) && a.Role.BudgetHolderID == r.BudgetHolderID:
			v.Mine = true
			bh, err := tx.BudgetHolder(ctx, r.BudgetHolderID)
			if err != nil {
				return err
			}
			v.Holder = &HolderCard{Name: bh.Name(), City: bh.City}
			ms, err := tx.FindCareMessages(ctx, id, 0)
			if err != nil {
				return err
			}
			byProv := map[int64]int{}
			for _, m := range ms {
				i, ok := byProv[m.ProviderID]
				if !ok {
					pr, err := tx.Provider(ctx, m.ProviderID)
					if err != nil {
						return err
					}
					th := Thread{ProviderID: pr.ID, ProviderName: pr.Name}
					if p, err := tx.ProfileOfProvider(ctx, pr.ID); err == nil && p.Visible() {
						th.ProfileID = p.ID
					}
					v.Threads = append(v.Threads, th)
					i = len(v.Threads) - 1
					byProv[m.ProviderID] = i
				}
				v.Threads[i].Messages = append(v.Threads[i].Messages, m)
			}
			for i := range v.Threads {
				v.Threads[i].Revealed = revealed(v.Threads[i].Messages)
			}
			return nil
		case a.Is(domain.RoleProvider):
			ms, err := tx.FindCareMessages(ctx, id, a.Role.ProviderID)
			if err != nil {
				return err
			}
			fits := false
			if p, err := tx.ProfileOfProvider(ctx, a.Role.ProviderID); err == nil {
				p.Published = true
				fits = domain.RequestMatches(p, r)
			}
			if len(ms) == 0 && !fits {
				return domain.NotFound("request")
			}
			th := Thread{ProviderID: a.Role.ProviderID, Messages: ms, Revealed: revealed(ms)}
			v.Threads = []Thread{th}
			v.CanAnswer = r.Visible()
			if th.Revealed { // the holder chose to answer this provider
				bh, err := tx.BudgetHolder(ctx, r.BudgetHolderID)
				if err != nil {
					return err
				}
				v.Holder = &HolderCard{Name: bh.Name(), City: bh.City}
			}
			r.BudgetHolderID = 0
			v.R = r
			return nil
		case isModerator(a):
			v.Moderate = true
			v.R.BudgetHolderID = 0
			return nil
		}
		return domain.NotFound("request")
	})
	return v, err
}

// Answer writes in a request's thread with a provider. A provider answers
// a request that fits its profile (at most domain.MaxAnswersPerDay
// messages a day); the holder replies to a provider who answered, and so
// shows that provider who they are. The other side gets a notice.
func (s *Service) Answer(ctx context.Context, a Actor, requestID, providerID int64, body string) error {
	body, err := messageBody(body)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.Request(ctx, requestID)
		if err != nil {
			return err
		}
		m := store.FindCareMessage{RequestID: requestID, AuthorID: a.AccountID, Body: body, CreatedAt: s.now()}
		var to store.Target
		var key string
		switch {
		case isHolderSide(a) && a.Role.BudgetHolderID == r.BudgetHolderID:
			ms, err := tx.FindCareMessages(ctx, requestID, providerID)
			if err != nil {
				return err
			}
			if len(ms) == 0 {
				return domain.NotFound("provider")
			}
			m.ProviderID, m.Party = providerID, "budget_holder"
			to, key = store.Target{Kind: "provider", ID: providerID}, "notice.findcare_reply"
		case a.Is(domain.RoleProvider):
			m.ProviderID, m.Party = a.Role.ProviderID, "provider"
			ms, err := tx.FindCareMessages(ctx, requestID, m.ProviderID)
			if err != nil {
				return err
			}
			if len(ms) == 0 {
				p, err := tx.ProfileOfProvider(ctx, m.ProviderID)
				if err != nil && domain.KindOf(err) != domain.KindNotFound {
					return err
				}
				p.Published = true
				if err != nil || !domain.RequestMatches(p, r) {
					return domain.NotFound("request")
				}
			}
			n, err := tx.CountProviderAnswers(ctx, m.ProviderID, s.now().Add(-24*time.Hour))
			if err != nil {
				return err
			}
			if err := domain.CheckAnswerLimit(n); err != nil {
				return err
			}
			to, key = store.Target{Kind: "budget_holder", ID: r.BudgetHolderID}, "notice.findcare_answer"
		default:
			return domain.NotFound("request")
		}
		if !r.Visible() {
			return domain.Conflict("findcare_request_closed")
		}
		id, err := tx.AddFindCareMessage(ctx, m)
		if err != nil {
			return err
		}
		args := []string{"#" + strconv.FormatInt(requestID, 10)}
		obj := store.Ref{Type: "findcare_request", ID: requestID}
		if err := tx.AddNotices(ctx, []store.Notice{{Target: to, Object: obj, TextKey: key, Args: args, CreatedAt: s.now()}}); err != nil {
			return err
		}
		if err := s.mailNotices(ctx, tx, []store.Target{to}, "/zorgvragen/"+strconv.FormatInt(requestID, 10), key, args); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "findcare.message", "findcare_request", requestID, nil, map[string]any{"message_id": id, "provider_id": m.ProviderID}))
	})
}

// CloseRequest closes the holder's request.
func (s *Service) CloseRequest(ctx context.Context, a Actor, id int64) error {
	return s.db.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.Request(ctx, id)
		if err != nil {
			return err
		}
		if !isHolderSide(a) || a.Role.BudgetHolderID != r.BudgetHolderID {
			return domain.NotFound("request")
		}
		if err := tx.CloseRequest(ctx, id, s.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "findcare.request_closed", "findcare_request", id, nil, nil))
	})
}

// reportReason checks the reason of a report or of hiding.
func reportReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return reason, domain.Invalid("reason", "required")
	case utf8.RuneCountInString(reason) > 500:
		return reason, domain.Invalid("reason", "too_long", 500)
	}
	return reason, nil
}

// objectVisible checks that a may see the profile or request it reports.
func (s *Service) objectVisible(ctx context.Context, a Actor, objType string, id int64) error {
	switch objType {
	case "profile":
		_, err := s.Profile(ctx, a, id)
		return err
	case "request":
		_, err := s.Request(ctx, a, id)
		return err
	}
	return domain.NotFound("page")
}

// Report records a user's report of abuse of a profile or a request they
// can see; the moderator sees it.
func (s *Service) Report(ctx context.Context, a Actor, objType string, id int64, reason string) error {
	reason, err := reportReason(reason)
	if err != nil {
		return err
	}
	if err := s.objectVisible(ctx, a, objType, id); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		rid, err := tx.AddFindCareReport(ctx, store.FindCareReport{ObjectType: objType, ObjectID: id, ReporterID: a.AccountID, Reason: reason, CreatedAt: s.now()})
		if err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "findcare.reported", "findcare_"+objType, id, nil, map[string]any{"report_id": rid}))
	})
}

// Hide hides a profile or a request with a reason (the moderator); the
// reports about it are handled. An empty reason is refused.
func (s *Service) Hide(ctx context.Context, a Actor, objType string, id int64, reason string) error {
	if !isModerator(a) {
		return domain.NotFound("page")
	}
	reason, err := reportReason(reason)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		switch objType {
		case "profile":
			if _, err := tx.Profile(ctx, id); err != nil {
				return err
			}
			err = tx.HideProfile(ctx, id, reason)
		case "request":
			if _, err := tx.Request(ctx, id); err != nil {
				return err
			}
			err = tx.HideRequest(ctx, id, reason)
		default:
			return domain.NotFound("page")
		}
		if err != nil {
			return err
		}
		if err := tx.HandleFindCareReports(ctx, objType, id, s.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "findcare.hidden", "findcare_"+objType, id, nil, map[string]any{"reason": reason}))
	})
}

// OpenReports are the reports waiting for the moderator.
func (s *Service) OpenReports(ctx context.Context, a Actor) ([]store.FindCareReport, error) {
	if !isModerator(a) {
		return nil, domain.NotFound("page")
	}
	var out []store.FindCareReport
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.OpenFindCareReports(ctx, 100)
		return err
	})
	return out, err
}

// FindCareProvider is a provider a budget holder may start an agreement
// with from find care: one with a profile that can be found, or one that
// answered one of the holder's requests. Only the name and city.
func (s *Service) FindCareProvider(ctx context.Context, a Actor, providerID int64) (domain.Provider, error) {
	if !isHolderSide(a) {
		return domain.Provider{}, domain.NotFound("provider")
	}
	var out domain.Provider
	err := s.db.View(ctx, func(tx *store.Tx) error {
		pr, err := tx.Provider(ctx, providerID)
		if err != nil {
			return err
		}
		ok := false
		if p, err := tx.ProfileOfProvider(ctx, providerID); err == nil && p.Visible() {
			ok = true
		}
		if !ok {
			rs, err := tx.RequestsOfHolder(ctx, a.Role.BudgetHolderID)
			if err != nil {
				return err
			}
			for _, r := range rs {
				if ms, err := tx.FindCareMessages(ctx, r.ID, providerID); err == nil && len(ms) > 0 {
					ok = true
					break
				}
			}
		}
		if !ok {
			return domain.NotFound("provider")
		}
		out = domain.Provider{ID: pr.ID, Kind: pr.Kind, Name: pr.Name, City: pr.City}
		return nil
	})
	return out, err
}

// StartCareNeed starts a questionnaire for the actor.
func (s *Service) StartCareNeed(ctx context.Context, a Actor) (int64, error) {
	if a.AccountID == 0 || a.Role.Role.IsStaff() {
		return 0, domain.NotFound("page")
	}
	var id int64
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		if id, err = tx.AddCareNeed(ctx, a.AccountID, s.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "findcare.need_started", "findcare_need", id, nil, nil))
	})
	return id, err
}

// CareNeeds are the actor's questionnaires.
func (s *Service) CareNeeds(ctx context.Context, a Actor) ([]store.CareNeed, error) {
	var out []store.CareNeed
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.CareNeedsOf(ctx, a.AccountID)
		return err
	})
	return out, err
}

// CareNeed is one of the actor's questionnaires (anyone else's is not found).
func (s *Service) CareNeed(ctx context.Context, a Actor, id int64) (store.CareNeed, error) {
	var n store.CareNeed
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		n, err = s.ownNeed(ctx, tx, a, id)
		return err
	})
	return n, err
}

func (s *Service) ownNeed(ctx context.Context, tx *store.Tx, a Actor, id int64) (store.CareNeed, error) {
	n, err := tx.CareNeed(ctx, id)
	if err != nil {
		return n, err
	}
	if n.AccountID != a.AccountID || a.AccountID == 0 {
		return store.CareNeed{}, domain.NotFound("questionnaire")
	}
	return n, nil
}

// SaveCareNeedPage saves one page of the actor's questionnaire.
func (s *Service) SaveCareNeedPage(ctx context.Context, a Actor, id int64, page int, levels map[string]string, note string) error {
	return s.db.Update(ctx, func(tx *store.Tx) error {
		n, err := s.ownNeed(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := n.Answers.SetNeedPage(page, levels, note); err != nil {
			return err
		}
		return tx.SaveCareNeed(ctx, id, n.Answers, s.now())
	})
}

// DeleteCareNeed deletes the actor's questionnaire.
func (s *Service) DeleteCareNeed(ctx context.Context, a Actor, id int64) error {
	return s.db.Update(ctx, func(tx *store.Tx) error {
		if _, err := s.ownNeed(ctx, tx, a, id); err != nil {
			return err
		}
		if err := tx.DeleteCareNeed(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "findcare.need_deleted", "findcare_need", id, nil, nil))
	})
}
