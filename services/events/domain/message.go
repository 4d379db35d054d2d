package domain

import (
	"strings"
	"time"
	"unicode/utf8"

	"stepperslife/internal/kit/errs"
)

// The audit trail's names for an organizer's message to an event's attendees; the
// trail is also what the per-event limit counts.
const (
	AuditSubjectEvent     = "event"
	AuditMessageAttendees = "message_attendees"
)

// An organizer may message an event's attendees MessagesPerWindow times within
// MessageWindow: enough for "doors moved" and "see you tonight", not a newsletter.
const (
	MessagesPerWindow = 3
	MessageWindow     = 24 * time.Hour
)

// Limits of a message to attendees, in characters.
const (
	MaxMessageSubject = 150
	MaxMessageBody    = 5000
)

// MessageInput is what an organizer writes to an event's ticket holders: plain
// text, to all of them or to one tier's.
type MessageInput struct {
	Subject string
	Body    string
	TierID  string // empty: every tier
}

// Normalize trims the message and checks it, naming every bad field. A subject is
// one line: a line break in it would make the mail server refuse every copy.
func (in *MessageInput) Normalize() error {
	in.Subject = strings.Join(strings.Fields(in.Subject), " ")
	in.Body = strings.TrimSpace(strings.ReplaceAll(in.Body, "\r\n", "\n"))
	in.TierID = strings.TrimSpace(in.TierID)
	bad := map[string]string{}
	switch n := utf8.RuneCountInString(in.Subject); {
	case n == 0:
		bad["subject"] = "is required"
	case n > MaxMessageSubject:
		bad["subject"] = "must be at most 150 characters"
	}
	switch n := utf8.RuneCountInString(in.Body); {
	case n == 0:
		bad["body"] = "is required"
	case n > MaxMessageBody:
		bad["body"] = "must be at most 5000 characters"
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

// Recipients are the distinct addresses (in their one written form) of the ticket
// holders among as, of tier tierID when it is not empty: valid and admitted
// tickets, and cash reservations still waiting to pay at the door (they are coming
// too). Each address appears once, however many tickets it holds.
func Recipients(as []Attendee, tierID string) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range as {
		if tierID != "" && a.TierID != tierID {
			continue
		}
		holds := a.Status == string(TicketValid) || a.Status == string(TicketScanned) ||
			a.Status == string(TicketPending) && a.Method == string(PayCash)
		email, ok := NormalizeEmail(a.Email)
		if !holds || !ok || seen[email] {
			continue
		}
		seen[email] = true
		out = append(out, email)
	}
	return out
}
