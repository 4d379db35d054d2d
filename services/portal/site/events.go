package site

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/internal/kit/words"
)

type eventView struct {
	ID, Slug, Title, Description, Category     string
	Venue, Address, When, WhenISO, Ends, Image string
	Tiers                                      []tierView
	AnyPaid, OnSale                            bool
	// CardPayments is false when the service says card payment is off.
	CardPayments bool
}

type tierView struct {
	ID, Name, Price string
	PriceCents      int64
	Left            int
	Options         []int
	Selected        int
	Note            string
	NoteTone        words.Tone // the colour of Note
}

// buyForm is what the ticket form holds, kept to fill it again after an error.
type buyForm struct {
	Key, Name, Email, Payment string
	Code                      string // a discount code
	Error                     string
	SignIn                    bool // the service wants a signed-in caller
	Fields                    map[string]string
	// Total is the service's price of the form, once it was asked.
	Total *totalView
}

type eventPage struct {
	Event eventView
	Form  buyForm
}

func (s *Site) event(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if serveShared(s, w, r, "event "+slug, "events", "/api/events/"+pathEscape(slug), func(e eventsapi.Event) (string, ui.View, error) {
		return "event.html", eventPageView(s.eventOf(e), buyForm{Key: visitorMarks.key, Fields: map[string]string{}}), nil
	}) {
		return
	}
	ev, err := s.loadEvent(r, r.PathValue("slug"))
	if err != nil {
		s.unavailable(w, r, "events", err)
		return
	}
	s.renderEvent(w, r, http.StatusOK, ev, chosenOf(r, s.newBuyForm(r)))
}

func (s *Site) loadEvent(r *http.Request, slug string) (eventView, error) {
	ev, err := getJSON[eventsapi.Event](s, r, "events", "/api/events/"+pathEscape(slug))
	if err != nil {
		return eventView{}, err
	}
	return s.eventOf(ev), nil
}

func (s *Site) renderEvent(w http.ResponseWriter, r *http.Request, status int, ev eventView, f buyForm) {
	s.tpl.Render(w, r, status, "event.html", eventPageView(ev, f))
}

// eventPageView is what the event page draws for ev with the form f.
func eventPageView(ev eventView, f buyForm) ui.View {
	for i := range ev.Tiers {
		ev.Tiers[i].Selected, _ = strconv.Atoi(f.Fields["qty."+ev.Tiers[i].ID])
	}
	// Only what the event takes is offered, and one of it is chosen: card when the
	// service takes cards now, cash at the door otherwise.
	if f.Payment != eventsapi.PayCash && f.Payment != eventsapi.PayCard || !ev.CardPayments {
		f.Payment = eventsapi.PayCash
		if ev.CardPayments {
			f.Payment = eventsapi.PayCard
		}
	}
	return ui.View{Title: ev.Title, Description: ev.Description, ImageURL: ev.Image, Service: "portal",
		Data: eventPage{Event: ev, Form: f}}
}

// eventOf is the events service's answer as the event page shows it. What a buyer
// can get of each tier (seats left, whether it is on sale, how many one order may
// take) is the service's word.
func (s *Site) eventOf(e eventsapi.Event) eventView {
	ev := eventView{ID: e.ID, Slug: e.Slug, Title: e.Title, Description: e.Description, Category: e.Category,
		Venue: e.Venue, Address: e.Address, Image: s.imageURL("events", e.FlyerURL), CardPayments: e.CardPayments}
	if !e.StartsAt.IsZero() {
		ev.When, ev.WhenISO = datetime(e.StartsAt), e.StartsAt.UTC().Format(time.RFC3339)
	}
	if !e.EndsAt.IsZero() {
		ev.Ends = datetime(e.EndsAt)
	}
	for _, t := range e.Tiers {
		tv := tierView{ID: t.ID, Name: t.Name, PriceCents: t.PriceCents, Price: ui.Money(t.PriceCents), Left: t.Left}
		if t.PriceCents == 0 {
			tv.Price = "Free"
		}
		switch {
		case t.SoldOut:
			tv.Note, tv.NoteTone = "Sold out", words.Bad
		case t.OnSale:
		case t.SalesPhase == eventsapi.SalesUpcoming && t.SalesStart != nil:
			tv.Note, tv.NoteTone = "On sale "+datetime(*t.SalesStart), words.Wait
		default:
			tv.Note, tv.NoteTone = "Sales have ended", words.Neutral
		}
		if most := min(t.MaxPerOrder, t.Left); t.OnSale && most > 0 {
			for q := 0; q <= most; q++ {
				tv.Options = append(tv.Options, q)
			}
			ev.OnSale = true
			ev.AnyPaid = ev.AnyPaid || tv.PriceCents > 0
		}
		ev.Tiers = append(ev.Tiers, tv)
	}
	return ev
}

