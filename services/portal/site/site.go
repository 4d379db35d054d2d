// Package site is the portal's own pages: the home page with a section per vertical,
// a page per vertical, event and restaurant pages with buying and ordering, search,
// and "My SteppersLife". It owns no business data: every page is drawn from the
// services, and a service that is down only empties its own part of a page.
package site

import (
	"embed"
	"net/http"
	"strconv"
	"time"

	"stepperslife/internal/kit/ui"
	"stepperslife/services/portal/aggregate"
	"stepperslife/services/portal/gateway"
)

//go:embed templates/*.html
var templates embed.FS

//go:embed static/site.css
var siteCSS []byte

//go:embed static/food.js
var foodJS []byte

// Options tune the site; zero values take the defaults.
type Options struct {
	// ReadTimeout bounds fetching one item page from its service (default 2s).
	ReadTimeout time.Duration
	// WriteTimeout bounds forwarding a purchase or an order (default 15s).
	WriteTimeout time.Duration
	// HomeItems is how many items each home-page section shows (default 6);
	// PageItems how many a vertical's page shows (default 24).
	HomeItems, PageItems int
}

// Site renders the portal's pages.
type Site struct {
	agg  *aggregate.Aggregator
	up   *gateway.Upstreams
	opts Options
	tpl  *ui.Templates
	now  func() time.Time
	// weekend keeps the home page's weekend events a few seconds.
	weekend weekendCache
}

// New draws pages from agg and reaches services for item pages and purchases
// through up.
func New(agg *aggregate.Aggregator, up *gateway.Upstreams, o Options) (*Site, error) {
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = 2 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 15 * time.Second
	}
	if o.HomeItems <= 0 {
		o.HomeItems = 6
	}
	if o.PageItems <= 0 {
		o.PageItems = 24
	}
	tpl, err := ui.Parse(templates, "templates/*.html")
	if err != nil {
		return nil, err
	}
	tpl.Use(vocabulary)
	return &Site{agg: agg, up: up, opts: o, tpl: tpl, now: time.Now}, nil
}

// Mount registers the pages. Sign-in and account pages are not here: they belong to
// the portal's identity pages (/signin, /account).
func (s *Site) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.home)
	for _, v := range verticals {
		if v.Name != "events" && v.Name != "restaurants" {
			mux.HandleFunc("GET /"+v.Name, s.vertical(v))
		}
	}
	mux.HandleFunc("GET /events", s.eventsPage)
	mux.HandleFunc("GET /search", s.search)
	mux.HandleFunc("GET /me", s.me)
	mux.HandleFunc("GET /me/tickets", s.myTickets)
	mux.HandleFunc("GET /me/orders", s.myOrders)
	mux.HandleFunc("GET /me/orders/{id}", s.myOrder)
	mux.HandleFunc("GET /restaurants", s.restaurantsList)
	mux.HandleFunc("GET /events/{slug}", s.event)
	mux.HandleFunc("POST /events/{slug}/tickets", s.buyTickets)
	mux.HandleFunc("GET /restaurants/{slug}", s.restaurant)
	mux.HandleFunc("POST /restaurants/{slug}/orders", s.placeOrder)
	mux.HandleFunc("GET /static/portal/site.css", serveCSS)
	mux.HandleFunc("GET /static/portal/food.js", serveFoodJS)
}

// serveFoodJS serves the restaurant page's cart and the order page's live tracker.
func serveFoodJS(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("Content-Length", strconv.Itoa(len(foodJS)))
	_, _ = w.Write(foodJS)
}

// serveCSS serves the portal's page styles; they change only with a new binary.
func serveCSS(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("Content-Length", strconv.Itoa(len(siteCSS)))
	_, _ = w.Write(siteCSS)
}
