package app

import (
	"context"
	"errors"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/events/domain"
)

var errEventNotFound = errs.NotFound("Event")

// managed loads an event the user may manage: its organizer, or an admin (who
// moderates). Others get 404 for drafts and 403 for public events.
func (s *Events) managed(ctx context.Context, u *auth.User, eventID string) (domain.Event, error) {
	ev, err := s.event(ctx, eventID)
	if err != nil {
		return ev, err
	}
	if u != nil && (ev.IsOrganizer(u.ID, u.Email) || u.Has(auth.RoleAdmin)) {
		return ev, nil
	}
	if ev.Status == domain.EventDraft {
		return ev, errEventNotFound
	}
	return ev, auth.ErrForbidden
}

// scannable loads an event whose tickets the user may scan and whose cash the user
// may approve: its organizer or its staff.
func (s *Events) scannable(ctx context.Context, u *auth.User, eventID string) (domain.Event, error) {
	ev, err := s.event(ctx, eventID)
	if err != nil {
		return ev, err
	}
	if u == nil {
		return ev, auth.ErrUnauthenticated
	}
	if ev.IsOrganizer(u.ID, u.Email) {
		return ev, nil
	}
	if email, ok := domain.NormalizeEmail(u.Email); ok {
		staff, err := s.store.IsStaff(ctx, eventID, email)
		if err != nil {
			return ev, err
		}
		if staff {
			return ev, nil
		}
	}
	if ev.Status == domain.EventDraft {
		return ev, errEventNotFound
	}
	return ev, auth.ErrForbidden
}

// CanScan reports whether u may scan at the event (for pages).
func (s *Events) CanScan(ctx context.Context, u *auth.User, eventID string) (domain.Event, error) {
	return s.scannable(ctx, u, eventID)
}

func (s *Events) event(ctx context.Context, id string) (domain.Event, error) {
	ev, err := s.store.EventByID(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return ev, errEventNotFound
	}
	return ev, err
}
