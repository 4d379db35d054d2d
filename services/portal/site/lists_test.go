package site

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/web"
)

func chicagoAt(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation("Mon 2006-01-02 15:04", s, chicago)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func TestWindowsInChicagoTime(t *testing.T) {
	for _, c := range []struct{ now, when, from, to string }{
		{"Wed 2026-12-02 10:00", whenWeekend, "Fri 2026-12-04 00:00", "Mon 2026-12-07 00:00"},
		{"Thu 2026-12-03 23:59", whenWeekend, "Fri 2026-12-04 00:00", "Mon 2026-12-07 00:00"},
		{"Fri 2026-12-04 08:00", whenWeekend, "Fri 2026-12-04 00:00", "Mon 2026-12-07 00:00"},
		{"Sun 2026-12-06 21:00", whenWeekend, "Fri 2026-12-04 00:00", "Mon 2026-12-07 00:00"},
		{"Mon 2026-12-07 09:00", whenWeekend, "Fri 2026-12-11 00:00", "Mon 2026-12-14 00:00"},
		{"Fri 2026-12-04 18:00", whenTonight, "Fri 2026-12-04 00:00", "Sat 2026-12-05 04:00"},
		// 1 AM on Saturday is still Friday night.
		{"Sat 2026-12-05 01:00", whenTonight, "Fri 2026-12-04 00:00", "Sat 2026-12-05 04:00"},
		{"Tue 2026-12-15 12:00", whenMonth, "Tue 2026-12-15 00:00", "Fri 2027-01-01 00:00"},
		// Across the change of daylight saving time, still whole days in Chicago.
		{"Thu 2026-10-29 12:00", whenWeekend, "Fri 2026-10-30 00:00", "Mon 2026-11-02 00:00"},
	} {
		from, to, ok := window(c.when, chicagoAt(t, c.now))
		if !ok || !from.Equal(chicagoAt(t, c.from)) || !to.Equal(chicagoAt(t, c.to)) {
			t.Errorf("%s at %s: %s – %s", c.when, c.now, from.In(chicago), to.In(chicago))
		}
	}
	if _, _, ok := window("someday", time.Now()); ok {
		t.Error("an unknown window was read")
	}
}

// wednesday is the clock of the tests below: Wednesday, December 2, 2026, 10 AM in
// Chicago; that weekend is December 4 to 6.
func wednesday(s *Site) {
	s.now = func() time.Time { return time.Date(2026, 12, 2, 16, 0, 0, 0, time.UTC) }
}

// apiEvent is an event of the events service's list.
func apiEvent(id, slug, title, category string, starts time.Time, prices ...int64) eventsapi.Event {
	e := eventsapi.Event{ID: id, Slug: slug, Title: title, Category: category, Venue: "The Ballroom",
		StartsAt: starts, EndsAt: starts.Add(4 * time.Hour), FlyerURL: "http://events.example/" + slug + ".jpg"}
	for i, p := range prices {
		e.Tiers = append(e.Tiers, eventsapi.Tier{ID: slug + "-t" + string(rune('a'+i)), Name: "Tier", PriceCents: p, Left: 10, OnSale: true})
	}
	return e
}

func answerEvents(evs ...eventsapi.Event) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, web.NewList(evs, len(evs), web.Page{Limit: 24}))
	}
}

func TestHomeLeadsWithThisWeekend(t *testing.T) {
	h, f := newSiteWith(t, wednesday)
	sat := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) // Friday 8 PM in Chicago
	// The feed's event (id events-1) is on this weekend too: it is not shown twice.
	f.answers["events GET /api/events"] = answerEvents(
		apiEvent("events-1", "friday-set", "Friday Night Set", "SET", sat, 2000, 2500),
		apiEvent("ev-2", "saturday-ball", "Saturday Ball", "BALL", sat.Add(24*time.Hour), 4500))
	rec := get(t, h, "/", false)
	mustContain(t, rec, `<h2 id="lead-weekend">This weekend</h2>`, `href="/events?when=weekend"`,
		`<a class="tile-link" href="/events/saturday-ball">Saturday Ball</a>`, "From $20.00", "$45.00", ">Ball</span>")
	body := rec.Body.String()
	if strings.Index(body, "lead-weekend") > strings.Index(body, "sec-restaurants") {
		t.Error("this weekend is not first")
	}
	if strings.Count(body, `href="/events/friday-set"`) != 1 {
		t.Error("an event of this weekend is shown twice")
	}
	c, ok := f.last("GET", "/api/events")
	if !ok || c.Query.Get("from") != "2026-12-04T06:00:00Z" || c.Query.Get("to") != "2026-12-07T06:00:00Z" {
		t.Fatalf("weekend asked as %v", c.Query)
	}
	noRawValues(t, rec)
}

func TestHomeWithNothingThisWeekendLeadsWithWhatIsNext(t *testing.T) {
	h, f := newSiteWith(t, wednesday)
	f.answers["events GET /api/events"] = answerEvents()
	rec := get(t, h, "/", false)
	mustContain(t, rec, `<h2 id="lead-next">Coming up next</h2>`, `href="/events/friday-set"`)
	if strings.Contains(rec.Body.String(), `id="sec-events"`) {
		t.Error("the events section is shown twice")
	}
}

