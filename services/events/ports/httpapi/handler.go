package httpapi

import (
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/idem"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/events/app"
)

// Handler serves the events service's routes.
type Handler struct {
	ev        *app.Events
	blobs     blob.Store
	pages     *ui.Templates
	portalURL string
	log       *slog.Logger
	metrics   *metrics
	cache     *cache.Cache
}

// Deps are what the routes need beyond the use cases.
type Deps struct {
	Events *app.Events
	DB     *db.DB // for Idempotency-Key answers
	// Cache keeps public answers under the data version.
	Cache    *cache.Cache
	Blobs    blob.Store
	Payments *payments.Payments
	// Outbox is kicked after a Stripe event's transaction committed its e-mail.
	Outbox    app.Outbox
	Pages     *ui.Templates
	PortalURL string
	Log       *slog.Logger
	Metrics   prometheus.Registerer
}

// Mount registers every route on mux.
func Mount(mux *http.ServeMux, d Deps) {
	h := &Handler{ev: d.Events, blobs: d.Blobs, pages: d.Pages, portalURL: d.PortalURL, log: d.Log, metrics: newMetrics(d.Metrics), cache: d.Cache}
	user := auth.RequireUser
	organizer := func(f http.HandlerFunc) http.HandlerFunc {
		return auth.RequireRole(f, auth.RoleEventOrganizer, auth.RoleAdmin)
	}

	mux.HandleFunc("GET /api/events", h.listEvents)
	mux.HandleFunc("GET /api/events/{slug}", h.getEvent)
	mux.HandleFunc("POST /api/events", organizer(h.createEvent))
	mux.HandleFunc("PATCH /api/events/{id}", user(h.updateEvent))
	mux.HandleFunc("POST /api/events/{id}/publish", user(h.publishEvent))
	mux.HandleFunc("POST /api/events/{id}/cancel", user(h.cancelEvent))
	mux.HandleFunc("PUT /api/events/{id}/flyer", user(h.putFlyer))
	mux.HandleFunc("POST /api/events/{id}/tiers", user(h.addTier))
	mux.HandleFunc("GET /api/events/{id}/discounts", user(h.listDiscounts))
	mux.HandleFunc("POST /api/events/{id}/discounts", user(h.addDiscount))
	mux.HandleFunc("GET /api/events/{id}/staff", user(h.listStaff))
	mux.HandleFunc("POST /api/events/{id}/staff", user(h.addStaff))
	mux.HandleFunc("DELETE /api/events/{id}/staff/{staffId}", user(h.removeStaff))
	mux.HandleFunc("GET /api/events/{id}/sales", user(h.sales))
	mux.HandleFunc("GET /api/events/{id}/attendees", user(h.attendees))
	mux.HandleFunc("GET /api/events/{id}/orders", user(h.eventOrders))
	mux.HandleFunc("POST /api/events/{id}/messages", user(idem.Wrap(d.DB, h.messageAttendees)))
	mux.HandleFunc("POST /api/events/{id}/checkin", user(h.checkin))
	mux.HandleFunc("POST /api/events/{id}/checkin/undo", user(h.undoCheckin))

	mux.HandleFunc("POST /api/tickets/purchase", user(idem.Wrap(d.DB, h.purchase)))
	mux.HandleFunc("POST /api/tickets/quote", user(h.quote))
	mux.HandleFunc("GET /api/tickets/{code}", h.getTicket)
	mux.HandleFunc("POST /api/tickets/{code}/transfer", user(idem.Wrap(d.DB, h.transfer)))
	mux.HandleFunc("GET /api/tickets/{code}/qr.png", h.ticketQR)
	mux.HandleFunc("GET /api/me/tickets", user(h.myTickets))
	mux.HandleFunc("GET /api/orders/{id}", user(h.getOrder))
	mux.HandleFunc("POST /api/orders/{id}/approve-cash", user(idem.Wrap(d.DB, h.approveCash)))
	mux.HandleFunc("POST /api/orders/{id}/refund", user(idem.Wrap(d.DB, h.refund)))
	mux.HandleFunc("POST /api/payments/connect", organizer(h.connect))
	mux.HandleFunc("POST /api/webhooks/stripe", d.Payments.WebhookHandler(d.Events.HandleStripe, kickOutbox(d.Outbox)))
	mux.HandleFunc("GET /media/{key...}", h.media)

	h.mountPages(mux)
	h.mountAdmin(mux)
}
