// Package tour visits every page people land on, as the people who use them, on a
// phone and on a desktop, in one real Chromium, and checks each one: a page (never
// JSON), words (never a raw machine value), no sideways scroll, and no serious or
// critical axe-core violation.
//
// A page joins the tour with one Stop line in TestTour; a service joins with a world
// (its harness and the fixtures its pages need) and the people who use it.
package tour

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/internal/kit/words"
	"stepperslife/services/restaurants/resttest"
)

// TourTimeout bounds the whole tour; each page has browsertest.StepTimeout.
const TourTimeout = 8 * time.Minute

// TestTour visits the events and restaurants services' pages. Set TOUR_SCREENSHOTS
// to a folder to keep a PNG of every page on both screens.
func TestTour(t *testing.T) {
	browsertest.Require(t)
	check := browsertest.NewChecker(t, eventsapi.Words, restaurantsapi.Words, words.Vocabulary{"role": words.Roles})
	ev := newEventsWorld(t)
	rs := newRestaurantsWorld(t)
	ctx, cancel := context.WithTimeout(browsertest.Start(t), TourTimeout)
	defer cancel()

	// Test tokens in the session cookie name the people; cookies ignore the port, so
	// one cookie serves both services on 127.0.0.1.
	as := func(name string, u *auth.User) browsertest.Person {
		return browsertest.CookiePerson(name, auth.AccessCookie, hosttest.Token(u), ev.s.URL, rs.e.URL)
	}
	anyone := browsertest.Anonymous
	dancer, organizer, door := as("dancer", ev.dancer), as("organizer", ev.organizer), as("door staff", ev.staff)
	owner, manager, cook := as("owner", &resttest.Owner), as("manager", &resttest.Manager), as("kitchen staff", &resttest.Staff)
	customer := as("customer", &resttest.Customer)
	events, restaurants := ev.s.URL, rs.e.URL
	scan := func(code string) []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{chromedp.SendKeys(`#scan-form input[name=code]`, code),
			chromedp.Click(`#scan-form button[type=submit]`), chromedp.WaitVisible(chromedp.CSS(`#verdict`))}
	}

	tour := browsertest.Tour{Checker: check, Screenshots: os.Getenv("TOUR_SCREENSHOTS")}
	tour.Run(t, ctx,
		// Events: what anyone sees.
		browsertest.Stop{Who: anyone, URL: events + "/", Name: "home"},
		browsertest.Stop{Who: anyone, URL: events + "/?q=no+such+night", Name: "home, nothing found"},
		browsertest.Stop{Who: anyone, URL: events + "/events/" + ev.paid.Slug, Name: "event page"},
		browsertest.Stop{Who: anyone, URL: events + "/events/" + ev.gone.Slug, Name: "cancelled event page"},
		browsertest.Stop{Who: anyone, URL: events + "/events/no-such-night", Status: 404, Name: "missing event"},
		browsertest.Stop{Who: anyone, URL: events + "/tickets/" + ev.validCode, Name: "valid ticket"},
		browsertest.Stop{Who: anyone, URL: events + "/tickets/" + ev.pendingCode, Name: "unpaid ticket"},
		// Events: a dancer.
		browsertest.Stop{Who: dancer, URL: events + "/events/" + ev.paid.Slug, Name: "event page, signed in"},
		browsertest.Stop{Who: dancer, URL: events + "/events/" + ev.free.Slug, Name: "free event, nothing chosen",
			Then: []chromedp.Action[chromedp.Void]{chromedp.Click(`form[action$="/buy"] button[type=submit]`), chromedp.WaitVisible(chromedp.CSS(`.err`))}},
		browsertest.Stop{Who: dancer, URL: events + "/me/tickets"},
		browsertest.Stop{Who: dancer, URL: events + "/orders/" + ev.freeOrder.ID, Name: "free order"},
		browsertest.Stop{Who: dancer, URL: events + "/orders/" + ev.cashOrder.ID, Name: "cash order"},
		browsertest.Stop{Who: dancer, URL: events + "/dashboard", Name: "dashboard without the role"},
		// Events: the organizer and the door.
		browsertest.Stop{Who: organizer, URL: events + "/dashboard"},
		browsertest.Stop{Who: organizer, URL: events + "/dashboard/events/" + ev.paid.ID, Name: "manage a paid night"},
		browsertest.Stop{Who: organizer, URL: events + "/dashboard/events/" + ev.free.ID, Name: "manage a free night"},
		browsertest.Stop{Who: organizer, URL: events + "/dashboard/events/" + ev.draft.ID, Name: "manage a draft, bad tier",
			Then: []chromedp.Action[chromedp.Void]{chromedp.SendKeys(`#add-tier input[name=name]`, "Early bird"),
				chromedp.SetValue(`#add-tier input[name=price]`, "lots"), chromedp.SetValue(`#add-tier input[name=capacity]`, "5"),
				chromedp.Click(`#add-tier button[type=submit]`), chromedp.WaitVisible(chromedp.CSS(`.err`))}},
		browsertest.Stop{Who: organizer, URL: events + "/dashboard/events/" + ev.gone.ID, Name: "manage a cancelled night"},
		browsertest.Stop{Who: organizer, URL: events + "/checkin/" + ev.paid.ID, Name: "check-in with cash waiting"},
		browsertest.Stop{Who: door, URL: events + "/dashboard", Name: "dashboard of door staff"},
		browsertest.Stop{Who: door, URL: events + "/checkin/" + ev.free.ID, Name: "check-in, a scan", Then: scan(ev.validCode)},
		browsertest.Stop{Who: door, URL: events + "/checkin/" + ev.free.ID, Name: "check-in, a bad code", Then: scan("not-a-ticket")},
		// Restaurants: the team and a customer.
		browsertest.Stop{Who: owner, URL: restaurants + "/dashboard"},
		browsertest.Stop{Who: owner, URL: restaurants + "/dashboard/" + rs.open, Name: "restaurant dashboard", Ready: "#live-state"},
		browsertest.Stop{Who: owner, URL: restaurants + "/dashboard/" + rs.waiting, Name: "restaurant waiting for approval"},
		browsertest.Stop{Who: manager, URL: restaurants + "/dashboard/" + rs.open, Name: "restaurant dashboard"},
		browsertest.Stop{Who: cook, URL: restaurants + "/dashboard/" + rs.open, Name: "restaurant dashboard"},
		browsertest.Stop{Who: customer, URL: restaurants + "/dashboard", Name: "dashboard without the role"},
	)
}
