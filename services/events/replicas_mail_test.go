package events_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/testenv"
	"stepperslife/services/events/eventstest"
)

// Two whole events services on one PostgreSQL database, both delivering the shared
// outbox to one mail server, send each ticket mail exactly once.
func TestTwoReplicasSendEachMailOnce(t *testing.T) {
	host, port, api := testenv.Mailpit(t)
	dbURL := dbtest.PostgresURL(t)
	env := map[string]string{"SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(port), "SMTP_FROM": "SteppersLife <tickets@stepperslife.com>"}
	rs := []*eventstest.Server{
		eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL, Env: env}),
		eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL, Env: env}),
	}
	eventID, tierID := rs[0].PublishedEvent("Mailed Twice Ball", 0, 50)
	const buyers = 20
	var wg sync.WaitGroup
	for i := range buyers {
		wg.Go(func() {
			u := eventstest.BuyerN(i)
			res, err := rs[i%2].Try("POST", "/api/tickets/purchase", u, eventstest.PurchaseBody(eventID, tierID, 1, "free", u))
			if err != nil || res.Status != http.StatusCreated {
				t.Errorf("purchase %d: %v %d %s", i, err, res.Status, res.Body)
			}
		})
	}
	wg.Wait()

	// Both outboxes were kicked by their own purchases; wait until nothing waits.
	d := rs[0].Instance.Deps.DB
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		var waiting int
		if err := d.QueryRow(`SELECT COUNT(*) FROM kit_outbox_mail WHERE sent_at IS NULL`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d mails never sent", waiting)
		}
	}
	var rows, once int
	if err := d.QueryRow(`SELECT COUNT(*), COUNT(*) FILTER (WHERE attempts = 1) FROM kit_outbox_mail`).Scan(&rows, &once); err != nil {
		t.Fatal(err)
	}
	if rows != buyers || once != buyers {
		t.Fatalf("%d mails in the outbox, %d sent at the first attempt; want %d", rows, once, buyers)
	}
	var list struct {
		Total    int `json:"total"`
		Messages []struct {
			MessageID string
			To        []struct{ Address string }
		} `json:"messages"`
	}
	res, err := http.Get(api + "/api/v1/messages?limit=200")
	if err != nil {
		t.Fatal(err)
	}
	err = json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	ids, to := map[string]int{}, map[string]int{}
	for _, m := range list.Messages {
		ids[m.MessageID]++
		for _, a := range m.To {
			to[a.Address]++
		}
	}
	if list.Total != buyers || len(ids) != buyers || len(to) != buyers {
		t.Fatalf("the mail server holds %d messages, %d distinct, to %d people; want %d", list.Total, len(ids), len(to), buyers)
	}
}
