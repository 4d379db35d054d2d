package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/classes/domain"
)

// ClassView is a class with its sessions and what a student needs to enrol.
type ClassView struct {
	domain.Class
	Sessions []domain.Session
	// Waiting is how many students are in line.
	Waiting int
	// CardPayments: an enrolment may pay by card now (the service has Stripe keys
	// and the instructor's account can take charges).
	CardPayments bool
}

// SeatsLeft is how many students can still enrol in the whole series: the fewest
// seats left in any session still to come.
func (v ClassView) SeatsLeft(now time.Time) int {
	left := -1
	for _, x := range domain.UpcomingOf(v.Sessions, now) {
		if left < 0 || x.Left() < left {
			left = x.Left()
		}
	}
	return max(left, 0)
}

// CreateClass makes a DRAFT class taught by u (an INSTRUCTOR), with its weekly
// sessions laid out in Chicago wall time.
func (s *Service) CreateClass(ctx context.Context, u *auth.User, in domain.ClassInput) (ClassView, error) {
	if !u.Has(auth.RoleInstructor) {
		return ClassView{}, auth.ErrForbidden
	}
	now := s.Now()
	if err := in.Normalize(now); err != nil {
		return ClassView{}, err
	}
	email, _ := domain.NormalizeEmail(u.Email)
	c := domain.Class{ID: domain.NewID(), Slug: domain.Slugify(in.Title), InstructorID: u.ID, InstructorEmail: email,
		InstructorName: u.Name, Title: in.Title, Description: in.Description, Style: in.Style, Level: in.Level,
		Venue: in.Venue, Address: in.Address, Capacity: in.Capacity, PriceCents: in.PriceCents,
		DropInPriceCents: in.DropInPriceCents, DurationMinutes: in.DurationMinutes, CutoffHours: *in.CutoffHours,
		RoleCap: in.RoleCap, WhatToBring: in.WhatToBring, Prerequisites: in.Prerequisites, Status: domain.ClassDraft,
		CreatedAt: now, UpdatedAt: now}
	ss := domain.NewSessions(c.ID, in, now)
	if err := s.store.CreateClass(ctx, c, ss); err != nil {
		return ClassView{}, err
	}
	return s.view(ctx, c)
}

// Publish opens a draft for enrolment; it needs a session still to come.
func (s *Service) Publish(ctx context.Context, u *auth.User, id string) (ClassView, error) {
	c, err := s.taught(ctx, u, id)
	if err != nil {
		return ClassView{}, err
	}
	ss, err := s.store.Sessions(ctx, c.ID)
	if err != nil {
		return ClassView{}, err
	}
	if c.Status == domain.ClassDraft && len(domain.UpcomingOf(ss, s.Now())) == 0 {
		return ClassView{}, errs.Errorf(errs.CodeConflict, "Every session of this class is over; create a new one.")
	}
	if err := s.move(ctx, c, domain.ClassPublished); err != nil {
		return ClassView{}, err
	}
	return s.Manage(ctx, u, id)
}

func (s *Service) move(ctx context.Context, c domain.Class, to domain.ClassStatus) error {
	if !c.Status.CanMove(to) {
		return errs.Errorf(errs.CodeInvalidTransition, fmt.Sprintf("A class cannot go from %s to %s.", c.Status, to)).
			With(map[string]any{"status": string(c.Status)})
	}
	ok, err := s.store.SetClassStatus(ctx, c.ID, c.Status, to, s.Now())
	if err != nil {
		return err
	}
	if !ok {
		return errs.Errorf(errs.CodeConflict, "The class changed meanwhile; reload and try again.")
	}
	return nil
}

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

func (s *Service) session(ctx context.Context, classID, sessionID string) (domain.Session, error) {
	ss, err := s.store.Sessions(ctx, classID)
	if err != nil {
		return domain.Session{}, err
	}
	for _, x := range ss {
		if x.ID == sessionID {
			return x, nil
		}
	}
	return domain.Session{}, errs.NotFound("Session")
}

