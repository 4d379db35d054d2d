package domain

import (
	"fmt"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
)

// OrderStatus is where a pickup order stands.
type OrderStatus string

// Order states of PRODUCT.md.
const (
	OrderPending   OrderStatus = "PENDING"
	OrderConfirmed OrderStatus = "CONFIRMED"
	OrderPreparing OrderStatus = "PREPARING"
	OrderReady     OrderStatus = "READY_FOR_PICKUP"
	OrderCompleted OrderStatus = "COMPLETED"
	OrderCancelled OrderStatus = "CANCELLED"
	OrderRefunded  OrderStatus = "REFUNDED"
)

// ParseOrderStatus accepts a known status, case-insensitively.
func ParseOrderStatus(s string) (OrderStatus, bool) {
	st := OrderStatus(strings.ToUpper(strings.TrimSpace(s)))
	switch st {
	case OrderPending, OrderConfirmed, OrderPreparing, OrderReady, OrderCompleted, OrderCancelled, OrderRefunded:
		return st, true
	}
	return "", false
}

// Active reports whether the kitchen still has work to do on the order.
func (s OrderStatus) Active() bool {
	switch s {
	case OrderPending, OrderConfirmed, OrderPreparing, OrderReady:
		return true
	}
	return false
}

// forward is the kitchen's path through an order.
var forward = map[OrderStatus]OrderStatus{
	OrderPending:   OrderConfirmed,
	OrderConfirmed: OrderPreparing,
	OrderPreparing: OrderReady,
	OrderReady:     OrderCompleted,
}

// Next is the forward step from s, if there is one (the dashboard's one-tap button).
func (s OrderStatus) Next() (OrderStatus, bool) {
	n, ok := forward[s]
	return n, ok
}

// MemberRole is what a person may do for one restaurant.
type MemberRole string

// Roles within a restaurant. Owner is whoever applied for it; managers and staff are
// memberships the owner grants by e-mail.
const (
	RoleOwner   MemberRole = "OWNER"
	RoleManager MemberRole = "MANAGER"
	RoleStaff   MemberRole = "STAFF"
)

// ParseMemberRole accepts MANAGER or STAFF: the roles an owner may grant.
func ParseMemberRole(s string) (MemberRole, bool) {
	r := MemberRole(strings.ToUpper(strings.TrimSpace(s)))
	return r, r == RoleManager || r == RoleStaff
}

// kind of a move, which decides who may make it.
type moveKind int

const (
	moveForward moveKind = iota + 1
	moveCancel
	moveRefund
)

// kindOf names the move from → to, or 0 when the state machine has no such edge.
func kindOf(from, to OrderStatus) moveKind {
	if next, ok := forward[from]; ok && next == to {
		return moveForward
	}
	if to == OrderCancelled && from.Active() {
		return moveCancel
	}
	if to == OrderRefunded && (from == OrderCompleted || from == OrderCancelled) {
		return moveRefund
	}
	return 0
}

// member reports whether role is one of the restaurant's team.
func (r MemberRole) member() bool {
	return r == RoleOwner || r == RoleManager || r == RoleStaff
}

// may reports whether role may make a move of kind k: staff move forward only,
// managers may also cancel, only the owner refunds.
func (r MemberRole) may(k moveKind) bool {
	switch r {
	case RoleOwner:
		return true
	case RoleManager:
		return k == moveForward || k == moveCancel
	case RoleStaff:
		return k == moveForward
	}
	return false
}

// CheckTransition decides whether role may move an order from → to. Someone who is
// not a member of the restaurant is FORBIDDEN (403); for a member, any move that is
// not theirs to make — not in the machine, or beyond their role — is
// INVALID_TRANSITION (409).
func CheckTransition(from, to OrderStatus, role MemberRole) error {
	if !role.member() {
		return errs.Errorf(errs.CodeForbidden, "Only this restaurant's team may change its orders.")
	}
	k := kindOf(from, to)
	if k == 0 {
		return errs.Errorf(errs.CodeInvalidTransition,
			fmt.Sprintf("An order cannot go from %s to %s.", from, to)).
			With(map[string]any{"from": from, "to": to})
	}
	if !role.may(k) {
		what := map[moveKind]string{moveForward: "move orders forward", moveCancel: "cancel orders", moveRefund: "refund orders"}[k]
		return errs.Errorf(errs.CodeInvalidTransition, fmt.Sprintf("Your role (%s) may not %s.", role, what)).
			With(map[string]any{"from": from, "to": to, "role": role})
	}
	return nil
}

// Payment methods of the contract.
const (
	PayByCard       = "card"
	PayAtPickup     = "pay_at_pickup"
	defaultCurrency = "usd"
)

// PaymentStatus says where the money is.
type PaymentStatus string

// Payment states of an order.
const (
	PaymentAwaiting      PaymentStatus = "AWAITING_PAYMENT" // card: checkout not completed yet
	PaymentPaid          PaymentStatus = "PAID"
	PaymentAtPickup      PaymentStatus = "DUE_AT_PICKUP"
	PaymentRefundPending PaymentStatus = "REFUND_PENDING"
	PaymentRefunded      PaymentStatus = "REFUNDED"
	PaymentNotCollected  PaymentStatus = "NOT_COLLECTED" // cancelled before any money moved
)

// Currency is the one currency restaurants sell in.
const Currency = defaultCurrency

// OrderLine is one dish in an order, priced from the menu when the order was placed.
type OrderLine struct {
	MenuItemID string
	Name       string
	UnitCents  int64
	Quantity   int64
	Notes      string
}