func (s *Site) newBuyForm(r *http.Request) buyForm {
	f := buyForm{Key: newKey(), Fields: map[string]string{}}
	if u, ok := auth.FromContext(r.Context()); ok {
		f.Name, f.Email = u.Name, u.Email
	}
	return f
}

func formOf(r *http.Request) buyForm {
	f := buyForm{Key: strings.TrimSpace(r.PostFormValue("idempotency_key")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Email: strings.TrimSpace(r.PostFormValue("email")), Payment: r.PostFormValue("payment"), Fields: map[string]string{},
		Code: strings.TrimSpace(r.PostFormValue("code"))}
	if len(f.Code) > 40 {
		f.Code = f.Code[:40]
	}
	for k, v := range r.PostForm {
		if strings.HasPrefix(k, "qty.") && len(v) > 0 {
			f.Fields[k] = v[0]
		}
	}
	if f.Key == "" || len(f.Key) > 64 {
		f.Key = newKey()
	}
	return f
}

// buyTickets forwards the ticket form to the events service, which owns the order.
func (s *Site) buyTickets(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read."))
		return
	}
	ev, err := s.loadEvent(r, r.PathValue("slug"))
	if err != nil {
		s.unavailable(w, r, "events", err)
		return
	}
	f := formOf(r)
	if _, ok := auth.FromContext(r.Context()); !ok {
		signInToBuy(w, r, ev.Slug, f)
		return
	}
	req := purchaseOf(ev, f)
	if len(req.Items) == 0 {
		f.Error = "Choose how many tickets you would like."
		s.renderEvent(w, r, http.StatusBadRequest, ev, f)
		return
	}
	if r.PostFormValue("apply") != "" {
		// "Apply" without the page's script: the total with the code, nothing bought.
		q, err := postJSON[eventsapi.Quote](s, r, "events", "/api/tickets/quote", req, "")
		status := http.StatusOK
		if err != nil {
			e := asError(err)
			f.Error, status = politely(e, "events"), web.Status(e)
		} else {
			f.Total = totalOf(q)
		}
		s.renderEvent(w, r, status, ev, f)
		return
	}
	req.PaymentMethod = eventsapi.PayFree // the service prices the order; the portal only picks its method
	if paid(ev, req.Items) {
		req.PaymentMethod = eventsapi.PayCard
		if f.Payment == eventsapi.PayCash || !ev.CardPayments {
			req.PaymentMethod = eventsapi.PayCash
		}
	}
	if req.PaymentMethod == eventsapi.PayFree {
		req.DiscountCode = "" // nothing to take a code off
	}
	order, err := postJSON[eventsapi.Order](s, r, "events", "/api/tickets/purchase", req, f.Key)
	if err != nil {
		e := asError(err)
		f.Error, f.SignIn = politely(e, "events"), e.Code == errs.CodeUnauthenticated
		s.renderEvent(w, r, web.Status(e), ev, f)
		return
	}
	if o := ticketOrderOf(order); o.CheckoutURL != "" {
		http.Redirect(w, r, o.CheckoutURL, http.StatusSeeOther)
		return
	}
	// Post, then redirect to a page of the order: a reload reads it again, never
	// buys again.
	http.Redirect(w, r, "/events/"+pathEscape(ev.Slug)+"/orders/"+pathEscape(order.ID), http.StatusSeeOther)
}

// paid reports whether any of items costs money.
func paid(ev eventView, items []eventsapi.PurchaseItem) bool {
	for _, it := range items {
		for _, t := range ev.Tiers {
			if t.ID == it.TierID && t.PriceCents > 0 {
				return true
			}
		}
	}
	return false
}

// newKey is a fresh Idempotency-Key, put in each form so that sending the same form
// twice (a double click, a retry after a timeout) buys once.
func newKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	var out [32]byte
	hex.Encode(out[:], b[:])
	return string(out[:])
}
