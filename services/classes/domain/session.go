package domain

import "time"

// SessionStatus: SCHEDULED → COMPLETED | CANCELLED. A moved session stays SCHEDULED
// at its new time.
type SessionStatus string

// Session states.
const (
	SessionScheduled SessionStatus = "SCHEDULED"
	SessionCompleted SessionStatus = "COMPLETED"
	SessionCancelled SessionStatus = "CANCELLED"
)

// Session is one meeting of a class. Taken counts every seat held or paid in it;
// Leads and Follows count the seats of students who said which they dance, for the
// class's balance cap. Sequence grows with every change calendars must learn of.
type Session struct {
	ID        string
	ClassID   string
	Position  int // 1 for the first session of the series
	StartsAt  time.Time
	EndsAt    time.Time
	Status    SessionStatus
	Capacity  int
	Taken     int
	Leads     int
	Follows   int
	Sequence  int
	UpdatedAt time.Time
}

// Left is how many seats of the session are still free.
func (s Session) Left() int { return max(0, s.Capacity-s.Taken) }

// Upcoming reports whether the session still happens after now.
func (s Session) Upcoming(now time.Time) bool {
	return s.Status == SessionScheduled && s.StartsAt.After(now)
}

// NewSessions lays out a class's sessions from its input: weekly from the first,
// each lasting the class's duration, every one with the class's capacity.
func NewSessions(classID string, in ClassInput, now time.Time) []Session {
	starts := WeeklyStarts(in.FirstSessionAt, in.Weeks)
	out := make([]Session, len(starts))
	for i, st := range starts {
		out[i] = Session{ID: NewID(), ClassID: classID, Position: i + 1, StartsAt: st,
			EndsAt: st.Add(time.Duration(in.DurationMinutes) * time.Minute), Status: SessionScheduled,
			Capacity: in.Capacity, UpdatedAt: now}
	}
	return out
}

// UpcomingOf is the sessions of ss still to happen after now, in their order.
func UpcomingOf(ss []Session, now time.Time) []Session {
	var out []Session
	for _, s := range ss {
		if s.Upcoming(now) {
			out = append(out, s)
		}
	}
	return out
}
