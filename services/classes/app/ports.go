package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/classes/domain"
)

// The store interfaces speak only domain types. The use cases give the store every
// id and time it persists; the store answers with domain errors (domain.ErrNotFound,
// domain.ErrFull, domain.ErrAlreadyEnrolled…), wrapped with the operation that met
// them, which the use cases turn into contract answers.

// Classes keeps classes and their sessions.
type Classes interface {
	CreateClass(ctx context.Context, c domain.Class, ss []domain.Session) error
	Class(ctx context.Context, id string) (domain.Class, error)
	ClassBySlug(ctx context.Context, slug string) (domain.Class, error)
	SetClassStatus(ctx context.Context, id string, from, to domain.ClassStatus, now time.Time) (bool, error)
	ClaimClass(ctx context.Context, id, instructorID string) error
	SetCover(ctx context.Context, id, key string, now time.Time) error
	Sessions(ctx context.Context, classID string) ([]domain.Session, error)
	SessionsOfClasses(ctx context.Context, classIDs []string) (map[string][]domain.Session, error)
	PublicClasses(ctx context.Context, f domain.ClassFilter) ([]domain.Class, int, error)
	ClassesOfInstructor(ctx context.Context, instructorID, email string) ([]domain.Class, error)
	CountClasses(ctx context.Context) (int, error)
	WaitingCounts(ctx context.Context, classIDs []string) (map[string]int, error)
	MoveSession(ctx context.Context, classID, sessionID string, startsAt, endsAt, now time.Time) error
	CancelSession(ctx context.Context, classID, sessionID string, now time.Time) (bool, error)
	CompletePast(ctx context.Context, now time.Time) error
}

// Enrollments keeps students' places, the line, and their seats.
type Enrollments interface {
	// Enrol seats e (or puts it in line when waitlist is set) and returns whom it
	// seated or offered a seat from the line meanwhile.
	Enrol(ctx context.Context, e *domain.Enrollment, waitlist bool, now time.Time) ([]domain.Enrollment, error)
	// Release moves an enrolment out of from, gives its seats back and moves the
	// line; it returns the enrolment as it was, whether it moved, and whom it seated.
	Release(ctx context.Context, id string, from []domain.EnrollmentStatus, to domain.EnrollmentStatus, refundCents int64,
		now time.Time) (domain.Enrollment, bool, []domain.Enrollment, error)
	Promote(ctx context.Context, classID string, now time.Time) ([]domain.Enrollment, error)
	Claim(ctx context.Context, id string, to domain.EnrollmentStatus, method domain.Method, fee int64, holdUntil *time.Time,
		now time.Time) (bool, error)
	Confirm(ctx context.Context, id, paymentIntentID string, now time.Time) (bool, error)
	AddRefund(ctx context.Context, id string, cents int64, now time.Time) error
	SetCheckout(ctx context.Context, id, sessionID, url, paymentIntentID string) error
	MarkDoorPaid(ctx context.Context, id string, now time.Time) error
	Enrollment(ctx context.Context, id string) (domain.Enrollment, error)
	EnrollmentsOfClass(ctx context.Context, classID string, statuses ...domain.EnrollmentStatus) ([]domain.Enrollment, error)
	EnrollmentsInSession(ctx context.Context, sessionID string) ([]domain.Enrollment, error)
	EnrollmentsOfStudent(ctx context.Context, studentID string, limit, offset int) ([]domain.Enrollment, int, error)
	WaitlistPosition(ctx context.Context, classID string, waitSeq int64) (int, error)
	ExpiredHolds(ctx context.Context, now time.Time, limit int) ([]string, error)
	ClassesWithWaiters(ctx context.Context) ([]string, error)
}

