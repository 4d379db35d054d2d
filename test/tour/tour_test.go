// Package tour visits every page people land on, on the portal and on every service,
// as the people who use them, on a phone and on a desktop, in one real Chromium, and checks each one: a page (never
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

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/internal/kit/proctest"
	"stepperslife/internal/kit/words"
	"stepperslife/services/classes/classestest"
	"stepperslife/services/magazine/magazinetest"
	"stepperslife/services/restaurants/resttest"
	"stepperslife/services/store/storetest"
)

// TourTimeout bounds the whole tour (some 140 pages on two screens, on a shared
// machine); each page has browsertest.StepTimeout.
const TourTimeout = 25 * time.Minute

// TestTour visits every service's pages and the portal's, anonymous and as the
// people who use them. Set TOUR_SCREENSHOTS to a folder to keep a PNG of every page
// on both screens.
func TestTour(t *testing.T) {
	browsertest.Require(t)
	check := browsertest.NewChecker(t, eventsapi.Words, restaurantsapi.Words, storeapi.Words, classesapi.Words, magazineapi.Words,
		words.Vocabulary{"role": words.Roles})

	// The services verify the portal's tokens, as on the platform, and test tokens
	// too, which set up the fixtures; the portal reaches the services.
	port, portalURL := portalAddress(t)
	o := hosttest.Options{PortalURL: portalURL, TestTokensToo: true}
	ev := newEventsWorld(t, o)
	rs := newRestaurantsWorld(t, o)
	st := newStoreWorld(t, o)
	cl := newClassesWorld(t, o)
	mg := newMagazineWorld(t, o)
	sv := newServicesWorld(t, o)
	shells := map[string]string{"magazine": mg.s.URL, "services": sv.s.URL}
	pt := &portalWorld{proc: proctest.StartPortal(t, port, map[string]string{"events": ev.s.URL,
		"restaurants": rs.e.URL, "store": st.s.URL, "classes": cl.s.URL,
		"magazine": shells["magazine"], "services": shells["services"]})}
	pt.URL = pt.proc.URL

	// People of the portal: a dancer with something everywhere, a newcomer with
	// nothing yet, and an admin.
	dee := pt.account(t, "dee@example.com", "Dee Dancer")
	ev.buy(t, dee)
	rs.order(t, dee)
	st.buy(t, dee)
	cl.enrol(t, dee)
	sv.ask(t, dee)
	nia := pt.account(t, "nia@example.com", "Nia Newcomer")
	desk := pt.account(t, "desk@example.com", "Dana Desk", auth.RoleAdmin)

	ctx, cancel := context.WithTimeout(browsertest.Start(t), TourTimeout)
	defer cancel()

	// Test tokens in the session cookie name the people; cookies ignore the port, so
	// one cookie serves every service on 127.0.0.1.
	as := func(name string, u *auth.User) browsertest.Person {
		return browsertest.CookiePerson(name, auth.AccessCookie, hosttest.Token(u), ev.s.URL)
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
		{Who: anyone, URL: events + "/events/" + ev.gone.Slug, Name: "events cancelled event page"},
		{Who: anyone, URL: events + "/events/no-such-night", Status: 404, Name: "events missing event"},
		{Who: anyone, URL: events + "/events/" + ev.paid.Slug + "/buy", Status: 405, Name: "events a form's address opened"},
		{Who: anyone, URL: events + "/tickets/" + ev.validCode, Name: "events valid ticket"},
		{Who: anyone, URL: events + "/tickets/" + ev.pendingCode, Name: "events unpaid ticket"},
		{Who: anyone, URL: events + "/me/tickets", Name: "events my tickets, signed out (the portal's sign-in)"},
		// Events: a dancer.
		{Who: dancer, URL: events + "/me/tickets", Name: "events my tickets"},
		{Who: dancer, URL: events + "/orders/" + ev.freeOrder.ID, Name: "events free order"},
		{Who: dancer, URL: events + "/orders/" + ev.cashOrder.ID, Name: "events cash order"},
		{Who: dancer, URL: events + "/dashboard", Name: "events dashboard without the role"},
		{Who: dancer, URL: events + "/checkin", Name: "events check-in tonight without a night"},
		{Who: dancer, URL: events + "/admin", Status: 403, Name: "events admin without the role"},
		// Events: the organizer and the door.
		{Who: organizer, URL: events + "/dashboard", Name: "events dashboard"},
		{Who: organizer, URL: events + "/dashboard/events/" + ev.paid.ID, Name: "events manage a paid night"},
		{Who: organizer, URL: events + "/dashboard/events/" + ev.free.ID, Name: "events manage a free night"},
		{Who: organizer, URL: events + "/dashboard/events/" + ev.draft.ID + "/settings", Name: "events manage a draft, a bad tier", Then: badTier},
		{Who: organizer, URL: events + "/dashboard/events/" + ev.gone.ID, Name: "events manage a cancelled night"},
		{Who: organizer, URL: events + "/checkin", Name: "events check-in tonight"},
		{Who: organizer, URL: events + "/checkin/" + ev.paid.ID, Name: "events check-in with cash waiting"},
		{Who: door, URL: events + "/dashboard", Name: "events dashboard of door staff"},
		{Who: door, URL: events + "/checkin", Name: "events check-in tonight of door staff"},
		{Who: door, URL: events + "/checkin/" + ev.free.ID, Name: "events check-in, a scan", Then: scan(ev.validCode)},
		{Who: door, URL: events + "/checkin/" + ev.free.ID, Name: "events check-in, a bad code", Then: scan("not-a-ticket")},
		// Restaurants: anyone, the team and a customer.
		{Who: anyone, URL: restaurants + "/", Name: "restaurants home"},
		{Who: owner, URL: restaurants + "/dashboard", Name: "restaurants dashboard"},
		{Who: owner, URL: restaurants + "/dashboard/" + rs.open, Name: "restaurants board", Ready: "#live-state"},
		{Who: owner, URL: restaurants + "/dashboard/" + rs.open, Name: "restaurants a refused team member", Then: addOwnerToTeam},
		{Who: owner, URL: restaurants + "/dashboard/" + rs.waiting, Name: "restaurants waiting for approval"},
		{Who: manager, URL: restaurants + "/dashboard/" + rs.open, Name: "restaurants board"},
		{Who: cook, URL: restaurants + "/dashboard/" + rs.open, Name: "restaurants board"},
		{Who: customer, URL: restaurants + "/dashboard", Name: "restaurants dashboard without the role"},
		{Who: customer, URL: restaurants + "/admin", Status: 403, Name: "restaurants admin without the role"},
	}
	stops = append(stops, st.stops(anyone, as("store owner", st.owner), as("store applicant", st.waiting),
		as("store buyer", storetest.Buyer))...)
	stops = append(stops, cl.stops(anyone, as("instructor", classestest.Instructor), as("student", classestest.Student),
		as("assistant", cl.aide))...)
	stops = append(stops, mg.stops(anyone, as("magazine writer", magazinetest.Writer), as("magazine editor", magazinetest.Editor),
		as("magazine reader", magazinetest.Reader))...)
	stops = append(stops, kitStops(anyone, map[string]string{"events": events, "restaurants": restaurants,
		"store": st.s.URL, "classes": cl.s.URL, "magazine": shells["magazine"], "services": shells["services"]})...)
	// The portal, and the services' admin pages as the admin signed in there.
	stops = append(stops, pt.stops(anyone, pt.person("portal dancer", dee), pt.person("portal newcomer", nia),
		pt.person("portal admin", desk), ev, rs, st, cl, dee.ID)...)
	stops = append(stops, sv.stops(pt.URL, anyone, as("provider", sv.owner), pt.person("portal dancer", dee),
		pt.person("portal admin", desk), dee.Email)...)
	// Every service runs, so no page may say one is not answering: signed-in pages
	// gathered by the portal show what the services hold.
	tour := browsertest.Tour{Checker: check, Screenshots: os.Getenv("TOUR_SCREENSHOTS"),
		Never: []string{"not answering", "could not reach"}}
	tour.Run(t, ctx, stops...)
}

