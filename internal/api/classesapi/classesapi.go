// Package classesapi is the classes service's JSON API as Go types: what it is sent
// and what it answers. The service encodes with these types and every client (the
// portal first) decodes with them, so each wire shape has one definition. Fields may
// be added; none may be renamed or removed, as CONTRACT.md is the minimum shape.
//
// The package imports only the standard library and the kit's words (which import
// only the standard library too), so any service may use it without depending on
// the classes service.
package classesapi

import "time"

// Payment methods an enrolment may ask for.
const (
	PayFree = "free"
	PayCard = "card"
	PayDoor = "door"
)

// Class is a class with its sessions (GET /api/classes/{slug}, and each class of the
// list).
type Class struct {
	ID             string `json:"id"`
	Slug           string `json:"slug"`
	Title          string `json:"title"`
	Description    string `json:"description"`
	Style          string `json:"style"`
	Level          string `json:"level"`
	Venue          string `json:"venue"`
	Address        string `json:"address"`
	InstructorID   string `json:"instructorId"`
	InstructorName string `json:"instructorName"`
	// InstructorSlug names the instructor's profile (GET /api/instructors/{slug});
	// absent when they have none. Only a single class's answer carries it.
	InstructorSlug string `json:"instructorSlug,omitempty"`
	Capacity       int    `json:"capacity"`
	// PriceCents is the price of the whole series.
	PriceCents int64 `json:"priceCents"`
	// DropInPriceCents is the price of one session on its own; absent: no drop-ins.
	DropInPriceCents  *int64 `json:"dropInPriceCents,omitempty"`
	Currency          string `json:"currency"`
	DurationMinutes   int    `json:"durationMinutes"`
	Weeks             int    `json:"weeks"`
	CancelCutoffHours int    `json:"cancelCutoffHours"`
	// RefundPolicy says in words what a cancellation gives back.
	RefundPolicy  string    `json:"refundPolicy"`
	RoleCap       int       `json:"roleCap"`
	WhatToBring   string    `json:"whatToBring,omitempty"`
	Prerequisites string    `json:"prerequisites,omitempty"`
	CoverURL      string    `json:"coverUrl,omitempty"`
	Status        string    `json:"status"`
	URL           string    `json:"url"`
	CalendarURL   string    `json:"calendarUrl"`
	Sessions      []Session `json:"sessions"`
	// SeatsLeft is how many can still enrol in the whole series (the fewest seats
	// left in any session still to come).
	SeatsLeft     int  `json:"seatsLeft"`
	WaitlistCount int  `json:"waitlistCount"`
	CardPayments  bool `json:"cardPayments"`
	// StartsAt and EndsAt span the sessions.
	StartsAt  *time.Time `json:"startsAt,omitempty"`
	EndsAt    *time.Time `json:"endsAt,omitempty"`
	CreatedAt time.Time  `json:"createdAt"`
	UpdatedAt time.Time  `json:"updatedAt"`
}

// Session is one meeting of a class.
type Session struct {
	ID        string    `json:"id"`
	Position  int       `json:"position"`
	StartsAt  time.Time `json:"startsAt"`
	EndsAt    time.Time `json:"endsAt"`
	Status    string    `json:"status"`
	SeatsLeft int       `json:"seatsLeft"`
	Leads     int       `json:"leads"`
	Follows   int       `json:"follows"`
}

// ClassInput is what an instructor sends to create a class (POST /api/classes).
type ClassInput struct {
	Title             string    `json:"title"`
	Description       string    `json:"description"`
	Style             string    `json:"style"`
	Level             string    `json:"level"`
	Venue             string    `json:"venue"`
	Address           string    `json:"address"`
	Capacity          int       `json:"capacity"`
	PriceCents        int64     `json:"priceCents"`
	DropInPriceCents  *int64    `json:"dropInPriceCents,omitempty"`
	FirstSessionAt    time.Time `json:"firstSessionAt"`
	DurationMinutes   int       `json:"durationMinutes"`
	Weeks             int       `json:"weeks"`
	CancelCutoffHours *int      `json:"cancelCutoffHours,omitempty"`
	RoleCap           int       `json:"roleCap,omitempty"`
	WhatToBring       string    `json:"whatToBring,omitempty"`
	Prerequisites     string    `json:"prerequisites,omitempty"`
}

// Partner is the second dancer of a couple's enrolment.
type Partner struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
}

// EnrollRequest is a student's enrolment (POST /api/enrollments): the series, or one
// session (sessionId); waitlist asks for a place in line when the class is full.
type EnrollRequest struct {
	ClassID       string   `json:"classId"`
	SessionID     string   `json:"sessionId,omitempty"`
	PaymentMethod string   `json:"paymentMethod"`
	Waitlist      bool     `json:"waitlist,omitempty"`
	Role          string   `json:"role,omitempty"`
	Partner       *Partner `json:"partner,omitempty"`
}

