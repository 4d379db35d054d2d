package site

import (
	"net/http"
	"strconv"

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// A food order's own page under My SteppersLife: the itemized receipt and where the
// kitchen is with it (Received → Accepted → Preparing → Ready), kept live by
// food.js. The page an order form redirects to, so a refresh never re-posts.

type trackStep struct {
	Label, Note string
	Done, Now   bool
}

// tracker is where an order stands, as the steps a customer follows.
type tracker struct {
	Steps      []trackStep
	Headline   string // "Ready for pickup!" …
	Detail     string // "Ready by about 7:45 PM" …
	Over       bool   // nothing more will change: the page stops asking
	Cancelled  bool
	Reason     string
	StatusText string
}

// trackerOf is o's progress through the kitchen.
func trackerOf(o restaurantsapi.Order) tracker {
	order := map[string]int{"PENDING": 0, "CONFIRMED": 1, "PREPARING": 2, "READY_FOR_PICKUP": 3, "COMPLETED": 4}
	at, known := order[o.Status]
	t := tracker{StatusText: restaurantsapi.Words.Of("order", o.Status).Text}
	ready := ""
	if o.ReadyAt != nil {
		ready = clock(*o.ReadyAt)
	}
	labels := []string{"Received", "Accepted", "Preparing", "Ready"}
	for i, l := range labels {
		st := trackStep{Label: l, Done: known && i < at, Now: known && i == at}
		if i == 1 && ready != "" {
			st.Note = "ready by " + ready
		}
		if at == 4 {
			st.Done = true
		}
		t.Steps = append(t.Steps, st)
	}
	switch o.Status {
	case "PENDING":
		t.Headline = "The kitchen has your order"
		t.Detail = "Waiting for " + o.RestaurantName + " to accept it."
		if o.PaymentStatus == "AWAITING_PAYMENT" {
			t.Detail = "Waiting for your card payment to go through."
		}
	case "CONFIRMED":
		t.Headline = "Accepted"
		t.Detail = readyLine(ready)
	case "PREPARING":
		t.Headline = "Being prepared"
		t.Detail = readyLine(ready)
	case "READY_FOR_PICKUP":
		t.Headline = "Ready for pickup!"
		t.Detail = "Give your order number " + o.OrderNumber + " at the counter."
	case "COMPLETED":
		t.Headline, t.Over = "Picked up. Enjoy!", true
	case "CANCELLED", "REFUNDED":
		t.Headline, t.Over, t.Cancelled, t.Reason = restaurantsapi.Words.Of("order", o.Status).Text, true, true, o.CancelReason
	default:
		t.Headline, t.Over = t.StatusText, true
	}
	return t
}

func readyLine(ready string) string {
	if ready == "" {
		return "The kitchen is on it."
	}
	return "Ready by about " + ready + "."
}

type foodOrderPage struct {
	Order               foodOrder
	Track               tracker
	Placed              bool // just placed: the page thanks them
	Email, Phone        string
	PaidAtPickup        bool
	RestaurantHref      string
	CancelledNothingDue bool
}

func (s *Site) myOrder(w http.ResponseWriter, r *http.Request) {
	u, ok := auth.FromContext(r.Context())
	if !ok {
		signIn(w, r)
		return
	}
	o, err := getJSON[restaurantsapi.Order](s, r, "restaurants", "/api/orders/"+pathEscape(r.PathValue("id")))
	if err != nil {
		if e := asError(err); e.Code == errs.CodeNotFound || e.Code == errs.CodeForbidden {
			s.unavailable(w, r, "restaurants", errs.NotFound("Order"))
			return
		}
		s.unavailable(w, r, "restaurants", err)
		return
	}
	p := foodOrderPage{Order: foodOrderView(o), Track: trackerOf(o), Placed: r.URL.Query().Get("placed") == "1",
		Email: o.Customer.Email, Phone: o.Customer.Phone,
		PaidAtPickup: o.PaymentMethod == restaurantsapi.PayAtPickup && o.PaymentStatus == "DUE_AT_PICKUP"}
	title := "Order " + o.OrderNumber
	if p.Placed {
		title = "Thank you · " + title
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, http.StatusOK, "foodorder.html", ui.View{Title: title, Service: "portal", User: u, Data: p})
}

// restaurantCard is one restaurant on the portal's list, with its hours today.
type restaurantCard struct {
	Name, Href, Image, ImageSet, Cuisine, Address, Summary string
	OpenNote                                               string
	Open                                                   bool
}

type restaurantsPage struct {
	Cards []restaurantCard
	Down  bool
	More  string
}

// restaurantsList is the portal's list of restaurants, open ones first, each saying
// whether it is open now and until when.
func (s *Site) restaurantsList(w http.ResponseWriter, r *http.Request) {
	list, err := getJSON[web.List[restaurantsapi.Restaurant]](s, r, "restaurants", "/api/restaurants?limit="+strconv.Itoa(s.opts.PageItems))
	p := restaurantsPage{}
	status := http.StatusOK
	if err != nil {
		p.Down = true
		w.Header().Set("Retry-After", "30")
	} else {
		now := s.now()
		var open, closed []restaurantCard
		for _, rs := range list.Items {
			c := restaurantCard{Name: rs.Name, Href: "/restaurants/" + pathEscape(rs.Slug), Image: s.imageURL("restaurants", rs.ImageURL),
				Cuisine: rs.Cuisine, Address: rs.Address, Summary: rs.Description}
			c.ImageSet = imaging.Srcset(c.Image)
			c.OpenNote, c.Open = openNote(rs, now)
			if c.Open {
				open = append(open, c)
			} else {
				closed = append(closed, c)
			}
		}
		p.Cards = append(open, closed...)
		if list.Pagination.HasMore {
			p.More = "More restaurants are listed in search."
		}
	}
	v := verticalOf("restaurants")
	s.tpl.Render(w, r, status, "restaurants.html", ui.View{Title: v.Title, Description: v.Blurb, Service: "portal", Data: p})
}
