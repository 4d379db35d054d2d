package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

type sectionJSON struct {
	Items    []json.RawMessage `json:"items"`
	Complete bool              `json:"complete"`
	Stale    bool              `json:"stale"`
	Error    string            `json:"error"`
}

type aggregateJSON struct {
	Sections map[string]sectionJSON `json:"sections"`
	Complete bool                   `json:"complete"`
}

// has reports whether any item of the section mentions s.
func (s sectionJSON) has(str string) bool {
	return slices.ContainsFunc(s.Items, func(it json.RawMessage) bool { return bytes.Contains(it, []byte(str)) })
}

// aggregate GETs one of the portal's aggregates and checks the contract's shape: six
// sections, each with items (an array), complete and stale, and the
// X-Aggregate-Complete header that agrees with complete.
func aggregate(t *testing.T, u string, opts ...opt) aggregateJSON {
	t.Helper()
	a := call(t, "GET", u, nil, opts...).want(t, http.StatusOK)
	var raw struct {
		Sections map[string]map[string]json.RawMessage `json:"sections"`
		Complete *bool                                 `json:"complete"`
	}
	a.json(t, &raw)
	if raw.Complete == nil {
		t.Fatalf("%s: no complete flag: %s", a.what, snippet(a.Body))
	}
	var names []string
	for name, s := range raw.Sections {
		names = append(names, name)
		for _, k := range []string{"items", "complete", "stale"} {
			if _, ok := s[k]; !ok {
				t.Fatalf("%s: section %s has no %q: %s", a.what, name, k, snippet(a.Body))
			}
		}
		if !bytes.HasPrefix(bytes.TrimSpace(s["items"]), []byte("[")) {
			t.Fatalf("%s: section %s items is not an array", a.what, name)
		}
	}
	slices.Sort(names)
	if want := slices.Sorted(slices.Values(verticals)); !slices.Equal(names, want) {
		t.Fatalf("%s: sections %v, want %v", a.what, names, want)
	}
	var ag aggregateJSON
	a.json(t, &ag)
	if got, want := a.Header.Get("X-Aggregate-Complete"), fmt.Sprint(ag.Complete); got != want {
		t.Errorf("%s: X-Aggregate-Complete %q, body complete %s", a.what, got, want)
	}
	all := true
	for _, s := range ag.Sections {
		all = all && s.Complete
	}
	if ag.Complete != all {
		t.Errorf("%s: complete %v, but the sections' complete flags say %v", a.what, ag.Complete, all)
	}
	return ag
}

