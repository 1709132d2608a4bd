package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestCredentialsEnd (issue 15 item 13): API tokens expire (90 days by
// default) and show their last use; a password change ends the account's
// other sessions and its tokens, a reset all of them; a role switch gives a
// new session id.
func TestCredentialsEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := &clocked{t: now}
		svc := service.New(db, service.Options{Now: clock.now})
		w := setup(t, db)
		a := holderActor(t, svc, w.holderA, "cred@example.nl")
		tok, err := svc.CreateAPIToken(ctx, a, 0, 0, "script")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ActorForToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if err := svc.FlushTouches(ctx); err != nil {
			t.Fatal(err)
		}
		list, _ := svc.APITokens(ctx, a)
		if len(list) != 1 || !list[0].LastUsedAt.Equal(now) || !list[0].ExpiresAt.Equal(now.Add(90*24*time.Hour)) {
			t.Errorf("token view: %+v", list)
		}
		clock.add(91 * 24 * time.Hour)
		if _, err := svc.ActorForToken(ctx, tok); domain.KindOf(err) != domain.KindUnauthenticated {
			t.Errorf("a token 91 days old works: %v", err)
		}
		if list, _ := svc.APITokens(ctx, a); !list[0].Expired {
			t.Errorf("not shown expired: %+v", list)
		}
		// A password change ends the other sessions and every token.
		tok2, _ := svc.CreateAPIToken(ctx, a, 0, 0, "script 2")
		s1, err := svc.Login(ctx, "cred@example.nl", pw, "192.0.2.20")
		if err != nil {
			t.Fatal(err)
		}
		s2, _ := svc.Login(ctx, "cred@example.nl", pw, "192.0.2.21")
		if err := svc.ChangePassword(ctx, a, auth.HashToken(s1.Token), pw, "een nieuw sterk wachtwoord"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SessionFor(ctx, s1.Token); err != nil {
			t.Errorf("the changing session ended: %v", err)
		}
		if _, err := svc.SessionFor(ctx, s2.Token); err == nil {
			t.Error("another session survived a password change")
		}
		if _, err := svc.ActorForToken(ctx, tok2); err == nil {
			t.Error("a token survived a password change")
		}
		// A reset ends every session.
		tok3, _ := svc.CreateAPIToken(ctx, a, 0, 0, "script 3")
		if err := svc.ResetPassword(ctx, service.System, a.AccountID, "weer een ander wachtwoord"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SessionFor(ctx, s1.Token); err == nil {
			t.Error("a session survived a reset")
		}
		if _, err := svc.ActorForToken(ctx, tok3); err == nil {
			t.Error("a token survived a reset")
		}
		// A role switch gives a new session id; the old one is gone.
		s3, err := svc.Login(ctx, "cred@example.nl", "weer een ander wachtwoord", "192.0.2.22")
		if err != nil {
			t.Fatal(err)
		}
		sess, _ := svc.SessionFor(ctx, s3.Token)
		nt, err := svc.SwitchRole(ctx, auth.HashToken(s3.Token), a.AccountID, sess.Roles[0].ID)
		if err != nil || nt == s3.Token {
			t.Fatalf("switch: %v", err)
		}
		if _, err := svc.SessionFor(ctx, s3.Token); err == nil {
			t.Error("the session id before the role switch still works")
		}
		if _, err := svc.SessionFor(ctx, nt); err != nil {
			t.Errorf("new session id: %v", err)
		}
	})
}

// TestCertificateRevocationEndsSessions (issue 15 item 13).
func TestCertificateRevocationEndsSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(db, service.Options{Now: func() time.Time { return now }})
		p, err := svc.CreateProvider(ctx, service.System, service.ProviderInput{Kind: "instelling", Name: "Cert Zorg", AGB: "01234567", KvK: "34567890", IBAN: "NL61SNSB0987654321", Email: "cert@zorg.nl", City: "Utrecht"})
		if err != nil {
			t.Fatalf("provider: %v", err)
		}
		acc, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: "cert@zorg.nl", Name: "C. Ert", Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleProvider, ProviderID: p.ID}); err != nil {
			t.Fatal(err)
		}
		if err := svc.RecordClientCert(ctx, service.System, store.ClientCert{Serial: "abc123", AGB: "01234567", NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		res, err := svc.LoginByCertificate(ctx, "abc123", "01234567", now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		pwLogin, err := svc.Login(ctx, "cert@zorg.nl", pw, "192.0.2.30")
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.RevokeClientCert(ctx, service.System, "abc123"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SessionFor(ctx, res.Token); err == nil {
			t.Error("the certificate's session survived its revocation")
		}
		if _, err := svc.SessionFor(ctx, pwLogin.Token); err != nil {
			t.Errorf("a password session ended with the certificate: %v", err)
		}
	})
}
