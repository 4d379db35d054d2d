package app_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/classes/adapters/sqlstore"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/domain"
	"stepperslife/services/classes/migrations"
)

var (
	ctx     = context.Background()
	teacher = &auth.User{ID: "teach", Email: "tina@example.com", Name: "Tina", Roles: []string{auth.RoleInstructor}}
)

func student(n int) *auth.User {
	return &auth.User{ID: "s" + string(rune('a'+n)), Email: "s" + string(rune('a'+n)) + "@example.com", Name: "Student"}
}

// clock is a test clock the use cases read.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func newService(d *db.DB, c *clock) *app.Service {
	st := sqlstore.New(d)
	return app.New(app.Config{Store: st, PublicURL: "http://classes.test", Now: c.Now,
		InTx: func(ctx context.Context, fn func(app.Store) error) error {
			return st.InTx(ctx, func(tx *sqlstore.Store) error { return fn(tx) })
		}})
}

func each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	dbtest.Each(t, fn, outbox.Migrations, migrations.Set)
}

func publish(t *testing.T, s *app.Service, c *clock, price int64, capacity, weeks int, firstIn time.Duration) app.ClassView {
	t.Helper()
	v, err := s.CreateClass(ctx, teacher, domain.ClassInput{Title: "Steppin I", Venue: "Hall", Capacity: capacity,
		PriceCents: price, FirstSessionAt: c.Now().Add(firstIn), DurationMinutes: 90, Weeks: weeks})
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.Publish(ctx, teacher, v.ID); err != nil {
		t.Fatal(err)
	}
	return v
}

func enrol(t *testing.T, s *app.Service, u *auth.User, classID string, method domain.Method, waitlist bool) app.EnrollmentView {
	t.Helper()
	v, err := s.Enrol(ctx, u, domain.EnrollRequest{ClassID: classID, Method: method, Waitlist: waitlist})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mails(t *testing.T, d *db.DB, subject string) []string {
	t.Helper()
	return dbtest.Strings(t, d, `SELECT to_addrs FROM kit_outbox_mail WHERE subject = $1 ORDER BY to_addrs`, subject)
}

// A paid class's freed seat is offered to the first in line; when the claim window
// lapses (a fake clock moves past it) the sweeper offers it to the next, who claims
// it at the door. Nobody skips: the third in line is never offered.
func TestOfferLapsesAndMovesOn(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		c := &clock{t: time.Date(2026, 2, 1, 18, 0, 0, 0, time.UTC)}
		s := newService(d, c)
		v := publish(t, s, c, 6000, 1, 2, 72*time.Hour)
		seated := enrol(t, s, student(0), v.ID, domain.PayDoor, false)
		first := enrol(t, s, student(1), v.ID, domain.PayDoor, true)
		second := enrol(t, s, student(2), v.ID, domain.PayDoor, true)
		third := enrol(t, s, student(3), v.ID, domain.PayDoor, true)
		if first.Position != 1 || second.Position != 2 || third.Position != 3 {
			t.Fatalf("positions %d %d %d", first.Position, second.Position, third.Position)
		}
		if _, err := s.Cancel(ctx, student(0), seated.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Enrollment(ctx, student(1), first.ID)
		if got.Status != domain.EnrollOffered || !got.HoldExpiresAt.Equal(c.Now().Add(domain.ClaimWindow)) {
			t.Fatalf("offered: %+v", got.Enrollment)
		}
		if m := mails(t, d, "A seat opened in Steppin I"); len(m) != 1 || m[0] != student(1).Email {
			t.Fatalf("offer mail: %v", m)
		}
		// Nothing moves before the window ends.
		c.Set(c.Now().Add(domain.ClaimWindow - time.Minute))
		if n, _, err := s.Sweep(ctx); err != nil || n != 0 {
			t.Fatalf("early sweep: %d %v", n, err)
		}
		c.Set(c.Now().Add(time.Minute))
		if n, _, err := s.Sweep(ctx); err != nil || n != 1 {
			t.Fatalf("sweep: %d %v", n, err)
		}
		if got, _ := s.Enrollment(ctx, student(1), first.ID); got.Status != domain.EnrollExpired {
			t.Fatalf("the lapsed offer: %s", got.Status)
		}
		if _, err := s.Claim(ctx, student(1), first.ID, domain.PayDoor); err == nil {
			t.Fatal("a lapsed offer was claimed")
		}
		next, _ := s.Enrollment(ctx, student(2), second.ID)
		if next.Status != domain.EnrollOffered {
			t.Fatalf("the next in line: %s", next.Status)
		}
		if claimed, err := s.Claim(ctx, student(2), second.ID, domain.PayDoor); err != nil || claimed.Status != domain.EnrollConfirmed {
			t.Fatalf("claim: %v %+v", err, claimed.Enrollment)
		}
		if last, _ := s.Enrollment(ctx, student(3), third.ID); last.Status != domain.EnrollWaitlisted || last.Position != 1 {
			t.Fatalf("the third waits, now first: %s %d", last.Status, last.Position)
		}
	})
}

