package classes_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/classes/classestest"
)

// Two whole classes services on one PostgreSQL database sweep at once (their own
// loops and more rounds besides): a lapsed offer ends once and the seat is offered
// once to the next in line, with one letter; each reminder goes out once.
func TestTwoReplicasSweepEachJobOnce(t *testing.T) {
	dbURL := dbtest.PostgresURL(t)
	rs := []*classestest.Server{
		classestest.Start(t, classestest.Options{DatabaseURL: dbURL}),
		classestest.Start(t, classestest.Options{DatabaseURL: dbURL}),
	}
	d := rs[0].Instance.Deps.DB

	// A paid class of one seat with three in line; the seat's holder leaves and the
	// first in line is offered it, then lets the offer lapse.
	paid := rs[0].PublishedClass("Replica Basics", 2000, 1, 2)
	holder := classestest.StudentN(1)
	var held classesapi.Enrollment
	rs[0].Must(http.StatusCreated, "POST", "/api/enrollments", holder, map[string]any{"classId": paid.ID, "paymentMethod": "door"}).JSON(t, &held)
	line := make([]classesapi.Enrollment, 3)
	for i := range line {
		rs[i%2].Must(http.StatusCreated, "POST", "/api/enrollments", classestest.StudentN(10+i),
			map[string]any{"classId": paid.ID, "paymentMethod": "door", "waitlist": true}).JSON(t, &line[i])
	}
	rs[1].Must(http.StatusOK, "POST", "/api/enrollments/"+held.ID+"/cancel", holder, nil)
	if e := rs[0].Enrollment(classestest.StudentN(10), line[0].ID); e.Status != "OFFERED" {
		t.Fatalf("the first in line: %+v", e)
	}
	if _, err := d.Exec(`UPDATE enrollments SET hold_expires_at = $1 WHERE id = $2`, time.Now().Add(-time.Minute).UTC(), line[0].ID); err != nil {
		t.Fatal(err)
	}

	// A free class whose first session starts within the reminder window, three seated.
	free := rs[1].PublishedClass("Replica Reminders", 0, 5, 2)
	for i := range 3 {
		rs[i%2].Must(http.StatusCreated, "POST", "/api/enrollments", classestest.StudentN(20+i), map[string]any{"classId": free.ID, "paymentMethod": "free"})
	}
	soon := time.Now().Add(2 * time.Hour).UTC().Truncate(time.Second)
	if _, err := d.Exec(`UPDATE class_sessions SET starts_at = $1, ends_at = $2 WHERE id = $3`, soon, soon.Add(time.Hour), free.Sessions[0].ID); err != nil {
		t.Fatal(err)
	}

	// A free class of one seat with four in line, where room for two more appears.
	grown := rs[0].PublishedClass("Replica Growth", 0, 1, 2)
	rs[0].Must(http.StatusCreated, "POST", "/api/enrollments", classestest.StudentN(30), map[string]any{"classId": grown.ID, "paymentMethod": "free"})
	waiting := make([]classesapi.Enrollment, 4)
	for i := range waiting {
		rs[i%2].Must(http.StatusCreated, "POST", "/api/enrollments", classestest.StudentN(31+i),
			map[string]any{"classId": grown.ID, "paymentMethod": "free", "waitlist": true}).JSON(t, &waiting[i])
	}
	if _, err := d.Exec(`UPDATE class_sessions SET capacity = 3 WHERE class_id = $1`, grown.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(`UPDATE classes SET capacity = 3 WHERE id = $1`, grown.ID); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if _, _, err := rs[i%2].App().Sweep(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	want := []string{"EXPIRED", "OFFERED", "WAITLISTED"}
	for i, e := range line {
		if got := rs[i%2].Enrollment(classestest.StudentN(10+i), e.ID); got.Status != want[i] {
			t.Fatalf("in line %d: %s, want %s", i+1, got.Status, want[i])
		}
	}
	if got := rs[1].Class(paid.ID); got.SeatsLeft != 0 || got.WaitlistCount != 1 {
		t.Fatalf("paid class: %d seats left, %d in line", got.SeatsLeft, got.WaitlistCount)
	}
	if n := mails(t, rs[0], classestest.StudentN(11).Email, "A seat opened in Replica Basics"); n != 1 {
		t.Fatalf("the second in line was offered the seat %d times", n)
	}
	if n := mails(t, rs[0], classestest.StudentN(12).Email, "A seat opened in Replica Basics"); n != 0 {
		t.Fatalf("the third in line was offered it %d times", n)
	}
	want = []string{"CONFIRMED", "CONFIRMED", "WAITLISTED", "WAITLISTED"}
	for i, e := range waiting {
		if got := rs[i%2].Enrollment(classestest.StudentN(31+i), e.ID); got.Status != want[i] {
			t.Fatalf("in the grown class's line %d: %s, want %s", i+1, got.Status, want[i])
		}
		told := 0
		if i < 2 {
			told = 1
		}
		if n := mails(t, rs[0], classestest.StudentN(31+i).Email, "You're in: Replica Growth"); n != told {
			t.Fatalf("student %d in line told %d times they are in, want %d", i+1, n, told)
		}
	}
	var taken, seats int
	if err := d.QueryRow(`SELECT SUM(taken) FROM class_sessions WHERE class_id = $1`, grown.ID).Scan(&taken); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(`SELECT COUNT(*) FROM enrollment_seats es JOIN enrollments e ON e.id = es.enrollment_id
		WHERE e.class_id = $1 AND es.held = 1`, grown.ID).Scan(&seats); err != nil {
		t.Fatal(err)
	}
	if taken != 6 || seats != 6 {
		t.Fatalf("grown class: %d seats taken over its two sessions, %d held, want 6", taken, seats)
	}
	var reminders int
	if err := d.QueryRow(`SELECT COUNT(*) FROM reminders`).Scan(&reminders); err != nil || reminders != 3 {
		t.Fatalf("%d reminders recorded: %v", reminders, err)
	}
	for i := range 3 {
		if n := mails(t, rs[0], classestest.StudentN(20+i).Email, "Tomorrow: Replica Reminders"); n != 1 {
			t.Fatalf("student %d reminded %d times", i, n)
		}
	}
}

func mails(t *testing.T, s *classestest.Server, to, subject string) int {
	t.Helper()
	var n int
	if err := s.Instance.Deps.DB.QueryRow(`SELECT COUNT(*) FROM kit_outbox_mail WHERE to_addrs = $1 AND subject = $2`, to, subject).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
