package progress

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// A command that reports ten times a second for five seconds prints about
// once a second, each line saying the step, done of total, the rate and
// the time left; Done prints where it ended.
func TestPrintsAtMostOnceASecond(t *testing.T) {
	var out bytes.Buffer
	p := New(&out, "payrun", true)
	clock := time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return clock }
	ctx := With(context.Background(), p.Func())
	for i := range 50 {
		Report(ctx, "writing the payment file", int64(i*1000), 100000)
		clock = clock.Add(100 * time.Millisecond)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 5 || len(lines) > 6 {
		t.Fatalf("%d lines in 5 s, want one a second:\n%s", len(lines), out.String())
	}
	last := lines[len(lines)-1]
	for _, want := range []string{`command=payrun`, `step="writing the payment file"`, "done=40000", "total=100000", "per_second=10000", "left=6s"} {
		if !strings.Contains(last, want) {
			t.Errorf("the line lacks %s: %s", want, last)
		}
	}
	out.Reset()
	Report(ctx, "writing the payment file", 100000, 100000)
	p.Done()
	if !strings.Contains(out.String(), "done=100000") {
		t.Errorf("Done does not print the end: %q", out.String())
	}
}

// Not a terminal and not asked for: nothing is printed, and work that
// reports to it runs as before.
func TestQuietUnlessAsked(t *testing.T) {
	var out bytes.Buffer
	p := New(&out, "gen", false)
	Report(With(context.Background(), p.Func()), "writing parties", 1, 4)
	p.Done()
	Report(context.Background(), "no printer", 1, 2)
	if out.Len() != 0 {
		t.Fatalf("printed without a terminal or -progress: %q", out.String())
	}
}

// On a terminal the line is redrawn in place, in words.
func TestTerminalLine(t *testing.T) {
	var out bytes.Buffer
	p := &Printer{w: &out, name: "settle", tty: true, every: time.Second, now: time.Now}
	clock := time.Now()
	p.now = func() time.Time { return clock }
	p.Report("settling GM0344", 0, 40)
	clock = clock.Add(2 * time.Second)
	p.Report("settling GM0344", 10, 40)
	p.Done()
	got := out.String()
	if !strings.HasPrefix(got, "\rpgb settle: settling GM0344: 0 of 40 (0%)") || !strings.Contains(got, "\rpgb settle: settling GM0344: 10 of 40 (25%), 5/s, about 6s left") || !strings.HasSuffix(got, "\n") {
		t.Fatalf("terminal output: %q", got)
	}
}

// Done does not repeat a line that was just printed.
func TestDoneDoesNotRepeat(t *testing.T) {
	var out bytes.Buffer
	p := New(&out, "payrun", true)
	p.Report("booking the transfers executed", 10, 10)
	p.Done()
	if n := strings.Count(out.String(), "msg=progress"); n != 1 {
		t.Fatalf("%d lines for one state:\n%s", n, out.String())
	}
}
