package httpapi

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

// An event's organizer pages: a dashboard and one page per job (orders, attendees,
// the door, settings), each short on a phone, under one tab bar. Each form comes
// back to the page it is on.
var manageTabs = []struct{ Path, Name string }{
	{"", "Dashboard"}, {"/orders", "Orders"}, {"/attendees", "Attendees"}, {"/door", "Check-in"}, {"/settings", "Settings"},
}

// tabOfAction is the page whose form posts each dashboard action.
var tabOfAction = map[string]string{
	"edit": "/settings", "tiers": "/settings", "discounts": "/settings", "flyer": "/settings", "staff": "/door",
}

// orderFilters are the choices of the orders page's status filter.
var orderFilters = []struct{ Value, Name string }{
	{"", "All"}, {string(domain.OrderCompleted), "Paid"}, {string(domain.OrderPendingPayment), "Cash waiting"},
	{string(domain.OrderPending), "Card checkout open"}, {string(domain.OrderRefunded), "Refunded"},
	{string(domain.OrderCancelled), "Cancelled"},
}

type manageData struct {
	Tab   string // "" (the dashboard), "/orders", "/attendees", "/door", "/settings", "/message"
	Tabs  any
	Event app.EventWithTiers
	Base  string // the event's dashboard path
	Error string
	Live  bool // a draft or on sale: may still be changed

	// Dashboard
	Sales  domain.Sales
	Glance glance
	Next   []nextAction

	// Orders
	Orders   []domain.Order
	Cash     []domain.Order
	Q        string
	Status   string
	Filters  any
	Here     string // this page with its query, for the forms to come back to
	AllCount int

	// Attendees
	Attendees []domain.Attendee

	// Check-in
	Staff  []domain.Staff
	Counts app.DoorCounts

	// Settings
	Discounts    []domain.Discount
	FlyerURL     string
	Categories   []string
	StartsAt     string
	EndsAt       string
	CashDeadline string

	// Message
	Audience app.Audience
	Message  domain.MessageInput
	Confirm  bool
}

// glance is the dashboard's summary of the night's money and door.
type glance struct {
	Sold, Capacity, Scanned int
	GrossCents, FeeCents    int64
	NetCents, CashOwedCents int64
	CashOrders              int
}

// nextAction is one thing the organizer should do now, with where to do it.
type nextAction struct {
	Text, Href string
}

func (h *Handler) managePage(w http.ResponseWriter, r *http.Request) {
	tab := "/" + r.PathValue("tab")
	if tab == "/" {
		tab = ""
	}
	known := false
	for _, t := range manageTabs {
		known = known || t.Path == tab
	}
	if !known {
		h.pageError(w, r, errs.NotFound("Page"))
		return
	}
	ctx, u, id := r.Context(), caller(r), r.PathValue("id")
	e, err := h.ev.Manage(ctx, u, id)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := h.manageBase(r, e, tab)
	switch tab {
	case "":
		err = h.dashboardTab(r, &d)
	case "/orders":
		err = h.ordersTab(r, &d)
	case "/attendees":
		q := strings.TrimSpace(r.URL.Query().Get("q"))
		d.Q = q[:min(len(q), 200)]
		var all []domain.Attendee
		if _, all, err = h.ev.Attendees(ctx, u, id); err == nil {
			d.AllCount = len(all)
			d.Attendees = matching(all, d.Q, func(a domain.Attendee) []string { return []string{a.Name, a.Email, a.TicketCode} })
		}
	case "/door":
		if d.Counts, err = h.ev.Counts(ctx, u, id); err == nil {
			d.Staff, err = h.ev.Staff(ctx, u, id)
		}
	case "/settings":
		d.Categories, d.StartsAt, d.EndsAt, d.CashDeadline = domain.Categories, localValue(&e.StartsAt), localValue(&e.EndsAt), localValue(e.CashDeadline)
		d.FlyerURL = h.flyerURL(e.FlyerKey)
		if d.Discounts, err = h.ev.Discounts(ctx, u, id); err == nil {
			d.Sales, err = h.ev.Sales(ctx, u, id)
		}
	}
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	title := e.Title
	for _, t := range manageTabs {
		if t.Path == tab && tab != "" {
			title = t.Name + " · " + e.Title
		}
	}
	h.render(w, r, http.StatusOK, "manage.html", title, d)
}

