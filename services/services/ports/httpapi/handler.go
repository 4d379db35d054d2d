// Package httpapi is the services directory's HTTP side: the JSON API of
// CONTRACT.md. Handlers decode, call app, encode.
package httpapi

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/services/services/app"
)

// Handler serves the services directory's routes.
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
	provider := func(f http.HandlerFunc) http.HandlerFunc { return auth.RequireRole(f, auth.RoleServiceProvider) }
	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.RequireRole(f, auth.RoleAdmin) }

	mux.HandleFunc("GET /api/providers", h.listProviders)
	mux.HandleFunc("GET /api/providers/{slug}", h.getProvider)
	mux.HandleFunc("GET /api/categories", h.categories)
	mux.HandleFunc("POST /api/providers", provider(h.apply))
	mux.HandleFunc("GET /api/me/providers", user(h.myProviders))
	mux.HandleFunc("POST /api/providers/{id}/photos", user(h.addPhoto))
	mux.HandleFunc("POST /api/admin/providers/{id}/approve", admin(h.adminMove("approve")))
	mux.HandleFunc("POST /api/admin/providers/{id}/reject", admin(h.adminMove("reject")))
	mux.HandleFunc("POST /api/admin/providers/{id}/suspend", admin(h.adminMove("suspend")))
	mux.HandleFunc("POST /api/admin/providers/{id}/premium", admin(h.premium))
	mux.HandleFunc("POST /api/admin/providers/{id}/verify", admin(h.verify(true)))
	mux.HandleFunc("POST /api/admin/providers/{id}/unverify", admin(h.verify(false)))
	mux.HandleFunc("POST /api/admin/reviews/{id}/keep", admin(h.decideReview(true)))
	mux.HandleFunc("POST /api/admin/reviews/{id}/remove", admin(h.decideReview(false)))

	mux.HandleFunc("POST /api/providers/{id}/inquiries", user(h.sendInquiry))
	mux.HandleFunc("GET /api/providers/{id}/inquiries", user(h.providerInquiries))
	mux.HandleFunc("GET /api/inquiries/{id}", user(h.getInquiry))
	mux.HandleFunc("POST /api/inquiries/{id}/messages", user(h.postMessage))
	mux.HandleFunc("PATCH /api/inquiries/{id}", user(h.moveInquiry))
	mux.HandleFunc("GET /api/me/inquiries", user(h.myInquiries))

	mux.HandleFunc("GET /api/providers/{id}/reviews", h.listReviews)
	mux.HandleFunc("POST /api/providers/{id}/reviews", user(h.addReview))
	mux.HandleFunc("PATCH /api/reviews/{id}", user(h.editReview))
	mux.HandleFunc("POST /api/reviews/{id}/reply", user(h.reply))
	mux.HandleFunc("POST /api/reviews/{id}/report", user(h.report))

	mux.HandleFunc("GET /api/providers/{id}/availability", h.availability)
	mux.HandleFunc("GET /api/providers/{id}/booked", user(h.bookedDays))
	mux.HandleFunc("PUT /api/providers/{id}/booked/{date}", user(h.markBooked))
	mux.HandleFunc("DELETE /api/providers/{id}/booked/{date}", user(h.unmarkBooked))
	mux.HandleFunc("PUT /api/providers/{id}/calendar", user(h.importCalendar))

	mux.HandleFunc("PUT /api/providers/{id}/licence", user(h.uploadLicence))
	mux.HandleFunc("GET /api/admin/providers/{id}/licence", admin(h.licenceFile))

	mux.HandleFunc("GET /api/providers/{id}/stats", user(h.stats))
	mux.HandleFunc("GET /api/me/favourites", user(h.favourites))
	mux.HandleFunc("PUT /api/me/favourites/{id}", user(h.save))
	mux.HandleFunc("DELETE /api/me/favourites/{id}", user(h.unsave))

	mux.HandleFunc("GET /media/{key...}", h.media)
	h.mountPages(mux)
}

func caller(r *http.Request) *auth.User {
	u, _ := auth.FromContext(r.Context())
	return u
}

// writeErr answers err, with Retry-After on a rate limit.
func writeErr(w http.ResponseWriter, r *http.Request, err error) {
	writeRetryAfter(w, err)
	web.WriteError(w, r, err)
}

// writeRetryAfter turns a rate limit's retryAfterSeconds into a Retry-After header.
func writeRetryAfter(w http.ResponseWriter, err error) {
	var e *errs.Error
	if errors.As(err, &e) && e.Code == errs.CodeRateLimited {
		if secs, ok := e.Details["retryAfterSeconds"].(int); ok {
			w.Header().Set("Retry-After", strconv.Itoa(secs))
		}
	}
}

// answer writes v with status, or the error.
func answer[T any](w http.ResponseWriter, r *http.Request, status int, v T, err error) {
	if err != nil {
		writeErr(w, r, err)
		return
	}
	web.WriteJSON(w, status, v)
}
