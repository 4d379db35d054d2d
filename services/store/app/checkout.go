package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/emailaddr"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/holds"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/store/domain"
)

// CheckoutRequest is what a buyer sends: variants and how many, never prices.
type CheckoutRequest struct {
	Items        []domain.CartItem
	Fulfillment  domain.Fulfillment
	Method       domain.PaymentMethod
	Address      *domain.Address
	DiscountCode string
	PickupPoints map[string]string
}

// errCardNotReady refuses a card checkout up front while a vendor of the cart cannot
// take charges yet: nothing is down, so it is a CONFLICT with the vendor's state.
func errCardNotReady(v domain.Vendor) error {
	msg := v.Name + " cannot take card payments yet; choose pay at pickup, or check out its items later."
	if !v.PickupEnabled {
		msg = v.Name + " cannot take card payments yet; please check out its items later."
	}
	return errs.Errorf(errs.CodeConflict, msg).With(map[string]any{"vendorId": v.ID})
}

// Checkout turns a cart into one order per vendor: priced from the store's own data
// (a discount code once the rest is valid), stock and code uses taken atomically for
// all of them or none. A card checkout holds its units for domain.HoldFor and opens
// one Stripe payment per order, each carrying the 7% platform fee; a pay-at-pickup
// order is confirmed at once.
func (s *Service) Checkout(ctx context.Context, u *auth.User, req CheckoutRequest) ([]domain.Order, error) {
	if len(req.Items) > domain.MaxLinesPerCheckout {
		// Refused before reading the lines: one bad field, not thousands.
		return nil, errs.Invalid(map[string]string{"items": fmt.Sprintf("at most %d lines per checkout", domain.MaxLinesPerCheckout)})
	}
	email, err := emailaddr.Normalize(u.Email)
	if err != nil {
		return nil, errs.Errorf(errs.CodeConflict, "Your account has no usable e-mail address for the receipt.")
	}
	ids := make([]string, 0, len(req.Items))
	for _, it := range req.Items {
		if it.VariantID != "" && len(it.VariantID) <= 64 {
			ids = append(ids, it.VariantID)
		}
	}
	offers, err := s.store.Offers(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := s.now()
	cart, err := domain.PriceCart(domain.Checkout{Items: req.Items, Fulfillment: req.Fulfillment, Method: req.Method,
		Address: req.Address, PickupPoints: req.PickupPoints}, offers, now)
	if err != nil {
		return nil, err
	}
	if cart.Method == domain.PayCard {
		if !s.CardEnabled() {
			return nil, payments.ErrCardPaymentsOff
		}
		for _, q := range cart.Quotes {
			if !q.Vendor.CanCharge() {
				return nil, errCardNotReady(q.Vendor)
			}
		}
	}
	if code := domain.NormalizeCode(req.DiscountCode); code != "" {
		if err := s.applyCode(ctx, u, &cart, code, now); err != nil {
			return nil, err
		}
	}
	orders := newOrders(cart, u, email, now)
	limits := make(map[string]holds.Limit, len(cart.Quotes))
	for _, q := range cart.Quotes {
		limits[q.Vendor.ID] = domain.HoldLimit(q.Vendor)
	}
	if err := s.place(ctx, orders, limits, now); err != nil {
		return nil, refusal(err, limits, orders, now)
	}
	if cart.Method != domain.PayCard {
		s.kickMail()
		return orders, nil
	}
	for i := range orders {
		if err := s.openCheckout(ctx, &orders[i]); err != nil {
			// No payment page, no hold: every order of the checkout goes back.
			for _, o := range orders {
				if _, cerr := s.store.CloseUnpaid(context.WithoutCancel(ctx), o.ID, domain.PaymentVoided,
					"The card payment could not be started.", s.now()); cerr != nil {
					s.log.ErrorContext(ctx, "releasing the stock of a checkout that failed", "order", o.ID, "error", cerr.Error())
				}
			}
			return nil, err
		}
	}
	return orders, nil
}

// place stores the orders; a pay-at-pickup order is confirmed at once, so its
// e-mail is enqueued in the same transaction.
func (s *Service) place(ctx context.Context, orders []domain.Order, limits map[string]holds.Limit, now time.Time) error {
	if orders[0].Method == domain.PayCard {
		return s.store.PlaceOrders(ctx, orders, limits, now)
	}
	msgs := make([]mail.Message, len(orders)) // composed before the transaction, which SQLite runs alone
	for i, o := range orders {
		msgs[i] = s.confirmationMail(o)
	}
	return s.inTx(ctx, func(st Store) error {
		for _, m := range msgs {
			if err := st.EnqueueMail(ctx, m); err != nil {
				return err
			}
		}
		return st.PlaceOrders(ctx, orders, limits, now)
	})
}

// refusal answers why the store could not place the orders.
func refusal(err error, limits map[string]holds.Limit, orders []domain.Order, now time.Time) error {
	var short *domain.InsufficientError
	var held *domain.HoldLimitError
	switch {
	case errors.As(err, &short):
		return domain.Insufficient(short.Short)
	case errors.As(err, &held):
		units := 0
		for _, o := range orders {
			if o.VendorID == held.VendorID {
				units = o.Units()
			}
		}
		return limits[held.VendorID].Refusal(held.Held, units, now)
	case errors.Is(err, domain.ErrDiscountUsedUp):
		return domain.ErrDiscountUnavailable
	}
	return err
}

// newOrders makes one order per quote of the cart, its lines named and priced as
// they are now.
func newOrders(cart domain.Cart, u *auth.User, email string, now time.Time) []domain.Order {
	checkoutID := domain.NewID("chk")
	name := strings.TrimSpace(u.Name)
	if name == "" && cart.Address != nil {
		name = cart.Address.Name
	}
	out := make([]domain.Order, 0, len(cart.Quotes))
	for _, q := range cart.Quotes {
		o := domain.Order{ID: domain.NewID("ord"), Number: domain.NewOrderNumber(), CheckoutID: checkoutID,
			VendorID: q.Vendor.ID, VendorName: q.Vendor.Name, CustomerID: u.ID, CustomerName: name, CustomerEmail: email,
			Method: cart.Method, Fulfillment: cart.Fulfillment, FulfillmentStatus: domain.Unfulfilled,
			PaymentStatus: domain.PaymentPending, ShippingAddress: cart.Address, PickupPoint: q.PickupPoint,
			SubtotalCents: q.SubtotalCents, DiscountCents: q.DiscountCents, ShippingCents: q.ShippingCents,
			TaxCents: q.TaxCents, TotalCents: q.TotalCents, FeeCents: q.FeeCents, Currency: "usd",
			CreatedAt: now, UpdatedAt: now}
		if q.Discount != nil {
			o.DiscountID, o.DiscountCode = q.Discount.ID, q.Discount.Code
		}
		if cart.Fulfillment == domain.Pickup {
			o.PickupCode = domain.NewPickupCode()
		}
		if cart.Method == domain.PayCard {
			exp := now.Add(domain.HoldFor)
			o.HoldExpiresAt = &exp
		}
		for _, l := range q.Lines {
			img := l.Offer.Variant.ImageKey
			if img == "" && len(l.Offer.Product.Images) > 0 {
				img = l.Offer.Product.Images[0].Key
			}
			o.Lines = append(o.Lines, domain.OrderLine{ID: domain.NewID("lin"), OrderID: o.ID, VariantID: l.Offer.Variant.ID,
				ProductID: l.Offer.Product.ID, ProductName: l.Offer.Product.Name, ProductSlug: l.Offer.Product.Slug,
				VariantLabel: l.Offer.Variant.Label(l.Offer.Product.Options), SKU: l.Offer.Variant.SKU, ImageKey: img,
				UnitCents: l.UnitCents, Quantity: l.Quantity})
		}
		out = append(out, o)
	}
	return out
}

// openCheckout opens the Stripe payment page of one card order: a destination
// charge to the vendor's account carrying the platform fee, expiring with the hold.
func (s *Service) openCheckout(ctx context.Context, o *domain.Order) error {
	v, err := s.store.Vendor(ctx, o.VendorID)
	if err != nil {
		return err
	}
	var lines []payments.Line
	if o.DiscountCents == 0 {
		for _, l := range o.Lines {
			name := l.ProductName
			if l.VariantLabel != "" {
				name += " — " + l.VariantLabel
			}
			lines = append(lines, payments.Line{Name: name, UnitCents: l.UnitCents, Quantity: int64(l.Quantity)})
		}
		if o.ShippingCents > 0 {
			lines = append(lines, payments.Line{Name: "Shipping", UnitCents: o.ShippingCents, Quantity: 1})
		}
		if o.TaxCents > 0 {
			lines = append(lines, payments.Line{Name: "Sales tax", UnitCents: o.TaxCents, Quantity: 1})
		}
	} else {
		// Stripe lines cannot be negative: a discounted order is one line of its total.
		lines = []payments.Line{{Name: fmt.Sprintf("Order %s from %s (%d items, code %s)", o.Number, v.Name, o.Units(),
			o.DiscountCode), UnitCents: o.TotalCents, Quantity: 1}}
	}
	url := s.OrderURL(o.ID)
	cs, err := s.pay.CreateCheckout(ctx, payments.Checkout{
		ConnectedAccount: v.StripeAccount, Currency: o.Currency, Lines: lines, ApplicationFeeCents: o.FeeCents,
		SuccessURL: url + "?session={CHECKOUT_SESSION_ID}", CancelURL: url,
		ClientReferenceID: o.ID, CustomerEmail: o.CustomerEmail,
		Metadata:  map[string]string{"orderId": o.ID, "vendorId": o.VendorID, "orderNumber": o.Number},
		ExpiresAt: *o.HoldExpiresAt, IdempotencyKey: "checkout-" + o.ID,
	})
	if err != nil {
		return err
	}
	o.CheckoutSessionID, o.CheckoutURL, o.PaymentIntentID = cs.ID, cs.URL, cs.PaymentIntentID
	return s.store.SetCheckout(ctx, o.ID, cs.ID, cs.URL, cs.PaymentIntentID)
}
