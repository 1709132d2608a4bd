// Find care (issue 20), as on the pages /zorg-vinden, /zorgprofielen and
// /zorgvragen, through the same service calls: budget holders search the
// providers' care profiles and post requests (oproepen); a provider keeps
// its own profile and answers the requests that fit it, without learning
// who the holder is until the holder replies; anyone who may see a profile
// or request reports abuse, and the beheerder hides it.

package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func (a *API) registerFindCare() {
	a.handle("GET /api/v1/care-profiles", a.handleSearchProfiles)
	a.handle("GET /api/v1/care-profiles/{id}", a.handleCareProfile)
	a.handle("GET /api/v1/me/care-profile", a.handleMyCareProfile)
	a.handle("PUT /api/v1/me/care-profile", a.handleSaveCareProfile)
	a.handle("GET /api/v1/care-requests", a.handleCareRequests)
	a.handle("POST /api/v1/care-requests", a.handlePostCareRequest)
	a.handle("GET /api/v1/care-requests/{id}", a.handleCareRequest)
	a.handle("POST /api/v1/care-requests/{id}/messages", a.handleAnswerCareRequest)
	a.handle("POST /api/v1/care-requests/{id}/close", a.handleCloseCareRequest)
	a.handle("POST /api/v1/care-profiles/{id}/reports", a.moderate(a.svc.Report, "profile"))
	a.handle("POST /api/v1/care-requests/{id}/reports", a.moderate(a.svc.Report, "request"))
	a.handle("POST /api/v1/care-profiles/{id}/hide", a.moderate(a.svc.Hide, "profile"))
	a.handle("POST /api/v1/care-requests/{id}/hide", a.moderate(a.svc.Hide, "request"))
	a.handle("GET /api/v1/care-reports", a.handleOpenCareReports)
}

// keys is an availability as its keys ("ma-ochtend"), never null.
func keys(av domain.Avail) []string {
	if k := av.Keys(); k != nil {
		return k
	}
	return []string{}
}

func orEmpty(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

type careProfileJSON struct {
	ID           int64               `json:"id"`
	ProviderID   int64               `json:"provider_id"`
	ProviderName string              `json:"provider_name"`
	ProviderKind domain.ProviderKind `json:"provider_kind"`
	CareTypes    []string            `json:"care_types"`
	Laws         []string            `json:"laws"`
	Gemeenten    []string            `json:"gemeenten"`
	Availability []string            `json:"availability"`
	Languages    []string            `json:"languages"`
	RateMin      domain.Cents        `json:"rate_min_cents"`
	RateMax      domain.Cents        `json:"rate_max_cents"`
	Text         string              `json:"text"`
	Published    bool                `json:"published"`
	HiddenReason string              `json:"hidden_reason,omitempty"`
	UpdatedAt    *time.Time          `json:"updated_at,omitempty"`
	Own          bool                `json:"own"`
}

// toCareProfile is a profile as the API shows it; the hiding reason only
// to its provider and the moderator (own or moderate).
func toCareProfile(p domain.CareProfile, own, moderate bool) careProfileJSON {
	out := careProfileJSON{ID: p.ID, ProviderID: p.ProviderID, ProviderName: p.ProviderName, ProviderKind: p.ProviderKind,
		CareTypes: orEmpty(p.CareTypes), Laws: []string{}, Gemeenten: orEmpty(p.Gemeenten), Availability: keys(p.Avail),
		Languages: orEmpty(p.Languages), RateMin: p.RateMin, RateMax: p.RateMax, Text: p.Text, Published: p.Published, Own: own}
	for _, l := range p.Laws {
		out.Laws = append(out.Laws, string(l))
	}
	if own || moderate {
		out.HiddenReason = p.HiddenReason
	}
	if !p.UpdatedAt.IsZero() {
		t := p.UpdatedAt.UTC()
		out.UpdatedAt = &t
	}
	return out
}

func (a *API) handleSearchProfiles(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	res, err := a.svc.SearchProfiles(r.Context(), actor, service.ProfileSearch{CareType: q.Get("care_type"), Gemeente: q.Get("gemeente"),
		Avail: q["availability"], Law: q.Get("law"), Language: q.Get("language"), Page: p.page, PageSize: p.size})
	if err != nil {
		return err
	}
	p.page = res.Page // past the last page: the last page, as the service answers
	items := []careProfileJSON{}
	for _, c := range res.List {
		items = append(items, toCareProfile(c, false, false))
	}
	return replyItems(w, r, p, items, res.Page < res.Pages, map[string]any{"total": res.Total,
		"gemeente": map[string]string{"code": res.Gemeente.Code, "name": res.Gemeente.Name}})
}

func (a *API) handleCareProfile(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.svc.Profile(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toCareProfile(v.P, v.Own, actor.Is(domain.RoleAdmin)))
}

func (a *API) handleMyCareProfile(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, _, err := a.svc.MyProfile(r.Context(), actor)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toCareProfile(p, true, false))
}

