// Package app is the restaurants service's use cases: who may do what, in which
// order, with which side effects. Handlers call it; it calls the domain rules, the
// store, the blob store and the payment provider through small interfaces.
package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/restaurants/domain"
)

// The store interfaces speak only domain types. The use cases give the store every
// id and time it persists; the store answers with domain errors (domain.ErrNotFound,
// domain.ErrDuplicate, domain.ErrChanged), wrapped with the operation that met them,
// which the use cases turn into contract answers.

// Restaurants keeps restaurants, their hours and photos.
type Restaurants interface {
	// CreateRestaurant stores r, choosing its slug (the first free one its name gives).
	CreateRestaurant(ctx context.Context, r *domain.Restaurant) error
	Restaurant(ctx context.Context, id string) (domain.Restaurant, error)
	RestaurantBySlug(ctx context.Context, slug string) (domain.Restaurant, error)
	UpdateProfile(ctx context.Context, id string, p domain.Profile, now time.Time) error
	// SetKitchen writes the usual prep time and whether online ordering is paused.
	SetKitchen(ctx context.Context, id string, prepMinutes int, paused bool, now time.Time) error
	// SetStatus moves a restaurant from one moderation status to another, keeping
	// reason for its owner to read (empty clears it); domain.ErrChanged when its
	// status is no longer from.
	SetStatus(ctx context.Context, id string, from, to domain.RestaurantStatus, reason string, now time.Time) error
	SetStripeAccount(ctx context.Context, id, account string, now time.Time) error
	// SetCardReady records whether Stripe says the restaurant's account can take charges.
	SetCardReady(ctx context.Context, id string, ready bool) error
	Restaurants(ctx context.Context, f domain.RestaurantFilter) ([]domain.Restaurant, int, error)
	// ForUser lists the restaurants userID owns, and those verifiedEmail owns (by
	// domain.Restaurant.IsOwner) or works at; verifiedEmail is "" when the user has
	// not proved an address.
	ForUser(ctx context.Context, userID, verifiedEmail string) ([]domain.Restaurant, []domain.MemberRole, error)
	Hours(ctx context.Context, restaurantID string) (domain.Hours, error)
	SetHours(ctx context.Context, restaurantID string, h domain.Hours) error
	AddPhoto(ctx context.Context, restaurantID string, p domain.Photo, now time.Time) error
	Photos(ctx context.Context, restaurantID string) ([]domain.Photo, error)
	DeletePhoto(ctx context.Context, restaurantID, photoID string) error
}

// Menus keeps categories and dishes.
type Menus interface {
	// CreateItem and UpdateItem file the dish under the restaurant's category of that
	// name, or a new one with newCategoryID, and set m.CategoryID.
	CreateItem(ctx context.Context, m *domain.MenuItem, newCategoryID string) error
	UpdateItem(ctx context.Context, m *domain.MenuItem, newCategoryID string) error
	SetItemImage(ctx context.Context, restaurantID, itemID, key string, now time.Time) error
	SetItemAvailable(ctx context.Context, restaurantID, itemID string, available bool, now time.Time) error
	DeleteItem(ctx context.Context, restaurantID, itemID string) error
	Item(ctx context.Context, restaurantID, itemID string) (domain.MenuItem, error)
	Menu(ctx context.Context, restaurantID string) ([]domain.Category, []domain.MenuItem, error)
	ItemsByID(ctx context.Context, restaurantID string, ids []string) (map[string]domain.MenuItem, error)
}

// Teams keeps each restaurant's managers and staff.
type Teams interface {
	// AddMember grants m.Role to m.Email; someone already on the team keeps their id
	// and joining time, which m then carries.
	AddMember(ctx context.Context, m *domain.Member) error
	Members(ctx context.Context, restaurantID string) ([]domain.Member, error)
	RemoveMember(ctx context.Context, restaurantID, memberID string) error
	MemberRole(ctx context.Context, restaurantID, email string) (domain.MemberRole, error)
}

// Orders keeps pickup orders.
type Orders interface {
	// CreateOrder stores o, giving it the restaurant's next order number.
	CreateOrder(ctx context.Context, o *domain.Order) error
	DeleteOrder(ctx context.Context, id string) error
	SetCheckout(ctx context.Context, id, sessionID, url string, now time.Time) error
	Order(ctx context.Context, id string) (domain.Order, error)
	Orders(ctx context.Context, f domain.OrderFilter) ([]domain.Order, int, error)
	ChangeStatus(ctx context.Context, id string, m domain.Move, now time.Time) (domain.Order, error)
	OrderForPayment(ctx context.Context, sessionID, orderID, paymentIntentID string) (domain.Order, error)
	// OpenAtPickup counts customerID's pay-at-pickup orders at restaurantID that are
	// still active and unpaid.
	OpenAtPickup(ctx context.Context, restaurantID, customerID string) (int, error)
	// ApplyPayment reports false, changing nothing, when the order's payment is not in
	// one of u.From.
	ApplyPayment(ctx context.Context, id string, u domain.PaymentUpdate, now time.Time) (bool, error)
	// RefundsPending lists the orders whose refund is pending and was last asked of
	// Stripe at or before askedBefore, the latest asked first, without their lines.
	RefundsPending(ctx context.Context, askedBefore time.Time, limit, offset int) ([]domain.Order, int, error)
}

// Mailbox puts e-mail in the kit's outbox. On a store bound to a transaction the
// message is enqueued inside it, so it goes out only if what it announces commits.
type Mailbox interface {
	EnqueueMail(ctx context.Context, m mail.Message) error
}

// Audits keeps the trail of admin actions (the kit's audit table). On a store bound
// to a transaction an entry is written inside it, with the action it records.
type Audits interface {
	RecordAudit(ctx context.Context, e audit.Entry) error
	AuditTrail(ctx context.Context, subject audit.Subject, limit int) ([]audit.Entry, error)
}

// Store is all of the service's data. A Store bound to a transaction (the one a
// payment webhook runs in) does all of its work inside it.
type Store interface {
	Restaurants
	Menus
	Teams
	Orders
	Mailbox
	Audits
}

// Outbox delivers the e-mail enqueued through a Mailbox (the kit's outbox); Kick,
// after the commit, sends it at once instead of at the outbox's next round.
type Outbox interface {
	Kick()
}

// Payments is the card payment provider (the kit's Stripe Connect client).
type Payments interface {
	Enabled() bool
	CreateExpressAccount(ctx context.Context, email, idempotencyKey string) (string, error)
	OnboardingLink(ctx context.Context, accountID, refreshURL, returnURL string) (string, error)
	AccountStatus(ctx context.Context, accountID string) (payments.AccountStatus, error)
	CreateCheckout(ctx context.Context, c payments.Checkout) (payments.CheckoutSession, error)
	Refund(ctx context.Context, paymentIntentID string, amountCents int64, idempotencyKey string) (string, error)
	RefundSucceeded(ctx context.Context, paymentIntentID string) (bool, error)
}

var _ Payments = (*payments.Payments)(nil)
