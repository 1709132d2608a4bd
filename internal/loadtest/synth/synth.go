// Package synth generates a realistic synthetic pgb dataset at national size
// (DOMAIN.md, "Scale") and loads it fast through the store's bulk functions:
// budget holders with valid, unique BSNs, providers of each kind with valid,
// unique IBANs, verstrekkers per law, yearly grants with their ledger
// postings, approved care agreements within the tariff table, and months of
// monthly declarations with their lines in realistic states.
//
// The same Config and seed always give the same data. The plan (parties,
// grants, agreements) is built in memory; declarations are made month by
// month from the plan and streamed to the database, so later work (payment
// runs, the yearly settlement, benchmarks) can reuse one generator.
//
// Synthetic history has no audit records (the audit chain stays intact) and
// no invoice files: formal providers' declarations carry has_attachment.
package synth

import (
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Config sizes a dataset.
type Config struct {
	BudgetHolders        int   // budget holders, each with one grant for the year
	Agreements           int   // approved care agreements, spread over the budget holders
	DeclarationsPerMonth int   // declarations a month (at most one per agreement)
	Months               int   // months of declarations before BenchMonth (at most 11)
	Seed                 int64 // the same seed gives the same data
	// FirstMonth is the first month with declarations; zero: the latest
	// such that it, the Months after it and BenchMonth lie in one calendar
	// year and BenchMonth has passed on Today.
	FirstMonth domain.Date
	Today      domain.Date // the day the defaults are computed from; zero: today
	Password   string      // password of every synthetic account
	Batch      int         // rows per bulk batch
	Analyze    bool        // refresh the planner's statistics after loading
	Progress   io.Writer   // progress lines; nil: quiet
}

// National is the national size: 200,000 budget holders, 500,000
// agreements, 500,000 declarations a month over four months (2 million).
func National() Config {
	return Config{BudgetHolders: 200_000, Agreements: 500_000, DeclarationsPerMonth: 500_000, Months: 4, Seed: 1, Analyze: true}
}

// DefaultPassword is the password of synthetic accounts unless set.
const DefaultPassword = "synthetisch-pgb-2026"

// Normalize fills defaults and checks the sizes.
func (c Config) Normalize() (Config, error) {
	if c.Today.IsZero() {
		c.Today = domain.Today(time.Now())
	}
	if c.Password == "" {
		c.Password = DefaultPassword
	}
	if c.Batch <= 0 {
		c.Batch = 20_000
	}
	switch {
	case c.BudgetHolders < 1:
		return c, fmt.Errorf("synth: at least one budget holder is needed")
	case c.Agreements < 0 || c.DeclarationsPerMonth < 0:
		return c, fmt.Errorf("synth: sizes must not be negative")
	case c.Months < 0 || c.Months > 11:
		return c, fmt.Errorf("synth: months must lie between 0 and 11 (one calendar year with the bench month)")
	}
	if c.DeclarationsPerMonth > c.Agreements {
		c.DeclarationsPerMonth = c.Agreements
	}
	if c.FirstMonth.IsZero() {
		bench := c.Today.FirstOfMonth().AddMonths(-1) // the last month that has fully passed
		if bench.AddMonths(-c.Months).Year != bench.Year {
			bench = domain.NewDate(bench.Year-1, 12, 1)
		}
		c.FirstMonth = bench.AddMonths(-c.Months)
	}
	c.FirstMonth = c.FirstMonth.FirstOfMonth()
	if c.BenchMonth().Year != c.FirstMonth.Year {
		return c, fmt.Errorf("synth: months %s to %s cross a year; grants run per calendar year", c.FirstMonth, c.BenchMonth())
	}
	return c, nil
}

// Year is the calendar year of the grants.
func (c Config) Year() int { return c.FirstMonth.Year }

// BenchMonth is the month after the history: every agreement may still
// declare it.
func (c Config) BenchMonth() domain.Date { return c.FirstMonth.AddMonths(c.Months) }

// Clock is a moment at which BenchMonth has passed and its declarations are
// in time: 10:00 on the 3rd of the month after it, in Amsterdam.
func (c Config) Clock() time.Time {
	m := c.BenchMonth().AddMonths(1)
	return time.Date(m.Year, m.Month, 3, 10, 0, 0, 0, domain.Amsterdam)
}

// monthStart returns the i-th month of the history.
func (c Config) month(i int) domain.Date { return c.FirstMonth.AddMonths(i) }

func (c Config) logf(format string, args ...any) {
	if c.Progress != nil {
		fmt.Fprintf(c.Progress, format+"\n", args...)
	}
}

// newRand is the generator's random source for one purpose and key, so
// that every part of the data is reproducible on its own.
func newRand(seed int64, purpose, key uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed)^purpose*0x9e3779b97f4a7c15, key*0xbf58476d1ce4e5b9+purpose))
}

// pick returns an index chosen by weight.
func pick(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// uniform returns a value in [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }
