// Package httpapi is the restaurants service's HTTP face: the JSON API of the
// contract, image serving, the live order stream, the Stripe webhook and the owner
// dashboard and the admins' pages. Handlers only decode, call the app and encode.
package httpapi

import (
	"database/sql"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/idem"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/restaurants/app"
)

// Handlers serve the restaurants service.
type Handlers struct {
	App *app.Service
	DB  *db.DB // idempotency keys live here
	// Cache keeps public answers under the data version.
	Cache    *cache.Cache
	Payments *payments.Payments
	// TxStore binds the app's store to the transaction in which the payments kit
	// records a webhook event as handled, so the event's effects commit with it.
	TxStore func(tx *sql.Tx) app.Store
	Blobs   blob.Store
	Log     *slog.Logger
	// PortalURL links the dashboard back to the portal.
	PortalURL string

	pages  *ui.Templates
	board  *template.Template
	static *ui.Assets
}

// New prepares the handlers; templates and static hold the dashboard's files.
func New(h Handlers, templates, static fs.FS) (*Handlers, error) {
	pages, err := ui.Parse(templates, "*.html")
	if err != nil {
		return nil, err
	}
	pages.Use(restaurantsapi.Words)
	board, err := template.New("board").Funcs(ui.Funcs).Funcs(pages.WordFuncs()).ParseFS(templates, "dashboard_restaurant.html", "kitchen.html")
	if err != nil {
		return nil, err
	}
	pages.Use(restaurantsapi.Words).Use(adminWords).Use(refundWords)
	// The dashboard's files, fingerprinted through {{asset}}: kept a year.
	assets, err := ui.NewAssets("/static/restaurants/", static)
	if err != nil {
		return nil, err
	}
	h.pages, h.board, h.static = pages, board, assets
	return &h, nil
}

// Mount registers every route on mux.
func (h *Handlers) Mount(mux *http.ServeMux) {
	// Restaurants.
	mux.HandleFunc("GET /api/restaurants", h.listRestaurants)
	mux.HandleFunc("POST /api/restaurants", auth.RequireRole(h.applyRestaurant, auth.RoleRestaurantOwner))
	mux.HandleFunc("GET /api/restaurants/{slug}", h.restaurantBySlug)
	mux.HandleFunc("PATCH /api/restaurants/{id}", auth.RequireUser(h.patchRestaurant))
	mux.HandleFunc("PUT /api/restaurants/{id}/hours", auth.RequireUser(h.putHours))
	mux.HandleFunc("PATCH /api/restaurants/{id}/kitchen", auth.RequireUser(h.patchKitchen))
	mux.HandleFunc("POST /api/restaurants/{id}/photos", auth.RequireUser(h.addPhoto))
	mux.HandleFunc("DELETE /api/restaurants/{id}/photos/{photoId}", auth.RequireUser(h.deletePhoto))
	mux.HandleFunc("GET /api/me/restaurants", auth.RequireUser(h.myRestaurants))
	mux.HandleFunc("GET /api/admin/restaurants", auth.RequireRole(h.adminList, auth.RoleAdmin))
	mux.HandleFunc("POST /api/admin/restaurants/{id}/{action}", auth.RequireRole(h.moderate, auth.RoleAdmin))

	// Menu.
	mux.HandleFunc("POST /api/restaurants/{id}/menu/items", auth.RequireUser(h.addItem))
	mux.HandleFunc("PATCH /api/restaurants/{id}/menu/items/{itemId}", auth.RequireUser(h.patchItem))
	mux.HandleFunc("DELETE /api/restaurants/{id}/menu/items/{itemId}", auth.RequireUser(h.deleteItem))
	mux.HandleFunc("PUT /api/restaurants/{id}/menu/items/{itemId}/image", auth.RequireUser(h.putItemImage))
	mux.HandleFunc("GET /images/{key...}", h.serveImage)

	// Team.
	mux.HandleFunc("GET /api/restaurants/{id}/staff", auth.RequireUser(h.listStaff))
	mux.HandleFunc("POST /api/restaurants/{id}/staff", auth.RequireUser(h.addStaff))
	mux.HandleFunc("DELETE /api/restaurants/{id}/staff/{memberId}", auth.RequireUser(h.removeStaff))

	// Orders.
	mux.HandleFunc("POST /api/orders", auth.RequireUser(idem.Wrap(h.DB, h.placeOrder)))
	mux.HandleFunc("GET /api/orders/{id}", auth.RequireUser(h.getOrder))
	mux.HandleFunc("PATCH /api/orders/{id}", auth.RequireUser(h.patchOrder))
	mux.HandleFunc("GET /api/me/orders", auth.RequireUser(h.myOrders))
	mux.HandleFunc("GET /api/restaurants/{id}/orders", auth.RequireUser(h.restaurantOrders))
	mux.HandleFunc("GET /api/restaurants/{id}/orders/stream", auth.RequireUser(h.orderStream))

	// Payments.
	mux.HandleFunc("POST /api/restaurants/{id}/payments/onboarding", auth.RequireUser(h.onboard))
	mux.HandleFunc("GET /api/restaurants/{id}/payments", auth.RequireUser(h.paymentSetup))
	mux.HandleFunc("POST /api/webhooks/stripe", h.webhook)

	h.mountDashboard(mux)
	h.mountKitchen(mux)
	h.mountAdmin(mux)
}

func user(r *http.Request) *auth.User {
	u, _ := auth.FromContext(r.Context())
	return u
}
