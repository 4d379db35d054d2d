// Package httpapi is the store service's HTTP face: the JSON API of CONTRACT.md,
// image serving, the Stripe webhook and the store's own pages. Handlers only decode, call the app and
// encode as internal/api/storeapi types.
package httpapi

import (
	"log/slog"
	"net/http"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/idem"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/store/app"
)

// Deps are what the routes need beyond the use cases.
type Deps struct {
	App *app.Service
	DB  *db.DB // Idempotency-Key answers live here
	// Cache keeps public answers under the data version.
	Cache    *cache.Cache
	Blobs    blob.Store
	Payments *payments.Payments
	// Outbox is kicked after a Stripe event's transaction committed its e-mail.
	Outbox app.Outbox
	// Pages are the store's own pages, parsed with the kit's layout.
	Pages *ui.Templates
	Log   *slog.Logger
}

// Handler serves the store service's routes.
type Handler struct {
	app   *app.Service
	cache *cache.Cache
	blobs blob.Store
	pages *ui.Templates
	log   *slog.Logger
}

// Mount registers every route on mux, each with its guard.
func Mount(mux *http.ServeMux, d Deps) {
	h := &Handler{app: d.App, cache: d.Cache, blobs: d.Blobs, pages: d.Pages, log: d.Log}
	user := auth.RequireUser
	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.RequireRole(f, auth.RoleAdmin) }
	once := func(f http.HandlerFunc) http.HandlerFunc { return user(idem.Wrap(d.DB, f)) }

	// Vendors.
	mux.HandleFunc("POST /api/vendors", auth.RequireRole(h.applyVendor, auth.RoleStoreOwner))
	mux.HandleFunc("GET /api/vendors/{slug}", h.getVendor)
	mux.HandleFunc("PATCH /api/vendors/{id}", user(h.patchVendor))
	mux.HandleFunc("PUT /api/vendors/{id}/logo", user(h.putLogo))
	mux.HandleFunc("GET /api/me/vendors", user(h.myVendors))
	mux.HandleFunc("GET /api/vendors/{id}/team", user(h.listTeam))
	mux.HandleFunc("POST /api/vendors/{id}/team", user(h.addMember))
	mux.HandleFunc("DELETE /api/vendors/{id}/team/{memberId}", user(h.removeMember))
	mux.HandleFunc("GET /api/vendors/{id}/reviews", user(h.reviews))
	mux.HandleFunc("GET /api/admin/vendors", admin(h.adminVendors))
	mux.HandleFunc("POST /api/admin/vendors/{id}/{action}", admin(h.moderate))

	// Catalogue.
	mux.HandleFunc("GET /api/products", h.listProducts)
	mux.HandleFunc("GET /api/products/{slug}", h.getProduct)
	mux.HandleFunc("POST /api/vendors/{id}/products", user(h.createProduct))
	mux.HandleFunc("GET /api/vendors/{id}/products", user(h.vendorProducts))
	mux.HandleFunc("GET /api/vendors/{id}/low-stock", user(h.lowStock))
	mux.HandleFunc("PATCH /api/products/{id}", user(h.patchProduct))
	mux.HandleFunc("POST /api/products/{id}/variants", user(h.addVariant))
	mux.HandleFunc("PATCH /api/variants/{id}", user(h.patchVariant))
	mux.HandleFunc("PUT /api/variants/{id}/image", user(h.putVariantImage))
	mux.HandleFunc("POST /api/products/{id}/images", user(h.addImage))
	mux.HandleFunc("DELETE /api/products/{id}/images/{imageId}", user(h.deleteImage))
	mux.HandleFunc("GET /images/{key...}", h.serveImage)

	// Discount codes.
	mux.HandleFunc("GET /api/vendors/{id}/discounts", user(h.listDiscounts))
	mux.HandleFunc("POST /api/vendors/{id}/discounts", user(h.createDiscount))
	mux.HandleFunc("PATCH /api/discounts/{id}", user(h.patchDiscount))

	// Checkout and orders.
	mux.HandleFunc("POST /api/checkout", once(h.checkout))
	mux.HandleFunc("GET /api/me/orders", user(h.myOrders))
	mux.HandleFunc("GET /api/orders/{id}", user(h.getOrder))
	mux.HandleFunc("GET /api/orders/{id}/pickup-qr.png", user(h.pickupQR))
	mux.HandleFunc("GET /api/vendors/{id}/orders", user(h.vendorOrders))
	mux.HandleFunc("GET /api/vendors/{id}/orders/to-fulfil", user(h.toFulfil))
	mux.HandleFunc("POST /api/orders/{id}/ship", once(h.ship))
	mux.HandleFunc("POST /api/orders/{id}/ready-for-pickup", once(h.readyForPickup))
	mux.HandleFunc("POST /api/orders/{id}/deliver", once(h.deliver))
	mux.HandleFunc("POST /api/orders/{id}/picked-up", once(h.pickedUp))
	mux.HandleFunc("POST /api/vendors/{id}/pickups", once(h.scanPickup))
	mux.HandleFunc("POST /api/orders/{id}/cancel", once(h.cancel))
	mux.HandleFunc("POST /api/orders/{id}/refund", once(h.refund))

	// Payments.
	mux.HandleFunc("POST /api/vendors/{id}/payments/connect", user(h.connect))
	mux.HandleFunc("GET /api/vendors/{id}/payments", user(h.paymentSetup))
	mux.HandleFunc("POST /api/webhooks/stripe", d.Payments.WebhookHandler(d.App.HandleStripe, kickOutbox(d.Outbox)))

	h.mountPages(mux)
}

func user(r *http.Request) *auth.User {
	u, _ := auth.FromContext(r.Context())
	return u
}

// kickOutbox is the webhook's after-commit step: the payments kit commits the
// event's transaction, and the mail enqueued in it, after the service's handler
// returns, so a kick from inside the handler would find nothing yet.
func kickOutbox(o app.Outbox) func() {
	if o == nil {
		return nil
	}
	return o.Kick
}
