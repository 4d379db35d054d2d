package events_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/testenv"
	"stepperslife/services/events/eventstest"
)

// When an order completes, the service's background mailer sends the tickets.
func TestCompletedOrderMailsTheTickets(t *testing.T) {
	host, port, api := testenv.Mailpit(t)
	s := eventstest.Start(t, eventstest.Options{Env: map[string]string{
		"SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(port), "SMTP_FROM": "SteppersLife <tickets@stepperslife.com>"}})
	eventID, tierID := s.PublishedEvent("Mailed Ball", 1500, 10)
	var o eventstest.Order
	s.Buy(buyer, eventID, tierID, 1, "cash").JSON(t, &o)
	if res := s.Do("POST", "/api/orders/"+o.ID+"/approve-cash", org, nil); res.Status != 200 {
		t.Fatalf("approve: %d %s", res.Status, res.Body)
	}
	// The mailer is kicked at once; wait for delivery (bounded, not timed).
	var list struct {
		Messages []struct {
			Subject string
			To      []struct{ Address string }
			Snippet string
		} `json:"messages"`
	}
	for deadline := time.Now().Add(60 * time.Second); ; {
		res, err := http.Get(api + "/api/v1/messages")
		if err != nil {
			t.Fatal(err)
		}
		_ = json.NewDecoder(res.Body).Decode(&list)
		res.Body.Close()
		if len(list.Messages) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(list.Messages) != 1 {
		t.Fatalf("messages: %+v", list.Messages)
	}
	m := list.Messages[0]
	if !strings.Contains(m.Subject, "Mailed Ball") || len(m.To) != 1 || m.To[0].Address != buyer.Email {
		t.Fatalf("message: %+v", m)
	}
}
