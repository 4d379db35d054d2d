package tour

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/events/eventstest"
)

// eventsWorld is the events service with something in every state a page shows: a
// published free night with checked-in tickets, a paid night with cash waiting, paid,
// refunded orders, a discount code and door staff, a draft and a cancelled event, on
// top of the demo season.
type eventsWorld struct {
	s                        *eventstest.Server
	free, paid, draft, gone  eventstest.Event // gone is cancelled
	freeOrder, cashOrder     eventstest.Order
	validCode, pendingCode   string
	organizer, dancer, staff *auth.User
}

func newEventsWorld(t *testing.T, o eventstest.Options) *eventsWorld {
	t.Helper()
	o.Demo = true
	s := eventstest.Start(t, o)
	w := &eventsWorld{s: s, organizer: eventstest.Organizer, dancer: eventstest.Buyer, staff: eventstest.Staffer}
	w.free = w.event("Tour Free Social", "SOCIAL", 0, true)
	w.paid = w.event("Tour Grand Ball", "BALL", 4500, true)
	w.draft = w.event("Tour Draft Workshop", "WORKSHOP", 2500, false)
	w.gone = w.event("Tour Cancelled Cruise", "CRUISE", 6500, true)
	s.Must(http.StatusOK, "POST", "/api/events/"+w.gone.ID+"/cancel", w.organizer, nil)
	s.Must(http.StatusOK, "PUT", "/api/events/"+w.paid.ID+"/flyer", w.organizer, flyerJPEG(t), "Content-Type", "image/jpeg")
	for _, id := range []string{w.free.ID, w.paid.ID} {
		s.Must(http.StatusCreated, "POST", "/api/events/"+id+"/staff", w.organizer, map[string]string{"email": w.staff.Email})
	}
	s.Must(http.StatusCreated, "POST", "/api/events/"+w.paid.ID+"/discounts", w.organizer,
		map[string]any{"code": "STEPPIN10", "kind": "PERCENT", "amount": 10, "usageLimit": 50})

	// The dancer's free tickets, one of them checked in, and a cash order waiting.
	s.Buy(w.dancer, w.free.ID, w.free.Tiers[0].ID, 2, "free").JSON(t, &w.freeOrder)
	w.validCode = w.freeOrder.Tickets[1].Code
	s.Must(http.StatusOK, "POST", "/api/events/"+w.free.ID+"/checkin", w.organizer, map[string]string{"code": w.freeOrder.Tickets[0].Code})
	s.Buy(w.dancer, w.paid.ID, w.paid.Tiers[0].ID, 2, "cash").JSON(t, &w.cashOrder)
	w.pendingCode = w.cashOrder.Tickets[0].Code

	// Other buyers: one paid in cash, one paid and refunded.
	for i, refund := range []bool{false, true} {
		var o eventstest.Order
		s.Buy(eventstest.BuyerN(i), w.paid.ID, w.paid.Tiers[0].ID, 1, "cash").JSON(t, &o)
		s.Must(http.StatusOK, "POST", "/api/orders/"+o.ID+"/approve-cash", w.organizer, nil)
		if refund {
			s.Must(http.StatusOK, "POST", "/api/orders/"+o.ID+"/refund", w.organizer, nil)
		}
	}
	return w
}

// event creates an event a week ahead with one tier, published or left a draft.
func (w *eventsWorld) event(title, category string, priceCents int64, publish bool) eventstest.Event {
	t := w.s.T
	t.Helper()
	start := time.Now().AddDate(0, 0, 7).UTC().Truncate(time.Hour)
	var ev eventstest.Event
	w.s.Must(http.StatusCreated, "POST", "/api/events", w.organizer, map[string]any{"title": title,
		"description": "A night of steppin.\nDress to impress.", "category": category, "venue": "Grand Ballroom",
		"address": "6351 S Cottage Grove Ave, Chicago", "startsAt": start, "endsAt": start.Add(5 * time.Hour)}).JSON(t, &ev)
	w.s.Must(http.StatusCreated, "POST", "/api/events/"+ev.ID+"/tiers", w.organizer, map[string]any{
		"name": "General admission", "priceCents": priceCents, "capacity": 100, "maxPerOrder": 10})
	if publish {
		w.s.Must(http.StatusOK, "POST", "/api/events/"+ev.ID+"/publish", w.organizer, nil)
	}
	w.s.Must(http.StatusOK, "GET", "/api/events/"+ev.ID, w.organizer, nil).JSON(t, &ev)
	return ev
}

// flyerJPEG is a flyer-sized picture to upload.
func flyerJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 800, 500))
	for y := range 500 {
		for x := range 800 {
			img.SetRGBA(x, y, color.RGBA{uint8(60 + x/8), 20, uint8(80 + y/5), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// buy gives u (a person signed in at the portal) free tickets and a cash order.
func (w *eventsWorld) buy(t *testing.T, u *auth.User) {
	t.Helper()
	if r := w.s.Buy(u, w.free.ID, w.free.Tiers[0].ID, 1, "free"); r.Status != http.StatusCreated {
		t.Fatalf("free tickets for %s: %d %s", u.Email, r.Status, r.Body)
	}
	if r := w.s.Buy(u, w.paid.ID, w.paid.Tiers[0].ID, 1, "cash"); r.Status != http.StatusCreated {
		t.Fatalf("a cash order for %s: %d %s", u.Email, r.Status, r.Body)
	}
}
