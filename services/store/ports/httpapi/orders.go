package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/skip2/go-qrcode"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/store/app"
	"stepperslife/services/store/domain"
)

// priceFields are what a client might send to set a price; the store refuses them by
// name, so a tampered request is told plainly that prices are not the client's.
type priceFields struct {
	PriceCents     json.RawMessage `json:"priceCents"`
	UnitPriceCents json.RawMessage `json:"unitPriceCents"`
	UnitCents      json.RawMessage `json:"unitCents"`
	LineCents      json.RawMessage `json:"lineCents"`
	Price          json.RawMessage `json:"price"`
}

func (p priceFields) sent() string {
	for name, v := range map[string]json.RawMessage{"priceCents": p.PriceCents, "unitPriceCents": p.UnitPriceCents,
		"unitCents": p.UnitCents, "lineCents": p.LineCents, "price": p.Price} {
		if v != nil {
			return name
		}
	}
	return ""
}

// checkoutBody is storeapi.CheckoutRequest with the price fields a client must not
// send.
type checkoutBody struct {
	Items []struct {
		storeapi.CheckoutItem
		priceFields
	} `json:"items"`
	Fulfillment     string            `json:"fulfillment"`
	ShippingAddress *storeapi.Address `json:"shippingAddress"`
	PaymentMethod   string            `json:"paymentMethod"`
	DiscountCode    string            `json:"discountCode"`
	PickupPoints    map[string]string `json:"pickupPoints"`
	SubtotalCents   json.RawMessage   `json:"subtotalCents"`
	ShippingCents   json.RawMessage   `json:"shippingCents"`
	TaxCents        json.RawMessage   `json:"taxCents"`
	DiscountCents   json.RawMessage   `json:"discountCents"`
	TotalCents      json.RawMessage   `json:"totalCents"`
	ShippingCost    json.RawMessage   `json:"shippingCost"`
}

const pricesRefused = "prices come from the store; send variantId and quantity only"

func (b checkoutBody) request() (app.CheckoutRequest, error) {
	bad := map[string]string{}
	for name, v := range map[string]json.RawMessage{"subtotalCents": b.SubtotalCents, "shippingCents": b.ShippingCents,
		"taxCents": b.TaxCents, "discountCents": b.DiscountCents, "totalCents": b.TotalCents, "shippingCost": b.ShippingCost} {
		if v != nil {
			bad[name] = pricesRefused
		}
	}
	req := app.CheckoutRequest{Fulfillment: domain.Fulfillment(strings.ToLower(strings.TrimSpace(b.Fulfillment))),
		Method: domain.PaymentMethod(strings.ToLower(strings.TrimSpace(b.PaymentMethod))), DiscountCode: b.DiscountCode,
		PickupPoints: b.PickupPoints}
	for i, it := range b.Items {
		if f := it.sent(); f != "" {
			bad["items["+strconv.Itoa(i)+"]."+f] = pricesRefused
		}
		req.Items = append(req.Items, domain.CartItem{VariantID: strings.TrimSpace(it.VariantID), Quantity: it.Quantity})
	}
	if len(b.DiscountCode) > 200 {
		bad["discountCode"] = "is too long"
	}
	if len(b.PickupPoints) > domain.MaxVendorsPerCheckout {
		bad["pickupPoints"] = "names too many vendors"
	}
	if a := b.ShippingAddress; a != nil {
		req.Address = &domain.Address{Name: a.Name, Line1: a.Line1, Line2: a.Line2, City: a.City, State: a.State,
			PostalCode: a.PostalCode, Country: a.Country}
	}
	if len(bad) > 0 {
		return req, errs.Invalid(bad)
	}
	return req, nil
}

func (h *Handler) checkout(w http.ResponseWriter, r *http.Request) {
	var body checkoutBody
	if err := web.DecodeJSON(r, &body); err != nil {
		web.WriteError(w, r, err)
		return
	}
	req, err := body.request()
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	orders, err := h.app.Checkout(r.Context(), user(r), req)
	if err != nil {
		retryAfter(w, err)
		web.WriteError(w, r, err)
		return
	}
	out := storeapi.CheckoutResult{CheckoutID: orders[0].CheckoutID, Orders: make([]storeapi.Order, 0, len(orders))}
	for _, o := range orders {
		out.Orders = append(out.Orders, h.orderOut(o))
	}
	web.WriteJSON(w, http.StatusCreated, out)
}