// A card hold that is never paid ends after 30 minutes and its seat goes back.
func TestUnpaidHoldEnds(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		c := &clock{t: time.Date(2026, 2, 1, 18, 0, 0, 0, time.UTC)}
		s := newService(d, c)
		v := publish(t, s, c, 6000, 1, 1, 72*time.Hour)
		// No Stripe here: the hold is made by the store directly, as a card enrolment is.
		st := sqlstore.New(d)
		until := c.Now().Add(domain.HoldFor)
		e := domain.Enrollment{ID: domain.NewID(), ClassID: v.ID, StudentID: "payer", StudentName: "P", StudentEmail: "p@example.com",
			Kind: domain.KindSeries, Method: domain.PayCard, Role: domain.RoleEither, Seats: 1, Status: domain.EnrollPendingPayment,
			AmountCents: 6000, FeeCents: 600, Currency: "usd", HoldExpiresAt: &until, CreatedAt: c.Now(), UpdatedAt: c.Now()}
		if _, err := st.Enrol(ctx, &e, false, c.Now()); err != nil {
			t.Fatal(err)
		}
		c.Set(until)
		if n, _, err := s.Sweep(ctx); err != nil || n != 1 {
			t.Fatalf("sweep: %d %v", n, err)
		}
		if got, _ := s.PublicClass(ctx, nil, v.ID); got.SeatsLeft(c.Now()) != 1 {
			t.Fatal("the seat is not back")
		}
	})
}

// Reminders go out 24 hours before each session, once, from the database: a second
// sweep and a restarted service (a new instance on the same database) send none
// again, and a session moved later is reminded of at its new time. A cancelled
// enrolment is not reminded.
func TestRemindersAreDurable(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		c := &clock{t: time.Date(2026, 2, 1, 18, 0, 0, 0, time.UTC)}
		s := newService(d, c)
		v := publish(t, s, c, 0, 10, 2, 72*time.Hour)
		enrol(t, s, student(1), v.ID, domain.PayFree, false)
		gone := enrol(t, s, student(2), v.ID, domain.PayFree, false)
		if _, err := s.Cancel(ctx, student(2), gone.ID); err != nil {
			t.Fatal(err)
		}
		if _, sent, err := s.Sweep(ctx); err != nil || sent != 0 {
			t.Fatalf("three days ahead: %d %v", sent, err)
		}
		c.Set(v.Sessions[0].StartsAt.Add(-domain.RemindAhead))
		if _, sent, err := s.Sweep(ctx); err != nil || sent != 1 {
			t.Fatalf("a day ahead: %d %v", sent, err)
		}
		if _, sent, err := s.Sweep(ctx); err != nil || sent != 0 {
			t.Fatalf("swept again: %d %v", sent, err)
		}
		restarted := newService(d, c)
		if _, sent, err := restarted.Sweep(ctx); err != nil || sent != 0 {
			t.Fatalf("after a restart: %d %v", sent, err)
		}
		if m := mails(t, d, "Tomorrow: Steppin I"); len(m) != 1 || m[0] != student(1).Email {
			t.Fatalf("reminders: %v", m)
		}
		later := v.Sessions[0].StartsAt.Add(2 * time.Hour)
		if _, err := restarted.MoveSession(ctx, teacher, v.ID, v.Sessions[0].ID, later); err != nil {
			t.Fatal(err)
		}
		c.Set(later.Add(-domain.RemindAhead))
		if _, sent, err := restarted.Sweep(ctx); err != nil || sent != 1 {
			t.Fatalf("a moved session: %d %v", sent, err)
		}
	})
}

// A student who cancels inside the cutoff frees the seat without a refund; the
// class's cutoff decides, not the student.
func TestCancelAfterTheCutoffFreesTheSeatOnly(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		c := &clock{t: time.Date(2026, 2, 1, 18, 0, 0, 0, time.UTC)}
		s := newService(d, c)
		v := publish(t, s, c, 0, 1, 1, 72*time.Hour)
		e := enrol(t, s, student(1), v.ID, domain.PayFree, false)
		w := enrol(t, s, student(2), v.ID, domain.PayFree, true)
		c.Set(v.Sessions[0].StartsAt.Add(-time.Hour))
		got, err := s.Cancel(ctx, student(1), e.ID)
		if err != nil || got.Status != domain.EnrollCancelled || got.RefundedCents != 0 {
			t.Fatalf("late cancel: %v %+v", err, got.Enrollment)
		}
		if next, _ := s.Enrollment(ctx, student(2), w.ID); next.Status != domain.EnrollConfirmed {
			t.Fatalf("the line after a late cancel: %s", next.Status)
		}
	})
}
