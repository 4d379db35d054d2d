package app

import (
	"context"
	"fmt"
	"strings"

	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/restaurants/domain"
)

// confirmation is the e-mail a customer gets once an order is placed (pay at pickup)
// or paid (card).
func confirmation(o domain.Order) mail.Message {
	var b strings.Builder
	name := o.CustomerName
	if name == "" {
		name = "there"
	}
	fmt.Fprintf(&b, "Hi %s,\n\nThanks for your order %s at %s.\n\n", name, o.Number, o.RestaurantName)
	for _, l := range o.Lines {
		fmt.Fprintf(&b, "  %d × %s  %s\n", l.Quantity, l.Name, ui.Money(l.UnitCents*l.Quantity))
		if l.Notes != "" {
			fmt.Fprintf(&b, "      (%s)\n", l.Notes)
		}
	}
	fmt.Fprintf(&b, "\nSubtotal %s\nTax %s\nTotal %s\n\n", ui.Money(o.SubtotalCents), ui.Money(o.TaxCents), ui.Money(o.TotalCents))
	fmt.Fprintf(&b, "Pickup: %s (Chicago time)\n", o.PickupTime.In(domain.Chicago).Format("Monday, January 2 at 3:04 PM"))
	if o.PaymentMethod == domain.PayByCard {
		b.WriteString("Payment: paid by card.\n")
	} else {
		b.WriteString("Payment: pay when you pick it up.\n")
	}
	b.WriteString("\nSee you soon,\nSteppersLife\n")
	// A restaurant's name may hold line breaks, which a subject may not: the outbox
	// would be refused the message on every attempt.
	subject := strings.Join(strings.Fields("Your order "+o.Number+" at "+o.RestaurantName), " ")
	return mail.Message{To: []string{o.CustomerEmail}, Subject: subject, Text: b.String()}
}

// statusMail is the e-mail a move of o tells its customer about, if any: that it is
// ready to pick up, or that the restaurant cancelled it and why.
func statusMail(o domain.Order) (mail.Message, bool) {
	if o.CustomerEmail == "" {
		return mail.Message{}, false
	}
	name := o.CustomerName
	if name == "" {
		name = "there"
	}
	var b strings.Builder
	var subject string
	switch o.Status {
	case domain.OrderReady:
		subject = "Your order " + o.Number + " is ready at " + o.RestaurantName
		fmt.Fprintf(&b, "Hi %s,\n\nYour order %s at %s is ready for pickup.\n\n", name, o.Number, o.RestaurantName)
		for _, l := range o.Lines {
			fmt.Fprintf(&b, "  %d × %s\n", l.Quantity, l.Name)
		}
		if o.PaymentMethod == domain.PayAtPickup && o.PaymentStatus == domain.PaymentAtPickup {
			fmt.Fprintf(&b, "\nPlease bring %s; you pay when you pick it up.\n", ui.Money(o.TotalCents))
		} else {
			b.WriteString("\nIt is paid; just give your order number at the counter.\n")
		}
	case domain.OrderCancelled:
		subject = "Your order " + o.Number + " at " + o.RestaurantName + " was cancelled"
		fmt.Fprintf(&b, "Hi %s,\n\n%s cancelled your order %s.\n", name, o.RestaurantName, o.Number)
		if o.CancelReason != "" {
			fmt.Fprintf(&b, "Their reason: %s\n", o.CancelReason)
		}
		if o.PaymentStatus == domain.PaymentNotCollected {
			b.WriteString("Nothing was charged.\n")
		}
	default:
		return mail.Message{}, false
	}
	b.WriteString("\nSteppersLife\n")
	return mail.Message{To: []string{o.CustomerEmail}, Subject: strings.Join(strings.Fields(subject), " "), Text: b.String()}, true
}

// enqueueConfirmation puts the order's confirmation in the outbox through st: inside
// st's transaction, the one that places or pays the order. An order without an
// address has nothing to send.
func (s *Service) enqueueConfirmation(ctx context.Context, st Store, o domain.Order) error {
	if o.CustomerEmail == "" {
		return nil
	}
	return st.EnqueueMail(ctx, confirmation(o))
}

// KickMail asks the outbox to send at once what a commit just enqueued.
func (s *Service) KickMail() {
	if s.outbox != nil {
		s.outbox.Kick()
	}
}

// inTx runs fn with the store bound to one transaction.
func (s *Service) inTx(ctx context.Context, fn func(st Store) error) error {
	if s.runInTx == nil {
		return fn(s.store)
	}
	return s.runInTx(ctx, fn)
}
