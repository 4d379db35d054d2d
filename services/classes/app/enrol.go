package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/classes/domain"
)

// EnrollmentView is an enrolment with what its student wants to see about it.
type EnrollmentView struct {
	domain.Enrollment
	Class domain.Class
	// Sessions are the sessions the enrolment holds seats in (or, while it waits,
	// those it waits for).
	Sessions []domain.Session
	// Position is its place in line (1: next) while it waits.
	Position int
}

var (
	errNotOpen      = errs.Errorf(errs.CodeConflict, "This class is not open for enrolment.")
	errAlready      = errs.Errorf(errs.CodeConflict, "You already have a place (or a place in line) in this class.")
	errCardNotReady = errs.Errorf(errs.CodeConflict,
		"This class cannot take card payments yet; please choose to pay at the door.")
)

// soldOut is the answer for a full class when the student did not ask to wait.
func soldOut() *errs.Error {
	return errs.Errorf(errs.CodeSoldOut, "This class is full. You can join the waitlist.").
		With(map[string]any{"waitlistAvailable": true})
}

// Enrol gives student u a place in a class, or in its line: the price comes from the
// class only; card payments open a Stripe checkout and hold the seats for
// domain.HoldFor; free and door places are confirmed at once.
func (s *Service) Enrol(ctx context.Context, u *auth.User, req domain.EnrollRequest) (EnrollmentView, error) {
	if err := req.Normalize(); err != nil {
		return EnrollmentView{}, err
	}
	email, ok := domain.NormalizeEmail(u.Email)
	if !ok {
		return EnrollmentView{}, errs.Invalid(map[string]string{"email": "your account has no usable e-mail address"})
	}
	c, err := s.class(ctx, req.ClassID)
	if err != nil {
		return EnrollmentView{}, err
	}
	if c.Status != domain.ClassPublished {
		return EnrollmentView{}, errNotOpen
	}
	amount, fee, err := domain.Price(c, req)
	if err != nil {
		return EnrollmentView{}, err
	}
	var account string
	if req.Method == domain.PayCard {
		if account, err = s.chargeAccount(ctx, c); err != nil {
			return EnrollmentView{}, err
		}
	}
	now := s.Now()
	e := domain.Enrollment{ID: domain.NewID(), ClassID: c.ID, SessionID: req.SessionID, StudentID: u.ID,
		StudentName: strings.TrimSpace(u.Name), StudentEmail: email, Kind: domain.KindSeries, Method: req.Method, Role: req.Role,
		PartnerName: req.PartnerName, PartnerEmail: req.PartnerEmail, Seats: 1, Status: domain.EnrollConfirmed,
		AmountCents: amount, FeeCents: fee, Currency: "usd", CreatedAt: now, UpdatedAt: now}
	if e.StudentName == "" {
		e.StudentName = email
	}
	if req.SessionID != "" {
		e.Kind = domain.KindDropIn
	}
	if req.Couple() {
		e.Seats = 2
	}
	if req.Method == domain.PayCard {
		until := now.Add(domain.HoldFor)
		e.Status, e.HoldExpiresAt = domain.EnrollPendingPayment, &until
	}
	// Read before the class is locked: the mail names the first session's time.
	sessions, err := s.store.Sessions(ctx, c.ID)
	if err != nil {
		return EnrollmentView{}, err
	}
	err = s.inTx(ctx, func(st Store) error {
		promoted, err := st.Enrol(ctx, &e, req.Waitlist, now)
		if err != nil {
			return err
		}
		if e.Status == domain.EnrollConfirmed {
			if err := s.enqueue(ctx, st, s.confirmedMail(c, e, firstStart(e.SessionIDs, sessions))); err != nil {
				return err
			}
		}
		return s.mailPromoted(ctx, st, c, promoted)
	})
	switch {
	case errors.Is(err, domain.ErrFull):
		return EnrollmentView{}, soldOut()
	case errors.Is(err, domain.ErrAlreadyEnrolled):
		return EnrollmentView{}, errAlready
	case errors.Is(err, domain.ErrNotOpen):
		return EnrollmentView{}, errNotOpen
	case err != nil:
		return EnrollmentView{}, err
	}
	s.kickMail()
	if e.Status == domain.EnrollPendingPayment {
		if err := s.openCheckout(ctx, &e, c, account); err != nil {
			// No checkout, no hold: the seats go back at once.
			s.releaseQuietly(ctx, c, e.ID, domain.EnrollPendingPayment, domain.EnrollCancelled)
			return EnrollmentView{}, err
		}
	}
	return s.enrollmentView(ctx, s.store, e.ID)
}

// firstStart is when the first of the sessions ids starts.
func firstStart(ids []string, ss []domain.Session) time.Time {
	for _, x := range ss {
		if len(ids) > 0 && x.ID == ids[0] {
			return x.StartsAt
		}
	}
	return time.Time{}
}

