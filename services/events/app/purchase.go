package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/holds"
	"stepperslife/internal/kit/outbox"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/events/domain"
)

// PurchaseRequest is what a buyer sends.
type PurchaseRequest struct {
	EventID       string
	Items         []domain.Item
	Method        domain.PaymentMethod
	AttendeeName  string
	AttendeeEmail string
	DiscountCode  string
}

// errCardNotReady refuses a card purchase up front when the organizer cannot take
// charges yet: nothing is down, so it is a CONFLICT with the event's state, not a 503.
var errCardNotReady = errs.Errorf(errs.CodeConflict,
	"This event cannot take card payments yet; please choose cash at the door.")

// Purchase prices the order server-side (a discount code only once the rest of the
// order is valid), takes its seats atomically and, for card,
// opens a Stripe checkout on the organizer's account. Free orders complete at once;
// card and cash orders hold their seats until domain.HoldUntil.
func (s *Events) Purchase(ctx context.Context, u *auth.User, req PurchaseRequest) (domain.Order, error) {
	name := strings.TrimSpace(req.AttendeeName)
	if name == "" {
		name = u.Name
	}
	email := req.AttendeeEmail
	if strings.TrimSpace(email) == "" {
		email = u.Email
	}
	email, ok := domain.NormalizeEmail(email)
	bad := map[string]string{}
	if !ok {
		bad["attendee.email"] = "is not an e-mail address"
	}
	if name == "" || len(name) > 200 {
		bad["attendee.name"] = "is required (at most 200 characters)"
	}
	if strings.TrimSpace(req.EventID) == "" {
		bad["eventId"] = "is required"
	}
	if len(bad) > 0 {
		return domain.Order{}, errs.Invalid(bad)
	}
	ev, tierList, err := s.store.EventForSale(ctx, req.EventID)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.Order{}, errEventNotFound
	} else if err != nil {
		return domain.Order{}, err
	}
	tiers := make(map[string]domain.Tier, len(tierList))
	for _, t := range tierList {
		tiers[t.ID] = t
	}
	now := s.now()
	q, err := domain.PriceLines(ev, tiers, req.Items, req.Method, now)
	if err != nil {
		return domain.Order{}, err
	}
	var account string
	if q.Method == domain.PayCard {
		if !s.CardEnabled() {
			return domain.Order{}, payments.ErrCardPaymentsOff
		}
		acct, err := s.store.StripeAccount(ctx, ev.OrganizerID)
		if err != nil {
			return domain.Order{}, err
		}
		if !acct.CanCharge() {
			return domain.Order{}, errCardNotReady
		}
		account = acct.ID
	}
	if code := domain.NormalizeCodeName(req.DiscountCode); code != "" {
		if err := s.applyCode(ctx, u, ev, &q, code, now); err != nil {
			return domain.Order{}, err
		}
	}
	if q, err = q.Settle(); err != nil {
		return domain.Order{}, err
	}
	o := newOrder(ev, u, name, email, q, now)
	limit := domain.HoldLimit(tierList)
	if err := s.placeOrder(ctx, o, q, limit, ev, tierList, now); err != nil {
		return domain.Order{}, seatRefusal(err, limit, len(o.Tickets), now)
	}
	switch q.Method {
	case domain.PayFree:
		s.kickMail()
	case domain.PayCard:
		if err := s.openCheckout(ctx, &o, ev, q, account); err != nil {
			// No checkout, no hold: the seats go back at once.
			if _, cerr := s.store.CloseOrder(context.WithoutCancel(ctx), o.ID, domain.OrderFailed, s.now()); cerr != nil {
				s.log.ErrorContext(ctx, "releasing seats of a failed checkout", "order", o.ID, "error", cerr.Error())
			}
			return domain.Order{}, err
		}
	}
	return o, nil
}

// errNotOnSale answers a purchase that reached a tier closed meanwhile.
var errNotOnSale = errs.Errorf(errs.CodeConflict, "This event is not on sale.")

// seatRefusal answers why the store could not take an order's seats (tickets of
// them, under limit), or its discount use.
func seatRefusal(err error, limit holds.Limit, tickets int, now time.Time) error {
	var sold *domain.SoldOutError
	var held *domain.HoldLimitError
	switch {
	case errors.As(err, &sold):
		return domain.SoldOut(sold.Tier)
	case errors.As(err, &held):
		return limit.Refusal(held.Held, tickets, now)
	case errors.Is(err, domain.ErrTierClosed):
		return errNotOnSale
	case errors.Is(err, domain.ErrDiscountUsedUp):
		return domain.ErrDiscountUnavailable
	}
	return err
}

