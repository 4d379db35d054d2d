package domain

import "time"

// Staff is one person an organizer allowed to scan tickets at an event.
type Staff struct {
	ID      string    `json:"id"`
	EventID string    `json:"eventId"`
	Email   string    `json:"email"`
	AddedAt time.Time `json:"addedAt"`
}

// PayoutAccount is an organizer's Stripe Connect account, which card sales are
// paid to.
type PayoutAccount struct {
	ID string
	// ChargesEnabled: Stripe lets the account take charges (onboarding is done).
	ChargesEnabled bool
}

// CanCharge reports whether card sales may go to the account now.
func (a PayoutAccount) CanCharge() bool { return a.ID != "" && a.ChargesEnabled }

// TicketView is a ticket with what its holder wants to see about the event.
type TicketView struct {
	Ticket
	EventTitle string
	EventSlug  string
	Venue      string
	StartsAt   time.Time
	TierName   string
}

// Attendee is one line of an event's attendee list.
type Attendee struct {
	TicketCode string     `json:"ticketCode"`
	Status     string     `json:"status"`
	TierID     string     `json:"tierId"`
	TierName   string     `json:"tier"`
	Name       string     `json:"name"`
	Email      string     `json:"email"`
	OrderID    string     `json:"orderId"`
	Method     string     `json:"paymentMethod"`
	PriceCents int64      `json:"priceCents"`
	ScannedAt  *time.Time `json:"scannedAt,omitempty"`
}

// TierSales is what one tier sold.
type TierSales struct {
	TierID     string `json:"tierId"`
	Name       string `json:"name"`
	PriceCents int64  `json:"priceCents"`
	Capacity   int    `json:"capacity"`
	Taken      int    `json:"taken"`   // held or paid seats
	Sold       int    `json:"sold"`    // paid tickets (valid or scanned)
	Held       int    `json:"held"`    // awaiting payment
	Scanned    int    `json:"scanned"` // admitted
	GrossCents int64  `json:"grossCents"`
}

// Sales sums an event's sales per tier and its revenue (completed orders).
type Sales struct {
	Tiers             []TierSales `json:"tiers"`
	RevenueCents      int64       `json:"revenueCents"`
	PlatformFeeCents  int64       `json:"platformFeeCents"`
	CompletedOrders   int         `json:"completedOrders"`
	PendingCashOrders int         `json:"pendingCashOrders"`
	RefundedOrders    int         `json:"refundedOrders"`
	Currency          string      `json:"currency"`
}

// EventFilter narrows the public list of events.
type EventFilter struct {
	Q        string
	Category string
	From, To *time.Time
	// Free keeps events with at least one free ticket.
	Free bool
	// EndsAfter hides events already over.
	EndsAfter time.Time
	Limit     int
	Offset    int
}

// Left is how many seats of the tier are still for sale.
func (t TierSales) Left() int { return max(0, t.Capacity-t.Taken) }

// RefundOwed is a paid order of a cancelled event that is still not refunded: the
// refund at the cancellation failed (Stripe refused or was down), so its buyer waits
// for their money and a person has to see to it.
type RefundOwed struct {
	Order      Order // without its tickets
	EventTitle string
	// Since is when the event was cancelled (its last change): how long the buyer
	// has been waiting.
	Since time.Time
}
