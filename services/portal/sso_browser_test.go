package portal_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/browsertest"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/host"
)

// dashboardService is another service of the platform: a page guarded by the kit's
// page guard, and a form that changes something with the caller's cookies.
func dashboardService() host.Service {
	return host.Service{Name: "events", Migrations: []db.Migrations{host.KitMigrations}, Build: func(d *host.Deps) (host.Parts, error) {
		d.Mux.HandleFunc("GET /dashboard", auth.RequirePage(func(w http.ResponseWriter, r *http.Request) {
			u, _ := auth.FromContext(r.Context())
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><title>Dashboard</title><main><p id="who">Hello, %s</p>
<form method="post" action="/dashboard/ping"><input type="hidden" name="csrf_token" value="%s">
<button id="ping" type="submit">Ping</button></form></main>`, html.EscapeString(u.Name), html.EscapeString(auth.CSRFToken(r)))
		}))
		d.Mux.HandleFunc("POST /dashboard/ping", auth.RequireUser(func(w http.ResponseWriter, r *http.Request) {
			u, _ := auth.FromContext(r.Context())
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><title>Ping</title><p id="pong">pong for %s</p>`, html.EscapeString(u.Email))
		}))
		return host.Parts{Feed: feed.None{}}, nil
	}}
}

// TestBrowserSingleSignOn signs in once at the portal in a real Chromium and is
// then signed in on another service on another port, renewing an expired token by
// a round trip through the portal.
func TestBrowserSingleSignOn(t *testing.T) {
	browsertest.Require(t)
	portalLn, portalURL := listen(t)
	serviceLn, serviceURL := listen(t)
	p := serve(t, portalService(), portalLn, map[string]string{"PUBLIC_URL": portalURL, "NEXTAUTH_URL": portalURL,
		"EVENTS_URL": serviceURL})
	serve(t, dashboardService(), serviceLn, map[string]string{"PUBLIC_URL": serviceURL, "NEXTAUTH_URL": portalURL})
	register(t, newClient(t, p.URL), "kim@example.com", "kim-password", "Kim")

	ctx, cancel := context.WithTimeout(browsertest.Start(t), 3*time.Minute)
	defer cancel()

	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	get := func(a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	// Sign in once, at the portal (to the account page).
	run(chromedp.Navigate(portalURL+"/signin?next=%2Faccount"),
		chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", "kim@example.com"),
		chromedp.SendKeys("#password", "kim-password"),
		chromedp.Click("#signin-submit"),
		chromedp.WaitVisible("#profile-h"))
	// Another service, another port: signed in without signing in again.
	run(chromedp.Navigate(serviceURL + "/dashboard"))
	if who, url := get(chromedp.Text("#who")), get(chromedp.Location()); who != "Hello, Kim" || url != serviceURL+"/dashboard" {
		t.Fatalf("service page: %q at %s", who, url)
	}

	// A cookie-authenticated form on the service passes the CSRF check.
	run(chromedp.Click("#ping"))
	if pong := get(chromedp.Text("#pong")); pong != "pong for kim@example.com" {
		t.Fatalf("form: %q", pong)
	}

	// The access token expires (its cookie goes): the page guard sends the browser
	// through the portal's renewal and back, still without a sign-in.
	if _, err := chromedp.Call(ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: auth.AccessCookie, Domain: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	run(chromedp.Navigate(serviceURL + "/dashboard?tab=orders"))
	if who, url := get(chromedp.Text("#who")), get(chromedp.Location()); who != "Hello, Kim" || url != serviceURL+"/dashboard?tab=orders" {
		t.Fatalf("after renewal: %q at %s", who, url)
	}

	// Signed out at the portal, the service page asks to sign in at the portal.
	run(chromedp.Navigate(portalURL+"/account"),
		chromedp.Click(`form[action="/signout"] button`),
		chromedp.WaitVisible("#email"),
		chromedp.Navigate(serviceURL+"/dashboard"),
		chromedp.WaitVisible("#email"))
	if url, title := get(chromedp.Location()), get(chromedp.Title()); !strings.HasPrefix(url, portalURL+"/signin?next=") || !strings.Contains(title, "Sign in") {
		t.Fatalf("after sign-out: %s %q", url, title)
	}
}
