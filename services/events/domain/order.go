package domain

import (
	"time"

	"stepperslife/internal/kit/holds"
)

// OrderStatus: PENDING | PENDING_PAYMENT → COMPLETED | FAILED | CANCELLED;
// COMPLETED → REFUNDED.
type OrderStatus string

// Order states.
const (
	OrderPending        OrderStatus = "PENDING"         // card checkout open
	OrderPendingPayment OrderStatus = "PENDING_PAYMENT" // cash at the door, awaiting approval
	OrderCompleted      OrderStatus = "COMPLETED"
	OrderFailed         OrderStatus = "FAILED"
	OrderCancelled      OrderStatus = "CANCELLED"
	OrderRefunded       OrderStatus = "REFUNDED"
)

var orderMoves = map[OrderStatus][]OrderStatus{
	OrderPending:        {OrderCompleted, OrderFailed, OrderCancelled},
	OrderPendingPayment: {OrderCompleted, OrderFailed, OrderCancelled},
	OrderCompleted:      {OrderRefunded},
}

// CanMove reports whether an order may go from s to next.
func (s OrderStatus) CanMove(next OrderStatus) bool {
	for _, n := range orderMoves[s] {
		if n == next {
			return true
		}
	}
	return false
}

// Holding reports whether the order holds seats without being paid.
func (s OrderStatus) Holding() bool { return s == OrderPending || s == OrderPendingPayment }

// TicketStatus: PENDING → VALID → SCANNED; VALID → CANCELLED | REFUNDED. A held
// ticket whose order expires or fails is CANCELLED too, and a scan can be undone
// (SCANNED → VALID).
type TicketStatus string

// Ticket states.
const (
	TicketPending   TicketStatus = "PENDING"
	TicketValid     TicketStatus = "VALID"
	TicketScanned   TicketStatus = "SCANNED"
	TicketCancelled TicketStatus = "CANCELLED"
	TicketRefunded  TicketStatus = "REFUNDED"
)

// PaymentMethod is how a buyer pays.
type PaymentMethod string

// Payment methods of the contract.
const (
	PayFree PaymentMethod = "free"
	PayCard PaymentMethod = "card"
	PayCash PaymentMethod = "cash"
)

// HoldFor is how long an open card checkout holds its seats.
const HoldFor = 30 * time.Minute

// HoldUntil is when the seats of an unpaid order of method, placed at now, go back
// on sale. A card checkout is paid on the spot or not at all. Cash is paid at the
// door, so its seats are held through the night: until the organizer's cash
// deadline, or else until the event ends, which is when the door stops taking cash
// (an order whose hold ran out can no longer be approved). Never less than HoldFor,
// for an order placed as the night ends.
func HoldUntil(method PaymentMethod, ev Event, now time.Time) time.Time {
	least := now.Add(HoldFor)
	if method != PayCash {
		return least
	}
	end := ev.CashHoldEnd()
	if end.After(least) {
		return end
	}
	return least
}

// MaxUnpaidOrders is how many unpaid orders (cash awaiting approval, a card
// checkout left open) one buyer may have at one event at once: one of each.
const MaxUnpaidOrders = 2

// HoldLimit is how much one buyer may hold unpaid at an event with these tiers:
// MaxUnpaidOrders orders, and no more tickets in them than the largest order the
// tiers allow, so that one account cannot keep an event off sale. It is counted
// per buyer account: counting per client address too needs the address the portal
// forwards (X-Forwarded-For) trusted only from the portal, a trusted-proxy setting
// this service does not have yet.
func HoldLimit(tiers []Tier) holds.Limit {
	most := 1
	for _, t := range tiers {
		most = max(most, t.MaxPerOrder)
	}
	return holds.Limit{Orders: MaxUnpaidOrders, Units: min(most, MaxTicketsPerOrder), Unit: "tickets", Place: "this event"}
}

// Order is one purchase.
type Order struct {
	ID                string
	EventID           string
	BuyerID           string
	BuyerName         string
	BuyerEmail        string
	Method            PaymentMethod
	Status            OrderStatus
	SubtotalCents     int64
	DiscountCents     int64
	TotalCents        int64
	FeeCents          int64
	Currency          string
	DiscountID        string
	HoldExpiresAt     *time.Time
	CheckoutSessionID string
	CheckoutURL       string
	PaymentIntentID   string
	CreatedAt         time.Time
	CompletedAt       *time.Time
	Tickets           []Ticket
}

// Ticket is one admission.
type Ticket struct {
	ID            string
	Code          string
	OrderID       string
	EventID       string
	TierID        string
	OwnerID       string
	AttendeeName  string
	AttendeeEmail string
	PriceCents    int64
	Status        TicketStatus
	ScannedAt     *time.Time
	ScannedBy     string // who admitted it at the door
	CreatedAt     time.Time
}