func testPortal(t *testing.T, w *world) {
	portal := w.p.portal()
	if w.event.ID == "" || w.restaurant.ID == "" {
		t.Fatal("the restaurants or events part made nothing for the portal to show")
	}

	t.Run("feed", func(t *testing.T) {
		// The portal caches sections for a few seconds; what was made just now shows
		// up once the cache refreshes.
		waitFor(t, "the feed shows the new event and restaurant", func() (bool, string) {
			f := aggregate(t, portal+"/api/feed")
			ev, rs := f.Sections["events"], f.Sections["restaurants"]
			return (ev.has(w.event.ID) || ev.has(w.event.Slug)) && (rs.has(w.restaurant.ID) || rs.has(w.restaurant.Slug)),
				fmt.Sprintf("%+v", f)
		})
		for name, s := range aggregate(t, portal+"/api/feed?limit=1").Sections {
			if len(s.Items) > 1 {
				t.Errorf("feed?limit=1: section %s has %d items", name, len(s.Items))
			}
		}
		f := aggregate(t, portal+"/api/feed")
		if !f.Complete {
			t.Errorf("every service is up, the feed is incomplete: %+v", f)
		}
		for name, s := range f.Sections {
			if s.Stale || s.Error != "" {
				t.Errorf("section %s stale %v error %q with every service up", name, s.Stale, s.Error)
			}
		}
	})

	t.Run("a signed-out event page shows a change", func(t *testing.T) {
		// The portal keeps the page it drew for signed-out visitors and learns of the
		// event's change from the events service: the next visits show it.
		page := portal + "/events/" + w.event.Slug
		for range 2 {
			call(t, "GET", page, nil, hdr("Accept", browserAccept)).want(t, http.StatusOK)
		}
		tier := fmt.Sprintf("Door Tier %d", time.Now().UnixNano()%1_000_000)
		call(t, "POST", w.p.url("events")+"/api/events/"+w.event.ID+"/tiers",
			map[string]any{"name": tier, "priceCents": 0, "capacity": 5}, bearer(w.organizer.Token)).want(t, http.StatusCreated)
		asked := 0
		waitFor(t, "the signed-out event page shows the new tier", func() (bool, string) {
			asked++
			a := call(t, "GET", page, nil, hdr("Accept", browserAccept)).want(t, http.StatusOK)
			return strings.Contains(string(a.Body), tier), snippet(a.Body)
		})
		t.Logf("the new tier showed at visit %d after the change", asked)
	})

	t.Run("search", func(t *testing.T) {
		waitFor(t, "search finds the event and the restaurant", func() (bool, string) {
			s := aggregate(t, portal+"/api/search?q="+strings.ToLower(eventWord))
			r := aggregate(t, portal+"/api/search?q=kitchen")
			return s.Sections["events"].has(w.event.Slug) && r.Sections["restaurants"].has(w.restaurant.Slug),
				fmt.Sprintf("events %+v restaurants %+v", s.Sections["events"], r.Sections["restaurants"])
		})
		s := aggregate(t, portal+"/api/search?q=nosuchwordanywhere")
		for name, sec := range s.Sections {
			if len(sec.Items) != 0 {
				t.Errorf("search for nonsense found %d in %s", len(sec.Items), name)
			}
		}
	})

	t.Run("my activity", func(t *testing.T) {
		call(t, "GET", portal+"/api/me/activity", nil).wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		waitFor(t, "the buyer's activity shows their tickets and food order", func() (bool, string) {
			a := aggregate(t, portal+"/api/me/activity", bearer(w.buyer.Token))
			ok := a.Complete && a.Sections["restaurants"].has(w.orderID)
			for _, code := range w.ticketCodes[:2] {
				ok = ok && a.Sections["events"].has(code)
			}
			return ok, fmt.Sprintf("%+v", a)
		})
		// The session cookie works the same as the Bearer token.
		a := aggregate(t, portal+"/api/me/activity", via(w.buyer.Browser))
		if !a.Sections["restaurants"].has(w.orderID) {
			t.Errorf("activity by cookie lacks the buyer's order: %+v", a.Sections["restaurants"])
		}
		// The request id reaches every service the portal asks.
		rid := fmt.Sprintf("contract-activity-%d", time.Now().UnixNano())
		aggregate(t, portal+"/api/me/activity", bearer(w.buyer.Token), hdr("X-Request-Id", rid))
		for _, name := range verticals {
			waitFor(t, name+" logs request id "+rid, func() (bool, string) {
				out := w.p.procs[name].Out.String()
				return strings.Contains(out, `"requestId":"`+rid+`"`), tail(out, 3)
			})
		}
		o := aggregate(t, portal+"/api/me/activity", bearer(w.owner.Token))
		if o.Sections["restaurants"].has(w.orderID) || o.Sections["events"].has(w.ticketCodes[0]) {
			t.Error("someone else's activity shows the buyer's order or tickets")
		}
	})

	t.Run("gateway", func(t *testing.T) {
		l := call(t, "GET", portal+"/api/restaurants/restaurants", nil).list(t)
		if !hasRestaurant(t, l, w.restaurant.ID) {
			t.Error("GET /api/restaurants/restaurants on the portal does not list the restaurant")
		}
		// Identity travels: Bearer, and the portal's own session cookie.
		for _, o := range []opt{bearer(w.buyer.Token), via(w.buyer.Browser)} {
			var u userJSON
			call(t, "GET", portal+"/api/events/me", nil, o).want(t, http.StatusOK).json(t, &u)
			if u.ID != w.buyer.ID {
				t.Errorf("the events service saw %+v through the portal, want the buyer", u)
			}
		}
		call(t, "GET", portal+"/api/events/me", nil).wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		// Queries pass, and the service's own errors come back as they are.
		if !hasEvent(t, call(t, "GET", portal+"/api/events/events?q="+strings.ToLower(eventWord), nil).list(t), w.event.ID) {
			t.Error("GET /api/events/events?q= on the portal does not find the event")
		}
		call(t, "GET", portal+"/api/events/events/no-such-event", nil).wantError(t, http.StatusNotFound, "NOT_FOUND")
		call(t, "GET", portal+"/api/events/events?limit=abc", nil).wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")

		tier := ""
		for _, tr := range w.eventTiers(t) {
			if tr.PriceCents > 0 {
				tier = tr.ID
			}
		}
		body := map[string]any{"eventId": w.event.ID, "items": []map[string]any{{"tierId": tier, "quantity": 1}},
			"paymentMethod": "cash", "attendee": map[string]string{"name": w.buyer.Name, "email": w.buyer.Email}}
		rid := fmt.Sprintf("contract-gateway-%d", time.Now().UnixNano())
		key := hdr("Idempotency-Key", "contract-gateway-purchase-1")
		a := call(t, "POST", portal+"/api/events/tickets/purchase", body, bearer(w.buyer.Token), key, hdr("X-Request-Id", rid)).
			want(t, http.StatusCreated)
		var first ticketOrderJSON
		a.json(t, &first)
		if first.ID == "" || len(first.Tickets) != 1 || first.Tickets[0].TierID != tier {
			t.Fatalf("a purchase through the portal answered %s", snippet(a.Body))
		}
		var again ticketOrderJSON
		call(t, "POST", portal+"/api/events/tickets/purchase", body, bearer(w.buyer.Token), key).
			want(t, http.StatusCreated).json(t, &again)
		if again.ID != first.ID {
			t.Errorf("the Idempotency-Key did not pass through the portal: orders %s and %s", first.ID, again.ID)
		}
		other := map[string]any{}
		for k, v := range body {
			other[k] = v
		}
		other["paymentMethod"] = "free"
		call(t, "POST", portal+"/api/events/tickets/purchase", other, bearer(w.buyer.Token), key).
			wantError(t, http.StatusConflict, "IDEMPOTENCY_KEY_REUSED")
		// The order is the events service's own: it answers for it directly.
		var direct ticketOrderJSON
		call(t, "GET", w.p.url("events")+"/api/orders/"+first.ID, nil, bearer(w.buyer.Token)).want(t, http.StatusOK).json(t, &direct)
		if direct.ID != first.ID {
			t.Errorf("the events service does not know the order placed through the portal")
		}
		// The request id reached the events service: its log line for the request has it.
		waitFor(t, "the events service logs request id "+rid, func() (bool, string) {
			return strings.Contains(w.p.procs["events"].Out.String(), `"requestId":"`+rid+`"`), tail(w.p.procs["events"].Out.String(), 3)
		})

		// A browser on the portal buys with its session cookie and the CSRF token;
		// without the token it is refused.
		call(t, "POST", portal+"/api/events/tickets/purchase", body, via(w.buyer.Browser)).
			wantError(t, http.StatusForbidden, "FORBIDDEN")
		var byCookie ticketOrderJSON
		call(t, "POST", portal+"/api/events/tickets/purchase", body, csrf(w.p, w.buyer.Browser)...).
			want(t, http.StatusCreated).json(t, &byCookie)
		if byCookie.ID == "" || byCookie.ID == first.ID || len(byCookie.Tickets) != 1 {
			t.Errorf("a purchase by cookie through the portal answered %+v", byCookie)
		}
		call(t, "GET", portal+"/api/nosuchservice/things", nil).wantError(t, http.StatusNotFound, "NOT_FOUND")
	})
}

