package site

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/web"
)

func serveEvent(f *fakes, ev eventsapi.Event) {
	f.answers["events GET /api/events/"+ev.Slug] = func(w http.ResponseWriter, r *http.Request) { web.WriteJSON(w, 200, ev) }
}

// With card payment off the page offers cash at the door only, chosen; with it on,
// card is offered and chosen first.
func TestOnlyThePaymentMethodsTheEventTakes(t *testing.T) {
	h, f := newSite(t)
	off := eventAnswer
	off.CardPayments = false
	serveEvent(f, off)
	body := get(t, h, "/events/friday-set", true).Body.String()
	if strings.Contains(body, `value="card"`) {
		t.Error("card offered while the event takes no cards")
	}
	if !strings.Contains(body, `value="cash" checked`) {
		t.Error("cash at the door is not chosen when it is the only way to pay")
	}
	serveEvent(f, eventAnswer)
	body = get(t, h, "/events/friday-set", true).Body.String()
	if !strings.Contains(body, `value="card" checked`) || strings.Contains(body, `value="cash" checked`) {
		t.Error("card is not the one chosen when the event takes cards")
	}
}

// A service's own refusal reaches the buyer in its words, even when its code is
// UNAVAILABLE (card payment off); only a service that cannot be reached is an outage.
func TestRefusalsAreNotOutages(t *testing.T) {
	h, f := newSite(t)
	serveEvent(f, eventAnswer)
	f.answers["events POST /api/tickets/purchase"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteError(w, r, payments.ErrCardPaymentsOff)
	}
	rec := post(t, h, "/events/friday-set/tickets", url.Values{"qty.t-ga": {"1"}, "name": {"Pat"},
		"email": {"pat@example.com"}, "payment": {"card"}, "idempotency_key": {"k"}})
	mustContain(t, rec, payments.ErrCardPaymentsOff.Message)
	if strings.Contains(rec.Body.String(), "not answering") {
		t.Error("a refusal was called an outage")
	}
	if got := politely(asError(errs.Errorf(errs.CodeUnavailable, "x")), "events"); !strings.Contains(got, "not answering") {
		t.Errorf("a transport failure reads %q", got)
	}
}

// A visitor who is not signed in is sent to sign in, and comes back to the event
// with the same tickets, payment and code chosen.
func TestQuantitiesKeptThroughSignIn(t *testing.T) {
	h, f := newSite(t)
	serveEvent(f, eventAnswer)
	req := httptest.NewRequest("POST", "/events/friday-set/tickets", strings.NewReader(url.Values{"qty.t-ga": {"2"},
		"payment": {"cash"}, "code": {"STEP10"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin?next=") {
		t.Fatalf("anonymous purchase: %d %q", rec.Code, loc)
	}
	u, _ := url.Parse(loc)
	next := u.Query().Get("next")
	if _, ok := f.last("POST", "/api/tickets/purchase"); ok {
		t.Error("an anonymous purchase reached the events service")
	}
	back := get(t, h, strings.TrimSuffix(next, "#tickets"), true)
	mustContain(t, back, `<option value="2" selected>`, `value="cash" checked`, `value="STEP10"`)
}

// "Apply" asks the events service for the price with the code and shows the total;
// nothing is bought.
func TestDiscountCodeShowsTheTotal(t *testing.T) {
	h, f := newSite(t)
	serveEvent(f, eventAnswer)
	f.answers["events POST /api/tickets/quote"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, eventsapi.Quote{Tickets: 2, SubtotalCents: 5000, DiscountCents: 500, TotalCents: 4500, DiscountCode: "STEP10"})
	}
	rec := post(t, h, "/events/friday-set/tickets", url.Values{"qty.t-ga": {"2"}, "code": {"step10"}, "apply": {"1"},
		"name": {"Pat"}, "email": {"pat@example.com"}})
	if rec.Code != 200 {
		t.Fatalf("apply: %d", rec.Code)
	}
	mustContain(t, rec, "$50.00", "−$5.00", "Discount (STEP10)", "$45.00")
	if _, ok := f.last("POST", "/api/tickets/purchase"); ok {
		t.Error("applying a code bought tickets")
	}
	c, _ := f.last("POST", "/api/tickets/quote")
	if c.Body["discountCode"] != "step10" {
		t.Errorf("quote asked with %v", c.Body)
	}
	// The page's script asks the same, as JSON.
	rec = post(t, h, "/events/friday-set/quote", url.Values{"qty.t-ga": {"2"}, "code": {"step10"}})
	mustContain(t, rec, `"total":"$45.00"`, `"discount":"−$5.00"`)
}

func TestCalendarFile(t *testing.T) {
	h, f := newSite(t)
	ev := eventAnswer
	ev.Title = "Friday, Night; Set"
	serveEvent(f, ev)
	rec := get(t, h, "/events/friday-set/calendar.ics", false)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/calendar") {
		t.Fatalf("calendar: %d %s", rec.Code, rec.Header())
	}
	mustContain(t, rec, "BEGIN:VEVENT\r\n", "DTSTART:20261205T020000Z\r\n", "DTEND:20261205T060000Z\r\n",
		`SUMMARY:Friday\, Night\; Set`, `LOCATION:The Ballroom\, 1 Main St`)
	for _, l := range strings.Split(rec.Body.String(), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line longer than 75 octets: %q", l)
		}
	}
}

