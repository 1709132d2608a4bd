package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// A bearer token resolves to its role; its last use is noted at most once
// a minute and written by FlushTouches, and a revoked token no longer
// works, also with a use of it noted and not yet written.
func TestActorForToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		holder := holderActor(t, w.svc, w.holderA, "token@example.nl")
		token, err := w.svc.CreateAPIToken(ctx, holder, 0, 0, "script")
		if err != nil {
			t.Fatal(err)
		}
		clock := now
		svc := service.New(db, service.Options{Now: func() time.Time { return clock }})
		lastUsed := func() time.Time {
			t.Helper()
			toks, err := svc.APITokens(ctx, holder)
			if err != nil || len(toks) != 1 {
				t.Fatalf("tokens: %v %v", toks, err)
			}
			return toks[0].LastUsedAt.UTC()
		}
		use := func() {
			t.Helper()
			a, err := svc.ActorForToken(ctx, token)
			if err != nil || a.AccountID != holder.AccountID || a.Role.ID != holder.Role.ID || !a.MFA {
				t.Fatalf("token: %+v %v", a, err)
			}
			if err := svc.FlushTouches(ctx); err != nil {
				t.Fatal(err)
			}
		}
		use()
		first := lastUsed()
		if !first.Equal(clock.UTC().Truncate(time.Microsecond)) {
			t.Errorf("last used %v, want %v", first, clock)
		}
		clock = clock.Add(30 * time.Second)
		use()
		if got := lastUsed(); !got.Equal(first) {
			t.Errorf("written again within the minute: %v", got)
		}
		clock = clock.Add(2 * time.Minute)
		use()
		if got := lastUsed(); !got.Equal(clock.UTC().Truncate(time.Microsecond)) {
			t.Errorf("last used %v after two minutes, want %v", got, clock)
		}
		if _, err := svc.ActorForToken(ctx, token+"x"); domain.KindOf(err) != domain.KindUnauthenticated {
			t.Errorf("a wrong token: %v", err)
		}
		clock = clock.Add(2 * time.Minute)
		if _, err := svc.ActorForToken(ctx, token); err != nil { // noted, not written
			t.Fatal(err)
		}
		toks, _ := svc.APITokens(ctx, holder)
		if err := svc.RevokeAPIToken(ctx, holder, toks[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ActorForToken(ctx, token); domain.KindOf(err) != domain.KindUnauthenticated {
			t.Errorf("a revoked token: %v", err)
		}
		if err := svc.FlushTouches(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ActorForToken(ctx, token); domain.KindOf(err) != domain.KindUnauthenticated {
			t.Errorf("a revoked token after its last use was written: %v", err)
		}
	})
}