func (h *Handler) manageBase(r *http.Request, e app.EventWithTiers, tab string) manageData {
	return manageData{Tab: tab, Tabs: manageTabs, Event: e, Base: "/dashboard/events/" + e.ID, Error: r.URL.Query().Get("err"),
		Live: e.Status == domain.EventDraft || e.Status == domain.EventPublished}
}

func (h *Handler) dashboardTab(r *http.Request, d *manageData) error {
	ctx, u, id := r.Context(), caller(r), d.Event.ID
	var err error
	if d.Sales, err = h.ev.Sales(ctx, u, id); err != nil {
		return err
	}
	if d.Cash, err = h.ev.Orders(ctx, u, id, domain.OrderPendingPayment); err != nil {
		return err
	}
	staff, err := h.ev.Staff(ctx, u, id)
	if err != nil {
		return err
	}
	g := glance{GrossCents: d.Sales.RevenueCents, FeeCents: d.Sales.PlatformFeeCents, CashOrders: len(d.Cash)}
	g.NetCents = g.GrossCents - g.FeeCents
	for _, t := range d.Sales.Tiers {
		g.Sold += t.Sold
		g.Capacity += t.Capacity
		g.Scanned += t.Scanned
	}
	for _, o := range d.Cash {
		g.CashOwedCents += o.TotalCents
	}
	d.Glance = g
	d.Next = nextActions(d, len(staff), h.ev.Now())
	return nil
}

// nextActions lists what the organizer should see to next, the most pressing first.
func nextActions(d *manageData, staff int, now time.Time) []nextAction {
	e, g, base := d.Event, d.Glance, d.Base
	var out []nextAction
	add := func(text, href string) { out = append(out, nextAction{Text: text, Href: href}) }
	switch {
	case e.Status == domain.EventDraft && len(e.Tiers) == 0:
		add("Add a ticket tier, then publish", base+"/settings#add-tier")
	case e.Status == domain.EventDraft:
		add("Publish to put tickets on sale", base+"#publish")
	}
	if !d.Live {
		return out
	}
	tonight := !now.Before(e.StartsAt.Add(-12*time.Hour)) && now.Before(e.EndsAt)
	if tonight && e.Status == domain.EventPublished {
		add("Open the door check-in", "/checkin/"+e.ID)
	}
	if g.CashOrders > 0 {
		add(plural(g.CashOrders, "cash order", "cash orders")+" waiting: "+ui.Money(g.CashOwedCents)+" to collect at the door",
			base+"/orders?status="+string(domain.OrderPendingPayment))
	}
	if staff == 0 && e.Status == domain.EventPublished {
		add("Add door staff who will scan tickets", base+"/door#add-staff")
	}
	if e.FlyerKey == "" {
		add("Upload a flyer", base+"/settings#flyer")
	}
	if g.Sold > 0 && e.Status == domain.EventPublished {
		add("Message your ticket holders by e-mail", base+"/message")
	}
	return out
}

func (h *Handler) ordersTab(r *http.Request, d *manageData) error {
	ctx, u, id := r.Context(), caller(r), d.Event.ID
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d.Q, d.Status, d.Filters = q[:min(len(q), 200)], r.URL.Query().Get("status"), orderFilters
	known := false
	for _, f := range orderFilters {
		known = known || f.Value == d.Status
	}
	if !known {
		d.Status = ""
	}
	all, err := h.ev.Orders(ctx, u, id, domain.OrderStatus(d.Status))
	if err != nil {
		return err
	}
	d.AllCount = len(all)
	d.Orders = matching(all, d.Q, func(o domain.Order) []string { return []string{o.BuyerName, o.BuyerEmail, o.ID} })
	here := url.Values{}
	if d.Q != "" {
		here.Set("q", d.Q)
	}
	if d.Status != "" {
		here.Set("status", d.Status)
	}
	d.Here = d.Base + "/orders"
	if len(here) > 0 {
		d.Here += "?" + here.Encode()
	}
	return nil
}

// matching keeps the items one of whose fields holds q, ignoring case.
func matching[T any](items []T, q string, fields func(T) []string) []T {
	if q == "" {
		return items
	}
	q = strings.ToLower(q)
	var out []T
	for _, it := range items {
		for _, f := range fields(it) {
			if strings.Contains(strings.ToLower(f), q) {
				out = append(out, it)
				break
			}
		}
	}
	return out
}
