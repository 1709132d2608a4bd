package service

import "time"

// At returns the use cases over the same store with another clock, and
// everything else as configured (the public address in e-mail links, the
// file directory, the payer). The demo loader plays months of history with
// the clock of then.
func (s *Service) At(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}
