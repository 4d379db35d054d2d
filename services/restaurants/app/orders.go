package app

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/restaurants/domain"
)

// PlaceOrder is a customer's order as they send it: no prices, the menu decides.
type PlaceOrder struct {
	RestaurantID  string
	Phone         string // where the kitchen can call the customer; optional
	Items         []domain.Requested
	PickupTime    time.Time
	PaymentMethod string
}

// A card order a restaurant cannot take is a CONFLICT, not VALIDATION_FAILED: "card"
// is a valid payment method and the request is well formed; what refuses it is the
// restaurant's payment setup now, which changes without the request changing.
var (
	errNoCard       = errs.Errorf(errs.CodeConflict, "This restaurant does not take card payments yet; choose pay at pickup.")
	errCardNotReady = errs.Errorf(errs.CodeConflict,
		"This restaurant is still setting up card payments with Stripe and cannot take cards yet; choose pay at pickup.")
	errClosed = errs.Errorf(errs.CodeConflict, "This restaurant is not taking orders.")
	errPaused = errs.Errorf(errs.CodeConflict, "This kitchen has paused online orders for a little while; please try again later or call them.")
	// errTooManyOpen is a CONFLICT, not RATE_LIMITED: waiting does not lift it; the
	// customer's open orders being picked up or cancelled does.
	errTooManyOpen = errs.Errorf(errs.CodeConflict, fmt.Sprintf("You already have %d orders here waiting to be paid at pickup; "+
		"pick one up before ordering again, or pay by card.", domain.MaxOpenAtPickup))
)

// checkoutLifetime is how long a card checkout stays open; an order whose checkout
// expires unpaid is cancelled by the checkout.session.expired event.
const checkoutLifetime = 35 * time.Minute

// Place prices and stores an order for u. A card order also opens a Stripe Checkout
// on the restaurant's connected account with the platform fee; it is paid only when
// the verified webhook says so.
func (s *Service) Place(ctx context.Context, u *auth.User, req PlaceOrder) (domain.Order, error) {
	if req.PaymentMethod != domain.PayByCard && req.PaymentMethod != domain.PayAtPickup {
		return domain.Order{}, errs.Invalid(map[string]string{"paymentMethod": "must be card or pay_at_pickup"})
	}
	r, err := s.store.Restaurant(ctx, req.RestaurantID)
	if err != nil {
		return domain.Order{}, notFound(err, "Restaurant")
	}
	if r.Status != domain.Approved {
		return domain.Order{}, errClosed
	}
	if r.OrderingPaused {
		return domain.Order{}, errPaused
	}
	phone, err := domain.CleanPhone(req.Phone)
	if err != nil {
		return domain.Order{}, err
	}
	if req.PaymentMethod == domain.PayByCard {
		if err := s.checkCard(ctx, r); err != nil {
			return domain.Order{}, err
		}
	}
	// Checked before the menu is read: each line becomes a query placeholder, and
	// databases cap those (SQLite at 32766), so a huge order would fail as a 500.
	if len(req.Items) > domain.MaxLines {
		return domain.Order{}, errs.Invalid(map[string]string{"items": fmt.Sprintf("may hold at most %d lines", domain.MaxLines)})
	}
	ids := make([]string, 0, len(req.Items))
	for _, it := range req.Items {
		ids = append(ids, it.MenuItemID)
	}
	menu, err := s.store.ItemsByID(ctx, r.ID, ids)
	if err != nil {
		return domain.Order{}, err
	}
	lines, subtotal, tax, err := domain.Price(req.Items, menu, r.TaxBasisPoints)
	if err != nil {
		return domain.Order{}, err
	}
	hours, err := s.store.Hours(ctx, r.ID)
	if err != nil {
		return domain.Order{}, err
	}
	now := s.now()
	if err := hours.CheckPickup(req.PickupTime, now); err != nil {
		return domain.Order{}, err
	}
	o := domain.Order{ID: domain.NewID("ord"), RestaurantID: r.ID, RestaurantName: r.Name, CustomerID: u.ID,
		CustomerEmail: u.Email, CustomerName: u.Name, CustomerPhone: phone, Status: domain.OrderPending, PaymentMethod: req.PaymentMethod,
		PaymentStatus: domain.PaymentAtPickup, SubtotalCents: subtotal, TaxCents: tax, TotalCents: subtotal + tax,
		Currency: domain.Currency, PickupTime: req.PickupTime.UTC().Truncate(time.Second), Lines: lines,
		CreatedAt: now, UpdatedAt: now}
	if req.PaymentMethod == domain.PayByCard {
		o.PaymentStatus = domain.PaymentAwaiting
		o.PlatformFeeCents = payments.PercentFee(o.TotalCents, PlatformFeeBasisPoints)
	}
	if err := s.inTx(ctx, func(st Store) error { return s.createOrder(ctx, st, &o) }); err != nil {
		return domain.Order{}, notFound(err, "Restaurant")
	}
	if req.PaymentMethod == domain.PayByCard {
		if err := s.startCheckout(ctx, r, &o); err != nil {
			// Nothing of a failed placement stays: the customer may simply try again.
			if derr := s.store.DeleteOrder(context.WithoutCancel(ctx), o.ID); derr != nil {
				s.log.Error("removing an order whose checkout failed", slog.String("order", o.ID), slog.String("error", derr.Error()))
			}
			return domain.Order{}, err
		}
	}
	if req.PaymentMethod == domain.PayAtPickup {
		s.KickMail()
	}
	s.publish(ctx, o, "created")
	return o, nil
}

