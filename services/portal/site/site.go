// Package site is the portal's own pages: the home page with a section per vertical,
// a page per vertical, event, restaurant and class pages with buying, ordering and
// enrolling, instructor pages, search, and "My SteppersLife". It owns no business data: every page is drawn from the
// services, and a service that is down only empties its own part of a page.
package site

import (
	"embed"
	"io/fs"
	"net/http"
	"time"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/portal/aggregate"
	"stepperslife/services/portal/gateway"
)

//go:embed templates/*.html
var templates embed.FS

//go:embed static
var static embed.FS

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
	// assets are the site's stylesheets and scripts, under /static/portal/.
	assets *ui.Assets
	now    func() time.Time
	// weekend keeps the home page's weekend events a few seconds.
	weekend weekendCache
	// pages keeps the signed-out home page under the versions it was drawn from.
	pages *cache.Cache
	// hearings are the item services' data versions, as heard (Listen).
	hearings map[string]*hearing
	// trust is how long a kept item page stands without asking (trustFor).
	trust time.Duration
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
	files, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	assets, err := ui.NewAssets("/static/portal/", files)
	if err != nil {
		return nil, err
	}
	return &Site{agg: agg, up: up, opts: o, tpl: tpl, assets: assets, now: time.Now, pages: cache.New(nil, nil),
		hearings: newHearings(up.Known), trust: trustFor}, nil
}

// Mount registers the pages. Sign-in and account pages are not here: they belong to
// the portal's identity pages (/signin, /account).
func (s *Site) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.home)
	for _, v := range verticals {
		if v.Name != "events" && v.Name != "services" && v.Name != "restaurants" {
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
	s.mountTickets(mux)
	mux.HandleFunc("GET /restaurants/{slug}", s.restaurant)
	mux.HandleFunc("POST /restaurants/{slug}/orders", s.placeOrder)
	mux.HandleFunc("GET /store/products/{slug}", s.product)
	mux.HandleFunc("GET /store/vendors/{slug}", s.storeVendor)
	mux.HandleFunc("GET /store/cart", s.cartPage)
	mux.HandleFunc("POST /store/cart", s.changeCart)
	mux.HandleFunc("POST /store/checkout", s.checkout)
	mux.HandleFunc("GET /me/store-orders", s.myStoreOrders)
	mux.HandleFunc("GET /classes/{slug}", s.class)
	mux.HandleFunc("POST /classes/{slug}/enrol", s.enrol)
	mux.HandleFunc("GET /instructors/{slug}", s.instructor)
	mux.HandleFunc("GET /me/classes", s.myClasses)
	mux.HandleFunc("POST /me/classes/{id}/{action}", s.enrollmentAction)
	mux.HandleFunc("GET /services", s.servicesDirectory)
	mux.HandleFunc("GET /services/categories/{category}", s.servicesCategory)
	mux.HandleFunc("GET /services/{slug}", s.providerPage)
	mux.HandleFunc("POST /services/{slug}/inquiries", s.sendInquiry)
	mux.HandleFunc("POST /services/{slug}/reviews", s.sendReview)
	mux.HandleFunc("GET /me/inquiries", s.myInquiries)
	mux.HandleFunc("GET /me/inquiries/{id}", s.myInquiry)
	mux.HandleFunc("POST /me/inquiries/{id}/messages", s.replyInquiry)
	s.assets.Mount(mux)
}
