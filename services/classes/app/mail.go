package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/classes/domain"
)

// mailMsg is one e-mail to a student.
type mailMsg = mail.Message

// enqueue puts m in the outbox through st (inside its transaction).
func (s *Service) enqueue(ctx context.Context, st Store, m mailMsg) error {
	if len(m.To) == 0 || m.To[0] == "" {
		return nil
	}
	return st.EnqueueMail(ctx, m)
}

// mailPromoted tells each student seated or offered a seat from the line.
func (s *Service) mailPromoted(ctx context.Context, st Store, c domain.Class, promoted []domain.Enrollment) error {
	for _, e := range promoted {
		if err := s.enqueue(ctx, st, s.promotedMail(c, e)); err != nil {
			return err
		}
	}
	return nil
}

// when is a time as a Chicago student reads it.
func when(t time.Time) string { return t.In(domain.Chicago).Format("Mon, Jan 2 at 3:04 PM") }

func to(e domain.Enrollment) []string { return []string{e.StudentEmail} }

func letter(e domain.Enrollment, subject string, lines ...string) mailMsg {
	return mailMsg{To: to(e), Subject: subject,
		Text: "Hello " + e.StudentName + ",\n\n" + strings.Join(lines, "\n\n") + "\n\n— SteppersLife Classes\n"}
}

func (s *Service) confirmedMail(c domain.Class, e domain.Enrollment, first time.Time) mailMsg {
	what := "the series"
	if e.Kind == domain.KindDropIn {
		what = "one session"
	}
	paid := "It is free."
	switch {
	case e.Method == domain.PayCard:
		paid = "You paid " + ui.Money(e.AmountCents) + " by card."
	case e.Method == domain.PayDoor && e.AmountCents > 0:
		paid = "Please pay " + ui.Money(e.AmountCents) + " at the door."
	}
	return letter(e, "You're enrolled: "+c.Title,
		fmt.Sprintf("You have a place in %s (%s), starting %s at %s.", c.Title, what, when(first), c.Venue),
		paid, "Details and your calendar: "+s.ClassURL(c.Slug))
}

func (s *Service) promotedMail(c domain.Class, e domain.Enrollment) mailMsg {
	if e.Status == domain.EnrollOffered {
		return letter(e, "A seat opened in "+c.Title,
			"A seat opened in "+c.Title+" and you are first in line.",
			"Claim it before "+when(*e.HoldExpiresAt)+"; after that it goes to the next person in line.",
			"Claim your seat: "+s.publicURL+"/enrollments/"+e.ID)
	}
	return letter(e, "You're in: "+c.Title, "A seat opened in "+c.Title+" and it is yours: you are enrolled.",
		"Details: "+s.ClassURL(c.Slug))
}

func (s *Service) reminderMail(c domain.Class, e domain.Enrollment, x domain.Session) mailMsg {
	lines := []string{fmt.Sprintf("%s meets %s at %s%s.", c.Title, when(x.StartsAt), c.Venue, comma(c.Address))}
	if c.WhatToBring != "" {
		lines = append(lines, "What to bring: "+c.WhatToBring)
	}
	if e.Method == domain.PayDoor && e.DoorPaidAt == nil && e.AmountCents > 0 {
		lines = append(lines, "Please pay "+ui.Money(e.AmountCents)+" at the door.")
	}
	lines = append(lines, "Can't make it? Cancel so someone in line gets your seat: "+s.publicURL+"/enrollments/"+e.ID)
	return letter(e, "Tomorrow: "+c.Title, lines...)
}

func comma(s string) string {
	if s == "" {
		return ""
	}
	return ", " + s
}

func refundLine(refund int64) string {
	if refund > 0 {
		return ui.Money(refund) + " goes back to your card."
	}
	return ""
}

func classCancelledMail(c domain.Class, e domain.Enrollment, refund int64) mailMsg {
	return letter(e, "Cancelled: "+c.Title, c.Title+" has been cancelled by the instructor. We're sorry.", refundLine(refund))
}

func sessionCancelledMail(c domain.Class, e domain.Enrollment, x domain.Session, refund int64) mailMsg {
	return letter(e, "Session cancelled: "+c.Title,
		fmt.Sprintf("The session of %s on %s has been cancelled by the instructor.", c.Title, when(x.StartsAt)), refundLine(refund))
}

func sessionMovedMail(c domain.Class, e domain.Enrollment, from, toTime time.Time) mailMsg {
	return letter(e, "Moved: "+c.Title, fmt.Sprintf("The session of %s on %s moves to %s, at %s.", c.Title, when(from), when(toTime), c.Venue))
}

func studentCancelledMail(c domain.Class, e domain.Enrollment, refund int64) mailMsg {
	return letter(e, "Your place is cancelled: "+c.Title, "Your place in "+c.Title+" is cancelled.", refundLine(refund))
}
