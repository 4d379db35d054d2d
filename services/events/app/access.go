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
	if u != nil && ev.IsOrganizer(u.ID, u.Email) {
		return s.claim(ctx, ev, u)
	}
	if u != nil && u.Has(auth.RoleAdmin) {
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
		return s.claim(ctx, ev, u)
	}
	if email, ok := staffEmail(u); ok {
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

// staffEmail is the address under which u may be on an event's staff: only one the
// portal saw u receive mail at, so whoever registers an address first does not
// become door staff and read attendee names.
func staffEmail(u *auth.User) (string, bool) {
	if u == nil || !u.EmailVerified {
		return "", false
	}
	return domain.NormalizeEmail(u.Email)
}

// claim records u's id on an unclaimed (demo) event that u organizes by e-mail, so
// that from then on the event is theirs by id.
func (s *Events) claim(ctx context.Context, ev domain.Event, u *auth.User) (domain.Event, error) {
	if !ev.Unclaimed() || u.ID == "" {
		return ev, nil
	}
	if err := s.store.ClaimEvent(ctx, ev.ID, u.ID); err != nil && !errors.Is(err, domain.ErrNotFound) {
		return ev, err
	}
	return s.event(ctx, ev.ID)
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
