package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/events/domain"
)

// SetCashDeadline sets when cash-at-the-door reservations stop holding their seats
// (nil: when the event ends). It must fall before the event's end and after now;
// the reservations already waiting move to it.
func (s *Events) SetCashDeadline(ctx context.Context, u *auth.User, eventID string, deadline *time.Time) (domain.Event, error) {
	ev, err := s.managed(ctx, u, eventID)
	if err != nil {
		return ev, err
	}
	in := domain.EventInput{Title: ev.Title, Description: ev.Description, Category: ev.Category, Venue: ev.Venue,
		Address: ev.Address, StartsAt: ev.StartsAt, EndsAt: ev.EndsAt}
	return s.EditEvent(ctx, u, eventID, in, deadline, true)
}
