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
	list, err := getJSON[web.List[eventsapi.Ticket]](s, r, "events", "/api/me/tickets?limit="+strconv.Itoa(mineLimit))
	status := http.StatusOK
	if err != nil {
		p.Down, status = "We could not reach Events right now, so your tickets cannot be shown. They are safe; please try again in a moment.", http.StatusServiceUnavailable
	} else {
		p.Upcoming, p.Past = ticketGroups(list.Items, s.now())
		p.More = moreNote(list.Pagination.HasMore, "tickets")
	}
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
	list, err := getJSON[web.List[restaurantsapi.Order]](s, r, "restaurants", "/api/me/orders?limit="+strconv.Itoa(mineLimit))
	status := http.StatusOK
	if err != nil {
		p.Down, status = "We could not reach Restaurants right now, so your orders cannot be shown. They are safe; please try again in a moment.", http.StatusServiceUnavailable
	} else {
		for _, o := range list.Items {
			fo := foodOrderView(o)
			if over(o.Status) {
				p.Done = append(p.Done, fo)
			} else {
				p.Current = append(p.Current, fo)
			}
		}
		p.More = moreNote(list.Pagination.HasMore, "orders")
	}
	s.renderMine(w, r, status, u, p)
}

// moreNote says the page lists only the latest of what; "" when it lists all.
func moreNote(more bool, what string) string {
	if !more {
		return ""
	}
	return "Only your latest " + strconv.Itoa(mineLimit) + " " + what + " are listed here."
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
	if p.Down != "" {
		w.Header().Set("Retry-After", "30")
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, status, "mine.html", ui.View{Title: p.Heading, Service: "portal", User: u, Data: p})
}
