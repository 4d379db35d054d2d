package domain

import (
	"fmt"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
)

// ReviewStatus is whether a review counts.
type ReviewStatus string

// Review statuses. A report hides a review (REPORTED) until an admin keeps it
// (VISIBLE again) or removes it (REMOVED); only VISIBLE reviews show and count in the
// rating.
const (
	ReviewVisible  ReviewStatus = "VISIBLE"
	ReviewReported ReviewStatus = "REPORTED"
	ReviewRemoved  ReviewStatus = "REMOVED"
)

var reviewMoves = map[ReviewStatus][]ReviewStatus{
	ReviewVisible:  {ReviewReported},
	ReviewReported: {ReviewVisible, ReviewRemoved},
}

// CanMove reports whether a review may go from s to to.
func (s ReviewStatus) CanMove(to ReviewStatus) bool {
	for _, t := range reviewMoves[s] {
		if t == to {
			return true
		}
	}
	return false
}

// Counts reports whether a review in s shows and counts in the rating.
func (s ReviewStatus) Counts() bool { return s == ReviewVisible }

// Review is one customer's word on one provider.
type Review struct {
	ID           string
	ProviderID   string
	AuthorID     string
	AuthorName   string
	Rating       int
	Body         string
	Verified     bool // tied to an inquiry the provider answered
	Status       ReviewStatus
	ReportReason string
	Reply        string
	RepliedAt    *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Limits on reviews.
const (
	MaxReviewBody = 2000
	MaxReplyBody  = 2000
	MaxReportText = 500
)

// ReviewInput is what a customer writes.
type ReviewInput struct {
	Rating int
	Body   string
}

// Normalize checks a review: 1 to 5 stars and at most MaxReviewBody characters.
func (in *ReviewInput) Normalize() error {
	in.Body = strings.TrimSpace(in.Body)
	bad := map[string]string{}
	if in.Rating < 1 || in.Rating > 5 {
		bad["rating"] = "must be from 1 to 5 stars"
	}
	if len(in.Body) > MaxReviewBody {
		bad["body"] = fmt.Sprintf("must be at most %d characters", MaxReviewBody)
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

// MayReview says whether author may review p: a listing's owner may not review
// itself, and only public listings take reviews.
func MayReview(p Provider, authorID, verifiedEmail string) error {
	if p.IsOwner(authorID, verifiedEmail) {
		return errs.Errorf(errs.CodeForbidden, "A provider cannot review its own business.")
	}
	if p.Status != ProviderApproved {
		return errs.Errorf(errs.CodeInvalidTransition, "This listing does not take reviews.")
	}
	return nil
}

// NormalizeReply checks a provider's answer to a review; it answers once.
func NormalizeReply(r Review, body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return "", errs.Invalid(map[string]string{"body": "is required"})
	case len(body) > MaxReplyBody:
		return "", errs.Invalid(map[string]string{"body": fmt.Sprintf("must be at most %d characters", MaxReplyBody)})
	case r.RepliedAt != nil:
		return "", errs.Errorf(errs.CodeConflict, "This review has its reply already.")
	}
	return body, nil
}
