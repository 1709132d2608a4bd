// Command pgb-approver is an example of a budget holder's own system: it
// follows the change feed and approves each declaration sent for approval.
// The cursor is kept in a file, so a restart goes on where it stopped.
//
//	PGB_TOKEN=pgb_... pgb-approver -url https://pgbportaal.example/api/v1 -cursor approver.cursor
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/examples/apiclient"
)

func main() {
	base := flag.String("url", "http://localhost:8080/api/v1", "the API's address")
	cursorFile := flag.String("cursor", "approver.cursor", "file that keeps the feed's cursor")
	every := flag.Duration("every", 10*time.Second, "how often to look for new events")
	once := flag.Bool("once", false, "look once and stop")
	flag.Parse()
	c := &apiclient.Client{BaseURL: *base, Token: os.Getenv("PGB_TOKEN")}
	if c.Token == "" {
		log.Fatal("set PGB_TOKEN to a budget holder's API token")
	}
	ctx := context.Background()
	for {
		b, _ := os.ReadFile(*cursorFile)
		approved, next, err := c.ApproveSubmitted(ctx, strings.TrimSpace(string(b)))
		for _, d := range approved {
			fmt.Printf("declaration %d approved: %s\n", d.ID, d.State)
		}
		if werr := os.WriteFile(*cursorFile, []byte(next+"\n"), 0o600); werr != nil {
			log.Fatal(werr)
		}
		if err != nil {
			log.Print(err)
		}
		if *once {
			return
		}
		time.Sleep(*every)
	}
}
