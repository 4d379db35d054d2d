package app

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"stepperslife/internal/kit/ui"
	"stepperslife/services/restaurants/domain"
)

// Mailer timings: a nudge sends at once; otherwise the outbox is looked at regularly,
// and a failed message waits longer after each attempt, at most an hour.
const (
	mailPoll     = 10 * time.Second
	mailTimeout  = 30 * time.Second
	mailMaxDelay = time.Hour
)

// confirmation is the e-mail a customer gets once an order is placed (pay at pickup)
// or paid (card).
func confirmation(o domain.Order) domain.Mail {
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
	return domain.Mail{To: o.CustomerEmail, Subject: "Your order " + o.Number + " at " + o.RestaurantName, Body: b.String()}
}

// queueConfirmation puts the order's confirmation in st's outbox (inside its
// transaction when st is bound to one); without a mail server or an address there is
// nothing to send.
func (s *Service) queueConfirmation(ctx context.Context, st Store, o domain.Order) error {
	if s.Mail == nil || o.CustomerEmail == "" {
		return nil
	}
	return st.EnqueueMail(ctx, confirmation(o))
}

// wakeMailer asks the mailer to look at the outbox now.
func (s *Service) wakeMailer() {
	if s.mailWake == nil {
		return
	}
	select {
	case s.mailWake <- struct{}{}:
	default:
	}
}

// UseMail turns order confirmations on, sent through m by RunMailer. Call it before
// serving.
func (s *Service) UseMail(m Sender) {
	s.Mail = m
	s.mailWake = make(chan struct{}, 1)
}

// RunMailer sends queued e-mails until ctx ends.
func (s *Service) RunMailer(ctx context.Context) {
	tick := time.NewTicker(mailPoll)
	defer tick.Stop()
	for {
		s.deliverMail(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-s.mailWake:
		}
	}
}

func (s *Service) deliverMail(ctx context.Context) {
	due, err := s.Store.DueMail(ctx, 20)
	if err != nil {
		if ctx.Err() == nil {
			s.Log.Warn("reading the mail outbox", slog.String("error", err.Error()))
		}
		return
	}
	for _, m := range due {
		sctx, cancel := context.WithTimeout(ctx, mailTimeout)
		err := s.Mail.Send(sctx, m.To, m.Subject, m.Body)
		cancel()
		if err == nil {
			err = s.Store.MailSent(ctx, m.ID)
		} else {
			s.Log.Warn("sending an e-mail failed; will retry", slog.String("mail", m.ID), slog.String("error", err.Error()))
			delay := min(mailMaxDelay, time.Duration(1<<min(m.Attempts, 12))*time.Second)
			err = s.Store.MailFailed(ctx, m.ID, err.Error(), delay)
		}
		if err != nil && ctx.Err() == nil {
			s.Log.Warn("updating the mail outbox", slog.String("error", err.Error()))
		}
	}
}
