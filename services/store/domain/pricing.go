package domain

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"stepperslife/internal/kit/errs"
)

// PlatformFeeBasisPoints is the platform's share of each card order: 7%.
const PlatformFeeBasisPoints = 700

// Limits on one checkout, whatever the stock allows: a request is refused before it
// costs more than reading it.
const (
	MaxLinesPerCheckout   = 50
	MaxUnitsPerLine       = 20
	MaxUnitsPerCheckout   = 50
	MaxOrderCents         = 50_000_00 // $50,000 of one vendor's goods
	MaxVendorsPerCheckout = 10
)

// CartItem is one line a buyer asks for: a variant and how many. Buyers never send
// prices; the store prices from its own data.
type CartItem struct {
	VariantID string
	Quantity  int
}

// Offer is a variant as a checkout sees it, with its product and vendor as stored.
type Offer struct {
	Variant Variant
	Product Product // without its variants
	Vendor  Vendor
}

// Checkout is what a buyer asks for.
type Checkout struct {
	Items       []CartItem
	Fulfillment Fulfillment
	Method      PaymentMethod
	Address     *Address
	// PickupPoints names, per vendor id, the pickup point the buyer chose.
	PickupPoints map[string]string
}

// Line is one priced line of a quote.
type Line struct {
	Offer     Offer
	Quantity  int
	UnitCents int64
}

// Quote is one vendor's share of a checkout, priced by the store.
type Quote struct {
	Vendor        Vendor
	Lines         []Line
	Units         int
	SubtotalCents int64
	DiscountCents int64
	ShippingCents int64
	TaxCents      int64
	TotalCents    int64
	FeeCents      int64
	Discount      *Discount
	PickupPoint   *PickupPoint
}

// Cart is a checkout priced: one quote per vendor, in vendor id order (the order
// their rows are locked in).
type Cart struct {
	Quotes      []Quote
	Fulfillment Fulfillment
	Method      PaymentMethod
	Address     *Address
}

// Units is how many items the whole cart holds.
func (c Cart) Units() int {
	n := 0
	for _, q := range c.Quotes {
		n += q.Units
	}
	return n
}

// PriceCart checks a checkout against the offers as stored (by variant id) at now
// and prices it per vendor, without discount codes (ApplyDiscount, then Settle). It
// answers VALIDATION_FAILED for a bad request, ITEM_UNAVAILABLE for a variant not on
// sale, CONFLICT for a vendor that cannot fulfil the way asked, and
// INSUFFICIENT_INVENTORY when stock plainly falls short (the store re-checks
// atomically).
func PriceCart(c Checkout, offers map[string]Offer, now time.Time) (Cart, error) {
	if len(c.Items) > MaxLinesPerCheckout {
		return Cart{}, errs.Invalid(map[string]string{"items": fmt.Sprintf("at most %d lines per checkout", MaxLinesPerCheckout)})
	}
	bad := map[string]string{}
	if len(c.Items) == 0 {
		bad["items"] = "your cart is empty"
	}
	switch c.Fulfillment {
	case Ship:
		if c.Address == nil {
			bad["shippingAddress"] = "is required to ship"
		} else {
			for k, v := range c.Address.Normalize("shippingAddress.") {
				bad[k] = v
			}
		}
	case Pickup:
		c.Address = nil
	default:
		bad["fulfillment"] = "must be ship or pickup"
	}
	switch c.Method {
	case PayCard:
	case PayAtPickup:
		if c.Fulfillment == Ship {
			bad["paymentMethod"] = "pay_at_pickup is for pickup orders; pay shipped orders by card"
		}
	default:
		bad["paymentMethod"] = "must be card or pay_at_pickup"
	}
	seen := map[string]int{}
	units := 0
	for i, it := range c.Items {
		f := "items[" + strconv.Itoa(i) + "]"
		switch {
		case it.VariantID == "":
			bad[f+".variantId"] = "is required"
		case it.Quantity < 1 || it.Quantity > MaxUnitsPerLine:
			bad[f+".quantity"] = fmt.Sprintf("must be from 1 to %d", MaxUnitsPerLine)
		default:
			if j, dup := seen[it.VariantID]; dup {
				bad[f+".variantId"] = "repeats items[" + strconv.Itoa(j) + "]: one line per variant"
			}
			seen[it.VariantID] = i
			units += it.Quantity
		}
	}
	if units > MaxUnitsPerCheckout {
		bad["items"] = fmt.Sprintf("at most %d items per checkout", MaxUnitsPerCheckout)
	}
	if len(bad) > 0 {
		return Cart{}, errs.Invalid(bad)
	}
	if err := unavailable(c.Items, offers); err != nil {
		return Cart{}, err
	}
	cart := Cart{Fulfillment: c.Fulfillment, Method: c.Method, Address: c.Address}
	byVendor := map[string]int{}
	var short []Shortage
	for _, it := range c.Items {
		o := offers[it.VariantID]
		i, ok := byVendor[o.Vendor.ID]
		if !ok {
			i = len(cart.Quotes)
			byVendor[o.Vendor.ID] = i
			cart.Quotes = append(cart.Quotes, Quote{Vendor: o.Vendor})
		}
		q := &cart.Quotes[i]
		q.Lines = append(q.Lines, Line{Offer: o, Quantity: it.Quantity, UnitCents: o.Variant.PriceCents})
		q.Units += it.Quantity
		q.SubtotalCents += o.Variant.PriceCents * int64(it.Quantity)
		if o.Variant.Stock < it.Quantity {
			short = append(short, Shortage{VariantID: o.Variant.ID, Available: max(0, o.Variant.Stock)})
		}
	}
	if len(cart.Quotes) > MaxVendorsPerCheckout {
		return Cart{}, errs.Invalid(map[string]string{"items": fmt.Sprintf("at most %d vendors per checkout", MaxVendorsPerCheckout)})
	}
	sort.Slice(cart.Quotes, func(i, j int) bool { return cart.Quotes[i].Vendor.ID < cart.Quotes[j].Vendor.ID })
	for i := range cart.Quotes {
		q := &cart.Quotes[i]
		if q.SubtotalCents > MaxOrderCents {
			return Cart{}, errs.Invalid(map[string]string{"items": fmt.Sprintf("one vendor's items may come to at most $%d", MaxOrderCents/100)})
		}
		if c.Fulfillment == Pickup {
			if err := q.choosePickup(c.PickupPoints[q.Vendor.ID], now); err != nil {
				return Cart{}, err
			}
		}
	}
	if len(short) > 0 {
		return Cart{}, Insufficient(short)
	}
	for i := range cart.Quotes {
		cart.Quotes[i].Settle(cart.Fulfillment, cart.Method)
	}
	return cart, nil
}