func TestEventsListFilters(t *testing.T) {
	h, f := newSiteWith(t, wednesday)
	fri := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	f.answers["events GET /api/events"] = answerEvents(
		apiEvent("ev-1", "free-ball", "Free Ball", "BALL", fri, 0, 1500),
		apiEvent("ev-2", "gone-ball", "Gone Ball", "BALL", fri, 0))
	rec := get(t, h, "/events?when=weekend&category=ball&free=1", false)
	if rec.Code != 200 {
		t.Fatalf("%d", rec.Code)
	}
	c, _ := f.last("GET", "/api/events")
	if c.Query.Get("category") != "BALL" || c.Query.Get("free") != "true" || c.Query.Get("from") != "2026-12-04T06:00:00Z" ||
		c.Query.Get("to") != "2026-12-07T06:00:00Z" || c.Query.Get("limit") != "24" {
		t.Fatalf("asked the events service %v", c.Query)
	}
	mustContain(t, rec, "2 free ball events this weekend", "Free option", `href="/events/free-ball"`,
		// The window's link is current and lifts it on a second tap, keeping the rest.
		`<a href="/events?category=BALL&amp;free=1" aria-current="true">This weekend</a>`,
		`<a href="/events?category=BALL&amp;free=1&amp;when=tonight">Tonight</a>`,
		// The form of the kind of event keeps the other filters.
		`<option value="BALL" selected>Ball</option>`, `<input type="hidden" name="when" value="weekend">`,
		`<input type="hidden" name="free" value="1">`, `<a class="clear" href="/events">Clear filters</a>`)
	noRawValues(t, rec)

	// Unknown words are ignored: the list shows every event.
	rec = get(t, h, "/events?when=someday&category=TANGO&free=maybe&page=-3", false)
	c, _ = f.last("GET", "/api/events")
	if rec.Code != 200 || c.Query.Get("from") != "" || c.Query.Get("category") != "" || c.Query.Get("free") != "" || c.Query.Get("offset") != "" {
		t.Fatalf("%d %v", rec.Code, c.Query)
	}

	f.answers["events GET /api/events"] = answerEvents()
	rec = get(t, h, "/events?when=tonight", false)
	mustContain(t, rec, "0 events tonight", "No events match these filters.")
}

func TestEventsListWithEventsDown(t *testing.T) {
	h, _ := newSite(t, "events")
	rec := get(t, h, "/events", false)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("%d", rec.Code)
	}
	mustContain(t, rec, "We could not reach Events right now", `<form method="get" action="/events"`)
}

func TestSearchShowsOnlySectionsWithResults(t *testing.T) {
	h, f := newSite(t)
	for _, name := range []string{"events", "classes", "store", "services", "magazine"} {
		f.answers[name+" GET /api/search"] = emptyList
	}
	rec := get(t, h, "/search?q=wings", false)
	mustContain(t, rec, "1 result for “wings”", `id="sec-restaurants"`, "Soul Kitchen")
	if body := rec.Body.String(); strings.Contains(body, `id="sec-events"`) || strings.Contains(body, "No matches") {
		t.Errorf("empty sections shown:\n%s", body)
	}

	f.answers["restaurants GET /api/search"] = emptyList
	rec = get(t, h, "/search?q=salsa+zzz", false)
	mustContain(t, rec, "0 results for “salsa zzz”", "Nothing matched “salsa zzz”", "Check the spelling",
		`href="/events?when=weekend"`)
	if strings.Contains(rec.Body.String(), `class="vertical"`) {
		t.Error("a search with no result shows sections")
	}
}

func TestMyPagesLeadToAllOfMine(t *testing.T) {
	h, f := newSite(t)
	pickup, starts := time.Date(2026, 12, 5, 0, 30, 0, 0, time.UTC), time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	f.answers["restaurants GET /api/me/activity"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, web.NewList([]feed.Item{{ID: "ord-7", Kind: "order", Title: "Soul Kitchen · R-1007",
			URL: "http://restaurants.example/api/orders/ord-7", Status: "READY_FOR_PICKUP", StartsAt: &pickup}}, 1, web.Page{Limit: 50}))
	}
	// Two tickets to one night are one card, leading to both.
	f.answers["events GET /api/me/activity"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, web.NewList([]feed.Item{
			{ID: "tk-1", Kind: "ticket", Title: "Friday Night Set", URL: "http://events.example/tickets/TCK1", Status: "VALID", StartsAt: &starts},
			{ID: "tk-2", Kind: "ticket", Title: "Friday Night Set", URL: "http://events.example/tickets/TCK2", Status: "VALID", StartsAt: &starts},
			{ID: "tk-3", Kind: "ticket", Title: "Sunday Set", URL: "http://events.example/tickets/TCK3", Status: "PENDING"},
		}, 3, web.Page{Limit: 50}))
	}
	for _, name := range []string{"classes", "store", "services", "magazine"} {
		f.answers[name+" GET /api/me/activity"] = emptyList
	}
	rec := get(t, h, "/me", true)
	mustContain(t, rec, `<h2 id="sec-events">Your tickets</h2>`, `href="/me/tickets"`, `href="/me/orders"`,
		`href="/me/orders#order-ord-7"`, "Ready for pickup", ">Valid<", "Pickup Fri, Dec 4 · 6:30 PM",
		`<a class="tile-link" href="/me/tickets">Friday Night Set</a>`, "2 tickets", `href="http://events.example/tickets/TCK3"`, ">Not paid yet<")
	body := rec.Body.String()
	if strings.Contains(body, "TCK1") || strings.Count(body, ">Friday Night Set<") != 1 {
		t.Error("two tickets to one night are two cards")
	}
	if strings.Contains(body, "api/orders") || strings.Contains(body, `class="more" href="/events"`) || strings.Contains(body, `id="sec-classes"`) {
		t.Errorf("/me links to the public list, to JSON, or shows an empty section:\n%s", body)
	}
	if strings.Contains(body, "enrollments") {
		t.Error("the intro promises what does not exist")
	}
	noRawValues(t, rec)
}

