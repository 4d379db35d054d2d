package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/classes/domain"
)

// ClassView is a class with its sessions and what a student needs to enrol.
type ClassView struct {
	domain.Class
	Sessions []domain.Session
	// Waiting is how many students are in line.
	Waiting int
	// CardPayments: an enrolment may pay by card now (the service has Stripe keys
	// and the instructor's account can take charges).
	CardPayments bool
}

// SeatsLeft is how many students can still enrol in the whole series: the fewest
// seats left in any session still to come.
func (v ClassView) SeatsLeft(now time.Time) int {
	left := -1
	for _, x := range domain.UpcomingOf(v.Sessions, now) {
		if left < 0 || x.Left() < left {
			left = x.Left()
		}
	}
	return max(left, 0)
}

// CreateClass makes a DRAFT class taught by u (an INSTRUCTOR), with its weekly
// sessions laid out in Chicago wall time.
func (s *Service) CreateClass(ctx context.Context, u *auth.User, in domain.ClassInput) (ClassView, error) {
	if !u.Has(auth.RoleInstructor) {
		return ClassView{}, auth.ErrForbidden
	}
	now := s.Now()
	if err := in.Normalize(now); err != nil {
		return ClassView{}, err
	}
	email, _ := domain.NormalizeEmail(u.Email)
	c := domain.Class{ID: domain.NewID(), Slug: domain.Slugify(in.Title), InstructorID: u.ID, InstructorEmail: email,
		InstructorName: u.Name, Title: in.Title, Description: in.Description, Style: in.Style, Level: in.Level,
		Venue: in.Venue, Address: in.Address, Capacity: in.Capacity, PriceCents: in.PriceCents,
		DropInPriceCents: in.DropInPriceCents, DurationMinutes: in.DurationMinutes, CutoffHours: *in.CutoffHours,
		RoleCap: in.RoleCap, WhatToBring: in.WhatToBring, Prerequisites: in.Prerequisites, Status: domain.ClassDraft,
		CreatedAt: now, UpdatedAt: now}
	ss := domain.NewSessions(c.ID, in, now)
	if err := s.store.CreateClass(ctx, c, ss); err != nil {
		return ClassView{}, err
	}
	return s.view(ctx, c)
}

// Publish opens a draft for enrolment; it needs a session still to come.
func (s *Service) Publish(ctx context.Context, u *auth.User, id string) (ClassView, error) {
	c, err := s.taught(ctx, u, id)
	if err != nil {
		return ClassView{}, err
	}
	ss, err := s.store.Sessions(ctx, c.ID)
	if err != nil {
		return ClassView{}, err
	}
	if c.Status == domain.ClassDraft && len(domain.UpcomingOf(ss, s.Now())) == 0 {
		return ClassView{}, errs.Errorf(errs.CodeConflict, "Every session of this class is over; create a new one.")
	}
	if err := s.move(ctx, c, domain.ClassPublished); err != nil {
		return ClassView{}, err
	}
	return s.Manage(ctx, u, id)
}

func (s *Service) move(ctx context.Context, c domain.Class, to domain.ClassStatus) error {
	if !c.Status.CanMove(to) {
		return errs.Errorf(errs.CodeInvalidTransition, fmt.Sprintf("A class cannot go from %s to %s.", c.Status, to)).
			With(map[string]any{"status": string(c.Status)})
	}
	ok, err := s.store.SetClassStatus(ctx, c.ID, c.Status, to, s.Now())
	if err != nil {
		return err
	}
	if !ok {
		return errs.Errorf(errs.CodeConflict, "The class changed meanwhile; reload and try again.")
	}
	return nil
}

func (s *Service) session(ctx context.Context, classID, sessionID string) (domain.Session, error) {
	ss, err := s.store.Sessions(ctx, classID)
	if err != nil {
		return domain.Session{}, err
	}
	for _, x := range ss {
		if x.ID == sessionID {
			return x, nil
		}
	}
	return domain.Session{}, errs.NotFound("Session")
}

// SetCover stores the class's cover image, resized once to web size.
func (s *Service) SetCover(ctx context.Context, u *auth.User, id string, data []byte) (ClassView, error) {
	c, err := s.taught(ctx, u, id)
	if err != nil {
		return ClassView{}, err
	}
	key, err := imaging.Save(ctx, s.blobs, data, "covers/"+c.ID)
	if err != nil {
		return ClassView{}, err
	}
	if err := s.store.SetCover(ctx, c.ID, key, s.Now()); err != nil {
		return ClassView{}, err
	}
	if c.CoverKey != "" && c.CoverKey != key {
		_ = s.blobs.Delete(ctx, c.CoverKey)
	}
	return s.Manage(ctx, u, id)
}

// Manage is a class as its instructor sees it.
func (s *Service) Manage(ctx context.Context, u *auth.User, id string) (ClassView, error) {
	c, err := s.taught(ctx, u, id)
	if err != nil {
		return ClassView{}, err
	}
	return s.view(ctx, c)
}

// MyClasses lists the classes u teaches.
func (s *Service) MyClasses(ctx context.Context, u *auth.User) ([]ClassView, error) {
	cs, err := s.store.ClassesOfInstructor(ctx, u.ID, u.VerifiedEmail())
	if err != nil {
		return nil, err
	}
	return s.views(ctx, cs)
}

// PublicClasses lists published classes not yet over, soonest first.
func (s *Service) PublicClasses(ctx context.Context, f domain.ClassFilter) ([]ClassView, int, error) {
	f.EndsAfter = s.Now()
	cs, total, err := s.store.PublicClasses(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	vs, err := s.views(ctx, cs)
	return vs, total, err
}

// PublicClass finds a class by slug (or id). Drafts are shown only to their
// instructor and admins.
func (s *Service) PublicClass(ctx context.Context, u *auth.User, slugOrID string) (ClassView, error) {
	c, err := s.store.ClassBySlug(ctx, slugOrID)
	if errors.Is(err, domain.ErrNotFound) {
		c, err = s.store.Class(ctx, slugOrID)
	}
	if errors.Is(err, domain.ErrNotFound) {
		return ClassView{}, errClassNotFound
	} else if err != nil {
		return ClassView{}, err
	}
	if c.Status == domain.ClassDraft && (u == nil || (!c.IsInstructor(u.ID, u.VerifiedEmail()) && !u.Has(auth.RoleAdmin))) {
		return ClassView{}, errClassNotFound
	}
	return s.view(ctx, c)
}

func (s *Service) view(ctx context.Context, c domain.Class) (ClassView, error) {
	vs, err := s.views(ctx, []domain.Class{c})
	if err != nil {
		return ClassView{}, err
	}
	return vs[0], nil
}

func (s *Service) views(ctx context.Context, cs []domain.Class) ([]ClassView, error) {
	ids := make([]string, len(cs))
	teachers := make([]string, 0, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
		teachers = append(teachers, c.InstructorID)
	}
	ss, err := s.store.SessionsOfClasses(ctx, ids)
	if err != nil {
		return nil, err
	}
	waiting, err := s.store.WaitingCounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	card := map[string]bool{}
	if s.CardEnabled() {
		if card, err = s.store.InstructorsWhoCanCharge(ctx, teachers); err != nil {
			return nil, err
		}
	}
	out := make([]ClassView, len(cs))
	for i, c := range cs {
		out[i] = ClassView{Class: c, Sessions: ss[c.ID], Waiting: waiting[c.ID], CardPayments: card[c.InstructorID]}
	}
	return out, nil
}
