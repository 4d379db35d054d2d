package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/classes/domain"
)

// CalendarEntry is one session on a calendar, with its class.
type CalendarEntry struct {
	Class   domain.Class
	Session domain.Session
	// Total is how many sessions the class has.
	Total int
}

// ClassCalendar is every session of a class, for its public calendar.
func ClassCalendar(v ClassView) []CalendarEntry {
	out := make([]CalendarEntry, len(v.Sessions))
	for i, x := range v.Sessions {
		out[i] = CalendarEntry{Class: v.Class, Session: x, Total: len(v.Sessions)}
	}
	return out
}

// MyCalendarURL is the address of u's private calendar of their classes: a secret
// address a calendar app can subscribe to without signing in.
func (s *Service) MyCalendarURL(ctx context.Context, u *auth.User) (string, error) {
	var b [24]byte
	_, _ = rand.Read(b[:])
	token, err := s.store.CalendarToken(ctx, u.ID, base64.RawURLEncoding.EncodeToString(b[:]), s.Now())
	if err != nil {
		return "", err
	}
	return s.publicURL + "/calendars/" + token + ".ics", nil
}

var errNoCalendar = errs.NotFound("Calendar")

// StudentCalendar is every session the student of token holds a seat in, in time
// order.
func (s *Service) StudentCalendar(ctx context.Context, token string) ([]CalendarEntry, error) {
	if len(token) < 16 || len(token) > 64 {
		return nil, errNoCalendar
	}
	studentID, err := s.store.StudentOfCalendar(ctx, token)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, errNoCalendar
	} else if err != nil {
		return nil, err
	}
	es, err := s.store.HeldSessionsOfStudent(ctx, studentID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(es))
	held := map[string]bool{}
	for _, e := range es {
		ids = append(ids, e.ClassID)
		for _, id := range e.SessionIDs {
			held[id] = true
		}
	}
	sessions, err := s.store.SessionsOfClasses(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []CalendarEntry
	seen := map[string]bool{}
	for _, e := range es {
		if seen[e.ClassID] {
			continue
		}
		seen[e.ClassID] = true
		c, err := s.store.Class(ctx, e.ClassID)
		if err != nil {
			return nil, err
		}
		for _, x := range sessions[e.ClassID] {
			if held[x.ID] {
				out = append(out, CalendarEntry{Class: c, Session: x, Total: len(sessions[e.ClassID])})
			}
		}
	}
	return out, nil
}
