package portal_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/portal/accounts"
)

// refusedWithin polls the service until it refuses tok, and says how long that took.
func refusedWithin(t *testing.T, s *client, tok string, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < limit {
		if a := s.do("GET", "/api/me", nil, bearer(tok)); a.Status == 401 {
			return time.Since(start)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the service still accepts the token after %s", limit)
	return 0
}

// TestServicesLearnOfRevocationsWithinSeconds signs a user out everywhere, and takes
// a role from another, on the portal; a service that verifies tokens on its own
// refuses their old tokens within a few poll intervals, not at their expiry.
func TestServicesLearnOfRevocationsWithinSeconds(t *testing.T) {
	portalLn, portalURL := listen(t)
	serviceLn, serviceURL := listen(t)
	p := serve(t, portalService(), portalLn, map[string]string{"PUBLIC_URL": portalURL, "NEXTAUTH_URL": portalURL})
	svc := serve(t, dashboardService(), serviceLn, map[string]string{"PUBLIC_URL": serviceURL, "NEXTAUTH_URL": portalURL})
	s := newClient(t, svc.URL)
	limit := 5 * auth.RevocationPoll

	c := newClient(t, p.URL)
	register(t, c, "rue@example.com", "rue-password", "Rue")
	tok := login(t, c, "rue@example.com", "rue-password")
	other := login(t, newClient(t, p.URL), "rue@example.com", "rue-password") // a second device
	if a := s.do("GET", "/api/me", nil, bearer(tok)); a.Status != 200 {
		t.Fatalf("service before sign-out: %d %s", a.Status, a.Raw)
	}
	if a := c.do("DELETE", "/api/me/sessions", nil, bearer(tok)); a.Status/100 != 2 {
		t.Fatalf("sign out everywhere: %d %s", a.Status, a.Raw)
	}
	took := refusedWithin(t, s, other, limit)
	t.Logf("sign-out everywhere reached the service in %s", took)

	// A password reset ends every session: a thief's token stops working everywhere.
	store := accounts.New(accounts.NewStore(p.In.Deps.DB))
	thief := login(t, newClient(t, p.URL), "rue@example.com", "rue-password")
	if a := s.do("GET", "/api/me", nil, bearer(thief)); a.Status != 200 {
		t.Fatalf("service before the reset: %d %s", a.Status, a.Raw)
	}
	u, _, err := store.UserByEmail(context.Background(), "rue@example.com")
	if err != nil {
		t.Fatal(err)
	}
	resetToken, err := store.CreateReset(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.ResetPassword(context.Background(), resetToken, "a-new-rue-password"); err != nil {
		t.Fatal(err)
	}
	took = refusedWithin(t, s, thief, limit)
	t.Logf("a password reset reached the service in %s", took)

	// An admin takes a role away: the old token, which still names it, keeps its
	// session but grants only what is left; a renewed one carries the change.
	d := newClient(t, p.URL)
	register(t, d, "dee@example.com", "dee-password", "Dee")
	login(t, d, "dee@example.com", "dee-password")
	taken := d.do("POST", "/api/me/roles", map[string]string{"role": "EVENT_ORGANIZER"}, d.csrf())
	organizerTok := str(taken.Body, "accessToken")
	if a := s.do("GET", "/api/me", nil, bearer(organizerTok)); !slices.Contains(roles(a.Body), "EVENT_ORGANIZER") {
		t.Fatalf("organizer at the service: %d %s", a.Status, a.Raw)
	}
	if _, err := store.SetRoleByEmail(context.Background(), "dee@example.com", "EVENT_ORGANIZER", false); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for {
		a := s.do("GET", "/api/me", nil, bearer(organizerTok))
		if a.Status != 200 {
			t.Fatalf("the old token lost its session: %d %s", a.Status, a.Raw)
		}
		if !slices.Contains(roles(a.Body), "EVENT_ORGANIZER") {
			break
		}
		if time.Since(start) > limit {
			t.Fatalf("the service still grants the role taken away after %s", limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("a role taken away reached the service in %s", time.Since(start))
	if a := newClient(t, p.URL).do("GET", "/api/me", nil, bearer(organizerTok)); slices.Contains(roles(a.Body), "EVENT_ORGANIZER") {
		t.Fatalf("the portal still grants the role taken away: %s", a.Raw)
	}
}
