package events_test

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/events/eventstest"
)

// A ticket given to a friend by e-mail gets a new code: the old one no longer
// admits or opens the ticket, the giver's order no longer shows a code for it,
// and the friend, signed in with that verified address, finds it among theirs.
// Only its holder may give it, once, while it is paid and unused.
func TestTicketTransfer(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		s := eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL})
		eventID, tierID := s.PublishedEvent("Transfer Ball", 0, 10)
		var o eventstest.Order
		s.Must(201, "POST", "/api/tickets/purchase", buyer, eventstest.PurchaseBody(eventID, tierID, 2, "free", buyer)).JSON(t, &o)
		old := o.Tickets[0].Code
		friend := &auth.User{ID: "u-friend", Email: "fran@example.com", Name: "Fran Friend", Roles: []string{auth.RoleUser}, EmailVerified: true}

		if res := s.Do("POST", "/api/tickets/"+old+"/transfer", eventstest.BuyerN(3), map[string]string{"email": friend.Email}); res.Status != http.StatusForbidden {
			t.Fatalf("someone else giving the ticket: %d %s", res.Status, res.Body)
		}
		if res := s.Do("POST", "/api/tickets/"+old+"/transfer", buyer, map[string]string{"email": "not-an-address"}); res.Status != http.StatusBadRequest {
			t.Fatalf("a bad address: %d %s", res.Status, res.Body)
		}
		res := s.Must(200, "POST", "/api/tickets/"+old+"/transfer", buyer, map[string]string{"email": "Fran@Example.com"})
		var given struct {
			Code, AttendeeEmail, Status string
		}
		res.JSON(t, &given)
		if given.Code != "" || given.AttendeeEmail != friend.Email || given.Status != "VALID" {
			t.Fatalf("the transfer's answer: %s", res.Body)
		}
		if res := s.Do("GET", "/api/tickets/"+old, nil, nil); res.Status != http.StatusNotFound {
			t.Fatalf("the old code still opens the ticket: %d", res.Status)
		}
		if res := s.Do("POST", "/api/events/"+eventID+"/checkin", eventstest.Organizer, map[string]string{"code": old}); res.Status != http.StatusNotFound || res.Code() != "TICKET_NOT_FOUND" {
			t.Fatalf("the old code at the door: %d %s", res.Status, res.Body)
		}
		if res := s.Do("POST", "/api/tickets/"+old+"/transfer", buyer, map[string]string{"email": "x@example.com"}); res.Status != http.StatusNotFound {
			t.Fatalf("giving it again under the old code: %d", res.Status)
		}
		mine := order(t, s, o.ID)
		shown := map[string]bool{}
		for _, tk := range mine.Tickets {
			shown[tk.Code] = true
		}
		if len(mine.Tickets) != 2 || !shown[""] || !shown[o.Tickets[1].Code] {
			t.Fatalf("the giver's order shows codes %+v", mine.Tickets)
		}

		var theirs struct {
			Items []struct{ Code, EventID, AttendeeEmail string }
		}
		s.Must(200, "GET", "/api/me/tickets", friend, nil).JSON(t, &theirs)
		if len(theirs.Items) != 1 || theirs.Items[0].Code == "" || theirs.Items[0].Code == old || theirs.Items[0].EventID != eventID {
			t.Fatalf("the friend's tickets: %+v", theirs.Items)
		}
		fresh := theirs.Items[0].Code
		unverified := *friend
		unverified.ID, unverified.EmailVerified = "u-friend-2", false
		var none struct{ Items []any }
		s.Must(200, "GET", "/api/me/tickets", &unverified, nil).JSON(t, &none)
		if len(none.Items) != 0 {
			t.Fatal("an unverified account of the same address sees the ticket")
		}
		var left struct{ Items []struct{ Code string } }
		s.Must(200, "GET", "/api/me/tickets", buyer, nil).JSON(t, &left)
		for _, it := range left.Items {
			if it.Code == fresh || it.Code == old {
				t.Fatal("the giver still lists the given ticket")
			}
		}
		if res := s.Do("POST", "/api/events/"+eventID+"/checkin", eventstest.Organizer, map[string]string{"code": strings.ToLower(fresh)}); res.Status != 200 {
			t.Fatalf("the new code at the door: %d %s", res.Status, res.Body)
		}
		if res := s.Do("POST", "/api/tickets/"+fresh+"/transfer", friend, map[string]string{"email": "z@example.com"}); res.Status != http.StatusConflict {
			t.Fatalf("giving a used ticket: %d %s", res.Status, res.Body)
		}
	})
}

// Two transfers of one ticket at once: one gives it, the other is refused, and
// the ticket has one new holder.
func TestTicketTransferRace(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		s := eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL})
		eventID, tierID := s.PublishedEvent("Race Ball", 0, 10)
		var o eventstest.Order
		s.Must(201, "POST", "/api/tickets/purchase", buyer, eventstest.PurchaseBody(eventID, tierID, 1, "free", buyer)).JSON(t, &o)
		code := o.Tickets[0].Code
		const n = 8
		statuses := make(chan int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := s.Try("POST", "/api/tickets/"+code+"/transfer", buyer, map[string]string{"email": "friend" + strconv.Itoa(i) + "@example.com"})
				if err != nil {
					t.Error(err)
					return
				}
				statuses <- res.Status
			}()
		}
		wg.Wait()
		close(statuses)
		ok := 0
		for st := range statuses {
			switch st {
			case http.StatusOK:
				ok++
			case http.StatusNotFound, http.StatusConflict:
			default:
				t.Errorf("a racing transfer answered %d", st)
			}
		}
		var holders int
		if err := s.Instance.Deps.DB.QueryRow(`SELECT COUNT(*) FROM tickets WHERE order_id = $1 AND owner_id = '' AND attendee_email LIKE 'friend%'`, o.ID).Scan(&holders); err != nil {
			t.Fatal(err)
		}
		if ok != 1 || holders != 1 {
			t.Fatalf("%d transfers succeeded, %d holders", ok, holders)
		}
	})
}