// firstOf is when the first session e holds starts, as the transaction sees it.
func (s *Service) firstOf(ctx context.Context, st Store, e domain.Enrollment) time.Time {
	full, err := st.Enrollment(ctx, e.ID)
	if err != nil || len(full.SessionIDs) == 0 {
		return time.Time{}
	}
	ss, err := st.Sessions(ctx, e.ClassID)
	if err != nil {
		return time.Time{}
	}
	for _, x := range ss {
		if x.ID == full.SessionIDs[0] {
			return x.StartsAt
		}
	}
	return time.Time{}
}

// chargeAccount is the instructor's Connect account card payments go to, or why
// there is none.
func (s *Service) chargeAccount(ctx context.Context, c domain.Class) (string, error) {
	if !s.CardEnabled() {
		return "", payments.ErrCardPaymentsOff
	}
	i, err := s.store.Instructor(ctx, c.InstructorID)
	if err != nil {
		return "", err
	}
	if !i.CanCharge() {
		return "", errCardNotReady
	}
	return i.StripeAccountID, nil
}

func (s *Service) openCheckout(ctx context.Context, e *domain.Enrollment, c domain.Class, account string) error {
	name := c.Title + " — series"
	if e.Kind == domain.KindDropIn {
		name = c.Title + " — one session"
	}
	back := s.publicURL + "/enrollments/" + e.ID
	cs, err := s.pay.CreateCheckout(ctx, payments.Checkout{
		ConnectedAccount: account, Currency: e.Currency,
		Lines:               []payments.Line{{Name: name, UnitCents: e.AmountCents / int64(e.Seats), Quantity: int64(e.Seats)}},
		ApplicationFeeCents: e.FeeCents, SuccessURL: back + "?session={CHECKOUT_SESSION_ID}", CancelURL: back,
		ClientReferenceID: e.ID, CustomerEmail: e.StudentEmail,
		Metadata:  map[string]string{"enrollmentId": e.ID, "classId": c.ID},
		ExpiresAt: *e.HoldExpiresAt, IdempotencyKey: "checkout-" + e.ID + "-" + e.HoldExpiresAt.Format(time.RFC3339),
	})
	if err != nil {
		return err
	}
	e.CheckoutSessionID, e.CheckoutURL, e.PaymentIntentID = cs.ID, cs.URL, cs.PaymentIntentID
	return s.store.SetCheckout(ctx, e.ID, cs.ID, cs.URL, cs.PaymentIntentID)
}

// releaseQuietly ends an enrolment after a failure elsewhere, logging what cannot
// be helped.
func (s *Service) releaseQuietly(ctx context.Context, c domain.Class, id string, from, to domain.EnrollmentStatus) {
	ctx = context.WithoutCancel(ctx)
	err := s.inTx(ctx, func(st Store) error {
		_, _, promoted, err := st.Release(ctx, id, []domain.EnrollmentStatus{from}, to, 0, s.Now())
		if err != nil {
			return err
		}
		return s.mailPromoted(ctx, st, c, promoted)
	})
	if err != nil {
		s.log.ErrorContext(ctx, "giving back the seats of a failed enrolment", "enrollment", id, "error", err.Error())
	}
}

// Claim takes up a seat offered from the line: at the door (confirmed now) or by
// card (a checkout and a hold).
func (s *Service) Claim(ctx context.Context, u *auth.User, id string, method domain.Method) (EnrollmentView, error) {
	e, c, err := s.own(ctx, u, id)
	if err != nil {
		return EnrollmentView{}, err
	}
	if method == "" {
		method = e.Method
	}
	if method != domain.PayCard && method != domain.PayDoor {
		return EnrollmentView{}, errs.Invalid(map[string]string{"paymentMethod": "must be card or door"})
	}
	var account string
	fee := int64(0)
	if method == domain.PayCard {
		if account, err = s.chargeAccount(ctx, c); err != nil {
			return EnrollmentView{}, err
		}
		fee = payments.PercentFee(e.AmountCents, domain.FeeBasisPoints)
	}
	now := s.Now()
	to, hold := domain.EnrollConfirmed, (*time.Time)(nil)
	if method == domain.PayCard {
		until := now.Add(domain.HoldFor)
		to, hold = domain.EnrollPendingPayment, &until
	}
	ok := false
	err = s.inTx(ctx, func(st Store) error {
		if ok, err = st.Claim(ctx, e.ID, to, method, fee, hold, now); err != nil || !ok {
			return err
		}
		if to == domain.EnrollConfirmed {
			e.Method, e.Status = method, to
			return s.enqueue(ctx, st, s.confirmedMail(c, e, s.firstOf(ctx, st, e)))
		}
		return nil
	})
	if err != nil {
		return EnrollmentView{}, err
	}
	if !ok {
		return EnrollmentView{}, errs.Errorf(errs.CodeInvalidTransition, "There is no seat waiting for you to claim (the offer may have lapsed).").
			With(map[string]any{"status": string(e.Status)})
	}
	s.kickMail()
	if to == domain.EnrollPendingPayment {
		e.Method, e.FeeCents, e.HoldExpiresAt = method, fee, hold
		if err := s.openCheckout(ctx, &e, c, account); err != nil {
			s.releaseQuietly(ctx, c, e.ID, domain.EnrollPendingPayment, domain.EnrollCancelled)
			return EnrollmentView{}, err
		}
	}
	return s.enrollmentView(ctx, s.store, e.ID)
}

