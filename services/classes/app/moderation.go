package app

import (
	"context"
	"errors"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/classes/domain"
)

// Subjects of the audit trail here.
const (
	SubjectInstructor = "instructor"
	SubjectReview     = "review"
)

var (
	errReviewNotFound = errs.NotFound("Review")
	errReviewChanged  = errs.Errorf(errs.CodeConflict, "Another admin decided on this review first; look again.")
	errOwnReview      = errs.Errorf(errs.CodeForbidden, "You cannot report your own review.")
)

// MarkProfile is an admin verifying or featuring an instructor, or taking the mark
// off (nil leaves a mark as it is). Each mark set or taken off is an entry in the
// instructor's audit trail, written in the change's own transaction; note is the
// admin's optional word for the trail.
func (s *Service) MarkProfile(ctx context.Context, u *auth.User, userID string, verified, featured *bool, note string) (ProfileView, error) {
	if !u.Has(auth.RoleAdmin) {
		return ProfileView{}, auth.ErrForbidden
	}
	note, err := audit.Reason(note, false)
	if err != nil {
		return ProfileView{}, err
	}
	p, err := s.store.Profile(ctx, userID)
	if errors.Is(err, domain.ErrNotFound) {
		return ProfileView{}, errProfileNotFound
	} else if err != nil {
		return ProfileView{}, err
	}
	var actions []string
	if verified != nil {
		p.Verified = *verified
		actions = append(actions, map[bool]string{true: "verify", false: "unverify"}[*verified])
	}
	if featured != nil {
		p.Featured = *featured
		actions = append(actions, map[bool]string{true: "feature", false: "unfeature"}[*featured])
	}
	now := s.Now()
	err = s.inTx(ctx, func(st Store) error {
		if err := st.MarkProfile(ctx, userID, p.Verified, p.Featured, now); err != nil {
			return err
		}
		for _, a := range actions {
			if err := st.RecordAudit(ctx, audit.Entry{At: now, Actor: audit.ActorOf(u), Action: a,
				Subject: audit.Subject{Kind: SubjectInstructor, ID: userID}, Reason: note}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return ProfileView{}, err
	}
	return s.profileView(ctx, userID)
}

// ReportReview is u's word that a review should not be shown: it is hidden until an
// admin keeps or removes it. Its author cannot report it.
func (s *Service) ReportReview(ctx context.Context, u *auth.User, id, reason string) (domain.Review, error) {
	if u == nil {
		return domain.Review{}, auth.ErrUnauthenticated
	}
	v, err := s.store.Review(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return v, errReviewNotFound
	} else if err != nil {
		return v, err
	}
	if v.StudentID == u.ID {
		return v, errOwnReview
	}
	if err := domain.CanReport(v.Standing); err != nil {
		return v, err
	}
	if reason, err = domain.NormalizeReportReason(reason); err != nil {
		return v, err
	}
	if err := s.store.ReportReview(ctx, id, domain.Report{By: u.ID, Reason: reason, At: s.Now()}); errors.Is(err, domain.ErrWrongState) {
		return v, errReviewChanged
	} else if err != nil {
		return v, err
	}
	return s.store.Review(ctx, id)
}

// DecideReview is an admin keeping or removing a reported review; the decision and
// its audit entry commit together. A removal needs a reason.
func (s *Service) DecideReview(ctx context.Context, u *auth.User, id string, d domain.ReviewDecision, reason string) (domain.Review, error) {
	if !u.Has(auth.RoleAdmin) {
		return domain.Review{}, auth.ErrForbidden
	}
	v, err := s.store.Review(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return v, errReviewNotFound
	} else if err != nil {
		return v, err
	}
	to, err := d.Decide(v.Standing)
	if err != nil {
		return v, err
	}
	if reason, err = audit.Reason(reason, d.NeedsReason()); err != nil {
		return v, err
	}
	err = s.inTx(ctx, func(st Store) error {
		if err := st.SetReviewStanding(ctx, id, v.Standing, to); errors.Is(err, domain.ErrWrongState) {
			return errReviewChanged
		} else if err != nil {
			return err
		}
		return st.RecordAudit(ctx, audit.Entry{At: s.Now(), Actor: audit.ActorOf(u), Action: string(d),
			Subject: audit.Subject{Kind: SubjectReview, ID: id}, Reason: reason})
	})
	if err != nil {
		return v, err
	}
	return s.store.Review(ctx, id)
}

// WaitingInstructors lists the instructors waiting to be verified (admins only).
func (s *Service) WaitingInstructors(ctx context.Context, u *auth.User, limit, offset int) ([]domain.Profile, int, error) {
	if !u.Has(auth.RoleAdmin) {
		return nil, 0, auth.ErrForbidden
	}
	return s.store.UnverifiedProfiles(ctx, limit, offset)
}

// ReportedReviews lists the reviews waiting for an admin's decision (admins only).
func (s *Service) ReportedReviews(ctx context.Context, u *auth.User, limit, offset int) ([]domain.Review, int, error) {
	if !u.Has(auth.RoleAdmin) {
		return nil, 0, auth.ErrForbidden
	}
	return s.store.ReportedReviews(ctx, limit, offset)
}

// InstructorReview is an instructor as an admin sees them: the profile and what
// admins did to it, newest first.
type InstructorReview struct {
	Profile domain.Profile
	Trail   []audit.Entry
}

// InstructorForAdmin loads an instructor for an admin's page.
func (s *Service) InstructorForAdmin(ctx context.Context, u *auth.User, userID string) (InstructorReview, error) {
	if !u.Has(auth.RoleAdmin) {
		return InstructorReview{}, auth.ErrForbidden
	}
	p, err := s.store.Profile(ctx, userID)
	if errors.Is(err, domain.ErrNotFound) {
		return InstructorReview{}, errProfileNotFound
	} else if err != nil {
		return InstructorReview{}, err
	}
	trail, err := s.store.AuditTrail(ctx, audit.Subject{Kind: SubjectInstructor, ID: userID}, 0)
	return InstructorReview{Profile: p, Trail: trail}, err
}

// ReviewCase is a review as an admin decides on it: the review, its class and what
// admins did to it, newest first.
type ReviewCase struct {
	Review domain.Review
	Class  domain.Class
	Trail  []audit.Entry
}

// ReviewForAdmin loads a review for an admin's page.
func (s *Service) ReviewForAdmin(ctx context.Context, u *auth.User, id string) (ReviewCase, error) {
	if !u.Has(auth.RoleAdmin) {
		return ReviewCase{}, auth.ErrForbidden
	}
	v, err := s.store.Review(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return ReviewCase{}, errReviewNotFound
	} else if err != nil {
		return ReviewCase{}, err
	}
	c, err := s.store.Class(ctx, v.ClassID)
	if err != nil {
		return ReviewCase{}, err
	}
	trail, err := s.store.AuditTrail(ctx, audit.Subject{Kind: SubjectReview, ID: id}, 0)
	return ReviewCase{Review: v, Class: c, Trail: trail}, err
}
