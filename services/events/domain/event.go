package domain

import (
	"strings"
	"time"

	"stepperslife/internal/kit/emailaddr"
	"stepperslife/internal/kit/errs"
)

// EventStatus is where an event is in its life: DRAFT → PUBLISHED → COMPLETED |
// CANCELLED (a draft may also be cancelled).
type EventStatus string

// Event states.
const (
	EventDraft     EventStatus = "DRAFT"
	EventPublished EventStatus = "PUBLISHED"
	EventCompleted EventStatus = "COMPLETED"
	EventCancelled EventStatus = "CANCELLED"
)

var eventMoves = map[EventStatus][]EventStatus{
	EventDraft:     {EventPublished, EventCancelled},
	EventPublished: {EventCompleted, EventCancelled},
}

// CanMove reports whether an event may go from s to next.
func (s EventStatus) CanMove(next EventStatus) bool {
	for _, n := range eventMoves[s] {
		if n == next {
			return true
		}
	}
	return false
}

// Categories an event may have; the portal filters by them.
var Categories = []string{"BALL", "SET", "WORKSHOP", "CRUISE", "SOCIAL", "COMPETITION", "OTHER"}

// Event is one dance event.
type Event struct {
	ID             string
	Slug           string
	OrganizerID    string
	OrganizerEmail string
	Title          string
	Description    string
	Category       string
	Venue          string
	Address        string
	StartsAt       time.Time
	EndsAt         time.Time
	Status         EventStatus
	FlyerKey       string
	// CashDeadline is when the organizer stops holding cash-at-the-door
	// reservations (say, when the doors open); nil holds them until the event ends.
	CashDeadline *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// IsOrganizer reports whether the user with id and email organizes e: by id. Demo
// events are created before their organizer has an id; until claimed they match
// the one written form of the e-mail address (emailaddr), never Unicode case
// folding, which let a look-alike address (a long s for an s) pass.
func (e Event) IsOrganizer(id, email string) bool {
	if e.OrganizerID != "" {
		return id != "" && e.OrganizerID == id
	}
	return e.Unclaimed() && emailaddr.Same(e.OrganizerEmail, email)
}

// Unclaimed reports whether e still waits for its organizer's id (a demo event).
func (e Event) Unclaimed() bool { return e.OrganizerID == "" && e.OrganizerEmail != "" }

// EventInput is what an organizer writes about an event.
type EventInput struct {
	Title       string
	Description string
	Category    string
	Venue       string
	Address     string
	StartsAt    time.Time
	EndsAt      time.Time
}

// Normalize trims the input and checks it, naming every bad field.
func (in *EventInput) Normalize() error {
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	in.Category = strings.ToUpper(strings.TrimSpace(in.Category))
	in.Venue = strings.TrimSpace(in.Venue)
	in.Address = strings.TrimSpace(in.Address)
	in.StartsAt, in.EndsAt = in.StartsAt.UTC(), in.EndsAt.UTC()
	bad := map[string]string{}
	switch {
	case in.Title == "":
		bad["title"] = "is required"
	case len(in.Title) > 200:
		bad["title"] = "must be at most 200 characters"
	}
	if len(in.Description) > 20000 {
		bad["description"] = "must be at most 20000 characters"
	}
	if in.Category == "" {
		in.Category = "OTHER"
	} else if !validCategory(in.Category) {
		bad["category"] = "must be one of " + strings.Join(Categories, ", ")
	}
	if in.Venue == "" {
		bad["venue"] = "is required"
	} else if len(in.Venue) > 200 {
		bad["venue"] = "must be at most 200 characters"
	}
	if len(in.Address) > 300 {
		bad["address"] = "must be at most 300 characters"
	}
	if in.StartsAt.IsZero() {
		bad["startsAt"] = "is required (RFC 3339)"
	}
	if in.EndsAt.IsZero() {
		bad["endsAt"] = "is required (RFC 3339)"
	} else if !in.StartsAt.IsZero() && !in.EndsAt.After(in.StartsAt) {
		bad["endsAt"] = "must be after startsAt"
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

func validCategory(c string) bool {
	for _, k := range Categories {
		if k == c {
			return true
		}
	}
	return false
}

// NormalizeEmail returns the one written form of an e-mail address (emailaddr), and
// whether s is a usable address at all.
func NormalizeEmail(s string) (string, bool) {
	n, err := emailaddr.Normalize(s)
	if err != nil {
		return strings.TrimSpace(s), false
	}
	return n, true
}

// CheckCashDeadline refuses a cash deadline that is not before the event's end (cash
// is taken at the door of this event) or already past at now. A nil one (hold cash
// until the event ends) is always fine.
func (e Event) CheckCashDeadline(t *time.Time, now time.Time) error {
	if t == nil {
		return nil
	}
	switch {
	case !t.Before(e.EndsAt):
		return errs.Invalid(map[string]string{"cashDeadline": "must be before the event ends"})
	case !t.After(now):
		return errs.Invalid(map[string]string{"cashDeadline": "must be in the future"})
	}
	return nil
}

// CashHoldEnd is when a cash reservation stops holding its seats: the organizer's
// deadline, or else the event's end.
func (e Event) CashHoldEnd() time.Time {
	if e.CashDeadline != nil {
		return *e.CashDeadline
	}
	if e.EndsAt.IsZero() {
		return e.StartsAt
	}
	return e.EndsAt
}
