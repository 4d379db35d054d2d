// Package httpapi is the classes service's HTTP side: the JSON API of CONTRACT.md
// and the class calendars. Handlers decode, call app, encode.
package httpapi

import (
	"database/sql"
	"net/http"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/idem"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/classes/app"
)

// Handler serves the classes service's routes.
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
	DB  *db.DB // for Idempotency-Key answers
	// Cache keeps public answers under the data version.
	Cache    *cache.Cache
	Blobs    blob.Store
	Payments *payments.Payments
	// TxStore binds the store to a Stripe event's transaction.
	TxStore func(tx *sql.Tx) app.Store
	// Outbox is kicked after a Stripe event's transaction committed its e-mail.
	Outbox    app.Outbox
	Pages     *ui.Templates
	PortalURL string
}

// Mount registers every route on mux.
func Mount(mux *http.ServeMux, d Deps) {
	h := &Handler{app: d.App, cache: d.Cache, blobs: d.Blobs, pages: d.Pages, portalURL: strings.TrimRight(d.PortalURL, "/")}
	user := auth.RequireUser
	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.RequireRole(f, auth.RoleAdmin) }
	instructor := func(f http.HandlerFunc) http.HandlerFunc {
		return auth.RequireRole(f, auth.RoleInstructor, auth.RoleAdmin)
	}

	mux.HandleFunc("GET /api/classes", h.listClasses)
	mux.HandleFunc("GET /api/classes/{slug}", h.getClass)
	mux.HandleFunc("POST /api/classes", instructor(h.createClass))
	mux.HandleFunc("POST /api/classes/{id}/publish", user(h.publishClass))
	mux.HandleFunc("POST /api/classes/{id}/cancel", user(idem.Wrap(d.DB, h.cancelClass)))
	mux.HandleFunc("PUT /api/classes/{id}/cover", user(h.putCover))
	mux.HandleFunc("POST /api/classes/{id}/sessions/{sessionId}/move", user(h.moveSession))
	mux.HandleFunc("POST /api/classes/{id}/sessions/{sessionId}/cancel", user(idem.Wrap(d.DB, h.cancelSession)))
	mux.HandleFunc("GET /api/classes/{id}/roster", user(h.roster))
	mux.HandleFunc("GET /api/classes/{id}/roster.csv", user(h.rosterCSV))
	mux.HandleFunc("GET /api/classes/{id}/stats", user(h.stats))
	mux.HandleFunc("PUT /api/classes/{id}/sessions/{sessionId}/attendance", user(h.attendance))
	mux.HandleFunc("GET /api/classes/{id}/assistants", user(h.listAssistants))
	mux.HandleFunc("POST /api/classes/{id}/assistants", user(h.addAssistant))
	mux.HandleFunc("DELETE /api/classes/{id}/assistants/{email}", user(h.removeAssistant))
	mux.HandleFunc("GET /api/classes/{id}/reviews", h.listReviews)
	mux.HandleFunc("POST /api/classes/{id}/reviews", user(h.addReview))
	mux.HandleFunc("POST /api/reviews/{id}/reply", user(h.reply))
	mux.HandleFunc("POST /api/reviews/{id}/report", user(h.reportReview))
	mux.HandleFunc("POST /api/admin/reviews/{id}/{action}", admin(h.decideReview))
	mux.HandleFunc("GET /api/me/classes", instructor(h.myClasses))

	mux.HandleFunc("POST /api/enrollments", user(idem.Wrap(d.DB, h.enrol)))
	mux.HandleFunc("GET /api/enrollments/{id}", user(h.getEnrollment))
	mux.HandleFunc("POST /api/enrollments/{id}/cancel", user(idem.Wrap(d.DB, h.cancelEnrollment)))
	mux.HandleFunc("POST /api/enrollments/{id}/claim", user(idem.Wrap(d.DB, h.claim)))
	mux.HandleFunc("POST /api/enrollments/{id}/door-paid", user(h.doorPaid))
	mux.HandleFunc("GET /api/me/enrollments", user(h.myEnrollments))

	mux.HandleFunc("GET /api/instructors", h.listProfiles)
	mux.HandleFunc("GET /api/instructors/{slug}", h.getProfile)
	mux.HandleFunc("PUT /api/me/instructor", instructor(h.saveProfile))
	mux.HandleFunc("PUT /api/me/instructor/photo", instructor(h.putProfilePhoto))
	mux.HandleFunc("POST /api/admin/instructors/{id}/verify", admin(h.markProfile("verify")))
	mux.HandleFunc("POST /api/admin/instructors/{id}/feature", admin(h.markProfile("feature")))

	mux.HandleFunc("POST /api/payments/connect", instructor(h.connect))
	mux.HandleFunc("POST /api/webhooks/stripe", d.Payments.WebhookHandler(d.App.StripeHandler(d.TxStore), kickOutbox(d.Outbox)))
	mux.HandleFunc("GET /classes/{slug}/calendar.ics", h.calendar)
	mux.HandleFunc("GET /api/me/calendar", user(h.myCalendarURL))
	mux.HandleFunc("GET /calendars/{file}", h.myCalendar)
	mux.HandleFunc("GET /media/{key...}", h.media)
	h.mountPages(mux)
}

// kickOutbox is the webhook's after-commit step: the mail a Stripe event enqueued
// is visible only once its transaction committed.
func kickOutbox(o app.Outbox) func() {
	if o == nil {
		return nil
	}
	return o.Kick
}

func caller(r *http.Request) *auth.User {
	u, _ := auth.FromContext(r.Context())
	return u
}
