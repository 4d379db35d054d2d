package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/services/domain"
)

const reviewCols = `id, provider_id, author_id, author_name, rating, body, verified, status, report_reason, reply,
	replied_at, created_at, updated_at`

func scanReview(r scanner) (domain.Review, error) {
	var v domain.Review
	var replied sql.NullTime
	err := r.Scan(&v.ID, &v.ProviderID, &v.AuthorID, &v.AuthorName, &v.Rating, &v.Body, &v.Verified, &v.Status,
		&v.ReportReason, &v.Reply, &replied, &v.CreatedAt, &v.UpdatedAt)
	v.RepliedAt = timePtr(replied)
	v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	return v, err
}

// AddReview stores a customer's review and counts it in the listing's rating, in one
// transaction under the listing's row lock. A second review by the same customer of
// the same listing is domain.ErrDuplicate, however the two race.
func (s *Store) AddReview(ctx context.Context, r domain.Review) error {
	return wrap("add review", r.ProviderID, s.inTx(ctx, func(q querier) error {
		if err := s.lockProvider(ctx, q, r.ProviderID); err != nil {
			return err
		}
		_, err := q.ExecContext(ctx, `INSERT INTO reviews (`+reviewCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', '',
			NULL, $9, $9)`, r.ID, r.ProviderID, r.AuthorID, r.AuthorName, r.Rating, r.Body, r.Verified, string(r.Status),
			r.CreatedAt.UTC())
		if db.IsUniqueViolation(err) {
			return domain.ErrDuplicate
		}
		if err != nil {
			return err
		}
		if r.Status.Counts() {
			return s.bumpRating(ctx, q, r.ProviderID, 1, r.Rating)
		}
		return nil
	}))
}

// bumpRating moves a listing's review count and star total by deltas and refreshes
// its Bayesian score from the new totals (domain.RankScore), under the row lock the
// first UPDATE holds.
func (s *Store) bumpRating(ctx context.Context, q querier, providerID string, dCount, dSum int) error {
	res, err := q.ExecContext(ctx, `UPDATE providers SET review_count = review_count + $2, rating_sum = rating_sum + $3
		WHERE id = $1`, providerID, dCount, dSum)
	if err := oneRow(res, err); err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `UPDATE providers SET rank_score =
		(CAST($2 AS DOUBLE PRECISION) + rating_sum) / (CAST($3 AS DOUBLE PRECISION) + review_count) WHERE id = $1`,
		providerID, domain.PriorMean*domain.PriorWeight, float64(domain.PriorWeight))
	return err
}

// Review finds a review by id.
func (s *Store) Review(ctx context.Context, id string) (domain.Review, error) {
	r, err := scanReview(s.q().QueryRowContext(ctx, `SELECT `+reviewCols+` FROM reviews WHERE id = $1`, id))
	return r, wrap("review", id, notFound(err))
}

// ReviewOf finds a customer's review of a listing.
func (s *Store) ReviewOf(ctx context.Context, providerID, authorID string) (domain.Review, error) {
	r, err := scanReview(s.q().QueryRowContext(ctx, `SELECT `+reviewCols+` FROM reviews WHERE provider_id = $1 AND author_id = $2`,
		providerID, authorID))
	return r, wrap("review of", providerID, notFound(err))
}

// VisibleReviews lists a listing's shown reviews, newest first, with their total.
func (s *Store) VisibleReviews(ctx context.Context, providerID string, limit, offset int) ([]domain.Review, int, error) {
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM reviews WHERE provider_id = $1 AND status = $2`,
		providerID, string(domain.ReviewVisible)).Scan(&total); err != nil {
		return nil, 0, wrap("count reviews", providerID, err)
	}
	rs, err := s.reviews(ctx, `SELECT `+reviewCols+` FROM reviews WHERE provider_id = $1 AND status = $2
		ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`, providerID, string(domain.ReviewVisible), max(limit, 1), max(offset, 0))
	return rs, total, wrap("reviews", providerID, err)
}

// ReportedReviews lists reviews waiting for an admin, oldest report first, with the total.
func (s *Store) ReportedReviews(ctx context.Context, limit, offset int) ([]domain.Review, int, error) {
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM reviews WHERE status = $1`,
		string(domain.ReviewReported)).Scan(&total); err != nil {
		return nil, 0, wrap("count reported reviews", "", err)
	}
	rs, err := s.reviews(ctx, `SELECT `+reviewCols+` FROM reviews WHERE status = $1 ORDER BY updated_at, id LIMIT $2 OFFSET $3`,
		string(domain.ReviewReported), max(limit, 1), max(offset, 0))
	return rs, total, wrap("reported reviews", "", err)
}

func (s *Store) reviews(ctx context.Context, query string, args ...any) ([]domain.Review, error) {
	rows, err := s.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.Review{}
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// MoveReview changes a review's status from from to to (domain.ErrWrongState when it
// is no longer in from) and keeps the listing's rating to its visible reviews: leaving
// VISIBLE takes the stars out, coming back puts them in. A report records its reason
// and reporter.
func (s *Store) MoveReview(ctx context.Context, id string, from, to domain.ReviewStatus, reason, by string, now time.Time) error {
	return wrap("move review", id, s.inTx(ctx, func(q querier) error {
		r, err := scanReview(q.QueryRowContext(ctx, `SELECT `+reviewCols+` FROM reviews WHERE id = $1`, id))
		if err != nil {
			return notFound(err)
		}
		if err := s.lockProvider(ctx, q, r.ProviderID); err != nil {
			return err
		}
		set, args := `status = $3, updated_at = $4`, []any{id, string(from), string(to), now.UTC()}
		if to == domain.ReviewReported {
			set, args = set+`, report_reason = $5, reported_by = $6`, append(args, reason, by)
		}
		res, err := q.ExecContext(ctx, `UPDATE reviews SET `+set+` WHERE id = $1 AND status = $2`, args...)
		if err := oneRow(res, err); err != nil {
			if err == domain.ErrNotFound {
				return domain.ErrWrongState
			}
			return err
		}
		switch {
		case from.Counts() && !to.Counts():
			return s.bumpRating(ctx, q, r.ProviderID, -1, -r.Rating)
		case !from.Counts() && to.Counts():
			return s.bumpRating(ctx, q, r.ProviderID, 1, r.Rating)
		}
		return nil
	}))
}

// EditReview changes a customer's own review (stars and text) and moves the
// listing's star total by the difference while the review counts.
func (s *Store) EditReview(ctx context.Context, id string, rating int, body string, now time.Time) error {
	return wrap("edit review", id, s.inTx(ctx, func(q querier) error {
		r, err := scanReview(q.QueryRowContext(ctx, `SELECT `+reviewCols+` FROM reviews WHERE id = $1`, id))
		if err != nil {
			return notFound(err)
		}
		if err := s.lockProvider(ctx, q, r.ProviderID); err != nil {
			return err
		}
		// Read again under the lock: a report or another edit may have come between.
		if r, err = scanReview(q.QueryRowContext(ctx, `SELECT `+reviewCols+` FROM reviews WHERE id = $1`, id)); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `UPDATE reviews SET rating = $2, body = $3, updated_at = $4 WHERE id = $1`,
			id, rating, body, now.UTC()); err != nil {
			return err
		}
		if r.Status.Counts() && rating != r.Rating {
			return s.bumpRating(ctx, q, r.ProviderID, 0, rating-r.Rating)
		}
		return nil
	}))
}

// ReplyToReview records the provider's one answer; a review answered already is
// domain.ErrWrongState.
func (s *Store) ReplyToReview(ctx context.Context, id, body string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE reviews SET reply = $2, replied_at = $3, updated_at = $3
		WHERE id = $1 AND replied_at IS NULL`, id, body, now.UTC())
	if err = oneRow(res, err); err == domain.ErrNotFound {
		if _, e := s.Review(ctx, id); e != nil {
			return e
		}
		err = domain.ErrWrongState
	}
	return wrap("reply to review", id, err)
}
