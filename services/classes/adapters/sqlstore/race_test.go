package sqlstore_test

import (
	"errors"
	"sort"
	"sync"
	"testing"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/classes/adapters/sqlstore"
	"stepperslife/services/classes/domain"
)

// 100 students race for 3 seats of a series: exactly 3 are seated, in every session,
// and the other 97 stand in one line numbered 1 to 97 with no tie and no gap; without
// the waitlist the 97 are refused and nothing of theirs is stored.
func TestRacingStudentsNeverOverfill(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		for _, waitlist := range []bool{true, false} {
			c, _ := seedClass(t, s, 0, 3, 4, 0)
			const students = 100
			var wg sync.WaitGroup
			var mu sync.Mutex
			outcomes := map[string]int{}
			var seqs []int64
			for i := range students {
				wg.Add(1)
				go func() {
					defer wg.Done()
					e := enrolment(c, i, domain.RoleEither, 1)
					_, err := s.Enrol(ctx, e, waitlist, now)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case errors.Is(err, domain.ErrFull):
						outcomes["full"]++
					case err != nil:
						outcomes["error: "+err.Error()]++
					default:
						outcomes[string(e.Status)]++
						if e.Status == domain.EnrollWaitlisted {
							seqs = append(seqs, e.WaitSeq)
						}
					}
				}()
			}
			wg.Wait()
			want := map[string]int{"CONFIRMED": 3, "WAITLISTED": 97}
			if !waitlist {
				want = map[string]int{"CONFIRMED": 3, "full": 97}
			}
			if len(outcomes) != len(want) || outcomes["CONFIRMED"] != 3 || outcomes["WAITLISTED"] != want["WAITLISTED"] ||
				outcomes["full"] != want["full"] {
				t.Fatalf("waitlist %v: %v", waitlist, outcomes)
			}
			sort.Slice(seqs, func(i, j int) bool { return seqs[i] < seqs[j] })
			for i, q := range seqs {
				if q != int64(i+1) {
					t.Fatalf("line numbers %v", seqs)
				}
			}
			for i, n := range taken(t, s, c.ID) {
				if n != 3 {
					t.Fatalf("session %d seats %d", i+1, n)
				}
			}
			stored := dbtest.Strings(t, s.DB(), `SELECT id FROM enrollments WHERE class_id = $1`, c.ID)
			if len(stored) != 3+want["WAITLISTED"] {
				t.Fatalf("%d enrolments stored", len(stored))
			}
		}
	})
}

// Seated students cancel all at once while others try to enrol: every freed seat
// goes to the next in line exactly once, in line order, nobody is seated twice and
// no session ever holds more than its seats.
func TestRacingCancelsMoveTheLineInOrder(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		c, _ := seedClass(t, s, 0, 3, 3, 0)
		var seated, line []*domain.Enrollment
		for i := range 13 {
			e := enrolment(c, i, domain.RoleEither, 1)
			if _, err := s.Enrol(ctx, e, true, now); err != nil {
				t.Fatal(err)
			}
			if e.Status == domain.EnrollConfirmed {
				seated = append(seated, e)
			} else {
				line = append(line, e)
			}
		}
		if len(seated) != 3 || len(line) != 10 {
			t.Fatalf("%d seated, %d in line", len(seated), len(line))
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		promoted := map[string]int{}
		var failures []error
		for _, e := range seated {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, moved, err := s.Release(ctx, e.ID, []domain.EnrollmentStatus{domain.EnrollConfirmed}, domain.EnrollCancelled, 0, now)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					failures = append(failures, err)
				}
				for _, m := range moved {
					promoted[m.ID]++
				}
			}()
		}
		for i := 100; i < 110; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e := enrolment(c, i, domain.RoleEither, 1)
				_, err := s.Enrol(ctx, e, true, now)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					failures = append(failures, err)
				} else if e.Status != domain.EnrollWaitlisted {
					failures = append(failures, errors.New("a newcomer skipped the line: "+string(e.Status)))
				}
			}()
		}
		wg.Wait()
		if len(failures) > 0 {
			t.Fatal(failures)
		}
		if len(promoted) != 3 {
			t.Fatalf("promoted %v", promoted)
		}
		for i, e := range line[:3] {
			if promoted[e.ID] != 1 {
				t.Fatalf("position %d seated %d times: %v", i+1, promoted[e.ID], promoted)
			}
		}
		for i, n := range taken(t, s, c.ID) {
			if n != 3 {
				t.Fatalf("session %d seats %d", i+1, n)
			}
		}
		held := dbtest.Strings(t, s.DB(), `SELECT es.enrollment_id FROM enrollment_seats es JOIN enrollments e ON e.id = es.enrollment_id
			WHERE e.class_id = $1 AND es.held = 1`, c.ID)
		if len(held) != 9 {
			t.Fatalf("%d seats held, want 3 students × 3 sessions", len(held))
		}
		if pos, err := s.WaitlistPosition(ctx, c.ID, line[3].WaitSeq); err != nil || pos != 1 {
			t.Fatalf("the fourth in line is now first: %d %v", pos, err)
		}
	})
}
