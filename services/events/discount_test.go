package events_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/events/eventstest"
)

// withCode is a purchase body for u naming a discount code.
func withCode(eventID, tierID string, quantity int, method, code string, u *auth.User) map[string]any {
	body := eventstest.PurchaseBody(eventID, tierID, quantity, method, u)
	body["discountCode"] = code
	return body
}

// answer is what a refused purchase tells its caller, without its request id.
func answer(t *testing.T, res eventstest.Response) string {
	t.Helper()
	m := res.Map(t)
	delete(m, "requestId")
	b, _ := json.Marshal(m)
	return strconv.Itoa(res.Status) + " " + string(b)
}

// A code that exists and one that does not answer alike: a bad order is refused for
// what is wrong with it before any code is looked at, and every code the order may
// not use gets one answer.
func TestDiscountCodeAnswersTellNothing(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		s := eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL})
		eventID, tierID := s.PublishedEvent("Code Ball", 2500, 50)
		otherID, _ := s.PublishedEvent("Other Ball", 2500, 50)
		past := time.Now().Add(-time.Hour).UTC()
		for _, c := range []struct {
			event string
			body  map[string]any
		}{
			{eventID, map[string]any{"code": "REAL20", "kind": "PERCENT", "amount": 20}},
			{eventID, map[string]any{"code": "OLD20", "kind": "PERCENT", "amount": 20, "expiresAt": past}},
			{otherID, map[string]any{"code": "ELSE20", "kind": "PERCENT", "amount": 20}},
		} {
			s.Must(http.StatusCreated, "POST", "/api/events/"+c.event+"/discounts", org, c.body)
		}
		probe := func(u *auth.User, method, code string) eventstest.Response {
			return s.Do("POST", "/api/tickets/purchase", u, withCode(eventID, tierID, 1, method, code, u))
		}
		// The attack: a wrong payment method told a real code (400) from a guess (409).
		if real, guess := answer(t, probe(eventstest.BuyerN(1), "bitcoin", "REAL20")), answer(t, probe(eventstest.BuyerN(1), "bitcoin", "NOPE20")); real != guess {
			t.Errorf("a bad order tells codes apart:\n real  %s\n guess %s", real, guess)
		}
		unknown := answer(t, probe(eventstest.BuyerN(2), "cash", "NOPE20"))
		for _, code := range []string{"OLD20", "ELSE20", strings.Repeat("X", 40)} {
			if got := answer(t, probe(eventstest.BuyerN(2), "cash", code)); got != unknown {
				t.Errorf("code %q: %s, want the answer of an unknown code: %s", code, got, unknown)
			}
		}
		if res := probe(eventstest.BuyerN(3), "cash", "real20"); res.Status != http.StatusCreated {
			t.Fatalf("the real code: %d %s", res.Status, res.Body)
		}
	})
}

// One account may try only so many codes; the answer says when to come back, and
// other accounts and purchases without a code go on.
func TestDiscountCodeAttemptsAreLimited(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		s := eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL})
		eventID, tierID := s.PublishedEvent("Guessing Ball", 2500, 50)
		s.Must(http.StatusCreated, "POST", "/api/events/"+eventID+"/discounts", org,
			map[string]any{"code": "REAL20", "kind": "PERCENT", "amount": 20})
		guesser := eventstest.BuyerN(7)
		for i := range 10 {
			res := s.Do("POST", "/api/tickets/purchase", guesser, withCode(eventID, tierID, 1, "cash", "GUESS"+strconv.Itoa(i), guesser))
			if res.Status != http.StatusConflict {
				t.Fatalf("guess %d: %d %s", i, res.Status, res.Body)
			}
		}
		res := s.Do("POST", "/api/tickets/purchase", guesser, withCode(eventID, tierID, 1, "cash", "REAL20", guesser))
		retry, _ := strconv.Atoi(res.Header.Get("Retry-After"))
		if res.Status != http.StatusTooManyRequests || res.Code() != "RATE_LIMITED" || retry < 1 || retry > 15*60 {
			t.Fatalf("11th code from one account: %d %s (Retry-After %q)", res.Status, res.Body, res.Header.Get("Retry-After"))
		}
		if res := s.Buy(guesser, eventID, tierID, 1, "cash"); res.Status != http.StatusCreated {
			t.Errorf("a purchase without a code: %d %s", res.Status, res.Body)
		}
		honest := eventstest.BuyerN(8)
		if res := s.Do("POST", "/api/tickets/purchase", honest, withCode(eventID, tierID, 1, "cash", "REAL20", honest)); res.Status != http.StatusCreated {
			t.Errorf("another account with the real code: %d %s", res.Status, res.Body)
		}
	})
}
