package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/classes/adapters/sqlstore"
	"stepperslife/services/classes/domain"
	"stepperslife/services/classes/migrations"
)

var (
	ctx = context.Background()
	now = time.Date(2026, 2, 1, 18, 0, 0, 0, time.UTC)
)

func each(t *testing.T, fn func(t *testing.T, s *sqlstore.Store)) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) { fn(t, sqlstore.New(d)) }, outbox.Migrations, migrations.Set)
}

// seedClass stores a published class of weeks weekly sessions with capacity seats.
func seedClass(t *testing.T, s *sqlstore.Store, price int64, capacity, weeks, roleCap int) (domain.Class, []domain.Session) {
	t.Helper()
	in := domain.ClassInput{Title: "Steppin I", Venue: "Hall", Capacity: capacity, PriceCents: price,
		FirstSessionAt: now.Add(48 * time.Hour), DurationMinutes: 90, Weeks: weeks, RoleCap: roleCap}
	if err := in.Normalize(now); err != nil {
		t.Fatal(err)
	}
	c := domain.Class{ID: domain.NewID(), Slug: domain.Slugify(in.Title), InstructorID: "teacher", Title: in.Title,
		Style: in.Style, Level: in.Level, Venue: in.Venue, Capacity: in.Capacity, PriceCents: in.PriceCents,
		DurationMinutes: in.DurationMinutes, CutoffHours: *in.CutoffHours, RoleCap: in.RoleCap,
		Status: domain.ClassPublished, CreatedAt: now, UpdatedAt: now}
	ss := domain.NewSessions(c.ID, in, now)
	if err := s.CreateClass(ctx, c, ss); err != nil {
		t.Fatal(err)
	}
	return c, ss
}

// enrolment is a series enrolment of student n in c, as the use cases build it.
func enrolment(c domain.Class, n int, role domain.Role, seats int) *domain.Enrollment {
	status := domain.EnrollConfirmed
	method := domain.PayFree
	if c.PriceCents > 0 {
		method = domain.PayDoor
	}
	return &domain.Enrollment{ID: domain.NewID(), ClassID: c.ID, StudentID: fmt.Sprintf("student-%d", n),
		StudentName: fmt.Sprintf("Student %d", n), StudentEmail: fmt.Sprintf("s%d@example.com", n), Kind: domain.KindSeries,
		Method: method, Role: role, Seats: seats, Status: status, AmountCents: c.PriceCents * int64(seats), Currency: "usd",
		CreatedAt: now, UpdatedAt: now}
}

func taken(t *testing.T, s *sqlstore.Store, classID string) []int {
	t.Helper()
	ss, err := s.Sessions(ctx, classID)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]int, len(ss))
	for i, x := range ss {
		out[i] = x.Taken
	}
	return out
}

func TestEnrolSeatsWaitsAndRefuses(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		c, ss := seedClass(t, s, 0, 2, 3, 0)
		for i := range 2 {
			if _, err := s.Enrol(ctx, enrolment(c, i, domain.RoleEither, 1), false, now); err != nil {
				t.Fatal(err)
			}
		}
		if got := taken(t, s, c.ID); fmt.Sprint(got) != "[2 2 2]" {
			t.Fatalf("a series takes a seat in every session: %v", got)
		}
		if _, err := s.Enrol(ctx, enrolment(c, 9, domain.RoleEither, 1), false, now); !errors.Is(err, domain.ErrFull) {
			t.Fatalf("full without waitlist: %v", err)
		}
		w := enrolment(c, 9, domain.RoleEither, 1)
		if _, err := s.Enrol(ctx, w, true, now); err != nil || w.Status != domain.EnrollWaitlisted || w.WaitSeq != 1 {
			t.Fatalf("waitlist: %v %+v", err, w)
		}
		if _, err := s.Enrol(ctx, enrolment(c, 9, domain.RoleEither, 1), true, now); !errors.Is(err, domain.ErrAlreadyEnrolled) {
			t.Fatalf("twice in line: %v", err)
		}
		drop := enrolment(c, 0, domain.RoleEither, 1)
		drop.Kind, drop.SessionID = domain.KindDropIn, ss[1].ID
		if _, err := s.Enrol(ctx, drop, true, now); !errors.Is(err, domain.ErrAlreadyEnrolled) {
			t.Fatalf("a series student dropping in: %v", err)
		}
		if pos, err := s.WaitlistPosition(ctx, c.ID, w.WaitSeq); err != nil || pos != 1 {
			t.Fatalf("position %d %v", pos, err)
		}
	})
}

