// Package app is the restaurants service's use cases: who may do what, in which
// order, with which side effects. Handlers call it; it calls the domain rules, the
// store, the blob store and the payment provider through small interfaces.
package app

import (
	"context"
	"database/sql"
	"time"

	"stepperslife/internal/kit/payments"
	"stepperslife/services/restaurants/adapters/sqlstore"
	"stepperslife/services/restaurants/domain"
)

// Restaurants keeps restaurants, their hours and photos.
type Restaurants interface {
	CreateRestaurant(ctx context.Context, r *domain.Restaurant) error
	Restaurant(ctx context.Context, id string) (domain.Restaurant, error)
	RestaurantBySlug(ctx context.Context, slug string) (domain.Restaurant, error)
	UpdateProfile(ctx context.Context, id string, p domain.Profile) error
	SetStatus(ctx context.Context, id string, from, to domain.RestaurantStatus) error
	SetStripeAccount(ctx context.Context, id, account string) error
	Restaurants(ctx context.Context, f sqlstore.Filter) ([]domain.Restaurant, int, error)
	ForUser(ctx context.Context, userID, email string) ([]domain.Restaurant, []domain.MemberRole, error)
	Hours(ctx context.Context, restaurantID string) (domain.Hours, error)
	SetHours(ctx context.Context, restaurantID string, h domain.Hours) error
	AddPhoto(ctx context.Context, restaurantID, key string) (sqlstore.Photo, error)
	Photos(ctx context.Context, restaurantID string) ([]sqlstore.Photo, error)
	DeletePhoto(ctx context.Context, restaurantID, photoID string) error
}

// Menus keeps categories and dishes.
type Menus interface {
	CreateItem(ctx context.Context, m *domain.MenuItem) error
	UpdateItem(ctx context.Context, m *domain.MenuItem) error
	SetItemImage(ctx context.Context, restaurantID, itemID, key string) error
	DeleteItem(ctx context.Context, restaurantID, itemID string) error
	Item(ctx context.Context, restaurantID, itemID string) (domain.MenuItem, error)
	Menu(ctx context.Context, restaurantID string) ([]domain.Category, []domain.MenuItem, error)
	ItemsByID(ctx context.Context, restaurantID string, ids []string) (map[string]domain.MenuItem, error)
}

// Teams keeps each restaurant's managers and staff.
type Teams interface {
	AddMember(ctx context.Context, restaurantID, email string, role domain.MemberRole) (sqlstore.Member, error)
	Members(ctx context.Context, restaurantID string) ([]sqlstore.Member, error)
	RemoveMember(ctx context.Context, restaurantID, memberID string) error
	MemberRole(ctx context.Context, restaurantID, email string) (domain.MemberRole, error)
}

// Orders keeps pickup orders.
type Orders interface {
	CreateOrder(ctx context.Context, o *domain.Order) error
	DeleteOrder(ctx context.Context, id string) error
	SetCheckout(ctx context.Context, id, sessionID, url string) error
	Order(ctx context.Context, id string) (domain.Order, error)
	Orders(ctx context.Context, f sqlstore.OrderFilter) ([]domain.Order, int, error)
	ChangeStatus(ctx context.Context, id string, from, to domain.OrderStatus, pay domain.PaymentStatus) (domain.Order, error)
	OrderForPayment(ctx context.Context, tx *sql.Tx, sessionID, orderID, paymentIntentID string) (domain.Order, error)
	ApplyPayment(ctx context.Context, tx *sql.Tx, id string, u sqlstore.PaymentUpdate) (bool, error)
}

// Outbox keeps e-mails until the mail server takes them.
type Outbox interface {
	EnqueueMail(ctx context.Context, tx *sql.Tx, m sqlstore.Mail) error
	DueMail(ctx context.Context, limit int) ([]sqlstore.Mail, error)
	MailSent(ctx context.Context, id string) error
	MailFailed(ctx context.Context, id, problem string, retryIn time.Duration) error
}

// Store is all of the service's data.
type Store interface {
	Restaurants
	Menus
	Teams
	Orders
	Outbox
}

// Sender hands one e-mail to the mail server.
type Sender interface {
	Send(ctx context.Context, to, subject, body string) error
}

// Payments is the card payment provider (the kit's Stripe Connect client).
type Payments interface {
	Enabled() bool
	CreateExpressAccount(ctx context.Context, email, idempotencyKey string) (string, error)
	OnboardingLink(ctx context.Context, accountID, refreshURL, returnURL string) (string, error)
	AccountStatus(ctx context.Context, accountID string) (payments.AccountStatus, error)
	CreateCheckout(ctx context.Context, c payments.Checkout) (payments.CheckoutSession, error)
	Refund(ctx context.Context, paymentIntentID string, amountCents int64, idempotencyKey string) (string, error)
}

var _ Store = (*sqlstore.Store)(nil)
var _ Payments = (*payments.Payments)(nil)