// placeOrder stores the order; a free order is complete at once, so its tickets'
// e-mail is enqueued in the same transaction. The mail goes in first: the hot tier
// row is then locked only for the seat-taking statement and the commit.
func (s *Events) placeOrder(ctx context.Context, o domain.Order, q domain.Quote, limit holds.Limit, ev domain.Event, tiers []domain.Tier, now time.Time) error {
	if o.Status != domain.OrderCompleted {
		return s.store.PlaceOrder(ctx, o, q, limit, now)
	}
	m := s.ticketMail(o, ev, tiers) // composed before the transaction, which SQLite runs alone
	return s.inTx(ctx, func(st Store, tx *sql.Tx) error {
		if err := outbox.Enqueue(ctx, tx, m); err != nil {
			return err
		}
		return st.PlaceOrder(ctx, o, q, limit, now)
	})
}

func newOrder(ev domain.Event, u *auth.User, name, email string, q domain.Quote, now time.Time) domain.Order {
	o := domain.Order{ID: domain.NewID(), EventID: ev.ID, BuyerID: u.ID, BuyerName: name, BuyerEmail: email,
		Method: q.Method, SubtotalCents: q.SubtotalCents, DiscountCents: q.DiscountCents, TotalCents: q.TotalCents,
		FeeCents: q.FeeCents, Currency: "usd", CreatedAt: now}
	if q.Discount != nil {
		o.DiscountID = q.Discount.ID
	}
	ticketStatus := domain.TicketPending
	switch q.Method {
	case domain.PayFree:
		o.Status, o.CompletedAt, ticketStatus = domain.OrderCompleted, &now, domain.TicketValid
	case domain.PayCard:
		o.Status = domain.OrderPending
	case domain.PayCash:
		o.Status = domain.OrderPendingPayment
	}
	if o.Status.Holding() {
		exp := domain.HoldUntil(q.Method, ev, now)
		o.HoldExpiresAt = &exp
	}
	for _, l := range q.Lines {
		for range l.Quantity {
			o.Tickets = append(o.Tickets, domain.Ticket{ID: domain.NewID(), Code: domain.NewTicketCode(), OrderID: o.ID,
				EventID: ev.ID, TierID: l.Tier.ID, OwnerID: u.ID, AttendeeName: name, AttendeeEmail: email,
				PriceCents: l.UnitCents, Status: ticketStatus, CreatedAt: now})
		}
	}
	return o
}

func (s *Events) openCheckout(ctx context.Context, o *domain.Order, ev domain.Event, q domain.Quote, account string) error {
	var lines []payments.Line
	if q.DiscountCents == 0 {
		for _, l := range q.Lines {
			if l.UnitCents == 0 {
				continue // free tickets in a paid order: Stripe refuses a zero-priced line
			}
			lines = append(lines, payments.Line{Name: ev.Title + " — " + l.Tier.Name, UnitCents: l.UnitCents, Quantity: int64(l.Quantity)})
		}
	} else {
		// Stripe lines cannot be negative: a discounted order is one line of its total.
		lines = []payments.Line{{Name: fmt.Sprintf("%s — %d tickets (code %s)", ev.Title, q.Tickets, q.Discount.Code),
			UnitCents: q.TotalCents, Quantity: 1}}
	}
	orderURL := s.publicURL + "/orders/" + o.ID
	cs, err := s.pay.CreateCheckout(ctx, payments.Checkout{
		ConnectedAccount: account, Currency: o.Currency, Lines: lines, ApplicationFeeCents: q.FeeCents,
		SuccessURL: orderURL + "?session={CHECKOUT_SESSION_ID}", CancelURL: orderURL,
		ClientReferenceID: o.ID, CustomerEmail: o.BuyerEmail,
		Metadata:  map[string]string{"orderId": o.ID, "eventId": ev.ID},
		ExpiresAt: *o.HoldExpiresAt, IdempotencyKey: "checkout-" + o.ID,
	})
	if err != nil {
		return err
	}
	o.CheckoutSessionID, o.CheckoutURL, o.PaymentIntentID = cs.ID, cs.URL, cs.PaymentIntentID
	return s.store.SetCheckout(ctx, o.ID, cs.ID, cs.URL, cs.PaymentIntentID)
}
