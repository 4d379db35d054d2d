package events_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/events/demo"
	"stepperslife/services/events/eventstest"
)

// browser is a cookie-carrying client signed in as u with a test token.
func browser(t *testing.T, s *eventstest.Server, u *auth.User) *http.Client {
	t.Helper()
	return s.Browser(u)
}

func get(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func post(t *testing.T, c *http.Client, u string, form url.Values) (int, string, string) {
	t.Helper()
	res, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Request.URL.String(), string(b)
}

func TestPagesRender(t *testing.T) {
	s := eventstest.Start(t, eventstest.Options{})
	eventID, tierID := s.PublishedEvent("Page Ball", 0, 5)
	var o eventstest.Order
	s.Buy(buyer, eventID, tierID, 1, "free").JSON(t, &o)
	anon := browser(t, s, nil)
	if code, body := get(t, anon, s.URL+"/"); code != 200 || !strings.Contains(body, "Page Ball") {
		t.Fatalf("index: %d", code)
	}
	var ev eventstest.Event
	s.Do("GET", "/api/events/"+eventID, nil, nil).JSON(t, &ev)
	// One public page per event: the portal's.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if res, err := noFollow.Get(s.URL + "/events/" + ev.Slug); err != nil {
		t.Fatal(err)
	} else if res.Body.Close(); res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "/events/"+ev.Slug) ||
		strings.HasPrefix(res.Header.Get("Location"), s.URL) {
		t.Fatalf("event page: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if code, body := get(t, anon, s.URL+"/tickets/"+o.Tickets[0].Code); code != 200 || !strings.Contains(body, "qr.png") {
		t.Fatalf("ticket page: %d %s", code, body)
	}
	if code, _ := get(t, anon, s.URL+"/tickets/nope"); code != 404 {
		t.Fatalf("unknown ticket page: %d", code)
	}
	// Anonymous dashboard: sent to the portal to sign in.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noRedirect.Get(s.URL + "/dashboard")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), auth.RefreshPath) {
		t.Fatalf("anonymous dashboard: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	orgB := browser(t, s, org)
	// Each event with what it sold of its seats, and its gross.
	if code, body := get(t, orgB, s.URL+"/dashboard"); code != 200 || !strings.Contains(body, "Page Ball") ||
		!strings.Contains(body, `class="sold">1 / `) || !strings.Contains(body, "<th scope=\"col\">Gross</th>") {
		t.Fatalf("dashboard: %d %s", code, body)
	}
	// The event's pages, one per job, each under the same tabs.
	for tab, want := range map[string]string{"": `id="sold">1 / `, "/orders": `data-order="` + o.ID + `"`,
		"/attendees": "Attendees (1)", "/door": `href="/checkin/` + eventID + `"`, "/settings": `id="add-tier"`,
		"/message": `id="message-form"`} {
		code, body := get(t, orgB, s.URL+"/dashboard/events/"+eventID+tab)
		if code != 200 || !strings.Contains(body, want) || !strings.Contains(body, `aria-label="Manage this event"`) {
			t.Fatalf("manage%s: %d, want %q in %s", tab, code, want, body)
		}
	}
	if code, _ := get(t, orgB, s.URL+"/dashboard/events/"+eventID+"/nope"); code != 404 {
		t.Fatalf("an unknown tab: %d", code)
	}
	if _, body := get(t, orgB, s.URL+"/dashboard/events/"+eventID+"/attendees?q=nobody-here"); !strings.Contains(body, "Nobody matches") {
		t.Fatalf("attendee search: %s", body)
	}
	// A form with an error comes back with the message, not a 500.
	_, at, body := post(t, orgB, s.URL+"/dashboard/events/"+eventID+"/tiers", url.Values{"name": {""}, "capacity": {"0"}, "price": {"abc"}})
	if !strings.Contains(at, "/dashboard/events/"+eventID+"/settings") || !strings.Contains(body, "Price must be an amount") {
		t.Fatalf("bad tier form: %s\n%s", at, body)
	}
	if code, _ := get(t, browser(t, s, buyer), s.URL+"/dashboard/events/"+eventID); code != 403 {
		t.Fatalf("buyer on the manage page: %d", code)
	}
	_, _, body = post(t, orgB, s.URL+"/checkin/"+eventID, url.Values{"code": {o.Tickets[0].Code}})
	if !strings.Contains(body, `data-code="ADMITTED"`) {
		t.Fatalf("check-in form: %s", body)
	}
	_, _, body = post(t, orgB, s.URL+"/checkin/"+eventID, url.Values{"code": {o.Tickets[0].Code}})
	if !strings.Contains(body, `data-code="ALREADY_SCANNED"`) {
		t.Fatalf("check-in again: %s", body)
	}
	_, _, body = post(t, orgB, s.URL+"/checkin/"+eventID, url.Values{"code": {"not-a-ticket"}})
	if !strings.Contains(body, `data-code="TICKET_NOT_FOUND"`) {
		t.Fatalf("check-in of junk: %s", body)
	}
	if code, _, _ := post(t, browser(t, s, buyer), s.URL+"/checkin/"+eventID, url.Values{"code": {o.Tickets[0].Code}}); code != 403 {
		t.Fatalf("a buyer on the check-in form: %d", code)
	}
	// Cancelling and refunding everyone asks for the event's name first.
	if _, body := get(t, orgB, s.URL+"/dashboard/events/"+eventID); !strings.Contains(body, "Cancel Page Ball and refund all") {
		t.Fatal("the cancel button does not name the event")
	}
	_, _, body = post(t, orgB, s.URL+"/dashboard/events/"+eventID+"/cancel", url.Values{"confirmTitle": {"Page"}})
	if !strings.Contains(body, "must be the event") || !strings.Contains(body, "PUBLISHED") {
		t.Fatalf("cancelled without the event's name: %s", body)
	}
	_, _, body = post(t, orgB, s.URL+"/dashboard/events/"+eventID+"/cancel", url.Values{"confirmTitle": {"  page ball "}})
	if !strings.Contains(body, "Event cancelled; 1 orders refunded") {
		t.Fatalf("cancel with the event's name: %s", body)
	}
}

// With --demo the service fills its empty database with a season of events whose
// flyers it serves.
func TestDemoSeason(t *testing.T) {
	s := eventstest.Start(t, eventstest.Options{Demo: true})
	var list struct {
		Items []eventstest.Event `json:"items"`
	}
	s.Do("GET", "/api/events?limit=100", nil, nil).JSON(t, &list)
	if len(list.Items) < 6 {
		t.Fatalf("%d demo events", len(list.Items))
	}
	for _, e := range list.Items {
		if e.FlyerURL == "" || len(e.Tiers) == 0 {
			t.Fatalf("demo event without flyer or tiers: %+v", e)
		}
	}
	// The portal's demo organizer manages the season; another organizer does not.
	demoOrganizer := &auth.User{ID: "u-demo-org", Email: demo.OrganizerEmail, Name: "Demo Organizer",
		Roles: []string{auth.RoleUser, auth.RoleEventOrganizer}}
	if r := s.Do("GET", "/api/events/"+list.Items[0].ID+"/sales", demoOrganizer, nil); r.Status != 200 {
		t.Fatalf("demo organizer's sales: %d %s", r.Status, r.Body)
	}
	if r := s.Do("GET", "/api/events/"+list.Items[0].ID+"/sales", eventstest.OtherOrganizer, nil); r.Status != 403 {
		t.Fatalf("another organizer's view of the demo sales: %d %s", r.Status, r.Body)
	}
	res, err := http.Get(list.Items[0].FlyerURL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("flyer: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}
