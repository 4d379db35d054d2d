package httpapi

import (
	"fmt"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/domain"
)

func sessionOut(x domain.Session) classesapi.Session {
	left := x.Left()
	if x.Status != domain.SessionScheduled {
		left = 0
	}
	return classesapi.Session{ID: x.ID, Position: x.Position, StartsAt: x.StartsAt, EndsAt: x.EndsAt, Status: string(x.Status),
		SeatsLeft: left, Leads: x.Leads, Follows: x.Follows}
}

func (h *Handler) classOut(v app.ClassView) classesapi.Class {
	out := classesapi.Class{ID: v.ID, Slug: v.Slug, Title: v.Title, Description: v.Description, Style: v.Style, Level: v.Level,
		Venue: v.Venue, Address: v.Address, InstructorID: v.InstructorID, InstructorName: v.InstructorName, Capacity: v.Capacity,
		PriceCents: v.PriceCents, Currency: "usd", DurationMinutes: v.DurationMinutes, Weeks: len(v.Sessions),
		CancelCutoffHours: v.CutoffHours, RefundPolicy: refundPolicy(v.Class), RoleCap: v.RoleCap, WhatToBring: v.WhatToBring,
		Prerequisites: v.Prerequisites, CoverURL: h.app.ImageURL(v.CoverKey), Status: string(v.Status),
		URL: h.app.ClassURL(v.Slug), CalendarURL: h.app.ClassURL(v.Slug) + "/calendar.ics", Sessions: []classesapi.Session{},
		SeatsLeft: v.SeatsLeft(h.app.Now()), WaitlistCount: v.Waiting, CardPayments: v.CardPayments,
		CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
	if cents, ok := v.DropInCents(); ok {
		out.DropInPriceCents = &cents
	}
	for _, x := range v.Sessions {
		out.Sessions = append(out.Sessions, sessionOut(x))
	}
	if n := len(v.Sessions); n > 0 {
		first, last := v.Sessions[0].StartsAt, v.Sessions[n-1].EndsAt
		out.StartsAt, out.EndsAt = &first, &last
	}
	if v.Status != domain.ClassPublished {
		out.SeatsLeft = 0
	}
	return out
}

// refundPolicy says in words what cancelling gives back, from the class's cutoff.
func refundPolicy(c domain.Class) string {
	return fmt.Sprintf("Cancel at least %d hours before your next session for a refund of the sessions still to come "+
		"(card payments, fee included); later, your seat is freed without a refund. If the instructor cancels a session, "+
		"its share is refunded; if the class is cancelled, everything still to come is refunded.", c.CutoffHours)
}

func partnerOut(e domain.Enrollment) *classesapi.Partner {
	if e.PartnerName == "" {
		return nil
	}
	return &classesapi.Partner{Name: e.PartnerName, Email: e.PartnerEmail}
}

func (h *Handler) enrollmentOut(v app.EnrollmentView) classesapi.Enrollment {
	out := classesapi.Enrollment{ID: v.ID, ClassID: v.ClassID, ClassSlug: v.Class.Slug, ClassTitle: v.Class.Title,
		Venue: v.Class.Venue, SessionID: v.SessionID, Kind: string(v.Kind), Status: string(v.Status),
		PaymentMethod: string(v.Method), Role: string(v.Role), Partner: partnerOut(v.Enrollment), Seats: v.Seats,
		AmountCents: v.AmountCents, PlatformFeeCents: v.FeeCents, RefundedCents: v.RefundedCents, Currency: v.Currency,
		HoldExpiresAt: v.HoldExpiresAt, DoorPaid: v.DoorPaidAt != nil, Sessions: []classesapi.Session{}, CreatedAt: v.CreatedAt}
	if v.Status == domain.EnrollWaitlisted {
		pos := v.Position
		out.WaitlistPosition = &pos
	}
	if v.Status == domain.EnrollPendingPayment {
		out.CheckoutURL = v.CheckoutURL
	}
	for _, x := range v.Sessions {
		out.Sessions = append(out.Sessions, sessionOut(x))
	}
	return out
}

func rosterLineOut(l domain.RosterLine, rates map[string][2]int) classesapi.RosterLine {
	e := l.Enrollment
	out := classesapi.RosterLine{EnrollmentID: e.ID, StudentName: e.StudentName, StudentEmail: e.StudentEmail, Kind: string(e.Kind),
		Status: string(e.Status), PaymentMethod: string(e.Method), Role: string(e.Role), Partner: partnerOut(e), Seats: e.Seats,
		Paid: e.Status == domain.EnrollConfirmed && (e.Method != domain.PayDoor || e.DoorPaidAt != nil || e.AmountCents == 0)}
	if a := l.Attendance; a != nil {
		at := a.MarkedAt
		out.Attendance, out.MarkedBy, out.MarkedAt = string(a.Status), a.MarkedBy, &at
	}
	if r, ok := rates[e.StudentID]; ok && r[1] > 0 {
		rate := float64(r[0]) / float64(r[1])
		out.AttendanceRate = &rate
	}
	return out
}

func reviewOut(v domain.Review) classesapi.Review {
	return classesapi.Review{ID: v.ID, ClassID: v.ClassID, StudentName: v.StudentName, Rating: v.Rating, Body: v.Body,
		Reply: v.Reply, RepliedAt: v.RepliedAt, CreatedAt: v.CreatedAt, Standing: string(v.Standing)}
}

// parseDay reads an RFC 3339 time or a plain date (midnight in Chicago).
func parseDay(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, domain.Chicago)
	return t.UTC(), err
}