// createOrder stores o through st, the store bound to the placing transaction; a
// pay-at-pickup order is confirmed by e-mail in that same transaction (a card order
// is confirmed once it is paid). The open pay-at-pickup orders are counted after
// CreateOrder, which holds the restaurant's row until the commit: two placements at
// once cannot both pass the limit.
func (s *Service) createOrder(ctx context.Context, st Store, o *domain.Order) error {
	if err := st.CreateOrder(ctx, o); err != nil {
		return err
	}
	if o.PaymentMethod != domain.PayAtPickup {
		return nil
	}
	open, err := st.OpenAtPickup(ctx, o.RestaurantID, o.CustomerID)
	if err != nil {
		return err
	}
	if open > domain.MaxOpenAtPickup {
		return errTooManyOpen
	}
	return s.enqueueConfirmation(ctx, st, *o)
}

func (s *Service) startCheckout(ctx context.Context, r domain.Restaurant, o *domain.Order) error {
	var lines []payments.Line
	for _, l := range o.Lines {
		lines = append(lines, payments.Line{Name: l.Name, UnitCents: l.UnitCents, Quantity: l.Quantity})
	}
	if o.TaxCents > 0 {
		lines = append(lines, payments.Line{Name: "Sales tax", UnitCents: o.TaxCents, Quantity: 1})
	}
	back := strings.TrimRight(s.portalURL, "/") + "/me?order=" + o.ID
	cs, err := s.pay.CreateCheckout(ctx, payments.Checkout{
		ConnectedAccount: r.StripeAccount, Currency: o.Currency, Lines: lines,
		ApplicationFeeCents: o.PlatformFeeCents, SuccessURL: back + "&paid=1", CancelURL: back,
		ClientReferenceID: o.ID, CustomerEmail: o.CustomerEmail,
		Metadata:       map[string]string{"orderId": o.ID, "restaurantId": r.ID, "orderNumber": o.Number},
		ExpiresAt:      s.now().Add(checkoutLifetime),
		IdempotencyKey: "order-checkout-" + o.ID,
	})
	if err != nil {
		return err
	}
	o.CheckoutSessionID, o.CheckoutURL = cs.ID, cs.URL
	return notFound(s.store.SetCheckout(ctx, o.ID, cs.ID, cs.URL, s.now()), "Order")
}

// Order shows an order to its customer, its restaurant's team, or an admin.
func (s *Service) Order(ctx context.Context, u *auth.User, id string) (domain.Order, error) {
	o, err := s.store.Order(ctx, id)
	if err != nil {
		return o, notFound(err, "Order")
	}
	if o.CustomerID == u.ID || u.Has(auth.RoleAdmin) {
		return o, nil
	}
	if _, _, err := s.team(ctx, u, o.RestaurantID, false); err != nil {
		// Strangers learn nothing, not even that the order exists.
		return domain.Order{}, errs.NotFound("Order")
	}
	return o, nil
}

// MyOrders lists u's own orders, newest first.
func (s *Service) MyOrders(ctx context.Context, u *auth.User, page Page) ([]domain.Order, int, error) {
	return s.store.Orders(ctx, domain.OrderFilter{CustomerID: u.ID, Limit: page.Limit, Offset: page.Offset})
}

