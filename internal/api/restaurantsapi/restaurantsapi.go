// Package restaurantsapi is the restaurants service's JSON API as Go types: what it
// is sent and what it answers. The service encodes with these types and every client
// (the portal first) decodes with them, so each wire shape has one definition. Fields
// may be added; none may be renamed or removed, as CONTRACT.md is the minimum shape.
//
// The package imports only the standard library and the kit's words (which import
// only the standard library too), so any service may use it without depending on
// the restaurants service.
package restaurantsapi

import "time"

// Payment methods an order may ask for.
const (
	PayCard     = "card"
	PayAtPickup = "pay_at_pickup"
)

// Restaurant is a restaurant (each of a list); GET /api/restaurants/{slug} adds its
// hours, photos and menu.
type Restaurant struct {
	ID          string `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Cuisine     string `json:"cuisine"`
	Address     string `json:"address"`
	Phone       string `json:"phone"`
	Status      string `json:"status"`
	// StatusReason is why an admin rejected or suspended the restaurant, for its
	// owner; absent while it is pending or approved.
	StatusReason   string `json:"statusReason,omitempty"`
	TaxBasisPoints int64  `json:"taxBasisPoints"`
	// CardPayments is whether an order may ask for card payment now.
	CardPayments bool `json:"cardPayments"`
	// OpenNow is whether the restaurant is open at the moment of the answer; ClosesAt
	// is when it closes then, OpensAt when it next opens while closed.
	OpenNow  bool       `json:"openNow"`
	ClosesAt *time.Time `json:"closesAt,omitempty"`
	OpensAt  *time.Time `json:"opensAt,omitempty"`
	// PrepMinutes is how long the kitchen usually takes to make an order.
	PrepMinutes int `json:"prepMinutes"`
	// OrderingPaused: the kitchen is not taking online orders for a while.
	OrderingPaused bool `json:"orderingPaused"`
	// Pickup is when an order placed now may be picked up (the restaurant's page only).
	Pickup    *Pickup   `json:"pickup,omitempty"`
	ImageURL  string    `json:"imageUrl,omitempty"`
	Role      string    `json:"role,omitempty"` // the caller's role there
	Hours     []Span    `json:"hours,omitempty"`
	Photos    []Photo   `json:"photos,omitempty"`
	Menu      *Menu     `json:"menu,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Pickup is the pickup times an order placed at the moment of the answer may ask
// for: Asap (in about PrepMinutes, when the kitchen is open by then) and the quarter
// hours within the opening hours of the next two days. Any of them is accepted as
// pickupTime until it comes too close.
type Pickup struct {
	Asap  bool        `json:"asap"`
	Slots []time.Time `json:"slots"`
}

// Span is when a restaurant is open on one day: "monday", "11:00", "22:00"
// (America/Chicago). PUT /api/restaurants/{id}/hours is sent a list of them.
type Span struct {
	Day   string `json:"day"`
	Open  string `json:"open"`
	Close string `json:"close"`
}

// Photo is one of a restaurant's photos.
type Photo struct {
	ID       string `json:"id"`
	ImageURL string `json:"imageUrl"`
}

// Menu is a restaurant's menu, by category, in the restaurant's order.
type Menu struct {
	Categories []Category `json:"categories"`
}

// Category is one part of a menu with its dishes.
type Category struct {
	ID    string     `json:"id"`
	Name  string     `json:"name"`
	Items []MenuItem `json:"items"`
}

// MenuItem is one dish. Available is whether it can be ordered now.
type MenuItem struct {
	ID           string   `json:"id"`
	RestaurantID string   `json:"restaurantId"`
	CategoryID   string   `json:"categoryId"`
	Category     string   `json:"category"`
	Name         string   `json:"name"`
	Description  string   `json:"description"`
	PriceCents   int64    `json:"priceCents"`
	Currency     string   `json:"currency"`
	Dietary      []string `json:"dietary"`
	Available    bool     `json:"available"`
	ImageURL     string   `json:"imageUrl,omitempty"`
}

// Order is a pickup order (the answer of POST /api/orders and GET /api/orders/{id}).
type Order struct {
	ID               string      `json:"id"`
	OrderNumber      string      `json:"orderNumber"`
	RestaurantID     string      `json:"restaurantId"`
	RestaurantName   string      `json:"restaurantName"`
	Status           string      `json:"status"`
	PaymentMethod    string      `json:"paymentMethod"`
	PaymentStatus    string      `json:"paymentStatus"`
	Items            []OrderLine `json:"items"`
	SubtotalCents    int64       `json:"subtotalCents"`
	TaxCents         int64       `json:"taxCents"`
	TotalCents       int64       `json:"totalCents"`
	PlatformFeeCents int64       `json:"platformFeeCents,omitempty"`
	Currency         string      `json:"currency"`
	PickupTime       time.Time   `json:"pickupTime"`
	Customer         Customer    `json:"customer"`
	// ReadyAt is when the kitchen, confirming the order, said it will be ready.
	ReadyAt *time.Time `json:"readyAt,omitempty"`
	// CancelReason is why the restaurant cancelled the order.
	CancelReason string `json:"cancelReason,omitempty"`
	// CheckoutURL is where the customer pays by card, while the order waits for it.
	CheckoutURL string    `json:"checkoutUrl,omitempty"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

// OrderLine is one dish of an order, priced by the menu.
type OrderLine struct {
	MenuItemID     string `json:"menuItemId"`
	Name           string `json:"name"`
	UnitPriceCents int64  `json:"unitPriceCents"`
	Quantity       int64  `json:"quantity"`
	LineTotalCents int64  `json:"lineTotalCents"`
	Notes          string `json:"notes,omitempty"`
}

// Customer is who placed an order.
type Customer struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone,omitempty"`
}

// OrderRequest is POST /api/orders. It has no price fields: prices come from the
// menu only. PickupTime is an RFC 3339 time.
type OrderRequest struct {
	RestaurantID  string          `json:"restaurantId"`
	Items         []RequestedItem `json:"items"`
	PickupTime    string          `json:"pickupTime"`
	PaymentMethod string          `json:"paymentMethod"`
	// Phone is where the kitchen can call the customer about the order (optional).
	Phone string `json:"phone,omitempty"`
}

// StatusRequest is PATCH /api/orders/{id}: the new status, with the kitchen's
// quote in minutes when confirming and the reason when cancelling (both optional).
type StatusRequest struct {
	Status      string `json:"status"`
	PrepMinutes int    `json:"prepMinutes,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

// KitchenRequest is PATCH /api/restaurants/{id}/kitchen: pause or resume online
// orders, or change the usual prep time.
type KitchenRequest struct {
	OrderingPaused *bool `json:"orderingPaused,omitempty"`
	PrepMinutes    *int  `json:"prepMinutes,omitempty"`
}

// RequestedItem is one dish as an order asks for it.
type RequestedItem struct {
	MenuItemID string `json:"menuItemId"`
	Quantity   int64  `json:"quantity"`
	Notes      string `json:"notes,omitempty"`
}
