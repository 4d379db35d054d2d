package domain

import (
	"slices"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/holds"
)

// Fulfillment is how an order reaches its buyer.
type Fulfillment string

// The two ways, as the contract spells them.
const (
	Ship   Fulfillment = "ship"
	Pickup Fulfillment = "pickup"
)

// PaymentMethod is how a buyer pays.
type PaymentMethod string

// Payment methods of the contract.
const (
	PayCard     PaymentMethod = "card"
	PayAtPickup PaymentMethod = "pay_at_pickup"
)

// FulfillmentStatus is where an order is on its way to the buyer.
type FulfillmentStatus string

// Fulfilment states: UNFULFILLED → SHIPPED → DELIVERED for shipped orders,
// UNFULFILLED → READY_FOR_PICKUP → PICKED_UP for pickup, and CANCELLED before the
// goods left the vendor.
const (
	Unfulfilled    FulfillmentStatus = "UNFULFILLED"
	Shipped        FulfillmentStatus = "SHIPPED"
	Delivered      FulfillmentStatus = "DELIVERED"
	ReadyForPickup FulfillmentStatus = "READY_FOR_PICKUP"
	PickedUp       FulfillmentStatus = "PICKED_UP"
	Cancelled      FulfillmentStatus = "CANCELLED"
)

// FulfillmentStatuses are every fulfilment state.
var FulfillmentStatuses = []FulfillmentStatus{Unfulfilled, Shipped, Delivered, ReadyForPickup, PickedUp, Cancelled}

// fulfilmentMoves is the fulfilment machine as data. Which of the two ways a move
// belongs to is fulfilmentWay's to say.
var fulfilmentMoves = map[FulfillmentStatus][]FulfillmentStatus{
	Unfulfilled:    {Shipped, ReadyForPickup, Cancelled},
	Shipped:        {Delivered},
	ReadyForPickup: {PickedUp, Cancelled},
}

// fulfilmentWay names the one way of fulfilment a state belongs to; states of both
// ways are absent.
var fulfilmentWay = map[FulfillmentStatus]Fulfillment{
	Shipped: Ship, Delivered: Ship, ReadyForPickup: Pickup, PickedUp: Pickup,
}

// CanMove reports whether an order may go from s to next in the fulfilment machine.
func (s FulfillmentStatus) CanMove(next FulfillmentStatus) bool {
	return slices.Contains(fulfilmentMoves[s], next)
}

// Open reports whether the order still waits for the vendor to hand it over.
func (s FulfillmentStatus) Open() bool { return s == Unfulfilled || s == ReadyForPickup }

// PaymentStatus is where an order's money is.
type PaymentStatus string

// Payment states: PENDING → PAID | FAILED | VOIDED (never charged: an abandoned card
// checkout, an unpaid order cancelled); PAID → PARTIALLY_REFUNDED → REFUNDED.
const (
	PaymentPending           PaymentStatus = "PENDING"
	PaymentPaid              PaymentStatus = "PAID"
	PaymentFailed            PaymentStatus = "FAILED"
	PaymentVoided            PaymentStatus = "VOIDED"
	PaymentPartiallyRefunded PaymentStatus = "PARTIALLY_REFUNDED"
	PaymentRefunded          PaymentStatus = "REFUNDED"
)

// PaymentStatuses are every payment state.
var PaymentStatuses = []PaymentStatus{PaymentPending, PaymentPaid, PaymentFailed, PaymentVoided,
	PaymentPartiallyRefunded, PaymentRefunded}

var paymentMoves = map[PaymentStatus][]PaymentStatus{
	PaymentPending:           {PaymentPaid, PaymentFailed, PaymentVoided},
	PaymentPaid:              {PaymentPartiallyRefunded, PaymentRefunded},
	PaymentPartiallyRefunded: {PaymentPartiallyRefunded, PaymentRefunded},
}

// CanMove reports whether an order's payment may go from s to next.
func (s PaymentStatus) CanMove(next PaymentStatus) bool {
	return slices.Contains(paymentMoves[s], next)
}

// Collected reports whether money was taken (and not all of it given back).
func (s PaymentStatus) Collected() bool { return s == PaymentPaid || s == PaymentPartiallyRefunded }

// HoldFor is how long a card checkout keeps its units before they go back on sale.
const HoldFor = 30 * time.Minute

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

