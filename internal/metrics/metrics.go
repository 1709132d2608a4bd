// Package metrics is what operators scrape: request latency per route,
// the database pools, and the business counters (declarations by outcome,
// payment runs, the mail queue, failed logins), in the Prometheus format
// through github.com/prometheus/client_golang. Labels are fixed words and
// route patterns, never an id, a path or personal data.
package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// The names of the portal's own metrics (the standard go_*, process_* and
// go_sql_* ones come with the library's collectors). They are kept stable.
const (
	HTTPRequests   = "pgb_http_requests_total"
	HTTPDuration   = "pgb_http_request_duration_seconds"
	Declarations   = "pgb_declarations_total"
	PayRuns        = "pgb_payment_runs_total"
	PayRunDuration = "pgb_payment_run_duration_seconds"
	MailQueued     = "pgb_mail_queued"
	MailOldestAge  = "pgb_mail_oldest_queued_age_seconds"
	AuthFailures   = "pgb_auth_failures_total"
	AuthLockouts   = "pgb_auth_lockouts_total"
	LoginFailures  = "pgb_login_failures_total"
)

// httpBuckets are the upper bounds (seconds) of the request histogram: a
// page should take well under 100 ms; a payment file or PDF may take seconds.
var httpBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// payRunBuckets: a payment run's step takes from a second to a minute at
// national size.
var payRunBuckets = []float64{0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300}

// Registry holds the portal's metrics. The zero value is not usable; use New.
type Registry struct {
	reg       *prometheus.Registry
	start     time.Time
	requests  *prometheus.CounterVec
	durations *prometheus.HistogramVec
	payRuns   *prometheus.CounterVec
	payRunDur *prometheus.HistogramVec
}

// New returns a registry with the HTTP and payment-run metrics and the
// Go runtime's and the process's own.
func New() *Registry {
	r := &Registry{reg: prometheus.NewRegistry(), start: time.Now()}
	r.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: HTTPRequests,
		Help: "HTTP requests by route (the pattern that served it) and status code."}, []string{"route", "code"})
	r.durations = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: HTTPDuration,
		Help: "HTTP request duration by route (the pattern that served it), until the response was written.", Buckets: httpBuckets}, []string{"route"})
	r.payRuns = prometheus.NewCounterVec(prometheus.CounterOpts{Name: PayRuns,
		Help: "Steps of payment runs by step (prepare, file, execute) and outcome (ok, refused, failed); step=\"prepare\",outcome=\"ok\" counts the runs made."}, []string{"step", "outcome"})
	r.payRunDur = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: PayRunDuration,
		Help: "Duration of a payment run's step (prepare, file, execute).", Buckets: payRunBuckets}, []string{"step"})
	r.reg.MustRegister(r.requests, r.durations, r.payRuns, r.payRunDur,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "pgb_uptime_seconds", Help: "Seconds since the process started."},
			func() float64 { return time.Since(r.start).Seconds() }))
	return r
}

// Observe records one request on route (the ServeMux pattern, never the raw
// path, so no ids or personal data end up in labels).
func (r *Registry) Observe(route string, code int, d time.Duration) {
	r.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	r.durations.WithLabelValues(route).Observe(d.Seconds())
}

// PayRunStep counts a payment run's step and its duration (service.Meter).
func (r *Registry) PayRunStep(step, outcome string, d time.Duration) {
	r.payRuns.WithLabelValues(step, outcome).Inc()
	r.payRunDur.WithLabelValues(step).Observe(d.Seconds())
}

// Counters registers a family of counters read at scrape time: f returns
// the count of each value of label (values are fixed words, never
// personal data).
// A family registered again under the same name is replaced.
func (r *Registry) Counters(name, help, label string, f func() map[string]int64) {
	c := &counterFunc{desc: prometheus.NewDesc(name, help, []string{label}, nil), f: f}
	if err := r.reg.Register(c); err != nil {
		var dup prometheus.AlreadyRegisteredError
		if !errors.As(err, &dup) {
			panic(err)
		}
		r.reg.Unregister(dup.ExistingCollector)
		r.reg.MustRegister(c)
	}
}