// Cancel ends a place: the student's own (refunded by the class's cutoff rule), or
// one the instructor ends (refunded what is still to come). Leaving the line is the
// same call. The freed seats go to the line.
func (s *Service) Cancel(ctx context.Context, u *auth.User, id string) (EnrollmentView, error) {
	e, err := s.store.Enrollment(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return EnrollmentView{}, errEnrollmentNotFound
	} else if err != nil {
		return EnrollmentView{}, err
	}
	c, err := s.class(ctx, e.ClassID)
	if err != nil {
		return EnrollmentView{}, err
	}
	student := e.StudentID == u.ID
	if !student {
		if _, err := s.taught(ctx, u, c.ID); err != nil {
			return EnrollmentView{}, errEnrollmentNotFound
		}
	}
	if !e.Status.Active() {
		return EnrollmentView{}, errs.Errorf(errs.CodeInvalidTransition, "This place is already "+strings.ToLower(string(e.Status))+".").
			With(map[string]any{"status": string(e.Status)})
	}
	ss, err := s.store.Sessions(ctx, c.ID)
	if err != nil {
		return EnrollmentView{}, err
	}
	now := s.Now()
	_, refund := domain.StudentCancel(c, e, heldOf(e, ss), now)
	if !student {
		refund = domain.ClassCancelRefund(e, heldOf(e, ss), now)
	}
	ok, err := s.end(ctx, c, e, refund, studentCancelledMail(c, e, refund))
	if err != nil {
		return EnrollmentView{}, err
	}
	if !ok {
		return EnrollmentView{}, errs.Errorf(errs.CodeConflict, "This place changed meanwhile; reload and try again.")
	}
	s.kickMail()
	return s.enrollmentView(ctx, s.store, e.ID)
}

// own loads an enrolment of u's with its class.
func (s *Service) own(ctx context.Context, u *auth.User, id string) (domain.Enrollment, domain.Class, error) {
	e, err := s.store.Enrollment(ctx, id)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && e.StudentID != u.ID) {
		return e, domain.Class{}, errEnrollmentNotFound
	} else if err != nil {
		return e, domain.Class{}, err
	}
	c, err := s.class(ctx, e.ClassID)
	return e, c, err
}

// Enrollment shows an enrolment to its student or the class's instructor.
func (s *Service) Enrollment(ctx context.Context, u *auth.User, id string) (EnrollmentView, error) {
	v, err := s.enrollmentView(ctx, s.store, id)
	if errors.Is(err, domain.ErrNotFound) {
		return v, errEnrollmentNotFound
	} else if err != nil {
		return v, err
	}
	if v.StudentID != u.ID {
		if _, err := s.called(ctx, u, v.ClassID); err != nil {
			return EnrollmentView{}, errEnrollmentNotFound
		}
	}
	return v, nil
}

// MyEnrollments lists u's places and places in line, newest first.
func (s *Service) MyEnrollments(ctx context.Context, u *auth.User, limit, offset int) ([]EnrollmentView, int, error) {
	es, total, err := s.store.EnrollmentsOfStudent(ctx, u.ID, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	out := make([]EnrollmentView, 0, len(es))
	for _, e := range es {
		v, err := s.enrollmentView(ctx, s.store, e.ID)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, nil
}

func (s *Service) enrollmentView(ctx context.Context, st Store, id string) (EnrollmentView, error) {
	e, err := st.Enrollment(ctx, id)
	if err != nil {
		return EnrollmentView{}, err
	}
	c, err := st.Class(ctx, e.ClassID)
	if err != nil {
		return EnrollmentView{}, err
	}
	ss, err := st.Sessions(ctx, c.ID)
	if err != nil {
		return EnrollmentView{}, err
	}
	v := EnrollmentView{Enrollment: e, Class: c, Sessions: heldOf(e, ss)}
	if e.Status == domain.EnrollWaitlisted {
		v.Sessions = domain.Targets(ss, e.Kind, e.SessionID, s.Now())
		if v.Position, err = st.WaitlistPosition(ctx, c.ID, e.WaitSeq); err != nil {
			return EnrollmentView{}, err
		}
	}
	return v, nil
}

// MarkDoorPaid records that a door payer paid (the instructor, at the door).
func (s *Service) MarkDoorPaid(ctx context.Context, u *auth.User, id string) (EnrollmentView, error) {
	e, err := s.store.Enrollment(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return EnrollmentView{}, errEnrollmentNotFound
	} else if err != nil {
		return EnrollmentView{}, err
	}
	if _, err := s.called(ctx, u, e.ClassID); err != nil {
		return EnrollmentView{}, errEnrollmentNotFound
	}
	if err := s.store.MarkDoorPaid(ctx, id, s.Now()); errors.Is(err, domain.ErrNotFound) {
		return EnrollmentView{}, errs.Errorf(errs.CodeInvalidTransition, "Only a confirmed, unpaid door place can be marked paid.")
	} else if err != nil {
		return EnrollmentView{}, err
	}
	return s.enrollmentView(ctx, s.store, id)
}
