package domain

import (
	"fmt"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/payments"
)

// EnrollmentStatus is where an enrolment is:
//
//	WAITLISTED → CONFIRMED (a free class seats the first in line at once)
//	           | OFFERED (a paid class offers the seat for a claim window)
//	           | CANCELLED (the student leaves the line)
//	OFFERED → CONFIRMED (claimed, free or at the door) | PENDING_PAYMENT (claimed by card)
//	        | EXPIRED (the window lapsed) | CANCELLED
//	PENDING_PAYMENT → CONFIRMED (the card webhook) | EXPIRED (the hold lapsed) | CANCELLED
//	CONFIRMED → CANCELLED | REFUNDED
type EnrollmentStatus string

// Enrolment states.
const (
	EnrollPendingPayment EnrollmentStatus = "PENDING_PAYMENT"
	EnrollConfirmed      EnrollmentStatus = "CONFIRMED"
	EnrollWaitlisted     EnrollmentStatus = "WAITLISTED"
	EnrollOffered        EnrollmentStatus = "OFFERED"
	EnrollCancelled      EnrollmentStatus = "CANCELLED"
	EnrollRefunded       EnrollmentStatus = "REFUNDED"
	EnrollExpired        EnrollmentStatus = "EXPIRED"
)

var enrollMoves = map[EnrollmentStatus][]EnrollmentStatus{
	EnrollWaitlisted:     {EnrollConfirmed, EnrollOffered, EnrollCancelled},
	EnrollOffered:        {EnrollConfirmed, EnrollPendingPayment, EnrollExpired, EnrollCancelled},
	EnrollPendingPayment: {EnrollConfirmed, EnrollExpired, EnrollCancelled},
	EnrollConfirmed:      {EnrollCancelled, EnrollRefunded},
}

// CanMove reports whether an enrolment may go from s to next.
func (s EnrollmentStatus) CanMove(next EnrollmentStatus) bool { return contains(enrollMoves[s], next) }

// HoldsSeats reports whether an enrolment in s keeps seats from others.
func (s EnrollmentStatus) HoldsSeats() bool {
	return s == EnrollConfirmed || s == EnrollPendingPayment || s == EnrollOffered
}

// Active reports whether an enrolment in s holds or waits for a place.
func (s EnrollmentStatus) Active() bool { return s.HoldsSeats() || s == EnrollWaitlisted }

// Kind is what an enrolment is for: the whole series or one session.
type Kind string

// Enrolment kinds.
const (
	KindSeries Kind = "SERIES"
	KindDropIn Kind = "DROP_IN"
)

// Method is how a student pays.
type Method string

// Payment methods of the contract.
const (
	PayFree Method = "free"
	PayCard Method = "card"
	PayDoor Method = "door"
)

// Role is what a student dances in a partner class.
type Role string

// Roles.
const (
	RoleLead   Role = "LEAD"
	RoleFollow Role = "FOLLOW"
	RoleEither Role = "EITHER"
)

// Partner returns the role a couple's partner dances: the other one.
func (r Role) Partner() Role {
	switch r {
	case RoleLead:
		return RoleFollow
	case RoleFollow:
		return RoleLead
	}
	return RoleEither
}

// Policy constants.
const (
	// HoldFor is how long an unpaid card enrolment keeps its seats.
	HoldFor = 30 * time.Minute
	// ClaimWindow is how long the first in line has to claim a freed seat of a paid
	// class before it is offered to the next.
	ClaimWindow = 12 * time.Hour
	// FeeBasisPoints is the platform's share of card enrolments: 10 %.
	FeeBasisPoints = 1000
)

// Enrollment is one student's place in a class: seats in every upcoming session of
// the series, or in one session (a drop-in), or a place in line for them.
type Enrollment struct {
	ID            string
	ClassID       string
	SessionID     string // the drop-in's session; empty for a series
	StudentID     string
	StudentName   string
	StudentEmail  string
	Kind          Kind
	Method        Method
	Role          Role
	PartnerName   string
	PartnerEmail  string
	Seats         int // 1, or 2 for a couple
	Status        EnrollmentStatus
	AmountCents   int64
	FeeCents      int64
	RefundedCents int64
	Currency      string
	// WaitSeq orders the line: lower came first; 0 for one who never waited.
	WaitSeq int64
	// HoldExpiresAt ends an unpaid card hold (PENDING_PAYMENT) or a claim window
	// (OFFERED).
	HoldExpiresAt     *time.Time
	CheckoutSessionID string
	CheckoutURL       string
	PaymentIntentID   string
	DoorPaidAt        *time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
	// SessionIDs are the sessions whose seats the enrolment holds (read back only).
	SessionIDs []string
}

// Leads and Follows are how many of the enrolment's seats count on each side.
func (e Enrollment) Leads() int   { return e.side(RoleLead) }
func (e Enrollment) Follows() int { return e.side(RoleFollow) }

