// Package apiclient is a small hand-written client of pgbportaal's API
// (/api/v1, described by /api/v1/openapi.json), in the standard library
// only: an example of what a funder's or provider's own system does. It
// follows the change feed (GET /events) from a cursor it keeps, reads the
// declarations the events name, and approves them.
//
// The main module's tests run it against the real API
// (internal/api TestExampleClientFlow), so it keeps compiling and working
// as the API changes.
package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Client calls the API with a personal API token.
type Client struct {
	BaseURL string // e.g. "https://pgbportaal.example/api/v1"
	Token   string
	HTTP    *http.Client // nil: http.DefaultClient
}

// Event is one entry of the change feed.
type Event struct {
	ID             string `json:"id"`
	At             string `json:"at"`
	Type           string `json:"type"`
	ObjectType     string `json:"object_type"`
	ObjectID       int64  `json:"object_id"`
	State          string `json:"state"`
	BudgetHolderID *int64 `json:"budget_holder_id"`
	ProviderID     *int64 `json:"provider_id"`
	VerstrekkerID  *int64 `json:"verstrekker_id"`
}

// EventPage is a page of the change feed.
type EventPage struct {
	Items []Event `json:"items"`
	Next  string  `json:"next"`
	More  bool    `json:"more"`
}

// Declaration is the part of a declaration this client uses.
type Declaration struct {
	ID          int64    `json:"id"`
	State       string   `json:"state"`
	TotalCents  int64    `json:"total_cents"`
	YourActions []string `json:"your_actions"`
}

// Problem is an API error (application/problem+json, RFC 9457).
type Problem struct {
	Status int    `json:"status"`
	Code   string `json:"code"`
	Detail string `json:"detail"`
	Errors []struct {
		Field string `json:"field"`
		Code  string `json:"code"`
	} `json:"errors"`
}

func (p *Problem) Error() string {
	return fmt.Sprintf("pgbportaal: %d %s: %s", p.Status, p.Code, p.Detail)
}

// do sends a request and decodes a 2xx answer into out (nil: ignored); any
// other answer is returned as a *Problem.
func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(c.BaseURL, "/")+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		p := &Problem{Status: resp.StatusCode}
		_ = json.NewDecoder(resp.Body).Decode(p)
		return p
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// Events reads one page of the change feed after the cursor after ("":
// from the beginning).
func (c *Client) Events(ctx context.Context, after string, limit int) (EventPage, error) {
	q := url.Values{}
	if after != "" {
		q.Set("after", after)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var page EventPage
	err := c.do(ctx, http.MethodGet, "/events?"+q.Encode(), nil, &page)
	return page, err
}

// Follow reads the feed from after until it is up to date, giving each
// event to handle in order, and returns the cursor to go on from next
// time. It stops at the first event handle fails on, returning the cursor
// before it: that event is read again next time, so none is lost. A
// system keeps the cursor with what it did (in the same transaction).
func (c *Client) Follow(ctx context.Context, after string, handle func(Event) error) (string, error) {
	for {
		page, err := c.Events(ctx, after, 100)
		if err != nil {
			return after, err
		}
		for _, e := range page.Items {
			if err := handle(e); err != nil {
				return after, err
			}
			after = e.ID
		}
		if !page.More {
			return page.Next, nil
		}
	}
}

// Declaration reads a declaration.
func (c *Client) Declaration(ctx context.Context, id int64) (Declaration, error) {
	var d Declaration
	err := c.do(ctx, http.MethodGet, "/declarations/"+strconv.FormatInt(id, 10), nil, &d)
	return d, err
}

// Approve approves a declaration as its budget holder (or their
// representative): the checks run, and it is accepted, refused or held.
func (c *Client) Approve(ctx context.Context, id int64) (Declaration, error) {
	var d Declaration
	err := c.do(ctx, http.MethodPost, "/declarations/"+strconv.FormatInt(id, 10)+"/approve", nil, &d)
	return d, err
}

// ApproveSubmitted follows the feed from after and approves each
// declaration submitted to the budget holder that is still waiting for
// them (and that they may approve), for a budget holder whose own system
// approves what their provider sends. It returns the declarations
// approved, as they now are, and the cursor to go on from.
func (c *Client) ApproveSubmitted(ctx context.Context, after string) ([]Declaration, string, error) {
	var done []Declaration
	next, err := c.Follow(ctx, after, func(e Event) error {
		if e.Type != "declaration.submitted" {
			return nil
		}
		d, err := c.Declaration(ctx, e.ObjectID)
		if err != nil {
			return err
		}
		if !contains(d.YourActions, "approve") {
			return nil // decided meanwhile, or not ours to approve
		}
		if d, err = c.Approve(ctx, d.ID); err != nil {
			return err
		}
		done = append(done, d)
		return nil
	})
	return done, next, err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
