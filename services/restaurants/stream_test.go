package restaurants_test

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/restaurants/ports/httpapi"
	"stepperslife/services/restaurants/resttest"
)

func TestOrderStreamAnnouncesAndEndsOnStop(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		s := newShop(t, e)
		e.Must(403, "GET", "/api/restaurants/"+s.ID+"/orders/stream", &resttest.Customer, nil)

		req, _ := http.NewRequest("GET", e.URL+"/api/restaurants/"+s.ID+"/orders/stream", nil)
		hosttest.Authorize(req, &resttest.Staff)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("stream: %d %v", res.StatusCode, res.Header)
		}
		lines := make(chan string, 64)
		go func() {
			sc := bufio.NewScanner(res.Body)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		if l := <-lines; !strings.HasPrefix(l, "retry:") {
			t.Fatalf("first line %q", l)
		}
		// The hub counts the watcher once the stream is open; then an order is announced.
		for e.App.Hub().Watchers(s.ID) == 0 {
			time.Sleep(10 * time.Millisecond)
		}
		id := e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 1)).Map(t)["id"].(string)
		for l := range lines {
			if strings.HasPrefix(l, "data: ") && strings.Contains(l, id) && strings.Contains(l, `"kind":"created"`) {
				break
			}
		}
		// A server stop ends the stream instead of waiting for its grace period.
		e.Stop()
		for range lines {
		}
	})
}

// Someone taken off the team stops hearing about orders at the next heartbeat.
func TestOrderStreamEndsWhenRemovedFromTheTeam(t *testing.T) {
	defer func(h time.Duration) { httpapi.Heartbeat = h }(httpapi.Heartbeat)
	httpapi.Heartbeat = 50 * time.Millisecond
	e := resttest.Start(t, resttest.Options{})
	s := newShop(t, e)
	req, _ := http.NewRequest("GET", e.URL+"/api/restaurants/"+s.ID+"/orders/stream", nil)
	hosttest.Authorize(req, &resttest.Staff)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("stream: %d", res.StatusCode)
	}
	var team struct {
		Items []struct{ ID, Email string } `json:"items"`
	}
	e.Must(200, "GET", "/api/restaurants/"+s.ID+"/staff", &resttest.Owner, nil).JSON(t, &team)
	for _, m := range team.Items {
		if m.Email == resttest.Staff.Email {
			e.Must(204, "DELETE", "/api/restaurants/"+s.ID+"/staff/"+m.ID, &resttest.Owner, nil)
		}
	}
	ended := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
		}
		close(ended)
	}()
	select {
	case <-ended:
	case <-time.After(30 * time.Second):
		t.Fatal("the stream goes on for someone no longer on the team")
	}
}
