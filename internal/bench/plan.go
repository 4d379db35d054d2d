package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/api/restaurantsapi"
)

// Platform is where the platform under test answers, and the demo password.
type Platform struct {
	Portal, Events, Restaurants string
	Password                    string
}

// browser is what a phone's browser sends with a page request.
var browser = http.Header{
	"Accept":          {"text/html,application/xhtml+xml,*/*;q=0.8"},
	"Accept-Encoding": {"gzip, deflate, br, zstd"},
	"User-Agent":      {"Mozilla/5.0 (Linux; Android 14) stepperslife-bench"},
}

// app is what a script or the portal's own pages send to an API.
var app = http.Header{"Accept": {"application/json"}, "Accept-Encoding": {"gzip, zstd"}}

// Trivial serves the smallest JSON answer Go can give, the yardstick the other
// figures are divided by. Close it when done.
func Trivial() (url string, closeFn func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String() + "/", func() { _ = srv.Close() }, nil
}

// Reads are the public paths people hit most: home page, feed, an event page, the
// events list and a restaurant page.
func Reads(ctx context.Context, c *http.Client, p Platform) ([]Target, error) {
	var events struct{ Items []eventsapi.Event }
	if err := getJSON(ctx, c, p.Events+"/api/events?limit=1", &events); err != nil {
		return nil, err
	}
	var rests struct{ Items []restaurantsapi.Restaurant }
	if err := getJSON(ctx, c, p.Restaurants+"/api/restaurants?limit=1", &rests); err != nil {
		return nil, err
	}
	if len(events.Items) == 0 || len(rests.Items) == 0 {
		return nil, fmt.Errorf("the platform has no event or no restaurant: start it with --demo")
	}
	return []Target{
		{Name: "home page", URL: p.Portal + "/", Header: browser},
		{Name: "feed", URL: p.Portal + "/api/feed", Header: app},
		{Name: "event page", URL: p.Portal + "/events/" + events.Items[0].Slug, Header: browser},
		{Name: "events list", URL: p.Events + "/api/events", Header: app},
		{Name: "restaurant page", URL: p.Portal + "/restaurants/" + rests.Items[0].Slug, Header: browser},
	}, nil
}

// Purchase is a free-ticket purchase on an event made for the run, with seats for
// every request it can send; Oversold then compares seats taken with orders made.
type Purchase struct {
	Target
	event    eventsapi.Event
	capacity int
	p        Platform
}

// NewPurchase has the demo organizer put on an event with capacity seats and signs
// the demo dancer in to buy them.
func NewPurchase(ctx context.Context, c *http.Client, p Platform, capacity int) (*Purchase, error) {
	org, err := signIn(ctx, c, p, "organizer@demo.stepperslife.com")
	if err != nil {
		return nil, err
	}
	starts := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Hour)
	var ev eventsapi.Event
	if err := postJSON(ctx, c, org, p.Events+"/api/events", map[string]any{
		"title": "Load run " + strconv.FormatInt(time.Now().Unix(), 36), "description": "Seats for a load run.",
		"category": "SET", "venue": "Bench Hall", "address": "1 Test Way, Chicago, IL",
		"startsAt": starts, "endsAt": starts.Add(4 * time.Hour),
	}, &ev); err != nil {
		return nil, fmt.Errorf("create event: %w", err)
	}
	var tier eventsapi.Tier
	if err := postJSON(ctx, c, org, p.Events+"/api/events/"+ev.ID+"/tiers", map[string]any{
		"name": "General", "priceCents": 0, "capacity": capacity, "maxPerOrder": 1,
	}, &tier); err != nil {
		return nil, fmt.Errorf("add tier: %w", err)
	}
	if err := postJSON(ctx, c, org, p.Events+"/api/events/"+ev.ID+"/publish", map[string]any{}, &ev); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	dancer, err := signIn(ctx, c, p, "dancer@demo.stepperslife.com")
	if err != nil {
		return nil, err
	}
	body, _ := json.Marshal(eventsapi.PurchaseRequest{EventID: ev.ID, PaymentMethod: eventsapi.PayFree,
		Items:    []eventsapi.PurchaseItem{{TierID: tier.ID, Quantity: 1}},
		Attendee: eventsapi.Attendee{Name: "Bench Dancer", Email: "dancer@demo.stepperslife.com"}})
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	return &Purchase{event: ev, capacity: capacity, p: p, Target: Target{
		Name: "purchase", Method: http.MethodPost, URL: p.Events + "/api/tickets/purchase", Want: http.StatusCreated,
		Header: http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + dancer}},
		Body: func(n int) ([]byte, http.Header) {
			return body, http.Header{"Idempotency-Key": {run + "-" + strconv.Itoa(n)}}
		},
	}}, nil
}

// Oversold is seats taken beyond the orders that succeeded (0 when stock is right).
func (pu *Purchase) Oversold(ctx context.Context, c *http.Client, orders int) (int, error) {
	var ev eventsapi.Event
	if err := getJSON(ctx, c, pu.p.Events+"/api/events/"+pu.event.Slug, &ev); err != nil {
		return 0, err
	}
	if len(ev.Tiers) != 1 {
		return 0, fmt.Errorf("the run's event has %d tiers", len(ev.Tiers))
	}
	return (pu.capacity - ev.Tiers[0].Left) - orders, nil
}

func signIn(ctx context.Context, c *http.Client, p Platform, email string) (string, error) {
	var out struct{ AccessToken string }
	if err := postJSON(ctx, c, "", p.Portal+"/api/auth/login", map[string]string{"email": email, "password": p.Password}, &out); err != nil {
		return "", fmt.Errorf("sign in %s: %w", email, err)
	}
	return out.AccessToken, nil
}

func getJSON(ctx context.Context, c *http.Client, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	return send(c, req, out)
}

func postJSON(ctx context.Context, c *http.Client, token, url string, body, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return send(c, req, out)
}

func send(c *http.Client, req *http.Request, out any) error {
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %.300s", req.Method, req.URL.Path, resp.StatusCode, buf.String())
	}
	return json.Unmarshal(buf.Bytes(), out)
}
