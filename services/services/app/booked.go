package app

import (
	"context"
	"errors"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/services/domain"
)

// Calendar is the storage of the days providers are booked.
type Calendar interface {
	MarkBooked(ctx context.Context, providerID string, day, now time.Time) error
	UnmarkBooked(ctx context.Context, providerID string, day time.Time) error
	ReplaceImported(ctx context.Context, providerID string, days []time.Time, now time.Time) (int, error)
	BookedDays(ctx context.Context, providerID string, from time.Time, limit int) ([]domain.BookedDay, error)
	IsBooked(ctx context.Context, providerID string, day time.Time) (bool, error)
}

// BookedDays lists a listing's booked days from today on (its owner and admins).
func (s *Service) BookedDays(ctx context.Context, u *auth.User, providerID string) ([]domain.BookedDay, error) {
	p, err := s.owned(ctx, u, providerID)
	if err != nil {
		return nil, err
	}
	return s.store.BookedDays(ctx, p.ID, domain.Today(s.Now()), domain.BookedHorizonDays+1)
}

// MarkBooked marks a day on which the provider is not free.
func (s *Service) MarkBooked(ctx context.Context, u *auth.User, providerID string, day time.Time) error {
	p, err := s.owned(ctx, u, providerID)
	if err != nil {
		return err
	}
	if err := domain.CheckBookable(day, s.Now()); err != nil {
		return err
	}
	return s.store.MarkBooked(ctx, p.ID, day, s.Now())
}

// UnmarkBooked frees a booked day.
func (s *Service) UnmarkBooked(ctx context.Context, u *auth.User, providerID string, day time.Time) error {
	p, err := s.owned(ctx, u, providerID)
	if err != nil {
		return err
	}
	err = s.store.UnmarkBooked(ctx, p.ID, day)
	if errors.Is(err, domain.ErrNotFound) {
		return errs.NotFound("Booked day")
	}
	return err
}

// ImportCalendar books the busy days of the provider's own .ics file in place of
// those its previous import booked; it answers how many days the file books.
func (s *Service) ImportCalendar(ctx context.Context, u *auth.User, providerID string, data []byte) (int, error) {
	p, err := s.owned(ctx, u, providerID)
	if err != nil {
		return 0, err
	}
	days, err := domain.ParseCalendar(data, s.Now())
	if err != nil {
		return 0, err
	}
	if _, err := s.store.ReplaceImported(ctx, p.ID, days, s.Now()); err != nil {
		return 0, storeErr(err, errProviderNotFound, "")
	}
	return len(days), nil
}

// Availability tells anyone who may see a listing whether it is booked on day.
func (s *Service) Availability(ctx context.Context, u *auth.User, slugOrID string, day time.Time) (bool, error) {
	v, err := s.Public(ctx, u, slugOrID)
	if err != nil {
		return false, err
	}
	return s.store.IsBooked(ctx, v.ID, day)
}

// errDateBooked is the answer to a quote request for a day the provider marked
// booked, before it is sent; the customer may send it anyway.
func errDateBooked(p domain.Provider, day time.Time) error {
	return errs.Errorf(errs.CodeConflict, p.BusinessName+" has marked "+day.Format("Monday, January 2, 2006")+
		" as booked. Send your request anyway if your date can move, or pick another business.").
		With(map[string]any{"reason": "DATE_BOOKED", "eventDate": day.Format(domain.DayLayout)})
}
