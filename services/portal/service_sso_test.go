package portal_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// TestServiceVerifiesPortalTokens starts another service while the portal is still
// down (it must start anyway, fetching keys lazily), then checks that it accepts the
// portal's tokens by Bearer header and cookie, and nothing forged.
func TestServiceVerifiesPortalTokens(t *testing.T) {
	portalLn, portalURL := listen(t)
	serviceLn, serviceURL := listen(t)
	svc := serve(t, dashboardService(), serviceLn, map[string]string{"PUBLIC_URL": serviceURL, "NEXTAUTH_URL": portalURL})
	s := newClient(t, svc.URL)
	if a := s.do("GET", "/healthz", nil, nil); a.Status != 200 {
		t.Fatalf("service with the portal down: %d", a.Status)
	}
	if a := s.do("GET", "/api/me", nil, nil); a.Status != 401 || str(a.Body, "code") != "UNAUTHENTICATED" {
		t.Fatalf("anonymous /api/me: %d %s", a.Status, a.Raw)
	}

	p := serve(t, portalService(), portalLn, map[string]string{"PUBLIC_URL": portalURL, "NEXTAUTH_URL": portalURL})
	c := newClient(t, p.URL)
	register(t, c, "lou@example.com", "lou-password", "Lou")
	tok := login(t, c, "lou@example.com", "lou-password")
	a := s.do("GET", "/api/me", nil, bearer(tok))
	if a.Status != 200 || str(a.Body, "email") != "lou@example.com" || !slices.Equal(roles(a.Body), []string{"USER"}) {
		t.Fatalf("service /api/me by bearer: %d %s", a.Status, a.Raw)
	}
	s.http.Jar.SetCookies(mustURL(svc.URL), []*http.Cookie{{Name: "sl_session", Value: tok}})
	if a := s.do("GET", "/api/me", nil, nil); a.Status != 200 {
		t.Fatalf("service /api/me by cookie: %d %s", a.Status, a.Raw)
	}
	// Cookie-authenticated changes on the service need the CSRF check too.
	if a := s.do("POST", "/dashboard/ping", nil, nil); a.Status != 403 {
		t.Fatalf("service POST without csrf: %d", a.Status)
	}
	forged := tok[:len(tok)-4] + "AAAA"
	if a := newClient(t, svc.URL).do("GET", "/api/me", nil, bearer(forged)); a.Status != 401 {
		t.Fatalf("forged token at the service: %d", a.Status)
	}
	// A page of the service sends an anonymous browser to the portal's renewal.
	a = newClient(t, svc.URL).do("GET", "/dashboard", nil, nil)
	if a.Status != 303 || a.Header.Get("Location") != portalURL+"/api/auth/refresh?next="+url.QueryEscape(serviceURL+"/dashboard") {
		t.Fatalf("page guard: %d %q", a.Status, a.Header.Get("Location"))
	}
}
