// Package app is the events service's use cases: what organizers, buyers and door
// staff can do, who may do it, and in what order the pieces (store, payments, mail,
// blobs) are called. Rules live in domain; storage in adapters/store.
package app

import (
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/discount"
	"stepperslife/internal/kit/holds"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/events/domain"
)

// Store is the storage the use cases need; adapters/store implements it on SQLite
// and PostgreSQL.
type Store interface {
	CreateEvent(ctx context.Context, e domain.Event) error
	UpdateEvent(ctx context.Context, id string, in domain.EventInput, now time.Time) error
	MoveEvent(ctx context.Context, id string, from, to domain.EventStatus, now time.Time) (bool, error)
	SetFlyer(ctx context.Context, id, key string, now time.Time) error
	// SetCashDeadline records the event's cash deadline (nil: the event's end) and
	// moves its waiting cash holds to it.
	SetCashDeadline(ctx context.Context, id string, deadline *time.Time, now time.Time) error
	// ClaimEvent sets the organizer id of an unclaimed event; ErrNotFound when the
	// event has one already.
	ClaimEvent(ctx context.Context, id, organizerID string) error
	EventByID(ctx context.Context, id string) (domain.Event, error)
	EventBySlug(ctx context.Context, slug string) (domain.Event, error)
	EventForSale(ctx context.Context, id string) (domain.Event, []domain.Tier, error)
	PublicEvents(ctx context.Context, f domain.EventFilter) ([]domain.Event, int, error)
	EventsOfOrganizer(ctx context.Context, organizerID, organizerEmail string) ([]domain.Event, error)
	EventsStaffedBy(ctx context.Context, email string) ([]domain.Event, error)
	CountEvents(ctx context.Context) (int, error)
	CompletePastEvents(ctx context.Context, now time.Time) (int64, error)

	CreateTier(ctx context.Context, t domain.Tier) error
	TiersOf(ctx context.Context, eventID string) ([]domain.Tier, error)
	TiersOfEvents(ctx context.Context, eventIDs []string) (map[string][]domain.Tier, error)

	CreateDiscount(ctx context.Context, d domain.Discount) error
	DiscountByCode(ctx context.Context, eventID, code string) (domain.Discount, error)
	DiscountsOf(ctx context.Context, eventID string) ([]domain.Discount, error)

	AddStaff(ctx context.Context, st domain.Staff) error
	RemoveStaff(ctx context.Context, eventID, staffID string) error
	StaffOf(ctx context.Context, eventID string) ([]domain.Staff, error)
	IsStaff(ctx context.Context, eventID, email string) (bool, error)
	StripeAccount(ctx context.Context, userID string) (domain.PayoutAccount, error)
	SetStripeAccount(ctx context.Context, userID, email string, a domain.PayoutAccount, now time.Time) error
	SetChargesEnabled(ctx context.Context, accountID string, enabled bool, now time.Time) error
	OrganizersWhoCanCharge(ctx context.Context, userIDs []string) (map[string]bool, error)

	// PlaceOrder stores o and takes its seats; an unpaid order must also fit within
	// limit, given what its buyer already holds at the event (*domain.HoldLimitError).
	PlaceOrder(ctx context.Context, o domain.Order, q domain.Quote, limit holds.Limit, now time.Time) error
	SetCheckout(ctx context.Context, orderID, sessionID, url, paymentIntentID string) error
	CompleteOrder(ctx context.Context, orderID, paymentIntentID string, now time.Time) (bool, error)
	ReviveOrder(ctx context.Context, orderID, paymentIntentID string, now time.Time) (bool, error)
	CloseOrder(ctx context.Context, orderID string, to domain.OrderStatus, now time.Time) (bool, error)
	RefundOrder(ctx context.Context, orderID string, now time.Time) (bool, error)
	ExpiredHolds(ctx context.Context, now time.Time, limit int) ([]string, error)
	OrderByID(ctx context.Context, id string) (domain.Order, error)
	OrdersOfEvent(ctx context.Context, eventID string, status domain.OrderStatus) ([]domain.Order, error)

	TicketByCode(ctx context.Context, code string) (domain.Ticket, error)
	Scan(ctx context.Context, eventID, code, by string, now time.Time) (domain.Ticket, error)
	Unscan(ctx context.Context, eventID, code string) (domain.Ticket, error)
	TransferTicket(ctx context.Context, ticketID, code, ownerID, newCode, name, email string) error
	FindTickets(ctx context.Context, eventID, q string, limit int) ([]domain.Ticket, error)
	TicketsOfOwner(ctx context.Context, ownerID, email string, now time.Time, limit, offset int) ([]domain.TicketView, int, error)
	TicketView(ctx context.Context, code string) (domain.TicketView, error)
	Attendees(ctx context.Context, eventID string) ([]domain.Attendee, error)
	SalesOf(ctx context.Context, eventID string) (domain.Sales, error)

	// RefundsOwed lists the completed orders of cancelled events, the latest
	// cancelled first, with how many there are.
	RefundsOwed(ctx context.Context, limit, offset int) ([]domain.RefundOwed, int, error)
	// RecordAudit writes to the kit's audit trail, inside the bound transaction.
	RecordAudit(ctx context.Context, e audit.Entry) error
	AuditTrail(ctx context.Context, subject audit.Subject, limit int) ([]audit.Entry, error)
	// MessagesSince locks the event's row for the rest of the transaction (so two
	// messages cannot both pass the per-event limit) and lists when the audit trail
	// records attendee messages for it since since, oldest first.
	MessagesSince(ctx context.Context, eventID string, since time.Time) ([]time.Time, error)
}

