package site

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// mineLimit is how many of their tickets or orders the "all of mine" pages show: the
// services' largest page.
const mineLimit = 100

// minePage is all of the user's tickets or all of their food orders, drawn from the
// service that owns them with the user's own token.
type minePage struct {
	Heading, Intro string
	Tickets        bool // the tickets page; else the orders page
	Upcoming, Past []ticketGroup
	Current, Done  []foodOrder
	Down           string // why nothing is shown: the service did not answer
	More           string // says the user has more than the page shows
}

// ticketGroup is the tickets of one order: one event, one or more admissions.
type ticketGroup struct {
	Event, EventHref, When, WhenISO, Venue string
	starts                                 time.Time
	Tickets                                []ticketRow
}

type ticketRow struct{ Label, URL, Status string }

type foodOrder struct {
	ID, Anchor, Restaurant, Number string
	Status, PaymentStatus          string
	Pickup, PickupISO, Ordered     string
	Lines                          []foodLine
	Subtotal, Tax, Total           string
	Href                           string // the order's own page
	Track                          tracker
}

type foodLine struct {
	Name, Notes, Total string
	Quantity           int64
}

func (s *Site) myTickets(w http.ResponseWriter, r *http.Request) {
	u, ok := auth.FromContext(r.Context())
	if !ok {
		signIn(w, r)
		return
	}
	p := minePage{Heading: "Your tickets", Tickets: true,
		Intro: "Every ticket you have, soonest first. Open a ticket to show its QR code at the door."}
	tickets, more, down, status := readMine[eventsapi.Ticket](s, w, r,
		mineSource{service: "events", name: "Events", path: "/api/me/tickets", what: "tickets", safe: "They are safe"})
	p.Upcoming, p.Past = ticketGroups(tickets, s.now())
	p.More, p.Down = more, down
	s.renderMine(w, r, status, u, p)
}

// ticketGroups gathers tickets by order, upcoming events soonest first, past ones
// latest first.
func ticketGroups(tickets []eventsapi.Ticket, now time.Time) (upcoming, past []ticketGroup) {
	index := map[string]int{}
	var all []ticketGroup
	for _, t := range tickets {
		i, ok := index[t.OrderID]
		if !ok {
			g := ticketGroup{Event: t.EventTitle, Venue: t.Venue}
			if t.EventSlug != "" {
				g.EventHref = "/events/" + pathEscape(t.EventSlug)
			}
			if t.StartsAt != nil {
				g.starts = *t.StartsAt
				g.When, g.WhenISO = datetime(*t.StartsAt), t.StartsAt.UTC().Format(time.RFC3339)
			}
			i = len(all)
			index[t.OrderID] = i
			all = append(all, g)
		}
		label := "Ticket"
		if t.TierName != "" {
			label = t.TierName + " ticket"
		}
		all[i].Tickets = append(all[i].Tickets, ticketRow{Label: label, URL: safeURL(t.URL), Status: t.Status})
	}
	for _, g := range all {
		if len(g.Tickets) > 1 {
			for n := range g.Tickets {
				g.Tickets[n].Label += " " + strconv.Itoa(n+1)
			}
		}
		// An event is upcoming until a few hours after it starts: tonight's ticket
		// stays on top while the night is on.
		if g.starts.IsZero() || g.starts.Add(6*time.Hour).After(now) {
			upcoming = append(upcoming, g)
		} else {
			past = append(past, g)
		}
	}
	sort.SliceStable(upcoming, func(i, j int) bool { return upcoming[i].starts.Before(upcoming[j].starts) })
	sort.SliceStable(past, func(i, j int) bool { return past[i].starts.After(past[j].starts) })
	return upcoming, past
}

func (s *Site) myOrders(w http.ResponseWriter, r *http.Request) {
	u, ok := auth.FromContext(r.Context())
	if !ok {
		signIn(w, r)
		return
	}
	p := minePage{Heading: "Your food orders", Intro: "Every order you placed, newest first, with what is in it."}
	orders, more, down, status := readMine[restaurantsapi.Order](s, w, r,
		mineSource{service: "restaurants", name: "Restaurants", path: "/api/me/orders", what: "orders", safe: "They are safe"})
	for _, o := range orders {
		fo := foodOrderView(o)
		if over(o.Status) {
			p.Done = append(p.Done, fo)
		} else {
			p.Current = append(p.Current, fo)
		}
	}
	p.More, p.Down = more, down
	s.renderMine(w, r, status, u, p)
}

// moreNote says the page lists only the latest of what; "" when it lists all.
func moreNote(more bool, what string) string {
	if !more {
		return ""
	}
	return "Only your latest " + strconv.Itoa(mineLimit) + " " + what + " are listed here."
}

// mineSource is where a "Your …" page reads what the signed-in person has.
type mineSource struct {
	service, name, path string // the service, its name in a sentence, its /api/me/… list
	what, safe          string // what the page lists; why nothing is lost when it cannot be shown
}

// readMine reads the person's latest items from src with their own token. When the
// service does not answer, down says so in the page's words and status is 503 with
// Retry-After; more says when only the latest are listed.
func readMine[T any](s *Site, w http.ResponseWriter, r *http.Request, src mineSource) (items []T, more, down string, status int) {
	list, err := getJSON[web.List[T]](s, r, src.service, src.path+"?limit="+strconv.Itoa(mineLimit))
	if err != nil {
		w.Header().Set("Retry-After", "30")
		return nil, "", "We could not reach " + src.name + " right now, so your " + src.what + " cannot be shown. " +
			src.safe + "; please try again in a moment.", http.StatusServiceUnavailable
	}
	return list.Items, moreNote(list.Pagination.HasMore, src.what), "", http.StatusOK
}

// over reports whether a food order needs nothing more from anyone.
func over(status string) bool {
	return status == "COMPLETED" || status == "CANCELLED" || status == "REFUNDED"
}

func foodOrderView(o restaurantsapi.Order) foodOrder {
	fo := foodOrder{ID: o.ID, Anchor: orderAnchor(o.ID), Restaurant: o.RestaurantName, Number: o.OrderNumber,
		Status: o.Status, PaymentStatus: o.PaymentStatus, Subtotal: ui.Money(o.SubtotalCents), Tax: ui.Money(o.TaxCents),
		Total: ui.Money(o.TotalCents), Href: "/me/orders/" + pathEscape(o.ID), Track: trackerOf(o)}
	if !o.PickupTime.IsZero() {
		fo.Pickup, fo.PickupISO = datetime(o.PickupTime), o.PickupTime.UTC().Format(time.RFC3339)
	}
	if !o.CreatedAt.IsZero() {
		fo.Ordered = datetime(o.CreatedAt)
	}
	for _, l := range o.Items {
		fo.Lines = append(fo.Lines, foodLine{Name: l.Name, Notes: l.Notes, Quantity: l.Quantity, Total: ui.Money(l.LineTotalCents)})
	}
	return fo
}

// orderAnchor is the id of a food order's part of the orders page.
func orderAnchor(id string) string { return "order-" + id }

func (s *Site) renderMine(w http.ResponseWriter, r *http.Request, status int, u *auth.User, p minePage) {
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, status, "mine.html", ui.View{Title: p.Heading, Service: "portal", User: u, Data: p})
}
