package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Find care: care profiles, requests (oproepen), their messages, reports
// of abuse and the care-need questionnaires (migration 0046). The search
// finds candidates by index (findcare_profile_areas: gemeente, care type);
// domain.RankProfiles decides and ranks.

func joinList[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ",")
}

func splitList[T ~string](s string) []T {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]T, len(parts))
	for i, p := range parts {
		out[i] = T(p)
	}
	return out
}

const profileCols = `p.id, p.provider_id, pr.name, pr.kind, p.care_types, p.laws, p.gemeenten, p.availability, p.languages, p.rate_min, p.rate_max, p.body, p.published, p.hidden_reason, p.updated_at`

func scanProfile(sc interface{ Scan(...any) error }) (domain.CareProfile, error) {
	var p domain.CareProfile
	var kind, types, laws, gms, langs string
	var avail int64
	err := sc.Scan(&p.ID, &p.ProviderID, &p.ProviderName, &kind, &types, &laws, &gms, &avail, &langs, &p.RateMin, &p.RateMax, &p.Text, &p.Published, &p.HiddenReason, &p.UpdatedAt)
	p.ProviderKind, p.Avail = domain.ProviderKind(kind), domain.Avail(avail)
	p.CareTypes, p.Laws, p.Gemeenten, p.Languages = splitList[string](types), splitList[domain.Law](laws), splitList[string](gms), splitList[string](langs)
	return p, err
}

