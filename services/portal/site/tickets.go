package site

import (
	_ "embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// mountTickets registers the ticket pages beyond the event page itself: the
// running total, the confirmation a buyer can reload, the calendar file.
func (s *Site) mountTickets(mux *http.ServeMux) {
	mux.HandleFunc("POST /events/{slug}/quote", s.quoteTickets)
	mux.HandleFunc("GET /events/{slug}/orders/{id}", s.ticketOrder)
	mux.HandleFunc("POST /events/{slug}/orders/{id}/give", s.giveTicket)
	mux.HandleFunc("GET /events/{slug}/calendar.ics", s.eventCalendar)
}

// totalView is the running total under the ticket form, as the events service
// priced it.
type totalView struct {
	Tickets                   int
	Subtotal, Discount, Total string
	DiscountCents, TotalCents int64
	Code                      string
}

func totalOf(q eventsapi.Quote) *totalView {
	return &totalView{Tickets: q.Tickets, Subtotal: ui.Money(q.SubtotalCents), Discount: ui.Money(q.DiscountCents),
		DiscountCents: q.DiscountCents, Total: ui.Money(q.TotalCents), TotalCents: q.TotalCents, Code: q.DiscountCode}
}

// purchaseOf is the form as the events service's purchase body.
func purchaseOf(ev eventView, f buyForm) eventsapi.PurchaseRequest {
	req := eventsapi.PurchaseRequest{EventID: ev.ID, Attendee: eventsapi.Attendee{Name: f.Name, Email: f.Email},
		DiscountCode: f.Code}
	for _, t := range ev.Tiers {
		if q, _ := strconv.Atoi(f.Fields["qty."+t.ID]); q > 0 {
			req.Items = append(req.Items, eventsapi.PurchaseItem{TierID: t.ID, Quantity: q})
		}
	}
	return req
}

// quoteAnswer is the running total the page's script asks for as quantities or
// the code change.
type quoteAnswer struct {
	Tickets  int    `json:"tickets"`
	Subtotal string `json:"subtotal"`
	Discount string `json:"discount,omitempty"`
	Total    string `json:"total"`
	Error    string `json:"error,omitempty"`
}

// quoteTickets answers the page's script with the events service's price of the
// form as it stands. A refused code is said in words, with the total without it.
func (s *Site) quoteTickets(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read."))
		return
	}
	ev, err := s.loadEvent(r, r.PathValue("slug"))
	if err != nil {
		web.WriteError(w, r, asError(err))
		return
	}
	req := purchaseOf(ev, formOf(r))
	if len(req.Items) == 0 {
		web.WriteJSON(w, http.StatusOK, quoteAnswer{Subtotal: ui.Money(0), Total: ui.Money(0)})
		return
	}
	if _, ok := auth.FromContext(r.Context()); !ok && req.DiscountCode != "" {
		web.WriteJSON(w, http.StatusOK, quoteAnswer{Error: "Sign in to use a discount code."})
		return
	}
	q, err := postJSON[eventsapi.Quote](s, r, "events", "/api/tickets/quote", req, "")
	if err != nil {
		e := asError(err)
		web.WriteJSON(w, http.StatusOK, quoteAnswer{Error: politely(e, "events")})
		return
	}
	t := totalOf(q)
	a := quoteAnswer{Tickets: t.Tickets, Subtotal: t.Subtotal, Total: t.Total}
	if q.DiscountCents > 0 {
		a.Discount = "−" + t.Discount
	}
	web.WriteJSON(w, http.StatusOK, a)
}

// confirmation is the page a buyer lands on after buying, and may reload.
type confirmation struct {
	Event                   eventView
	Order                   eventsapi.Order
	Total, HeldUntil, MapTo string
	Paid, Cash, Waiting     bool
	Tickets                 []confirmedTicket
	Share                   string
	// Given and Error are what the last "give to a friend" did.
	Given, Error string
	Key          string
}

type confirmedTicket struct {
	Code, Tier, Status, QR, Page string
	Valid                        bool
	// GivenTo is who the ticket was given to; its code is theirs alone.
	GivenTo string
	// Givable: paid and unused, so it may go to a friend.
	Givable bool
}

// ticketOrder shows an order the caller placed: its QR codes, when and where, what
// to bring when it is cash at the door. It reads the order from the events service
// each time, so a reload shows it as it is now and never buys again.
func (s *Site) ticketOrder(w http.ResponseWriter, r *http.Request) {
	if _, ok := auth.FromContext(r.Context()); !ok {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		return
	}
	ev, err := s.loadEvent(r, r.PathValue("slug"))
	if err != nil {
		s.unavailable(w, r, "events", err)
		return
	}
	o, err := getJSON[eventsapi.Order](s, r, "events", "/api/orders/"+pathEscape(r.PathValue("id")))
	if err != nil {
		s.unavailable(w, r, "events", err)
		return
	}
	if o.EventID != ev.ID {
		s.unavailable(w, r, "events", errs.NotFound("Order"))
		return
	}
	c := confirmation{Event: ev, Order: o, Total: ui.Money(o.TotalCents), Paid: o.Status == "COMPLETED",
		Cash: o.PaymentMethod == eventsapi.PayCash, Share: ownOrigin(r) + "/events/" + pathEscape(ev.Slug)}
	c.Waiting = o.Status == "PENDING_PAYMENT" || o.Status == "PENDING"
	if o.HoldExpiresAt != nil {
		c.HeldUntil = datetime(*o.HoldExpiresAt)
	}
	if ev.Address != "" {
		c.MapTo = "https://www.google.com/maps/search/?api=1&query=" + url.QueryEscape(ev.Venue+", "+ev.Address)
	}
	tiers := map[string]string{}
	for _, t := range ev.Tiers {
		tiers[t.ID] = t.Name
	}
	for _, t := range o.Tickets {
		ct := confirmedTicket{Code: t.Code, Tier: tiers[t.TierID], Status: t.Status,
			QR: safeURL(t.QRURL), Page: safeURL(t.URL), Valid: t.Status == "VALID" || t.Status == "PENDING"}
		if t.Code == "" {
			ct.GivenTo, ct.Valid = t.AttendeeEmail, false
		}
		ct.Givable = t.Code != "" && t.Status == "VALID"
		c.Tickets = append(c.Tickets, ct)
	}
	c.Given, c.Error, c.Key = r.URL.Query().Get("given"), r.URL.Query().Get("err"), newKey()
	w.Header().Set("Cache-Control", "private, no-store")
	title := "Your tickets"
	if c.Cash && c.Waiting {
		title = "Reserved: pay at the door"
	}
	s.tpl.Render(w, r, http.StatusOK, "tickets_done.html", ui.View{Title: title, Service: "portal", Data: c})
}

