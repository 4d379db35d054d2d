package site

import (
	"net/http"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/ui"
)

// storeOrderView is one store order as the buyer's pages show it: where it stands,
// how it reaches them, and what is in it.
type storeOrderView struct {
	ID, Anchor, Number, Vendor, VendorHref string
	Fulfillment, Status, PaymentStatus     string
	Method, Ordered                        string
	Subtotal, Shipping, Tax, Discount      string
	Total                                  string
	Lines                                  []storeOrderLine
	Address                                string
	Point                                  *pointView
	PickupCode, PickupQR                   string
	Carrier, Tracking, TrackingURL         string
	PayURL                                 string
	Cancelled                              string
}

type storeOrderLine struct {
	Name, Href, Label, Total string
	Quantity                 int
}

func (s *Site) storeOrderOf(o storeapi.Order) storeOrderView {
	v := storeOrderView{ID: o.ID, Anchor: orderAnchor(o.ID), Number: o.OrderNumber, Vendor: o.VendorName,
		Fulfillment: o.Fulfillment, Status: o.FulfillmentStatus, PaymentStatus: o.PaymentStatus, Method: o.PaymentMethod,
		Subtotal: ui.Money(o.SubtotalCents), Shipping: ui.Money(o.ShippingCents), Tax: ui.Money(o.TaxCents),
		Total: ui.Money(o.TotalCents), PickupCode: o.PickupCode, PickupQR: s.imageURL("store", o.PickupQRURL),
		Carrier: o.Carrier, Tracking: o.TrackingNumber, TrackingURL: safeURL(o.TrackingURL),
		PayURL: safeURL(o.CheckoutURL), Cancelled: o.CancelReason}
	if o.DiscountCents > 0 {
		v.Discount = "-" + ui.Money(o.DiscountCents)
	}
	if !o.CreatedAt.IsZero() {
		v.Ordered = datetime(o.CreatedAt)
	}
	if a := o.ShippingAddress; a != nil {
		v.Address = a.Name + ", " + a.Line1
		if a.Line2 != "" {
			v.Address += ", " + a.Line2
		}
		v.Address += ", " + a.City + ", " + a.State + " " + a.PostalCode
	}
	if o.PickupPoint != nil {
		pt := pointOf(*o.PickupPoint)
		v.Point = &pt
	}
	for _, l := range o.Lines {
		line := storeOrderLine{Name: l.ProductName, Label: l.VariantLabel, Quantity: l.Quantity, Total: ui.Money(l.LineCents)}
		if l.ProductSlug != "" {
			line.Href = "/store/products/" + pathEscape(l.ProductSlug)
		}
		v.Lines = append(v.Lines, line)
	}
	return v
}

type storeMinePage struct {
	Current, Done []storeOrderView
	Down, More    string
}

// myStoreOrders is every store order of the signed-in buyer, drawn from the store
// with their own token: open ones first, each with its status and tracking.
func (s *Site) myStoreOrders(w http.ResponseWriter, r *http.Request) {
	u, ok := auth.FromContext(r.Context())
	if !ok {
		signIn(w, r)
		return
	}
	var p storeMinePage
	orders, more, down, status := readMine[storeapi.Order](s, w, r,
		mineSource{service: "store", name: "the Store", path: "/api/me/orders", what: "orders", safe: "They are safe"})
	for _, o := range orders {
		ov := s.storeOrderOf(o)
		if storeOrderOver(o) {
			p.Done = append(p.Done, ov)
		} else {
			p.Current = append(p.Current, ov)
		}
	}
	p.More, p.Down = more, down
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, status, "store_orders.html", ui.View{Title: "Your store orders", Service: "portal", User: u, Data: p})
}

// storeOrderOver reports whether a store order needs nothing more from anyone.
func storeOrderOver(o storeapi.Order) bool {
	switch o.FulfillmentStatus {
	case "DELIVERED", "PICKED_UP", "CANCELLED":
		return true
	}
	return false
}