// unavailable answers ITEM_UNAVAILABLE naming every variant not on sale: unknown,
// of a product not ACTIVE, or of a vendor not APPROVED.
func unavailable(items []CartItem, offers map[string]Offer) error {
	var gone []map[string]any
	for _, it := range items {
		o, ok := offers[it.VariantID]
		if !ok || o.Product.Status != ProductActive || !o.Vendor.Listed() {
			gone = append(gone, map[string]any{"variantId": it.VariantID})
		}
	}
	if len(gone) == 0 {
		return nil
	}
	msg := "An item in your cart is no longer for sale."
	if len(gone) > 1 {
		msg = "Some items in your cart are no longer for sale."
	}
	return errs.Errorf(errs.CodeItemUnavailable, msg).With(map[string]any{"variants": gone})
}

// choosePickup sets the pickup point the buyer chose at the quote's vendor, or the
// only one open; a vendor with no points hands orders over as arranged with the
// buyer.
func (q *Quote) choosePickup(chosen string, now time.Time) error {
	v := q.Vendor
	if !v.PickupEnabled {
		return errs.Errorf(errs.CodeConflict, v.Name+" does not offer pickup; choose shipping for its items.").
			With(map[string]any{"vendorId": v.ID})
	}
	open := v.OpenPickupPoints(now)
	field := "pickupPoints." + v.ID
	switch {
	case chosen != "":
		for _, p := range open {
			if p.ID == chosen {
				q.PickupPoint = &p
				return nil
			}
		}
		return errs.Invalid(map[string]string{field: "is not an open pickup point of " + v.Name})
	case len(open) == 1:
		q.PickupPoint = &open[0]
	case len(open) > 1:
		return errs.Invalid(map[string]string{field: "choose where to pick up " + v.Name + "'s items"})
	}
	return nil
}

// ApplyDiscount takes a vendor's code off the quote's goods; a code of another
// vendor, or one not usable at now, is ErrDiscountUnavailable, and goods under the
// code's minimum get BelowMinimum. Settle again afterwards.
func (q *Quote) ApplyDiscount(d Discount, now time.Time) error {
	if d.VendorID != q.Vendor.ID || !d.Usable(now) {
		return ErrDiscountUnavailable
	}
	if q.SubtotalCents < d.MinSubtotalCents {
		return BelowMinimum(d)
	}
	q.Discount = &d
	q.DiscountCents = d.Off(q.SubtotalCents)
	return nil
}

// Settle works out the quote's shipping, tax, total and platform fee from its goods
// and discount: shipping is the vendor's flat rate, free for pickup and for goods
// (after the discount) at or over the vendor's free-shipping threshold; tax is the
// vendor's rate on the discounted goods, rounded half up once per order; a card
// order carries the 7% platform fee of its total.
func (q *Quote) Settle(f Fulfillment, m PaymentMethod) {
	goods := q.SubtotalCents - q.DiscountCents
	q.ShippingCents = 0
	if f == Ship {
		q.ShippingCents = q.Vendor.ShippingRateCents
		if over := q.Vendor.FreeShippingOverCents; over > 0 && goods >= over {
			q.ShippingCents = 0
		}
	}
	q.TaxCents = BasisPoints(goods, q.Vendor.TaxBasisPoints)
	q.TotalCents = goods + q.ShippingCents + q.TaxCents
	q.FeeCents = 0
	if m == PayCard {
		q.FeeCents = min(BasisPoints(q.TotalCents, PlatformFeeBasisPoints), q.TotalCents)
	}
}

// BasisPoints is bp hundredths of a percent of cents, rounded half up.
func BasisPoints(cents, bp int64) int64 {
	if cents <= 0 || bp <= 0 {
		return 0
	}
	return (cents*bp + 5000) / 10000
}

// Dollars writes cents as a person reads them: "$12.50".
func Dollars(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s$%d.%02d", sign, cents/100, cents%100)
}
