package app

import (
	"context"
	"crypto/subtle"
	"errors"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/mail"
	"stepperslife/services/store/domain"
)

// OrderView is an order with what the caller may do with it.
type OrderView struct {
	Order domain.Order
	// Buyer: the caller placed it; Role: the caller's role at its vendor, if any.
	Buyer bool
	Role  domain.MemberRole
}

// Order shows an order to its buyer, to its vendor's team and to admins; to anyone
// else it does not exist.
func (s *Service) Order(ctx context.Context, u *auth.User, id string) (OrderView, error) {
	o, err := s.store.Order(ctx, id)
	if err != nil {
		return OrderView{}, notFound(err, "Order")
	}
	view := OrderView{Order: o, Buyer: u != nil && o.CustomerID == u.ID}
	v, err := s.store.Vendor(ctx, o.VendorID)
	if err != nil {
		return OrderView{}, err
	}
	if view.Role, err = s.RoleAt(ctx, v, u); err != nil {
		return OrderView{}, err
	}
	if !view.Buyer && view.Role == "" && !u.Has(auth.RoleAdmin) {
		return OrderView{}, errOrderNotFound
	}
	return view, nil
}

// OrderList is one page of orders.
type OrderList struct {
	Items []domain.Order
	Total int
}

// MyOrders lists the orders u placed, newest first.
func (s *Service) MyOrders(ctx context.Context, u *auth.User, page Page) (OrderList, error) {
	items, total, err := s.store.Orders(ctx, domain.OrderFilter{CustomerID: u.ID, Limit: page.Limit, Offset: page.Offset})
	return OrderList{items, total}, err
}

// VendorOrders lists a vendor's orders, newest first, for its team and admins.
func (s *Service) VendorOrders(ctx context.Context, u *auth.User, vendorID string, f domain.OrderFilter) (OrderList, error) {
	if _, _, err := s.team(ctx, u, vendorID, domain.RoleStaff, true); err != nil {
		return OrderList{}, err
	}
	f.VendorID, f.CustomerID = vendorID, ""
	items, total, err := s.store.Orders(ctx, f)
	return OrderList{items, total}, err
}

// teamOrder loads an order for a team member of its vendor of at least min. Its
// buyer, who may see it but not do this, is told so; anyone else is told it does
// not exist.
func (s *Service) teamOrder(ctx context.Context, u *auth.User, id string, min domain.MemberRole) (domain.Order, error) {
	o, err := s.store.Order(ctx, id)
	if err != nil {
		return o, notFound(err, "Order")
	}
	if _, _, err := s.team(ctx, u, o.VendorID, min, false); err != nil {
		if errors.Is(err, errNotTeam) && o.CustomerID != u.ID && !u.Has(auth.RoleAdmin) {
			return o, errOrderNotFound
		}
		return o, err
	}
	return o, nil
}

// Ship records that a shipped order left, with its carrier and tracking number, and
// e-mails the buyer the tracking link (anyone on the team).
func (s *Service) Ship(ctx context.Context, u *auth.User, id string, sh domain.Shipment) (domain.Order, error) {
	if err := sh.Normalize(); err != nil {
		return domain.Order{}, err
	}
	o, err := s.teamOrder(ctx, u, id, domain.RoleStaff)
	if err != nil {
		return o, err
	}
	return s.move(ctx, o, domain.Shipped, &sh, s.shippedMail)
}

// ReadyForPickup tells the buyer a pickup order waits for them (anyone on the team).
func (s *Service) ReadyForPickup(ctx context.Context, u *auth.User, id string) (domain.Order, error) {
	o, err := s.teamOrder(ctx, u, id, domain.RoleStaff)
	if err != nil {
		return o, err
	}
	return s.move(ctx, o, domain.ReadyForPickup, nil, s.readyMail)
}

// Deliver records that a shipped order arrived (anyone on the team).
func (s *Service) Deliver(ctx context.Context, u *auth.User, id string) (domain.Order, error) {
	o, err := s.teamOrder(ctx, u, id, domain.RoleStaff)
	if err != nil {
		return o, err
	}
	return s.move(ctx, o, domain.Delivered, nil, nil)
}

