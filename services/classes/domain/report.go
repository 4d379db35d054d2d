package domain

import (
	"strings"
	"time"
	"unicode/utf8"

	"stepperslife/internal/kit/errs"
)

// ReviewStanding is where a review stands with the people who run the site.
type ReviewStanding string

// A review is SHOWN until someone reports it; a REPORTED review is hidden until an
// admin keeps it (KEPT: shown, and not reportable again) or removes it (REMOVED).
const (
	ReviewShown    ReviewStanding = "SHOWN"
	ReviewReported ReviewStanding = "REPORTED"
	ReviewKept     ReviewStanding = "KEPT"
	ReviewRemoved  ReviewStanding = "REMOVED"
)

// Visible reports whether the public reads the review.
func (s ReviewStanding) Visible() bool { return s == ReviewShown || s == ReviewKept }

// Report is someone's word that a review should not be shown.
type Report struct {
	By     string
	Reason string
	At     time.Time
}

// MaxReportReason bounds what a reporter writes.
const MaxReportReason = 1000

// NormalizeReportReason checks what a reporter says is wrong with a review.
func NormalizeReportReason(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return s, errs.Invalid(map[string]string{"reason": "is required: say what is wrong with the review"})
	case utf8.RuneCountInString(s) > MaxReportReason:
		return s, errs.Invalid(map[string]string{"reason": "must be at most 1000 characters"})
	}
	return s, nil
}

// CanReport says whether a review in standing s may be reported: only a shown one
// an admin has not kept already. The error names why not.
func CanReport(s ReviewStanding) error {
	switch s {
	case ReviewShown:
		return nil
	case ReviewReported:
		return errs.Errorf(errs.CodeConflict, "This review is reported already; an admin will look at it.")
	case ReviewKept:
		return errs.Errorf(errs.CodeInvalidTransition, "An admin has looked at this review and kept it.").
			With(map[string]any{"status": string(s), "action": "report"})
	}
	return errs.NotFound("Review")
}

// ReviewDecision is an admin's decision on a reported review.
type ReviewDecision string

// Keep shows the review again; Remove takes it down for good.
const (
	KeepReview   ReviewDecision = "keep"
	RemoveReview ReviewDecision = "remove"
)

// ParseReviewDecision reads a decision from a path.
func ParseReviewDecision(s string) (ReviewDecision, bool) {
	switch d := ReviewDecision(s); d {
	case KeepReview, RemoveReview:
		return d, true
	}
	return "", false
}

// NeedsReason reports whether the decision must say why (a removal does).
func (d ReviewDecision) NeedsReason() bool { return d == RemoveReview }

// Decide is where a review in standing from goes on d, or INVALID_TRANSITION: only
// a reported review waits for a decision.
func (d ReviewDecision) Decide(from ReviewStanding) (ReviewStanding, error) {
	if from != ReviewReported {
		return "", errs.Errorf(errs.CodeInvalidTransition, "Only a reported review waits for a decision.").
			With(map[string]any{"status": string(from), "action": string(d)})
	}
	if d == KeepReview {
		return ReviewKept, nil
	}
	return ReviewRemoved, nil
}
