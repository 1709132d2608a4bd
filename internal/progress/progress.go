// Package progress tells a person at a terminal how far a long command is:
// what it is doing, done of total, the rate and the time left. On a
// terminal it redraws one line; elsewhere (asked for with -progress) it
// writes a structured log line now and then. It prints at most once a
// second, plus a last line when the work is done.
package progress

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"
)

// Func is told what the work is doing (a step), and how much of the step is
// done of its total (total 0: not known).
type Func func(step string, done, total int64)

type key struct{}

// With returns ctx carrying f, for the work below to report to.
func With(ctx context.Context, f Func) context.Context {
	if f == nil {
		return ctx
	}
	return context.WithValue(ctx, key{}, f)
}

// Report tells the Func of ctx, if any, how far the step is.
func Report(ctx context.Context, step string, done, total int64) {
	if f, ok := ctx.Value(key{}).(Func); ok {
		f(step, done, total)
	}
}

// IsTerminal reports whether w is a terminal (a character device).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Printer prints the progress of one command to w.
type Printer struct {
	mu       sync.Mutex
	w        io.Writer
	name     string
	tty      bool
	log      *slog.Logger
	every    time.Duration
	now      func() time.Time
	last     time.Time // when a line was last printed
	step     string
	started  time.Time // when step began
	done     int64
	total    int64
	drawn    bool // a terminal line is open
	finished bool
	shown    string // the state last printed, not printed again by Done
}

// New returns the printer of command name on w: on when w is a terminal or
// when asked (a -progress flag); nil, which prints nothing, otherwise.
func New(w io.Writer, name string, asked bool) *Printer {
	tty := IsTerminal(w)
	if !tty && !asked {
		return nil
	}
	p := &Printer{w: w, name: name, tty: tty, every: time.Second, now: time.Now}
	if !tty {
		p.log = slog.New(slog.NewTextHandler(w, nil))
	}
	return p
}

// Func is p's Report function (nil for a nil printer).
func (p *Printer) Func() Func {
	if p == nil {
		return nil
	}
	return p.Report
}

// Report records how far step is and prints it when a second has passed
// since the last line (the first report prints at once).
func (p *Printer) Report(step string, done, total int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if step != p.step {
		p.step, p.started = step, now
	}
	p.done, p.total = done, total
	if !p.last.IsZero() && now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	p.print(now)
}

// Done prints the last state and ends the line.
func (p *Printer) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished || p.step == "" {
		return
	}
	p.finished = true
	if p.shown != p.state() {
		p.print(p.now())
	}
	if p.tty && p.drawn {
		fmt.Fprintln(p.w)
	}
}

// print writes the current state: a redrawn line on a terminal, a log line
// elsewhere.
func (p *Printer) print(now time.Time) {
	p.shown = p.state()
	elapsed := now.Sub(p.started)
	var rate float64
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(p.done) / s
	}
	var left time.Duration = -1
	if p.total > 0 && rate > 0 && p.done < p.total {
		left = time.Duration(float64(p.total-p.done) / rate * float64(time.Second))
	}
	if p.log != nil {
		attrs := []any{"command", p.name, "step", p.step, "done", p.done}
		if p.total > 0 {
			attrs = append(attrs, "total", p.total)
		}
		if rate > 0 {
			attrs = append(attrs, "per_second", int64(rate))
		}
		attrs = append(attrs, "elapsed", elapsed.Round(time.Second).String())
		if left >= 0 {
			attrs = append(attrs, "left", left.Round(time.Second).String())
		}
		p.log.Info("progress", attrs...)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\rpgb %s: %s: %d", p.name, p.step, p.done)
	if p.total > 0 {
		fmt.Fprintf(&b, " of %d (%d%%)", p.total, p.done*100/p.total)
	}
	if rate > 0 {
		fmt.Fprintf(&b, ", %.0f/s", rate)
	}
	if left >= 0 {
		fmt.Fprintf(&b, ", about %s left", left.Round(time.Second))
	}
	b.WriteString("\x1b[K") // clear what a longer line left
	io.WriteString(p.w, b.String())
	p.drawn = true
}

func (p *Printer) state() string { return fmt.Sprintf("%s\x00%d\x00%d", p.step, p.done, p.total) }
