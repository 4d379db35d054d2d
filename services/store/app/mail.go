package app

import (
	"fmt"
	"strings"

	"stepperslife/internal/kit/mail"
	"stepperslife/services/store/domain"
)

// subject makes one line of s: a name may hold line breaks, which a subject may not
// (the outbox would be refused the message on every attempt).
func subject(s string) string { return strings.Join(strings.Fields(s), " ") }

func greeting(o domain.Order) string {
	if name := strings.Fields(o.CustomerName); len(name) > 0 {
		return "Hi " + name[0] + ",\n\n"
	}
	return "Hi,\n\n"
}

// writeLines lists an order's items and its totals.
func writeLines(b *strings.Builder, o domain.Order) {
	for _, l := range o.Lines {
		name := l.ProductName
		if l.VariantLabel != "" {
			name += " (" + l.VariantLabel + ")"
		}
		fmt.Fprintf(b, "  %d × %s  %s\n", l.Quantity, name, domain.Dollars(l.LineCents()))
	}
	fmt.Fprintf(b, "\nItems %s\n", domain.Dollars(o.SubtotalCents))
	if o.DiscountCents > 0 {
		fmt.Fprintf(b, "Discount (%s) -%s\n", o.DiscountCode, domain.Dollars(o.DiscountCents))
	}
	if o.Fulfillment == domain.Ship {
		fmt.Fprintf(b, "Shipping %s\n", domain.Dollars(o.ShippingCents))
	}
	if o.TaxCents > 0 {
		fmt.Fprintf(b, "Sales tax %s\n", domain.Dollars(o.TaxCents))
	}
	fmt.Fprintf(b, "Total %s\n\n", domain.Dollars(o.TotalCents))
}

// writePickup says where and when a pickup order is collected, and with what code.
func (s *Service) writePickup(b *strings.Builder, o domain.Order) {
	if p := o.PickupPoint; p != nil {
		fmt.Fprintf(b, "Pick it up at: %s", p.Label)
		if p.Address != "" {
			fmt.Fprintf(b, ", %s", p.Address)
		}
		b.WriteString("\n")
		if p.Starts != nil && p.Ends != nil {
			fmt.Fprintf(b, "When: %s – %s (Chicago time)\n", p.Starts.In(domain.Chicago).Format("Mon Jan 2, 3:04 PM"),
				p.Ends.In(domain.Chicago).Format("3:04 PM"))
		}
		if p.Notes != "" {
			fmt.Fprintf(b, "%s\n", p.Notes)
		}
	} else {
		fmt.Fprintf(b, "Pick it up from %s as arranged with them.\n", o.VendorName)
	}
	fmt.Fprintf(b, "Your pickup code: %s\nShow it, or the QR code on your order page, when you collect: %s\n",
		o.PickupCode, s.OrderURL(o.ID))
}

// confirmationMail is the e-mail a buyer gets once an order is placed (pay at
// pickup) or paid (card).
func (s *Service) confirmationMail(o domain.Order) mail.Message {
	var b strings.Builder
	b.WriteString(greeting(o))
	fmt.Fprintf(&b, "Thanks for your order %s from %s.\n\n", o.Number, o.VendorName)
	writeLines(&b, o)
	switch {
	case o.Method == domain.PayAtPickup:
		b.WriteString("Payment: pay when you pick it up.\n")
	default:
		b.WriteString("Payment: paid by card.\n")
	}
	if o.Fulfillment == domain.Pickup {
		s.writePickup(&b, o)
	} else if a := o.ShippingAddress; a != nil {
		fmt.Fprintf(&b, "Shipping to: %s, %s, %s, %s %s\nWe will e-mail the tracking number when it ships.\n",
			a.Name, a.Line1, a.City, a.State, a.PostalCode)
	}
	fmt.Fprintf(&b, "\nYour order: %s\n\nSteppersLife Store\n", s.OrderURL(o.ID))
	return mail.Message{To: []string{o.CustomerEmail}, Subject: subject("Your order " + o.Number + " from " + o.VendorName),
		Text: b.String()}
}

// shippedMail tells the buyer the parcel left, with its tracking link.
func (s *Service) shippedMail(o domain.Order) mail.Message {
	var b strings.Builder
	b.WriteString(greeting(o))
	fmt.Fprintf(&b, "%s shipped your order %s.\n\nCarrier: %s\nTracking number: %s\n", o.VendorName, o.Number,
		o.Carrier, o.TrackingNumber)
	if u := o.TrackingURL(); u != "" {
		fmt.Fprintf(&b, "Track it: %s\n", u)
	}
	b.WriteString("\n")
	writeLines(&b, o)
	fmt.Fprintf(&b, "Your order: %s\n\nSteppersLife Store\n", s.OrderURL(o.ID))
	return mail.Message{To: []string{o.CustomerEmail}, Subject: subject("Shipped: your order " + o.Number + " from " + o.VendorName),
		Text: b.String()}
}

// readyMail tells the buyer a pickup order waits for them, with the code to show.
func (s *Service) readyMail(o domain.Order) mail.Message {
	var b strings.Builder
	b.WriteString(greeting(o))
	fmt.Fprintf(&b, "Your order %s from %s is ready for pickup.\n\n", o.Number, o.VendorName)
	s.writePickup(&b, o)
	if o.PaymentStatus == domain.PaymentPending {
		fmt.Fprintf(&b, "Bring %s to pay when you collect.\n", domain.Dollars(o.TotalCents))
	}
	b.WriteString("\n")
	writeLines(&b, o)
	b.WriteString("SteppersLife Store\n")
	return mail.Message{To: []string{o.CustomerEmail}, Subject: subject("Ready for pickup: your order " + o.Number + " from " + o.VendorName),
		Text: b.String()}
}

// refundMail tells the buyer money came back.
func (s *Service) refundMail(o domain.Order, amount int64) mail.Message {
	var b strings.Builder
	b.WriteString(greeting(o))
	fmt.Fprintf(&b, "%s refunded %s of your order %s.\n", o.VendorName, domain.Dollars(amount), o.Number)
	if o.Method == domain.PayCard {
		b.WriteString("It goes back to the card you paid with; banks take 5 to 10 days to show it.\n")
	}
	fmt.Fprintf(&b, "\nRefunded so far: %s of %s.\n\nYour order: %s\n\nSteppersLife Store\n",
		domain.Dollars(o.RefundedCents), domain.Dollars(o.TotalCents), s.OrderURL(o.ID))
	return mail.Message{To: []string{o.CustomerEmail}, Subject: subject("Refund for your order " + o.Number + " from " + o.VendorName),
		Text: b.String()}
}

// cancelledMail tells the buyer an order was cancelled.
func (s *Service) cancelledMail(o domain.Order) mail.Message {
	var b strings.Builder
	b.WriteString(greeting(o))
	fmt.Fprintf(&b, "Your order %s from %s was cancelled.\n", o.Number, o.VendorName)
	if o.CancelReason != "" {
		fmt.Fprintf(&b, "Reason: %s\n", o.CancelReason)
	}
	if o.RefundedCents > 0 {
		fmt.Fprintf(&b, "%s was refunded to the card you paid with.\n", domain.Dollars(o.RefundedCents))
	}
	fmt.Fprintf(&b, "\nYour order: %s\n\nSteppersLife Store\n", s.OrderURL(o.ID))
	return mail.Message{To: []string{o.CustomerEmail}, Subject: subject("Cancelled: your order " + o.Number + " from " + o.VendorName),
		Text: b.String()}
}
