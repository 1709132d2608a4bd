package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/app"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// settle makes the yearly settlements of every verstrekker (or one), as a
// scheduler would after the year ends.
func settle(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("settle", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := config.Register(fs, getenv)
	until := fs.String("until", "", "settle grants whose period ended on or before this date (default: yesterday)")
	org := fs.String("org", "", "only this verstrekker (its code, e.g. GM0344)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	svc, db, err := openService(ctx, *c, app.NewLogger(*c, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	if *until == "" {
		*until = svc.Today().AddDays(-1).String()
	}
	orgs, err := svc.Organisations(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	total, sum := 0, domain.Cents(0)
	for _, o := range orgs {
		if o.Kind == domain.SVB || (*org != "" && o.Code != *org) {
			continue
		}
		n, s, err := svc.MakeSettlementsFor(ctx, service.System, o.ID, *until)
		if domain.IsOnlyField(err, "settlement_nothing") {
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", o.Code, err)
		}
		fmt.Fprintf(stdout, "%s: %d settlements, %s to return\n", o.Code, n, s.Format("nl"))
		total, sum = total+n, sum+s
	}
	fmt.Fprintf(stdout, "%d settlements made in %s, %s to return in all\n", total, time.Since(start).Round(time.Millisecond), sum.Format("nl"))
	return nil
}
