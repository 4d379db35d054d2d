package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
)

// InquiryStatus is where a quote request stands in the provider's inbox.
type InquiryStatus string

// Inquiry statuses.
const (
	InquiryNew       InquiryStatus = "NEW"
	InquiryViewed    InquiryStatus = "VIEWED"
	InquiryResponded InquiryStatus = "RESPONDED"
	InquiryArchived  InquiryStatus = "ARCHIVED"
)

// InquiryStatuses lists the statuses in inbox order.
var InquiryStatuses = []InquiryStatus{InquiryNew, InquiryViewed, InquiryResponded, InquiryArchived}

// inquiryMoves: the provider opens a request (VIEWED), answers it (RESPONDED, also
// straight from NEW when the first reply comes without a separate opening) and puts
// it away (ARCHIVED) at any point.
var inquiryMoves = map[InquiryStatus][]InquiryStatus{
	InquiryNew:       {InquiryViewed, InquiryResponded, InquiryArchived},
	InquiryViewed:    {InquiryResponded, InquiryArchived},
	InquiryResponded: {InquiryArchived},
}

// CanMove reports whether an inquiry may go from s to to.
func (s InquiryStatus) CanMove(to InquiryStatus) bool {
	for _, t := range inquiryMoves[s] {
		if t == to {
			return true
		}
	}
	return false
}

// Move checks an inquiry's change, answering INVALID_TRANSITION when refused.
func (s InquiryStatus) Move(to InquiryStatus) error {
	if !s.CanMove(to) {
		return errs.Errorf(errs.CodeInvalidTransition, fmt.Sprintf("An inquiry that is %s cannot become %s.",
			strings.ToLower(string(s)), strings.ToLower(string(to))))
	}
	return nil
}

// Inquiry is a customer's quote request to one provider, and the thread that follows.
type Inquiry struct {
	ID            string
	ProviderID    string
	CustomerID    string
	CustomerName  string
	CustomerEmail string
	Status        InquiryStatus
	EventDate     *time.Time // a calendar day, at midnight UTC
	EventType     string
	Location      string
	Guests        int
	BudgetCents   *int64
	Message       string
	CreatedAt     time.Time
	RespondedAt   *time.Time // the provider's first reply, for its response time
	UpdatedAt     time.Time
}

// Message is one turn of an inquiry's thread.
type Message struct {
	ID        string
	InquiryID string
	AuthorID  string
	FromOwner bool // written by the provider's side
	Body      string
	CreatedAt time.Time
}

// Limits on inquiries.
const (
	MaxMessage     = 4000
	MaxEventType   = 80
	MaxLocation    = 200
	MaxGuests      = 100_000
	MaxBudgetCents = 10_000_000_00
)

// InquiryInput is what a customer sends.
type InquiryInput struct {
	Message     string
	EventDate   *time.Time
	EventType   string
	Location    string
	Guests      int
	BudgetCents *int64
	// EvenIfBooked sends the request although the provider marked the event date
	// booked (the customer was told and chose to ask).
	EvenIfBooked bool
}

// Normalize checks a quote request at now: a message, an event date that is not in
// the past (as a day), sane guests and budget.
func (in *InquiryInput) Normalize(now time.Time) error {
	in.Message = strings.TrimSpace(in.Message)
	in.EventType = strings.TrimSpace(in.EventType)
	in.Location = strings.TrimSpace(in.Location)
	bad := map[string]string{}
	switch {
	case in.Message == "":
		bad["message"] = "is required"
	case len(in.Message) > MaxMessage:
		bad["message"] = fmt.Sprintf("must be at most %d characters", MaxMessage)
	}
	if in.EventDate != nil {
		d := time.Date(in.EventDate.Year(), in.EventDate.Month(), in.EventDate.Day(), 0, 0, 0, 0, time.UTC)
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		if d.Before(today.AddDate(0, 0, -1)) { // a day's grace for time zones
			bad["eventDate"] = "must not be in the past"
		}
		in.EventDate = &d
	}
	if len(in.EventType) > MaxEventType {
		bad["eventType"] = fmt.Sprintf("must be at most %d characters", MaxEventType)
	}
	if len(in.Location) > MaxLocation {
		bad["location"] = fmt.Sprintf("must be at most %d characters", MaxLocation)
	}
	if in.Guests < 0 || in.Guests > MaxGuests {
		bad["guests"] = fmt.Sprintf("must be between 0 and %d", MaxGuests)
	}
	if in.BudgetCents != nil && (*in.BudgetCents < 0 || *in.BudgetCents > MaxBudgetCents) {
		bad["budgetCents"] = fmt.Sprintf("must be between 0 and %d", MaxBudgetCents)
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

// NormalizeMessage checks one turn of a thread.
func NormalizeMessage(body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return "", errs.Invalid(map[string]string{"body": "is required"})
	case len(body) > MaxMessage:
		return "", errs.Invalid(map[string]string{"body": fmt.Sprintf("must be at most %d characters", MaxMessage)})
	}
	return body, nil
}

// Party says who of an inquiry's two sides userID is: the customer, the provider's
// owner, or neither (then only an admin may read it).
func (q Inquiry) Party(userID, verifiedEmail string, p Provider) (customer, owner bool) {
	return userID == q.CustomerID, p.IsOwner(userID, verifiedEmail)
}

// ResponseStats are what a listing shows of how a provider answers: the share of
// inquiries answered and the median time to the first reply.
type ResponseStats struct {
	Inquiries      int
	Responded      int
	MedianResponse *time.Duration
}

// Rate is the share answered, in whole percent; nil before any inquiry.
func (s ResponseStats) Rate() *int {
	if s.Inquiries == 0 {
		return nil
	}
	r := (s.Responded*100 + s.Inquiries/2) / s.Inquiries
	return &r
}

// Median returns the median of waits (nil when there are none); it sorts a copy.
func Median(waits []time.Duration) *time.Duration {
	if len(waits) == 0 {
		return nil
	}
	w := slices.Clone(waits)
	slices.Sort(w)
	m := w[len(w)/2]
	if len(w)%2 == 0 {
		m = (w[len(w)/2-1] + w[len(w)/2]) / 2
	}
	return &m
}

// EventDay is the event's day as people read it, or "" without one.
func (q Inquiry) EventDay() string {
	if q.EventDate == nil {
		return ""
	}
	return DayWords(*q.EventDate)
}
