package events_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/events/eventstest"
)

// TestBrowserOrganizerBuyerStaff drives a real Chromium through the night: an
// organizer creates and publishes an event with a tier on the dashboard, a buyer
// gets a ticket on the event page, and door staff check it in on the phone-sized
// check-in page. Callers are named by a test token in the session cookie.
func TestBrowserOrganizerBuyerStaff(t *testing.T) {
	s := eventstest.Start(t, eventstest.Options{})
	browserNight(t, s, true, func(ctx context.Context, u *auth.User) error {
		_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
			Value: hosttest.Token(u), URL: s.URL, Path: "/"})
		return err
	})
}

// TestBrowserWithPortalSignIn is the same night with the real identity: the portal
// runs as its own process (stepperslife serve portal), everyone signs in on its
// sign-in page, and the events service verifies the portal's session tokens.
func TestBrowserWithPortalSignIn(t *testing.T) {
	browsertest.Require(t)
	port, portalURL := eventstest.PortalPort(t)
	s := eventstest.Start(t, eventstest.Options{PortalURL: portalURL})
	p := eventstest.StartPortal(t, port, s.URL)
	const password = "steppin-all-night"
	p.Register(org.Email, password, org.Name, auth.RoleEventOrganizer)
	p.Register(buyer.Email, password, buyer.Name, "")
	p.Register(staff.Email, password, staff.Name, "")
	// A password account has not proved it receives mail at its address, so the
	// door staff named by that address are refused and the organizer scans.
	browserNight(t, s, false, func(ctx context.Context, u *auth.User) error {
		return chromedp.Do(ctx,
			chromedp.Navigate(portalURL+"/signin?next=%2Faccount"),
			chromedp.WaitVisible("#email"),
			chromedp.SendKeys("#email", u.Email),
			chromedp.SendKeys("#password", password),
			chromedp.Click("#signin-submit"),
			chromedp.WaitVisible("#profile-h"))
	}, func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Navigate(portalURL+"/account"),
			chromedp.Click(`form[action="/signout"] button`),
			chromedp.WaitVisible("#email"))
	})
}