// Normalize trims the address and checks it, naming each bad field under prefix
// ("shippingAddress."). The store ships within the United States.
func (a *Address) Normalize(prefix string) map[string]string {
	a.Name, a.Line1, a.Line2 = strings.TrimSpace(a.Name), strings.TrimSpace(a.Line1), strings.TrimSpace(a.Line2)
	a.City, a.State = strings.TrimSpace(a.City), strings.ToUpper(strings.TrimSpace(a.State))
	a.PostalCode, a.Country = strings.TrimSpace(a.PostalCode), strings.ToUpper(strings.TrimSpace(a.Country))
	if a.Country == "" || a.Country == "USA" {
		a.Country = "US"
	}
	bad := map[string]string{}
	checkLen(bad, prefix+"name", a.Name, 2, 120)
	checkLen(bad, prefix+"line1", a.Line1, 3, 200)
	checkLen(bad, prefix+"line2", a.Line2, 0, 200)
	checkLen(bad, prefix+"city", a.City, 2, 100)
	if a.Country != "US" {
		bad[prefix+"country"] = "we ship within the United States (US) only"
	}
	if len(a.State) != 2 || strings.Trim(a.State, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		bad[prefix+"state"] = "use the two-letter state code (IL)"
	}
	if !zipCode(a.PostalCode) {
		bad[prefix+"postalCode"] = "use a ZIP code (60619 or 60619-1234)"
	}
	return bad
}

func zipCode(s string) bool {
	digits := func(s string) bool { return strings.Trim(s, "0123456789") == "" }
	switch len(s) {
	case 5:
		return digits(s)
	case 10:
		return s[5] == '-' && digits(s[:5]) && digits(s[6:])
	}
	return false
}

// Order is what one buyer bought from one vendor in one checkout.
type Order struct {
	ID                string
	Number            string
	CheckoutID        string
	VendorID          string
	VendorName        string
	CustomerID        string
	CustomerName      string
	CustomerEmail     string
	Method            PaymentMethod
	Fulfillment       Fulfillment
	FulfillmentStatus FulfillmentStatus
	PaymentStatus     PaymentStatus
	ShippingAddress   *Address
	PickupPoint       *PickupPoint
	PickupCode        string
	Carrier           string
	TrackingNumber    string
	SubtotalCents     int64
	DiscountCents     int64
	ShippingCents     int64
	TaxCents          int64
	TotalCents        int64
	FeeCents          int64
	RefundedCents     int64
	Currency          string
	DiscountID        string
	DiscountCode      string
	HoldExpiresAt     *time.Time
	CheckoutSessionID string
	CheckoutURL       string
	PaymentIntentID   string
	Restocked         bool
	// Lapsed: closed unpaid because its hold ran out or its card checkout expired or
	// failed, not cancelled by a person; a late payment may take it back.
	Lapsed       bool
	CancelReason string
	Lines        []OrderLine
	CreatedAt    time.Time
	UpdatedAt    time.Time
	PaidAt       *time.Time
	ShippedAt    *time.Time
	DeliveredAt  *time.Time
	ReadyAt      *time.Time
	PickedUpAt   *time.Time
	CancelledAt  *time.Time
}

// OrderLine is one variant of an order, priced when the order was placed: later
// price or name changes do not change what the buyer bought.
type OrderLine struct {
	ID           string
	OrderID      string
	VariantID    string
	ProductID    string
	ProductName  string
	ProductSlug  string
	VariantLabel string
	SKU          string
	ImageKey     string
	UnitCents    int64
	Quantity     int
}

// LineCents is what the line comes to.
func (l OrderLine) LineCents() int64 { return l.UnitCents * int64(l.Quantity) }

// Units is how many items the order holds.
func (o Order) Units() int {
	n := 0
	for _, l := range o.Lines {
		n += l.Quantity
	}
	return n
}

// Holding reports whether the order keeps units off sale without being paid: a
// card checkout still open.
func (o Order) Holding() bool {
	return o.Method == PayCard && o.PaymentStatus == PaymentPending && o.FulfillmentStatus == Unfulfilled
}

// Unpaid reports whether the order keeps units without its money: an open card
// checkout, or a pickup order to be paid at pickup. Unpaid orders count against the
// buyer's hold limit.
func (o Order) Unpaid() bool {
	return o.PaymentStatus == PaymentPending && o.FulfillmentStatus.Open()
}

// Refundable is what may still be given back.
func (o Order) Refundable() int64 { return max(0, o.TotalCents-o.RefundedCents) }

