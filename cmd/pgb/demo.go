package main

import (
	"context"
	"fmt"
	"io"

	"github.com/pgbportaal/pgbportaal/internal/demo"
)

// demoCmd loads the demo dataset into an empty database and lists its accounts.
func demoCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cp := commandFlags("pgb demo", getenv, stderr)
	svc, db, err := parseAndOpen(ctx, fs, cp, args, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	empty, err := isEmpty(ctx, svc)
	if err != nil {
		return err
	}
	if !empty {
		return fmt.Errorf("the database is not empty; the demo dataset loads only into an empty one")
	}
	if err := demo.Load(ctx, svc); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "demo dataset loaded; accounts:")
	for _, a := range demo.Accounts() {
		fmt.Fprintf(stdout, "  %-28s %-36s %s\n", a.Label, a.Email, a.Password)
	}
	return nil
}
