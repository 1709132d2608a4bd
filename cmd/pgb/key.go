package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"

	"github.com/pgbportaal/pgbportaal/internal/app"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/datakey"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// key makes a data key (pgb key new) or seals the data under a new one
// (pgb key rotate).
func key(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "new" && args[0] != "rotate") {
		return fmt.Errorf("pgb key new -out FILE, or pgb key rotate -new-key-file FILE")
	}
	sub := args[0]
	fset := flag.NewFlagSet("pgb key "+sub, flag.ContinueOnError)
	fset.SetOutput(stderr)
	cp := config.Register(fset, getenv)
	out := fset.String("out", "", "new: the file to write the key to (0600; it must not exist)")
	newFile := fset.String("new-key-file", "", "rotate: the new key's file, made (0600) when it does not exist; or the new key in PGB_NEW_DATA_KEY")
	if err := fset.Parse(args[1:]); err != nil {
		return err
	}
	if sub == "new" {
		if *out == "" {
			return errors.New("pgb key new: -out FILE is needed (the key is not printed)")
		}
		k, err := datakey.Create(*out)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "data key %s written to %s\n", k.ID(), *out)
		return nil
	}
	c := *cp
	if err := c.Validate(); err != nil {
		return err
	}
	var next *datakey.Key
	var err error
	switch {
	case getenv("PGB_NEW_DATA_KEY") != "" && *newFile != "":
		return errors.New("pgb key rotate: give the new key in PGB_NEW_DATA_KEY or in -new-key-file, not both")
	case getenv("PGB_NEW_DATA_KEY") != "":
		next, err = datakey.Parse(getenv("PGB_NEW_DATA_KEY"))
	case *newFile != "":
		if next, err = datakey.Load(*newFile); errors.Is(err, fs.ErrNotExist) {
			if next, err = datakey.Create(*newFile); err == nil {
				fmt.Fprintf(stdout, "new data key %s written to %s\n", next.ID(), *newFile)
			}
		}
	default:
		return errors.New("pgb key rotate: the new key is needed: -new-key-file FILE or PGB_NEW_DATA_KEY")
	}
	if err != nil {
		return err
	}
	svc, db, err := openService(ctx, c, app.NewLogger(c, stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	prev := db.DataKeyID()
	if err := svc.RotateDataKey(ctx, service.System, next); err != nil {
		return explain(err)
	}
	fmt.Fprintf(stdout, "the data are sealed under data key %s now (was %s); start pgb with the new key, the old one opens nothing\n", next.ID(), prev)
	return nil
}