var errWrongPickupCode = errs.Errorf(errs.CodeConflict, "This is not the pickup code of this order.")

// PickedUp records that the buyer collected a pickup order, on the code they showed
// (anyone on the team); a pay-at-pickup order is paid then.
func (s *Service) PickedUp(ctx context.Context, u *auth.User, id, code string) (domain.Order, error) {
	o, err := s.teamOrder(ctx, u, id, domain.RoleStaff)
	if err != nil {
		return o, err
	}
	if o.PickupCode != "" {
		c := domain.NormalizePickupCode(code)
		if c == "" || subtle.ConstantTimeCompare([]byte(c), []byte(o.PickupCode)) != 1 {
			return o, errWrongPickupCode
		}
	}
	return s.move(ctx, o, domain.PickedUp, nil, nil)
}

// ScanPickup finds the vendor's order whose pickup code a scanner read and records
// it collected (anyone on the team).
func (s *Service) ScanPickup(ctx context.Context, u *auth.User, vendorID, code string) (domain.Order, error) {
	if _, _, err := s.team(ctx, u, vendorID, domain.RoleStaff, false); err != nil {
		return domain.Order{}, err
	}
	c := domain.NormalizePickupCode(code)
	if c == "" {
		return domain.Order{}, errs.NotFound("Order with this pickup code")
	}
	o, err := s.store.OrderByPickupCode(ctx, vendorID, c)
	if err != nil {
		return o, notFound(err, "Order with this pickup code")
	}
	return s.PickedUp(ctx, u, o.ID, c)
}

// move takes o from where it is to `to` in one transaction with the e-mail that
// announces it (when compose is set); an order moved meanwhile is CONFLICT.
func (s *Service) move(ctx context.Context, o domain.Order, to domain.FulfillmentStatus, sh *domain.Shipment,
	compose func(domain.Order) mail.Message) (domain.Order, error) {
	pay, err := o.Move(to)
	if err != nil {
		return o, err
	}
	var moved domain.Order
	err = s.inTx(ctx, func(st Store) error {
		if err := st.Fulfil(ctx, o.ID, o.FulfillmentStatus, o.PaymentStatus, to, pay, sh, s.now()); err != nil {
			return err
		}
		var err error
		if moved, err = st.Order(ctx, o.ID); err != nil || compose == nil {
			return err
		}
		return st.EnqueueMail(ctx, compose(moved))
	})
	if err != nil {
		return o, answer(err, domain.ErrChanged, errOrderChanged)
	}
	if compose != nil {
		s.kickMail()
	}
	return moved, nil
}

// MaxCancelReasonLen bounds what a cancellation says.
const MaxCancelReasonLen = 500

