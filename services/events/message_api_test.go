package events_test

import (
	"net/http"
	"testing"
	"time"

	"stepperslife/services/events/eventstest"
)

// POST /api/events/{id}/messages answers in the contract's shapes: 201 with the
// count, 400 naming the bad fields, 403 for someone else, 429 past the limit, and
// a retried request (same Idempotency-Key) sends nothing twice.
func TestMessageAttendeesAPI(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		s := eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL})
		eventID, tierID := s.PublishedEvent("Message Ball", 0, 20)
		path := "/api/events/" + eventID + "/messages"
		body := map[string]any{"subject": "Doors at 8", "body": "See you tonight."}
		if res := s.Do("POST", path, org, body); res.Status != http.StatusConflict || res.Code() != "CONFLICT" {
			t.Fatalf("nobody to write to: %d %s", res.Status, res.Body)
		}
		s.Buy(buyer, eventID, tierID, 2, "free")
		s.Buy(eventstest.BuyerN(1), eventID, tierID, 1, "free")
		if res := s.Do("POST", path, buyer, body); res.Status != http.StatusForbidden || res.Code() != "FORBIDDEN" {
			t.Fatalf("a buyer: %d %s", res.Status, res.Body)
		}
		res := s.Do("POST", path, org, map[string]any{"subject": "", "body": ""})
		fields, _ := res.Map(t)["details"].(map[string]any)["fields"].(map[string]any)
		if res.Status != http.StatusBadRequest || fields["subject"] == nil || fields["body"] == nil {
			t.Fatalf("empty message: %d %s", res.Status, res.Body)
		}
		var sent struct{ Recipients int }
		s.Must(201, "POST", path, org, body, "Idempotency-Key", "msg-1").JSON(t, &sent)
		if sent.Recipients != 2 {
			t.Fatalf("recipients %d", sent.Recipients)
		}
		s.Must(201, "POST", path, org, body, "Idempotency-Key", "msg-1")
		s.Must(201, "POST", path, org, body)
		s.Must(201, "POST", path, org, body)
		res = s.Do("POST", path, org, body)
		if res.Status != http.StatusTooManyRequests || res.Code() != "RATE_LIMITED" || res.Map(t)["requestId"] == nil {
			t.Fatalf("a fourth message: %d %s", res.Status, res.Body)
		}
		var queued int
		if err := s.Instance.Deps.DB.QueryRow(`SELECT COUNT(*) FROM kit_outbox_mail WHERE subject LIKE 'Doors at 8%'`).Scan(&queued); err != nil || queued != 6 {
			t.Fatalf("queued %d (%v), want 3 messages × 2 holders", queued, err)
		}
	})
}

// The organizer's cash deadline is set and cleared with PATCH and shows in the
// event's JSON as cashDeadline; one after the end is refused.
func TestCashDeadlineAPI(t *testing.T) {
	s := eventstest.Start(t, eventstest.Options{})
	eventID, tierID := s.PublishedEvent("Deadline Ball", 4500, 20)
	var ev struct {
		StartsAt, EndsAt time.Time
		CashDeadline     *time.Time
	}
	s.Must(200, "GET", "/api/events/"+eventID, nil, nil).JSON(t, &ev)
	if ev.CashDeadline != nil {
		t.Fatalf("a deadline by default: %v", ev.CashDeadline)
	}
	res := s.Do("PATCH", "/api/events/"+eventID, org, map[string]any{"cashDeadline": ev.EndsAt.Add(time.Minute)})
	if res.Status != http.StatusBadRequest || res.Code() != "VALIDATION_FAILED" {
		t.Fatalf("a deadline after the end: %d %s", res.Status, res.Body)
	}
	if res := s.Do("PATCH", "/api/events/"+eventID, org, map[string]any{"cashDeadline": "tonight"}); res.Status != http.StatusBadRequest {
		t.Fatalf("a deadline that is no time: %d %s", res.Status, res.Body)
	}
	s.Must(200, "PATCH", "/api/events/"+eventID, org, map[string]any{"cashDeadline": ev.StartsAt})
	s.Must(200, "GET", "/api/events/"+eventID, nil, nil).JSON(t, &ev)
	if ev.CashDeadline == nil || !ev.CashDeadline.Equal(ev.StartsAt) {
		t.Fatalf("cashDeadline %v, want %v", ev.CashDeadline, ev.StartsAt)
	}
	var o struct{ HoldExpiresAt time.Time }
	s.Buy(buyer, eventID, tierID, 1, "cash").JSON(t, &o)
	if !o.HoldExpiresAt.Equal(ev.StartsAt) {
		t.Fatalf("cash held until %v, want the deadline %v", o.HoldExpiresAt, ev.StartsAt)
	}
	s.Must(200, "PATCH", "/api/events/"+eventID, org, map[string]any{"title": "Deadline Ball, renamed"})
	ev.CashDeadline = nil
	s.Must(200, "GET", "/api/events/"+eventID, nil, nil).JSON(t, &ev)
	if ev.CashDeadline == nil {
		t.Fatal("a PATCH without cashDeadline cleared it")
	}
	s.Must(200, "PATCH", "/api/events/"+eventID, org, map[string]any{"cashDeadline": nil})
	ev.CashDeadline = nil // a field left out of the answer leaves the old value when decoding
	s.Must(200, "GET", "/api/events/"+eventID, nil, nil).JSON(t, &ev)
	if ev.CashDeadline != nil {
		t.Fatalf("null did not clear it: %v", ev.CashDeadline)
	}
}