// Payments is the card side (the kit's Stripe client).
type Payments interface {
	Enabled() bool
	CreateCheckout(ctx context.Context, c payments.Checkout) (payments.CheckoutSession, error)
	Refund(ctx context.Context, paymentIntentID string, amountCents int64, idempotencyKey string) (string, error)
	CreateExpressAccount(ctx context.Context, email, idempotencyKey string) (string, error)
	AccountStatus(ctx context.Context, accountID string) (payments.AccountStatus, error)
	OnboardingLink(ctx context.Context, accountID, refreshURL, returnURL string) (string, error)
}

// Outbox delivers the e-mail the use cases enqueue in their transactions (the kit
// outbox); Kick sends it at once instead of at the next round.
type Outbox interface {
	Kick()
}

// Events is the service's use cases.
type Events struct {
	store     Store
	txStore   func(tx *sql.Tx) Store // the store bound to a transaction
	blobs     blob.Store
	db        *db.DB
	pay       Payments
	outbox    Outbox
	log       *slog.Logger
	publicURL string
	now       func() time.Time
	codes     *discount.Guard
}

// Config gathers what New needs.
type Config struct {
	Store Store
	// TxStore binds the store to a transaction: a webhook's, or one opened on DB.
	TxStore func(tx *sql.Tx) Store
	// DB opens the transactions in which an order completes and its tickets' e-mail
	// is enqueued (TxStore binds the store to them).
	DB       *db.DB
	Blobs    blob.Store
	Payments Payments
	// Outbox is kicked after a commit that enqueued mail; nil leaves the mail to
	// the outbox's next round.
	Outbox    Outbox
	Log       *slog.Logger
	PublicURL string
	// Now is the clock; tests move it to expire holds.
	Now func() time.Time
}

// New assembles the use cases.
func New(c Config) *Events {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	now := func() time.Time { return c.Now().UTC() }
	return &Events{
		store:     c.Store,
		txStore:   c.TxStore,
		db:        c.DB,
		blobs:     c.Blobs,
		pay:       c.Payments,
		outbox:    c.Outbox,
		log:       c.Log,
		publicURL: strings.TrimRight(c.PublicURL, "/"),
		now:       now,
		codes:     newCodeGuard(now),
	}
}

// PublicURL is this service's own address, for links in mail and QR codes.
func (s *Events) PublicURL() string { return s.publicURL }

// TicketURL is the page of one ticket, which its QR code holds.
func (s *Events) TicketURL(code string) string { return s.publicURL + "/tickets/" + code }

// CardEnabled reports whether card payment is on for this service (the platform has
// Stripe keys); an event takes cards only when its organizer can charge too.
func (s *Events) CardEnabled() bool { return s.pay != nil && s.pay.Enabled() }

// Now is the service clock.
func (s *Events) Now() time.Time { return s.now() }
