package httpapi

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

//go:embed static
var static embed.FS

func (h *Handler) mountPages(mux *http.ServeMux) {
	// Fingerprinted through {{asset}} in the pages: kept a year, compressed once.
	sub, _ := fs.Sub(static, "static")
	files, err := ui.NewAssets("/static/events/", sub)
	if err != nil {
		panic(err) // the files are embedded: only a broken build fails here
	}
	files.Mount(mux)
	page := auth.RequirePage
	mux.HandleFunc("GET /{$}", h.indexPage)
	mux.HandleFunc("GET /events/{slug}", h.eventPage)
	mux.HandleFunc("POST /events/{slug}/buy", page(h.buyForm))
	mux.HandleFunc("GET /orders/{id}", page(h.orderPage))
	mux.HandleFunc("GET /tickets/{code}", h.ticketPage)
	mux.HandleFunc("GET /me/tickets", page(h.myTicketsPage))
	mux.HandleFunc("GET /dashboard", page(h.dashboardPage))
	mux.HandleFunc("POST /dashboard/events", page(h.createEventForm))
	mux.HandleFunc("POST /dashboard/connect", page(h.connectForm))
	mux.HandleFunc("GET /dashboard/events/{id}", page(h.managePage))
	mux.HandleFunc("GET /dashboard/events/{id}/{tab}", page(h.managePage))
	mux.HandleFunc("GET /dashboard/events/{id}/message", page(h.messagePage))
	mux.HandleFunc("POST /dashboard/events/{id}/message", page(h.messageForm))
	mux.HandleFunc("POST /dashboard/events/{id}/{action}", page(h.manageForm))
	mux.HandleFunc("POST /dashboard/events/{id}/staff/{staffId}/remove", page(h.removeStaffForm))
	mux.HandleFunc("POST /dashboard/orders/{oid}/{action}", page(h.orderForm))
	mux.HandleFunc("GET /checkin", page(h.checkinTonight))
	mux.HandleFunc("GET /checkin/{id}", page(h.checkinPage))
	mux.HandleFunc("POST /checkin/{id}", page(h.checkinForm))
	mux.HandleFunc("POST /checkin/{id}/cash/{oid}", page(h.admitCashForm))
	mux.HandleFunc("GET /checkin/{id}/counts", page(h.doorCounts))
}

// site draws the events pages in the kit layout (ui.Pages).
func (h *Handler) site() ui.Pages {
	return ui.Pages{Templates: h.pages, Service: "events", PortalURL: h.portalURL, Say: message}
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	h.site().Render(w, r, status, name, title, data)
}

// pageError shows err as a page: contract status, a person's message.
func (h *Handler) pageError(w http.ResponseWriter, r *http.Request, err error) {
	h.site().Error(w, r, err)
}

// back redirects after a form: to path with a flash message or an error.
func back(w http.ResponseWriter, r *http.Request, path string, err error, ok string) {
	ui.Pages{Say: message}.Back(w, r, path, err, ok)
}

type indexData struct {
	Events []app.EventWithTiers
	Q      string
	Flyer  func(string) string
}

func (h *Handler) indexPage(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		q = q[:200]
	}
	evs, _, err := h.ev.PublicEvents(r.Context(), domain.EventFilter{Q: q, Category: r.URL.Query().Get("category"), Limit: 60})
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "index.html", "Events", indexData{Events: evs, Q: q, Flyer: h.flyerURL})
}

type eventPageData struct {
	Event    app.EventWithTiers
	FlyerURL string
	Error    string
	Card     bool
	OnSale   func(domain.Tier) bool
	Manage   bool
	// Payment choices: free only with a free tier, card and cash only with a paid one.
	HasFree, HasPaid bool
	Method           string
}

func (h *Handler) eventPage(w http.ResponseWriter, r *http.Request) {
	u := caller(r)
	e, err := h.ev.PublicEvent(r.Context(), u, r.PathValue("slug"))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	if e.Status == domain.EventPublished && h.portalURL != "" {
		// One public page per event: the portal's, where tickets are bought. A draft
		// stays here, for its organizer to look at before publishing.
		http.Redirect(w, r, strings.TrimRight(h.portalURL, "/")+"/events/"+url.PathEscape(e.Slug), http.StatusSeeOther)
		return
	}
	now := h.ev.Now()
	d := eventPageData{Event: e, FlyerURL: h.flyerURL(e.FlyerKey),
		Error: r.URL.Query().Get("err"), Card: e.CardPayments, OnSale: func(t domain.Tier) bool { return t.OnSale(now) },
		Manage: u != nil && (e.IsOrganizer(u.ID, u.Email) || u.Has(auth.RoleAdmin))}
	for _, t := range e.Tiers {
		d.HasFree = d.HasFree || t.PriceCents == 0
		d.HasPaid = d.HasPaid || t.PriceCents > 0
	}
	switch {
	case d.HasPaid && d.Card:
		d.Method = "card"
	case d.HasPaid:
		d.Method = "cash"
	default:
		d.Method = "free"
	}
	h.render(w, r, http.StatusOK, "event.html", e.Title, d)
}

func (h *Handler) buyForm(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	e, err := h.ev.PublicEvent(r.Context(), caller(r), slug)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		back(w, r, "/events/"+slug, err, "")
		return
	}
	req := app.PurchaseRequest{EventID: e.ID, Method: domain.PaymentMethod(r.PostFormValue("paymentMethod")),
		AttendeeName: r.PostFormValue("name"), AttendeeEmail: r.PostFormValue("email"), DiscountCode: r.PostFormValue("discountCode")}
	for _, t := range e.Tiers {
		if n := atoi(r.PostFormValue("qty_" + t.ID)); n > 0 {
			req.Items = append(req.Items, domain.Item{TierID: t.ID, Quantity: n})
		}
	}
	if req.Method == "" {
		req.Method = domain.PayFree
	}
	o, err := h.ev.Purchase(r.Context(), caller(r), req)
	h.metrics.purchases.WithLabelValues(method(string(req.Method)), metricResult(err)).Inc()
	if err != nil {
		back(w, r, "/events/"+slug, err, "")
		return
	}
	if o.Method == domain.PayCard && o.CheckoutURL != "" {
		http.Redirect(w, r, o.CheckoutURL, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/orders/"+o.ID, http.StatusSeeOther)
}

type orderPageData struct {
	Order   domain.Order
	Event   app.EventWithTiers
	Tiers   map[string]string
	QR      func(string) string
	Session string
}

func (h *Handler) orderPage(w http.ResponseWriter, r *http.Request) {
	o, err := h.ev.Order(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	e, err := h.ev.PublicEvent(r.Context(), nil, o.EventID)
	if err != nil {
		e = app.EventWithTiers{}
	}
	names := map[string]string{}
	for _, t := range e.Tiers {
		names[t.ID] = t.Name
	}
	h.render(w, r, http.StatusOK, "order.html", "Your order", orderPageData{Order: o, Event: e, Tiers: names,
		QR: func(code string) string { return "/api/tickets/" + code + "/qr.png" }, Session: r.URL.Query().Get("session")})
}

func (h *Handler) ticketPage(w http.ResponseWriter, r *http.Request) {
	v, err := h.ev.Ticket(r.Context(), r.PathValue("code"))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "ticket.html", v.EventTitle, v)
}

func (h *Handler) myTicketsPage(w http.ResponseWriter, r *http.Request) {
	vs, _, err := h.ev.MyTickets(r.Context(), caller(r), 100, 0)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "mytickets.html", "My tickets", vs)
}
