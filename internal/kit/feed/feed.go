// Package feed is the shape in which every service offers its content to the portal:
// what is new (GET /api/feed), what matches words (GET /api/search?q=) and what the
// signed-in user has there (GET /api/me/activity). A service that offers nothing yet
// answers empty lists, so the portal's sections stay whole.
package feed

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

// Item is one card on the portal: an event, a restaurant, an order, a ticket…
type Item struct {
	ID         string     `json:"id"`
	Kind       string     `json:"kind"` // event, restaurant, ticket, order, …
	Slug       string     `json:"slug,omitempty"`
	Title      string     `json:"title"`
	Summary    string     `json:"summary,omitempty"`
	URL        string     `json:"url,omitempty"`      // absolute, on the owning service
	ImageURL   string     `json:"imageUrl,omitempty"` // absolute, served by the owning service
	StartsAt   *time.Time `json:"startsAt,omitempty"`
	PriceCents *int64     `json:"priceCents,omitempty"`
	// PriceFrom: PriceCents is the lowest of several prices ("from $20").
	PriceFrom bool   `json:"priceFrom,omitempty"`
	Currency  string `json:"currency,omitempty"`
	Status    string `json:"status,omitempty"`
	Place     string `json:"place,omitempty"`
}

// Provider is what a service implements to appear on the portal. Any method may
// return nil items.
type Provider interface {
	Feed(ctx context.Context, limit int) ([]Item, error)
	Search(ctx context.Context, q string, limit int) ([]Item, error)
	Activity(ctx context.Context, u *auth.User, limit int) ([]Item, error)
}

// None is the provider of a service with nothing to show yet.
type None struct{}

func (None) Feed(context.Context, int) ([]Item, error)                 { return nil, nil }
func (None) Search(context.Context, string, int) ([]Item, error)       { return nil, nil }
func (None) Activity(context.Context, *auth.User, int) ([]Item, error) { return nil, nil }

// MaxQuery bounds search words.
const MaxQuery = 200

// Window is how long a feed answer may stand while the data does not change: what
// is upcoming or open changes with the clock.
const Window = 30 * time.Second

// Mount registers the three feed routes for p on mux. With c, feed answers are kept
// under the service's data version (and the clock's window) and answered 304 when
// the caller holds them; search and activity are not kept.
func Mount(mux *http.ServeMux, p Provider, c *cache.Cache) {
	mux.HandleFunc("GET /api/feed", func(w http.ResponseWriter, r *http.Request) {
		page, err := web.ParsePage(r)
		if err != nil {
			web.WriteError(w, r, err)
			return
		}
		if c == nil {
			items, err := p.Feed(r.Context(), depth(page))
			answer(w, r, items, err, page)
			return
		}
		key := "feed?" + strconv.Itoa(page.Offset) + "," + strconv.Itoa(page.Limit)
		err = c.Serve(w, r, key, Window, func(ctx context.Context) (cache.Answer, error) {
			items, err := p.Feed(ctx, depth(page))
			if err != nil {
				return cache.Answer{}, err
			}
			return cache.JSON(cut(items, page))
		})
		if err != nil {
			web.WriteError(w, r, err)
		}
	})
	mux.HandleFunc("GET /api/search", func(w http.ResponseWriter, r *http.Request) {
		page, err := web.ParsePage(r)
		if err != nil {
			web.WriteError(w, r, err)
			return
		}
		q := strings.TrimSpace(r.URL.Query().Get("q"))
		if len(q) > MaxQuery {
			web.WriteError(w, r, errs.Invalid(map[string]string{"q": "must be at most 200 characters"}))
			return
		}
		var items []Item
		if q != "" {
			items, err = p.Search(r.Context(), q, depth(page))
		}
		answer(w, r, items, err, page)
	})
	mux.HandleFunc("GET /api/me/activity", auth.RequireUser(func(w http.ResponseWriter, r *http.Request) {
		page, err := web.ParsePage(r)
		if err != nil {
			web.WriteError(w, r, err)
			return
		}
		u, _ := auth.FromContext(r.Context())
		items, err := p.Activity(r.Context(), u, depth(page))
		answer(w, r, items, err, page)
	}))
}

// depth is how many items to ask a provider for: providers count from the first
// item, so the page is cut out here, and one more than the page tells whether more
// follow.
func depth(page web.Page) int { return page.Offset + page.Limit + 1 }

// answer cuts the requested page out of what the provider returned. The total counts
// the items seen, which is one more than the end of the page when more follow: a
// feed has no cheap exact count, and this keeps hasMore true exactly when there is
// a next page.
func answer(w http.ResponseWriter, r *http.Request, items []Item, err error, page web.Page) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, cut(items, page))
}

func cut(items []Item, page web.Page) web.List[Item] {
	total := min(len(items), depth(page))
	start, end := min(page.Offset, total), min(page.Offset+page.Limit, total)
	return web.NewList(items[start:end], total, page)
}
