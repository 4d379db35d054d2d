package httpapi

import (
	"stepperslife/internal/api/storeapi"
	"stepperslife/services/store/app"
	"stepperslife/services/store/domain"
)

func (h *Handler) vendorOut(v domain.Vendor, role domain.MemberRole, team bool) storeapi.Vendor {
	out := storeapi.Vendor{ID: v.ID, Slug: v.Slug, Name: v.Name, Description: v.Description, Status: string(v.Status),
		ContactEmail: v.ContactEmail, ContactPhone: v.ContactPhone, LogoURL: h.app.ImageURL(v.LogoKey),
		ShippingRateCents: v.ShippingRateCents, FreeShippingOverCents: v.FreeShippingOverCents,
		TaxBasisPoints: v.TaxBasisPoints, Currency: "usd", PickupEnabled: v.PickupEnabled,
		PickupPoints: []storeapi.PickupPoint{}, CardPayments: h.app.CardReady(v), URL: h.app.VendorURL(v.Slug),
		Role: string(role), CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
	if team {
		out.StatusReason = v.StatusReason
	}
	points := v.PickupPoints
	if !team {
		points = v.OpenPickupPoints(h.app.Now())
	}
	for _, p := range points {
		out.PickupPoints = append(out.PickupPoints, pointOut(p))
	}
	return out
}

func pointOut(p domain.PickupPoint) storeapi.PickupPoint {
	return storeapi.PickupPoint{ID: p.ID, Label: p.Label, Address: p.Address, Notes: p.Notes, StartsAt: p.Starts, EndsAt: p.Ends}
}

func pointIn(p storeapi.PickupPoint) domain.PickupPoint {
	return domain.PickupPoint{ID: p.ID, Label: p.Label, Address: p.Address, Notes: p.Notes, Starts: p.StartsAt, Ends: p.EndsAt}
}

// productOut is a product as its page shows it; team adds the vendor's own figures
// (stock counts and thresholds).
func (h *Handler) productOut(p domain.Product, v domain.Vendor, team bool) storeapi.Product {
	lo, hi := p.PriceRange()
	out := storeapi.Product{ID: p.ID, Slug: p.Slug, VendorID: p.VendorID,
		Vendor: storeapi.VendorSummary{ID: v.ID, Slug: v.Slug, Name: v.Name}, Name: p.Name, Description: p.Description,
		Category: p.Category, Status: string(p.Status), Options: []storeapi.Option{}, Variants: []storeapi.Variant{},
		Images: []storeapi.Image{}, PriceCents: lo, MaxPriceCents: hi, Currency: "usd", InStock: p.InStock(),
		URL: h.app.ProductURL(p.Slug), CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	for _, o := range p.Options {
		out.Options = append(out.Options, storeapi.Option{Name: o.Name, Values: o.Values})
	}
	for _, x := range p.Variants {
		out.Variants = append(out.Variants, h.variantOut(x, p.Options, team))
	}
	for _, img := range p.Images {
		out.Images = append(out.Images, storeapi.Image{ID: img.ID, URL: h.app.ImageURL(img.Key)})
	}
	if len(out.Images) > 0 {
		out.ImageURL = out.Images[0].URL
	}
	return out
}

func (h *Handler) variantOut(v domain.Variant, opts []domain.Option, team bool) storeapi.Variant {
	out := storeapi.Variant{ID: v.ID, ProductID: v.ProductID, SKU: v.SKU, Options: v.Options, Label: v.Label(opts),
		PriceCents: v.PriceCents, Currency: "usd", Available: max(0, v.Stock), InStock: v.Stock > 0,
		ImageURL: h.app.ImageURL(v.ImageKey)}
	if out.Options == nil {
		out.Options = map[string]string{}
	}
	if team {
		stock, low, isLow := v.Stock, v.LowStockThreshold, v.LowStock()
		out.Stock, out.LowStockThreshold, out.LowStock = &stock, &low, &isLow
	}
	return out
}

// orderOut is an order as its buyer and its vendor's team see it.
func (h *Handler) orderOut(o domain.Order) storeapi.Order {
	out := storeapi.Order{ID: o.ID, OrderNumber: o.Number, CheckoutID: o.CheckoutID, VendorID: o.VendorID,
		VendorName: o.VendorName, CustomerName: o.CustomerName, CustomerEmail: o.CustomerEmail,
		PaymentMethod: string(o.Method), Fulfillment: string(o.Fulfillment), PaymentStatus: string(o.PaymentStatus),
		FulfillmentStatus: string(o.FulfillmentStatus), SubtotalCents: o.SubtotalCents, ShippingCents: o.ShippingCents,
		TaxCents: o.TaxCents, DiscountCents: o.DiscountCents, TotalCents: o.TotalCents, PlatformFeeCents: o.FeeCents,
		RefundedCents: o.RefundedCents, Currency: o.Currency, DiscountCode: o.DiscountCode, Lines: []storeapi.OrderLine{},
		Carrier: o.Carrier, TrackingNumber: o.TrackingNumber, TrackingURL: o.TrackingURL(), CancelReason: o.CancelReason,
		URL: h.app.OrderURL(o.ID), CreatedAt: o.CreatedAt, PaidAt: o.PaidAt, ShippedAt: o.ShippedAt,
		DeliveredAt: o.DeliveredAt, ReadyAt: o.ReadyAt, PickedUpAt: o.PickedUpAt, CancelledAt: o.CancelledAt}
	if a := o.ShippingAddress; a != nil {
		out.ShippingAddress = &storeapi.Address{Name: a.Name, Line1: a.Line1, Line2: a.Line2, City: a.City, State: a.State,
			PostalCode: a.PostalCode, Country: a.Country}
	}
	if o.PickupPoint != nil {
		p := pointOut(*o.PickupPoint)
		out.PickupPoint = &p
	}
	if o.PickupCode != "" && o.FulfillmentStatus.Open() {
		out.PickupCode, out.PickupQRURL = o.PickupCode, h.app.PickupQRURL(o.ID)
	}
	if o.Holding() {
		out.CheckoutURL, out.HoldExpiresAt = o.CheckoutURL, o.HoldExpiresAt
	}
	for _, l := range o.Lines {
		out.Lines = append(out.Lines, storeapi.OrderLine{ID: l.ID, VariantID: l.VariantID, ProductID: l.ProductID,
			ProductName: l.ProductName, ProductSlug: l.ProductSlug, VariantLabel: l.VariantLabel, SKU: l.SKU,
			UnitCents: l.UnitCents, Quantity: l.Quantity, LineCents: l.LineCents(), ImageURL: h.app.ImageURL(l.ImageKey)})
	}
	return out
}

func discountOut(d domain.Discount) storeapi.Discount {
	return storeapi.Discount{ID: d.ID, Code: d.Code, Kind: string(d.Kind), Amount: d.Amount,
		MinSubtotalCents: d.MinSubtotalCents, MaxDiscountCents: d.MaxDiscountCents, UsageLimit: d.UsageLimit,
		PerCustomerLimit: d.PerCustomerLimit, UsedCount: d.UsedCount, StartsAt: d.StartsAt, EndsAt: d.EndsAt,
		Active: d.Active, CreatedAt: d.CreatedAt}
}

func (h *Handler) listOut(l app.ProductList, team bool) []storeapi.Product {
	out := make([]storeapi.Product, 0, len(l.Items))
	for _, p := range l.Items {
		out = append(out, h.productOut(p, l.Vendors[p.VendorID], team))
	}
	return out
}
