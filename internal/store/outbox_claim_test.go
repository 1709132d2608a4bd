package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// Mail workers of several processes claim the outbox at the same time
// (each pgb serve delivers mail): every mail is claimed by one worker only,
// so it is sent once. On PostgreSQL at READ COMMITTED a claim that waited
// for another's lock rechecks the row as the other left it.
func TestClaimMailConcurrentWorkersClaimEachMailOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const mails, workers, batch = 300, 8, 7
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		var ms []store.Mail
		for i := range mails {
			ms = append(ms, store.Mail{To: fmt.Sprintf("m%d@example.nl", i), Subject: "s", Body: "b", CreatedAt: now})
		}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.QueueMails(ctx, ms) }); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		claimed := map[int64]int{}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for w := range workers {
			wg.Go(func() {
				<-start
				for round := 0; ; round++ {
					var got []store.Mail
					claim := fmt.Sprintf("w%d-%d", w, round)
					if err := db.Update(ctx, func(tx *store.Tx) error {
						var err error
						got, err = tx.ClaimMail(ctx, claim, now, now.Add(time.Minute), batch)
						return err
					}); err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, m := range got {
						claimed[m.ID]++
					}
					mu.Unlock()
				}
			})
		}
		close(start)
		wg.Wait()
		if len(claimed) != mails {
			t.Errorf("%d of %d mails claimed", len(claimed), mails)
		}
		for id, n := range claimed {
			if n > 1 {
				t.Errorf("mail %d claimed %d times: it would be sent %d times", id, n, n)
			}
		}
	})
}
