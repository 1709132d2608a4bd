package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// user runs pgb user create, user reset-password and user add-role.
func user(ctx context.Context, cmd string, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, cp := commandFlags("pgb "+cmd, getenv, stderr)
	email := fs.String("email", "", "account e-mail address")
	name := fs.String("name", "", "account name")
	password := fs.String("password", "", "password, or - to read one line from stdin")
	role := fs.String("role", "", "role: beheerder, verstrekker, svb, zorgverlener, budgethouder")
	org := fs.String("org", "", "organisation code (for verstrekker and svb roles)")
	provider := fs.Int64("provider", 0, "provider id (zorgverlener role)")
	bh := fs.Int64("budget-holder", 0, "budget holder id (budgethouder role)")
	svc, db, err := parseAndOpen(ctx, fs, cp, args, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	pw := func() (string, error) {
		if *password != "-" {
			return *password, nil
		}
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	addRole := func(accID int64) error {
		r := domain.AccountRole{AccountID: accID, Role: domain.Role(*role), ProviderID: *provider, BudgetHolderID: *bh}
		if *org != "" {
			orgs, err := svc.Organisations(ctx)
			if err != nil {
				return err
			}
			for _, o := range orgs {
				if o.Code == *org {
					r.OrganisationID = o.ID
				}
			}
			if r.OrganisationID == 0 {
				return fmt.Errorf("no organisation with code %q", *org)
			}
		}
		r, err := svc.AddRole(ctx, service.System, r)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "role %s added (role id %d)\n", r.Role, r.ID)
		return nil
	}

	switch cmd {
	case "user create":
		p, err := pw()
		if err != nil {
			return err
		}
		acc, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: *email, Name: *name, Password: p})
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "account %d created for %s\n", acc.ID, acc.Email)
		if *role != "" {
			return addRole(acc.ID)
		}
	case "user reset-password":
		accID, _, err := accountByEmail(ctx, svc, *email)
		if err != nil {
			return err
		}
		p, err := pw()
		if err != nil {
			return err
		}
		if err := svc.ResetPassword(ctx, service.System, accID, p); err != nil {
			return explain(err)
		}
		fmt.Fprintln(stdout, "password reset; the account's sessions were ended")
	case "user add-role":
		accID, _, err := accountByEmail(ctx, svc, *email)
		if err != nil {
			return err
		}
		return addRole(accID)
	}
	return nil
}

// accountByEmail is the id and the roles of the account with that e-mail address.
func accountByEmail(ctx context.Context, svc *service.Service, email string) (int64, []domain.AccountRole, error) {
	acc, roles, err := svc.AccountByEmail(ctx, service.System, email)
	if err != nil {
		return 0, nil, fmt.Errorf("account %q: %w", email, err)
	}
	return acc.ID, roles, nil
}
