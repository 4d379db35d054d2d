package store_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/testenv"
	"stepperslife/services/store/storetest"
)

// The service's background mailer sends what a checkout enqueued: the buyer's
// confirmation reaches a real SMTP server (Mailpit).
func TestConfirmationIsMailed(t *testing.T) {
	host, port, api := testenv.Mailpit(t)
	s := storetest.Start(t, storetest.Options{Env: map[string]string{
		"SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(port), "SMTP_FROM": "SteppersLife Store <store@stepperslife.com>"}})
	sh := newShop(t, s)
	out, res := s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.tee.Variants[1].ID, 2)))
	if res.Status != 201 {
		t.Fatalf("checkout: %d %s", res.Status, res.Body)
	}
	var list struct {
		Messages []struct {
			Subject string
			To      []struct{ Address string }
			Snippet string
		} `json:"messages"`
	}
	// The mailer is kicked at once; wait for delivery (bounded, not timed).
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
	if m.Subject != "Your order "+out.Orders[0].OrderNumber+" from Set Wear" || len(m.To) != 1 || m.To[0].Address != buyer.Email ||
		!strings.Contains(m.Snippet, "Thanks for your order") {
		t.Fatalf("message: %+v", m)
	}
}