// Move checks moving o's fulfilment to next: the machine, the way the order is
// fulfilled, and that a card order is paid before its goods leave. It returns the
// payment status the move leads to (a pay-at-pickup order is paid when picked up).
func (o Order) Move(next FulfillmentStatus) (PaymentStatus, error) {
	if !o.FulfillmentStatus.CanMove(next) {
		return "", errs.Errorf(errs.CodeInvalidTransition, "A "+words(o.FulfillmentStatus)+" order cannot become "+
			words(next)+".").With(map[string]any{"fulfillmentStatus": string(o.FulfillmentStatus), "to": string(next)})
	}
	if way, ok := fulfilmentWay[next]; ok && way != o.Fulfillment {
		return "", errs.Errorf(errs.CodeInvalidTransition, "This order is for "+string(o.Fulfillment)+
			"; it cannot become "+words(next)+".").With(map[string]any{"fulfillment": string(o.Fulfillment), "to": string(next)})
	}
	pay := o.PaymentStatus
	switch {
	case next == Cancelled:
		if pay == PaymentPending {
			pay = PaymentVoided
		}
	case o.Method == PayAtPickup && next == PickedUp:
		if pay == PaymentPending {
			pay = PaymentPaid // the vendor takes the money at the hand-over
		}
	case next == Delivered:
		// The parcel left paid; a refund since then does not stop it arriving.
	case o.Method == PayAtPickup && next == ReadyForPickup:
		if pay != PaymentPending && !pay.Collected() {
			return "", errNotPayable(o)
		}
	case !pay.Collected():
		return "", errs.Errorf(errs.CodeConflict, "This order is not paid yet; it is handed over once paid.").
			With(map[string]any{"paymentStatus": string(pay)})
	}
	return pay, nil
}

func errNotPayable(o Order) *errs.Error {
	return errs.Errorf(errs.CodeConflict, "This order's payment is "+strings.ToLower(string(o.PaymentStatus))+".").
		With(map[string]any{"paymentStatus": string(o.PaymentStatus)})
}

// words is a state as a sentence reads it ("ready for pickup").
func words(s FulfillmentStatus) string {
	return strings.ReplaceAll(strings.ToLower(string(s)), "_", " ")
}

// Carriers a vendor may name, with the address of a parcel's tracking page.
var Carriers = map[string]string{
	"USPS":  "https://tools.usps.com/go/TrackConfirmAction?tLabels=",
	"UPS":   "https://www.ups.com/track?tracknum=",
	"FEDEX": "https://www.fedex.com/fedextrack/?trknbr=",
	"DHL":   "https://www.dhl.com/us-en/home/tracking/tracking-express.html?tracking-id=",
	"OTHER": "",
}

// Shipment is what a vendor says when an order leaves.
type Shipment struct {
	Carrier        string
	TrackingNumber string
}

// Normalize checks the shipment: a known carrier (or OTHER) and a tracking number.
func (s *Shipment) Normalize() error {
	s.Carrier = strings.ToUpper(strings.TrimSpace(s.Carrier))
	s.TrackingNumber = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s.TrackingNumber), " ", ""))
	bad := map[string]string{}
	if _, ok := Carriers[s.Carrier]; !ok {
		bad["carrier"] = "must be USPS, UPS, FEDEX, DHL or OTHER"
	}
	if s.TrackingNumber == "" || len(s.TrackingNumber) > 64 ||
		strings.ContainsFunc(s.TrackingNumber, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') }) {
		bad["trackingNumber"] = "must be 1 to 64 letters and digits"
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

// TrackingURL is the carrier's page for the order's parcel, or "" when there is none.
func (o Order) TrackingURL() string {
	base := Carriers[o.Carrier]
	if base == "" || o.TrackingNumber == "" {
		return ""
	}
	return base + o.TrackingNumber
}

// OrderFilter narrows a vendor's or a customer's list of orders.
type OrderFilter struct {
	VendorID          string
	CustomerID        string
	FulfillmentStatus FulfillmentStatus
	PaymentStatus     PaymentStatus
	// UnhandledBy keeps only orders with no entry of this subject kind in the
	// admins' audit trail: those no admin has acted on yet.
	UnhandledBy string
	Limit       int
	Offset      int
}

// MaxUnpaidOrdersPerVendor is how many unpaid orders (open card checkouts, pickup
// orders to pay at pickup) one buyer may have at one vendor at once.
const MaxUnpaidOrdersPerVendor = 3

// HoldLimit is how much one buyer may keep unpaid at vendor v: a few orders, and no
// more items in them than one checkout may hold, so that one account cannot take a
// vendor's stock off sale with orders it never pays for.
func HoldLimit(v Vendor) holds.Limit {
	return holds.Limit{Orders: MaxUnpaidOrdersPerVendor, Units: MaxUnitsPerCheckout, Unit: "items", Place: v.Name}
}
