package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/services/domain"
)

// Subject kinds in the audit trail.
const (
	SubjectProvider = "provider"
	SubjectReview   = "review"
)

// record writes an admin's action in the trail, in st's transaction.
func record(ctx context.Context, st Store, u *auth.User, action, kind, id, detail, reason string, now time.Time) error {
	return st.Audit(ctx, audit.Entry{At: now, Actor: audit.ActorOf(u), Action: action,
		Subject: audit.Subject{Kind: kind, ID: id}, Detail: detail, Reason: reason})
}

// Approve lists a PENDING application, or restores a SUSPENDED listing.
func (s *Service) Approve(ctx context.Context, u *auth.User, id, reason string) (ProviderView, error) {
	return s.moveProvider(ctx, u, id, domain.ProviderApproved, "approve", reason, false)
}

// Reject turns an application down; the reason is required and shown to its owner.
func (s *Service) Reject(ctx context.Context, u *auth.User, id, reason string) (ProviderView, error) {
	return s.moveProvider(ctx, u, id, domain.ProviderRejected, "reject", reason, true)
}

// Suspend takes an APPROVED listing out of the directory.
func (s *Service) Suspend(ctx context.Context, u *auth.User, id, reason string) (ProviderView, error) {
	return s.moveProvider(ctx, u, id, domain.ProviderSuspended, "suspend", reason, false)
}

func (s *Service) moveProvider(ctx context.Context, u *auth.User, id string, to domain.ProviderStatus, action, reason string, required bool) (ProviderView, error) {
	reason, err := audit.Reason(reason, required)
	if err != nil {
		return ProviderView{}, err
	}
	p, err := s.provider(ctx, id)
	if err != nil {
		return ProviderView{}, err
	}
	if err := p.Status.Move(to); err != nil {
		return ProviderView{}, err
	}
	now := s.Now()
	keep := ""
	if to == domain.ProviderRejected {
		keep = reason
	}
	err = s.inTx(ctx, func(st Store) error {
		if err := st.MoveProvider(ctx, id, p.Status, to, keep, now); err != nil {
			return storeErr(err, errProviderNotFound, "The listing changed meanwhile; reload and try again.")
		}
		return record(ctx, st, u, action, SubjectProvider, id, "", reason, now)
	})
	if err != nil {
		return ProviderView{}, err
	}
	if p, err = s.provider(ctx, id); err != nil {
		return ProviderView{}, err
	}
	return s.view(ctx, p)
}

// SetPremium places a listing first in its searches until until (nil ends it).
func (s *Service) SetPremium(ctx context.Context, u *auth.User, id string, until *time.Time, reason string) (ProviderView, error) {
	now := s.Now()
	if until != nil && !until.After(now) {
		return ProviderView{}, errs.Invalid(map[string]string{"until": "must be in the future"})
	}
	detail := "ended"
	if until != nil {
		t := until.UTC().Truncate(time.Microsecond)
		until, detail = &t, "until "+t.Format(time.RFC3339)
	}
	if _, err := s.provider(ctx, id); err != nil {
		return ProviderView{}, err
	}
	err := s.inTx(ctx, func(st Store) error {
		if err := st.SetPremium(ctx, id, until, now); err != nil {
			return storeErr(err, errProviderNotFound, "")
		}
		return record(ctx, st, u, "premium", SubjectProvider, id, detail, reason, now)
	})
	if err != nil {
		return ProviderView{}, err
	}
	p, err := s.provider(ctx, id)
	if err != nil {
		return ProviderView{}, err
	}
	return s.view(ctx, p)
}

// Verify marks (or unmarks) a listing's licence as checked by an admin: the badge.
func (s *Service) Verify(ctx context.Context, u *auth.User, id string, verified bool, reason string) (ProviderView, error) {
	if _, err := s.provider(ctx, id); err != nil {
		return ProviderView{}, err
	}
	now := s.Now()
	action := "verify"
	if !verified {
		action = "unverify"
	}
	err := s.inTx(ctx, func(st Store) error {
		if err := st.SetVerified(ctx, id, verified, now); err != nil {
			return storeErr(err, errProviderNotFound, "")
		}
		return record(ctx, st, u, action, SubjectProvider, id, "", reason, now)
	})
	if err != nil {
		return ProviderView{}, err
	}
	p, err := s.provider(ctx, id)
	if err != nil {
		return ProviderView{}, err
	}
	return s.view(ctx, p)
}

// Applications lists what waits for an admin's decision, oldest first.
func (s *Service) Applications(ctx context.Context, limit, offset int) ([]domain.Provider, int, error) {
	return s.store.ProvidersInStatus(ctx, domain.ProviderPending, limit, offset)
}

// ReportedReviews lists reviews hidden until an admin decides, oldest report first.
func (s *Service) ReportedReviews(ctx context.Context, limit, offset int) ([]domain.Review, int, error) {
	return s.store.ReportedReviews(ctx, limit, offset)
}

// DecideReview keeps a reported review (it shows and counts again) or removes it.
func (s *Service) DecideReview(ctx context.Context, u *auth.User, id string, keep bool, reason string) (domain.Review, error) {
	r, err := s.store.Review(ctx, id)
	if err != nil {
		return r, storeErr(err, errReviewNotFound, "")
	}
	to, action := domain.ReviewRemoved, "remove_review"
	if keep {
		to, action = domain.ReviewVisible, "keep_review"
	}
	if !r.Status.CanMove(to) || r.Status != domain.ReviewReported {
		return r, errs.Errorf(errs.CodeInvalidTransition, "Only a reported review waits for a decision.")
	}
	now := s.Now()
	err = s.inTx(ctx, func(st Store) error {
		if err := st.MoveReview(ctx, id, domain.ReviewReported, to, "", "", now); err != nil {
			return storeErr(err, errReviewNotFound, "The review was decided meanwhile.")
		}
		return record(ctx, st, u, action, SubjectReview, id, "", reason, now)
	})
	if err != nil {
		return r, err
	}
	return s.store.Review(ctx, id)
}

// Trail is what admins did to a subject, newest first.
func (s *Service) Trail(ctx context.Context, kind, id string) ([]audit.Entry, error) {
	return s.store.Trail(ctx, kind, id, 0)
}

// ReviewForAdmin is any review, by id, with its listing.
func (s *Service) ReviewForAdmin(ctx context.Context, id string) (domain.Review, domain.Provider, error) {
	r, err := s.store.Review(ctx, id)
	if err != nil {
		return r, domain.Provider{}, storeErr(err, errReviewNotFound, "")
	}
	p, err := s.provider(ctx, r.ProviderID)
	return r, p, err
}
