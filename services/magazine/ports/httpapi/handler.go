// Package httpapi is the magazine service's HTTP side: the JSON API of CONTRACT.md,
// the reading pages, feeds and sitemap, and the writers' and editors' pages.
// Handlers decode, call app, encode.
package httpapi

import (
	"net/http"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/magazine/app"
)

// Handler serves the magazine service's routes.
type Handler struct {
	app       *app.Service
	cache     *cache.Cache
	blobs     blob.Store
	pages     *ui.Templates
	portalURL string
}

// Deps are what the routes need beyond the use cases.
type Deps struct {
	App *app.Service
	// Cache keeps public answers under the data version.
	Cache     *cache.Cache
	Blobs     blob.Store
	Pages     *ui.Templates
	PortalURL string
}

// Mount registers every route on mux.
func Mount(mux *http.ServeMux, d Deps) {
	h := &Handler{app: d.App, cache: d.Cache, blobs: d.Blobs, pages: d.Pages, portalURL: strings.TrimRight(d.PortalURL, "/")}
	user := auth.RequireUser
	writer := func(f http.HandlerFunc) http.HandlerFunc {
		return auth.RequireRole(f, auth.RoleMagazineWriter, auth.RoleAdmin)
	}
	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.RequireRole(f, auth.RoleAdmin) }

	mux.HandleFunc("GET /api/articles", h.listArticles)
	mux.HandleFunc("GET /api/articles/{slug}", h.getArticle)
	mux.HandleFunc("POST /api/articles", writer(h.createArticle))
	mux.HandleFunc("PATCH /api/articles/{id}", user(h.patchArticle))
	mux.HandleFunc("PUT /api/articles/{id}/cover", user(h.putCover))
	mux.HandleFunc("POST /api/articles/{id}/images", user(h.addImage))
	mux.HandleFunc("POST /api/articles/{id}/submit", user(h.submit))
	mux.HandleFunc("POST /api/articles/{id}/coauthors", user(h.addCoAuthor))
	mux.HandleFunc("DELETE /api/articles/{id}/coauthors/{email}", user(h.removeCoAuthor))
	mux.HandleFunc("GET /api/articles/{id}/revisions", user(h.revisions))
	mux.HandleFunc("GET /api/me/articles", user(h.myArticles))

	mux.HandleFunc("POST /api/admin/articles/{id}/publish", admin(h.publish))
	mux.HandleFunc("POST /api/admin/articles/{id}/reject", admin(h.reject))
	mux.HandleFunc("POST /api/admin/articles/{id}/feature", admin(h.feature))
	mux.HandleFunc("POST /api/admin/articles/{id}/archive", admin(h.archive))
	mux.HandleFunc("POST /api/admin/articles/{id}/revision/approve", admin(h.approveRevision))
	mux.HandleFunc("POST /api/admin/articles/{id}/revision/discard", admin(h.discardRevision))
	mux.HandleFunc("POST /api/admin/articles/{id}/revisions/{revisionId}/restore", admin(h.restore))

	h.mountLegends(mux)

	mux.HandleFunc("GET /media/{key...}", h.media)
	mux.HandleFunc("GET /feed.xml", h.atom)
	mux.HandleFunc("GET /rss.xml", h.rss)
	mux.HandleFunc("GET /category/{category}/feed.xml", h.atom)
	mux.HandleFunc("GET /category/{category}/rss.xml", h.rss)
	mux.HandleFunc("GET /sitemap.xml", h.sitemap)
	mux.HandleFunc("GET /robots.txt", h.robots)
	h.mountPages(mux)
}

func caller(r *http.Request) *auth.User {
	u, _ := auth.FromContext(r.Context())
	return u
}