func (e Enrollment) side(r Role) int {
	n := 0
	if e.Role == r {
		n++
	}
	if e.Seats == 2 && e.Role.Partner() == r && e.Role != RoleEither {
		n++
	}
	return n
}

// Fits reports whether the enrolment's seats fit in session s under the class's
// balance cap (0: none): a free seat for each, and after them no side more than cap
// ahead of the other unless it was already (only the side that grows is checked).
func (e Enrollment) Fits(s Session, roleCap int) bool {
	if s.Left() < e.Seats {
		return false
	}
	if roleCap <= 0 {
		return true
	}
	leads, follows := s.Leads+e.Leads(), s.Follows+e.Follows()
	if e.Leads() > e.Follows() && leads-follows > roleCap {
		return false
	}
	if e.Follows() > e.Leads() && follows-leads > roleCap {
		return false
	}
	return true
}

// Targets are the sessions of ss an enrolment of kind (and sessionID for a drop-in)
// takes seats in at now: every upcoming one for a series, the one for a drop-in.
func Targets(ss []Session, kind Kind, sessionID string, now time.Time) []Session {
	if kind == KindSeries {
		return UpcomingOf(ss, now)
	}
	for _, s := range ss {
		if s.ID == sessionID && s.Upcoming(now) {
			return []Session{s}
		}
	}
	return nil
}

// FitsAll reports whether e fits in every one of targets (none: it does not fit).
func (e Enrollment) FitsAll(targets []Session, roleCap int) bool {
	if len(targets) == 0 {
		return false
	}
	for _, s := range targets {
		if !e.Fits(s, roleCap) {
			return false
		}
	}
	return true
}

// EnrollRequest is what a student asks for.
type EnrollRequest struct {
	ClassID      string
	SessionID    string
	Method       Method
	Role         Role
	PartnerName  string
	PartnerEmail string
	Waitlist     bool
}

// Normalize checks the request's own fields, naming every bad one.
func (r *EnrollRequest) Normalize() error {
	r.ClassID, r.SessionID = strings.TrimSpace(r.ClassID), strings.TrimSpace(r.SessionID)
	r.Method = Method(strings.ToLower(strings.TrimSpace(string(r.Method))))
	r.Role = Role(strings.ToUpper(strings.TrimSpace(string(r.Role))))
	r.PartnerName, r.PartnerEmail = strings.TrimSpace(r.PartnerName), strings.TrimSpace(r.PartnerEmail)
	bad := map[string]string{}
	if r.ClassID == "" {
		bad["classId"] = "is required"
	}
	switch r.Method {
	case PayFree, PayCard, PayDoor:
	default:
		bad["paymentMethod"] = "must be free, card or door"
	}
	switch r.Role {
	case "":
		r.Role = RoleEither
	case RoleLead, RoleFollow, RoleEither:
	default:
		bad["role"] = "must be LEAD, FOLLOW or EITHER"
	}
	if r.PartnerEmail != "" {
		if e, ok := NormalizeEmail(r.PartnerEmail); ok {
			r.PartnerEmail = e
		} else {
			bad["partner.email"] = "is not an e-mail address"
		}
	}
	if r.PartnerEmail != "" && r.PartnerName == "" {
		bad["partner.name"] = "is required with a partner"
	}
	if len(r.PartnerName) > 200 {
		bad["partner.name"] = "must be at most 200 characters"
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

// Couple reports whether the request brings a partner (two seats).
func (r EnrollRequest) Couple() bool { return r.PartnerName != "" }

// Price is what the request costs for class c: the series price, or the drop-in
// price for one session, for each seat; and the platform's fee on a card payment.
// It refuses, as VALIDATION_FAILED, a method that does not suit the amount and a
// drop-in the class does not offer.
func Price(c Class, r EnrollRequest) (amount, fee int64, err error) {
	seats := int64(1)
	if r.Couple() {
		seats = 2
	}
	unit := c.PriceCents
	if r.SessionID != "" {
		var ok bool
		if unit, ok = c.DropInCents(); !ok {
			return 0, 0, errs.Invalid(map[string]string{"sessionId": "this class takes no drop-ins; enrol in the series"})
		}
	}
	amount = unit * seats
	switch {
	case amount == 0 && r.Method != PayFree:
		return 0, 0, errs.Invalid(map[string]string{"paymentMethod": "this class is free; use free"})
	case amount > 0 && r.Method == PayFree:
		return 0, 0, errs.Invalid(map[string]string{"paymentMethod": fmt.Sprintf("this costs %s; use card or door", dollars(amount))})
	}
	if r.Method == PayCard {
		fee = payments.PercentFee(amount, FeeBasisPoints)
	}
	return amount, fee, nil
}

func dollars(cents int64) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) }

// OfferUntil is when a claim window opened at now ends: ClaimWindow later, but never
// after the first session the seat is for starts.
func OfferUntil(now, firstStart time.Time) time.Time {
	if until := now.Add(ClaimWindow); until.Before(firstStart) {
		return until
	}
	return firstStart
}