// retryAfter turns a rate-limit answer's retryAfterSeconds into a Retry-After header.
func retryAfter(w http.ResponseWriter, err error) {
	if e, ok := err.(*errs.Error); ok && e.Code == errs.CodeRateLimited {
		if secs, ok := e.Details["retryAfterSeconds"].(int); ok {
			w.Header().Set("Retry-After", strconv.Itoa(secs))
		}
	}
}

func (h *Handler) writeOrders(w http.ResponseWriter, l app.OrderList, page web.Page) {
	items := make([]storeapi.Order, 0, len(l.Items))
	for _, o := range l.Items {
		items = append(items, h.orderOut(o))
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, l.Total, page))
}

func (h *Handler) myOrders(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	l, err := h.app.MyOrders(r.Context(), user(r), app.Page(page))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	h.writeOrders(w, l, page)
}

func (h *Handler) vendorOrders(w http.ResponseWriter, r *http.Request) {
	if wantsCSV(r) {
		if err := h.writeOrdersCSV(w, r, r.PathValue("id")); err != nil {
			web.WriteError(w, r, err)
		}
		return
	}
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := domain.OrderFilter{FulfillmentStatus: domain.FulfillmentStatus(strings.ToUpper(q.Get("status"))),
		PaymentStatus: domain.PaymentStatus(strings.ToUpper(q.Get("paymentStatus"))), Limit: page.Limit, Offset: page.Offset}
	bad := map[string]string{}
	if f.FulfillmentStatus != "" && !contains(domain.FulfillmentStatuses, f.FulfillmentStatus) {
		bad["status"] = "must be a fulfilment status: UNFULFILLED, SHIPPED, DELIVERED, READY_FOR_PICKUP, PICKED_UP or CANCELLED"
	}
	if f.PaymentStatus != "" && !contains(domain.PaymentStatuses, f.PaymentStatus) {
		bad["paymentStatus"] = "must be PENDING, PAID, FAILED, VOIDED, PARTIALLY_REFUNDED or REFUNDED"
	}
	if len(bad) > 0 {
		web.WriteError(w, r, errs.Invalid(bad))
		return
	}
	l, err := h.app.VendorOrders(r.Context(), user(r), r.PathValue("id"), f)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	h.writeOrders(w, l, page)
}

func (h *Handler) getOrder(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Order(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, h.orderOut(v.Order))
}

// pickupQR is the QR code of a pickup order's code, for its buyer to show.
func (h *Handler) pickupQR(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Order(r.Context(), user(r), r.PathValue("id"))
	if err == nil && (v.Order.PickupCode == "" || !v.Order.FulfillmentStatus.Open()) {
		err = errs.NotFound("Pickup code")
	}
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	png, err := qrcode.Encode(v.Order.PickupCode, qrcode.Medium, 320)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(png)
}

// answerOrder writes the order a move led to, or why it did not happen.
func (h *Handler) answerOrder(w http.ResponseWriter, r *http.Request, o domain.Order, err error) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, h.orderOut(o))
}

// optionalJSON decodes a body when there is one: the moves without details may be
// sent empty.
func optionalJSON(r *http.Request, dst any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return web.DecodeJSON(r, dst)
}

func (h *Handler) ship(w http.ResponseWriter, r *http.Request) {
	var req storeapi.ShipRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	o, err := h.app.Ship(r.Context(), user(r), r.PathValue("id"), domain.Shipment{Carrier: req.Carrier, TrackingNumber: req.TrackingNumber})
	h.answerOrder(w, r, o, err)
}

func (h *Handler) readyForPickup(w http.ResponseWriter, r *http.Request) {
	o, err := h.app.ReadyForPickup(r.Context(), user(r), r.PathValue("id"))
	h.answerOrder(w, r, o, err)
}

