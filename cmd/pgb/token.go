package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/service"
)

// token runs pgb token create, token revoke and token list.
func token(ctx context.Context, cmd string, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cp := commandFlags("pgb "+cmd, getenv, stderr)
	email := fs.String("email", "", "account e-mail address")
	name := fs.String("name", "", "token name")
	roleID := fs.Int64("role-id", 0, "the role a token acts in (default: the account's first role)")
	id := fs.Int64("id", 0, "token id")
	svc, db, err := parseAndOpen(ctx, fs, cp, args, stderr)
	if err != nil {
		return err
	}
	defer db.Close()

	switch cmd {
	case "token create":
		accID, roles, err := accountByEmail(ctx, svc, *email)
		if err != nil {
			return err
		}
		rid := *roleID
		if rid == 0 {
			if len(roles) == 0 {
				return fmt.Errorf("account %s has no role; add one first", *email)
			}
			rid = roles[0].ID
		}
		tok, err := svc.CreateAPIToken(ctx, service.System, accID, rid, *name)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintln(stdout, tok)
	case "token revoke":
		if err := svc.RevokeAPIToken(ctx, service.System, *id); err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "token %d revoked\n", *id)
	case "token list":
		accID, _, err := accountByEmail(ctx, svc, *email)
		if err != nil {
			return err
		}
		toks, err := svc.TokensOf(ctx, service.System, accID)
		if err != nil {
			return explain(err)
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tCREATED\tEXPIRES\tLAST USED\tSTATE")
		day := func(t time.Time) string {
			if t.IsZero() {
				return "never"
			}
			return t.UTC().Format("2006-01-02 15:04")
		}
		for _, k := range toks {
			state := "active"
			switch {
			case k.Revoked:
				state = "revoked"
			case k.Expired:
				state = "expired"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, day(k.CreatedAt), day(k.ExpiresAt), day(k.LastUsedAt), state)
		}
		return tw.Flush()
	}
	return nil
}