// giveTicket gives one ticket of the order to a friend by e-mail (the events
// service's transfer), then shows the order again.
func (s *Site) giveTicket(w http.ResponseWriter, r *http.Request) {
	if _, ok := auth.FromContext(r.Context()); !ok {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read."))
		return
	}
	back := "/events/" + pathEscape(r.PathValue("slug")) + "/orders/" + pathEscape(r.PathValue("id"))
	email := strings.TrimSpace(r.PostFormValue("email"))
	key := strings.TrimSpace(r.PostFormValue("idempotency_key"))
	if len(key) > 64 {
		key = ""
	}
	q := url.Values{}
	_, err := postJSON[eventsapi.Ticket](s, r, "events", "/api/tickets/"+pathEscape(r.PostFormValue("code"))+"/transfer",
		map[string]string{"email": email}, key)
	if err != nil {
		q.Set("err", politely(asError(err), "events"))
	} else {
		q.Set("given", email)
	}
	http.Redirect(w, r, back+"?"+q.Encode(), http.StatusSeeOther)
}

// eventCalendar is the event as an iCalendar file, for "add to calendar".
func (s *Site) eventCalendar(w http.ResponseWriter, r *http.Request) {
	e, err := getJSON[eventsapi.Event](s, r, "events", "/api/events/"+pathEscape(r.PathValue("slug")))
	if err != nil {
		s.unavailable(w, r, "events", err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.Map(fileSafe, e.Slug)+`.ics"`)
	_, _ = w.Write([]byte(icsOf(e, s.now())))
}

func fileSafe(r rune) rune {
	if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
		return r
	}
	return '-'
}

// icsOf is one event in iCalendar (RFC 5545), its times in UTC.
func icsOf(e eventsapi.Event, now time.Time) string {
	end := e.EndsAt
	if end.IsZero() {
		end = e.StartsAt.Add(4 * time.Hour)
	}
	where := e.Venue
	if e.Address != "" {
		where += ", " + e.Address
	}
	cal := ics.NewCalendar()
	cal.SetProductId("-//SteppersLife//Events//EN")
	cal.SetCalscale("GREGORIAN")
	ev := cal.AddEvent(e.ID + "@stepperslife.com")
	ev.SetDtStampTime(now)
	ev.SetStartAt(e.StartsAt)
	ev.SetEndAt(end)
	// The library escapes TEXT values; it leaves a carriage return alone.
	lines := strings.NewReplacer("\r\n", "\n", "\r", "\n")
	ev.SetSummary(lines.Replace(e.Title))
	ev.SetLocation(lines.Replace(where))
	ev.SetDescription(lines.Replace(e.Description))
	if e.URL != "" {
		ev.SetURL(e.URL)
	}
	return cal.Serialize(ics.WithNewLine("\r\n")) // RFC 5545: lines end in CRLF
}

// signInToBuy sends a visitor to sign in and back to the event with the tickets,
// payment and code they chose still chosen.
func signInToBuy(w http.ResponseWriter, r *http.Request, slug string, f buyForm) {
	q := url.Values{}
	for k, v := range f.Fields {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			q.Set(k, strconv.Itoa(n))
		}
	}
	if f.Payment != "" {
		q.Set("payment", f.Payment)
	}
	if f.Code != "" {
		q.Set("code", f.Code)
	}
	next := "/events/" + pathEscape(slug)
	if len(q) > 0 {
		next += "?" + q.Encode()
	}
	http.Redirect(w, r, "/signin?next="+url.QueryEscape(next+"#tickets"), http.StatusSeeOther)
}

// chosenOf fills a new form with what a link carried back from signing in.
func chosenOf(r *http.Request, f buyForm) buyForm {
	q := r.URL.Query()
	for k, v := range q {
		if strings.HasPrefix(k, "qty.") && len(v) > 0 && len(k) < 80 {
			if n, err := strconv.Atoi(v[0]); err == nil && n > 0 && n <= 50 {
				f.Fields[k] = strconv.Itoa(n)
			}
		}
	}
	if p := q.Get("payment"); p == eventsapi.PayCash || p == eventsapi.PayCard {
		f.Payment = p
	}
	if c := strings.TrimSpace(q.Get("code")); len(c) <= 40 {
		f.Code = c
	}
	return f
}

// ownOrigin is the portal's address as the browser reached it, for links shared
// outside the page.
func ownOrigin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