func (h *Handler) deliver(w http.ResponseWriter, r *http.Request) {
	o, err := h.app.Deliver(r.Context(), user(r), r.PathValue("id"))
	h.answerOrder(w, r, o, err)
}

func (h *Handler) pickedUp(w http.ResponseWriter, r *http.Request) {
	var req storeapi.PickupRequest
	if err := optionalJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	o, err := h.app.PickedUp(r.Context(), user(r), r.PathValue("id"), req.Code)
	h.answerOrder(w, r, o, err)
}

func (h *Handler) scanPickup(w http.ResponseWriter, r *http.Request) {
	var req storeapi.PickupRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	o, err := h.app.ScanPickup(r.Context(), user(r), r.PathValue("id"), req.Code)
	h.answerOrder(w, r, o, err)
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Reason string `json:"reason"`
	}
	if err := optionalJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	o, err := h.app.Cancel(r.Context(), user(r), r.PathValue("id"), req.Reason)
	h.answerOrder(w, r, o, err)
}

func (h *Handler) refund(w http.ResponseWriter, r *http.Request) {
	var req storeapi.RefundRequest
	if err := optionalJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	o, err := h.app.Refund(r.Context(), user(r), r.PathValue("id"), req.AmountCents, req.Restock)
	h.answerOrder(w, r, o, err)
}

func (h *Handler) listDiscounts(w http.ResponseWriter, r *http.Request) {
	ds, err := h.app.Discounts(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	items := make([]storeapi.Discount, 0, len(ds))
	for _, d := range ds {
		items = append(items, discountOut(d))
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, len(items), web.Page{Limit: max(len(items), 1)}))
}

func (h *Handler) createDiscount(w http.ResponseWriter, r *http.Request) {
	var req storeapi.DiscountRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	d, err := h.app.CreateDiscount(r.Context(), user(r), r.PathValue("id"), domain.DiscountInput{Code: req.Code,
		Kind: domain.DiscountKind(req.Kind), Amount: req.Amount, MinSubtotalCents: req.MinSubtotalCents,
		MaxDiscountCents: req.MaxDiscountCents, UsageLimit: req.UsageLimit, PerCustomerLimit: req.PerCustomerLimit,
		StartsAt: req.StartsAt, EndsAt: req.EndsAt})
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, discountOut(d))
}

func (h *Handler) patchDiscount(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Active *bool `json:"active"`
	}
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	if req.Active == nil {
		web.WriteError(w, r, errs.Invalid(map[string]string{"active": "is required (true or false)"}))
		return
	}
	d, err := h.app.SetDiscountActive(r.Context(), user(r), r.PathValue("id"), *req.Active)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, discountOut(d))
}

func (h *Handler) connect(w http.ResponseWriter, r *http.Request) {
	url, err := h.app.ConnectLink(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]string{"url": url})
}

func (h *Handler) paymentSetup(w http.ResponseWriter, r *http.Request) {
	p, err := h.app.Payments(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, storeapi.PaymentSetup{CardPayments: p.CardPayments, Connected: p.Connected,
		ChargesEnabled: p.ChargesEnabled})
}

// toFulfil answers how many of a vendor's orders wait for its team (to ship or to
// hand over; an open card checkout waits for its buyer), for the dashboard's live
// count.
func (h *Handler) toFulfil(w http.ResponseWriter, r *http.Request) {
	ctx, u, id := r.Context(), user(r), r.PathValue("id")
	n := 0
	for _, st := range []domain.FulfillmentStatus{domain.Unfulfilled, domain.ReadyForPickup} {
		l, err := h.app.VendorOrders(ctx, u, id, domain.OrderFilter{FulfillmentStatus: st, Limit: 100})
		if err != nil {
			web.WriteError(w, r, err)
			return
		}
		n += l.Total
		for _, o := range l.Items {
			if o.Holding() {
				n--
			}
		}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	web.WriteJSON(w, http.StatusOK, storeapi.FulfilCount{ToFulfil: n})
}