// Enrollment is a student's place (or place in line).
type Enrollment struct {
	ID            string   `json:"id"`
	ClassID       string   `json:"classId"`
	ClassSlug     string   `json:"classSlug"`
	ClassTitle    string   `json:"classTitle"`
	Venue         string   `json:"venue"`
	SessionID     string   `json:"sessionId,omitempty"`
	Kind          string   `json:"kind"`
	Status        string   `json:"status"`
	PaymentMethod string   `json:"paymentMethod"`
	Role          string   `json:"role"`
	Partner       *Partner `json:"partner,omitempty"`
	Seats         int      `json:"seats"`
	AmountCents   int64    `json:"amountCents"`
	// PlatformFeeCents is the platform's share of a card payment.
	PlatformFeeCents int64  `json:"platformFeeCents"`
	RefundedCents    int64  `json:"refundedCents"`
	Currency         string `json:"currency"`
	// WaitlistPosition is the place in line (1: next) while WAITLISTED.
	WaitlistPosition *int `json:"waitlistPosition,omitempty"`
	// HoldExpiresAt ends an unpaid card hold (PENDING_PAYMENT) or the window to claim
	// an offered seat (OFFERED).
	HoldExpiresAt *time.Time `json:"holdExpiresAt,omitempty"`
	CheckoutURL   string     `json:"checkoutUrl,omitempty"`
	DoorPaid      bool       `json:"doorPaid"`
	Sessions      []Session  `json:"sessions"`
	CreatedAt     time.Time  `json:"createdAt"`
}

// RosterLine is one enrolment seated at a session, as the instructor sees it.
type RosterLine struct {
	EnrollmentID  string     `json:"enrollmentId"`
	StudentName   string     `json:"studentName"`
	StudentEmail  string     `json:"studentEmail"`
	Kind          string     `json:"kind"`
	Status        string     `json:"status"`
	PaymentMethod string     `json:"paymentMethod"`
	Paid          bool       `json:"paid"`
	Role          string     `json:"role"`
	Partner       *Partner   `json:"partner,omitempty"`
	Seats         int        `json:"seats"`
	Attendance    string     `json:"attendance,omitempty"`
	MarkedBy      string     `json:"markedBy,omitempty"`
	MarkedAt      *time.Time `json:"markedAt,omitempty"`
	// AttendanceRate is attended of marked sessions of this class, 0 to 1; absent
	// before any mark.
	AttendanceRate *float64 `json:"attendanceRate,omitempty"`
}

// SessionRoster is who sits in one session.
type SessionRoster struct {
	Session  Session      `json:"session"`
	Students []RosterLine `json:"students"`
}

// Roster is a class's roster per session (GET /api/classes/{id}/roster).
type Roster struct {
	ClassID  string          `json:"classId"`
	Sessions []SessionRoster `json:"sessions"`
}

// AttendanceRecord is one mark (PUT …/attendance).
type AttendanceRecord struct {
	EnrollmentID string `json:"enrollmentId"`
	Status       string `json:"status"`
}

// AttendanceRequest is the instructor's marks at one session: records, or all to
// mark everyone on the roster alike ("all present" in one tap).
type AttendanceRequest struct {
	Records []AttendanceRecord `json:"records"`
	All     string             `json:"all,omitempty"`
}

// Review is one student's review and the instructor's reply.
type Review struct {
	ID          string     `json:"id"`
	ClassID     string     `json:"classId"`
	StudentName string     `json:"studentName"`
	Rating      int        `json:"rating"`
	Body        string     `json:"body"`
	Reply       string     `json:"reply,omitempty"`
	RepliedAt   *time.Time `json:"repliedAt,omitempty"`
	CreatedAt   time.Time  `json:"createdAt"`
	// Standing is SHOWN, REPORTED (hidden until an admin decides), KEPT or REMOVED
	// (words under "review").
	Standing string `json:"standing"`
}

// Instructor is an instructor's public profile (GET /api/instructors/{slug}), with
// the classes they teach that are open for enrolment.
type Instructor struct {
	ID          string   `json:"id"`
	Slug        string   `json:"slug"`
	DisplayName string   `json:"displayName"`
	Bio         string   `json:"bio"`
	Styles      []string `json:"styles"`
	Links       []string `json:"links"`
	PhotoURL    string   `json:"photoUrl,omitempty"`
	Verified    bool     `json:"verified"`
	Featured    bool     `json:"featured"`
	URL         string   `json:"url"`
	Classes     []Class  `json:"classes,omitempty"`
}

// ProfileInput is what an instructor writes about themself (PUT /api/me/instructor).
type ProfileInput struct {
	DisplayName string   `json:"displayName"`
	Bio         string   `json:"bio"`
	Styles      []string `json:"styles"`
	Links       []string `json:"links"`
}

// Assistant is a member of a class's team (GET /api/classes/{id}/assistants): named
// by e-mail, they call its roster (attendance, door payments) once signed in with
// that address, verified.
type Assistant struct {
	ClassID string    `json:"classId"`
	Email   string    `json:"email"`
	AddedAt time.Time `json:"addedAt"`
}

// AssistantInput adds an assistant (POST /api/classes/{id}/assistants).
type AssistantInput struct {
	Email string `json:"email"`
}
