package identity

import (
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/portal/accounts"
)

func TestDeviceInWords(t *testing.T) {
	for ua, want := range map[string]string{
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36":                      "Chrome on Android",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1":    "Safari on iPhone",
		"Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1":             "Safari on iPad",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15":                      "Safari on Mac",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0":              "Edge on Windows",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36":                              "Chrome on Linux",
		"Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36": "Samsung Browser on Android",
		"Go-http-client/1.1": "Another app",
		"":                   "Unknown device",
	} {
		if got := device(ua); got != want {
			t.Errorf("device(%.40q…) = %q, want %q", ua, got, want)
		}
	}
}

func TestAgo(t *testing.T) {
	now := time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{
		10 * time.Second: "just now", 5 * time.Minute: "5 min ago", 90 * time.Minute: "1 hour ago",
		5 * time.Hour: "5 hours ago", 30 * time.Hour: "yesterday", 4 * 24 * time.Hour: "4 days ago",
		// Dates are Chicago's: 2 AM UTC on Nov 2 is still Nov 1 there.
		30*24*time.Hour + 16*time.Hour: "on Nov 1, 2026",
	} {
		if got := ago(now.Add(-d), now); got != want {
			t.Errorf("%v ago = %q, want %q", d, got, want)
		}
	}
}

func TestSessionsThisDeviceFirstInChicagoTime(t *testing.T) {
	now := time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC)
	list := []accounts.Session{
		{ID: "s-old", UserAgent: "Go-http-client/1.1", CreatedAt: now.Add(-48 * time.Hour), LastUsedAt: now.Add(-3 * time.Hour)},
		{ID: "s-new", UserAgent: "", CreatedAt: now.Add(-time.Hour), LastUsedAt: now.Add(-time.Minute)},
		{ID: "s-me", UserAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
			CreatedAt: now.Add(-24 * time.Hour), LastUsedAt: now.Add(-5 * time.Minute)},
	}
	got := sessionViews(list, "s-me", now)
	if len(got) != 3 || !got[0].Current || got[0].Device != "Chrome on Android" || got[0].LastUsed != "5 min ago" ||
		got[1].LastUsed != "1 min ago" || got[2].Device != "Another app" {
		t.Fatalf("%+v", got)
	}
	// 6 PM UTC on Dec 1 is noon in Chicago.
	if got[0].SignedInAt != "Tue, Dec 1, 2026 · 12:00 PM" {
		t.Errorf("signed in %q", got[0].SignedInAt)
	}
}

// Only roles whose part of SteppersLife is open get a button; the others say they
// are coming soon. Roles held are not offered again.
func TestRoleOffers(t *testing.T) {
	now, soon := roleOffers([]string{auth.RoleUser, auth.RoleEventOrganizer})
	if len(now) != 2 || now[0].Role != auth.RoleRestaurantOwner || now[1].Role != auth.RoleInstructor ||
		len(soon) != len(auth.SelfAssignable)-3 {
		t.Fatalf("offers now %+v, soon %+v", now, soon)
	}
	for _, o := range append(now, soon...) {
		if o.Unlocks == "" {
			t.Errorf("%s says nothing about what it unlocks", o.Role)
		}
	}
}
