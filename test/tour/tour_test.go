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

	// Each page once, in words: "events …" and "restaurants …" name the service.
	stops := []browsertest.Stop{
		// Events: what anyone sees.
		{Who: anyone, URL: events + "/", Name: "events home"},
		{Who: anyone, URL: events + "/?q=no+such+night", Name: "events home, nothing found"},
		{Who: anyone, URL: events + "/events/" + ev.paid.Slug, Name: "events event page"},
		{Who: anyone, URL: events + "/events/" + ev.gone.Slug, Name: "events cancelled event page"},
		{Who: anyone, URL: events + "/events/no-such-night", Status: 404, Name: "events missing event"},
		{Who: anyone, URL: events + "/tickets/" + ev.validCode, Name: "events valid ticket"},
		{Who: anyone, URL: events + "/tickets/" + ev.pendingCode, Name: "events unpaid ticket"},
		// Events: a dancer.
		{Who: dancer, URL: events + "/events/" + ev.paid.Slug, Name: "events event page"},
		{Who: dancer, URL: events + "/events/" + ev.free.Slug, Name: "events buying nothing", Then: buyNothing},
		{Who: dancer, URL: events + "/me/tickets", Name: "events my tickets"},
		{Who: dancer, URL: events + "/orders/" + ev.freeOrder.ID, Name: "events free order"},
		{Who: dancer, URL: events + "/orders/" + ev.cashOrder.ID, Name: "events cash order"},
		{Who: dancer, URL: events + "/dashboard", Name: "events dashboard without the role"},
		// Events: the organizer and the door.
		{Who: organizer, URL: events + "/dashboard", Name: "events dashboard"},
		{Who: organizer, URL: events + "/dashboard/events/" + ev.paid.ID, Name: "events manage a paid night"},
		{Who: organizer, URL: events + "/dashboard/events/" + ev.free.ID, Name: "events manage a free night"},
		{Who: organizer, URL: events + "/dashboard/events/" + ev.draft.ID, Name: "events manage a draft, a bad tier", Then: badTier},
		{Who: organizer, URL: events + "/dashboard/events/" + ev.gone.ID, Name: "events manage a cancelled night"},
		{Who: organizer, URL: events + "/checkin/" + ev.paid.ID, Name: "events check-in with cash waiting"},
		{Who: door, URL: events + "/dashboard", Name: "events dashboard of door staff"},
		{Who: door, URL: events + "/checkin/" + ev.free.ID, Name: "events check-in, a scan", Then: scan(ev.validCode)},
		{Who: door, URL: events + "/checkin/" + ev.free.ID, Name: "events check-in, a bad code", Then: scan("not-a-ticket")},
		// Restaurants: the team and a customer.
		{Who: owner, URL: restaurants + "/dashboard", Name: "restaurants dashboard"},
		{Who: owner, URL: restaurants + "/dashboard/" + rs.open, Name: "restaurants board", Ready: "#live-state"},
		{Who: owner, URL: restaurants + "/dashboard/" + rs.open, Name: "restaurants a refused team member", Then: addOwnerToTeam},
		{Who: owner, URL: restaurants + "/dashboard/" + rs.waiting, Name: "restaurants waiting for approval"},
		{Who: manager, URL: restaurants + "/dashboard/" + rs.open, Name: "restaurants board"},
		{Who: cook, URL: restaurants + "/dashboard/" + rs.open, Name: "restaurants board"},
		{Who: customer, URL: restaurants + "/dashboard", Name: "restaurants dashboard without the role"},
	}
	tour := browsertest.Tour{Checker: check, Screenshots: os.Getenv("TOUR_SCREENSHOTS")}
	tour.Run(t, ctx, stops...)
}

type acts = []chromedp.Action[chromedp.Void]

// scan types code into the check-in page's field and sends it.
func scan(code string) acts {
	return acts{chromedp.SendKeys(`#scan-form input[name=code]`, code),
		chromedp.Click(`#scan-form button[type=submit]`), chromedp.WaitVisible(chromedp.CSS(`#verdict`))}
}

// The forms' refusals, which a person can send again and again.
var (
	buyNothing = acts{chromedp.Click(`form[action$="/buy"] button[type=submit]`), chromedp.WaitVisible(chromedp.CSS(`.err`))}
	badTier    = acts{chromedp.SendKeys(`#add-tier input[name=name]`, "Early bird"),
		chromedp.SetValue(`#add-tier input[name=price]`, "lots"), chromedp.SetValue(`#add-tier input[name=capacity]`, "5"),
		chromedp.Click(`#add-tier button[type=submit]`), chromedp.WaitVisible(chromedp.CSS(`.err`))}
	addOwnerToTeam = acts{chromedp.SendKeys(`#staff input[name=email]`, resttest.Owner.Email),
		chromedp.Click(`#staff form[action$="/staff"] button`), chromedp.WaitVisible(chromedp.CSS(`#form-error`))}
)
