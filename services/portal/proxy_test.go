package portal_test

import (
	"fmt"
	"net/http"
	"testing"
)

// registerFrom tries n registrations, each claiming to come from forwarded(i), and
// returns the last answer.
func registerFrom(c *client, n int, forwarded func(i int) string) answer {
	var last answer
	for i := range n {
		last = c.do("POST", "/api/auth/register", map[string]string{
			"email": fmt.Sprintf("p%d-%s@example.com", i, forwarded(i)), "password": "x", "name": "P"},
			map[string]string{"X-Forwarded-For": forwarded(i)})
	}
	return last
}

// Behind a trusted proxy the registration limit counts each real client on its own.
func TestLimitsKeyOnTheClientBehindTrustedProxies(t *testing.T) {
	p := startPortal(t, map[string]string{"TRUSTED_PROXIES": "127.0.0.1, ::1"})
	c := newClient(t, p.URL)
	same := func(int) string { return "203.0.113.9" }
	if a := registerFrom(c, 21, same); a.Status != http.StatusTooManyRequests {
		t.Fatalf("21 registrations from one client: %d %s", a.Status, a.Raw)
	}
	// Another client behind the same proxy is not held back by the first one.
	if a := registerFrom(c, 1, func(int) string { return "203.0.113.10" }); a.Status == http.StatusTooManyRequests {
		t.Fatalf("a second client is limited by the first: %s", a.Raw)
	}
}

// Without trusted proxies a client cannot dodge the limit by forging the header.
func TestForgedForwardedForIsIgnoredByDefault(t *testing.T) {
	p := startPortal(t, nil)
	c := newClient(t, p.URL)
	forged := func(i int) string { return fmt.Sprintf("198.51.100.%d", i+1) }
	if a := registerFrom(c, 21, forged); a.Status != http.StatusTooManyRequests {
		t.Fatalf("21 registrations with forged addresses: %d %s", a.Status, a.Raw)
	}
}
