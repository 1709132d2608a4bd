package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/pgbportaal/pgbportaal/internal/app"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// payrun runs the payments as a scheduler would: start or resume the open
// run, write its file, and with -execute book it executed.
func payrun(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("payrun", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := config.Register(fs, getenv)
	cutoff := fs.String("cutoff", "", "pay declarations whose period ended on or before this date (default: the end of last month)")
	execDate := fs.String("execution-date", "", "the day the bank executes the transfers (default: today)")
	execute := fs.Bool("execute", false, "record the run as executed by the bank (books the payments)")
	out := fs.String("out", "", "write a copy of the pain.001 file here")
	// PGB_PAUSE_AT stops at a step and waits to be killed: the crash test uses it.
	pauseAt := getenv("PGB_PAUSE_AT")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	svc, db, err := openService(ctx, *c, app.NewLogger(*c, stderr), func(o *service.Options) {
		if pauseAt == "" {
			return
		}
		o.Fault = func(step string) error {
			if step != pauseAt {
				return nil
			}
			fmt.Fprintln(stderr, "paused at", step)
			<-ctx.Done()
			return ctx.Err()
		}
	})
	if err != nil {
		return err
	}
	defer db.Close()
	if *cutoff == "" {
		*cutoff = svc.Today().FirstOfMonth().AddDays(-1).String()
	}
	run, resumed, err := svc.RunPayments(ctx, service.System, *cutoff, *execDate, *execute)
	if domain.IsOnlyField(err, "payrun_nothing_to_pay") {
		fmt.Fprintf(stdout, "nothing to pay: no accepted, unpaid declarations with a period up to %s; no file written\n", *cutoff)
		return nil
	}
	if err != nil {
		return err
	}
	how := "new"
	if resumed {
		how = "resumed"
	}
	fmt.Fprintf(stdout, "payment run %d (%s): %d transfers, %d declarations, total %s, execution date %s\n",
		run.ID, how, run.NbTxs, run.Declarations, run.CtrlSum.Format("nl"), run.ExecutionDate)
	fmt.Fprintf(stdout, "file %s: %d bytes, sha256 %s\n", run.MsgID, run.FileBytes, run.FileSHA256)
	if *out != "" {
		f, _, err := svc.PayRunFile(ctx, service.System, run.ID)
		if err != nil {
			return err
		}
		defer f.Close()
		dst, err := os.Create(*out)
		if err != nil {
			return err
		}
		if _, err := io.Copy(dst, f); err != nil {
			dst.Close()
			return err
		}
		if err := dst.Close(); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "copied to", *out)
	}
	fmt.Fprintf(stdout, "state: %s (executed %d, failed %d)\n", run.State, run.Executed, run.Failed)
	return nil
}