// kitStops are the pages the kit gives every service: its HTML "not found" and, on
// a shell, the coming-soon home.
func kitStops(anyone browsertest.Person, urls map[string]string) []browsertest.Stop {
	var out []browsertest.Stop
	for _, name := range []string{"events", "restaurants", "store", "classes", "magazine", "services"} {
		out = append(out, browsertest.Stop{Who: anyone, URL: urls[name] + "/no-such-page", Status: 404, Name: name + " page not found"})
	}
	out = append(out, browsertest.Stop{Who: anyone, URL: urls["services"] + "/", Name: "services home"})
	return out
}

type acts = []chromedp.Action[chromedp.Void]

// scan types code into the check-in page's field and sends it.
func scan(code string) acts {
	return acts{chromedp.SendKeys(`#scan-form input[name=code]`, code),
		chromedp.Click(`#scan-form button[type=submit]`), chromedp.WaitVisible(chromedp.CSS(`#verdict`))}
}

// The forms' refusals, which a person can send again and again.
var (
	badTier = acts{chromedp.SendKeys(`#add-tier input[name=name]`, "Early bird"),
		chromedp.SetValue(`#add-tier input[name=price]`, "lots"), chromedp.SetValue(`#add-tier input[name=capacity]`, "5"),
		chromedp.Click(`#add-tier button[type=submit]`), chromedp.WaitVisible(chromedp.CSS(`.err`))}
	addOwnerToTeam = acts{chromedp.SendKeys(`#staff input[name=email]`, resttest.Owner.Email),
		chromedp.Click(`#staff form[action$="/staff"] button`), chromedp.WaitVisible(chromedp.CSS(`#form-error`))}
)
