package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"stepperslife/internal/kit/dbtest"
)

// twoPortals serves two replicas of the portal on one PostgreSQL database, as an
// operator scaling it would: the same database and the same secret.
func twoPortals(t *testing.T) (a, b *server) {
	t.Helper()
	url := dbtest.PostgresURL(t)
	secret := strings.Repeat("s", 40)
	env := func() map[string]string { return map[string]string{"DATABASE_URL": url, "NEXTAUTH_SECRET": secret} }
	return startPortal(t, env()), startPortal(t, env())
}

// 14 wrong passwords for one account, alternating between two replicas: the limit
// of 10 holds across them, and while locked the right password is refused on both.
func TestSignInLimitAcrossReplicas(t *testing.T) {
	a, b := twoPortals(t)
	register(t, newClient(t, a.URL), "rex@example.com", "rex-password", "Rex")
	replicas := []*client{newClient(t, a.URL), newClient(t, b.URL)}
	for i := range 14 {
		c := replicas[i%2]
		ans := c.do("POST", "/api/auth/login", map[string]string{"email": "rex@example.com", "password": "guess"}, nil)
		want := http.StatusUnauthorized
		if i >= 10 {
			want = http.StatusTooManyRequests
		}
		if ans.Status != want {
			t.Fatalf("wrong password %d on replica %d: %d, want %d", i+1, i%2, ans.Status, want)
		}
		if want == http.StatusTooManyRequests && (str(ans.Body, "code") != "RATE_LIMITED" || ans.Header.Get("Retry-After") == "") {
			t.Fatalf("refusal %d: %s retry %q", i+1, ans.Raw, ans.Header.Get("Retry-After"))
		}
	}
	for i, c := range replicas {
		ans := c.do("POST", "/api/auth/login", map[string]string{"email": "rex@example.com", "password": "rex-password"}, nil)
		if ans.Status != http.StatusTooManyRequests || ans.Header.Get("Retry-After") == "" {
			t.Fatalf("right password while locked, replica %d: %d %s", i, ans.Status, ans.Raw)
		}
	}
	// Another account is not locked by Rex's failures, on either replica.
	register(t, newClient(t, b.URL), "sue@example.com", "sue-password", "Sue")
	for _, c := range replicas {
		login(t, c, "sue@example.com", "sue-password")
	}
}

// Registration and reset requests for one address share one budget (5 an hour)
// whichever replica they reach.
func TestRegistrationLimitAcrossReplicas(t *testing.T) {
	a, b := twoPortals(t)
	register(t, newClient(t, a.URL), "ana@example.com", "ana-password", "Ana") // 1 of 5
	replicas := []*client{newClient(t, b.URL), newClient(t, a.URL)}
	for i := range 5 {
		ans := replicas[i%2].do("POST", "/api/auth/reset", map[string]string{"email": "ana@example.com"}, nil)
		want := http.StatusAccepted
		if i == 4 {
			want = http.StatusTooManyRequests
		}
		if ans.Status != want {
			t.Fatalf("reset request %d: %d %s, want %d", i+1, ans.Status, ans.Raw, want)
		}
	}
}
