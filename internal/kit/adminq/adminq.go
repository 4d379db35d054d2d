// Package adminq is the "waiting for an admin" queue every service answers at
// GET /api/admin/queue: what in the service waits for a person who runs the platform
// (an application to approve, a refund that failed…), newest first, each item linking
// to the service's own page that acts on it. The portal gathers every service's queue
// on its admin desk and stores none of it.
package adminq

import (
	"context"
	"net/http"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
)

// Path is where every service answers its queue.
const Path = "/api/admin/queue"

// Item is one thing waiting for an admin.
type Item struct {
	// Kind names what waits, in snake case ("restaurant_application", "refund_owed");
	// pages show it as words (words.Humanize), so it reads well on its own.
	Kind string `json:"kind"`
	ID   string `json:"id"`
	// Title says, for a person, which one it is.
	Title string `json:"title"`
	// CreatedAt is when the item began to wait, in UTC.
	CreatedAt time.Time `json:"createdAt"`
	// URL is the absolute address of the service's own page that acts on the item.
	URL string `json:"url"`
}

// Provider is what a service implements to fill its queue.
type Provider interface {
	// Waiting lists what waits for an admin, newest first: at most limit items from
	// offset on, and how many wait in all. u is the admin asking; the route lets no
	// one else through.
	Waiting(ctx context.Context, u *auth.User, limit, offset int) (items []Item, total int, err error)
}

// None is the queue of a service where nothing waits for an admin yet.
type None struct{}

// Waiting answers an empty queue.
func (None) Waiting(context.Context, *auth.User, int, int) ([]Item, int, error) { return nil, 0, nil }

// Mount registers GET /api/admin/queue for p on mux: admins only (401 signed out,
// 403 anyone else), in the contract's list shape with ?limit= and ?offset=.
func Mount(mux *http.ServeMux, p Provider) {
	mux.HandleFunc("GET "+Path, auth.RequireRole(func(w http.ResponseWriter, r *http.Request) {
		page, err := web.ParsePage(r)
		if err != nil {
			web.WriteError(w, r, err)
			return
		}
		u, _ := auth.FromContext(r.Context())
		items, total, err := p.Waiting(r.Context(), u, page.Limit, page.Offset)
		if err != nil {
			web.WriteError(w, r, err)
			return
		}
		if len(items) > page.Limit {
			items = items[:page.Limit]
		}
		for i := range items {
			items[i].CreatedAt = items[i].CreatedAt.UTC()
		}
		if len(items) > 0 {
			total = max(total, page.Offset+len(items)) // a total that undercounts would hide the next page
		}
		// What an admin acts on changes under them: never from a cache.
		w.Header().Set("Cache-Control", "private, no-store")
		web.WriteJSON(w, http.StatusOK, web.NewList(items, total, page))
	}, auth.RoleAdmin))
}
