// Package metrics counts HTTP requests and their durations and writes them in
// the Prometheus text exposition format, without a client library.
package metrics

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"
)

// buckets are the upper bounds (seconds) of the duration histogram.
var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

type key struct {
	route string
	code  int
}

type hist struct {
	counts []uint64 // per bucket, cumulative at write time
	sum    float64
	n      uint64
}

// Registry holds the counters. The zero value is not usable; use New.
type Registry struct {
	mu    sync.Mutex
	reqs  map[key]uint64
	durs  map[string]*hist
	start time.Time
	ctrs  map[string]counterFunc
}

// counterFunc is a family of counters read at scrape time.
type counterFunc struct {
	help, label string
	f           func() map[string]int64
}

// New returns an empty registry.
func New() *Registry {
	return &Registry{reqs: map[key]uint64{}, durs: map[string]*hist{}, start: time.Now(), ctrs: map[string]counterFunc{}}
}

// Counters registers a family of counters read at scrape time: f returns
// the count of each value of label (values are fixed words, never
// personal data).
func (r *Registry) Counters(name, help, label string, f func() map[string]int64) {
	r.mu.Lock()
	r.ctrs[name] = counterFunc{help: help, label: label, f: f}
	r.mu.Unlock()
}

// Observe records one request on route (the ServeMux pattern, never the raw
// path, so no ids or personal data end up in labels).
func (r *Registry) Observe(route string, code int, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs[key{route, code}]++
	h := r.durs[route]
	if h == nil {
		h = &hist{counts: make([]uint64, len(buckets))}
		r.durs[route] = h
	}
	s := d.Seconds()
	for i, b := range buckets {
		if s <= b {
			h.counts[i]++
		}
	}
	h.sum += s
	h.n++
}

// Handler serves the metrics.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		r.Write(w)
	})
}

// Write writes all metrics in the text format.
func (r *Registry) Write(w io.Writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(w, "# HELP pgb_http_requests_total HTTP requests by route and status code.")
	fmt.Fprintln(w, "# TYPE pgb_http_requests_total counter")
	keys := make([]key, 0, len(r.reqs))
	for k := range r.reqs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		return keys[i].code < keys[j].code
	})
	for _, k := range keys {
		fmt.Fprintf(w, "pgb_http_requests_total{route=%q,code=\"%d\"} %d\n", k.route, k.code, r.reqs[k])
	}
	fmt.Fprintln(w, "# HELP pgb_http_request_duration_seconds HTTP request duration by route.")
	fmt.Fprintln(w, "# TYPE pgb_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(r.durs))
	for k := range r.durs {
		routes = append(routes, k)
	}
	sort.Strings(routes)
	for _, route := range routes {
		h := r.durs[route]
		for i, b := range buckets {
			fmt.Fprintf(w, "pgb_http_request_duration_seconds_bucket{route=%q,le=%q} %d\n", route, strconv.FormatFloat(b, 'g', -1, 64), h.counts[i])
		}
		fmt.Fprintf(w, "pgb_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", route, h.n)
		fmt.Fprintf(w, "pgb_http_request_duration_seconds_sum{route=%q} %g\n", route, h.sum)
		fmt.Fprintf(w, "pgb_http_request_duration_seconds_count{route=%q} %d\n", route, h.n)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(w, "# TYPE pgb_goroutines gauge\npgb_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintf(w, "# TYPE pgb_heap_bytes gauge\npgb_heap_bytes %d\n", ms.HeapAlloc)
	fmt.Fprintf(w, "# TYPE pgb_uptime_seconds gauge\npgb_uptime_seconds %g\n", time.Since(r.start).Seconds())
	families := make([]string, 0, len(r.ctrs))
	for n := range r.ctrs {
		families = append(families, n)
	}
	sort.Strings(families)
	for _, n := range families {
		c := r.ctrs[n]
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n", n, c.help, n)
		vals := c.f()
		labels := make([]string, 0, len(vals))
		for l := range vals {
			labels = append(labels, l)
		}
		sort.Strings(labels)
		for _, l := range labels {
			fmt.Fprintf(w, "%s{%s=%q} %d\n", n, c.label, l, vals[l])
		}
	}
}