// A freed seat of a free class goes at once to the first in line; of a paid class it
// is offered to the first in line for a claim window, and when the window lapses to
// the next.
func TestTheWaitlistMoves(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		free, _ := seedClass(t, s, 0, 1, 2, 0)
		seated := enrolment(free, 1, domain.RoleEither, 1)
		first, second := enrolment(free, 2, domain.RoleEither, 1), enrolment(free, 3, domain.RoleEither, 1)
		for _, e := range []*domain.Enrollment{seated, first, second} {
			if _, err := s.Enrol(ctx, e, true, now); err != nil {
				t.Fatal(err)
			}
		}
		_, ok, moved, err := s.Release(ctx, seated.ID, []domain.EnrollmentStatus{domain.EnrollConfirmed}, domain.EnrollCancelled, 0, now)
		if err != nil || !ok || len(moved) != 1 || moved[0].ID != first.ID || moved[0].Status != domain.EnrollConfirmed {
			t.Fatalf("free class: %v %v %+v", err, ok, moved)
		}
		if got := taken(t, s, free.ID); fmt.Sprint(got) != "[1 1]" {
			t.Fatalf("taken %v", got)
		}
		// Released twice: nothing moves.
		if _, ok, moved, err := s.Release(ctx, seated.ID, []domain.EnrollmentStatus{domain.EnrollConfirmed}, domain.EnrollCancelled, 0, now); err != nil || ok || len(moved) != 0 {
			t.Fatalf("second release: %v %v %+v", ok, moved, err)
		}

		paid, _ := seedClass(t, s, 6000, 1, 2, 0)
		holder := enrolment(paid, 1, domain.RoleEither, 1)
		a, b := enrolment(paid, 2, domain.RoleEither, 1), enrolment(paid, 3, domain.RoleEither, 1)
		for _, e := range []*domain.Enrollment{holder, a, b} {
			if _, err := s.Enrol(ctx, e, true, now); err != nil {
				t.Fatal(err)
			}
		}
		_, _, moved, err = s.Release(ctx, holder.ID, []domain.EnrollmentStatus{domain.EnrollConfirmed}, domain.EnrollCancelled, 0, now)
		if err != nil || len(moved) != 1 || moved[0].ID != a.ID || moved[0].Status != domain.EnrollOffered ||
			!moved[0].HoldExpiresAt.Equal(now.Add(domain.ClaimWindow)) {
			t.Fatalf("paid class: %v %+v", err, moved)
		}
		later := now.Add(domain.ClaimWindow)
		if ok, err := s.Claim(ctx, a.ID, domain.EnrollConfirmed, domain.PayDoor, 0, nil, later); err != nil || ok {
			t.Fatalf("a lapsed offer was claimed: %v %v", ok, err)
		}
		ids, err := s.ExpiredHolds(ctx, later, 10)
		if err != nil || len(ids) != 1 || ids[0] != a.ID {
			t.Fatalf("expired: %v %v", ids, err)
		}
		_, ok, moved, err = s.Release(ctx, a.ID, []domain.EnrollmentStatus{domain.EnrollOffered}, domain.EnrollExpired, 0, later)
		if err != nil || !ok || len(moved) != 1 || moved[0].ID != b.ID || moved[0].Status != domain.EnrollOffered {
			t.Fatalf("the offer moves on: %v %+v", err, moved)
		}
		if ok, err := s.Claim(ctx, b.ID, domain.EnrollConfirmed, domain.PayDoor, 0, nil, later); err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if got := taken(t, s, paid.ID); fmt.Sprint(got) != "[1 1]" {
			t.Fatalf("taken %v", got)
		}
	})
}

