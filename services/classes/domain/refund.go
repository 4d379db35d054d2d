package domain

import "time"

// CutoffPassed reports whether, at now, it is too late to cancel session next of
// class c with a refund: less than c.CutoffHours before it starts.
func (c Class) CutoffPassed(next Session, now time.Time) bool {
	return now.After(next.StartsAt.Add(-time.Duration(c.CutoffHours) * time.Hour))
}

// ShareCents is what part of the held sessions of an enrolment are worth of what it
// has not been refunded yet: in proportion, rounded down, except that all of them
// are worth all that is left, so the cents lost to rounding come back with the last
// refund. It is never negative.
func ShareCents(e Enrollment, part, held int) int64 {
	left := max(0, e.AmountCents-e.RefundedCents)
	if held <= 0 || part <= 0 {
		return 0
	}
	if part >= held {
		return left
	}
	return left * int64(part) / int64(held)
}

// StudentCancel is what a student's cancellation at now does to enrolment e of class
// c, given the sessions e holds seats in: the status it ends in and the money that
// goes back. Before the cutoff of its next session a paid card enrolment gets back
// what its sessions still to come are worth; after it the seat is freed without a
// refund. An enrolment that holds nothing yet (waiting, offered, unpaid) just ends.
func StudentCancel(c Class, e Enrollment, held []Session, now time.Time) (EnrollmentStatus, int64) {
	if e.Status != EnrollConfirmed || e.Method != PayCard {
		return EnrollCancelled, 0
	}
	upcoming := UpcomingOf(held, now)
	if len(upcoming) == 0 || c.CutoffPassed(upcoming[0], now) {
		return EnrollCancelled, 0
	}
	if refund := ShareCents(e, len(upcoming), countHeld(held)); refund > 0 {
		return EnrollRefunded, refund
	}
	return EnrollCancelled, 0
}

// SessionCancelRefund is what goes back to enrolment e when the instructor cancels
// one of the sessions it holds: a drop-in gets all it paid, a series that
// session's share. Only card payments are refunded; door payers simply do not pay.
func SessionCancelRefund(e Enrollment, held []Session) int64 {
	if e.Method != PayCard || e.Status != EnrollConfirmed {
		return 0
	}
	if e.Kind == KindDropIn {
		return ShareCents(e, 1, 1)
	}
	return ShareCents(e, 1, countHeld(held))
}

// ClassCancelRefund is what goes back to enrolment e when the instructor cancels
// the whole class at now: what its sessions still to come are worth.
func ClassCancelRefund(e Enrollment, held []Session, now time.Time) int64 {
	if e.Method != PayCard || e.Status != EnrollConfirmed {
		return 0
	}
	return ShareCents(e, len(UpcomingOf(held, now)), countHeld(held))
}

// countHeld is how many sessions an enrolment paid for: those not cancelled by the
// instructor (a cancelled session was refunded on its own).
func countHeld(held []Session) int {
	n := 0
	for _, s := range held {
		if s.Status != SessionCancelled {
			n++
		}
	}
	return n
}

// Revenue is what a class took in: Gross is what students paid and kept paid (card
// payments less refunds, door payments marked paid), Fee the platform's share of
// the card payments (reversed in proportion with each refund), Net what the
// instructor keeps.
type Revenue struct {
	GrossCents int64
	FeeCents   int64
	NetCents   int64
}

// RevenueOf adds up the money of a class's enrolments.
func RevenueOf(es []Enrollment) Revenue {
	var r Revenue
	for _, e := range es {
		kept := e.AmountCents - e.RefundedCents
		switch {
		case kept <= 0:
		case e.Method == PayCard && (e.Status == EnrollConfirmed || e.Status == EnrollRefunded):
			r.GrossCents += kept
			r.FeeCents += e.FeeCents * kept / e.AmountCents
		case e.Method == PayDoor && e.DoorPaidAt != nil:
			r.GrossCents += kept
		}
	}
	r.NetCents = r.GrossCents - r.FeeCents
	return r
}
