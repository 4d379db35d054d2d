package restaurants_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/resttest"
)

// board is an order stream opened by the staff on one replica, read event by event.
type board struct {
	events chan app.OrderEvent
}

// openBoard opens restaurant id's order stream on e as the staff and returns once
// the replica counts the watcher.
func openBoard(t testing.TB, e *resttest.Env, id string) *board {
	t.Helper()
	req, _ := http.NewRequest("GET", e.URL+"/api/restaurants/"+id+"/orders/stream", nil)
	hosttest.Authorize(req, &resttest.Staff)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if res.StatusCode != 200 {
		t.Fatalf("stream: %d", res.StatusCode)
	}
	b := &board{events: make(chan app.OrderEvent, 1024)}
	go func() {
		defer close(b.events)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var ev app.OrderEvent
				if json.Unmarshal([]byte(data), &ev) == nil {
					b.events <- ev
				}
			}
		}
	}()
	for e.App.Hub().Watchers(id) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	return b
}

// await reads the board until an event of kind about order arrives.
func (b *board) await(t testing.TB, orderID, kind string) app.OrderEvent {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case ev, ok := <-b.events:
			if !ok {
				t.Fatalf("the stream ended before %s of %s", kind, orderID)
			}
			if ev.OrderID == orderID && ev.Kind == kind {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s event for %s on the other replica", kind, orderID)
		}
	}
}

// Two replicas of the service on one PostgreSQL database: an order placed through
// replica A reaches the kitchen board open on replica B, and the kitchen's answer
// given on B reaches a board open on A.
func TestLiveBoardAcrossReplicas(t *testing.T) {
	url := dbtest.PostgresURL(t)
	a := resttest.Start(t, resttest.Options{DatabaseURL: url})
	b := resttest.Start(t, resttest.Options{DatabaseURL: url})
	s := newShop(t, a)
	onB := openBoard(t, b, s.ID)
	onA := openBoard(t, a, s.ID)

	ord := a.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 1)).Map(t)
	id := ord["id"].(string)
	if ev := onB.await(t, id, "created"); ev.RestaurantID != s.ID || ev.OrderNumber != ord["orderNumber"] || ev.Status != "PENDING" {
		t.Fatalf("event on B: %+v", ev)
	}
	onA.await(t, id, "created") // A's own board hears it too
	b.Must(200, "PATCH", "/api/orders/"+id, &resttest.Staff, map[string]string{"status": "CONFIRMED"})
	if ev := onA.await(t, id, "status"); ev.Status != "CONFIRMED" {
		t.Fatalf("event on A: %+v", ev)
	}
	onB.await(t, id, "status")
	// Each board heard each event once, whichever replica it came from.
	select {
	case ev := <-onA.events:
		t.Fatalf("A heard more: %+v", ev)
	case ev := <-onB.events:
		t.Fatalf("B heard more: %+v", ev)
	case <-time.After(200 * time.Millisecond):
	}
}

// BenchmarkLiveBoardAcrossReplicas measures how long an order placed through replica
// A takes to show on a board open on replica B (two replicas, one PostgreSQL
// database), from the moment the order is sent. Orders go one at a time, so each
// latency is the path alone, not a queue. Run by hand:
//
//	go test ./services/restaurants/ -run '^$' -bench LiveBoardAcrossReplicas -benchtime 500x
//
// It reports the 50th and 99th percentile, the order's own answer time beside, and
// how long after that answer the other board hears of it.
func BenchmarkLiveBoardAcrossReplicas(b *testing.B) {
	url := dbtest.PostgresURL(b)
	a := resttest.Start(b, resttest.Options{DatabaseURL: url})
	r := resttest.Start(b, resttest.Options{DatabaseURL: url})
	s := newShop(b, a)
	onB := openBoard(b, r, s.ID)
	board := make([]time.Duration, 0, b.N)
	answer := make([]time.Duration, 0, b.N)
	after := make([]time.Duration, 0, b.N) // from the answer on A to the event on B
	b.ResetTimer()
	for i := range b.N {
		// Each order from its own customer: one customer may hold only a few open
		// pay-at-pickup orders.
		u := resttest.Customer
		u.ID = fmt.Sprintf("u-live-%d", i)
		t0 := time.Now()
		id := a.Must(201, "POST", "/api/orders", &u, s.order("pay_at_pickup", s.Wings, 1)).Map(b)["id"].(string)
		answer = append(answer, time.Since(t0))
		onB.await(b, id, "created")
		board = append(board, time.Since(t0))
		after = append(after, board[i]-answer[i])
	}
	b.StopTimer()
	for _, l := range [][]time.Duration{board, answer, after} {
		slices.Sort(l)
	}
	b.ReportMetric(ms(board[len(board)/2]), "board-p50-ms")
	b.ReportMetric(ms(board[len(board)*99/100]), "board-p99-ms")
	b.ReportMetric(ms(answer[len(answer)/2]), "order-p50-ms")
	b.ReportMetric(ms(answer[len(answer)*99/100]), "order-p99-ms")
	b.ReportMetric(ms(after[len(after)/2]), "after-answer-p50-ms")
	b.ReportMetric(ms(after[len(after)*99/100]), "after-answer-p99-ms")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