func (a *API) handleSaveCareProfile(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in struct {
		CareTypes    []string      `json:"care_types"`
		Laws         []string      `json:"laws"`
		Gemeenten    []string      `json:"gemeenten"`
		Availability []string      `json:"availability"`
		Languages    []string      `json:"languages"`
		RateMin      *domain.Cents `json:"rate_min_cents"`
		RateMax      *domain.Cents `json:"rate_max_cents"`
		Text         string        `json:"text"`
		Published    bool          `json:"published"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	gemeenten := ""
	for _, g := range in.Gemeenten {
		gemeenten += g + "\n"
	}
	if _, err := a.svc.SaveProfile(r.Context(), actor, service.ProfileInput{CareTypes: in.CareTypes, Laws: in.Laws, Gemeenten: gemeenten,
		Avail: in.Availability, Languages: in.Languages, RateMin: centsString(in.RateMin), RateMax: centsString(in.RateMax), Text: in.Text, Published: in.Published}); err != nil {
		return err
	}
	p, _, err := a.svc.MyProfile(r.Context(), actor)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toCareProfile(p, true, false))
}

type careHolderJSON struct {
	Name string `json:"name"`
	City string `json:"city"`
}

type careMessageJSON struct {
	ID          int64     `json:"id"`
	AuthorParty string    `json:"author_party"`
	Body        string    `json:"body"`
	CreatedAt   time.Time `json:"created_at"`
}

type careThreadJSON struct {
	ProviderID   int64             `json:"provider_id"`
	ProviderName string            `json:"provider_name,omitempty"`
	ProfileID    int64             `json:"profile_id,omitempty"`
	Revealed     bool              `json:"revealed"`
	Messages     []careMessageJSON `json:"messages"`
}

// careRequestJSON is a request. Holder is there for the holder, and for a
// provider only once the holder replied to it; nothing else names them.
type careRequestJSON struct {
	ID           int64            `json:"id"`
	CareType     string           `json:"care_type"`
	Law          string           `json:"law,omitempty"`
	Gemeente     string           `json:"gemeente"`
	Availability []string         `json:"availability"`
	HoursPerWeek int              `json:"hours_per_week"`
	Text         string           `json:"text"`
	Open         bool             `json:"open"`
	HiddenReason string           `json:"hidden_reason,omitempty"`
	CreatedAt    time.Time        `json:"created_at"`
	Mine         bool             `json:"mine"`
	Holder       *careHolderJSON  `json:"holder,omitempty"`
	Threads      []careThreadJSON `json:"threads,omitempty"`
	CanAnswer    bool             `json:"can_answer"`
}

func toCareRequest(c domain.CareRequest) careRequestJSON {
	return careRequestJSON{ID: c.ID, CareType: c.CareType, Law: string(c.Law), Gemeente: c.Gemeente, Availability: keys(c.Avail),
		HoursPerWeek: c.HoursPerWeek, Text: c.Text, Open: c.Open, HiddenReason: c.HiddenReason, CreatedAt: c.CreatedAt.UTC()}
}

func toCareRequestView(v service.RequestView) careRequestJSON {
	out := toCareRequest(v.R)
	out.Mine, out.CanAnswer = v.Mine, v.CanAnswer
	if v.Holder != nil {
		out.Holder = &careHolderJSON{Name: v.Holder.Name, City: v.Holder.City}
	}
	for _, th := range v.Threads {
		t := careThreadJSON{ProviderID: th.ProviderID, ProviderName: th.ProviderName, ProfileID: th.ProfileID, Revealed: th.Revealed, Messages: []careMessageJSON{}}
		for _, m := range th.Messages {
			t.Messages = append(t.Messages, careMessageJSON{ID: m.ID, AuthorParty: m.Party, Body: m.Body, CreatedAt: m.CreatedAt.UTC()})
		}
		out.Threads = append(out.Threads, t)
	}
	return out
}

// handleCareRequests lists the holder's own requests; for a provider, the
// open requests that fit its profile and those it answered (relation
// "matching" or "answered"), without the holder.
func (a *API) handleCareRequests(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	type item struct {
		careRequestJSON
		Relation string `json:"relation"`
	}
	items := []item{}
	switch {
	case actor.Is(domain.RoleProvider):
		matching, answered, err := a.svc.ProviderRequests(r.Context(), actor)
		if err != nil {
			return err
		}
		for _, c := range answered {
			items = append(items, item{toCareRequest(c), "answered"})
		}
		for _, c := range matching {
			if !containsRequest(answered, c.ID) {
				items = append(items, item{toCareRequest(c), "matching"})
			}
		}
	default:
		mine, err := a.svc.MyRequests(r.Context(), actor)
		if err != nil {
			return err
		}
		if mine == nil && !actor.Is(domain.RoleBudgetHolder) && !actor.Is(domain.RoleRepresentative) {
			return domain.NotFound("page")
		}
		for _, c := range mine {
			it := item{toCareRequest(c), "mine"}
			it.Mine = true
			items = append(items, it)
		}
	}
	return replyPage(w, r, p, items, nil)
}

func containsRequest(rs []domain.CareRequest, id int64) bool {
	for _, r := range rs {
		if r.ID == id {
			return true
		}
	}
	return false
}

func (a *API) handlePostCareRequest(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	var in struct {
		CareType     string   `json:"care_type"`
		Law          string   `json:"law"`
		Gemeente     string   `json:"gemeente"`
		Availability []string `json:"availability"`
		HoursPerWeek *int     `json:"hours_per_week"`
		Text         string   `json:"text"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	hours := ""
	if in.HoursPerWeek != nil {
		hours = strconv.Itoa(*in.HoursPerWeek)
	}
	c, err := a.svc.PostRequest(r.Context(), actor, service.RequestInput{CareType: in.CareType, Law: in.Law, Gemeente: in.Gemeente,
		Avail: in.Availability, Hours: hours, Text: in.Text})
	if err != nil {
		return err
	}
	v, err := a.svc.Request(r.Context(), actor, c.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/care-requests/"+strconv.FormatInt(c.ID, 10))
	return reply(w, http.StatusCreated, toCareRequestView(v))
}

func (a *API) handleCareRequest(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.svc.Request(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toCareRequestView(v))
}

// handleAnswerCareRequest writes in a request's thread: a provider answers
// (its own thread), the holder replies to the provider named by
// provider_id (and so shows that provider who they are).
func (a *API) handleAnswerCareRequest(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Body       string `json:"body"`
		ProviderID int64  `json:"provider_id"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := a.svc.Answer(r.Context(), actor, id, in.ProviderID, in.Body); err != nil {
		return err
	}
	v, err := a.svc.Request(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, toCareRequestView(v))
}

func (a *API) handleCloseCareRequest(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	id, err := httpkit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.svc.CloseRequest(r.Context(), actor, id); err != nil {
		return err
	}
	v, err := a.svc.Request(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, toCareRequestView(v))
}

type reasonInput struct {
	Reason string `json:"reason"`
}

// moderate answers a report of abuse (svc.Report) or the moderator's
// hiding (svc.Hide) of a profile or request (objType "profile" or
// "request"), with its reason.
func (a *API) moderate(act func(ctx context.Context, actor service.Actor, objType string, id int64, reason string) error, objType string) handler {
	return func(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
		id, err := httpkit.PathID(r, "id")
		if err != nil {
			return err
		}
		var in reasonInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		if err := act(r.Context(), actor, objType, id, in.Reason); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

type careReportJSON struct {
	ID         int64     `json:"id"`
	ObjectType string    `json:"object_type"`
	ObjectID   int64     `json:"object_id"`
	Reason     string    `json:"reason"`
	CreatedAt  time.Time `json:"created_at"`
	Href       string    `json:"href"`
}

func (a *API) handleOpenCareReports(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	list, err := a.svc.OpenReports(r.Context(), actor)
	if err != nil {
		return err
	}
	items := []careReportJSON{}
	for _, rep := range list {
		items = append(items, toCareReport(rep))
	}
	return replyPage(w, r, p, items, nil)
}

func toCareReport(rep store.FindCareReport) careReportJSON {
	href := "/api/v1/care-profiles/" + strconv.FormatInt(rep.ObjectID, 10)
	if rep.ObjectType == "request" {
		href = "/api/v1/care-requests/" + strconv.FormatInt(rep.ObjectID, 10)
	}
	return careReportJSON{ID: rep.ID, ObjectType: rep.ObjectType, ObjectID: rep.ObjectID, Reason: rep.Reason, CreatedAt: rep.CreatedAt.UTC(), Href: href}
}
