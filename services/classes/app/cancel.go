package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/classes/domain"
)

// CancelResult says what cancelling a class or a session did to its enrolments.
type CancelResult struct {
	Refunded int      `json:"refunded"`
	Released int      `json:"released"`
	Failed   []string `json:"failedEnrollments,omitempty"`
}

// CancelClass cancels a class: every session, every place in it and in its line;
// card payments get back what the sessions still to come are worth, and every
// student is told. Calling it again on a cancelled class retries the refunds that
// failed (Stripe refunds are idempotent by key).
func (s *Service) CancelClass(ctx context.Context, u *auth.User, id string) (ClassView, CancelResult, error) {
	c, err := s.taught(ctx, u, id)
	if err != nil {
		return ClassView{}, CancelResult{}, err
	}
	// The sessions as they were: what is refunded is worked out on them.
	before, err := s.store.Sessions(ctx, c.ID)
	if err != nil {
		return ClassView{}, CancelResult{}, err
	}
	if c.Status != domain.ClassCancelled {
		if err := s.move(ctx, c, domain.ClassCancelled); err != nil {
			return ClassView{}, CancelResult{}, err
		}
	}
	es, err := s.store.EnrollmentsOfClass(ctx, c.ID, domain.EnrollConfirmed, domain.EnrollPendingPayment,
		domain.EnrollOffered, domain.EnrollWaitlisted)
	if err != nil {
		return ClassView{}, CancelResult{}, err
	}
	var res CancelResult
	now := s.Now()
	for _, e := range es {
		e, err := s.store.Enrollment(ctx, e.ID)
		if err != nil {
			return ClassView{}, res, err
		}
		refund := domain.ClassCancelRefund(e, heldOf(e, before), now)
		ok, err := s.end(ctx, c, e, refund, classCancelledMail(c, e, refund))
		switch {
		case err != nil:
			s.log.WarnContext(ctx, "ending an enrolment of a cancelled class", "enrollment", e.ID, "error", err.Error())
			res.Failed = append(res.Failed, e.ID)
		case ok && refund > 0:
			res.Refunded++
		case ok:
			res.Released++
		}
	}
	s.kickMail()
	v, err := s.Manage(ctx, u, id)
	return v, res, err
}

// end closes enrolment e, refunding refund cents by card first and sending m in the
// same transaction as the change.
func (s *Service) end(ctx context.Context, c domain.Class, e domain.Enrollment, refund int64, m mailMsg) (bool, error) {
	to := domain.EnrollCancelled
	if refund > 0 {
		if err := s.refund(ctx, e, refund); err != nil {
			return false, err
		}
		to = domain.EnrollRefunded
	}
	from := []domain.EnrollmentStatus{e.Status}
	moved := false
	err := s.inTx(ctx, func(st Store) error {
		_, ok, promoted, err := st.Release(ctx, e.ID, from, to, refund, s.Now())
		if err != nil || !ok {
			return err
		}
		moved = true
		if err := s.enqueue(ctx, st, m); err != nil {
			return err
		}
		return s.mailPromoted(ctx, st, c, promoted)
	})
	return moved, err
}

// refund gives cents of e's card payment back through Stripe (the platform's fee in
// proportion). Its idempotency key names the enrolment and what it had been
// refunded before: two refunds worked out from the same state (a double click, a
// student cancelling while the instructor cancels the class) are one refund, or the
// second is refused by Stripe for asking another amount under the same key; a retry
// after a failure to record the refund repeats nothing.
func (s *Service) refund(ctx context.Context, e domain.Enrollment, cents int64) error {
	if e.PaymentIntentID == "" {
		return errs.Errorf(errs.CodeConflict, "This card enrolment has no payment to refund yet.")
	}
	_, err := s.pay.Refund(ctx, e.PaymentIntentID, cents, fmt.Sprintf("refund-%s-%d", e.ID, e.RefundedCents))
	return err
}

// heldOf is the sessions of ss whose seats e holds.
func heldOf(e domain.Enrollment, ss []domain.Session) []domain.Session {
	in := map[string]bool{}
	for _, id := range e.SessionIDs {
		in[id] = true
	}
	var out []domain.Session
	for _, x := range ss {
		if in[x.ID] {
			out = append(out, x)
		}
	}
	return out
}