// SetCover stores the class's cover image, resized once to web size.
func (s *Service) SetCover(ctx context.Context, u *auth.User, id string, data []byte) (ClassView, error) {
	c, err := s.taught(ctx, u, id)
	if err != nil {
		return ClassView{}, err
	}
	img, err := imaging.Process(ctx, data, "covers/"+c.ID)
	if err != nil {
		return ClassView{}, err
	}
	if err := s.blobs.Put(ctx, img.Key, bytes.NewReader(img.Data), int64(len(img.Data)), img.ContentType); err != nil {
		return ClassView{}, err
	}
	if err := s.store.SetCover(ctx, c.ID, img.Key, s.Now()); err != nil {
		return ClassView{}, err
	}
	if c.CoverKey != "" && c.CoverKey != img.Key {
		_ = s.blobs.Delete(ctx, c.CoverKey)
	}
	return s.Manage(ctx, u, id)
}

// Manage is a class as its instructor sees it.
func (s *Service) Manage(ctx context.Context, u *auth.User, id string) (ClassView, error) {
	c, err := s.taught(ctx, u, id)
	if err != nil {
		return ClassView{}, err
	}
	return s.view(ctx, c)
}

// MyClasses lists the classes u teaches.
func (s *Service) MyClasses(ctx context.Context, u *auth.User) ([]ClassView, error) {
	cs, err := s.store.ClassesOfInstructor(ctx, u.ID, verifiedOrPlain(u))
	if err != nil {
		return nil, err
	}
	return s.views(ctx, cs)
}

// PublicClasses lists published classes not yet over, soonest first.
func (s *Service) PublicClasses(ctx context.Context, f domain.ClassFilter) ([]ClassView, int, error) {
	f.EndsAfter = s.Now()
	cs, total, err := s.store.PublicClasses(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	vs, err := s.views(ctx, cs)
	return vs, total, err
}

// PublicClass finds a class by slug (or id). Drafts are shown only to their
// instructor and admins.
func (s *Service) PublicClass(ctx context.Context, u *auth.User, slugOrID string) (ClassView, error) {
	c, err := s.store.ClassBySlug(ctx, slugOrID)
	if errors.Is(err, domain.ErrNotFound) {
		c, err = s.store.Class(ctx, slugOrID)
	}
	if errors.Is(err, domain.ErrNotFound) {
		return ClassView{}, errClassNotFound
	} else if err != nil {
		return ClassView{}, err
	}
	if c.Status == domain.ClassDraft && (u == nil || (!c.IsInstructor(u.ID, verifiedOrPlain(u)) && !u.Has(auth.RoleAdmin))) {
		return ClassView{}, errClassNotFound
	}
	return s.view(ctx, c)
}

func (s *Service) view(ctx context.Context, c domain.Class) (ClassView, error) {
	vs, err := s.views(ctx, []domain.Class{c})
	if err != nil {
		return ClassView{}, err
	}
	return vs[0], nil
}

func (s *Service) views(ctx context.Context, cs []domain.Class) ([]ClassView, error) {
	ids := make([]string, len(cs))
	teachers := make([]string, 0, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
		teachers = append(teachers, c.InstructorID)
	}
	ss, err := s.store.SessionsOfClasses(ctx, ids)
	if err != nil {
		return nil, err
	}
	waiting, err := s.store.WaitingCounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	card := map[string]bool{}
	if s.CardEnabled() {
		if card, err = s.store.InstructorsWhoCanCharge(ctx, teachers); err != nil {
			return nil, err
		}
	}
	out := make([]ClassView, len(cs))
	for i, c := range cs {
		out[i] = ClassView{Class: c, Sessions: ss[c.ID], Waiting: waiting[c.ID], CardPayments: card[c.InstructorID]}
	}
	return out, nil
}