// People keeps attendance, reviews, reminders and instructors' payout accounts.
type People interface {
	Roster(ctx context.Context, sessionID string) ([]domain.RosterLine, error)
	SetAttendance(ctx context.Context, sessionID string, marks []domain.Attendance) error
	AttendanceRates(ctx context.Context, classID string) (map[string][2]int, error)
	AttendanceCounts(ctx context.Context, classID string) (map[domain.AttendanceStatus]int, error)
	Attended(ctx context.Context, classID, studentID string) (bool, error)
	AddReview(ctx context.Context, v domain.Review) error
	Review(ctx context.Context, id string) (domain.Review, error)
	SetReply(ctx context.Context, id, body string, now time.Time) error
	Reviews(ctx context.Context, classID string) ([]domain.Review, error)
	// ReportReview hides a shown review; domain.ErrWrongState when it is not shown.
	ReportReview(ctx context.Context, id string, r domain.Report) error
	// SetReviewStanding moves a review on; domain.ErrWrongState when it was not in from.
	SetReviewStanding(ctx context.Context, id string, from, to domain.ReviewStanding) error
	// ReportedReviews lists the reviews waiting for an admin, the latest reported first.
	ReportedReviews(ctx context.Context, limit, offset int) ([]domain.Review, int, error)
	// RecordAudit writes an admin action to the kit's audit trail, inside the store's
	// transaction when it is bound to one.
	RecordAudit(ctx context.Context, e audit.Entry) error
	AuditTrail(ctx context.Context, subject audit.Subject, limit int) ([]audit.Entry, error)
	DueReminders(ctx context.Context, now time.Time, ahead time.Duration, limit int) ([]domain.Reminder, error)
	MarkReminded(ctx context.Context, r domain.Reminder, now time.Time) (bool, error)
	Instructor(ctx context.Context, userID string) (domain.Instructor, error)
	SetInstructor(ctx context.Context, i domain.Instructor, now time.Time) error
	SetChargesEnabled(ctx context.Context, accountID string, enabled bool, now time.Time) error
	InstructorsWhoCanCharge(ctx context.Context, userIDs []string) (map[string]bool, error)
	CalendarToken(ctx context.Context, studentID, token string, now time.Time) (string, error)
	StudentOfCalendar(ctx context.Context, token string) (string, error)
	HeldSessionsOfStudent(ctx context.Context, studentID string) ([]domain.Enrollment, error)
}

// Profiles keeps instructors' public profiles.
type Profiles interface {
	// SaveProfile stores p; a new profile whose slug is taken is domain.ErrDuplicate.
	SaveProfile(ctx context.Context, p domain.Profile, now time.Time) error
	Profile(ctx context.Context, userID string) (domain.Profile, error)
	ProfileBySlug(ctx context.Context, slug string) (domain.Profile, error)
	SetProfilePhoto(ctx context.Context, userID, key string, now time.Time) error
	MarkProfile(ctx context.Context, userID string, verified, featured bool, now time.Time) error
	Profiles(ctx context.Context, limit, offset int) ([]domain.Profile, int, error)
	// UnverifiedProfiles lists the instructors waiting to be verified, newest first.
	UnverifiedProfiles(ctx context.Context, limit, offset int) ([]domain.Profile, int, error)
}

// Assistants keeps each class's team: people named by e-mail who call its roster.
type Assistants interface {
	// AddAssistant stores a; one already on the team is domain.ErrDuplicate.
	AddAssistant(ctx context.Context, a domain.Assistant) error
	RemoveAssistant(ctx context.Context, classID, email string) error
	Assistants(ctx context.Context, classID string) ([]domain.Assistant, error)
	IsAssistant(ctx context.Context, classID, email string) (bool, error)
	AssistedClasses(ctx context.Context, email string) ([]domain.Class, error)
}

// Mailbox puts e-mail in the kit's outbox. On a store bound to a transaction the
// message is enqueued inside it, so it goes out only if what it announces commits.
type Mailbox interface {
	EnqueueMail(ctx context.Context, m mail.Message) error
}

// Store is all of the service's data.
type Store interface {
	Classes
	Enrollments
	People
	Profiles
	Assistants
	Mailbox
}

// Outbox delivers the e-mail enqueued through a Mailbox; Kick, after the commit,
// sends it at once instead of at the outbox's next round.
type Outbox interface {
	Kick()
}

// Payments is the card payment provider (the kit's Stripe Connect client).
type Payments interface {
	Enabled() bool
	CreateExpressAccount(ctx context.Context, email, idempotencyKey string) (string, error)
	OnboardingLink(ctx context.Context, accountID, refreshURL, returnURL string) (string, error)
	AccountStatus(ctx context.Context, accountID string) (payments.AccountStatus, error)
	CreateCheckout(ctx context.Context, c payments.Checkout) (payments.CheckoutSession, error)
	Refund(ctx context.Context, paymentIntentID string, amountCents int64, idempotencyKey string) (string, error)
}

var _ Payments = (*payments.Payments)(nil)
