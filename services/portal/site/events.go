package site

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
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
	Known           bool // Left is known
	Options         []int
	Selected        int
	Note            string
}

// buyForm is what the ticket form holds, kept to fill it again after an error.
type buyForm struct {
	Key, Name, Email, Payment string
	Error                     string
	SignIn                    bool // the service wants a signed-in caller
	Fields                    map[string]string
}

type eventPage struct {
	Event eventView
	Form  buyForm
}

func (s *Site) event(w http.ResponseWriter, r *http.Request) {
	ev, err := s.loadEvent(r, r.PathValue("slug"))
	if err != nil {
		s.unavailable(w, r, "events", err)
		return
	}
	s.renderEvent(w, r, http.StatusOK, ev, s.newBuyForm(r))
}

func (s *Site) loadEvent(r *http.Request, slug string) (eventView, error) {
	m, err := s.getJSON(r, "events", "/api/events/"+pathEscape(slug))
	if err != nil {
		return eventView{}, err
	}
	return s.eventOf(m), nil
}

func (s *Site) renderEvent(w http.ResponseWriter, r *http.Request, status int, ev eventView, f buyForm) {
	for i := range ev.Tiers {
		ev.Tiers[i].Selected, _ = strconv.Atoi(f.Fields["qty."+ev.Tiers[i].ID])
	}
	s.tpl.Render(w, r, status, "event.html", ui.View{
		Title: ev.Title, Description: ev.Description, ImageURL: ev.Image, Service: "portal",
		Data: eventPage{Event: ev, Form: f},
	})
}

// eventOf reads the events service's answer: the event, or {"event":…,"tiers":…}.
func (s *Site) eventOf(top map[string]any) eventView {
	m := top
	if inner := obj(top, "event"); inner != nil {
		m = inner
	}
	ev := eventView{ID: str(m, "id"), Slug: str(m, "slug"), Title: str(m, "title", "name"),
		Description: str(m, "description"), Category: str(m, "category"), Venue: str(m, "venue"),
		Address: str(m, "address"), Image: s.imageURL("events", str(m, "flyerUrl", "imageUrl", "flyer")),
		CardPayments: boolean(m, "cardPayments", true)}
	if t, ok := timeOf(m, "startsAt"); ok {
		ev.When, ev.WhenISO = datetime(t), t.UTC().Format(time.RFC3339)
	}
	if t, ok := timeOf(m, "endsAt"); ok {
		ev.Ends = datetime(t)
	}
	tiers := list(top, "tiers")
	if tiers == nil {
		tiers = list(m, "tiers")
	}
	now := s.now()
	for _, raw := range tiers {
		tm, ok := raw.(map[string]any)
		if !ok {
			continue
		}
		tv := tierView{ID: str(tm, "id"), Name: str(tm, "name")}
		tv.PriceCents, _ = num(tm, "priceCents")
		tv.Price = ui.Money(tv.PriceCents)
		if tv.PriceCents == 0 {
			tv.Price = "Free"
		}
		left, known := num(tm, "left", "remaining", "available", "seatsLeft")
		if !known {
			if capacity, ok := num(tm, "capacity"); ok {
				sold, _ := num(tm, "sold", "taken")
				left, known = max(0, capacity-sold), true
			}
		}
		tv.Left, tv.Known = int(left), known
		onSale := boolean(tm, "onSale", true)
		if t, ok := timeOf(tm, "salesStart"); ok && now.Before(t) {
			onSale, tv.Note = false, "On sale "+datetime(t)
		}
		if t, ok := timeOf(tm, "salesEnd"); ok && !now.Before(t) {
			onSale, tv.Note = false, "Sales have ended"
		}
		most := 10
		if n, ok := num(tm, "maxPerOrder"); ok && n > 0 {
			most = min(most, int(n))
		}
		if known {
			most = min(most, tv.Left)
			if tv.Left == 0 {
				tv.Note = "Sold out"
			}
		}
		if onSale && most > 0 {
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
	f := buyForm{Key: newKey(), Payment: "card", Fields: map[string]string{}}
	if u, ok := auth.FromContext(r.Context()); ok {
		f.Name, f.Email = u.Name, u.Email
	}
	return f
}

func formOf(r *http.Request) buyForm {
	f := buyForm{Key: strings.TrimSpace(r.PostFormValue("idempotency_key")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Email: strings.TrimSpace(r.PostFormValue("email")), Payment: r.PostFormValue("payment"), Fields: map[string]string{}}
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
	type line struct {
		TierID   string `json:"tierId"`
		Quantity int    `json:"quantity"`
	}
	var items []line
	var total int64
	for _, t := range ev.Tiers {
		q, _ := strconv.Atoi(f.Fields["qty."+t.ID])
		if q > 0 {
			items = append(items, line{TierID: t.ID, Quantity: q})
			total += int64(q) * t.PriceCents
		}
	}
	if len(items) == 0 {
		f.Error = "Choose how many tickets you would like."
		s.renderEvent(w, r, http.StatusBadRequest, ev, f)
		return
	}
	method := "free"
	if total > 0 {
		method = "card"
		if f.Payment == "cash" || !ev.CardPayments {
			method = "cash"
		}
	}
	body := map[string]any{"eventId": ev.ID, "items": items, "paymentMethod": method,
		"attendee": map[string]string{"name": f.Name, "email": f.Email}}
	order, err := s.postJSON(r, "events", "/api/tickets/purchase", body, f.Key)
	if err != nil {
		e := asError(err)
		f.Error, f.SignIn = politely(e, "events"), e.Code == errs.CodeUnauthenticated
		s.renderEvent(w, r, web.Status(e), ev, f)
		return
	}
	s.done(w, r, orderOf(order, "tickets"), ev.Title, "/events/"+pathEscape(ev.Slug))
}

// newKey is a fresh Idempotency-Key, put in each form so that sending the same form
// twice (a double click, a retry after a timeout) buys once.
func newKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
