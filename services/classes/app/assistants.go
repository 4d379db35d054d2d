package app

import (
	"context"
	"errors"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/emailaddr"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/classes/domain"
)

// called loads a class whose roster u may call: its instructor (or an admin), or
// an assistant on its team by a verified address.
func (s *Service) called(ctx context.Context, u *auth.User, classID string) (domain.Class, error) {
	c, err := s.taught(ctx, u, classID)
	if err == nil || !errors.Is(err, errNotInstructor) && !errors.Is(err, errClassNotFound) {
		return c, err
	}
	if email := u.VerifiedEmail(); email != "" {
		ok, aerr := s.store.IsAssistant(ctx, classID, email)
		if aerr != nil {
			return c, aerr
		}
		if ok {
			return s.class(ctx, classID)
		}
	}
	return c, err
}

// AddAssistant puts the person with email on the class's team; the instructor
// does it.
func (s *Service) AddAssistant(ctx context.Context, u *auth.User, classID, email string) (domain.Assistant, error) {
	c, err := s.taught(ctx, u, classID)
	if err != nil {
		return domain.Assistant{}, err
	}
	normal, err := emailaddr.Normalize(email)
	if err != nil {
		return domain.Assistant{}, errs.Invalid(map[string]string{"email": "is not a usable e-mail address"})
	}
	if c.IsInstructor("", normal) || (u != nil && normal == u.VerifiedEmail() && c.IsInstructor(u.ID, "")) {
		return domain.Assistant{}, errs.Errorf(errs.CodeConflict, "The instructor runs the class already; add someone else.")
	}
	a := domain.Assistant{ClassID: c.ID, Email: normal, AddedAt: s.Now()}
	if err := s.store.AddAssistant(ctx, a); errors.Is(err, domain.ErrDuplicate) {
		return a, errs.Errorf(errs.CodeConflict, normal+" is already an assistant of this class.")
	} else if err != nil {
		return a, err
	}
	return a, nil
}

// RemoveAssistant takes the person with email off the class's team.
func (s *Service) RemoveAssistant(ctx context.Context, u *auth.User, classID, email string) error {
	c, err := s.taught(ctx, u, classID)
	if err != nil {
		return err
	}
	normal, err := emailaddr.Normalize(email)
	if err != nil {
		return errs.NotFound("Assistant")
	}
	if err := s.store.RemoveAssistant(ctx, c.ID, normal); errors.Is(err, domain.ErrNotFound) {
		return errs.NotFound("Assistant")
	} else if err != nil {
		return err
	}
	return nil
}

// Assistants lists the class's team for its instructor.
func (s *Service) Assistants(ctx context.Context, u *auth.User, classID string) ([]domain.Assistant, error) {
	c, err := s.taught(ctx, u, classID)
	if err != nil {
		return nil, err
	}
	return s.store.Assistants(ctx, c.ID)
}

// AssistedClasses lists the classes u helps run, for their dashboard.
func (s *Service) AssistedClasses(ctx context.Context, u *auth.User) ([]domain.Class, error) {
	email := u.VerifiedEmail()
	if email == "" {
		return nil, nil
	}
	return s.store.AssistedClasses(ctx, email)
}