// RestaurantOrders lists a restaurant's orders for its team, by pickup time.
func (s *Service) RestaurantOrders(ctx context.Context, u *auth.User, restaurantID string, statuses []domain.OrderStatus, page Page) ([]domain.Order, int, error) {
	if _, _, err := s.team(ctx, u, restaurantID, true); err != nil {
		return nil, 0, err
	}
	return s.store.Orders(ctx, domain.OrderFilter{RestaurantID: restaurantID, Statuses: statuses,
		Limit: page.Limit, Offset: page.Offset, OldestFirst: true})
}

var (
	errAwaitingPayment = errs.Errorf(errs.CodeInvalidTransition, "This card order is not paid yet; it can be confirmed once payment arrives.")
	errNothingPaid     = errs.Errorf(errs.CodeInvalidTransition, "Nothing was paid for this order, so there is nothing to refund.")
)

// StatusChange is a move of an order and what comes with it: the kitchen's quote of
// minutes until it is ready when confirming (0: the restaurant's usual prep time),
// and the reason for a cancellation, which the customer reads.
type StatusChange struct {
	To          domain.OrderStatus
	PrepMinutes int
	Reason      string
}

// ChangeStatus moves an order along the state machine as u's role allows. A refund of
// a card order goes through Stripe first; the order changes only when Stripe accepts.
// Confirming quotes a ready time; an order that becomes ready is announced to its
// customer by e-mail, in the same transaction as the move.
func (s *Service) ChangeStatus(ctx context.Context, u *auth.User, id string, c StatusChange) (domain.Order, error) {
	to := c.To
	o, err := s.store.Order(ctx, id)
	if err != nil {
		return o, notFound(err, "Order")
	}
	_, role, err := s.team(ctx, u, o.RestaurantID, false)
	if err != nil {
		if o.CustomerID == u.ID {
			return domain.Order{}, errs.Errorf(errs.CodeForbidden, "Only the restaurant can change an order's status.")
		}
		return domain.Order{}, errs.NotFound("Order")
	}
	if err := domain.CheckTransition(o.Status, to, role); err != nil {
		return domain.Order{}, err
	}
	reason, err := domain.CleanReason(c.Reason)
	if err != nil {
		return domain.Order{}, err
	}
	m := domain.Move{From: o.Status, To: to}
	switch to {
	case domain.OrderConfirmed:
		if o.PaymentMethod == domain.PayByCard && o.PaymentStatus != domain.PaymentPaid {
			return domain.Order{}, errAwaitingPayment
		}
		prep := c.PrepMinutes
		if prep == 0 {
			r, err := s.store.Restaurant(ctx, o.RestaurantID)
			if err != nil {
				return domain.Order{}, notFound(err, "Restaurant")
			}
			prep = r.PrepMinutes
		}
		if err := domain.CheckPrep("prepMinutes", prep); err != nil {
			return domain.Order{}, err
		}
		m.ReadyAt = s.now().Add(time.Duration(prep) * time.Minute)
	case domain.OrderCompleted:
		if o.PaymentMethod == domain.PayAtPickup {
			m.Pay = domain.PaymentPaid // collected at the counter
		}
	case domain.OrderCancelled:
		if o.PaymentStatus == domain.PaymentAwaiting || o.PaymentStatus == domain.PaymentAtPickup {
			m.Pay = domain.PaymentNotCollected
		}
		m.Reason = reason
	case domain.OrderRefunded:
		if o.PaymentStatus != domain.PaymentPaid {
			return domain.Order{}, errNothingPaid
		}
		m.Pay = domain.PaymentRefunded
		if o.PaymentMethod == domain.PayByCard {
			if _, err := s.pay.Refund(ctx, o.PaymentIntentID, 0, "refund-"+o.ID); err != nil {
				return domain.Order{}, err
			}
			m.Pay = domain.PaymentRefundPending // settled by charge.refunded
		}
	}
	mailed := false
	err = s.inTx(ctx, func(st Store) error {
		var err error
		if o, err = st.ChangeStatus(ctx, id, m, s.now()); err != nil {
			return err
		}
		if mail, ok := statusMail(o); ok {
			mailed = true
			return st.EnqueueMail(ctx, mail)
		}
		return nil
	})
	if err != nil {
		return o, notFound(errs.Answer(err, domain.ErrChanged, errOrderChanged), "Order")
	}
	if mailed {
		s.KickMail()
	}
	s.publish(ctx, o, "status")
	return o, nil
}

func (s *Service) publish(ctx context.Context, o domain.Order, kind string) {
	if s.hub != nil {
		s.hub.Publish(ctx, OrderEvent{RestaurantID: o.RestaurantID, OrderID: o.ID, OrderNumber: o.Number,
			Status: string(o.Status), Kind: kind})
	}
}
