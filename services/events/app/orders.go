package app

import (
	"context"
	"database/sql"
	"errors"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/events/domain"
)

var errOrderNotFound = errs.NotFound("Order")

// Order shows an order to its buyer, or to the event's organizer or staff.
func (s *Events) Order(ctx context.Context, u *auth.User, id string) (domain.Order, error) {
	o, err := s.order(ctx, id)
	if err != nil {
		return o, err
	}
	if o.BuyerID == u.ID {
		return o, nil
	}
	if _, err := s.scannable(ctx, u, o.EventID); err != nil {
		return domain.Order{}, errOrderNotFound
	}
	return o, nil
}

func (s *Events) order(ctx context.Context, id string) (domain.Order, error) {
	o, err := s.store.OrderByID(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return o, errOrderNotFound
	}
	return o, err
}

// ApproveCash records that a cash order was paid: the organizer or staff approves.
func (s *Events) ApproveCash(ctx context.Context, u *auth.User, id string) (domain.Order, error) {
	o, err := s.order(ctx, id)
	if err != nil {
		return o, err
	}
	if _, err := s.scannable(ctx, u, o.EventID); err != nil {
		if o.BuyerID == u.ID {
			return o, auth.ErrForbidden
		}
		return o, errOrderNotFound
	}
	if o.Method != domain.PayCash {
		return o, errs.Errorf(errs.CodeInvalidTransition, "Only cash orders are approved by hand.")
	}
	ok := false
	err = s.inTx(ctx, func(st Store, tx *sql.Tx) error {
		var err error
		if ok, err = st.CompleteOrder(ctx, id, "", s.now()); err != nil || !ok {
			return err
		}
		return s.enqueueTicketMailOf(ctx, st, tx, id)
	})
	if err != nil {
		return o, err
	}
	if !ok {
		return o, errs.Errorf(errs.CodeInvalidTransition, "This order is "+string(o.Status)+", not waiting for cash.").
			With(map[string]any{"status": string(o.Status)})
	}
	s.kickMail()
	return s.store.OrderByID(ctx, id)
}

// Refund refunds a completed order (through Stripe for card orders): its unused
// tickets become REFUNDED and their seats go back on sale.
func (s *Events) Refund(ctx context.Context, u *auth.User, id string) (domain.Order, error) {
	return s.RefundBecause(ctx, u, id, "")
}

// RefundBecause is Refund with the reason the refunder gave, kept with who refunded
// and when in the audit trail, in the transaction that records the refund.
func (s *Events) RefundBecause(ctx context.Context, u *auth.User, id, reason string) (domain.Order, error) {
	reason, err := audit.Reason(reason, false)
	if err != nil {
		return domain.Order{}, err
	}
	o, err := s.order(ctx, id)
	if err != nil {
		return o, err
	}
	if _, err := s.managed(ctx, u, o.EventID); err != nil {
		if _, serr := s.scannable(ctx, u, o.EventID); serr == nil || o.BuyerID == u.ID {
			return o, auth.ErrForbidden // may see the order, may not refund it
		}
		return o, errOrderNotFound
	}
	if o.Status != domain.OrderCompleted {
		return o, errs.Errorf(errs.CodeInvalidTransition, "Only completed orders can be refunded; this one is "+string(o.Status)+".").
			With(map[string]any{"status": string(o.Status)})
	}
	if _, err := s.refundRecorded(ctx, o, u, reason); err != nil {
		return o, err
	}
	return s.store.OrderByID(ctx, id)
}

// SubjectOrder is the audit trail's kind for an order.
const SubjectOrder = "order"

// refundRecorded is refund with an entry in the audit trail, written in the
// transaction that marks the order refunded: a refund the database did not record
// is not in the trail either.
func (s *Events) refundRecorded(ctx context.Context, o domain.Order, u *auth.User, reason string) (bool, error) {
	if err := s.chargeBack(ctx, o); err != nil {
		return false, err
	}
	done := false
	err := s.inTx(ctx, func(st Store, _ *sql.Tx) error {
		now := s.now()
		var err error
		if done, err = st.RefundOrder(ctx, o.ID, now); err != nil || !done {
			return err
		}
		return st.RecordAudit(ctx, audit.Entry{At: now, Actor: audit.ActorOf(u), Action: "refund",
			Subject: audit.Subject{Kind: SubjectOrder, ID: o.ID}, Reason: reason})
	})
	return done, err
}