// Cancel cancels an order before it leaves the vendor: its units and code use go
// back, and a card payment is refunded in full (with the platform fee and the
// transfer to the vendor reversed). The owner or a manager may cancel any open
// order; its buyer, one not paid yet.
func (s *Service) Cancel(ctx context.Context, u *auth.User, id, reason string) (domain.Order, error) {
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > MaxCancelReasonLen {
		return domain.Order{}, errs.Invalid(map[string]string{"reason": "must be at most 500 characters"})
	}
	o, err := s.store.Order(ctx, id)
	if err != nil {
		return o, notFound(err, "Order")
	}
	if _, _, terr := s.team(ctx, u, o.VendorID, domain.RoleManager, false); terr != nil {
		switch {
		case o.CustomerID != u.ID && errors.Is(terr, errNotTeam) && !u.Has(auth.RoleAdmin):
			return o, errOrderNotFound
		case o.CustomerID != u.ID:
			return o, terr
		case o.PaymentStatus != domain.PaymentPending:
			return o, errs.Errorf(errs.CodeForbidden, "This order is paid; ask "+o.VendorName+" to cancel it.")
		}
		if reason == "" {
			reason = "Cancelled by the buyer."
		}
	}
	pay, err := o.Move(domain.Cancelled)
	if err != nil {
		return o, err
	}
	if o.Holding() && o.CheckoutSessionID != "" && s.CardEnabled() {
		// The payment page closes, so the buyer cannot pay for what is cancelled; a
		// payment already under way is refunded when its webhook comes.
		if err := s.pay.ExpireCheckout(ctx, o.CheckoutSessionID); err != nil {
			s.log.WarnContext(ctx, "closing the card checkout of a cancelled order", "order", o.ID, "error", err.Error())
		}
	}
	refund := int64(0)
	if o.PaymentStatus.Collected() {
		refund = o.Refundable()
		if err := s.refundMoney(ctx, o, refund, "cancel-"+o.ID); err != nil {
			return o, err
		}
	}
	var moved domain.Order
	err = s.inTx(ctx, func(st Store) error {
		now := s.now()
		if err := st.Fulfil(ctx, o.ID, o.FulfillmentStatus, o.PaymentStatus, domain.Cancelled, pay, nil, now); err != nil {
			return err
		}
		if refund > 0 {
			if err := st.RecordRefund(ctx, o.ID, o.RefundedCents, refund, false, now); err != nil {
				return err
			}
		}
		var err error
		if moved, err = st.Order(ctx, o.ID); err != nil {
			return err
		}
		moved.CancelReason = reason
		return st.EnqueueMail(ctx, s.cancelledMail(moved))
	})
	if err != nil {
		return o, answer(err, domain.ErrChanged, errOrderChanged)
	}
	s.kickMail()
	return moved, nil
}

// Refund gives money back on a paid order, all that is left or amount of it (the
// owner only): by card through Stripe, with the platform fee and the transfer to
// the vendor reversed; paid at pickup, as the vendor hands it back. With restock the
// order's items go back on sale.
func (s *Service) Refund(ctx context.Context, u *auth.User, id string, amount *int64, restock bool) (domain.Order, error) {
	o, err := s.teamOrder(ctx, u, id, domain.RoleOwner)
	if err != nil {
		return o, err
	}
	if !o.PaymentStatus.Collected() {
		return o, errs.Errorf(errs.CodeInvalidTransition, "Only paid orders are refunded; cancel an unpaid one instead.").
			With(map[string]any{"paymentStatus": string(o.PaymentStatus)})
	}
	give := o.Refundable()
	if amount != nil {
		if *amount < 1 || *amount > give {
			return o, errs.Invalid(map[string]string{"amountCents": "must be from 1 to " + itoa(int(give)) + " (what is left to refund)"})
		}
		give = *amount
	}
	if err := s.refundMoney(ctx, o, give, "refund-"+o.ID+"-"+itoa(int(o.RefundedCents))+"-"+itoa(int(give))); err != nil {
		return o, err
	}
	var done domain.Order
	err = s.inTx(ctx, func(st Store) error {
		if err := st.RecordRefund(ctx, o.ID, o.RefundedCents, give, restock, s.now()); err != nil {
			return err
		}
		var err error
		if done, err = st.Order(ctx, o.ID); err != nil {
			return err
		}
		return st.EnqueueMail(ctx, s.refundMail(done, give))
	})
	if err != nil {
		return o, answer(err, domain.ErrChanged, errOrderChanged)
	}
	s.kickMail()
	return done, nil
}

// refundMoney gives amount of a card order back through Stripe before anything is
// recorded: a Stripe failure changes nothing here, and a retry reuses the key, so the
// money goes back once.
func (s *Service) refundMoney(ctx context.Context, o domain.Order, amount int64, key string) error {
	if o.Method != domain.PayCard || amount <= 0 {
		return nil
	}
	if o.PaymentIntentID == "" {
		return errs.Errorf(errs.CodeConflict, "This card order has no payment to refund yet.")
	}
	if !s.CardEnabled() {
		return errs.Errorf(errs.CodeUnavailable, "Card payments are off here, so the card cannot be refunded now.")
	}
	_, err := s.pay.Refund(ctx, o.PaymentIntentID, amount, key)
	return err
}
