// Package storeapi is the store service's JSON API as Go types: what it is sent and
// what it answers. The service encodes with these types and every client (the portal
// first) decodes with them, so each wire shape has one definition. Fields may be
// added; none may be renamed or removed, as CONTRACT.md is the minimum shape.
//
// The package imports only the standard library and the kit's words (which import
// only the standard library too), so any service may use it without depending on
// the store service.
package storeapi

import "time"

// Ways of fulfilment and payment methods a checkout may ask for.
const (
	Ship        = "ship"
	Pickup      = "pickup"
	PayCard     = "card"
	PayAtPickup = "pay_at_pickup"
)

// SoldOut is the status of a product with nothing left in any variant, in the
// portal's feed.
const SoldOut = "SOLD_OUT"

// Vendor is a shop of the store (GET /api/vendors/{slug}, POST /api/vendors).
type Vendor struct {
	ID          string `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Status is PENDING, APPROVED, REJECTED or SUSPENDED; StatusReason says why a
	// vendor was rejected or suspended (to its team and admins only).
	Status                string        `json:"status"`
	StatusReason          string        `json:"statusReason,omitempty"`
	ContactEmail          string        `json:"contactEmail,omitempty"`
	ContactPhone          string        `json:"contactPhone,omitempty"`
	LogoURL               string        `json:"logoUrl,omitempty"`
	ShippingRateCents     int64         `json:"shippingRateCents"`
	FreeShippingOverCents int64         `json:"freeShippingOverCents"`
	TaxBasisPoints        int64         `json:"taxBasisPoints"`
	Currency              string        `json:"currency"`
	PickupEnabled         bool          `json:"pickupEnabled"`
	PickupPoints          []PickupPoint `json:"pickupPoints"`
	// CardPayments is whether a checkout may pay this vendor by card now.
	CardPayments bool   `json:"cardPayments"`
	URL          string `json:"url"`
	// Role is the caller's role at the vendor (OWNER, MANAGER, STAFF), if any.
	Role      string    `json:"role,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// PickupPoint is a place and time a vendor hands orders over: its shop, or a dance
// night.
type PickupPoint struct {
	ID       string     `json:"id,omitempty"`
	Label    string     `json:"label"`
	Address  string     `json:"address"`
	Notes    string     `json:"notes,omitempty"`
	StartsAt *time.Time `json:"startsAt,omitempty"`
	EndsAt   *time.Time `json:"endsAt,omitempty"`
}

// VendorRequest is POST /api/vendors and PATCH /api/vendors/{id}; on PATCH, absent
// fields stay as they are.
type VendorRequest struct {
	Name                  *string        `json:"name,omitempty"`
	Description           *string        `json:"description,omitempty"`
	ContactEmail          *string        `json:"contactEmail,omitempty"`
	ContactPhone          *string        `json:"contactPhone,omitempty"`
	ShippingRateCents     *int64         `json:"shippingRateCents,omitempty"`
	FreeShippingOverCents *int64         `json:"freeShippingOverCents,omitempty"`
	TaxBasisPoints        *int64         `json:"taxBasisPoints,omitempty"`
	PickupEnabled         *bool          `json:"pickupEnabled,omitempty"`
	PickupPoints          *[]PickupPoint `json:"pickupPoints,omitempty"`
}

// VendorSummary names a product's vendor.
type VendorSummary struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Option is one way a product varies ("Size": S, M, L).
type Option struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// Variant is one buyable version of a product. Available is how many a buyer can
// get now; a sold-out size has 0 and is shown but cannot be chosen. Stock and
// LowStockThreshold are for the vendor's team only.
type Variant struct {
	ID                string            `json:"id"`
	ProductID         string            `json:"productId"`
	SKU               string            `json:"sku"`
	Options           map[string]string `json:"options"`
	Label             string            `json:"label"`
	PriceCents        int64             `json:"priceCents"`
	Currency          string            `json:"currency"`
	Available         int               `json:"available"`
	InStock           bool              `json:"inStock"`
	ImageURL          string            `json:"imageUrl,omitempty"`
	Stock             *int              `json:"stock,omitempty"`
	LowStockThreshold *int              `json:"lowStockThreshold,omitempty"`
	LowStock          *bool             `json:"lowStock,omitempty"`
}

// Image is one photo of a product.
type Image struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// Product is a product with its variants and photos (GET /api/products/{slug}, and
// each product of the list).
type Product struct {
	ID          string        `json:"id"`
	Slug        string        `json:"slug"`
	VendorID    string        `json:"vendorId"`
	Vendor      VendorSummary `json:"vendor"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Category    string        `json:"category"`
	Status      string        `json:"status"`
	Options     []Option      `json:"options"`
	Variants    []Variant     `json:"variants"`
	Images      []Image       `json:"images"`
	// ImageURL is the first photo, for cards.
	ImageURL string `json:"imageUrl,omitempty"`
	// PriceCents is the lowest variant price ("from"), MaxPriceCents the highest.
	PriceCents    int64     `json:"priceCents"`
	MaxPriceCents int64     `json:"maxPriceCents"`
	Currency      string    `json:"currency"`
	InStock       bool      `json:"inStock"`
	URL           string    `json:"url"`
	CreatedAt     time.Time `json:"createdAt"`
	UpdatedAt     time.Time `json:"updatedAt"`
}

// ProductRequest is POST /api/vendors/{id}/products: a product and its variants.
// With options and without variants, one variant per combination of option values
// is made from SKU (a prefix), PriceCents and Stock.
type ProductRequest struct {
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Category    string           `json:"category"`
	Status      string           `json:"status"`
	Options     []Option         `json:"options,omitempty"`
	Variants    []VariantRequest `json:"variants,omitempty"`
	SKU         string           `json:"sku,omitempty"`
	PriceCents  *int64           `json:"priceCents,omitempty"`
	Stock       *int             `json:"stock,omitempty"`
}

// VariantRequest is one variant of a new product (or POST /api/products/{id}/variants).
type VariantRequest struct {
	SKU               string            `json:"sku"`
	Options           map[string]string `json:"options,omitempty"`
	PriceCents        int64             `json:"priceCents"`
	Stock             int               `json:"stock"`
	LowStockThreshold *int              `json:"lowStockThreshold,omitempty"`
}

// ProductPatch is PATCH /api/products/{id}; absent fields stay as they are.
type ProductPatch struct {
	Name        *string `json:"name,omitempty"`
	Description *string `json:"description,omitempty"`
	Category    *string `json:"category,omitempty"`
	Status      *string `json:"status,omitempty"`
}

// VariantPatch is PATCH /api/variants/{id}; absent fields stay as they are. Stock is
// what the vendor counted on the shelf.
type VariantPatch struct {
	Stock             *int    `json:"stock,omitempty"`
	PriceCents        *int64  `json:"priceCents,omitempty"`
	LowStockThreshold *int    `json:"lowStockThreshold,omitempty"`
	SKU               *string `json:"sku,omitempty"`
}

// CheckoutRequest is POST /api/checkout. It carries no prices: the store prices every
// order from its own data and refuses a request that sends any.
type CheckoutRequest struct {
	Items           []CheckoutItem `json:"items"`
	Fulfillment     string         `json:"fulfillment"`
	ShippingAddress *Address       `json:"shippingAddress,omitempty"`
	PaymentMethod   string         `json:"paymentMethod"`
	DiscountCode    string         `json:"discountCode,omitempty"`
	// PickupPoints names, per vendor id, where the buyer collects that vendor's items.
	PickupPoints map[string]string `json:"pickupPoints,omitempty"`
}

// CheckoutItem is how many of one variant a checkout asks for.
type CheckoutItem struct {
	VariantID string `json:"variantId"`
	Quantity  int    `json:"quantity"`
}

// Address is where a shipped order goes.
type Address struct {
	Name       string `json:"name"`
	Line1      string `json:"line1"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city"`
	State      string `json:"state"`
	PostalCode string `json:"postalCode"`
	Country    string `json:"country"`
}

// CheckoutResult answers POST /api/checkout: one order per vendor of the cart.
type CheckoutResult struct {
	CheckoutID string  `json:"checkoutId"`
	Orders     []Order `json:"orders"`
}

// Order is what one buyer bought from one vendor.
type Order struct {
	ID                string       `json:"id"`
	OrderNumber       string       `json:"orderNumber"`
	CheckoutID        string       `json:"checkoutId"`
	VendorID          string       `json:"vendorId"`
	VendorName        string       `json:"vendorName"`
	CustomerName      string       `json:"customerName"`
	CustomerEmail     string       `json:"customerEmail"`
	PaymentMethod     string       `json:"paymentMethod"`
	Fulfillment       string       `json:"fulfillment"`
	PaymentStatus     string       `json:"paymentStatus"`
	FulfillmentStatus string       `json:"fulfillmentStatus"`
	SubtotalCents     int64        `json:"subtotalCents"`
	ShippingCents     int64        `json:"shippingCents"`
	TaxCents          int64        `json:"taxCents"`
	DiscountCents     int64        `json:"discountCents"`
	TotalCents        int64        `json:"totalCents"`
	PlatformFeeCents  int64        `json:"platformFeeCents"`
	RefundedCents     int64        `json:"refundedCents"`
	Currency          string       `json:"currency"`
	DiscountCode      string       `json:"discountCode,omitempty"`
	Lines             []OrderLine  `json:"lines"`
	ShippingAddress   *Address     `json:"shippingAddress,omitempty"`
	PickupPoint       *PickupPoint `json:"pickupPoint,omitempty"`
	// PickupCode is what the buyer shows (as the QR code at PickupQRURL) to collect
	// a pickup order; only the buyer and the vendor's team see it.
	PickupCode     string `json:"pickupCode,omitempty"`
	PickupQRURL    string `json:"pickupQrUrl,omitempty"`
	Carrier        string `json:"carrier,omitempty"`
	TrackingNumber string `json:"trackingNumber,omitempty"`
	TrackingURL    string `json:"trackingUrl,omitempty"`
	// CheckoutURL is where the buyer pays by card, while the order waits for it.
	CheckoutURL   string     `json:"checkoutUrl,omitempty"`
	HoldExpiresAt *time.Time `json:"holdExpiresAt,omitempty"`
	CancelReason  string     `json:"cancelReason,omitempty"`
	URL           string     `json:"url"`
	CreatedAt     time.Time  `json:"createdAt"`
	PaidAt        *time.Time `json:"paidAt,omitempty"`
	ShippedAt     *time.Time `json:"shippedAt,omitempty"`
	DeliveredAt   *time.Time `json:"deliveredAt,omitempty"`
	ReadyAt       *time.Time `json:"readyAt,omitempty"`
	PickedUpAt    *time.Time `json:"pickedUpAt,omitempty"`
	CancelledAt   *time.Time `json:"cancelledAt,omitempty"`
}

// OrderLine is one variant of an order, as it was priced and named when bought.
type OrderLine struct {
	ID           string `json:"id"`
	VariantID    string `json:"variantId"`
	ProductID    string `json:"productId"`
	ProductName  string `json:"productName"`
	ProductSlug  string `json:"productSlug"`
	VariantLabel string `json:"variantLabel"`
	SKU          string `json:"sku"`
	UnitCents    int64  `json:"unitCents"`
	Quantity     int    `json:"quantity"`
	LineCents    int64  `json:"lineCents"`
	ImageURL     string `json:"imageUrl,omitempty"`
}

// ShipRequest is POST /api/orders/{id}/ship.
type ShipRequest struct {
	Carrier        string `json:"carrier"`
	TrackingNumber string `json:"trackingNumber"`
}

// RefundRequest is POST /api/orders/{id}/refund: all that is left when AmountCents
// is absent; Restock puts the order's items back on sale.
type RefundRequest struct {
	AmountCents *int64 `json:"amountCents,omitempty"`
	Restock     bool   `json:"restock,omitempty"`
}

// PickupRequest is POST /api/orders/{id}/picked-up and POST /api/vendors/{id}/pickups:
// the code the buyer showed (or the address its QR code holds).
type PickupRequest struct {
	Code string `json:"code"`
}

// Discount is a vendor's discount code, as its team sees it.
type Discount struct {
	ID               string     `json:"id"`
	Code             string     `json:"code"`
	Kind             string     `json:"kind"`
	Amount           int64      `json:"amount"`
	MinSubtotalCents int64      `json:"minSubtotalCents"`
	MaxDiscountCents int64      `json:"maxDiscountCents"`
	UsageLimit       int        `json:"usageLimit"`
	PerCustomerLimit int        `json:"perCustomerLimit"`
	UsedCount        int        `json:"usedCount"`
	StartsAt         *time.Time `json:"startsAt,omitempty"`
	EndsAt           *time.Time `json:"endsAt,omitempty"`
	Active           bool       `json:"active"`
	CreatedAt        time.Time  `json:"createdAt"`
}

// DiscountRequest is POST /api/vendors/{id}/discounts.
type DiscountRequest struct {
	Code             string     `json:"code"`
	Kind             string     `json:"kind"`
	Amount           int64      `json:"amount"`
	MinSubtotalCents int64      `json:"minSubtotalCents,omitempty"`
	MaxDiscountCents int64      `json:"maxDiscountCents,omitempty"`
	UsageLimit       int        `json:"usageLimit,omitempty"`
	PerCustomerLimit int        `json:"perCustomerLimit,omitempty"`
	StartsAt         *time.Time `json:"startsAt,omitempty"`
	EndsAt           *time.Time `json:"endsAt,omitempty"`
}

// Member is one person on a vendor's team.
type Member struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"createdAt"`
}

// Review is one moderation decision on a vendor, from the admins' audit trail.
type Review struct {
	ID        string    `json:"id"`
	Action    string    `json:"action"`
	From      string    `json:"from"`
	To        string    `json:"to"`
	Reason    string    `json:"reason,omitempty"`
	ActorID   string    `json:"actorId"`
	CreatedAt time.Time `json:"createdAt"`
}

// ModerationRequest is the body of an admin's decision; a rejection needs a reason.
type ModerationRequest struct {
	Reason string `json:"reason,omitempty"`
}

// QueueItem is one thing waiting for an admin (GET /api/admin/queue).
type QueueItem struct {
	Kind      string    `json:"kind"`
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	CreatedAt time.Time `json:"createdAt"`
	URL       string    `json:"url"`
}

// PaymentSetup is a vendor's card payment set-up (GET /api/vendors/{id}/payments).
type PaymentSetup struct {
	// CardPayments is whether the store takes cards at all (it has Stripe keys).
	CardPayments bool `json:"cardPayments"`
	// Connected is whether the vendor opened a Stripe account; ChargesEnabled whether
	// it can take charges now.
	Connected      bool `json:"connected"`
	ChargesEnabled bool `json:"chargesEnabled"`
}

// LowStockItem is one variant at or under its low-stock threshold.
type LowStockItem struct {
	ProductID         string `json:"productId"`
	ProductName       string `json:"productName"`
	VariantID         string `json:"variantId"`
	SKU               string `json:"sku"`
	Label             string `json:"label"`
	Stock             int    `json:"stock"`
	LowStockThreshold int    `json:"lowStockThreshold"`
}

// FulfilCount is GET /api/vendors/{id}/orders/to-fulfil: how many orders wait for
// the vendor's team to ship or hand over.
type FulfilCount struct {
	ToFulfil int `json:"toFulfil"`
}
