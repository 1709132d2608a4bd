// Pagination of list endpoints, as the NL GOV API Design Rules describe it
// (API-42, JSON+HAL): the query parameters page (from 1) and pageSize, and
// in the body _links with self, first, prev (from page 2) and next (when
// there is more) as HAL links whose href keeps the request's other
// parameters. The change feed pages by cursor instead (events.go).

package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/pgbportaal/pgbportaal/internal/httpkit"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

const (
	defaultPageSize = 50
	maxPageSize     = 200
)

// pager is a request's page: its number (from 1) and size.
type pager struct {
	page, size int
}

// paging reads page and pageSize; anything but a whole number in range is
// a 400 bad_parameter naming the parameter.
func paging(r *http.Request) (pager, error) {
	page, err := queryInt(r, "page", 1, 1<<20)
	if err != nil {
		return pager{}, err
	}
	size, err := queryInt(r, "pageSize", 1, maxPageSize)
	if err != nil {
		return pager{}, err
	}
	return pager{page: max(page, 1), size: cmpOr(size, defaultPageSize)}, nil
}

func cmpOr(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}

// offset is the index of the page's first item.
func (p pager) offset() int { return (p.page - 1) * p.size }

// links are the page's HAL links; more says there is a next page.
func (p pager) links(r *http.Request, more bool) map[string]any {
	link := func(page int) map[string]string {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(page))
		q.Set("pageSize", strconv.Itoa(p.size))
		return map[string]string{"href": r.URL.Path + "?" + q.Encode()}
	}
	out := map[string]any{"self": link(p.page), "first": link(1)}
	if p.page > 1 {
		out["prev"] = link(p.page - 1)
	}
	if more {
		out["next"] = link(p.page + 1)
	}
	return out
}

// replyPage answers a page of a list held whole (all its items): the
// page's items, the other fields of extra, and the links.
func replyPage[T any](w http.ResponseWriter, r *http.Request, p pager, all []T, extra map[string]any) error {
	lo := min(p.offset(), len(all))
	hi := min(lo+p.size, len(all))
	items := all[lo:hi]
	if items == nil {
		items = []T{}
	}
	return replyItems(w, r, p, items, hi < len(all), extra)
}

// replyItems answers one page's items; more says there is a next page.
func replyItems[T any](w http.ResponseWriter, r *http.Request, p pager, items []T, more bool, extra map[string]any) error {
	body := map[string]any{"items": items, "_links": p.links(r, more)}
	for k, v := range extra {
		body[k] = v
	}
	return reply(w, http.StatusOK, body)
}

// listByID answers the paged list that list finds under the path's {id}
// (an agreement's messages or sick reports, a budget holder's
// representatives, ...), each item as its JSON (conv).
func listByID[T, J any](list func(ctx context.Context, actor service.Actor, id int64) ([]T, error), conv func(T) J) handler {
	return func(w http.ResponseWriter, r *http.Request, actor service.Actor) error {
		p, err := paging(r)
		if err != nil {
			return err
		}
		id, err := httpkit.PathID(r, "id")
		if err != nil {
			return err
		}
		items, err := list(r.Context(), actor, id)
		if err != nil {
			return err
		}
		out := make([]J, 0, len(items))
		for _, it := range items {
			out = append(out, conv(it))
		}
		return replyPage(w, r, p, out, nil)
	}
}

// same is the conversion of an item that is its own JSON.
func same[T any](x T) T { return x }