// The confirmation is the order as the events service has it now; another
// event's order is not shown under this event.
func TestConfirmationOfAPaidOrder(t *testing.T) {
	h, f := newSite(t)
	serveEvent(f, eventAnswer)
	f.answers["events GET /api/orders/o2"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, eventsapi.Order{ID: "o2", EventID: "ev1", Status: "COMPLETED", PaymentMethod: "card",
			TotalCents: 2500, BuyerEmail: "pat@example.com",
			Tickets: []eventsapi.Ticket{{Code: "K7M2-Q9XW-4HRT", Status: "VALID", TierID: "t-ga", QRURL: "http://events.test/q.png"}}})
	}
	f.answers["events GET /api/orders/o3"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, eventsapi.Order{ID: "o3", EventID: "other"})
	}
	rec := get(t, h, "/events/friday-set/orders/o2", true)
	mustContain(t, rec, "You're going!", "E-mailed to <strong>pat@example.com</strong>", "K7M2-Q9XW-4HRT", "General")
	if rec := get(t, h, "/events/friday-set/orders/o3", true); rec.Code != http.StatusNotFound {
		t.Errorf("another event's order: %d", rec.Code)
	}
	if rec := get(t, h, "/events/friday-set/orders/o2", false); rec.Code != http.StatusSeeOther {
		t.Errorf("signed out: %d", rec.Code)
	}
}

// Giving a ticket goes to the events service's transfer and back to the order,
// which then names whom the ticket went to and shows no code for it.
func TestGivingATicketToAFriend(t *testing.T) {
	h, f := newSite(t)
	serveEvent(f, eventAnswer)
	f.answers["events POST /api/tickets/K7M2Q-9XW4H-RTBCD/transfer"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, eventsapi.Ticket{Status: "VALID", AttendeeEmail: "fran@example.com"})
	}
	rec := post(t, h, "/events/friday-set/orders/o2/give", url.Values{"code": {"K7M2Q-9XW4H-RTBCD"}, "email": {"fran@example.com"},
		"idempotency_key": {"give-1"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/events/friday-set/orders/o2?given=fran%40example.com" {
		t.Fatalf("give: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	c, _ := f.last("POST", "/api/tickets/K7M2Q-9XW4H-RTBCD/transfer")
	if c.Body["email"] != "fran@example.com" || c.Header.Get("Idempotency-Key") != "give-1" {
		t.Errorf("transfer asked with %v %v", c.Body, c.Header)
	}
	f.answers["events GET /api/orders/o2"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, eventsapi.Order{ID: "o2", EventID: "ev1", Status: "COMPLETED", PaymentMethod: "free",
			Tickets: []eventsapi.Ticket{{Code: "", Status: "VALID", TierID: "t-ga", AttendeeEmail: "fran@example.com"},
				{Code: "HXX64-KHACU-Y7FF5", Status: "VALID", TierID: "t-ga", QRURL: "http://events.test/q.png"}}})
	}
	rec = get(t, h, "/events/friday-set/orders/o2?given=fran%40example.com", true)
	mustContain(t, rec, "Sent to fran@example.com", "given to <strong>fran@example.com</strong>", "HXX64-KHACU-Y7FF5", "Give to a friend")
	if strings.Count(rec.Body.String(), "Give to a friend") != 1 {
		t.Error("a ticket given away can be given again from here")
	}
	f.answers["events POST /api/tickets/K7M2Q-9XW4H-RTBCD/transfer"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteError(w, r, errs.Errorf(errs.CodeInvalidTransition, "Only a paid ticket that has not been used can be given to someone else."))
	}
	rec = post(t, h, "/events/friday-set/orders/o2/give", url.Values{"code": {"K7M2Q-9XW4H-RTBCD"}, "email": {"fran@example.com"}})
	if loc := rec.Header().Get("Location"); !strings.Contains(loc, "err=Only+a+paid+ticket") {
		t.Errorf("a refused transfer comes back as %q", loc)
	}
}