// Store registers the store's metrics: each connection pool's statistics
// (database/sql's DBStats, as go_sql_*{db_name="write"|"read"}), the
// declarations by outcome, and the outbox's queue.
func (r *Registry) Store(db *store.DB) {
	pools := db.Pools()
	names := make([]string, 0, len(pools))
	for n := range pools {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		r.reg.MustRegister(collectors.NewDBStatsCollector(pools[n], n))
	}
	r.Counters(Declarations, "Declarations a committed change of this process created in or moved to a state, by outcome "+
		"(draft, submitted, rejected by the holder, accepted, refused by the checks, held for review, paid by an executed payment run).", "outcome",
		func() map[string]int64 {
			out := map[string]int64{}
			for st, n := range db.DeclarationCounts() {
				out[outcomeOf(st)] += n
			}
			return out
		})
	r.reg.MustRegister(&mailQueue{db: db,
		queued: prometheus.NewDesc(MailQueued, "Mails in the outbox waiting to be sent (not sent, not given up).", nil, nil),
		age:    prometheus.NewDesc(MailOldestAge, "Age of the oldest mail waiting in the outbox; 0 when none waits.", nil, nil),
		up:     prometheus.NewDesc("pgb_mail_queue_scrape_ok", "1 when the outbox could be read for the two metrics above, else 0.", nil, nil)})
}

// outcomeOf names a declaration state in the metrics, in English.
func outcomeOf(s domain.DeclarationState) string {
	switch s {
	case domain.DeclConcept:
		return "draft"
	case domain.DeclAtHolder:
		return "submitted"
	case domain.DeclRejectedH:
		return "rejected"
	case domain.DeclAccepted:
		return "accepted"
	case domain.DeclRefused:
		return "refused"
	case domain.DeclHeld:
		return "held"
	case domain.DeclPaid:
		return "paid"
	}
	return "other"
}

// Handler serves the metrics in the exposition format the scraper asks for.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{Registry: r.reg})
}

// Gatherer is the registry, for tests that read the metrics.
func (r *Registry) Gatherer() prometheus.Gatherer { return r.reg }

// counterFunc is a family of counters read at scrape time.
type counterFunc struct {
	desc *prometheus.Desc
	f    func() map[string]int64
}

func (c *counterFunc) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *counterFunc) Collect(ch chan<- prometheus.Metric) {
	for l, v := range c.f() {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.CounterValue, float64(v), l)
	}
}

// mailQueue reads the outbox's queue at scrape time (two cheap queries on
// the outbox's index of unsent mail).
type mailQueue struct {
	db              *store.DB
	queued, age, up *prometheus.Desc
}

func (m *mailQueue) Describe(ch chan<- *prometheus.Desc) { ch <- m.queued; ch <- m.age; ch <- m.up }

func (m *mailQueue) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, oldest, err := m.db.MailQueue(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(m.up, prometheus.GaugeValue, 0)
		return
	}
	age := 0.0
	if n > 0 {
		age = max(time.Since(oldest).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(m.up, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(m.queued, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(m.age, prometheus.GaugeValue, age)
}

// Parse reads an exposition in the text format (what a scraper reads), for
// tests and tools.
func Parse(r io.Reader) (map[string]*dto.MetricFamily, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	return p.TextToMetricFamilies(r)
}

// Value finds the value of the counter or gauge name whose labels include
// all of labels (name=value pairs) in fams; ok is false when there is none.
// For a histogram it is the count of observations.
func Value(fams map[string]*dto.MetricFamily, name string, labels ...string) (v float64, ok bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.Metric {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.Label {
				if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		case m.Untyped != nil:
			return m.Untyped.GetValue(), true
		}
	}
	return 0, false
}
