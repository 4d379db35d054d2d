package events_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"stepperslife/services/events/eventstest"
)

var (
	org   = eventstest.Organizer
	buyer = eventstest.Buyer
	staff = eventstest.Staffer
)

func TestCheckinAnswersEveryTicketState(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		s := eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL})
		eventID, tierID := s.PublishedEvent("Check-in Ball", 2000, 20)
		otherID, otherTier := s.PublishedEvent("Other Ball", 2000, 20)

		var paid, pending, refunded, elsewhere, cancelled eventstest.Order
		approve := func(id string) {
			t.Helper()
			if res := s.Do("POST", "/api/orders/"+id+"/approve-cash", org, nil); res.Status != http.StatusOK {
				t.Fatalf("approve: %d %s", res.Status, res.Body)
			}
		}
		// One buyer holds at most two unpaid orders per event: the first is paid before
		// the third is placed.
		s.Buy(buyer, eventID, tierID, 2, "cash").JSON(t, &paid)
		approve(paid.ID)
		s.Buy(buyer, eventID, tierID, 1, "cash").JSON(t, &pending)
		s.Buy(buyer, eventID, tierID, 1, "cash").JSON(t, &refunded)
		s.Buy(buyer, otherID, otherTier, 1, "cash").JSON(t, &elsewhere)
		s.Buy(buyer, otherID, otherTier, 1, "cash").JSON(t, &cancelled)
		for _, id := range []string{refunded.ID, elsewhere.ID} {
			approve(id)
		}
		if res := s.Do("POST", "/api/orders/"+refunded.ID+"/refund", org, nil); res.Status != http.StatusOK {
			t.Fatalf("refund: %d %s", res.Status, res.Body)
		}
		for _, id := range []string{eventID, otherID} {
			if res := s.Do("POST", "/api/events/"+id+"/staff", org, map[string]string{"email": staff.Email}); res.Status != http.StatusCreated {
				t.Fatalf("add staff: %d %s", res.Status, res.Body)
			}
		}
		// Cancelling the other event cancels its held order's ticket.
		if res := s.Do("POST", "/api/events/"+otherID+"/cancel", org, nil); res.Status != http.StatusOK {
			t.Fatalf("cancel: %d %s", res.Status, res.Body)
		}
		scan := func(event, code string) eventstest.Response {
			return s.Do("POST", "/api/events/"+event+"/checkin", staff, map[string]string{"code": code})
		}
		code := paid.Tickets[0].Code
		if res := scan(eventID, code); res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"admitted"`) {
			t.Fatalf("admit: %d %s", res.Status, res.Body)
		}
		cases := []struct {
			name, event, code string
			status            int
			want              string
		}{
			{"again", eventID, code, 409, "ALREADY_SCANNED"},
			{"pending cash", eventID, pending.Tickets[0].Code, 409, "PENDING_PAYMENT"},
			{"refunded", eventID, refunded.Tickets[0].Code, 409, "REFUNDED"},
			{"other event", eventID, elsewhere.Tickets[0].Code, 409, "WRONG_EVENT"},
			{"cancelled", otherID, cancelled.Tickets[0].Code, 409, "CANCELLED"},
			{"unknown", eventID, "AAAAAAAAAAAAAAAAAAAAAA", 404, "TICKET_NOT_FOUND"},
			{"junk", eventID, "' OR 1=1 --", 404, "TICKET_NOT_FOUND"},
		}
		for _, c := range cases {
			if res := scan(c.event, c.code); res.Status != c.status || res.Code() != c.want {
				t.Errorf("%s: %d %s, want %d %s", c.name, res.Status, res.Body, c.status, c.want)
			}
		}
		// The QR code holds the ticket page address; scanning it works too.
		if res := scan(eventID, s.URL+"/tickets/"+paid.Tickets[1].Code); res.Status != http.StatusOK {
			t.Errorf("scan by URL: %d %s", res.Status, res.Body)
		}
		res := s.Do("POST", "/api/events/"+eventID+"/checkin/undo", staff, map[string]string{"code": code})
		if res.Status != http.StatusOK {
			t.Fatalf("undo: %d %s", res.Status, res.Body)
		}
		if res := scan(eventID, code); res.Status != http.StatusOK {
			t.Fatalf("admit after undo: %d %s", res.Status, res.Body)
		}
		if res := s.Do("POST", "/api/events/"+eventID+"/checkin", buyer, map[string]string{"code": code}); res.Status != http.StatusForbidden {
			t.Errorf("a buyer scanning: %d", res.Status)
		}
		if res := s.Do("POST", "/api/events/"+eventID+"/checkin", nil, map[string]string{"code": code}); res.Status != http.StatusUnauthorized {
			t.Errorf("anonymous scanning: %d", res.Status)
		}
		metrics := string(s.Do("GET", "/metrics", nil, nil).Body)
		for _, want := range []string{`events_checkins_total{result="ALREADY_SCANNED"} 1`, `events_purchases_total{method="cash",result="OK"} 5`} {
			if !strings.Contains(metrics, want) {
				t.Errorf("metrics lack %s", want)
			}
		}
	})
}

func TestIdempotentPurchase(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		s := eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL})
		eventID, tierID := s.PublishedEvent("Idempotent Ball", 0, 10)
		first := s.Buy(buyer, eventID, tierID, 2, "free", "Idempotency-Key", "key-1")
		again := s.Buy(buyer, eventID, tierID, 2, "free", "Idempotency-Key", "key-1")
		if first.Status != http.StatusCreated || again.Status != http.StatusCreated || !bytes.Equal(first.Body, again.Body) {
			t.Fatalf("replay differs: %d %s / %d %s", first.Status, first.Body, again.Status, again.Body)
		}
		if again.Header.Get("Idempotent-Replayed") != "true" {
			t.Error("replay not marked")
		}
		if res := s.Buy(buyer, eventID, tierID, 3, "free", "Idempotency-Key", "key-1"); res.Status != 409 || res.Code() != "IDEMPOTENCY_KEY_REUSED" {
			t.Fatalf("other body, same key: %d %s", res.Status, res.Body)
		}
		var ev eventstest.Event
		s.Do("GET", "/api/events/"+eventID, nil, nil).JSON(t, &ev)
		if ev.Tiers[0].Left != 8 {
			t.Fatalf("left %d: the purchase ran twice", ev.Tiers[0].Left)
		}
	})
}

func TestEventAPI(t *testing.T) {
	s := eventstest.Start(t, eventstest.Options{})
	if res := s.Do("POST", "/api/events", buyer, map[string]any{"title": "x"}); res.Status != http.StatusForbidden {
		t.Errorf("buyer creating: %d", res.Status)
	}
	if res := s.Do("POST", "/api/events", org, map[string]any{"title": "", "startsAt": "2026-12-01T20:00:00Z"}); res.Status != 400 || res.Code() != "VALIDATION_FAILED" {
		t.Errorf("bad event: %d %s", res.Status, res.Body)
	}
	if res := s.Do("POST", "/api/events", org, []byte(`{"title":`), "Content-Type", "application/json"); res.Status != 400 {
		t.Errorf("broken JSON: %d", res.Status)
	}
	res := s.Do("POST", "/api/events", org, map[string]any{"title": "Draft Ball", "venue": "Hall",
		"startsAt": time.Now().Add(48 * time.Hour), "endsAt": time.Now().Add(50 * time.Hour)})
	var draft eventstest.Event
	res.JSON(t, &draft)
	if res.Status != http.StatusCreated || draft.Status != "DRAFT" || draft.Slug == "" {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	if res := s.Do("GET", "/api/events/"+draft.Slug, nil, nil); res.Status != 404 {
		t.Errorf("draft public: %d", res.Status)
	}
	if res := s.Do("POST", "/api/events/"+draft.ID+"/tiers", eventstest.OtherOrganizer, map[string]any{"name": "x", "capacity": 1}); res.Status != 404 {
		t.Errorf("another organizer adding a tier: %d", res.Status)
	}
	if res := s.Do("PATCH", "/api/events/"+draft.ID, org, map[string]any{"title": "Renamed Ball"}); res.Status != 200 || !strings.Contains(string(res.Body), "Renamed Ball") {
		t.Errorf("patch: %d %s", res.Status, res.Body)
	}
	a, _ := s.PublishedEvent("Harvest Moon Set", 2500, 100)
	s.PublishedEvent("Valentine Steppers Ball", 5000, 100)
	res = s.Do("GET", "/api/events?q=harvest&limit=5", nil, nil)
	var list struct {
		Items      []eventstest.Event `json:"items"`
		Pagination struct {
			Total, Limit, Offset int
			HasMore              bool
		} `json:"pagination"`
	}
	res.JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].ID != a || list.Pagination.Total != 1 || list.Pagination.Limit != 5 {
		t.Errorf("search: %s", res.Body)
	}
	s.Do("GET", "/api/events?category=ball&limit=1", nil, nil).JSON(t, &list)
	if list.Pagination.Total != 2 || !list.Pagination.HasMore || len(list.Items) != 1 {
		t.Errorf("category page: %+v", list.Pagination)
	}
	free, _ := s.PublishedEvent("Free Friday Social", 0, 100)
	s.Do("GET", "/api/events?free=true", nil, nil).JSON(t, &list)
	if list.Pagination.Total != 1 || list.Items[0].ID != free {
		t.Errorf("free: %+v", list.Items)
	}
	if res := s.Do("GET", "/api/events?free=maybe", nil, nil); res.Status != 400 || !strings.Contains(string(res.Body), `"free"`) {
		t.Errorf("bad free: %d %s", res.Status, res.Body)
	}
	if res := s.Do("GET", "/api/events?from=yesterday", nil, nil); res.Status != 400 {
		t.Errorf("bad from: %d", res.Status)
	}
	if res := s.Do("GET", "/api/events?to="+time.Now().Format("2006-01-02"), nil, nil); res.Status != 200 || !strings.Contains(string(res.Body), `"total":0`) {
		t.Errorf("to today: %s", res.Body)
	}
}

func TestPurchaseRefusals(t *testing.T) {
	s := eventstest.Start(t, eventstest.Options{})
	eventID, tierID := s.PublishedEvent("Paid Ball", 2500, 5)
	if res := s.Buy(buyer, eventID, tierID, 1, "card"); res.Status != 503 || res.Code() != "UNAVAILABLE" {
		t.Errorf("card with Stripe off: %d %s", res.Status, res.Body)
	}
	if res := s.Buy(buyer, eventID, tierID, 1, "free"); res.Status != 400 {
		t.Errorf("free for a paid tier: %d %s", res.Status, res.Body)
	}
	if res := s.Buy(buyer, eventID, tierID, 11, "cash"); res.Status != 400 {
		t.Errorf("over max per order: %d", res.Status)
	}
	if res := s.Do("POST", "/api/tickets/purchase", nil, eventstest.PurchaseBody(eventID, tierID, 1, "cash", buyer)); res.Status != 401 {
		t.Errorf("anonymous: %d", res.Status)
	}
	if res := s.Buy(buyer, "nope", tierID, 1, "cash"); res.Status != 404 {
		t.Errorf("unknown event: %d", res.Status)
	}
	if res := s.Buy(buyer, eventID, tierID, 6, "cash"); res.Status != 400 && res.Code() != "SOLD_OUT" {
		t.Errorf("more than capacity: %d", res.Status)
	}
	// Discount codes: created by the organizer, applied server-side, used once.
	res := s.Do("POST", "/api/events/"+eventID+"/discounts", org, map[string]any{"code": "early", "kind": "PERCENT", "amount": 20, "usageLimit": 1})
	if res.Status != http.StatusCreated {
		t.Fatalf("discount: %d %s", res.Status, res.Body)
	}
	body := eventstest.PurchaseBody(eventID, tierID, 2, "cash", buyer)
	body["discountCode"] = "EARLY"
	var o eventstest.Order
	res = s.Do("POST", "/api/tickets/purchase", buyer, body)
	res.JSON(t, &o)
	if res.Status != 201 || o.TotalCents != 4000 || o.Status != "PENDING_PAYMENT" {
		t.Fatalf("discounted order: %d %s", res.Status, res.Body)
	}
	if res := s.Do("POST", "/api/tickets/purchase", buyer, body); res.Status != 409 || res.Code() != "CONFLICT" {
		t.Errorf("used-up code: %d %s", res.Status, res.Body)
	}
}

func TestFlyerUpload(t *testing.T) {
	s := eventstest.Start(t, eventstest.Options{})
	eventID, _ := s.PublishedEvent("Flyer Ball", 0, 5)
	img := image.NewRGBA(image.Rect(0, 0, 1600, 2400))
	for y := 0; y < 2400; y += 7 {
		for x := 0; x < 1600; x++ {
			img.Set(x, y, color.RGBA{200, 30, 90, 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	res := s.Do("PUT", "/api/events/"+eventID+"/flyer", org, b.Bytes(), "Content-Type", "image/png")
	var ev eventstest.Event
	res.JSON(t, &ev)
	if res.Status != 200 || ev.FlyerURL == "" {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	got, err := http.Get(ev.FlyerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Body.Close()
	cfg, format, err := image.DecodeConfig(got.Body)
	if err != nil || format != "jpeg" || cfg.Height != 1600 || cfg.Width != 1066 {
		t.Fatalf("served flyer: %v %s %dx%d", err, format, cfg.Width, cfg.Height)
	}
	if cc := got.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || got.Header.Get("ETag") == "" {
		t.Errorf("caching headers: %q etag %q", cc, got.Header.Get("ETag"))
	}
	path := strings.TrimPrefix(ev.FlyerURL, s.URL)
	if res := s.Do("GET", path, nil, nil, "If-None-Match", got.Header.Get("ETag")); res.Status != http.StatusNotModified {
		t.Errorf("revalidation: %d", res.Status)
	}
	// A browser that takes WebP gets the smaller twin; the answer varies on Accept.
	wp := s.Do("GET", path, nil, nil, "Accept", "image/avif,image/webp,*/*;q=0.8")
	if _, format, err := image.DecodeConfig(bytes.NewReader(wp.Body)); err != nil || format != "webp" ||
		wp.Header.Get("Content-Type") != "image/webp" || len(wp.Body) >= int(got.ContentLength) {
		t.Errorf("WebP flyer: %v %q %q, %d bytes against %d", err, format, wp.Header.Get("Content-Type"), len(wp.Body), got.ContentLength)
	}
	if !strings.Contains(strings.Join(wp.Header.Values("Vary"), ","), "Accept") || wp.Header.Get("ETag") == got.Header.Get("ETag") {
		t.Errorf("WebP flyer headers: %v", wp.Header)
	}
	if res := s.Do("PUT", "/api/events/"+eventID+"/flyer", org, []byte("GIF89a......"), "Content-Type", "image/gif"); res.Status != 415 {
		t.Errorf("gif: %d %s", res.Status, res.Body)
	}
	big := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 5<<20)...)
	if res := s.Do("PUT", "/api/events/"+eventID+"/flyer", org, big, "Content-Type", "image/png"); res.Status != 413 {
		t.Errorf("too large: %d %s", res.Status, res.Body)
	}
	if res := s.Do("PUT", "/api/events/"+eventID+"/flyer", buyer, b.Bytes()); res.Status != 403 {
		t.Errorf("buyer uploading: %d", res.Status)
	}
}

func TestTicketsQRAttendeesAndSales(t *testing.T) {
	s := eventstest.Start(t, eventstest.Options{})
	eventID, tierID := s.PublishedEvent("Attendee Ball", 0, 50)
	var o eventstest.Order
	s.Do("POST", "/api/tickets/purchase", buyer, map[string]any{"eventId": eventID, "paymentMethod": "free",
		"items":    []map[string]any{{"tierId": tierID, "quantity": 2}},
		"attendee": map[string]string{"name": "=HYPERLINK(\"x\")", "email": "guest@example.com"}}).JSON(t, &o)
	if o.Status != "COMPLETED" || len(o.Tickets) != 2 || o.Tickets[0].Status != "VALID" {
		t.Fatalf("free order %+v", o)
	}
	res := s.Do("GET", "/api/tickets/"+o.Tickets[0].Code+"/qr.png", nil, nil)
	if res.Status != 200 || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("qr: %d", res.Status)
	}
	if _, err := png.Decode(bytes.NewReader(res.Body)); err != nil {
		t.Fatalf("qr is not a PNG: %v", err)
	}
	if res := s.Do("GET", "/api/tickets/AAAAAAAAAAAAAAAAAAAAAA/qr.png", nil, nil); res.Status != 404 || res.Code() != "TICKET_NOT_FOUND" {
		t.Errorf("unknown qr: %d", res.Status)
	}
	res = s.Do("GET", "/api/me/tickets", buyer, nil)
	if res.Status != 200 || !strings.Contains(string(res.Body), `"total":2`) || !strings.Contains(string(res.Body), "Attendee Ball") {
		t.Errorf("my tickets: %s", res.Body)
	}
	res = s.Do("GET", "/api/events/"+eventID+"/attendees", org, nil, "Accept", "text/csv")
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.Status, res.Header)
	}
	lines := strings.Split(strings.TrimSpace(string(res.Body)), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "name,email,tier,status") || !strings.Contains(lines[1], `'=HYPERLINK`) {
		t.Errorf("csv body:\n%s", res.Body)
	}
	if res := s.Do("GET", "/api/events/"+eventID+"/attendees", org, nil); res.Status != 200 || !strings.Contains(string(res.Body), `"ticketCode"`) {
		t.Errorf("json attendees: %s", res.Body)
	}
	if res := s.Do("GET", "/api/events/"+eventID+"/attendees", buyer, nil); res.Status != 403 {
		t.Errorf("buyer reading attendees: %d", res.Status)
	}
	if res := s.Do("GET", "/api/events/"+eventID+"/sales", org, nil); res.Status != 200 || !strings.Contains(string(res.Body), `"sold":2`) {
		t.Errorf("sales: %s", res.Body)
	}
	res = s.Do("GET", "/api/feed", nil, nil)
	if res.Status != 200 || !strings.Contains(string(res.Body), "Attendee Ball") {
		t.Errorf("feed: %s", res.Body)
	}
	if res := s.Do("GET", "/api/me/activity", buyer, nil); !strings.Contains(string(res.Body), `"kind":"ticket"`) {
		t.Errorf("activity: %s", res.Body)
	}
}
