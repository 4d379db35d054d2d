package app

import (
	"context"
	"errors"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/classes/domain"
)

var errProfileNotFound = errs.NotFound("Instructor")

// ProfileView is an instructor's profile with the classes they teach that are open.
type ProfileView struct {
	domain.Profile
	Classes []ClassView
}

// SaveProfile writes u's instructor profile (INSTRUCTOR); its address is made from
// the name the first time and stays.
func (s *Service) SaveProfile(ctx context.Context, u *auth.User, in domain.ProfileInput) (ProfileView, error) {
	if !u.Has(auth.RoleInstructor) {
		return ProfileView{}, auth.ErrForbidden
	}
	if err := in.Normalize(); err != nil {
		return ProfileView{}, err
	}
	p := domain.Profile{UserID: u.ID, DisplayName: in.DisplayName, Bio: in.Bio, Styles: in.Styles, Links: in.Links}
	var err error
	for range 3 { // a random suffix makes a clash of slugs all but impossible; retry the rare one
		p.Slug = domain.Slugify(in.DisplayName)
		if err = s.store.SaveProfile(ctx, p, s.Now()); !errors.Is(err, domain.ErrDuplicate) {
			break
		}
	}
	if err != nil {
		return ProfileView{}, err
	}
	return s.profileView(ctx, u.ID)
}

// SetProfilePhoto stores u's profile photo, resized once to web size.
func (s *Service) SetProfilePhoto(ctx context.Context, u *auth.User, data []byte) (ProfileView, error) {
	p, err := s.store.Profile(ctx, u.ID)
	if errors.Is(err, domain.ErrNotFound) {
		return ProfileView{}, errs.Errorf(errs.CodeConflict, "Write your profile before adding a photo.")
	} else if err != nil {
		return ProfileView{}, err
	}
	key, err := imaging.Save(ctx, s.blobs, data, "covers/instructors/"+u.ID)
	if err != nil {
		return ProfileView{}, err
	}
	if err := s.store.SetProfilePhoto(ctx, u.ID, key, s.Now()); err != nil {
		return ProfileView{}, err
	}
	if p.PhotoKey != "" && p.PhotoKey != key {
		_ = s.blobs.Delete(ctx, p.PhotoKey)
	}
	return s.profileView(ctx, u.ID)
}

// Profile is an instructor's public page by slug, with their open classes.
func (s *Service) Profile(ctx context.Context, slug string) (ProfileView, error) {
	p, err := s.store.ProfileBySlug(ctx, slug)
	if errors.Is(err, domain.ErrNotFound) {
		return ProfileView{}, errProfileNotFound
	} else if err != nil {
		return ProfileView{}, err
	}
	return s.profileView(ctx, p.UserID)
}

// InstructorSlug names the profile of the instructor with userID; "" when they have
// none (or the class waits for its instructor to sign in).
func (s *Service) InstructorSlug(ctx context.Context, userID string) (string, error) {
	if userID == "" {
		return "", nil
	}
	p, err := s.store.Profile(ctx, userID)
	if errors.Is(err, domain.ErrNotFound) {
		return "", nil
	}
	return p.Slug, err
}

// Profiles lists instructors, featured first, then verified.
func (s *Service) Profiles(ctx context.Context, limit, offset int) ([]domain.Profile, int, error) {
	return s.store.Profiles(ctx, limit, offset)
}

func (s *Service) profileView(ctx context.Context, userID string) (ProfileView, error) {
	p, err := s.store.Profile(ctx, userID)
	if errors.Is(err, domain.ErrNotFound) {
		return ProfileView{}, errProfileNotFound
	} else if err != nil {
		return ProfileView{}, err
	}
	cs, err := s.store.ClassesOfInstructor(ctx, userID, "")
	if err != nil {
		return ProfileView{}, err
	}
	now := s.Now()
	var open []domain.Class
	for _, c := range cs {
		if c.Status == domain.ClassPublished {
			open = append(open, c)
		}
	}
	vs, err := s.views(ctx, open)
	if err != nil {
		return ProfileView{}, err
	}
	out := ProfileView{Profile: p, Classes: []ClassView{}}
	for _, v := range vs {
		if len(domain.UpcomingOf(v.Sessions, now)) > 0 {
			out.Classes = append(out.Classes, v)
		}
	}
	return out, nil
}
