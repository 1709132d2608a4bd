package main

import (
	"context"
	"fmt"
	"io"
)

// migrate applies the database migrations (opening the database does) and exits.
func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cp := commandFlags("pgb migrate", getenv, stderr)
	_, db, err := parseAndOpen(ctx, fs, cp, args, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}