// eventTiers are the tiers of the world's event, from its public detail.
func (w *world) eventTiers(t *testing.T) []tierJSON {
	t.Helper()
	var e eventJSON
	call(t, "GET", w.p.url("events")+"/api/events/"+w.event.Slug, nil).want(t, http.StatusOK).json(t, &e)
	return e.Tiers
}

// testServiceDown kills one service and checks that the portal stays up: the feed
// answers with that section marked, and the gateway answers in the error shape.
func testServiceDown(t *testing.T, w *world) {
	portal := w.p.portal()
	const victim = "restaurants"
	w.p.stop(t, victim)

	waitFor(t, "the feed marks the stopped service's section", func() (bool, string) {
		f := aggregate(t, portal+"/api/feed")
		s := f.Sections[victim]
		return !s.Complete && s.Error != "", fmt.Sprintf("%+v", s)
	})
	f := aggregate(t, portal+"/api/feed")
	if f.Complete {
		t.Error("the feed says complete with a service down")
	}
	for name, s := range f.Sections {
		if name != victim && !s.Complete {
			t.Errorf("section %s incomplete while only %s is down: %+v", name, victim, s)
		}
	}
	if s := aggregate(t, portal+"/api/search?q=kitchen").Sections[victim]; s.Complete || s.Error == "" {
		t.Errorf("search with %s down: its section %+v is not marked", victim, s)
	}
	if s := aggregate(t, portal+"/api/me/activity", bearer(w.buyer.Token)).Sections[victim]; s.Complete || s.Error == "" {
		t.Errorf("activity with %s down: its section %+v is not marked", victim, s)
	}

	a := call(t, "GET", portal+"/api/"+victim+"/restaurants", nil)
	code := map[int]string{http.StatusBadGateway: "BAD_GATEWAY", http.StatusServiceUnavailable: "UNAVAILABLE",
		http.StatusGatewayTimeout: "GATEWAY_TIMEOUT"}[a.Status]
	if code == "" {
		t.Fatalf("the gateway to a stopped service answered %d, want 502, 503 or 504: %s", a.Status, snippet(a.Body))
	}
	a.wantError(t, a.Status, code)
	// Everything else still works.
	me(t, portal, w.buyer.Token)
	call(t, "GET", w.p.url("events")+"/api/events", nil).list(t)
}
