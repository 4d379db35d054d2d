package contract

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

type tierJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	PriceCents int64  `json:"priceCents"`
	Capacity   int    `json:"capacity"`
	Left       *int   `json:"left"`
}

type eventJSON struct {
	StartsAt time.Time  `json:"startsAt"`
	ID       string     `json:"id"`
	Slug     string     `json:"slug"`
	Title    string     `json:"title"`
	Status   string     `json:"status"`
	Tiers    []tierJSON `json:"tiers"`
}

type ticketJSON struct {
	Code   string `json:"code"`
	Status string `json:"status"`
	TierID string `json:"tierId"`
}

type ticketOrderJSON struct {
	ID      string       `json:"id"`
	Status  string       `json:"status"`
	Tickets []ticketJSON `json:"tickets"`
}

// The event of the test has a word no demo content has, to find it by search.
const eventWord = "Zydecontract"

func testEvents(t *testing.T, w *world) {
	base := w.p.url("events")
	org, buyer := w.organizer, w.buyer
	starts := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	newEvent := func(title string) map[string]any {
		return map[string]any{"title": title, "description": "Chicago steppin all night", "category": "BALL",
			"venue": "The Grand Ballroom", "address": "6351 S Cottage Grove Ave, Chicago, IL",
			"startsAt": starts.Format(time.RFC3339), "endsAt": starts.Add(5 * time.Hour).Format(time.RFC3339)}
	}
	create := func(t *testing.T, title string) eventJSON {
		t.Helper()
		var e eventJSON
		a := call(t, "POST", base+"/api/events", newEvent(title), bearer(org.Token)).want(t, http.StatusCreated)
		a.obj(t, "id", "slug", "status")
		a.json(t, &e)
		checkTimes(t, a, "startsAt", "endsAt")
		if e.Status != "DRAFT" || e.ID == "" || e.Slug == "" {
			t.Fatalf("a new event: %+v, want DRAFT with id and slug", e)
		}
		return e
	}
	addTier := func(t *testing.T, eventID string, body map[string]any) tierJSON {
		t.Helper()
		var tr tierJSON
		a := call(t, "POST", base+"/api/events/"+eventID+"/tiers", body, bearer(org.Token)).want(t, http.StatusCreated)
		a.obj(t, "id")
		a.json(t, &tr)
		return tr
	}
	publish := func(t *testing.T, id string) {
		t.Helper()
		var e eventJSON
		call(t, "POST", base+"/api/events/"+id+"/publish", nil, bearer(org.Token)).want(t, http.StatusOK).json(t, &e)
		if e.Status != "PUBLISHED" {
			t.Fatalf("published event has status %q", e.Status)
		}
	}

	var ev eventJSON
	var free, general tierJSON
	t.Run("create, tiers, publish", func(t *testing.T) {
		call(t, "POST", base+"/api/events", newEvent("Nobody's Ball")).wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		call(t, "POST", base+"/api/events", newEvent("Buyer's Ball"), bearer(buyer.Token)).
			wantError(t, http.StatusForbidden, "FORBIDDEN")
		bad := newEvent("Backwards Ball")
		bad["endsAt"] = starts.Add(-time.Hour).Format(time.RFC3339)
		call(t, "POST", base+"/api/events", bad, bearer(org.Token)).wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")

		ev = create(t, "Winter "+eventWord+" Steppers Ball")
		free = addTier(t, ev.ID, map[string]any{"name": "Early Free", "priceCents": 0, "capacity": 2})
		general = addTier(t, ev.ID, map[string]any{"name": "General", "priceCents": 2500, "capacity": 10, "maxPerOrder": 4})
		refused(t, call(t, "POST", base+"/api/events/"+ev.ID+"/tiers", map[string]any{"name": "Mine", "priceCents": 0, "capacity": 5},
			bearer(buyer.Token)))
		if hasEvent(t, call(t, "GET", base+"/api/events?limit=100", nil).list(t), ev.ID) {
			t.Error("a DRAFT event is listed publicly")
		}
		refused(t, call(t, "POST", base+"/api/events/"+ev.ID+"/publish", nil, bearer(buyer.Token)))
		publish(t, ev.ID)
	})
	if ev.ID == "" || free.ID == "" || general.ID == "" {
		t.Fatal("no published event to go on with")
	}
	w.event = ev

	t.Run("flyer", func(t *testing.T) {
		a := call(t, "PUT", base+"/api/events/"+ev.ID+"/flyer", rawBody{"image/png", smallPNG(t)}, bearer(org.Token)).
			want(t, http.StatusOK)
		m := a.obj(t)
		u, _ := m["flyerUrl"].(string)
		if u == "" {
			u, _ = m["imageUrl"].(string)
		}
		if !strings.HasPrefix(u, base+"/") {
			t.Fatalf("the flyer's address %q is not served by the events service: %s", u, snippet(a.Body))
		}
		img := call(t, "GET", u, nil).want(t, http.StatusOK)
		ct := img.mediaType()
		if sniffed := http.DetectContentType(img.Body); !strings.HasPrefix(ct, "image/") || !strings.HasPrefix(sniffed, ct) {
			t.Errorf("flyer served as %q, its bytes are %s", img.Header.Get("Content-Type"), sniffed)
		}
		call(t, "PUT", base+"/api/events/"+ev.ID+"/flyer", rawBody{"image/png", []byte("<html>not an image</html>")},
			bearer(org.Token)).wantError(t, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
		refused(t, call(t, "PUT", base+"/api/events/"+ev.ID+"/flyer", rawBody{"image/png", smallPNG(t)}, bearer(buyer.Token)))
	})

	t.Run("list and detail with what is left", func(t *testing.T) {
		for _, q := range []string{"", "?q=" + strings.ToLower(eventWord), "?category=BALL", "?from=" + time.Now().UTC().Format("2006-01-02")} {
			if !hasEvent(t, call(t, "GET", base+"/api/events"+q, nil).list(t), ev.ID) {
				t.Errorf("GET /api/events%s does not list the published event", q)
			}
		}
		after := starts.Add(10 * 24 * time.Hour).Format("2006-01-02")
		before := time.Now().UTC().Add(24 * time.Hour).Format("2006-01-02")
		for _, q := range []string{"?category=CRUISE", "?q=nosuchwordanywhere", "?from=" + after, "?to=" + before} {
			if hasEvent(t, call(t, "GET", base+"/api/events"+q, nil).list(t), ev.ID) {
				t.Errorf("GET /api/events%s lists an event that does not match", q)
			}
		}
		checkLimits(t, base+"/api/events")
		// Upcoming first: a sooner event comes before a later one.
		soon := newEvent("Sooner " + eventWord + " Social")
		soon["startsAt"] = starts.Add(-24 * time.Hour).Format(time.RFC3339)
		soon["endsAt"] = starts.Add(-20 * time.Hour).Format(time.RFC3339)
		var s eventJSON
		call(t, "POST", base+"/api/events", soon, bearer(org.Token)).want(t, http.StatusCreated).json(t, &s)
		addTier(t, s.ID, map[string]any{"name": "Door", "priceCents": 1000, "capacity": 20})
		publish(t, s.ID)
		listed := items[eventJSON](t, call(t, "GET", base+"/api/events?q="+strings.ToLower(eventWord), nil).list(t))
		ids := make([]string, len(listed))
		for i, e := range listed {
			ids[i] = e.ID
			if i > 0 && e.StartsAt.Before(listed[i-1].StartsAt) {
				t.Errorf("events listed out of order: %v before %v", listed[i-1].StartsAt, e.StartsAt)
			}
		}
		if i, j := slices.Index(ids, s.ID), slices.Index(ids, ev.ID); i < 0 || j < 0 || i > j {
			t.Errorf("the sooner event (%s) is not listed before the later one (%s): %v", s.ID, ev.ID, ids)
		}
		// Two events: pages of one say there is more, and the second page is the other.
		for _, path := range []string{"/api/events", "/api/feed"} {
			one := call(t, "GET", base+path+"?limit=1", nil).list(t)
			two := call(t, "GET", base+path+"?limit=1&offset=1", nil).list(t)
			if len(one.Items) != 1 || !one.Pagination.HasMore || one.Pagination.Total < 2 || len(two.Items) != 1 ||
				two.Pagination.Offset != 1 || bytes.Equal(one.Items[0], two.Items[0]) {
				t.Errorf("GET %s one at a time: first page %+v, second page %+v", path, one.Pagination, two.Pagination)
			}
		}
		call(t, "GET", base+"/api/events/no-such-event", nil).wantError(t, http.StatusNotFound, "NOT_FOUND")
		left := eventLeft(t, base, ev.Slug)
		if left[free.ID] != 2 || left[general.ID] != 10 {
			t.Errorf("before any sale, left per tier %v, want 2 and 10", left)
		}
	})

	purchase := func(tierID string, n int, method string) map[string]any {
		return map[string]any{"eventId": ev.ID, "items": []map[string]any{{"tierId": tierID, "quantity": n}},
			"paymentMethod": method, "attendee": map[string]string{"name": buyer.Name, "email": buyer.Email}}
	}
	var freeOrder, cashOrder ticketOrderJSON
	t.Run("free tickets, idempotent, then SOLD_OUT", func(t *testing.T) {
		call(t, "POST", base+"/api/tickets/purchase", purchase(free.ID, 1, "free")).
			wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		key := hdr("Idempotency-Key", "contract-free-ticket-1")
		freeOrder = buy(t, base, buyer.Token, purchase(free.ID, 1, "free"), key)
		checkTickets(t, freeOrder, 1, free.ID, "VALID")

		var again ticketOrderJSON
		call(t, "POST", base+"/api/tickets/purchase", purchase(free.ID, 1, "free"), bearer(buyer.Token), key).
			want(t, http.StatusCreated).json(t, &again)
		if again.ID != freeOrder.ID || len(again.Tickets) != 1 || again.Tickets[0].Code != freeOrder.Tickets[0].Code {
			t.Errorf("the same Idempotency-Key and body answered order %+v, first %+v", again, freeOrder)
		}
		call(t, "POST", base+"/api/tickets/purchase", purchase(free.ID, 2, "free"), bearer(buyer.Token), key).
			wantError(t, http.StatusConflict, "IDEMPOTENCY_KEY_REUSED")
		if left := eventLeft(t, base, ev.Slug); left[free.ID] != 1 {
			t.Errorf("one free ticket bought once (sent twice): %d left of 2", left[free.ID])
		}

		second := buy(t, base, buyer.Token, purchase(free.ID, 1, "free"))
		checkTickets(t, second, 1, free.ID, "VALID")
		call(t, "POST", base+"/api/tickets/purchase", purchase(free.ID, 1, "free"), bearer(buyer.Token)).
			wantError(t, http.StatusConflict, "SOLD_OUT")
		if left := eventLeft(t, base, ev.Slug); left[free.ID] != 0 {
			t.Errorf("the free tier is sold out but shows %d left", left[free.ID])
		}
		w.ticketCodes = append(w.ticketCodes, freeOrder.Tickets[0].Code, second.Tickets[0].Code)
	})

	t.Run("never oversold", func(t *testing.T) {
		// Ten buyers at once for three seats: three tickets, seven SOLD_OUT.
		e := create(t, "Tiny "+eventWord+" Workshop")
		tiny := addTier(t, e.ID, map[string]any{"name": "Three seats", "priceCents": 0, "capacity": 3})
		publish(t, e.ID)
		body := map[string]any{"eventId": e.ID, "items": []map[string]any{{"tierId": tiny.ID, "quantity": 1}},
			"paymentMethod": "free", "attendee": map[string]string{"name": buyer.Name, "email": buyer.Email}}
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		statuses := make([]int, 10)
		errs := make([]error, 10)
		var wg sync.WaitGroup
		for i := range statuses {
			// Plain requests: t.Fatal may not be called from these goroutines.
			wg.Go(func() {
				req, _ := http.NewRequest("POST", base+"/api/tickets/purchase", bytes.NewReader(data))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+buyer.Token)
				resp, err := anonymous.Do(req)
				if err != nil {
					errs[i] = err
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				statuses[i] = resp.StatusCode
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		count := map[int]int{}
		for _, s := range statuses {
			count[s]++
		}
		if count[http.StatusCreated] != 3 || count[http.StatusConflict] != 7 {
			t.Errorf("10 concurrent purchases for 3 seats: %v by status, want 3×201 and 7×409", count)
		}
		if left := eventLeft(t, base, e.Slug); left[tiny.ID] != 0 {
			t.Errorf("after selling out, %d left", left[tiny.ID])
		}
		call(t, "POST", base+"/api/tickets/purchase", body, bearer(buyer.Token)).wantError(t, http.StatusConflict, "SOLD_OUT")
	})

	t.Run("cash at the door: PENDING_PAYMENT until approved", func(t *testing.T) {
		cashOrder = buy(t, base, buyer.Token, purchase(general.ID, 2, "cash"))
		if cashOrder.Status != "PENDING_PAYMENT" {
			t.Errorf("a cash order has status %q, want PENDING_PAYMENT", cashOrder.Status)
		}
		checkTickets(t, cashOrder, 2, general.ID, "")
		checkin(t, base, org.Token, ev.ID, cashOrder.Tickets[0].Code).wantError(t, http.StatusConflict, "PENDING_PAYMENT")

		refused(t, call(t, "POST", base+"/api/orders/"+cashOrder.ID+"/approve-cash", nil, bearer(buyer.Token)))
		var ok ticketOrderJSON
		call(t, "POST", base+"/api/orders/"+cashOrder.ID+"/approve-cash", nil, bearer(org.Token)).want(t, http.StatusOK).json(t, &ok)
		if ok.Status != "COMPLETED" {
			t.Fatalf("an approved cash order has status %q", ok.Status)
		}
		checkTickets(t, ok, 2, general.ID, "VALID")
		cashOrder = ok
		w.ticketCodes = append(w.ticketCodes, ok.Tickets[0].Code, ok.Tickets[1].Code)

		card := purchase(general.ID, 1, "card")
		a := call(t, "POST", base+"/api/tickets/purchase", card, bearer(buyer.Token))
		var e errorShape
		a.json(t, &e)
		if a.Status < 400 || a.Status == http.StatusInternalServerError || e.Code == "" ||
			!strings.Contains(strings.ToLower(e.Error), "card") {
			t.Errorf("card payments off, the answer does not say so plainly: %d %s", a.Status, snippet(a.Body))
		}
		unsignedWebhook(t, base)
	})
	if cashOrder.Status != "COMPLETED" || len(freeOrder.Tickets) == 0 {
		t.Fatal("no tickets to check in")
	}

	t.Run("check-in answers", func(t *testing.T) {
		code := freeOrder.Tickets[0].Code
		refused(t, checkin(t, base, buyer.Token, ev.ID, code))
		a := checkin(t, base, org.Token, ev.ID, code).want(t, http.StatusOK)
		if !strings.Contains(string(a.Body), "admitted") {
			t.Errorf("check-in of a valid ticket does not say admitted: %s", snippet(a.Body))
		}
		checkin(t, base, org.Token, ev.ID, code).wantError(t, http.StatusConflict, "ALREADY_SCANNED")
		checkin(t, base, org.Token, ev.ID, "NOSUCHCODE42").wantError(t, http.StatusNotFound, "TICKET_NOT_FOUND")

		other := create(t, "Spring "+eventWord+" Set")
		addTier(t, other.ID, map[string]any{"name": "Door", "priceCents": 1500, "capacity": 50})
		publish(t, other.ID)
		checkin(t, base, org.Token, other.ID, freeOrder.Tickets[0].Code).wantError(t, http.StatusConflict, "WRONG_EVENT")
	})

	t.Run("attendees as JSON and CSV", func(t *testing.T) {
		refused(t, call(t, "GET", base+"/api/events/"+ev.ID+"/attendees", nil, bearer(buyer.Token)))
		l := call(t, "GET", base+"/api/events/"+ev.ID+"/attendees", nil, bearer(org.Token)).list(t)
		if l.Pagination.Total < 4 || len(l.Items) < 4 {
			t.Errorf("attendees: %d (total %d), want the 4 tickets sold", len(l.Items), l.Pagination.Total)
		}
		a := call(t, "GET", base+"/api/events/"+ev.ID+"/attendees", nil, bearer(org.Token), hdr("Accept", "text/csv")).
			want(t, http.StatusOK)
		if a.mediaType() != "text/csv" {
			t.Fatalf("attendees with Accept: text/csv came as %q", a.Header.Get("Content-Type"))
		}
		rows, err := csv.NewReader(strings.NewReader(string(a.Body))).ReadAll()
		if err != nil {
			t.Fatalf("attendees CSV does not parse: %v\n%s", err, snippet(a.Body))
		}
		if len(rows) < 5 {
			t.Fatalf("attendees CSV has %d rows, want a header and 4 tickets:\n%s", len(rows), a.Body)
		}
		for _, code := range []string{freeOrder.Tickets[0].Code, cashOrder.Tickets[1].Code} {
			if !strings.Contains(string(a.Body), code) {
				t.Errorf("attendees CSV lacks ticket %s", code)
			}
		}
	})

	t.Run("refund", func(t *testing.T) {
		refused(t, call(t, "POST", base+"/api/orders/"+cashOrder.ID+"/refund", nil, bearer(buyer.Token)))
		var r ticketOrderJSON
		call(t, "POST", base+"/api/orders/"+cashOrder.ID+"/refund", nil, bearer(org.Token)).want(t, http.StatusOK).json(t, &r)
		if r.Status != "REFUNDED" {
			t.Fatalf("a refunded order has status %q", r.Status)
		}
		checkin(t, base, org.Token, ev.ID, cashOrder.Tickets[0].Code).wantError(t, http.StatusConflict, "REFUNDED")
	})

	t.Run("my tickets", func(t *testing.T) {
		call(t, "GET", base+"/api/me/tickets", nil).wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		l := call(t, "GET", base+"/api/me/tickets", nil, bearer(buyer.Token)).list(t)
		var codes []string
		for _, tk := range items[ticketJSON](t, l) {
			codes = append(codes, tk.Code)
		}
		for _, code := range w.ticketCodes {
			if !slices.Contains(codes, code) {
				t.Errorf("/api/me/tickets lacks %s (has %v)", code, codes)
			}
		}
		if n := len(call(t, "GET", base+"/api/me/tickets", nil, bearer(w.owner.Token)).list(t).Items); n != 0 {
			t.Errorf("someone who bought nothing has %d tickets", n)
		}
	})
}

// buy purchases tickets and checks the 201 order's shape.
func buy(t *testing.T, base, tok string, body map[string]any, opts ...opt) ticketOrderJSON {
	t.Helper()
	a := call(t, "POST", base+"/api/tickets/purchase", body, append([]opt{bearer(tok)}, opts...)...).want(t, http.StatusCreated)
	a.obj(t, "id", "status", "tickets")
	var o ticketOrderJSON
	a.json(t, &o)
	return o
}

// checkTickets checks an order's tickets: n of tier, each with a code, all of status
// (any when status is empty), no code twice.
func checkTickets(t *testing.T, o ticketOrderJSON, n int, tier, status string) {
	t.Helper()
	if len(o.Tickets) != n {
		t.Fatalf("order %s has %d tickets, want %d", o.ID, len(o.Tickets), n)
	}
	seen := map[string]bool{}
	for _, tk := range o.Tickets {
		if tk.Code == "" || seen[tk.Code] || tk.TierID != tier || (status != "" && tk.Status != status) {
			t.Errorf("order %s: ticket %+v, want a unique code, tier %s, status %q", o.ID, tk, tier, status)
		}
		seen[tk.Code] = true
	}
}

func checkin(t *testing.T, base, tok, eventID, code string) answer {
	t.Helper()
	return call(t, "POST", base+"/api/events/"+eventID+"/checkin", map[string]string{"code": code}, bearer(tok))
}

func hasEvent(t *testing.T, l list, id string) bool {
	t.Helper()
	return slices.ContainsFunc(items[eventJSON](t, l), func(e eventJSON) bool { return e.ID == id })
}

// eventLeft is what is left of each tier, by tier id, as the public detail shows it.
func eventLeft(t *testing.T, base, slug string) map[string]int {
	t.Helper()
	var e eventJSON
	a := call(t, "GET", base+"/api/events/"+slug, nil).want(t, http.StatusOK)
	a.obj(t, "id", "slug", "tiers")
	a.json(t, &e)
	left := map[string]int{}
	for _, tr := range e.Tiers {
		if tr.Left == nil {
			t.Fatalf("tier %s of %s does not say what is left", tr.ID, slug)
		}
		left[tr.ID] = *tr.Left
	}
	return left
}