// MoveSession gives one session a new start (its length stays) and tells everyone
// seated in it.
func (s *Service) MoveSession(ctx context.Context, u *auth.User, classID, sessionID string, startsAt time.Time) (ClassView, error) {
	c, err := s.taught(ctx, u, classID)
	if err != nil {
		return ClassView{}, err
	}
	now := s.Now()
	if !startsAt.After(now) {
		return ClassView{}, errs.Invalid(map[string]string{"startsAt": "must be in the future"})
	}
	x, err := s.session(ctx, c.ID, sessionID)
	if err != nil {
		return ClassView{}, err
	}
	if !x.Upcoming(now) {
		return ClassView{}, errs.Errorf(errs.CodeInvalidTransition, "Only a session still to come can be moved.")
	}
	startsAt = startsAt.UTC()
	err = s.store.MoveSession(ctx, c.ID, x.ID, startsAt, startsAt.Add(x.EndsAt.Sub(x.StartsAt)), now)
	if errors.Is(err, domain.ErrNotFound) {
		return ClassView{}, errs.Errorf(errs.CodeConflict, "The session changed meanwhile; reload and try again.")
	} else if err != nil {
		return ClassView{}, err
	}
	es, err := s.store.EnrollmentsInSession(ctx, x.ID)
	if err != nil {
		return ClassView{}, err
	}
	err = s.inTx(ctx, func(st Store) error {
		for _, e := range es {
			if e.Status.HoldsSeats() {
				if err := s.enqueue(ctx, st, sessionMovedMail(c, e, x.StartsAt, startsAt)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return ClassView{}, err
	}
	s.kickMail()
	return s.Manage(ctx, u, classID)
}

// CancelSession cancels one session: drop-ins of it are ended (refunded in full by
// card), series students get that session's share back by card; everyone seated is
// told.
func (s *Service) CancelSession(ctx context.Context, u *auth.User, classID, sessionID string) (ClassView, CancelResult, error) {
	c, err := s.taught(ctx, u, classID)
	if err != nil {
		return ClassView{}, CancelResult{}, err
	}
	before, err := s.store.Sessions(ctx, c.ID)
	if err != nil {
		return ClassView{}, CancelResult{}, err
	}
	x, err := s.session(ctx, c.ID, sessionID)
	if err != nil {
		return ClassView{}, CancelResult{}, err
	}
	now := s.Now()
	ok, err := s.store.CancelSession(ctx, c.ID, x.ID, now)
	if err != nil {
		return ClassView{}, CancelResult{}, err
	}
	if !ok {
		return ClassView{}, CancelResult{}, errs.Errorf(errs.CodeInvalidTransition, "This session is not scheduled any more.").
			With(map[string]any{"status": string(x.Status)})
	}
	es, err := s.store.EnrollmentsInSession(ctx, x.ID)
	if err != nil {
		return ClassView{}, CancelResult{}, err
	}
	var res CancelResult
	for _, e := range es {
		if !e.Status.HoldsSeats() {
			continue
		}
		e, err := s.store.Enrollment(ctx, e.ID)
		if err != nil {
			return ClassView{}, res, err
		}
		refund := domain.SessionCancelRefund(e, heldOf(e, before))
		m := sessionCancelledMail(c, e, x, refund)
		if e.Kind == domain.KindDropIn {
			ok, err = s.end(ctx, c, e, refund, m)
		} else {
			ok, err = s.refundShare(ctx, e, refund, m)
		}
		switch {
		case err != nil:
			s.log.WarnContext(ctx, "refunding a cancelled session", "enrollment", e.ID, "error", err.Error())
			res.Failed = append(res.Failed, e.ID)
		case ok && refund > 0:
			res.Refunded++
		case ok:
			res.Released++
		}
	}
	s.kickMail()
	v, err := s.Manage(ctx, u, classID)
	return v, res, err
}

// refundShare gives a series student back one cancelled session's share, keeping
// their place, and tells them.
func (s *Service) refundShare(ctx context.Context, e domain.Enrollment, refund int64, m mailMsg) (bool, error) {
	if refund > 0 {
		if err := s.refund(ctx, e, refund); err != nil {
			return false, err
		}
	}
	return true, s.inTx(ctx, func(st Store) error {
		if refund > 0 {
			if err := st.AddRefund(ctx, e.ID, refund, s.Now()); err != nil {
				return err
			}
		}
		return s.enqueue(ctx, st, m)
	})
}
