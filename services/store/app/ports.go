// Package app is the store service's use cases: who may do what, in which order,
// with which side effects. Handlers call it; it calls the domain rules, the store,
// the blob store and the payment provider through small interfaces.
package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/holds"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/store/domain"
)

// The store interfaces speak only domain types. The use cases give the store every
// id and time it persists; the store answers with domain errors (domain.ErrNotFound,
// domain.ErrDuplicate, domain.ErrChanged, *domain.InsufficientError…), wrapped with
// the operation that met them, which the use cases turn into contract answers.

// Vendors keeps vendors, their moderation trail and their payment accounts.
type Vendors interface {
	// CreateVendor stores v, choosing its slug (the first free one its name gives).
	CreateVendor(ctx context.Context, v *domain.Vendor) error
	Vendor(ctx context.Context, id string) (domain.Vendor, error)
	VendorBySlug(ctx context.Context, slug string) (domain.Vendor, error)
	VendorsByID(ctx context.Context, ids []string) (map[string]domain.Vendor, error)
	UpdateVendor(ctx context.Context, id string, in domain.VendorInput, now time.Time) error
	SetVendorLogo(ctx context.Context, id, key string, now time.Time) error
	// ModerateVendor moves r.VendorID from r.From to r.To and keeps r in the audit
	// trail; domain.ErrChanged when it was not in r.From.
	ModerateVendor(ctx context.Context, r domain.Review) error
	Reviews(ctx context.Context, vendorID string) ([]domain.Review, error)
	// RecordAudit writes an admin action to the kit's audit trail, inside the store's
	// transaction when it is bound to one.
	RecordAudit(ctx context.Context, e audit.Entry) error
	AuditTrail(ctx context.Context, subject audit.Subject, limit int) ([]audit.Entry, error)
	Vendors(ctx context.Context, f domain.VendorFilter) ([]domain.Vendor, int, error)
	// VendorsForUser lists the vendors userID owns, and those verifiedEmail owns or
	// works at, with the user's role at each.
	VendorsForUser(ctx context.Context, userID, verifiedEmail string) ([]domain.Vendor, []domain.MemberRole, error)
	SetStripeAccount(ctx context.Context, id, account string, now time.Time) error
	// SetCardReady records whether Stripe says account can take charges;
	// domain.ErrNotFound when no vendor has it.
	SetCardReady(ctx context.Context, account string, ready bool, now time.Time) error
}

// Teams keeps each vendor's managers and staff.
type Teams interface {
	AddMember(ctx context.Context, m domain.Member) error
	Members(ctx context.Context, vendorID string) ([]domain.Member, error)
	RemoveMember(ctx context.Context, vendorID, memberID string) error
	MemberRole(ctx context.Context, vendorID, email string) (domain.MemberRole, error)
}

// Products keeps products, their variants and photos.
type Products interface {
	// CreateProduct stores p with its variants, choosing its slug; a SKU the vendor
	// uses already is a *domain.SKUTakenError.
	CreateProduct(ctx context.Context, p *domain.Product) error
	Product(ctx context.Context, id string) (domain.Product, error)
	ProductBySlug(ctx context.Context, slug string) (domain.Product, error)
	UpdateProduct(ctx context.Context, p domain.Product, now time.Time) error
	AddVariant(ctx context.Context, v domain.Variant) error
	Variant(ctx context.Context, id string) (domain.Variant, error)
	UpdateVariant(ctx context.Context, v domain.Variant, now time.Time) error
	// AddImage puts img last among the product's photos; domain.ErrChanged when it
	// has domain.MaxImagesPerProduct already.
	AddImage(ctx context.Context, productID string, img domain.Image, now time.Time) (domain.Image, error)
	DeleteImage(ctx context.Context, productID, imageID string) error
	PublicProducts(ctx context.Context, f domain.ProductFilter) ([]domain.Product, int, error)
	VendorProducts(ctx context.Context, vendorID string, status domain.ProductStatus, limit, offset int) ([]domain.Product, int, error)
	LowStock(ctx context.Context, vendorID string) ([]domain.Offer, error)
	// Offers reads variants with their product and vendor, by variant id.
	Offers(ctx context.Context, variantIDs []string) (map[string]domain.Offer, error)
}

// Discounts keeps vendors' discount codes.
type Discounts interface {
	CreateDiscount(ctx context.Context, d domain.Discount) error
	Discount(ctx context.Context, id string) (domain.Discount, error)
	DiscountsByCode(ctx context.Context, vendorIDs []string, code string) (map[string]domain.Discount, error)
	DiscountsOf(ctx context.Context, vendorID string) ([]domain.Discount, error)
	SetDiscountActive(ctx context.Context, id string, active bool) error
	Redemptions(ctx context.Context, discountID, customerID string) (int, error)
}

// Orders keeps orders. Every change is conditional on the state it was decided in.
type Orders interface {
	// PlaceOrders stores a checkout's orders and takes their stock and code uses,
	// all or nothing (*domain.InsufficientError, *domain.HoldLimitError,
	// domain.ErrDiscountUsedUp).
	PlaceOrders(ctx context.Context, orders []domain.Order, limits map[string]holds.Limit, now time.Time) error
	SetCheckout(ctx context.Context, orderID, sessionID, url, paymentIntentID string) error
	Order(ctx context.Context, id string) (domain.Order, error)
	OrderByPickupCode(ctx context.Context, vendorID, code string) (domain.Order, error)
	Orders(ctx context.Context, f domain.OrderFilter) ([]domain.Order, int, error)
	MarkPaid(ctx context.Context, orderID, paymentIntentID string, now time.Time) (bool, error)
	CloseUnpaid(ctx context.Context, orderID string, pay domain.PaymentStatus, reason string, now time.Time) (bool, error)
	Revive(ctx context.Context, orderID, paymentIntentID string, now time.Time) (bool, error)
	Fulfil(ctx context.Context, orderID string, from domain.FulfillmentStatus, fromPay domain.PaymentStatus,
		to domain.FulfillmentStatus, pay domain.PaymentStatus, shipment *domain.Shipment, now time.Time) error
	RecordRefund(ctx context.Context, orderID string, refundedBefore, amount int64, restock bool, now time.Time) error
	ExpiredHolds(ctx context.Context, now time.Time, limit int) ([]string, error)
}

// Mailbox puts e-mail in the kit's outbox. On a store bound to a transaction the
// message is enqueued inside it, so it goes out only if what it announces commits.
type Mailbox interface {
	EnqueueMail(ctx context.Context, m mail.Message) error
}

// Store is all of the service's data.
type Store interface {
	Vendors
	Teams
	Products
	Discounts
	Orders
	Mailbox
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
	ExpireCheckout(ctx context.Context, sessionID string) error
	Refund(ctx context.Context, paymentIntentID string, amountCents int64, idempotencyKey string) (string, error)
}

var _ Payments = (*payments.Payments)(nil)
