package app

import (
	"context"
	"errors"
	"fmt"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/classes/domain"
)

// SessionRoster is who sits in one session, with their marks.
type SessionRoster struct {
	Session domain.Session
	Lines   []domain.RosterLine
}

// Roster lists, for the instructor and their assistants, who sits in each session
// of a class (or in the one session named), and each student's attendance rate:
// attended of marked.
func (s *Service) Roster(ctx context.Context, u *auth.User, classID, sessionID string) (domain.Class, []SessionRoster, map[string][2]int, error) {
	c, err := s.called(ctx, u, classID)
	if err != nil {
		return c, nil, nil, err
	}
	ss, err := s.store.Sessions(ctx, c.ID)
	if err != nil {
		return c, nil, nil, err
	}
	var out []SessionRoster
	for _, x := range ss {
		if sessionID != "" && x.ID != sessionID {
			continue
		}
		lines, err := s.store.Roster(ctx, x.ID)
		if err != nil {
			return c, nil, nil, err
		}
		out = append(out, SessionRoster{Session: x, Lines: lines})
	}
	if sessionID != "" && len(out) == 0 {
		return c, nil, nil, errs.NotFound("Session")
	}
	rates, err := s.store.AttendanceRates(ctx, c.ID)
	return c, out, rates, err
}

// AttendanceMark is one mark the instructor sends.
type AttendanceMark struct {
	EnrollmentID string
	Status       domain.AttendanceStatus
}

// SetAttendance records the marks of the instructor (or an assistant) at one
// session, all or none; who marked and when are kept with each.
func (s *Service) SetAttendance(ctx context.Context, u *auth.User, classID, sessionID string, marks []AttendanceMark) (SessionRoster, error) {
	c, err := s.called(ctx, u, classID)
	if err != nil {
		return SessionRoster{}, err
	}
	x, err := s.session(ctx, c.ID, sessionID)
	if err != nil {
		return SessionRoster{}, err
	}
	bad := map[string]string{}
	if len(marks) == 0 {
		bad["records"] = "mark at least one student"
	}
	if len(marks) > 2*domain.MaxCapacity {
		bad["records"] = "too many marks"
	}
	now := s.Now()
	out := make([]domain.Attendance, 0, len(marks))
	seen := map[string]bool{}
	for i, m := range marks {
		switch {
		case m.EnrollmentID == "":
			bad[fmt.Sprintf("records[%d].enrollmentId", i)] = "is required"
		case seen[m.EnrollmentID]:
			bad[fmt.Sprintf("records[%d].enrollmentId", i)] = "is marked twice"
		case !m.Status.Valid():
			bad[fmt.Sprintf("records[%d].status", i)] = "must be PRESENT, ABSENT, LATE or EXCUSED"
		}
		seen[m.EnrollmentID] = true
		out = append(out, domain.Attendance{SessionID: x.ID, EnrollmentID: m.EnrollmentID, Status: m.Status, MarkedBy: u.ID, MarkedAt: now})
	}
	if len(bad) > 0 {
		return SessionRoster{}, errs.Invalid(bad)
	}
	if err := s.store.SetAttendance(ctx, x.ID, out); errors.Is(err, domain.ErrNotFound) {
		return SessionRoster{}, errs.Invalid(map[string]string{"records": "every enrolmentId must be on this session's roster"})
	} else if err != nil {
		return SessionRoster{}, err
	}
	lines, err := s.store.Roster(ctx, x.ID)
	return SessionRoster{Session: x, Lines: lines}, err
}

var (
	errNotAttended = errs.Errorf(errs.CodeForbidden, "Only students who attended a session of this class may review it.")
	errReviewed    = errs.Errorf(errs.CodeConflict, "You have already reviewed this class.")
)

// AddReview records u's review of a class u attended; one per student per class.
func (s *Service) AddReview(ctx context.Context, u *auth.User, classID string, in domain.ReviewInput) (domain.Review, error) {
	c, err := s.class(ctx, classID)
	if err != nil {
		return domain.Review{}, err
	}
	if err := in.Normalize(); err != nil {
		return domain.Review{}, err
	}
	attended, err := s.store.Attended(ctx, c.ID, u.ID)
	if err != nil {
		return domain.Review{}, err
	}
	if !attended {
		return domain.Review{}, errNotAttended
	}
	name := u.Name
	if name == "" {
		name = "A student"
	}
	v := domain.Review{ID: domain.NewID(), ClassID: c.ID, StudentID: u.ID, StudentName: name, Rating: in.Rating, Body: in.Body, CreatedAt: s.Now()}
	if err := s.store.AddReview(ctx, v); errors.Is(err, domain.ErrDuplicate) {
		return domain.Review{}, errReviewed
	} else if err != nil {
		return domain.Review{}, err
	}
	return v, nil
}

// Reply records the instructor's answer to a review of their class.
func (s *Service) Reply(ctx context.Context, u *auth.User, reviewID, body string) (domain.Review, error) {
	v, err := s.store.Review(ctx, reviewID)
	if errors.Is(err, domain.ErrNotFound) {
		return v, errs.NotFound("Review")
	} else if err != nil {
		return v, err
	}
	if _, err := s.taught(ctx, u, v.ClassID); err != nil {
		return v, err
	}
	body, err = domain.NormalizeReply(body)
	if err != nil {
		return v, err
	}
	if err := s.store.SetReply(ctx, v.ID, body, s.Now()); err != nil {
		return v, err
	}
	return s.store.Review(ctx, v.ID)
}

// Reviews lists a class's reviews.
func (s *Service) Reviews(ctx context.Context, classID string) ([]domain.Review, error) {
	return s.store.Reviews(ctx, classID)
}
