package app

import (
	"context"
	"errors"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/services/domain"
)

// AddReview stores a customer's review of an APPROVED listing: one per customer (a
// second is 409), never by the listing's owner (403), "verified" when the provider
// answered one of the customer's inquiries.
func (s *Service) AddReview(ctx context.Context, u *auth.User, providerID string, in domain.ReviewInput) (domain.Review, error) {
	if err := in.Normalize(); err != nil {
		return domain.Review{}, err
	}
	p, err := s.provider(ctx, providerID)
	if err != nil {
		return domain.Review{}, err
	}
	if p.Status != domain.ProviderApproved && !p.IsOwner(u.ID, u.VerifiedEmail()) {
		return domain.Review{}, errProviderNotFound
	}
	if err := domain.MayReview(p, u.ID, u.VerifiedEmail()); err != nil {
		return domain.Review{}, err
	}
	verified, err := s.store.Answered(ctx, p.ID, u.ID)
	if err != nil {
		return domain.Review{}, err
	}
	now := s.Now()
	r := domain.Review{ID: domain.NewID(), ProviderID: p.ID, AuthorID: u.ID, AuthorName: u.Name, Rating: in.Rating,
		Body: in.Body, Verified: verified, Status: domain.ReviewVisible, CreatedAt: now, UpdatedAt: now}
	if err := s.store.AddReview(ctx, r); err != nil {
		if errors.Is(err, domain.ErrDuplicate) {
			conflict := errs.Errorf(errs.CodeConflict, "You reviewed this business already; edit your review instead.")
			if mine, err := s.store.ReviewOf(ctx, p.ID, u.ID); err == nil {
				conflict = conflict.With(map[string]any{"reviewId": mine.ID}) // what to edit
			}
			return domain.Review{}, conflict
		}
		return domain.Review{}, err
	}
	return r, nil
}

// EditReview changes the caller's own review of a listing.
func (s *Service) EditReview(ctx context.Context, u *auth.User, id string, in domain.ReviewInput) (domain.Review, error) {
	if err := in.Normalize(); err != nil {
		return domain.Review{}, err
	}
	r, err := s.store.Review(ctx, id)
	if err != nil {
		return r, storeErr(err, errReviewNotFound, "")
	}
	if r.AuthorID != u.ID {
		return r, errs.Errorf(errs.CodeForbidden, "Only its author edits a review.")
	}
	if err := s.store.EditReview(ctx, id, in.Rating, in.Body, s.Now()); err != nil {
		return r, storeErr(err, errReviewNotFound, "")
	}
	return s.store.Review(ctx, id)
}

// ReplyToReview records the provider's one public answer to a shown review.
func (s *Service) ReplyToReview(ctx context.Context, u *auth.User, id, body string) (domain.Review, error) {
	r, err := s.store.Review(ctx, id)
	if err != nil {
		return r, storeErr(err, errReviewNotFound, "")
	}
	p, err := s.provider(ctx, r.ProviderID)
	if err != nil {
		return r, err
	}
	if !p.IsOwner(u.ID, u.VerifiedEmail()) {
		return r, errs.Errorf(errs.CodeForbidden, "Only the business reviewed may answer.")
	}
	if body, err = domain.NormalizeReply(r, body); err != nil {
		return r, err
	}
	if err := s.store.ReplyToReview(ctx, id, body, s.Now()); err != nil {
		return r, storeErr(err, errReviewNotFound, "This review has its reply already.")
	}
	return s.store.Review(ctx, id)
}

// ReportReview hides a shown review until an admin keeps or removes it.
func (s *Service) ReportReview(ctx context.Context, u *auth.User, id, reason string) (domain.Review, error) {
	r, err := s.store.Review(ctx, id)
	if err != nil {
		return r, storeErr(err, errReviewNotFound, "")
	}
	if len(reason) > domain.MaxReportText {
		return r, errs.Invalid(map[string]string{"body": "must be at most 500 characters"})
	}
	if r.Status != domain.ReviewVisible {
		return r, errs.Errorf(errs.CodeConflict, "This review is already with an admin.")
	}
	if err := s.store.MoveReview(ctx, id, domain.ReviewVisible, domain.ReviewReported, reason, u.ID, s.Now()); err != nil {
		return r, storeErr(err, errReviewNotFound, "This review is already with an admin.")
	}
	return s.store.Review(ctx, id)
}

// Reviews lists a listing's shown reviews, newest first.
func (s *Service) Reviews(ctx context.Context, providerID string, limit, offset int) ([]domain.Review, int, error) {
	return s.store.VisibleReviews(ctx, providerID, limit, offset)
}