// browserNight runs the organizer, buyer and staff steps; signIn makes the browser
// act as a user, signOut (if any) ends the previous user's session first. When the
// staff's address is not verified, the check-in page refuses them and the
// organizer scans instead.
func browserNight(t *testing.T, s *eventstest.Server, staffVerified bool, signIn func(context.Context, *auth.User) error, signOut ...func(context.Context) error) {
	browsertest.Require(t)
	check := browsertest.NewChecker(t, eventsapi.Words)
	ctx, cancel := context.WithTimeout(browsertest.Start(t), 3*time.Minute)
	defer cancel()

	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			// Say where the browser was and what it showed.
			dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			loc, _ := chromedp.Run(dctx, chromedp.Location())
			text, _ := chromedp.Run(dctx, chromedp.Text("body"))
			t.Fatalf("%v\nat %s:\n%s", err, loc, text)
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
	attr := func(sel, name string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.AttributeValue(sel, name))
		if err != nil {
			t.Fatal(err)
		}
		return v.Value
	}
	signedIn := false
	signInAs := func(u *auth.User) {
		t.Helper()
		if signedIn {
			for _, out := range signOut {
				if err := out(ctx); err != nil {
					t.Fatalf("sign out: %v", err)
				}
			}
		}
		if err := signIn(ctx, u); err != nil {
			t.Fatalf("sign in as %s: %v", u.Email, err)
		}
		signedIn = true
	}

	// The organizer creates a draft, adds a free tier and door staff, and publishes.
	signInAs(org)
	start := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	run(chromedp.Navigate(s.URL+"/dashboard"),
		chromedp.WaitVisible(`#new-event`),
		chromedp.SendKeys(`#new-event input[name=title]`, "Browser Steppers Ball"),
		chromedp.SendKeys(`#new-event input[name=venue]`, "South Shore Cultural Center"),
		chromedp.SetValue(`#new-event input[name=startsAt]`, start+"T20:00"),
		chromedp.SetValue(`#new-event input[name=endsAt]`, start+"T23:30"),
		chromedp.Click(`#new-event button[type=submit]`),
		chromedp.WaitVisible(`#add-tier`))
	loc := get(chromedp.Location())
	eventID := strings.TrimSuffix(strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], s.URL+"/dashboard/events/"), "/settings")
	if eventID == "" || strings.Contains(eventID, "/") {
		t.Fatalf("after create: %s", loc)
	}
	// The new event opens on its settings, where the first tier is added; door
	// staff are added on the check-in tab; the dashboard publishes.
	run(chromedp.SendKeys(`#add-tier input[name=name]`, "General admission"),
		chromedp.SendKeys(`#add-tier input[name=capacity]`, "50"),
		chromedp.Click(`#add-tier button[type=submit]`),
		// Each form reloads the page: wait for what the new page shows, never for
		// something the old page had too.
		chromedp.WaitVisible(`#tier-list li[data-tier="General admission"]`),
		chromedp.Navigate(s.URL+"/dashboard/events/"+eventID+"/door"),
		chromedp.WaitVisible(`#add-staff`),
		chromedp.SendKeys(`#add-staff input[name=email]`, staff.Email),
		chromedp.Click(`#add-staff button[type=submit]`),
		chromedp.WaitVisible(`li[data-staff="`+staff.Email+`"]`),
		chromedp.Navigate(s.URL+"/dashboard/events/"+eventID),
		chromedp.WaitVisible(`#publish`),
		chromedp.Click(`#publish`),
		chromedp.WaitVisible(`#event-status[data-status="PUBLISHED"]`))
	// The status reads as words; the machine value stays in an attribute.
	if st := get(chromedp.Text(`#event-status`)); st != "On sale" {
		t.Fatalf("event status %q", st)
	}
	if tiers := get(chromedp.Text(`#tiers`)); !strings.Contains(tiers, "General admission") {
		t.Fatalf("tiers table: %q", tiers)
	}
	publicPage := attr(`a[href^="/events/"]`, "href")

	// A buyer gets two free tickets. The event's public page is the portal's: with a
	// portal running, the buyer follows the service's link there and buys on it;
	// without one, the purchase goes through the API.
	var code string
	if len(signOut) > 0 {
		signInAs(buyer)
		run(chromedp.Navigate(s.URL+publicPage),
			chromedp.WaitVisible(`form.buy select`),
			chromedp.SetValue(`form.buy select`, "2"),
			chromedp.Click(`#buy-button`),
			chromedp.WaitVisible(`.confirm-head[data-status="COMPLETED"]`))
		check.Require(t, ctx, "the buyer's order")
		code = get(chromedp.Text(`.qrs code`))
	} else {
		var o eventstest.Order
		var ev eventstest.Event
		s.Do("GET", "/api/events/"+eventID, nil, nil).JSON(t, &ev)
		s.Must(201, "POST", "/api/tickets/purchase", buyer, eventstest.PurchaseBody(eventID, ev.Tiers[0].ID, 2, "free", buyer)).JSON(t, &o)
		code = o.Tickets[0].Code
	}
	if len(code) != 17 {
		t.Fatalf("ticket code %q", code)
	}

	// Door staff, on a phone, check the ticket in; a second scan is refused.
	signInAs(staff)
	if !staffVerified {
		run(chromedp.Navigate(s.URL+"/checkin/"+eventID), chromedp.WaitVisible(`body`))
		if body := get(chromedp.Text(`body`)); !strings.Contains(body, "permission") {
			t.Fatalf("unverified staff on the check-in page: %q", body)
		}
		signInAs(org)
	}
	run(chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(s.URL+"/checkin/"+eventID),
		chromedp.WaitVisible(`#scan-form`),
		chromedp.SendKeys(`#scan-form input[name=code]`, code),
		chromedp.Click(`#scan-form button[type=submit]`),
		chromedp.WaitVisible(`#verdict`))
	if v := attr(`#verdict`, "data-code"); v != "ADMITTED" {
		t.Fatalf("first scan: %s (%s)", v, get(chromedp.Text(`#verdict`)))
	}
	run(chromedp.SendKeys(`#scan-form input[name=code]`, code),
		chromedp.Click(`#scan-form button[type=submit]`),
		chromedp.WaitVisible(`#verdict[data-code="ALREADY_SCANNED"]`))
	check.Require(t, ctx, "a second scan on a phone")
	if v := get(chromedp.Text(`#verdict`)); !strings.Contains(v, "already scanned at ") || !strings.Contains(v, " by ") {
		t.Fatalf("a second scan does not say when and by whom: %q", v)
	}

	// Straight from the database: two tickets sold, one of them admitted.
	var sold, scanned int
	if err := s.Instance.Deps.DB.QueryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'SCANNED' THEN 1 ELSE 0 END), 0)
		FROM tickets WHERE event_id = $1 AND status IN ('VALID', 'SCANNED')`, eventID).Scan(&sold, &scanned); err != nil {
		t.Fatal(err)
	}
	if sold != 2 || scanned != 1 {
		t.Fatalf("after the night: %d sold, %d scanned", sold, scanned)
	}
}
