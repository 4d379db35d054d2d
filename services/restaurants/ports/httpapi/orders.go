package httpapi

import (
	"net/http"
	"strings"
	"time"

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/domain"
)

// placeOrder takes POST /api/orders. Its request has no price fields: a client that
// sends priceCents or totalCents is refused as an unknown field, and prices come from
// the menu only.
func (h *Handlers) placeOrder(w http.ResponseWriter, r *http.Request) {
	var req restaurantsapi.OrderRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	bad := map[string]string{}
	if strings.TrimSpace(req.RestaurantID) == "" {
		bad["restaurantId"] = "is required"
	}
	pickup, err := time.Parse(time.RFC3339, req.PickupTime)
	if err != nil {
		bad["pickupTime"] = "must be an RFC 3339 time such as 2026-05-01T18:30:00Z"
	}
	if len(bad) > 0 {
		web.WriteError(w, r, errs.Invalid(bad))
		return
	}
	place := app.PlaceOrder{RestaurantID: req.RestaurantID, PickupTime: pickup, PaymentMethod: req.PaymentMethod, Phone: req.Phone}
	for _, it := range req.Items {
		place.Items = append(place.Items, domain.Requested{MenuItemID: it.MenuItemID, Quantity: it.Quantity, Notes: it.Notes})
	}
	o, err := h.App.Place(r.Context(), user(r), place)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/orders/"+o.ID)
	web.WriteJSON(w, http.StatusCreated, orderView(o))
}

func (h *Handlers) getOrder(w http.ResponseWriter, r *http.Request) {
	o, err := h.App.Order(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, orderView(o))
}

func (h *Handlers) patchOrder(w http.ResponseWriter, r *http.Request) {
	var req restaurantsapi.StatusRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	to, ok := domain.ParseOrderStatus(req.Status)
	if !ok {
		web.WriteError(w, r, errs.Invalid(map[string]string{"status": "must be one of PENDING, CONFIRMED, PREPARING, READY_FOR_PICKUP, COMPLETED, CANCELLED, REFUNDED"}))
		return
	}
	o, err := h.App.ChangeStatus(r.Context(), user(r), r.PathValue("id"),
		app.StatusChange{To: to, PrepMinutes: req.PrepMinutes, Reason: req.Reason})
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, orderView(o))
}

func (h *Handlers) myOrders(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	orders, total, err := h.App.MyOrders(r.Context(), user(r), app.Page(page))
	writeOrders(w, r, orders, total, page, err)
}

// parseStatuses reads ?status=A,B; "active" means every state the kitchen still works on.
func parseStatuses(s string) ([]domain.OrderStatus, error) {
	var out []domain.OrderStatus
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if strings.EqualFold(part, "active") {
			out = append(out, domain.OrderPending, domain.OrderConfirmed, domain.OrderPreparing, domain.OrderReady)
			continue
		}
		st, ok := domain.ParseOrderStatus(part)
		if !ok {
			return nil, errs.Invalid(map[string]string{"status": "must be order statuses separated by commas, or active"})
		}
		out = append(out, st)
	}
	return out, nil
}

func (h *Handlers) restaurantOrders(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	statuses, err := parseStatuses(r.URL.Query().Get("status"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	orders, total, err := h.App.RestaurantOrders(r.Context(), user(r), r.PathValue("id"), statuses, app.Page(page))
	writeOrders(w, r, orders, total, page, err)
}

func writeOrders(w http.ResponseWriter, r *http.Request, orders []domain.Order, total int, page web.Page, err error) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	items := make([]restaurantsapi.Order, 0, len(orders))
	for _, o := range orders {
		items = append(items, orderView(o))
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, total, page))
}
