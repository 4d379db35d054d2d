package domain

import (
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
)

// AttendanceStatus is what the instructor marked for one student at one session.
type AttendanceStatus string

// Attendance marks.
const (
	Present AttendanceStatus = "PRESENT"
	Absent  AttendanceStatus = "ABSENT"
	Late    AttendanceStatus = "LATE"
	Excused AttendanceStatus = "EXCUSED"
)

// Valid reports whether a is one of the four marks.
func (a AttendanceStatus) Valid() bool {
	return a == Present || a == Absent || a == Late || a == Excused
}

// Attended reports whether the student was there (late counts).
func (a AttendanceStatus) Attended() bool { return a == Present || a == Late }

// Attendance is one mark, with who made it and when.
type Attendance struct {
	SessionID    string
	EnrollmentID string
	Status       AttendanceStatus
	MarkedBy     string
	MarkedAt     time.Time
}

// RosterLine is one enrolment seated at a session, as the instructor's roster shows it.
type RosterLine struct {
	Enrollment Enrollment
	Attendance *Attendance
}

// Review is one student's word on a class, and the instructor's answer.
type Review struct {
	ID          string
	ClassID     string
	StudentID   string
	StudentName string
	Rating      int
	Body        string
	Reply       string
	RepliedAt   *time.Time
	CreatedAt   time.Time
	Standing    ReviewStanding
	Report      *Report // the report that hid it, if anyone reported it
}

// ReviewInput is what a student writes.
type ReviewInput struct {
	Rating int
	Body   string
}

// Normalize checks a review: 1 to 5 stars, at most 2000 characters.
func (in *ReviewInput) Normalize() error {
	in.Body = strings.TrimSpace(in.Body)
	bad := map[string]string{}
	if in.Rating < 1 || in.Rating > 5 {
		bad["rating"] = "must be from 1 to 5"
	}
	if len(in.Body) > 2000 {
		bad["body"] = "must be at most 2000 characters"
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

// NormalizeReply checks an instructor's answer to a review.
func NormalizeReply(body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return "", errs.Invalid(map[string]string{"body": "is required"})
	case len(body) > 2000:
		return "", errs.Invalid(map[string]string{"body": "must be at most 2000 characters"})
	}
	return body, nil
}

// Instructor is a teacher's payout account (Stripe Connect), which card enrolments
// are paid to.
type Instructor struct {
	UserID          string
	Email           string
	StripeAccountID string
	ChargesEnabled  bool
}

// CanCharge reports whether card enrolments may go to the instructor now.
func (i Instructor) CanCharge() bool { return i.StripeAccountID != "" && i.ChargesEnabled }

// ClassFilter narrows the public list of classes.
type ClassFilter struct {
	Q        string
	Style    string
	Level    string
	From, To *time.Time
	// EndsAfter hides classes whose last session is over.
	EndsAfter time.Time
	Limit     int
	Offset    int
}

// Reminder is one reminder due: a confirmed enrolment's seat at a session soon. A
// session moved to another time is a new reminder.
type Reminder struct {
	SessionID    string
	EnrollmentID string
	StartsAt     time.Time
}

// RemindAhead is how long before a session its students are reminded of it.
const RemindAhead = 24 * time.Hour