// Leads beyond the cap wait in their own line while follows are seated past them; a
// follow who evens the class lets the first waiting lead in; a couple takes two
// seats at once or none.
func TestLeadFollowBalanceAndCouples(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		c, _ := seedClass(t, s, 0, 6, 1, 1)
		lead1 := enrolment(c, 1, domain.RoleLead, 1)
		lead2 := enrolment(c, 2, domain.RoleLead, 1)
		follow := enrolment(c, 3, domain.RoleFollow, 1)
		if _, err := s.Enrol(ctx, lead1, true, now); err != nil || lead1.Status != domain.EnrollConfirmed {
			t.Fatal(err)
		}
		if _, err := s.Enrol(ctx, lead2, true, now); err != nil || lead2.Status != domain.EnrollWaitlisted {
			t.Fatalf("second lead over the cap: %v %s", err, lead2.Status)
		}
		moved, err := s.Enrol(ctx, follow, true, now)
		if err != nil || follow.Status != domain.EnrollConfirmed || len(moved) != 1 || moved[0].ID != lead2.ID {
			t.Fatalf("a follow lets the waiting lead in: %v %s %+v", err, follow.Status, moved)
		}
		couple := enrolment(c, 4, domain.RoleLead, 2)
		if _, err := s.Enrol(ctx, couple, false, now); err != nil {
			t.Fatal(err)
		}
		ss, _ := s.Sessions(ctx, c.ID)
		if ss[0].Taken != 5 || ss[0].Leads != 3 || ss[0].Follows != 2 {
			t.Fatalf("after the couple: %+v", ss[0])
		}
		other := enrolment(c, 5, domain.RoleEither, 2)
		if _, err := s.Enrol(ctx, other, false, now); !errors.Is(err, domain.ErrFull) {
			t.Fatalf("a couple for one seat: %v", err)
		}
		if ss, _ := s.Sessions(ctx, c.ID); ss[0].Taken != 5 {
			t.Fatalf("a refused couple took a seat: %+v", ss[0])
		}
	})
}

func TestAttendanceReviewsAndReminders(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		c, ss := seedClass(t, s, 0, 5, 2, 0)
		e := enrolment(c, 1, domain.RoleEither, 1)
		if _, err := s.Enrol(ctx, e, false, now); err != nil {
			t.Fatal(err)
		}
		roster, err := s.Roster(ctx, ss[0].ID)
		if err != nil || len(roster) != 1 || roster[0].Attendance != nil {
			t.Fatalf("roster: %+v %v", roster, err)
		}
		mark := domain.Attendance{EnrollmentID: e.ID, Status: domain.Late, MarkedBy: "teacher", MarkedAt: now}
		if err := s.SetAttendance(ctx, ss[0].ID, []domain.Attendance{mark}); err != nil {
			t.Fatal(err)
		}
		stranger := domain.Attendance{EnrollmentID: "nobody", Status: domain.Present, MarkedBy: "teacher", MarkedAt: now}
		if err := s.SetAttendance(ctx, ss[1].ID, []domain.Attendance{mark, stranger}); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("a mark for no seat: %v", err)
		}
		if roster, _ := s.Roster(ctx, ss[1].ID); roster[0].Attendance != nil {
			t.Fatal("a refused batch left a mark")
		}
		if ok, err := s.Attended(ctx, c.ID, e.StudentID); err != nil || !ok {
			t.Fatalf("attended: %v %v", ok, err)
		}
		v := domain.Review{ID: domain.NewID(), ClassID: c.ID, StudentID: e.StudentID, StudentName: "S", Rating: 5, CreatedAt: now}
		if err := s.AddReview(ctx, v); err != nil {
			t.Fatal(err)
		}
		v.ID = domain.NewID()
		if err := s.AddReview(ctx, v); !errors.Is(err, domain.ErrDuplicate) {
			t.Fatalf("second review: %v", err)
		}
		due, err := s.DueReminders(ctx, ss[0].StartsAt.Add(-23*time.Hour), 24*time.Hour, 10)
		if err != nil || len(due) != 1 || due[0].SessionID != ss[0].ID {
			t.Fatalf("due: %+v %v", due, err)
		}
		if ok, err := s.MarkReminded(ctx, due[0], now); err != nil || !ok {
			t.Fatal(err)
		}
		if ok, err := s.MarkReminded(ctx, due[0], now); err != nil || ok {
			t.Fatalf("reminded twice: %v %v", ok, err)
		}
		if due, _ := s.DueReminders(ctx, ss[0].StartsAt.Add(-23*time.Hour), 24*time.Hour, 10); len(due) != 0 {
			t.Fatalf("still due: %+v", due)
		}
		// Moved, the session is reminded of again at its new time.
		if err := s.MoveSession(ctx, c.ID, ss[0].ID, ss[0].StartsAt.Add(time.Hour), ss[0].EndsAt.Add(time.Hour), now); err != nil {
			t.Fatal(err)
		}
		if due, _ := s.DueReminders(ctx, ss[0].StartsAt.Add(-22*time.Hour), 24*time.Hour, 10); len(due) != 1 {
			t.Fatalf("a moved session: %+v", due)
		}
	})
}
