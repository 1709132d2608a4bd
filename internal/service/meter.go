package service

import (
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Meter receives what the service does that operators count; the metrics
// (internal/metrics) implement it. Options.Meter nil counts nothing.
type Meter interface {
	// PayRunStep: a step of a payment run ("prepare", "file", "execute")
	// took d and ended in outcome: "ok", "refused" (a rule or the state
	// said no) or "failed".
	PayRunStep(step, outcome string, d time.Duration)
}

type noMeter struct{}

func (noMeter) PayRunStep(string, string, time.Duration) {}

// Outcome names how a step ended, for the metrics: ok, refused (the
// domain said no: invalid, forbidden, conflict, not found) or failed (also
// when the database could not be reached).
func Outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case domain.KindOf(err) != domain.KindInternal && domain.KindOf(err) != domain.KindUnavailable:
		return "refused"
	}
	return "failed"
}

// meterPayRun reports a payment run's step that started at start and ended
// in *err (deferred: defer s.meterPayRun("file", time.Now(), &err)).
func (s *Service) meterPayRun(step string, start time.Time, err *error) {
	s.meter.PayRunStep(step, Outcome(*err), time.Since(start))
}

// UseMeter makes m receive the service's counts (the metrics). Call it
// before the service is used concurrently.
func (s *Service) UseMeter(m Meter) {
	if m != nil {
		s.meter = m
	}
}