// Order is a pickup order.
type Order struct {
	ID             string
	RestaurantID   string
	RestaurantName string
	Number         string
	CustomerID     string
	CustomerEmail  string
	CustomerName   string
	// CustomerPhone is where the kitchen can call the customer, as they gave it.
	CustomerPhone     string
	Status            OrderStatus
	PaymentMethod     string
	PaymentStatus     PaymentStatus
	SubtotalCents     int64
	TaxCents          int64
	TotalCents        int64
	PlatformFeeCents  int64
	Currency          string
	PickupTime        time.Time
	CheckoutSessionID string
	CheckoutURL       string
	PaymentIntentID   string
	Lines             []OrderLine
	// ReadyAt is when the kitchen said, on confirming, the order will be ready; zero
	// until then.
	ReadyAt time.Time
	// CancelReason is why the restaurant cancelled the order, for the customer.
	CancelReason string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Limits of one order: what a pickup counter takes from one customer. A catering
// order beyond them is arranged with the restaurant, not placed through the site.
const (
	MaxLines       = 50     // lines as sent
	MaxQuantity    = 99     // of one line as sent
	MaxItems       = 100    // dishes in the whole order
	MaxTotalCents  = 200000 // $2,000.00, tax included
	MaxNotesLength = 300
)

// MaxOpenAtPickup is how many pay-at-pickup orders one customer may have open (not
// yet picked up or cancelled) at one restaurant: nobody has paid for them, so one
// account must not be able to fill a kitchen with them.
const MaxOpenAtPickup = 3

// Requested is one line as the customer asked for it: no price, the menu decides.
type Requested struct {
	MenuItemID string
	Quantity   int64
	Notes      string
}

// Price builds the order's lines from the menu and computes its totals. menu holds the
// restaurant's items by id; an unknown item is a validation error, an unavailable one
// ITEM_UNAVAILABLE. Lines of one dish with the same notes become one line: sending
// a dish twice is what a customer does when adding it to the cart again, and they
// expect one line with both quantities, as on a receipt. Different notes stay
// separate lines, since the kitchen makes those dishes differently. The whole order
// is then held to MaxItems and MaxTotalCents.
func Price(req []Requested, menu map[string]MenuItem, taxBasisPoints int64) (lines []OrderLine, subtotal, tax int64, err error) {
	bad := map[string]string{}
	if len(req) == 0 {
		bad["items"] = "needs at least one item"
	}
	if len(req) > MaxLines {
		bad["items"] = fmt.Sprintf("may hold at most %d lines", MaxLines)
	}
	type dish struct{ id, notes string }
	lineOf := map[dish]int{}
	var unavailable []string
	var count int64
	for i, r := range req {
		field := fmt.Sprintf("items[%d]", i)
		item, ok := menu[r.MenuItemID]
		switch {
		case r.MenuItemID == "":
			bad[field+".menuItemId"] = "is required"
		case !ok:
			bad[field+".menuItemId"] = "is not on this restaurant's menu"
		case r.Quantity < 1 || r.Quantity > MaxQuantity:
			bad[field+".quantity"] = fmt.Sprintf("must be from 1 to %d", MaxQuantity)
		case len([]rune(r.Notes)) > MaxNotesLength:
			bad[field+".notes"] = fmt.Sprintf("may be at most %d characters", MaxNotesLength)
		case !item.Available:
			unavailable = append(unavailable, item.ID)
		default:
			d := dish{item.ID, strings.TrimSpace(r.Notes)}
			if at, seen := lineOf[d]; seen {
				lines[at].Quantity += r.Quantity
			} else {
				lineOf[d] = len(lines)
				lines = append(lines, OrderLine{MenuItemID: item.ID, Name: item.Name, UnitCents: item.PriceCents,
					Quantity: r.Quantity, Notes: d.notes})
			}
			count += r.Quantity
			subtotal += item.PriceCents * r.Quantity
		}
	}
	if len(bad) > 0 {
		return nil, 0, 0, errs.Invalid(bad)
	}
	if len(unavailable) > 0 {
		return nil, 0, 0, errs.Errorf(errs.CodeItemUnavailable, "Some items are not available right now.").
			With(map[string]any{"menuItemIds": unavailable})
	}
	tax = Tax(subtotal, taxBasisPoints)
	if count > MaxItems {
		bad["items"] = fmt.Sprintf("may hold at most %d dishes in all (this order has %d)", MaxItems, count)
	}
	if total := subtotal + tax; total > MaxTotalCents {
		bad["totalCents"] = fmt.Sprintf("may be at most %s, tax included (this order comes to %s)", dollars(MaxTotalCents), dollars(total))
	}
	if len(bad) > 0 {
		return nil, 0, 0, errs.Invalid(bad)
	}
	return lines, subtotal, tax, nil
}

// dollars writes cents as $1,234.56.
func dollars(cents int64) string {
	whole := fmt.Sprint(cents / 100)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return fmt.Sprintf("$%s.%02d", whole, cents%100)
}

// Tax is subtotal × basis points / 10000, rounded half up to the cent.
func Tax(subtotal, basisPoints int64) int64 {
	if subtotal <= 0 || basisPoints <= 0 {
		return 0
	}
	return (subtotal*basisPoints + 5000) / 10000
}

// Move is one change of an order's status as the store makes it: from → to only if
// the order is still in From, with its payment status (when Pay is set), its quoted
// ready time (when ReadyAt is set) and the reason it was cancelled (when set).
type Move struct {
	From, To OrderStatus
	Pay      PaymentStatus
	ReadyAt  time.Time
	Reason   string
}

// PaymentUpdate is what a verified payment event changes on an order.
type PaymentUpdate struct {
	// From is the payment status the order must be in; the update is skipped otherwise.
	From            []PaymentStatus
	To              PaymentStatus
	Status          OrderStatus // "" keeps the order status
	StatusFrom      []OrderStatus
	PaymentIntentID string
}