// refund gives the money back first, then records it; a Stripe failure changes
// nothing here, and a retry reuses the same Stripe idempotency key.
func (s *Events) refund(ctx context.Context, o domain.Order) (bool, error) {
	if err := s.chargeBack(ctx, o); err != nil {
		return false, err
	}
	return s.store.RefundOrder(ctx, o.ID, s.now())
}

// chargeBack gives a card order's money back through Stripe; other orders took no
// card money. A retry reuses the same Stripe idempotency key.
func (s *Events) chargeBack(ctx context.Context, o domain.Order) error {
	if o.Method == domain.PayCard && o.TotalCents > 0 {
		if o.PaymentIntentID == "" {
			return errs.Errorf(errs.CodeConflict, "This card order has no payment to refund yet.")
		}
		if _, err := s.pay.Refund(ctx, o.PaymentIntentID, 0, "refund-"+o.ID); err != nil {
			return err
		}
	}
	return nil
}

// MyTickets lists the user's tickets.
func (s *Events) MyTickets(ctx context.Context, u *auth.User, limit, offset int) ([]domain.TicketView, int, error) {
	// Tickets given to the caller are theirs by their address, once they proved
	// they receive mail there.
	email := ""
	if u.EmailVerified {
		email, _ = domain.NormalizeEmail(u.Email)
	}
	return s.store.TicketsOfOwner(ctx, u.ID, email, s.now(), limit, offset)
}

// Ticket finds a ticket by its code; the code itself is the proof of holding it.
func (s *Events) Ticket(ctx context.Context, code string) (domain.TicketView, error) {
	code = domain.NormalizeCode(code)
	if !domain.ValidCodeShape(code) {
		return domain.TicketView{}, domain.ErrTicketNotFound
	}
	v, err := s.store.TicketView(ctx, code)
	if errors.Is(err, domain.ErrNotFound) {
		return v, domain.ErrTicketNotFound
	}
	return v, err
}

// Checkin scans a ticket at an event.
func (s *Events) Checkin(ctx context.Context, u *auth.User, eventID, code string) (domain.TicketView, error) {
	if _, err := s.scannable(ctx, u, eventID); err != nil {
		return domain.TicketView{}, err
	}
	code = domain.NormalizeCode(code)
	if !domain.ValidCodeShape(code) {
		return domain.TicketView{}, domain.ErrTicketNotFound
	}
	t, err := s.store.Scan(ctx, eventID, code, scannerName(u), s.now())
	if err != nil {
		return domain.TicketView{Ticket: t}, scanRefusal(t, eventID, err)
	}
	return s.store.TicketView(ctx, t.Code)
}

// UndoCheckin puts a scanned ticket back to VALID.
func (s *Events) UndoCheckin(ctx context.Context, u *auth.User, eventID, code string) (domain.TicketView, error) {
	if _, err := s.scannable(ctx, u, eventID); err != nil {
		return domain.TicketView{}, err
	}
	code = domain.NormalizeCode(code)
	if !domain.ValidCodeShape(code) {
		return domain.TicketView{}, domain.ErrTicketNotFound
	}
	t, err := s.store.Unscan(ctx, eventID, code)
	if err != nil {
		return domain.TicketView{Ticket: t}, unscanRefusal(t, eventID, err)
	}
	return s.store.TicketView(ctx, t.Code)
}

var errTicketChanging = errs.Errorf(errs.CodeConflict, "This ticket is changing right now; scan it again.")

// scanRefusal answers why the store did not admit ticket t at eventID.
func scanRefusal(t domain.Ticket, eventID string, err error) error {
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return domain.ErrTicketNotFound
	case errors.Is(err, domain.ErrContended):
		return errTicketChanging
	case errors.Is(err, domain.ErrWrongState):
		if refusal := domain.CheckinRefusal(t, eventID); refusal != nil {
			return refusal
		}
	}
	return err
}

// unscanRefusal answers why the store did not undo ticket t's scan at eventID.
func unscanRefusal(t domain.Ticket, eventID string, err error) error {
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return domain.ErrTicketNotFound
	case !errors.Is(err, domain.ErrWrongState):
		return err
	case t.EventID != eventID:
		return domain.CheckinRefusal(t, eventID)
	case t.Status == domain.TicketScanned:
		return errs.Errorf(errs.CodeInvalidTransition, "This ticket's order is no longer paid, so its scan stays.").
			With(map[string]any{"ticketStatus": string(t.Status)})
	}
	return errs.Errorf(errs.CodeInvalidTransition, "This ticket was not scanned, so there is nothing to undo.").
		With(map[string]any{"ticketStatus": string(t.Status)})
}