func TestMyTickets(t *testing.T) {
	h, f := newSiteWith(t, wednesday)
	past, soon := time.Date(2026, 11, 1, 1, 0, 0, 0, time.UTC), time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	f.answers["events GET /api/me/tickets"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, web.NewList([]eventsapi.Ticket{
			{ID: "t1", Code: "OLD", OrderID: "o1", Status: "SCANNED", EventTitle: "Halloween Set", EventSlug: "halloween-set",
				StartsAt: &past, TierName: "Door", URL: "http://events.example/tickets/OLD"},
			{ID: "t2", Code: "A", OrderID: "o2", Status: "VALID", EventTitle: "Friday Night Set", EventSlug: "friday-set",
				StartsAt: &soon, TierName: "General", URL: "http://events.example/tickets/A", Venue: "The Ballroom"},
			{ID: "t3", Code: "B", OrderID: "o2", Status: "PENDING", EventTitle: "Friday Night Set", EventSlug: "friday-set",
				StartsAt: &soon, TierName: "General", URL: "http://events.example/tickets/B", Venue: "The Ballroom"},
		}, 3, web.Page{Limit: 100}))
	}
	rec := get(t, h, "/me/tickets", true)
	if rec.Code != 200 {
		t.Fatalf("%d", rec.Code)
	}
	mustContain(t, rec, "Coming up", "Past events", `<a href="http://events.example/tickets/A">General ticket 1</a>`,
		`General ticket 2`, ">Valid<", ">Not paid yet<", ">Checked in<", `href="/events/friday-set"`)
	body := rec.Body.String()
	if strings.Index(body, "Friday Night Set") > strings.Index(body, "Halloween Set") || strings.Count(body, ">Friday Night Set<") != 1 {
		t.Error("tickets are not grouped by order, upcoming first")
	}
	if c, _ := f.last("GET", "/api/me/tickets"); c.Header.Get("Authorization") != "Bearer tok-pat" {
		t.Error("tickets asked without the caller's token")
	}
	noRawValues(t, rec)
	if rec := get(t, h, "/me/tickets", false); rec.Code != http.StatusSeeOther {
		t.Errorf("anonymous: %d", rec.Code)
	}
}

func TestMyOrders(t *testing.T) {
	h, f := newSite(t)
	f.answers["restaurants GET /api/me/orders"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, web.NewList([]restaurantsapi.Order{
			{ID: "ord-9", OrderNumber: "R-1009", RestaurantName: "Soul Kitchen", Status: "READY_FOR_PICKUP", PaymentStatus: "DUE_AT_PICKUP",
				Items:         []restaurantsapi.OrderLine{{Name: "Fried Catfish", Quantity: 2, LineTotalCents: 2900, Notes: "extra hot sauce"}},
				SubtotalCents: 2900, TaxCents: 299, TotalCents: 3199, PickupTime: time.Date(2026, 12, 5, 0, 30, 0, 0, time.UTC)},
			{ID: "ord-1", OrderNumber: "R-1001", RestaurantName: "Soul Kitchen", Status: "COMPLETED", PaymentStatus: "PAID"},
		}, 2, web.Page{Limit: 100}))
	}
	rec := get(t, h, "/me/orders", true)
	mustContain(t, rec, `id="order-ord-9"`, "Soul Kitchen · R-1009", ">Ready for pickup<", ">Due at pickup<",
		"Fri, Dec 4 · 6:30 PM", "Fried Catfish", "extra hot sauce", "$31.99", "$2.99", "In progress", "Earlier orders", ">Picked up<")
	noRawValues(t, rec)
}

func TestMyOrdersWithRestaurantsDown(t *testing.T) {
	h, _ := newSite(t, "restaurants")
	rec := get(t, h, "/me/orders", true)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("%d", rec.Code)
	}
	mustContain(t, rec, "We could not reach Restaurants right now")
}