// PutProfile saves the provider's profile (made on first save) and
// rewrites its rows in the search index: none when it cannot be found.
func (t *Tx) PutProfile(ctx context.Context, p domain.CareProfile) (int64, error) {
	var id int64
	err := t.queryRow(ctx, `SELECT id FROM findcare_profiles WHERE provider_id = ?`, p.ProviderID).Scan(&id)
	args := []any{joinList(p.CareTypes), joinList(p.Laws), joinList(p.Gemeenten), int64(p.Avail), joinList(p.Languages), int64(p.RateMin), int64(p.RateMax), p.Text, p.Published, p.UpdatedAt.UTC()}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if id, err = t.insert(ctx, `INSERT INTO findcare_profiles (care_types, laws, gemeenten, availability, languages, rate_min, rate_max, body, published, updated_at, provider_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, p.ProviderID)...); err != nil {
			return 0, err
		}
	case err != nil:
		return 0, err
	default:
		if _, err := t.exec(ctx, `UPDATE findcare_profiles SET care_types = ?, laws = ?, gemeenten = ?, availability = ?, languages = ?, rate_min = ?, rate_max = ?, body = ?, published = ?, updated_at = ? WHERE id = ?`,
			append(args, id)...); err != nil {
			return 0, err
		}
	}
	var hidden string
	if err := t.queryRow(ctx, `SELECT hidden_reason FROM findcare_profiles WHERE id = ?`, id).Scan(&hidden); err != nil {
		return 0, err
	}
	p.ID, p.HiddenReason = id, hidden
	return id, t.indexProfile(ctx, p)
}

// indexProfile rewrites a profile's rows in the search index.
func (t *Tx) indexProfile(ctx context.Context, p domain.CareProfile) error {
	if _, err := t.exec(ctx, `DELETE FROM findcare_profile_areas WHERE profile_id = ?`, p.ID); err != nil {
		return err
	}
	if !p.Visible() || len(p.Gemeenten) == 0 || len(p.CareTypes) == 0 {
		return nil
	}
	var args []any
	seen := map[[2]string]bool{}
	laws, langs := joinList(p.Laws), joinList(p.Languages)
	for _, g := range p.Gemeenten {
		for _, c := range append([]string{anyCare}, p.CareTypes...) {
			if !seen[[2]string{g, c}] {
				seen[[2]string{g, c}] = true
				args = append(args, g, c, p.ID, int64(p.Avail), int64(p.RateMin), p.UpdatedAt.UTC(), laws, langs)
			}
		}
	}
	_, err := t.exec(ctx, `INSERT INTO findcare_profile_areas (gemeente, care_type, profile_id, availability, rate_min, updated_at, laws, languages) VALUES `+valueRows(len(args)/8, 8), args...)
	return err
}

// anyCare is the care type of the search index's rows for a search of any care.
const anyCare = "*"

// ProfileOfProvider is a provider's profile (not found when it has none).
func (t *Tx) ProfileOfProvider(ctx context.Context, providerID int64) (domain.CareProfile, error) {
	p, err := scanProfile(t.queryRow(ctx, `SELECT `+profileCols+` FROM findcare_profiles p JOIN providers pr ON pr.id = p.provider_id WHERE p.provider_id = ?`, providerID))
	return p, notFound(err, "profile")
}

// Profile is a profile by its id.
func (t *Tx) Profile(ctx context.Context, id int64) (domain.CareProfile, error) {
	p, err := scanProfile(t.queryRow(ctx, `SELECT `+profileCols+` FROM findcare_profiles p JOIN providers pr ON pr.id = p.provider_id WHERE p.id = ?`, id))
	return p, notFound(err, "profile")
}

// ProfileCandidates are the findable profiles that cover gemeente, offer
// careType (any when "") and are available at one of avail's times (any
// when 0): from the search index, unranked.
func (t *Tx) ProfileCandidates(ctx context.Context, gemeente, careType string, avail domain.Avail) ([]domain.CareProfile, error) {
	if careType == "" {
		careType = anyCare
	}
	q := `SELECT ` + profileCols + ` FROM findcare_profiles p JOIN providers pr ON pr.id = p.provider_id WHERE p.id IN (SELECT profile_id FROM findcare_profile_areas WHERE gemeente = ? AND care_type = ?)`
	args := []any{gemeente, careType}
	if avail != 0 {
		q += ` AND (p.availability & ?) <> 0`
		args = append(args, int64(avail))
	}
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.CareProfile
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SearchProfiles is one page (offset, limit) of the profiles that match q
// (q.Gemeente is required), in the order of domain.RankProfiles, and how
// many match in all. The database filters and ranks on one range of the
// search index (gemeente, care type or '*'), so that a big city's
// thousands of candidates never leave it; only the page's profiles are
// read whole. The score is domain.RankProfiles' share of the wanted times
// (a bit test per time asked for); a language asked for is a filter, so
// its bonus is the same for every match and left out.
// TestSearchProfilesRanksAsTheDomain holds the two to the same order.
func (t *Tx) SearchProfiles(ctx context.Context, q domain.ProfileQuery, offset, limit int) ([]domain.CareProfile, int, error) {
	careType := q.CareType
	if careType == "" {
		careType = anyCare
	}
	from := ` FROM findcare_profile_areas a WHERE a.gemeente = ? AND a.care_type = ?`
	args := []any{q.Gemeente, careType}
	if q.Avail != 0 {
		from += ` AND (a.availability & ?) <> 0`
		args = append(args, int64(q.Avail))
	}
	if q.Law != "" {
		from += ` AND (',' || a.laws || ',') LIKE ?`
		args = append(args, "%,"+string(q.Law)+",%")
	}
	if q.Language != "" {
		from += ` AND (',' || a.languages || ',') LIKE ?`
		args = append(args, "%,"+q.Language+",%")
	}
	var total int
	if err := t.queryRow(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	order := "a.rate_min, a.updated_at DESC, a.profile_id"
	if q.Avail != 0 {
		var bits []string
		for b := 0; b < 28; b++ {
			if q.Avail&(1<<b) != 0 {
				bits = append(bits, "((a.availability >> "+strconv.Itoa(b)+") & 1)")
			}
		}
		order = "(" + strings.Join(bits, " + ") + ") * 100 / " + strconv.Itoa(len(bits)) + " DESC, " + order
	}
	rows, err := t.query(ctx, `SELECT `+profileCols+` FROM findcare_profiles p JOIN providers pr ON pr.id = p.provider_id WHERE p.id IN (
		SELECT a.profile_id`+from+` ORDER BY `+order+` LIMIT ? OFFSET ?)`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []domain.CareProfile
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	// The page's rows come back in any order: rank them again (the same
	// order, on at most limit rows).
	return domain.RankProfiles(out, q), total, rows.Err()
}

// HideProfile hides a profile from everyone (staff, with a reason); an
// empty reason shows it again.
func (t *Tx) HideProfile(ctx context.Context, id int64, reason string) error {
	if _, err := t.exec(ctx, `UPDATE findcare_profiles SET hidden_reason = ? WHERE id = ?`, reason, id); err != nil {
		return err
	}
	p, err := t.Profile(ctx, id)
	if err != nil {
		return err
	}
	return t.indexProfile(ctx, p)
}

const requestCols = `id, budget_holder_id, care_type, law, gemeente, availability, hours_per_week, body, is_open, hidden_reason, created_at`

func scanRequest(sc interface{ Scan(...any) error }) (domain.CareRequest, error) {
	var r domain.CareRequest
	var law string
	var avail int64
	err := sc.Scan(&r.ID, &r.BudgetHolderID, &r.CareType, &law, &r.Gemeente, &avail, &r.HoursPerWeek, &r.Text, &r.Open, &r.HiddenReason, &r.CreatedAt)
	r.Law, r.Avail = domain.Law(law), domain.Avail(avail)
	return r, err
}

func (t *Tx) requests(ctx context.Context, q string, args ...any) ([]domain.CareRequest, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.CareRequest
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AddRequest posts a budget holder's request.
func (t *Tx) AddRequest(ctx context.Context, r domain.CareRequest, by int64) (int64, error) {
	return t.insert(ctx, `INSERT INTO findcare_requests (budget_holder_id, created_by, care_type, law, gemeente, availability, hours_per_week, body, is_open, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.BudgetHolderID, by, r.CareType, string(r.Law), r.Gemeente, int64(r.Avail), r.HoursPerWeek, r.Text, true, r.CreatedAt.UTC())
}

// Request is a request by id.
func (t *Tx) Request(ctx context.Context, id int64) (domain.CareRequest, error) {
	r, err := scanRequest(t.queryRow(ctx, `SELECT `+requestCols+` FROM findcare_requests WHERE id = ?`, id))
	return r, notFound(err, "request")
}

// RequestsOfHolder are a budget holder's requests, newest first.
func (t *Tx) RequestsOfHolder(ctx context.Context, holderID int64) ([]domain.CareRequest, error) {
	return t.requests(ctx, `SELECT `+requestCols+` FROM findcare_requests WHERE budget_holder_id = ? ORDER BY id DESC LIMIT 50`, holderID)
}

// CountRequests counts a holder's open requests and those posted since.
func (t *Tx) CountRequests(ctx context.Context, holderID int64, since time.Time) (open, posted int, err error) {
	err = t.queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN is_open THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0)
		FROM findcare_requests WHERE budget_holder_id = ?`, since.UTC(), holderID).Scan(&open, &posted)
	return open, posted, err
}

// MatchingRequests are the open, visible requests in one of gemeenten for
// one of careTypes at one of avail's times, newest first.
func (t *Tx) MatchingRequests(ctx context.Context, gemeenten, careTypes []string, avail domain.Avail, limit int) ([]domain.CareRequest, error) {
	if len(gemeenten) == 0 || len(careTypes) == 0 || avail == 0 {
		return nil, nil
	}
	var args []any
	in := func(xs []string) string {
		for _, x := range xs {
			args = append(args, x)
		}
		return strings.TrimSuffix(strings.Repeat("?, ", len(xs)), ", ")
	}
	q := `SELECT ` + requestCols + ` FROM findcare_requests WHERE is_open AND hidden_reason = '' AND gemeente IN (` + in(gemeenten) + `) AND care_type IN (` + in(careTypes) + `)
		AND (availability & ?) <> 0 ORDER BY id DESC LIMIT ?`
	return t.requests(ctx, q, append(args, int64(avail), limit)...)
}

// CloseRequest closes a request: no longer found, no new answers.
func (t *Tx) CloseRequest(ctx context.Context, id int64, at time.Time) error {
	_, err := t.exec(ctx, `UPDATE findcare_requests SET is_open = ?, closed_at = ? WHERE id = ?`, false, at.UTC(), id)
	return err
}

// HideRequest hides a request from providers (staff, with a reason).
func (t *Tx) HideRequest(ctx context.Context, id int64, reason string) error {
	_, err := t.exec(ctx, `UPDATE findcare_requests SET hidden_reason = ? WHERE id = ?`, reason, id)
	return err
}

// FindCareMessage is one message between a request's holder and a provider.
type FindCareMessage struct {
	ID         int64     `json:"id"`
	RequestID  int64     `json:"request_id"`
	ProviderID int64     `json:"provider_id"`
	Party      string    `json:"author_party"` // "budget_holder" or "provider"
	AuthorID   int64     `json:"-"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// AddFindCareMessage adds a message to the thread of a request and a provider.
func (t *Tx) AddFindCareMessage(ctx context.Context, m FindCareMessage) (int64, error) {
	return t.insert(ctx, `INSERT INTO findcare_messages (request_id, provider_id, author_party, author_account_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		m.RequestID, m.ProviderID, m.Party, m.AuthorID, m.Body, m.CreatedAt.UTC())
}

// FindCareMessages are a request's messages, oldest first: with one
// provider (providerID > 0) or with all of them.
func (t *Tx) FindCareMessages(ctx context.Context, requestID, providerID int64) ([]FindCareMessage, error) {
	q := `SELECT id, request_id, provider_id, author_party, author_account_id, body, created_at FROM findcare_messages WHERE request_id = ?`
	args := []any{requestID}
	if providerID > 0 {
		q += ` AND provider_id = ?`
		args = append(args, providerID)
	}
	rows, err := t.query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FindCareMessage
	for rows.Next() {
		var m FindCareMessage
		if err := rows.Scan(&m.ID, &m.RequestID, &m.ProviderID, &m.Party, &m.AuthorID, &m.Body, &m.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// AnsweredRequests are the requests a provider has a thread about, newest first.
func (t *Tx) AnsweredRequests(ctx context.Context, providerID int64) ([]domain.CareRequest, error) {
	return t.requests(ctx, `SELECT `+requestCols+` FROM findcare_requests WHERE id IN (SELECT request_id FROM findcare_messages WHERE provider_id = ?) ORDER BY id DESC LIMIT 50`, providerID)
}

// CountProviderAnswers counts the messages a provider's side sent since.
func (t *Tx) CountProviderAnswers(ctx context.Context, providerID int64, since time.Time) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM findcare_messages WHERE provider_id = ? AND author_party = 'provider' AND created_at >= ?`, providerID, since.UTC()).Scan(&n)
	return n, err
}

// FindCareReport is a user's report of abuse of a profile or a request.
type FindCareReport struct {
	ID         int64     `json:"id"`
	ObjectType string    `json:"object_type"` // "profile" or "request"
	ObjectID   int64     `json:"object_id"`
	ReporterID int64     `json:"-"`
	Reason     string    `json:"reason"`
	CreatedAt  time.Time `json:"created_at"`
}

// AddFindCareReport records a report.
func (t *Tx) AddFindCareReport(ctx context.Context, r FindCareReport) (int64, error) {
	return t.insert(ctx, `INSERT INTO findcare_reports (object_type, object_id, reporter_account_id, reason, created_at) VALUES (?, ?, ?, ?, ?)`,
		r.ObjectType, r.ObjectID, r.ReporterID, r.Reason, r.CreatedAt.UTC())
}

// OpenFindCareReports are the reports not yet handled, oldest first.
func (t *Tx) OpenFindCareReports(ctx context.Context, limit int) ([]FindCareReport, error) {
	rows, err := t.query(ctx, `SELECT id, object_type, object_id, reporter_account_id, reason, created_at FROM findcare_reports WHERE handled_at IS NULL ORDER BY id LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FindCareReport
	for rows.Next() {
		var r FindCareReport
		if err := rows.Scan(&r.ID, &r.ObjectType, &r.ObjectID, &r.ReporterID, &r.Reason, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// HandleFindCareReports marks the reports about an object handled.
func (t *Tx) HandleFindCareReports(ctx context.Context, objectType string, objectID int64, at time.Time) error {
	_, err := t.exec(ctx, `UPDATE findcare_reports SET handled_at = ? WHERE object_type = ? AND object_id = ? AND handled_at IS NULL`, at.UTC(), objectType, objectID)
	return err
}

// CareNeed is a care-need questionnaire, its author's alone.
type CareNeed struct {
	ID        int64              `json:"id"`
	AccountID int64              `json:"-"`
	Answers   domain.NeedAnswers `json:"answers"`
	CreatedAt time.Time          `json:"created_at"`
	UpdatedAt time.Time          `json:"updated_at"`
}

// AddCareNeed starts a questionnaire.
func (t *Tx) AddCareNeed(ctx context.Context, accountID int64, at time.Time) (int64, error) {
	return t.insert(ctx, `INSERT INTO findcare_needs (account_id, answers_json, created_at, updated_at) VALUES (?, '{}', ?, ?)`, accountID, at.UTC(), at.UTC())
}

func scanNeed(sc interface{ Scan(...any) error }) (CareNeed, error) {
	var n CareNeed
	var js string
	if err := sc.Scan(&n.ID, &n.AccountID, &js, &n.CreatedAt, &n.UpdatedAt); err != nil {
		return n, err
	}
	return n, json.Unmarshal([]byte(js), &n.Answers)
}

// CareNeed is a questionnaire by id.
func (t *Tx) CareNeed(ctx context.Context, id int64) (CareNeed, error) {
	n, err := scanNeed(t.queryRow(ctx, `SELECT id, account_id, answers_json, created_at, updated_at FROM findcare_needs WHERE id = ?`, id))
	return n, notFound(err, "questionnaire")
}

// CareNeedsOf are an account's questionnaires, newest first.
func (t *Tx) CareNeedsOf(ctx context.Context, accountID int64) ([]CareNeed, error) {
	rows, err := t.query(ctx, `SELECT id, account_id, answers_json, created_at, updated_at FROM findcare_needs WHERE account_id = ? ORDER BY id DESC`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CareNeed
	for rows.Next() {
		n, err := scanNeed(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// SaveCareNeed stores a questionnaire's answers.
func (t *Tx) SaveCareNeed(ctx context.Context, id int64, a domain.NeedAnswers, at time.Time) error {
	js, err := json.Marshal(a)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `UPDATE findcare_needs SET answers_json = ?, updated_at = ? WHERE id = ?`, string(js), at.UTC(), id)
	return err
}

// DeleteCareNeed deletes a questionnaire.
func (t *Tx) DeleteCareNeed(ctx context.Context, id int64) error {
	_, err := t.exec(ctx, `DELETE FROM findcare_needs WHERE id = ?`, id)
	return err
}
